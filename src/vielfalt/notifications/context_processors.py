"""The unread counts in the navigation of signed-in people."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from vielfalt.accounts.models import User


class NavCounts:
    """Counted when the layout first asks (one query each), so a page that does not show the
    navigation (an htmx fragment, an email) costs nothing."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def notifications(self) -> int:
        from vielfalt.notifications.selectors import unread_count

        return unread_count(self.user)

    @cached_property
    def messages(self) -> int:
        from vielfalt.exchange.messages.selectors import unread_conversations_count

        return unread_conversations_count(self.user)


def nav_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}  # anonymous visitors: no query at all
    return {"nav_counts": NavCounts(user)}
