"""Reads for the import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from vielfalt.organisations.models import ImportJob


def import_jobs_recent(*, limit: int = 10) -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").defer("rows").order_by("-created_at", "-pk")[:limit]
