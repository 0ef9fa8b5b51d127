"""Pages of the milestones part. The case page shows the milestones with the form to add one (``sections``);
the forms post here. A valid change goes back to the case page; an invalid one or a refusal is shown on a
page of its own with the message (status 400), so nothing depends on JavaScript. The timeline is a page
for whoever may see the case (the organisation side without what is only for the team).

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.counselling import access
from vielfalt.counselling.milestones import selectors, services
from vielfalt.counselling.milestones.forms import MilestoneForm
from vielfalt.counselling.milestones.sections import ANCHOR
from vielfalt.counselling.models import Case, Milestone
from vielfalt.counselling.pages import case_form_page, case_url


def _milestone(case: Case, pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("case"), pk=pk, case=case)


def _form_page(
    request: HttpRequest, case: Case, form: MilestoneForm, milestone: Milestone | None = None
) -> HttpResponse:
    closed = _("Der Fall ist abgeschlossen: Meilensteine lassen sich erst wieder ändern, wenn er wieder geöffnet wird.")
    return case_form_page(
        request,
        case,
        form,
        heading=_("Meilenstein ändern") if milestone else _("Meilenstein anlegen"),
        save_label=_("Meilenstein speichern"),
        back=case_url(case, ANCHOR),
        locked=closed if not case.is_open and not form.is_bound else "",
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_add(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = access.get_case_for_working(request.user, reference)
    form = MilestoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_create(case=case, by=request.user, data=form.milestone_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Meilenstein „%(title)s“ ist angelegt.") % {"title": milestone.title})
            return redirect(case_url(case, ANCHOR))
    return _form_page(request, case, form)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_edit(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = access.get_case_for_working(request.user, reference)
    milestone = _milestone(case, pk)
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                services.milestone_update(milestone=milestone, by=request.user, data=form.milestone_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Der Meilenstein ist geändert."))
                return redirect(case_url(case, ANCHOR))
    else:
        form = MilestoneForm(initial=MilestoneForm.initial_for(milestone))
    return _form_page(request, case, form, milestone)


def _refused(request: HttpRequest, case: Case, milestone: Milestone, error: str, *, deleting: bool) -> HttpResponse:
    return render(
        request,
        "counselling/milestones/milestone_delete.html",
        {"case": case, "milestone": milestone, "error": error, "back": case_url(case, ANCHOR), "deleting": deleting},
        status=400 if error else 200,
    )


@never_cache
@login_required
@require_POST
def milestone_done(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    """Mark reached (``done=1``) or open again (``done=0``): one button in the section."""
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = access.get_case_for_working(request.user, reference)
    milestone = _milestone(case, pk)
    done = request.POST.get("done", "1") != "0"
    try:
        services.milestone_set_done(milestone=milestone, by=request.user, done=done)
    except ApplicationError as error:
        return _refused(request, case, milestone, str(error), deleting=False)
    if done:
        messages.success(request, _("Der Meilenstein „%(title)s“ ist erreicht.") % {"title": milestone.title})
    else:
        messages.success(request, _("Der Meilenstein „%(title)s“ ist wieder offen.") % {"title": milestone.title})
    return redirect(case_url(case, ANCHOR))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_delete(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = access.get_case_for_working(request.user, reference)
    milestone = _milestone(case, pk)
    if request.method == "POST":
        try:
            services.milestone_delete(milestone=milestone, by=request.user)
        except ApplicationError as error:
            return _refused(request, case, milestone, str(error), deleting=True)
        messages.success(request, _("Der Meilenstein ist gelöscht."))
        return redirect(case_url(case, ANCHOR))
    return _refused(request, case, milestone, "", deleting=True)


@never_cache
@login_required
@require_safe
def timeline(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = access.get_case_for_viewing(request.user, reference)
    team = access.works_on_cases(request.user)
    return render(
        request,
        "counselling/milestones/timeline.html",
        {
            "case": case,
            "team": team,
            "entries": selectors.case_timeline(case, team=team),
            "back": reverse("counselling:case", args=[case.reference]),
        },
    )
