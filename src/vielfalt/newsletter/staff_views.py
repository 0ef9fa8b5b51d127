"""The team's newsletter pages (``/<lang>/staff/newsletter/``): issues, composing, preview, test, sending."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.translated import current_language, text_direction
from vielfalt.newsletter import access, rendering, selectors, services
from vielfalt.newsletter.forms import IssueForm, SendTestForm
from vielfalt.newsletter.models import Issue

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@staff_required
@require_safe
def issues(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.issues_for_staff(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "newsletter/staff/issues.html",
        {"page": page, "subscriptions": selectors.subscription_counts()},
    )


def _issue_form_page(request: AuthenticatedHttpRequest, form: IssueForm, issue: Issue | None) -> HttpResponse:
    return render(
        request,
        "newsletter/staff/issue_form.html",
        {"form": form, "issue": issue},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(data=form.issue_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Ausgabe ist als Entwurf gespeichert."))
            return redirect("staff:newsletter_issue", pk=issue.pk)
    return _issue_form_page(request, form, None)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.get_issue_for_staff(pk)
    if not issue.is_draft:
        messages.error(request, _("Diese Ausgabe ist schon versendet. Sie kann nicht mehr geändert werden."))
        return redirect("staff:newsletter_issue", pk=issue.pk)
    form = IssueForm(request.POST if request.method == "POST" else None, issue=issue)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_update(issue=issue, data=form.issue_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Ausgabe ist gespeichert."))
            return redirect("staff:newsletter_issue", pk=issue.pk)
    return _issue_form_page(request, form, issue)


@staff_required
@require_safe
def issue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.get_issue_for_staff(pk)
    context = {
        "issue": issue,
        "items": selectors.issue_items(issue),
        "languages": _languages(),
        "test_form": SendTestForm(initial={"language": request.user.preferred_language or current_language()}),
    }
    if issue.is_draft:
        context["recipients"] = selectors.recipients_of(issue).count()
    else:
        context["counts"] = selectors.delivery_counts(issue)
        context["problems"] = selectors.problem_deliveries(issue)
    return render(request, "newsletter/staff/issue.html", context)


def _languages() -> list[tuple[str, str]]:
    return [(code, str(get_language_info(code)["name_translated"])) for code in LANGUAGE_CODES]


@staff_required
@require_safe
def issue_preview(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    """The email as a recipient in ``language`` would get it (links to settings lead to the subscribe page)."""
    if language not in LANGUAGE_CODES:
        raise Http404
    issue = access.get_issue_for_staff(pk)
    subscribe_url = rendering.subscribe_url(language)
    items = selectors.issue_items(issue)
    message = rendering.render_issue(
        issue, items, language=language, manage_url=subscribe_url, unsubscribe_url=subscribe_url
    )
    # The content as the recipient reads it: rendered in their language inside the team's page.
    with translation.override(language):
        body = render_to_string("newsletter/includes/issue_content.html", {"issue": issue, "items": items})
    return render(
        request,
        "newsletter/staff/preview.html",
        {
            "issue": issue,
            "message": message,
            "body": mark_safe(body),  # noqa: S308 - rendered by our template with autoescaping
            "language": language,
            "direction": text_direction(language),
            "languages": _languages(),
        },
    )


@staff_required
@require_POST
def issue_send_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.get_issue_for_staff(pk)
    form = SendTestForm(request.POST)
    if form.is_valid():
        services.issue_send_test(issue=issue, to=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Die Test-E-Mail geht an %(email)s.") % {"email": request.user.email})
    else:
        messages.error(request, _("Bitte wählen Sie eine der angebotenen Sprachen."))
    return redirect("staff:newsletter_issue", pk=issue.pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.get_issue_for_staff(pk)
    error = ""
    if request.method == "POST":
        try:
            recipients = services.issue_send(issue=issue, by=request.user)
        except ApplicationError as refusal:
            error = str(refusal.message)
        else:
            messages.success(
                request,
                _("Die Ausgabe wird jetzt an %(count)s Empfängerinnen und Empfänger versendet.")
                % {"count": recipients},
            )
            return redirect("staff:newsletter_issue", pk=issue.pk)
    elif not issue.is_draft:
        error = _("Diese Ausgabe ist schon versendet. Sie kann nicht mehr geändert werden.")
    return render(
        request,
        "newsletter/staff/send.html",
        {
            "issue": issue,
            "error": error,
            "recipients": selectors.recipients_of(issue).count() if issue.is_draft else issue.recipients,
        },
        status=400 if error else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.get_issue_for_staff(pk)
    error = ""
    if request.method == "POST":
        try:
            services.issue_delete(issue=issue, by=request.user)
        except ApplicationError as refusal:
            error = str(refusal.message)
        else:
            messages.success(request, _("Der Entwurf ist gelöscht."))
            return redirect("staff:newsletter_issues")
    elif not issue.is_draft:
        error = _("Diese Ausgabe ist schon versendet. Sie kann nicht mehr geändert werden.")
    return render(
        request, "newsletter/staff/delete.html", {"issue": issue, "error": error}, status=400 if error else 200
    )
