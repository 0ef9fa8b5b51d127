"""The request pages (``/<lang>/beratung/``), the organisation side's list, the composed case page and its
workflow forms (the team's, behind ``access.get_case_for_working``).

The workflow forms sit on the case page and post here; a refusal comes back as a message on the case
page (nothing is saved), a success as a confirmation, both at the page's workflow part.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.public_forms import public_form_response
from vielfalt.counselling import access, workflow
from vielfalt.counselling.cases import selectors, services
from vielfalt.counselling.cases.forms import (
    AssignForm,
    CaseForm,
    CloseForm,
    PublicRequestForm,
    RequestForm,
    public_request_input,
)
from vielfalt.counselling.models import Case, Way
from vielfalt.counselling.pages import case_url
from vielfalt.counselling.sections import CASE_SECTIONS

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)
_WAY_NAMES = dict(Way.choices)


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What the centre offers, and the request form: the member's when signed in, else the public one."""
    context: dict[str, Any] = {
        "topics": list(selectors.topic_choices()),
        "team": access.works_on_cases(request.user),
    }
    if not request.user.is_authenticated:

        def submit(data: dict[str, Any]) -> None:
            services.case_request_public(data=public_request_input(data), language=get_language() or "de")

        return public_form_response(
            request,
            form_class=PublicRequestForm,
            scope="counselling-request",
            submit=submit,
            template="counselling/cases/start.html",
            fragment="counselling/cases/_public_form.html",
            success_message=_(
                "Vielen Dank! Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie Ihre Anfrage mit dem Link darin."
            ),
            success_url=reverse("counselling:start"),
            context=context,
        )
    user = request.user
    assert not user.is_anonymous
    form = RequestForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_request(by=user, data=form.request_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Vielen Dank! Ihre Anfrage hat das Aktenzeichen %(reference)s. Wir melden uns bei Ihnen.")
                % {"reference": case.reference},
            )
            return redirect(case_url(case))
    return render(
        request,
        "counselling/cases/start.html",
        {**context, "form": form, "has_organisations": form.fields["organisation"].queryset.exists()},  # type: ignore[attr-defined]
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from a visitor's receipt: a GET asks (mail programs open links on their own), a POST confirms."""
    try:
        if request.method == "POST":
            case, confirmed = services.case_confirm(token=token)
            return render(
                request, "counselling/cases/confirm.html", {"case": case, "done": True, "confirmed_now": confirmed}
            )
        case = services.case_for_confirmation(token=token)
    except ApplicationError as error:
        return render(request, "counselling/cases/confirm.html", {"error": str(error)}, status=400)
    return render(request, "counselling/cases/confirm.html", {"case": case, "done": case.is_verified})


@login_required
@require_safe
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cases a person sees as the organisation side: their requests and their organisations' cases."""
    page = Paginator(selectors.cases_of_viewer(user=request.user), selectors.PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    return render(
        request,
        "counselling/cases/mine.html",
        {"page": page, "team": access.works_on_cases(request.user)},
    )


@login_required
@require_safe
def case_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The composed case page: the request, its facts, the workflow (the team) and every part's section."""
    case = access.get_case_for_viewing(request.user, reference)
    team = access.works_on_cases(request.user)
    context: dict[str, Any] = {
        "case": case,
        "team": team,
        "topic": case.topic.localized_name(),
        "languages": [str(_LANGUAGE_NAMES[code]) for code in case.languages if code in _LANGUAGE_NAMES],
        "ways": [str(_WAY_NAMES[way]) for way in case.ways if way in _WAY_NAMES],
        "sections": CASE_SECTIONS.render(request, case=case),
    }
    if team:
        services.case_read(case=case, by=request.user)
        context |= {
            "editable": case.anonymised_at is None,
            "moves": [(status, Case.Status(status).label) for status in workflow.button_moves(case)],
            "can_close": workflow.can_close(case),
            "can_assign": workflow.can_assign(case),
            "assign_form": AssignForm(),
            "close_form": CloseForm(initial={"result": case.result}),
        }
    return render(request, "counselling/cases/case.html", context)


def _back(request: HttpRequest, case: Case, error: ApplicationError | None, success: str) -> HttpResponseRedirect:
    if error is not None:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(case_url(case, "ablauf"))


@login_required
@require_POST
def case_assign(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Assign to me (``assignee=me``) or to a colleague chosen from the team."""
    case = access.get_case_for_working(request.user, reference)
    if request.POST.get("assignee") == "me":
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            return _back(request, case, ApplicationError(_("Bitte wählen Sie eine Person aus dem Team.")), "")
        assignee = form.cleaned_data["assignee"]
    try:
        services.case_assign(case=case, assignee=assignee, by=request.user)
    except ApplicationError as error:
        return _back(request, case, error, "")
    name = assignee.name or assignee.email
    return _back(request, case, None, _("Der Fall ist %(name)s zugewiesen.") % {"name": name})


@login_required
@require_POST
def case_move(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Move the case to another status; closing takes an outcome and a short result."""
    case = access.get_case_for_working(request.user, reference)
    to = str(request.POST.get("to", ""))[:30]
    outcome, result = "", ""
    if to == Case.Status.CLOSED:
        form = CloseForm(request.POST)
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            return _back(request, case, ApplicationError(first), "")
        outcome, result = form.cleaned_data["outcome"], form.cleaned_data["result"]
    try:
        services.case_move(case=case, to=to, by=request.user, outcome=outcome, result=result)
    except ApplicationError as error:
        return _back(request, case, error, "")
    return _back(
        request, case, None, _("Der Fall hat jetzt den Status „%(status)s“.") % {"status": Case.Status(to).label}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_edit(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    case = access.get_case_for_working(request.user, reference)
    if case.anonymised_at is not None:
        messages.error(request, _("Dieser Fall ist anonymisiert und kann nicht mehr geändert werden."))
        return redirect(case_url(case))
    form = CaseForm(request.POST if request.method == "POST" else None, initial=CaseForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, by=request.user, data=form.case_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Fall ist gespeichert."))
            return redirect(case_url(case))
    return render(request, "counselling/cases/edit.html", {"case": case, "form": form})
