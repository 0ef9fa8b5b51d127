from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from vielfalt.accounts.access import note_second_factor, session_passed_second_factor


class SecondFactorMiddleware:
    """Notes on ``request.user`` whether this session passed the second factor, so that
    ``acts_with_staff_rights(user)`` can decide without the request (the access functions of the
    apps take the user only). Runs after ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            note_second_factor(request.user, passed=session_passed_second_factor(request))
        return self.get_response(request)
