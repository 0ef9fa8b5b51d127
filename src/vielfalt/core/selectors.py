from __future__ import annotations

from django.db.models import QuerySet

from vielfalt.core.models import AuditEntry, OutgoingEmail


def audit_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")


def undeliverable_emails() -> QuerySet[OutgoingEmail]:
    """Emails the worker gave up on (the team's dashboard warns while there are any)."""
    return OutgoingEmail.objects.filter(state=OutgoingEmail.State.FAILED).order_by("-created_at", "-id")
