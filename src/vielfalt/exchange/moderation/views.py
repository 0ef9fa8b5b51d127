"""Reporting content, hiding and restoring it, and a group's open reports for its moderators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vielfalt.accounts.access import acts_with_staff_rights, staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.exchange import access
from vielfalt.exchange.models import Report
from vielfalt.exchange.moderation import selectors as moderation_selectors
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.moderation.forms import DismissForm, ReasonForm, ReportForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: AuthenticatedHttpRequest, target: str, pk: int) -> HttpResponse:
    """Report a post, message or board entry one can see (404 for anything else)."""
    user = request.user
    content = moderation.reportable_target(user, target, pk)
    if content is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(
                reporter=user, target_type=target, target_id=pk, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error.message))
        else:
            messages.success(request, _("Danke für Ihre Meldung. Die Moderation sieht sie sich an."))
            return redirect(content.url)
    return render(
        request,
        "exchange/moderation/report.html",
        {"form": form, "content": content},
        status=400 if request.method == "POST" else 200,
    )


def _moderatable(request: HttpRequest, target_type: str, pk: int) -> moderation.Target:
    """The content if ``request.user`` may moderate it: 404 if they may not see it, 403 if only see it."""
    content = moderation.load_target(target_type, pk)
    if content is None:
        raise Http404
    user = request.user
    if moderation.can_moderate_target(user, content):
        return content
    if moderation.can_see_target(user, content):
        raise PermissionDenied
    raise Http404


def _report_param(request: HttpRequest) -> Report | None:
    """The report a moderation step answers (the service checks it is about the same content)."""
    raw = request.POST.get("report") or request.GET.get("report")
    if not raw or not str(raw).isdigit():
        return None
    return Report.objects.select_related("group").filter(pk=int(raw)).first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderate(request: AuthenticatedHttpRequest, target: str, pk: int) -> HttpResponse:
    """Hide (or restore hidden) content, with a reason: staff everything, group moderators their group's
    posts and threads."""
    if target not in moderation.TARGET_TYPES:
        raise Http404
    content = _moderatable(request, target, pk)
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    user = request.user
    linked_report = _report_param(request)
    form = ReasonForm(request.POST or None, initial={"report": linked_report.pk if linked_report else None})
    if request.method == "POST" and form.is_valid():
        step = moderation.content_restore if content.is_hidden else moderation.content_hide
        try:
            step(actor=user, target_type=target, target_id=pk, reason=form.cleaned_data["reason"], report=linked_report)
        except ApplicationError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error.message))
        else:
            if content.is_hidden:
                messages.success(request, _("Der Inhalt ist wieder sichtbar."))
            else:
                messages.success(
                    request, _("Der Inhalt ist ausgeblendet. Die Person, die ihn geschrieben hat, ist informiert.")
                )
            if linked_report is not None and acts_with_staff_rights(user):
                return redirect("staff:moderation")
            if linked_report is not None and linked_report.group is not None:
                return redirect("exchange:group_reports", slug=linked_report.group.slug)
            if content.type == "message":
                return redirect("staff:moderation")
            return redirect(content.url)
    return render(
        request,
        "exchange/moderation/moderate.html",
        {"form": form, "content": content, "report": linked_report},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_reports(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The open reports of a group, for its moderators (and staff): hide the content or dismiss."""
    group = access.get_group_for_user(request.user, slug)
    if not access.can_moderate_group(request.user, group):
        if access.can_read_group(request.user, group):
            raise PermissionDenied
        raise Http404
    user = request.user
    failed: DismissForm | None = None
    if request.method == "POST":
        failed = DismissForm(request.POST, auto_id=f"dismiss-{request.POST.get('report', '')}-%s")
        if failed.is_valid():
            found = Report.objects.filter(pk=failed.cleaned_data["report"], group=group).first()
            if found is None:
                raise Http404
            try:
                moderation.report_dismiss(actor=user, report=found, reason=failed.cleaned_data["reason"])
            except ApplicationError as error:
                failed.add_error(None, str(error.message))
            else:
                messages.success(request, _("Die Meldung ist erledigt; der Inhalt bleibt sichtbar."))
                return redirect("exchange:group_reports", slug=group.slug)
    items = []
    for row in moderation_selectors.with_targets(moderation_selectors.open_reports_of_group(group)):
        pk = row.report.pk
        if failed is not None and str(failed.data.get("report")) == str(pk):
            form = failed
        else:
            form = DismissForm(initial={"report": pk}, auto_id=f"dismiss-{pk}-%s")
        items.append((row, form))
    return render(
        request,
        "exchange/moderation/group_reports.html",
        {"group": group, "items": items},
        status=400 if failed is not None else 200,
    )
