from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.core.lib.public_forms import public_form_response
from vielfalt.pages import selectors, services
from vielfalt.pages.forms import AccessibilityFeedbackForm, ContactForm
from vielfalt.pages.models import LegalDocument


def _submitter(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    def submit(data: dict[str, Any]) -> None:
        services.accessibility_feedback_submit(
            name=data["name"],
            email=data["email"],
            page_url=data["page_url"],
            message=data["message"],
            user=_submitter(request),
        )

    return public_form_response(
        request,
        form_class=AccessibilityFeedbackForm,
        scope="accessibility-feedback",
        template="pages/accessibility.html",
        fragment="pages/includes/feedback_form.html",
        submit=submit,
        success_message=_("Vielen Dank! Ihre Rückmeldung ist bei uns angekommen."),
        success_url=request.path,
        initial={"page_url": request.GET.get("page", "")[:500]},
        context=_accessibility_context(request),
    )


def _accessibility_context(request: HttpRequest) -> dict[str, Any]:
    """The current statement and where to write besides the form: email and postal address from the Impressum."""
    document = selectors.legal_document_current(kind=LegalDocument.Kind.ACCESSIBILITY)
    imprint = selectors.legal_document_current(kind=LegalDocument.Kind.IMPRINT)
    details = {detail.key: detail.value for detail in imprint.imprint_details()} if imprint else {}
    return {
        "document": document,
        "body": document.localized_body() if document else "",
        "contact": {key: details.get(key, "") for key in ("provider", "address", "email")},
        "staff_view": acts_with_staff_rights(request.user),
    }


@require_http_methods(["GET", "HEAD", "POST"])
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
    return public_form_response(
        request,
        form_class=ContactForm,
        scope="contact",
        template="pages/contact.html",
        fragment="pages/includes/contact_form.html",
        submit=submit,
        success_message=_("Vielen Dank! Wir antworten Ihnen so bald wie möglich."),
        success_url=request.path,
        initial=initial,
    )


@require_safe
def easy_language(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/easy_language.html", {"dgs_video_url": settings.DGS_VIDEO_URL})


def _legal_page(request: HttpRequest, kind: str, template: str, **context: Any) -> HttpResponse:
    document = selectors.legal_document_current(kind=kind)
    if document is None:
        raise Http404
    return render(request, template, {"document": document, "body": document.localized_body(), **context})


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    # Required details that are still empty are named to the team only (``staff_view``), never to visitors.
    return _legal_page(
        request, LegalDocument.Kind.IMPRINT, "pages/imprint.html", staff_view=acts_with_staff_rights(request.user)
    )


@require_safe
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
        next_url = reverse("portal:home")
    return redirect(next_url)
