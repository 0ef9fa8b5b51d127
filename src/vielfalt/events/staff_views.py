"""The team's overview of all events, drafts included (/<lang>/staff/veranstaltungen/)."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.core.lib.http import query_without_page
from vielfalt.events.models import Event, Registration

UPCOMING, PAST = "kommende", "vergangene"


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Zeitraum"),
        choices=[(UPCOMING, _("kommende und laufende")), (PAST, _("vergangene"))],
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("alle")), *Event.Status.choices], required=False)


def events_for_staff(*, when: str = UPCOMING, status: str = "") -> QuerySet[Event]:
    """Every event, drafts included, with its places taken and people waiting (one query per page)."""
    now = timezone.now()
    events = Event.objects.select_related("organiser", "municipality").only(
        "slug", "title", "kind", "status", "starts_at", "ends_at", "capacity", "is_online",
        "organiser__name", "municipality__name",
    )  # fmt: skip
    if when == PAST:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if status:
        events = events.filter(status=status)
    return events.annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDS_PLACE)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    )


@staff_required
@require_safe
def events_overview(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    when, status = UPCOMING, ""
    if form.is_valid():
        when, status = form.cleaned_data["when"] or UPCOMING, form.cleaned_data["status"]
    page = Paginator(events_for_staff(when=when, status=status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/staff/overview.html",
        {"form": form, "page": page, "query_string": query_without_page(request)},
    )
