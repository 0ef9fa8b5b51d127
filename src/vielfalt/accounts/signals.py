"""Reactions to allauth's MFA events."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from vielfalt.accounts.types import Viewer


def record_second_factor_on_activation(
    sender: Any, request: HttpRequest | None, user: Viewer, authenticator: Authenticator, **kwargs: Any
) -> None:
    """Setting up TOTP means entering a valid code from the new authenticator: the session has just
    passed the second factor (as allauth records it at login), so staff go on without signing in
    again."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)
