"""iCalendar (RFC 5545) for events: a feed of many to subscribe to (``METHOD:PUBLISH``), or the
invitation a participant gets by email (iTIP, RFC 5546: ``METHOD:REQUEST`` with ORGANIZER and the
participant as ATTENDEE, ``METHOD:CANCEL`` when their place or the event is gone).

Every file names an event by the same UID and a SEQUENCE that grows with each change, so a calendar
replaces the entry it already holds instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from vielfalt.core.lib import ical
from vielfalt.core.lib.urls import reverse
from vielfalt.events.models import Event

PRODID = "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt//DE"


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:detail", kwargs={"slug": event.slug})


def location(event: Event) -> str:
    parts = [event.venue_name, event.street, " ".join(p for p in (event.postcode, _municipality(event)) if p)]
    place = ", ".join(p for p in parts if p)
    if event.is_online:
        return f"{place} / Online" if place else "Online"
    return place


def _municipality(event: Event) -> str:
    return event.municipality.name if event.municipality else ""


def sequence(event: Event) -> int:
    """Grows with every change of the event (minutes since 1970 of its last change, below 2^31)."""
    return int(event.updated_at.timestamp()) // 60 % 2_000_000_000


def _component(event: Event, *, with_online_link: bool, cancelled: bool = False) -> ical.Component:
    component = ical.Component()
    component.text("UID", f"event-{event.pk}@vielfalt-hessen")
    component.utc("DTSTAMP", timezone.now())
    # Local time with its zone (TZID=Europe/Berlin): calendars show the time people expect.
    component.moment("DTSTART", timezone.localtime(event.starts_at))
    component.moment("DTEND", timezone.localtime(event.ends_at))
    component.text("SUMMARY", event.localized_title().text)
    description = event.localized_description().text
    if with_online_link and event.is_online and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.text("DESCRIPTION", description)
    if place := location(event):
        component.text("LOCATION", place)
    component.value("URL", event_url(event))
    component.value("ORGANIZER", f"mailto:{settings.STAFF_EMAIL}", CN=event.organiser_name)
    component.text("STATUS", "CANCELLED" if cancelled or event.status == Event.Status.CANCELLED else "CONFIRMED")
    component.utc("LAST-MODIFIED", event.updated_at)
    # Clients update an invitation they already hold only when the sequence grows.
    component.value("SEQUENCE", sequence(event))
    return component


def _calendar(method: str, *, name: str) -> ical.Calendar:
    cal = ical.Calendar(prodid=PRODID, method=method)
    cal.extension("X-WR-CALNAME", name)
    cal.extension("X-WR-TIMEZONE", settings.TIME_ZONE)
    return cal


def calendar_for(events: Iterable[Event], *, name: str, with_online_link: bool = False) -> bytes:
    """A feed (``METHOD:PUBLISH``) with ``events`` (the online link only for people with a place)."""
    cal = _calendar("PUBLISH", name=name)
    for event in events:
        cal.add(_component(event, with_online_link=with_online_link))
    return cal.to_ical()


def invitation_for(event: Event, *, email: str, name: str, cancel: bool = False) -> bytes:
    """The emailed invitation for one participant: ``REQUEST`` for their place, ``CANCEL`` when it
    is gone. Their place is already decided, so the attendee is ACCEPTED and no answer is asked."""
    cal = _calendar("CANCEL" if cancel else "REQUEST", name=event.localized_title().text)
    component = _component(event, with_online_link=not cancel, cancelled=cancel)
    component.attendee(email, name=name, status="DECLINED" if cancel else "ACCEPTED")
    cal.add(component)
    return cal.to_ical()


def content_type(ical: bytes) -> str:
    """The MIME type of an emailed invitation names its method, as iMIP (RFC 6047) asks."""
    method = "CANCEL" if b"METHOD:CANCEL" in ical else "REQUEST"
    return f"text/calendar; method={method}"
