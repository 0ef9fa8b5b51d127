"""Suspended means suspended: one check in front of every write on the platform."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone

from vielfalt.exchange.moderation.services import active_suspension

# What a suspended person may still do: look after their own account and their own inbox of
# notices (sign out, password, email, second factor, privacy consent, export or delete their
# data, email settings) and block someone. Everything else that writes is refused.
ALLOWED_WHILE_SUSPENDED = frozenset(
    {
        "accounts:data_export",
        "accounts:delete",
        "accounts:notifications",
        "notifications:mark_all_read",
        "notifications:open",
        "notifications:preferences",
        "notifications:unsubscribe",
        "pages:privacy_accept",
        "exchange:block",
    }
)
ALLOWED_PREFIXES = ("account_", "mfa_")  # allauth: login, logout, password, email, second factor
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def may_write_while_suspended(view_name: str) -> bool:
    return view_name in ALLOWED_WHILE_SUSPENDED or view_name.startswith(ALLOWED_PREFIXES)


class SuspensionMiddleware:
    """A suspended person reads but changes nothing: every request that is not safe (POST, PUT,
    PATCH, DELETE) answers 403 with the suspension's end and reason, before any view runs. The
    services of the exchange check it again (``access.check_can_post``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and may_write_while_suspended(match.view_name):
            return None
        suspension = active_suspension(request.user)
        if suspension is None:
            return None
        until = formats.date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")
        return render(request, "exchange/suspended.html", {"until": until, "reason": suspension.reason}, status=403)
