"""iCalendar (RFC 5545) for events: a feed of many to subscribe to (``METHOD:PUBLISH``), or the
invitation a participant gets by email (iTIP, RFC 5546: ``METHOD:REQUEST`` with ORGANIZER and the
participant as ATTENDEE, ``METHOD:CANCEL`` when their place or the event is gone).

Every file names an event by the same UID and a SEQUENCE that grows with each change, so a calendar
replaces the entry it already holds instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from vielfalt.core.lib import ical
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


def _component(event: Event, *, with_online_link: bool) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@vielfalt-hessen")
    component.add("dtstamp", timezone.now())
    # Local time with its zone (TZID=Europe/Berlin): calendars show the time people expect.
    component.add("dtstart", timezone.localtime(event.starts_at))
    component.add("dtend", timezone.localtime(event.ends_at))
    component.add("summary", event.localized_title().text)
    description = event.localized_description().text
    if with_online_link and event.is_online and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    if place := location(event):
        component.add("location", place)
    component.add("url", event_url(event))
    component.add("organizer", f"mailto:{settings.STAFF_EMAIL}", parameters={"CN": event.organiser_name})
    component.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    component.add("last-modified", event.updated_at)
    # Clients update an invitation they already hold only when the sequence grows.
    component.add("sequence", sequence(event))
    return component


def _calendar(method: str, *, name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def calendar_for(events: Iterable[Event], *, name: str, with_online_link: bool = False) -> bytes:
    """A feed (``METHOD:PUBLISH``) with ``events`` (the online link only for people with a place)."""
    cal = _calendar("PUBLISH", name=name)
    for event in events:
        cal.add_component(_component(event, with_online_link=with_online_link))
    ical.add_timezones(cal)
    return ical.to_ical(cal)


def invitation_for(event: Event, *, email: str, name: str, cancel: bool = False) -> bytes:
    """The emailed invitation for one participant: ``REQUEST`` for their place, ``CANCEL`` when it
    is gone. Their place is already decided, so the attendee is ACCEPTED and no answer is asked."""
    cal = _calendar("CANCEL" if cancel else "REQUEST", name=event.localized_title().text)
    component = _component(event, with_online_link=not cancel)
    if cancel:
        component["status"] = icalendar.vText("CANCELLED")
    parameters = {"CN": name or email, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"}
    parameters["PARTSTAT"] = "DECLINED" if cancel else "ACCEPTED"
    component.add("attendee", f"mailto:{email}", parameters=parameters)
    cal.add_component(component)
    ical.add_timezones(cal)
    return ical.to_ical(cal)


def content_type(ical: bytes) -> str:
    """The MIME type of an emailed invitation names its method, as iMIP (RFC 6047) asks."""
    method = "CANCEL" if b"METHOD:CANCEL" in ical else "REQUEST"
    return f"text/calendar; method={method}"
