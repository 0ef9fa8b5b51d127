"""Form posts that take effect once: a one-time token per rendered form.

A double click is caught by the browser; going Back to a page with a form and sending it again is
not: the browser posts the same form a second time, and a reply, message or registration would be
written twice. Forms that create something carry a random token (``{% form_once %}``); the view,
wrapped in ``once_per_form``, remembers for a day where the first successful post led (its
redirect) and sends a repeat there, with a note, instead of writing again. A post that failed (the
form came back with errors) does not use the token up, so correcting and sending again works.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

FIELD = "form_once"
_KEEP = 24 * 3600  # seconds a used token is remembered
_BUSY = 60  # seconds a post counts as in progress
_IN_PROGRESS = ""  # the token's entry while its first post is being written


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _key(request: HttpRequest, token: str) -> str:
    return f"form-once:{getattr(request.user, 'pk', None) or ''}:{token}"


def _back(request: HttpRequest) -> str:
    """Where a repeat goes while the first post is still being written: the page it came from."""
    referer: str = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return "/"


def once_per_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a form post with a token take effect once (see the module's docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > 64:
            return view(request, *args, **kwargs)
        # One key per token: "" while the first post is being written, then where it led. Claiming it
        # and keeping the answer are two cache writes; only a repeat reads it.
        key = _key(request, token)
        if not cache.add(key, _IN_PROGRESS, timeout=_BUSY):
            messages.info(request, _("Dieses Formular haben Sie schon gesendet. Es wurde nur einmal gespeichert."))
            return redirect(cache.get(key) or _back(request))
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(key)  # nothing was kept: the token stays usable
            raise
        if isinstance(response, HttpResponseRedirect):
            cache.set(key, response["Location"], timeout=_KEEP)
        else:  # the form came back with errors: the token stays usable
            cache.delete(key)
        return response

    return wrapper
