"""The one way Vielfalt handles a form anyone may send (feedback, contact, writing to an organisation).

GET shows the form; POST checks the per-visitor rate limit, validates, ignores honeypot submissions
(they look successful to the bot), stores through ``submit`` and answers like a normal form (redirect
with a message) — or, when htmx sent it, with only the form fragment so it is swapped in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import is_htmx
from vielfalt.core.lib.ratelimit import is_limited


def public_form_response(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    scope: str,
    submit: Callable[[dict[str, Any]], None],
    template: str,
    fragment: str,
    success_message: str,
    success_url: str,
    initial: dict[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    status, sent = 200, False
    if request.method == "POST":
        form = form_class(request.POST)
        if is_limited(request, scope=scope, rate=settings.PUBLIC_FORM_RATE):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Sie haben in kurzer Zeit sehr viele Nachrichten gesendet. Bitte versuchen Sie es später noch einmal."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                if not getattr(form, "is_spam", False):
                    submit(form.cleaned_data)
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if not is_htmx(request):
                    messages.success(request, success_message)
                    return redirect(success_url)
                sent = True
                form = form_class(initial=initial)
    else:
        form = form_class(initial=initial)
    ctx = {"form": form, "sent": sent, "success_message": success_message, **(context or {})}
    if is_htmx(request):
        # htmx swaps only 2xx answers: the fragment (errors included) always comes with 200.
        return render(request, fragment, ctx)
    return render(request, template, ctx, status=status)
