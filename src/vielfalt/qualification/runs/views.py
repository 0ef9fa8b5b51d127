"""Course runs for their organisers (a new run, its dates, attendance, closing, the team's correction),
a Träger's dashboard and its Lotsen, and "Meine Qualifizierung".

Every view: parse the input, ask ``access``, call one service or selector, render. Organisers are the
team (with MFA) and the admins of the organising organisation (``events.access``); a Träger's pages are
for its coordinators and the team (``qualification.access``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from vielfalt.accounts.access import acts_with_staff_rights, staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.events import access as event_access
from vielfalt.events.models import Registration
from vielfalt.organisations.models import Organisation
from vielfalt.qualification import access
from vielfalt.qualification.models import CourseRun
from vielfalt.qualification.runs import selectors, services
from vielfalt.qualification.runs.forms import (
    AttendanceForm,
    CorrectionForm,
    CourseRunForm,
    LotseForm,
    SessionForm,
    status_name,
    units_name,
)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    """Anonymous visitors log in first; the team without a second factor sets it up first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return staff_mfa_redirect(request)


def manages_run(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views of one course run for its organisers: ``view(request, run, **kwargs)``: 404 for who may not
    see the event (or if it is no course run), 403 for who only may see it."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        if (response := _signed_in(request)) is not None:
            return response
        run = access.get_run_for_managing(request.user, slug)
        return view(request, run, **kwargs)

    return wrapper


def views_trager(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views of one Träger for its coordinators and the team: ``view(request, organisation, **kwargs)``."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        if (response := _signed_in(request)) is not None:
            return response
        organisation = access.get_trager_for_viewing(request.user, slug)
        return view(request, organisation, **kwargs)

    return wrapper


# --- a new run --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if not access.can_create_run(user):
        return render(request, "qualification/runs/create_not_allowed.html", status=403)
    modules = selectors.module_choices()
    initial: dict[str, Any] = {"capacity": 20}
    chosen = next((m for m in modules if m.slug == request.GET.get("modul")), None)
    if chosen is not None:
        initial["module"] = chosen.pk
        initial["units"] = chosen.units
    form = CourseRunForm(
        _posted(request),
        initial=initial,
        modules=modules,
        organisers=list(event_access.organisers_for(user)),
        allow_centre=acts_with_staff_rights(user),
        user=user,
    )
    if request.method == "POST" and form.is_valid():
        if not event_access.can_create_event(user, form.organiser):
            form.add_error("organiser", _("Für diese Organisation können Sie keinen Kurs anlegen."))
        else:
            try:
                run = services.course_run_create(by=user, **form.run_data())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Der Kurs ist als Entwurf angelegt. Tragen Sie jetzt die weiteren Termine ein – "
                        "und veröffentlichen Sie ihn, wenn alles stimmt."
                    ),
                )
                return redirect("qualification:run_detail", slug=run.event.slug)
    return render(request, "qualification/runs/create.html", {"form": form, "module": chosen})


# --- one run ----------------------------------------------------------------------------------------------


def _run_context(run: CourseRun, active: str, **extra: Any) -> dict[str, Any]:
    return {"run": run, "event": run.event, "module": run.module, "active": active, **extra}


@never_cache
@manages_run
@require_http_methods(["GET", "HEAD"])
def run_detail(request: AuthenticatedHttpRequest, run: CourseRun) -> HttpResponse:
    page = selectors.run_page(run)
    return render(
        request,
        "qualification/runs/run_detail.html",
        _run_context(
            run,
            "detail",
            page=page,
            session_form=SessionForm(),
            can_correct=access.can_correct_attendance(request.user, run),
        ),
    )


@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def session_add(request: AuthenticatedHttpRequest, run: CourseRun) -> HttpResponse:
    form = SessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_add(run=run, by=request.user, session=form.session_data())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Termin ist eingetragen."))
            return redirect("qualification:run_detail", slug=run.event.slug)
    return render(request, "qualification/runs/session_form.html", _run_context(run, "session", form=form))


@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: AuthenticatedHttpRequest, run: CourseRun, pk: int) -> HttpResponse:
    session = selectors.session_of_run(run, pk)
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                changed = services.session_update(session=session, by=request.user, data=form.session_data())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Die Änderungen sind gespeichert."))
                else:
                    messages.info(request, _("Sie haben nichts geändert."))
                return redirect("qualification:run_detail", slug=run.event.slug)
    else:
        form = SessionForm(initial=SessionForm.initial_for(session))
    return render(
        request, "qualification/runs/session_form.html", _run_context(run, "session", form=form, session=session)
    )


@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete(request: AuthenticatedHttpRequest, run: CourseRun, pk: int) -> HttpResponse:
    session = selectors.session_of_run(run, pk)
    error = None
    if request.method == "POST":
        try:
            services.session_delete(session=session, by=request.user)
        except ApplicationError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Der Termin ist gelöscht."))
            return redirect("qualification:run_detail", slug=run.event.slug)
    return render(
        request,
        "qualification/runs/session_delete.html",
        _run_context(run, "session", session=session, error=error),
        status=400 if error else 200,
    )


