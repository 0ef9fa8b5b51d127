from __future__ import annotations

from django.db.models import QuerySet

from vielfalt.core.models import AuditEntry


def audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")
