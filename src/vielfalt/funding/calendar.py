"""iCalendar (RFC 5545) of deadlines: a feed of all public calls to subscribe to, and one call's file.

A deadline is an all-day event on its date (``DTSTART;VALUE=DATE``, ``DTEND`` the day after), named by
a UID that never changes (``funding-call-<pk>@vielfalt-hessen``), so a calendar that fetches the feed
again moves an entry whose deadline changed instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.core.lib import ical
from vielfalt.funding.models import Call

PRODID = "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt Foerderung//DE"


def call_uid(call: Call) -> str:
    return f"funding-call-{call.pk}@vielfalt-hessen"


def _component(call: Call) -> ical.Component:
    component = ical.Component()
    component.text("UID", call_uid(call))
    component.utc("DTSTAMP", timezone.now())
    component.day("DTSTART", call.deadline)  # a date: an all-day event
    component.day("DTEND", call.deadline + timedelta(days=1))
    component.text("TRANSP", "TRANSPARENT")  # a deadline does not make anyone busy
    title = call.localized_title().text
    component.text("SUMMARY", _("Antragsfrist: %(title)s") % {"title": title})
    programme = call.programme
    lines = [f"{programme.localized_name().text} ({programme.funder})", call.localized_purpose().text]
    if call.url:
        lines.append(call.url)
    component.text("DESCRIPTION", "\n\n".join(line for line in lines if line))
    component.value("URL", settings.SITE_URL + reverse("funding:call", kwargs={"slug": call.slug}))
    component.utc("LAST-MODIFIED", call.updated_at)
    component.value("SEQUENCE", int(call.updated_at.timestamp()) // 60 % 2_000_000_000)
    return component


def calendar_for(calls: Iterable[Call], *, name: str) -> bytes:
    """A feed (``METHOD:PUBLISH``) with one all-day event per call's deadline."""
    cal = ical.Calendar(prodid=PRODID, method="PUBLISH")
    cal.extension("X-WR-CALNAME", name)
    for call in calls:
        cal.add(_component(call))
    return cal.to_ical()