@never_cache
@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: AuthenticatedHttpRequest, run: CourseRun, pk: int) -> HttpResponse:
    session = selectors.session_of_run(run, pk)
    rows = selectors.session_attendance(session)
    form = AttendanceForm(_posted(request), registration_ids=[row.registration.pk for row in rows])
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.attendance_record(session=session, by=request.user, entries=form.entries())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "Die Anwesenheit ist gespeichert (%(count)d Eintrag geändert).",
                        "Die Anwesenheit ist gespeichert (%(count)d Einträge geändert).",
                        changed,
                    )
                    % {"count": changed},
                )
            else:
                messages.info(request, _("Sie haben nichts geändert."))
            return redirect("qualification:run_detail", slug=run.event.slug)
    grid = [
        {
            "row": row,
            "status": form[status_name(row.registration.pk)],
            "units": form[units_name(row.registration.pk)],
            "checked": (
                form[status_name(row.registration.pk)].value()
                if form.is_bound
                else (row.entry.status if row.entry else "")
            ),
            "units_value": (
                form[units_name(row.registration.pk)].value()
                if form.is_bound
                else (row.entry.units if row.entry and row.entry.status == "present" else "")
            ),
        }
        for row in rows
    ]
    return render(
        request,
        "qualification/runs/attendance.html",
        _run_context(
            run,
            "attendance",
            session=session,
            form=form,
            grid=grid,
            started=session.starts_at <= timezone.now(),
            statuses=[("present", _("anwesend")), ("excused", _("entschuldigt")), ("absent", _("abwesend"))],
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def run_close(request: AuthenticatedHttpRequest, run: CourseRun) -> HttpResponse:
    error = None
    if request.method == "POST":
        try:
            services.run_close(run=run, by=request.user)
        except ApplicationError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Der Kurs ist abgeschlossen. Die Anwesenheit ist jetzt festgeschrieben."))
            return redirect("qualification:run_detail", slug=run.event.slug)
    return render(
        request, "qualification/runs/close.html", _run_context(run, "close", error=error), status=400 if error else 200
    )


@manages_run
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_correct(request: AuthenticatedHttpRequest, run: CourseRun, pk: int, registration: int) -> HttpResponse:
    if not access.can_correct_attendance(request.user, run):
        raise PermissionDenied
    session = selectors.session_of_run(run, pk)
    found = Registration.objects.filter(
        pk=registration, event_id=run.event_id, status=Registration.Status.CONFIRMED
    ).select_related("user")
    participant = found.first()
    if participant is None:
        raise Http404
    entry = participant.attendance.filter(session=session).first()
    initial = {"status": entry.status, "units": entry.units} if entry else {}
    form = CorrectionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_correct(
                session=session,
                registration=participant,
                by=request.user,
                status=data["status"],
                units=data["units"],
                reason=data["reason"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Korrektur ist gespeichert und protokolliert."))
            return redirect("qualification:run_detail", slug=run.event.slug)
    return render(
        request,
        "qualification/runs/correct.html",
        _run_context(
            run,
            "correct",
            session=session,
            participant=participant,
            name=selectors.participant_name(participant),
            form=form,
        ),
    )


# --- a Träger ---------------------------------------------------------------------------------------------


@never_cache
@views_trager
@require_http_methods(["GET", "HEAD"])
def trager_dashboard(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    year = timezone.localdate().year
    dashboard = selectors.trager_dashboard(organisation=organisation, year=year)
    return render(
        request,
        "qualification/runs/trager_dashboard.html",
        {"dashboard": dashboard, "year": year, "can_import": access.can_import_runs(request.user, organisation)},
    )


@never_cache
@views_trager
@require_http_methods(["GET", "HEAD", "POST"])
def trager_lotsen(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    if not access.can_manage_lotsen(request.user, organisation):
        raise PermissionDenied
    form = LotseForm(_posted(request), candidates=selectors.lotse_candidates(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.lotse_add(
                organisation=organisation,
                user=form.cleaned_data["user"],
                since=form.cleaned_data["since"],
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Person ist jetzt als Lotsin oder Lotse eingetragen."))
            return redirect("qualification:trager_lotsen", slug=organisation.slug)
    return render(
        request,
        "qualification/runs/trager_lotsen.html",
        {"organisation": organisation, "form": form, "roles": selectors.lotse_roles_of(organisation)},
    )


@views_trager
@require_POST
def trager_lotse_end(request: AuthenticatedHttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    lotse = access.get_lotse_for_managing(request.user, organisation, pk)
    try:
        services.lotse_end(lotse=lotse, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Rolle als Lotsin oder Lotse ist beendet."))
    return redirect("qualification:trager_lotsen", slug=organisation.slug)


# --- my qualification -------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def my_qualification(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = selectors.my_qualification(user=request.user)
    return render(request, "qualification/runs/mine.html", {"mine": mine})
