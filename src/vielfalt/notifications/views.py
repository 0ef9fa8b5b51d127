"""Notifications: the list, opening one, the email settings and the one-click unsubscribe link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.notifications import selectors, services
from vielfalt.notifications.forms import PreferencesForm
from vielfalt.notifications.models import Category


@login_required
@require_safe
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.notifications_for(user), selectors.LIST_PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    items = [(notification, selectors.text_of(notification)) for notification in page]
    context = {"page": page, "items": items, "unread": selectors.unread_count(user)}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def open_notification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET (the link in the list and in emails): mark read and go where it points, in the reader's
    language. POST (the button "Als gelesen markieren"): mark read and stay on the list."""
    # Only the person's own notifications are found: anyone else's is a 404, not a 403.
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.method == "POST":
        return redirect("notifications:list")
    return redirect(_localised(notification.url, request))


def _localised(url: str, request: HttpRequest) -> str:
    """``url`` (a path stored in the language it was made in) in the current language; anything that
    is not a path on this site goes to the list instead (no open redirect)."""
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return reverse("notifications:list")
    current = translation.get_language() or settings.LANGUAGE_CODE
    # translate_url resolves in the active language: resolve the path in the one it was made in.
    with translation.override(get_language_from_path(url) or settings.LANGUAGE_CODE):
        return translate_url(url, current)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_save(user=user, modes=form.modes())
            messages.success(request, _("Ihre Einstellungen für Benachrichtigungen sind gespeichert."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=services.chosen_modes(user))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "emails_off": not user.notify_activity},
        status=400 if form.errors else 200,
    )


# The signed token in the address is the authorisation here, not a session: the link works without
# logging in, and mail programs send the RFC 8058 one-click POST ("List-Unsubscribe=One-Click") with
# no cookie and no CSRF token. A forged request can do no more than the link's owner could, and only
# with a token we signed for them, so CSRF protection adds nothing and would break the one click.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners only look); POST turns the emails off."""
    try:
        if request.method == "POST":
            _person, categories = services.unsubscribe(token=token)
        else:
            _person, categories = services.unsubscribe_from_token(token)
    except ApplicationError as error:
        return render(request, "notifications/bad_link.html", {"message": error.message}, status=400)
    context = {
        "token": token,
        "done": request.method == "POST",
        "labels": [Category(c).label for c in categories],
    }
    return render(request, "notifications/unsubscribe.html", context)
