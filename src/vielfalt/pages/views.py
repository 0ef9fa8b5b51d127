from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vielfalt.core.lib.http import is_htmx
from vielfalt.core.lib.ratelimit import is_limited
from vielfalt.pages import selectors, services
from vielfalt.pages.forms import AccessibilityFeedbackForm, ContactForm
from vielfalt.pages.models import LegalDocument


def _submitter(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _public_form(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    scope: str,
    template: str,
    fragment: str,
    submit: Any,
    success_message: str,
    initial: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; POST checks rate limit and honeypot, then stores through ``submit``."""
    status = 200
    sent = False
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
            if not getattr(form, "is_spam", False):
                submit(form.cleaned_data)
            if not is_htmx(request):
                messages.success(request, success_message)
                return redirect(request.path)
            sent = True
            form = form_class(initial=initial)
        else:
            status = 400 if is_htmx(request) else 200
    else:
        form = form_class(initial=initial)
    ctx = {"form": form, "sent": sent, "success_message": success_message, **(context or {})}
    if is_htmx(request):
        # htmx swaps only the form; status 200 so that it swaps error states too.
        return render(request, fragment, ctx, status=200 if status == 400 else status)
    return render(request, template, ctx, status=status)


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    def submit(data: dict[str, Any]) -> None:
        services.accessibility_feedback_submit(
            name=data["name"],
            email=data["email"],
            page_url=data["page_url"],
            message=data["message"],
            user=_submitter(request),
        )

    return _public_form(
        request,
        form_class=AccessibilityFeedbackForm,
        scope="accessibility-feedback",
        template="pages/accessibility.html",
        fragment="pages/includes/feedback_form.html",
        submit=submit,
        success_message=_("Vielen Dank! Ihre Rückmeldung ist bei uns angekommen."),
        initial={"page_url": request.GET.get("page", "")[:500]},
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    def submit(data: dict[str, Any]) -> None:
        services.contact_message_submit(
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            user=_submitter(request),
        )

    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.name, "email": request.user.email}
    return _public_form(
        request,
        form_class=ContactForm,
        scope="contact",
        template="pages/contact.html",
        fragment="pages/includes/contact_form.html",
        submit=submit,
        success_message=_("Vielen Dank! Wir antworten Ihnen so bald wie möglich."),
        initial=initial,
    )


@require_GET
def easy_language(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/easy_language.html")


def _legal_page(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    document = selectors.legal_document_current(kind=kind)
    if document is None:
        raise Http404
    return render(request, template, {"document": document, "body": document.localized_body()})


@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, LegalDocument.Kind.IMPRINT, "pages/imprint.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, LegalDocument.Kind.PRIVACY, "pages/privacy.html")


@login_required
@require_POST
def privacy_accept(request: HttpRequest) -> HttpResponse:
    """Accept the current version of the privacy notice (the banner in the layout posts here)."""
    document = selectors.privacy_consent_pending(user=request.user)  # type: ignore[arg-type]
    if document is not None:
        services.consent_record(user=request.user, document=document)  # type: ignore[arg-type]
        messages.success(request, _("Danke, Ihre Zustimmung ist gespeichert."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    return redirect(next_url)
