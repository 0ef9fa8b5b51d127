"""Reads for the team's directory pages: queues and lists shaped for one page, no N+1."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import ClaimRequest, Membership, Organisation


def _with_places(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return organisations.select_related("district", "municipality").defer("district__outline", "search_text")


def organisation_list_for_staff(*, status: str = "", query: str = "") -> QuerySet[Organisation]:
    """Every organisation, whatever its status; filtered by status and by (short) name."""
    organisations = Organisation.objects.all()
    if status:
        organisations = organisations.filter(status=status)
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return _with_places(organisations).order_by("name", "pk")


def organisation_verification_queue() -> QuerySet[Organisation]:
    """Profiles waiting for the team, oldest first, with the people who registered them."""
    admins = Membership.objects.filter(role=Membership.Role.ADMIN).select_related("user")
    return (
        _with_places(Organisation.objects.filter(status=Organisation.Status.PENDING))
        .prefetch_related("fields_of_action", Prefetch("memberships", queryset=admins, to_attr="admins"))
        .annotate(open_claims=Count("claims", filter=Q(claims__status=ClaimRequest.Status.OPEN)))
        .order_by("created_at", "pk")
    )


def organisation_for_staff(*, pk: int) -> Organisation | None:
    return (
        _with_places(Organisation.objects.filter(pk=pk))
        .prefetch_related(
            "fields_of_action",
            Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("role", "pk")),
        )
        .first()
    )


def organisation_history(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    """Every recorded change of a profile (who, when, what), newest first."""
    return AuditEntry.objects.filter(
        target_type=Organisation._meta.label_lower, target_id=str(organisation.pk)
    ).select_related("actor")


def claim_requests_open() -> QuerySet[ClaimRequest]:
    return (
        ClaimRequest.objects.filter(status=ClaimRequest.Status.OPEN)
        .select_related("user", "organisation__municipality")
        .order_by("created_at", "pk")
    )


def claim_requests_decided(*, limit: int = 20) -> QuerySet[ClaimRequest]:
    return (
        ClaimRequest.objects.exclude(status=ClaimRequest.Status.OPEN)
        .select_related("user", "organisation")
        .order_by("-decided_at", "-pk")[:limit]
    )
