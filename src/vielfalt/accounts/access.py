"""Who may do what, platform-wide. Each app has its own ``access.py`` for its objects.

Staff rights need the role *and* a second factor passed in the current session: a password alone
(or a session that skipped the TOTP step) never acts as the team. ``acts_with_staff_rights`` is the
one place that decides it; every access function of every app asks it, never the role alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vielfalt.accounts.models import Role, User
from vielfalt.accounts.types import Viewer

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


# Set on ``request.user`` for each request (``SecondFactorMiddleware``): did this session pass
# the second factor? A user object loaded any other way does not carry it and has no staff rights.
SECOND_FACTOR_PASSED = "_vielfalt_second_factor_passed"


def is_staff_member(user: Viewer) -> bool:
    """The role only: who *belongs* to the team (lists, the last-staff rule). Never enough to act as
    the team; access decisions use ``acts_with_staff_rights``."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


def session_passed_second_factor(request: HttpRequest) -> bool:
    """allauth records each authentication step in the session; ``mfa`` is the TOTP (or a recovery
    code) entered at login, on re-authentication, or when the authenticator was set up."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def note_second_factor(user: Viewer, *, passed: bool) -> None:
    setattr(user, SECOND_FACTOR_PASSED, passed)


def acts_with_staff_rights(user: Viewer) -> bool:
    """The team's rights: the staff role and the second factor passed in this session."""
    return is_staff_member(user) and getattr(user, SECOND_FACTOR_PASSED, False) is True


def is_ministry_viewer(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MINISTRY)


def is_municipal_actor(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MUNICIPAL)


def can_view_reports(user: Viewer) -> bool:
    """Aggregated figures without personal data: staff and the ministry."""
    return acts_with_staff_rights(user) or is_ministry_viewer(user)


def has_mfa(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def staff_mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Staff must set up two-factor authentication, and pass it in this session, before they reach
    any staff page: without an authenticator to its set-up, with one to entering the code."""
    user = cast(User, request.user)
    if not is_staff_member(user) or acts_with_staff_rights(user):
        return None
    if not has_mfa(user):
        messages.warning(
            request,
            _(
                "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung ein. Erst dann können Sie Verwaltungsseiten öffnen."
            ),
        )
        return redirect("mfa_activate_totp")
    messages.warning(request, _("Bitte bestätigen Sie Ihre Anmeldung mit dem Code aus Ihrer Authentifizierungs-App."))
    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")


def staff_required(view: ViewFunc) -> ViewFunc:
    """Only the centre's team, with the second factor passed in this session (else: to its set-up or
    to entering the code). Others: login (anonymous) or 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if is_ministry_viewer(request.user):
            # The ministry reads, it does not administer: show its figures instead of a 403 (the
            # dashboard of the reports app, a higher app: named, not imported).
            return redirect("reports:dashboard")
        if not is_staff_member(request.user):
            raise PermissionDenied
        if (response := staff_mfa_redirect(request)) is not None:
            return response
        return view(request, *args, **kwargs)

    wrapper.staff_only = True  # type: ignore[attr-defined]
    return cast(ViewFunc, wrapper)
