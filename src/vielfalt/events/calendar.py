"""iCalendar (RFC 5545) for events: one event, or a feed of many (``icalendar`` builds the file)."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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
    component.add("sequence", int(event.updated_at.timestamp()) // 60 % 2_000_000_000)
    return component


def calendar_for(events: Iterable[Event], *, name: str, with_online_link: bool = False) -> bytes:
    """An iCalendar file with ``events`` (the online link only for people with a place)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_component(event, with_online_link=with_online_link))
    cal.add_missing_timezones()  # the VTIMEZONE for Europe/Berlin that TZID refers to
    return cal.to_ical()
