"""iCalendar (RFC 5545) for counselling appointments, in the habit of ``events.calendar``.

An emailed invitation is iTIP (RFC 5546): ``METHOD:REQUEST`` while the appointment stands
(``STATUS:TENTATIVE`` until the organisation accepts, then ``CONFIRMED``) and ``METHOD:CANCEL`` when it
is declined or cancelled. The download on the case page is ``METHOD:PUBLISH``. Every file names the
appointment by one UID and its ``sequence`` (raised by every answer or cancellation), so a calendar
replaces the entry it holds instead of adding a second one. Texts are in the active language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.core.lib import ical
from vielfalt.counselling.conversation import selectors
from vielfalt.counselling.models import Appointment, Way
from vielfalt.counselling.pages import case_url

PRODID = "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt Beratung//DE"


def uid(appointment: Appointment) -> str:
    return f"counselling-appointment-{appointment.pk}@vielfalt-hessen"


def location(appointment: Appointment) -> str:
    """Where it takes place, as one line: the place, the video link, or how (phone, at the centre)."""
    if appointment.way == Way.VIDEO:
        return appointment.video_url or str(Way(appointment.way).label)
    return appointment.place or str(Way(appointment.way).label)


def _summary(appointment: Appointment) -> str:
    return _("Beratungstermin: %(title)s") % {"title": appointment.case.title}


def _description(appointment: Appointment) -> str:
    lines = [
        _("Beratungsfall %(reference)s") % {"reference": appointment.case.reference},
        _("Wie: %(way)s") % {"way": Way(appointment.way).label},
    ]
    if appointment.way == Way.VIDEO and appointment.video_url:
        lines.append(_("Videolink: %(url)s") % {"url": appointment.video_url})
    if appointment.note:
        lines.append(appointment.note)
    lines.append(selectors.absolute(case_url(appointment.case, anchor=selectors.APPOINTMENTS_ANCHOR)))
    return "\n\n".join(lines)


STATUS = {
    Appointment.Status.PROPOSED: "TENTATIVE",
    Appointment.Status.ACCEPTED: "CONFIRMED",
    Appointment.Status.DECLINED: "CANCELLED",
    Appointment.Status.CANCELLED: "CANCELLED",
}
PARTSTAT = {
    Appointment.Status.PROPOSED: "NEEDS-ACTION",
    Appointment.Status.ACCEPTED: "ACCEPTED",
    Appointment.Status.DECLINED: "DECLINED",
    Appointment.Status.CANCELLED: "DECLINED",
}


def _component(appointment: Appointment) -> ical.Component:
    component = ical.Component()
    component.text("UID", uid(appointment))
    component.utc("DTSTAMP", timezone.now())
    component.moment("DTSTART", timezone.localtime(appointment.starts_at))
    component.moment("DTEND", timezone.localtime(appointment.ends_at))
    component.text("SUMMARY", _summary(appointment))
    component.text("DESCRIPTION", _description(appointment))
    component.text("LOCATION", location(appointment))
    component.value("URL", selectors.absolute(case_url(appointment.case)))
    component.value("ORGANIZER", f"mailto:{settings.STAFF_EMAIL}", CN=_("Kompetenzzentrum Vielfalt Hessen"))
    component.text("STATUS", STATUS[Appointment.Status(appointment.status)])
    component.value("SEQUENCE", appointment.sequence)
    return component


def _calendar(method: str) -> ical.Calendar:
    cal = ical.Calendar(prodid=PRODID, method=method)
    cal.extension("X-WR-TIMEZONE", settings.TIME_ZONE)
    return cal


def invitation_for(appointment: Appointment, *, email: str, name: str) -> bytes:
    """The emailed invitation for one person: ``REQUEST`` while it stands, ``CANCEL`` once it does not.
    Answers go through our link or the case page, so no calendar reply is asked for (RSVP=FALSE)."""
    gone = appointment.status in (Appointment.Status.DECLINED, Appointment.Status.CANCELLED)
    cal = _calendar("CANCEL" if gone else "REQUEST")
    component = _component(appointment)
    component.attendee(email, name=name, status=PARTSTAT[Appointment.Status(appointment.status)])
    cal.add(component)
    return cal.to_ical()


def download(appointment: Appointment) -> bytes:
    """The file behind the case page's "in den Kalender" link (``METHOD:PUBLISH``, no attendees)."""
    cal = _calendar("PUBLISH")
    cal.add(_component(appointment))
    return cal.to_ical()


def content_type(ical: bytes) -> str:
    """The MIME type of an emailed invitation names its method, as iMIP (RFC 6047) asks."""
    method = "CANCEL" if b"METHOD:CANCEL" in ical else "REQUEST"
    return f"text/calendar; method={method}"
