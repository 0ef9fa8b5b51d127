"""The team's moderation (/<lang>/staff/moderation/): the queue of reports, one report with its
content in context, and a person's moderation page (warn, suspend, lift a suspension, history)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import query_without_page
from vielfalt.exchange.models import Report
from vielfalt.exchange.moderation import selectors as moderation_selectors
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.moderation.forms import QueueFilterForm, ReasonForm, SuspendForm, UnsuspendForm, WarnForm

QUEUE_PAGE = 30


@staff_required
@require_safe
def moderation_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    handled = form.is_valid() and form.cleaned_data["status"] == QueueFilterForm.HANDLED
    page = Paginator(moderation_selectors.reports_for_staff(handled=handled), QUEUE_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "exchange/moderation/queue.html",
        {
            "form": form,
            "handled": handled,
            "page": page,
            "rows": moderation_selectors.with_targets(page.object_list),
            "query_string": query_without_page(request),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One report: the content with what was written around it; hide/restore it or dismiss the report."""
    report = get_object_or_404(Report.objects.select_related("reporter", "group", "handled_by"), pk=pk)
    actor = request.user
    form = ReasonForm(request.POST or None, initial={"report": report.pk})
    if request.method == "POST" and form.is_valid():
        step = request.POST.get("step")
        reason = form.cleaned_data["reason"]
        try:
            if step == "dismiss":
                moderation.report_dismiss(actor=actor, report=report, reason=reason)
                messages.success(request, _("Die Meldung ist erledigt; der Inhalt bleibt sichtbar."))
            elif step in ("hide", "restore"):
                service = moderation.content_hide if step == "hide" else moderation.content_restore
                service(
                    actor=actor, target_type=report.target_type, target_id=report.target_id, reason=reason,
                    report=report,
                )  # fmt: skip
                messages.success(
                    request,
                    _("Der Inhalt ist ausgeblendet.") if step == "hide" else _("Der Inhalt ist wieder sichtbar."),
                )
            else:
                raise ApplicationError(_("Bitte wählen Sie einen Schritt."))
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            return redirect("staff:moderation")
    return render(
        request,
        "exchange/moderation/report_detail.html",
        {"context": moderation_selectors.report_context(report), "report": report, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _end_of_day(day: Any) -> datetime:
    """A suspension "until 3 May" ends when 3 May is over (local time)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def moderation_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A person as the moderation sees them: suspension, history; warn, suspend, lift a suspension."""
    person = get_object_or_404(User, pk=pk)
    actor = request.user
    step = request.POST.get("step") if request.method == "POST" else None
    warn_form = WarnForm(request.POST if step == "warn" else None, prefix="warn")
    suspend_form = SuspendForm(request.POST if step == "suspend" else None, prefix="suspend")
    unsuspend_form = UnsuspendForm(request.POST if step == "unsuspend" else None, prefix="unsuspend")
    if request.method == "POST":
        try:
            if step == "warn" and warn_form.is_valid():
                moderation.person_warn(actor=actor, user=person, reason=warn_form.cleaned_data["reason"])
                messages.success(request, _("Die Person ist verwarnt und benachrichtigt."))
                return redirect("staff:moderation_person", pk=person.pk)
            if step == "suspend" and suspend_form.is_valid():
                moderation.person_suspend(
                    actor=actor,
                    user=person,
                    until=_end_of_day(suspend_form.cleaned_data["until"]),
                    reason=suspend_form.cleaned_data["reason"],
                )
                messages.success(request, _("Die Person ist gesperrt und benachrichtigt."))
                return redirect("staff:moderation_person", pk=person.pk)
            if step == "unsuspend" and unsuspend_form.is_valid():
                moderation.person_unsuspend(actor=actor, user=person, reason=unsuspend_form.cleaned_data["reason"])
                messages.success(request, _("Die Sperre ist aufgehoben."))
                return redirect("staff:moderation_person", pk=person.pk)
        except ApplicationError as error:
            failed = {"warn": warn_form, "suspend": suspend_form, "unsuspend": unsuspend_form}.get(
                step or "", warn_form
            )
            add_service_error(failed, error)
    return render(
        request,
        "exchange/moderation/person.html",
        {
            "person": person,
            "history": moderation_selectors.person_moderation(person),
            "warn_form": warn_form,
            "suspend_form": suspend_form,
            "unsuspend_form": unsuspend_form,
        },
        status=400 if request.method == "POST" else 200,
    )
