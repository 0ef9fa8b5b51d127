"""Reads on notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.notifications import verbs
from vielfalt.notifications.models import Notification, Preference

LIST_PAGE_SIZE = 25


def notifications_for(user: User) -> QuerySet[Notification]:
    """``user``'s notifications, newest first (only their own: this is also the access check)."""
    return Notification.objects.filter(user=user).select_related("actor").order_by("-created_at", "-pk")


def unread_count(user: Viewer) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def text_of(notification: Notification) -> str:
    """The notification in the active language."""
    # A deleted account keeps no name: "Jemand" (someone) rather than an empty gap in the sentence.
    actor = (notification.actor.get_full_name() if notification.actor else "") or _("Jemand")
    return verbs.render(notification.verb, actor=actor, subject=notification.subject)


def personal_data_export(user: User) -> dict[str, Any]:
    return {
        "items": [
            {
                "text": text_of(n),
                "category": n.category,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read": n.read_at is not None,
                "emailed": n.emailed_at is not None,
            }
            for n in notifications_for(user)
        ],
        "email_preferences": dict(
            Preference.objects.filter(user=user).order_by("category").values_list("category", "mode")
        ),
    }
