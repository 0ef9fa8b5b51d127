"""Core writes happen through ``core.lib`` (audit, emails); here: the audit log's part in personal data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from vielfalt.core.models import AuditEntry


def personal_data_export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """What the person did that the audit log records (actions, not other people's data)."""
    return [
        {"created_at": entry.created_at.isoformat(), "action": entry.action, "object": entry.target_type}
        for entry in AuditEntry.objects.filter(actor_id=user.pk).order_by("created_at")
    ]


def personal_data_erase(user: AbstractBaseUser) -> None:
    # Entries stay: they document changes to other objects. They point at the anonymised account,
    # which no longer carries a name, and their labels never held one.
    return None
