from __future__ import annotations

from django.db.models import QuerySet

from vielfalt.regions.models import District, Municipality


def district_list() -> QuerySet[District]:
    """Districts without their outlines (the heavy part), for choices and filters."""
    return District.objects.defer("outline").order_by("name", "ags")


def municipality_list(*, district: District | None = None) -> QuerySet[Municipality]:
    queryset = Municipality.objects.select_related("district").defer("district__outline")
    if district is not None:
        queryset = queryset.filter(district=district)
    return queryset.order_by("name", "ags")
