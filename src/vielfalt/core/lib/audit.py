"""The audit log: services record who changed what (PRODUCT.md, "Security")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

#: Who did it: a person, or ``None`` for the system (an anonymous visitor is recorded as ``None``).
#: ``core`` sits below accounts, so this names Django's base user, not ``accounts.User``.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"


def audit_record(*, actor: Actor, action: str, target: models.Model, data: dict[str, Any] | None = None) -> None:
    """Record ``action`` by ``actor`` (a user or None for the system) on ``target``.

    Call it inside the service's transaction, so the entry exists exactly when the change does.
    Keep personal data out of ``data``: the log outlives accounts.
    """
    from django.conf import settings

    from vielfalt.core.models import AuditEntry

    label = str(target)
    if target._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        label = f"#{target.pk}"  # a person's name or email would outlive their account here
    AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=label[:200],
        data=data or {},
    )
