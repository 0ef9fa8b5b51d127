from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from vielfalt.accounts.access import staff_mfa_redirect


class StaffMFAMiddleware:
    """Keeps staff without MFA out of Django's admin too (our own staff views use ``staff_required``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespace == "admin" and request.user.is_authenticated:
            return staff_mfa_redirect(request)
        return None
