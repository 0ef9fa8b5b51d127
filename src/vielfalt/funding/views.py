"""Public pages of funding: programmes and calls with filters, a programme's and a call's page, the
deadline view, the calendar feeds; following and a person's reminder settings ("Meine Förderung").

The list's address holds its whole state (``?topic=…&district=…&page=2``) and its filter form is a
plain GET form: everything works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.funding import access, calendar, selectors, services
from vielfalt.funding.forms import ReminderSettingsForm, reminder_label
from vielfalt.funding.models import Call


def _filters(params: QueryDict) -> selectors.FundingFilters:
    return selectors.FundingFilters.from_values(
        topic=str(params.get("topic", ""))[:60],
        target_group=str(params.get("target_group", ""))[:60],
        district=str(params.get("district", ""))[:5],
        funder_kind=str(params.get("funder_kind", ""))[:12],
    )


def _query(pairs: list[tuple[str, str]], *, page: int) -> str:
    return urlencode(pairs + ([("page", str(page))] if page > 1 else []))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = Paginator(selectors.open_calls(filters=filters), selectors.CALLS_PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    pairs = filters.pairs()
    context = {
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "choices": selectors.filter_choices(),
        "programmes": selectors.public_programmes(filters=filters),
        "links": {"previous": _query(pairs, page=page.number - 1), "next": _query(pairs, page=page.number + 1)},
    }
    return render(request, "funding/index.html", context)


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_programme_for_user(request.user, slug)
    context = {
        "programme": programme,
        "audience": selectors.audience_of(programme),
        "calls": selectors.calls_of_programme(programme=programme, viewer=request.user),
        "following": selectors.follow_state(viewer=request.user, programme=programme),
        "can_edit": access.can_edit_funding(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "funding/programme.html", context)


@require_safe
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.get_call_for_user(request.user, slug)
    context = {
        "call": call,
        "programme": call.programme,
        "audience": selectors.audience_of(call.programme),
        "following": selectors.follow_state(viewer=request.user, call=call),
        "is_public": call.is_published and call.programme.is_published,
        "can_edit": access.can_edit_funding(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "funding/call.html", context)


@require_safe
def deadlines(request: HttpRequest) -> HttpResponse:
    context = {
        "calls": selectors.deadlines(),
        "days": selectors.DEADLINE_DAYS,
        "today": timezone.localdate(),
    }
    return render(request, "funding/deadlines.html", context)


def _ical_response(ical: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def deadlines_ics(request: HttpRequest) -> HttpResponse:
    return _ical_response(
        calendar.calendar_for(selectors.feed_calls(), name=_("Förderfristen – Vielfalt Hessen")),
        filename="vielfalt-foerderfristen.ics",
    )


@require_safe
def call_ics(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.get_public_call(slug)
    return _ical_response(
        calendar.calendar_for([call], name=call.localized_title().text), filename=f"frist-{call.slug}.ics"
    )


# --- following -------------------------------------------------------------------------------------------


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back where the button was (the call, the programme, "Meine Förderung"); never to another site."""
    target = str(request.POST.get("next", ""))
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _title(call: Call) -> str:
    return call.localized_title().text


@login_required
@require_POST
def call_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    call = access.get_public_call(slug)
    services.call_follow(user=request.user, call=call)
    messages.success(
        request,
        _("Sie folgen „%(title)s“. Wir erinnern Sie rechtzeitig vor der Antragsfrist.") % {"title": _title(call)},
    )
    return _back(request, reverse("funding:call", kwargs={"slug": call.slug}))


@login_required
@require_POST
def call_unfollow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    call = access.get_public_call(slug)
    if services.call_unfollow(user=request.user, call=call):
        messages.success(request, _("Sie folgen „%(title)s“ nicht mehr.") % {"title": _title(call)})
    return _back(request, reverse("funding:call", kwargs={"slug": call.slug}))


@login_required
@require_POST
def programme_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = access.get_public_programme(slug)
    services.programme_follow(user=request.user, programme=programme)
    messages.success(
        request,
        _("Sie folgen dem Programm „%(name)s“. Wir erinnern Sie vor den Fristen aller seiner Aufrufe.")
        % {"name": programme.localized_name().text},
    )
    return _back(request, reverse("funding:programme", kwargs={"slug": programme.slug}))


@login_required
@require_POST
def programme_unfollow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = access.get_public_programme(slug)
    if services.programme_unfollow(user=request.user, programme=programme):
        messages.success(
            request, _("Sie folgen dem Programm „%(name)s“ nicht mehr.") % {"name": programme.localized_name().text}
        )
    return _back(request, reverse("funding:programme", kwargs={"slug": programme.slug}))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the person follows, the deadlines they hear about, and when they are reminded."""
    user = request.user
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.reminder_settings_save(user=user, days_before=form.cleaned_data["days_before"])
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Einstellungen für Erinnerungen sind gespeichert."))
                return redirect("funding:mine")
        status = 400
    else:
        form = ReminderSettingsForm(initial={"days_before": selectors.reminder_days(user)})
        status = 200
    mine = selectors.my_funding(user=user)
    context = {
        "form": form,
        "mine": mine,
        "reminder_labels": [reminder_label(days) for days in mine.days_before],
        "today": timezone.localdate(),
    }
    return render(request, "funding/mine.html", context, status=status)
