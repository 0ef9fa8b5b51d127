"""Who may do what, platform-wide. Each app has its own ``access.py`` for its objects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from vielfalt.accounts.models import Role, User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def is_staff_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


def is_ministry_viewer(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MINISTRY)


def is_municipal_actor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MUNICIPAL)


def can_view_reports(user: Any) -> bool:
    """Aggregated figures without personal data: staff and the ministry."""
    return is_staff_member(user) or is_ministry_viewer(user)


def has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Staff must set up two-factor authentication before they reach any staff page."""
    user = cast(User, request.user)
    if is_staff_member(user) and not has_mfa(user):
        messages.warning(
            request,
            _(
                "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung ein. Erst dann können Sie Verwaltungsseiten öffnen."
            ),
        )
        return redirect("mfa_activate_totp")
    return None


def staff_required(view: ViewFunc) -> ViewFunc:
    """Only the centre's team, and only with MFA set up. Others: login (anonymous) or 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if is_ministry_viewer(request.user):
            # The ministry reads, it does not administer: show what it can do instead of a 403.
            return redirect("accounts:ministry")
        if not is_staff_member(request.user):
            raise PermissionDenied
        if (response := staff_mfa_redirect(request)) is not None:
            return response
        return view(request, *args, **kwargs)

    wrapper.staff_only = True  # type: ignore[attr-defined]
    return cast(ViewFunc, wrapper)
