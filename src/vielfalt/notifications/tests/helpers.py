"""Shared helpers of the notification tests."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from vielfalt.accounts.models import User
from vielfalt.notifications import services
from vielfalt.notifications.models import Category, Notification


def tell(
    user: User,
    *,
    actor: User | None = None,
    category: str = Category.REPLY,
    verb: str = "thread.reply",
    subject: str = "Fördermittel 2027",
    url: str | None = None,
) -> Notification:
    """One notification for ``user`` through the real service (so emails go out as configured)."""
    with translation.override("de"):
        url = url or reverse("pages:contact")
    return services.notify(users=[user], category=category, verb=verb, url=url, actor=actor, subject=subject)[0]
