"""Reads for the vocabulary pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from vielfalt.organisations.models import FieldOfAction, TargetGroup


def vocabulary_terms_with_usage(
    *, model: type[FieldOfAction] | type[TargetGroup]
) -> QuerySet[FieldOfAction] | QuerySet[TargetGroup]:
    return model.objects.annotate(usage=Count("organisation")).order_by("position", "name")
