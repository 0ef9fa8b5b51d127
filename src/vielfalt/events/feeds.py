"""Calendar feeds (iCalendar) to subscribe to: all public events, those of a district or of an
organisation, and one event to add to one's own calendar.

A feed address is shared freely, so feeds hold only what anyone may see: published (or cancelled)
events open to everyone, never drafts, never the access link of an online event. Only the file of
one event carries that link, and only for whoever may see it on the event's page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vielfalt.events import access, calendar, selectors
from vielfalt.events.models import Event
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District


def _ical_response(
    events: Iterable[Event], *, name: str, filename: str, with_online_link: bool = False
) -> HttpResponse:
    response = HttpResponse(
        calendar.calendar_for(events, name=name, with_online_link=with_online_link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def all_events(request: HttpRequest) -> HttpResponse:
    return _ical_response(
        selectors.feed_events(), name=_("Veranstaltungen – Vielfalt Hessen"), filename="vielfalt-veranstaltungen.ics"
    )


@require_safe
def district_events(request: HttpRequest, district: str) -> HttpResponse:
    """The public events in one district, named by its official code (AGS), as the directory does."""
    found = District.objects.defer("outline").filter(ags=district).first()
    if found is None:
        raise Http404
    return _ical_response(
        selectors.feed_events(district=found),
        name=_("Veranstaltungen in %(district)s – Vielfalt Hessen") % {"district": found},
        filename=f"vielfalt-veranstaltungen-{found.ags}.ics",
    )


@require_safe
def organisation_events(request: HttpRequest, organisation: str) -> HttpResponse:
    """The public events of one organisation; only verified organisations have a public feed."""
    found = Organisation.objects.filter(slug=organisation, status=Organisation.Status.VERIFIED).first()
    if found is None:
        raise Http404
    return _ical_response(
        selectors.feed_events(organisation=found),
        name=_("Veranstaltungen von %(organisation)s") % {"organisation": found.name},
        filename=f"{found.slug}.ics",
    )


@require_safe
def event(request: HttpRequest, slug: str) -> HttpResponse:
    found = access.get_event_for_user(request.user, slug)
    return _ical_response(
        [found],
        name=found.localized_title().text,
        filename=f"{found.slug}.ics",
        with_online_link=access.can_see_online_link(request.user, found),
    )
