"""Pages of the hours part: a Lotse logs service hours; the coordinator approves a month and downloads the
statement; the Träger's funding figures; the figures per Träger for the team and the ministry; the team
keeps the rates and the kinds of accompaniment.

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import acts_with_staff_rights, staff_mfa_redirect, staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.organisations.models import Organisation
from vielfalt.qualification import access
from vielfalt.qualification.hours import exports, selectors, services
from vielfalt.qualification.hours.forms import (
    AllowanceRateForm,
    ApproveForm,
    FundingRateForm,
    HoursForm,
    ServiceKindForm,
)
from vielfalt.qualification.models import Lotse, MonthApproval, ServiceHours, ServiceKind

FIRST_YEAR = 2000


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _year(request: HttpRequest, default: int) -> int:
    value = request.GET.get("jahr", "")
    if value.isdigit() and FIRST_YEAR <= int(value) <= timezone.localdate().year + 1:
        return int(value)
    return default


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404


# --- a Lotse's own hours -------------------------------------------------------------------------------------


def _my_hours_page(
    request: AuthenticatedHttpRequest, roles: list[Lotse], form: HoursForm, *, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year)
    lotse_ids = [role.pk for role in Lotse.objects.filter(user=request.user)]
    years = sorted(set(selectors.years_with_hours(lotse_ids)) | {today.year}, reverse=True)
    months = selectors.own_entries_by_month(lotse_ids=lotse_ids, year=year)
    return render(
        request,
        "qualification/hours/mine.html",
        {
            "form": form,
            "roles": roles,
            "months": months,
            "year": year,
            "years": years,
            "year_total": sum((month.total for month in months), Decimal("0")),
            "today": today,
        },
        status=status,
    )


def _not_a_lotse(request: HttpRequest) -> HttpResponse:
    return render(request, "qualification/hours/not_lotse.html", status=403)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_hours(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = access.lotse_roles(request.user)
    if not roles:
        return _not_a_lotse(request)
    form = HoursForm(_posted(request), roles=roles, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.hours_log(lotse=form.cleaned_data["lotse"], by=request.user, **form.entry_data())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(hours)s Stunden am %(date)s sind eingetragen.")
                    % {
                        "hours": services.hours_text(entry.hours),
                        "date": date_format(entry.date, "SHORT_DATE_FORMAT"),
                    },
                )
                return redirect(f"{reverse('qualification:my_hours')}?jahr={entry.date.year}")
        return _my_hours_page(request, roles, form, status=400)
    return _my_hours_page(request, roles, form)


def _own_entry(request: AuthenticatedHttpRequest, pk: int) -> ServiceHours:
    """One of the person's own entries; anyone else's is not found (404), not forbidden."""
    return get_object_or_404(
        ServiceHours.objects.select_related("lotse__organisation", "kind"), pk=pk, lotse__user=request.user
    )


def _entry_locked(entry: ServiceHours) -> bool:
    return MonthApproval.objects.filter(lotse_id=entry.lotse_id, month=selectors.month_start(entry.date)).exists()


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_hours_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    roles = [entry.lotse, *(role for role in access.lotse_roles(request.user) if role.pk != entry.lotse_id)]
    form = HoursForm(_posted(request), roles=roles, entry=entry, initial=HoursForm.initial_for(entry))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.cleaned_data["lotse"].pk != entry.lotse_id:
                form.add_error(
                    "lotse", _("Ein Eintrag bleibt bei seinem Träger. Löschen Sie ihn und tragen Sie ihn neu ein.")
                )
            else:
                try:
                    services.hours_update(entry=entry, by=request.user, **form.entry_data())
                except ApplicationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(request, _("Der Eintrag ist geändert."))
                    return redirect(f"{reverse('qualification:my_hours')}?jahr={entry.date.year}")
        status = 400
    return render(
        request,
        "qualification/hours/edit.html",
        {"form": form, "entry": entry, "locked": _entry_locked(entry), "roles": roles},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_hours_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.hours_delete(entry=entry, by=request.user)
        except ApplicationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Der Eintrag ist gelöscht."))
            return redirect(f"{reverse('qualification:my_hours')}?jahr={entry.date.year}")
    return render(
        request,
        "qualification/hours/delete.html",
        {"entry": entry, "error": error, "locked": _entry_locked(entry)},
        status=400 if error else 200,
    )


# --- the Träger: months, approval, statements ----------------------------------------------------------------


def views_trager(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views of one Träger for its coordinators and the team: ``view(request, organisation, **kwargs)``.

    Anonymous visitors log in first; the team without the second factor passes it first; anyone else
    who may not see the Träger gets 403 (and 404 for a slug that is no Träger).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (response := staff_mfa_redirect(request)) is not None:
            return response
        organisation = access.get_trager_for_viewing(request.user, slug)
        return view(request, organisation, **kwargs)

    return wrapper


@never_cache
@views_trager
@require_safe
def trager_hours(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today.year)
    return render(
        request,
        "qualification/hours/trager.html",
        {
            "organisation": organisation,
            "year": year,
            "years": list(range(today.year, max(FIRST_YEAR, today.year - 5) - 1, -1)),
            "months": selectors.trager_months(organisation=organisation, year=year),
        },
    )


def _month_page(
    request: HttpRequest, organisation: Organisation, month: date, form: ApproveForm | None, *, status: int = 200
) -> HttpResponse:
    rows = selectors.trager_month(organisation=organisation, month=month)
    rate = selectors.allowance_rate_on(month)
    is_over = selectors.month_is_over(month)
    approvable = [row for row in rows if row.can_be_approved]
    if form is None:
        form = ApproveForm(choices=[(row.lotse.pk, row.name) for row in approvable])
    previews = {row.lotse.pk: services.allowance_amount(row.hours, rate) for row in rows if rate is not None}
    today = timezone.localdate()
    return render(
        request,
        "qualification/hours/month.html",
        {
            "organisation": organisation,
            "month": month,
            "rows": [(row, previews.get(row.lotse.pk)) for row in rows],
            "form": form,
            "rate": rate,
            "is_over": is_over,
            "approvable": approvable,
            "approved": [row for row in rows if row.approval],
            "total_hours": sum((row.hours for row in rows), Decimal("0")),
            "total_amount": sum((row.approval.amount for row in rows if row.approval), Decimal("0")),
            "previous_month": selectors.month_start(month - timedelta(days=1)),
            "next_month": selectors.next_month(month) if selectors.next_month(month) <= today else None,
        },
        status=status,
    )


@never_cache
@views_trager
@require_http_methods(["GET", "HEAD", "POST"])
def hours_month(request: AuthenticatedHttpRequest, organisation: Organisation, month: date) -> HttpResponse:
    if not access.can_approve_hours(request.user, organisation):
        raise PermissionDenied
    if request.method != "POST":
        return _month_page(request, organisation, month, None)
    rows = selectors.trager_month(organisation=organisation, month=month)
    choices = [(row.lotse.pk, row.name) for row in rows if row.can_be_approved]
    data = request.POST.copy()
    if data.get("approve") == "all":
        data.setlist("lotsen", [str(pk) for pk, _name in choices])
    form = ApproveForm(data, choices=choices)
    if form.is_valid():
        try:
            approvals = services.months_approve(
                organisation=organisation, month=month, lotse_ids=form.cleaned_data["lotsen"], by=request.user
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Der Monat ist für %(count)d Person freigegeben und abgeschlossen.",
                    "Der Monat ist für %(count)d Personen freigegeben und abgeschlossen.",
                    len(approvals),
                )
                % {"count": len(approvals)},
            )
            return redirect("qualification:hours_month", slug=organisation.slug, month=month)
    return _month_page(request, organisation, month, form, status=400)


@never_cache
@views_trager
@require_safe
def hours_statement_xlsx(request: HttpRequest, organisation: Organisation, month: date) -> HttpResponse:
    approvals = selectors.month_approvals(organisation=organisation, month=month)
    if not approvals:
        raise Http404
    return exports.statement_xlsx(organisation=organisation, month=month, approvals=approvals)


@never_cache
@login_required
@require_safe
def hours_statement_pdf(request: AuthenticatedHttpRequest, slug: str, month: date, lotse_id: int) -> HttpResponse:
    """One Lotse's statement to sign: for the Lotse themself, the Träger's coordinators and the team."""
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    lotse = get_object_or_404(
        Lotse.objects.select_related("organisation", "user"),
        pk=lotse_id,
        organisation__slug=slug,
        organisation__kind=Organisation.Kind.LOTSEN,
    )
    if not access.can_view_statement(request.user, lotse):
        raise PermissionDenied
    approval = MonthApproval.objects.filter(lotse=lotse, month=month).first()
    if approval is None:
        raise Http404
    entries = selectors.statement_entries(lotse=lotse, month=month)
    pdf = exports.statement_pdf(lotse=lotse, approval=approval, entries=entries)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aufwandsentschaedigung-{month:%Y-%m}-{lotse.pk}.pdf"'
    return response


@never_cache
@views_trager
@require_safe
def funding_xlsx(request: HttpRequest, organisation: Organisation, year: int) -> HttpResponse:
    _check_year(year)
    rows = selectors.funding_rows(organisation=organisation, year=year)
    return exports.funding_xlsx(organisation=organisation, year=year, rows=rows)


# --- figures for the team and the ministry -------------------------------------------------------------------


@never_cache
@login_required
@require_safe
def figures(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if not access.can_view_figures(request.user):
        raise PermissionDenied
    _check_year(year)
    rows = selectors.figures_by_trager(year=year)
    today = timezone.localdate()
    totals = {
        name: sum((getattr(row, name) for row in rows), Decimal("0"))
        for name in ("lotsen", "hours_logged", "hours_approved", "allowance", "runs", "participants",
                     "unit_participants", "funding")
    }  # fmt: skip
    return render(
        request,
        "qualification/hours/figures.html",
        {
            "year": year,
            "years": list(range(today.year, max(FIRST_YEAR, today.year - 5) - 1, -1)),
            "rows": rows,
            "totals": totals,
            "can_open_trager": acts_with_staff_rights(request.user),
        },
    )


# --- the team: rates and kinds of accompaniment --------------------------------------------------------------


@staff_required
@require_safe
def rates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "qualification/hours/staff/rates.html",
        {
            "allowance_rates": selectors.allowance_rates(),
            "funding_rates": selectors.funding_rates(),
            "kinds": selectors.service_kinds(active_only=False),
            "today": timezone.localdate(),
        },
    )


def _new_rate(
    request: AuthenticatedHttpRequest, form: forms.Form, create: Callable[..., object], title: str
) -> HttpResponse:
    """A new dated rate (allowance or funding): the same page and the same steps for both."""
    if request.method == "POST" and form.is_valid():
        try:
            create(**form.cleaned_data, by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der neue Satz ist gespeichert."))
            return redirect("staff:hours_rates")
    return render(
        request,
        "qualification/hours/staff/form.html",
        {"form": form, "title": title},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def allowance_rate_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _new_rate(
        request,
        AllowanceRateForm(_posted(request)),
        services.allowance_rate_create,
        _("Neuer Satz der Aufwandsentschädigung"),
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def funding_rate_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _new_rate(
        request, FundingRateForm(_posted(request)), services.funding_rate_create, _("Neuer Fördersatz Qualifizierung")
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def kind_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ServiceKindForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.service_kind_create(**form.kind_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("„%(name)s“ ist angelegt.") % {"name": kind.name})
            return redirect("staff:hours_rates")
    return render(
        request,
        "qualification/hours/staff/form.html",
        {"form": form, "title": _("Art der Begleitung hinzufügen")},
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def kind_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(ServiceKind, pk=pk)
    form = ServiceKindForm(_posted(request), initial=ServiceKindForm.initial_from(kind))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.service_kind_update(kind=kind, **form.kind_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if changed:
                messages.success(request, _("Die Änderungen sind gespeichert."))
            else:
                messages.info(request, _("Sie haben nichts geändert."))
            return redirect("staff:hours_rates")
    return render(
        request,
        "qualification/hours/staff/form.html",
        {"form": form, "title": kind.name, "kind": kind},
        status=400 if form.is_bound and form.errors else 200,
    )
