"""Reads of the milestones part: a case's milestones and its timeline (``counselling:timeline``).

The timeline tells a case's history in time order, oldest first: the request, assignments and status
changes (from the audit entries of the case), contacts, messages, appointments, milestones planned and
reached, and for the team its confidential notes. What the organisation side sees is decided here:

- it sees the request, who is responsible, every status change (with the outcome), each contact (date,
  way, duration — not the team's summary, as on the case page), messages, appointments and milestones;
- it never sees confidential notes, the team's edits of the case's facts, nor the contacts' summaries.

Readings of the case (``counselling.case.read``) are not history: they stay in the audit log.
A fixed number of queries whatever the length of the case (one per kind of entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.models import AuditEntry
from vielfalt.core.templatetags.vf_i18n import bdi
from vielfalt.counselling.models import Appointment, Case, Contact, Message, Milestone, Note, Way

Status = Case.Status
CASE_ACTIONS = (
    "counselling.case.confirmed",
    "counselling.case.assigned",
    "counselling.case.moved",
    "counselling.case.updated",
    "counselling.appointment.cancelled",
    "counselling.milestone.done",
)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: datetime
    kind: str  # request, assigned, moved, updated, contact, message, appointment, milestone, note, anonymised
    text: SafeString  # a translated sentence, names isolated
    actor: str = ""
    detail: str = ""  # plain text shown below (the team's summary, a note)
    day_only: bool = False  # the date is known, the time is not (a contact, a milestone reached)
    team_only: bool = False
    anchor: str = ""  # the section of the case page it belongs to


def milestones_of_case(case: Case) -> list[Milestone]:
    return list(Milestone.objects.filter(case=case).order_by("due_on", "pk"))


def _say(template: str, **values: Any) -> SafeString:
    """A translated sentence with its values isolated (``<bdi>``) and everything escaped."""
    return mark_safe(conditional_escape(template) % {key: bdi(value) for key, value in values.items()})  # noqa: S308


def _name(user: User | None) -> str:
    if user is None:
        return _("ehemaliges Konto")
    return user.name or user.email


def _short_date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _short_datetime(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _day_at(day: date, logged: datetime | None = None) -> datetime:
    """When a dated entry goes in the timeline: when it was logged if that was on its day, else noon."""
    if logged is not None and timezone.localdate(logged) == day:
        return logged
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _request_entry(case: Case) -> Entry:
    if case.source == Case.Source.PUBLIC:
        text = _say(_("Anfrage über das öffentliche Formular eingegangen."))
    elif case.source == Case.Source.STAFF:
        text = _say(_("Fall vom Team angelegt."))
    elif case.requester is not None:
        text = _say(_("Anfrage von %(name)s eingegangen."), name=_name(case.requester))
    else:
        text = _say(_("Anfrage eingegangen."))
    return Entry(at=case.created_at, kind="request", text=text)


def _field_labels(names: list[str]) -> str:
    fields = {field.name: field for field in Case._meta.fields}
    # A field renamed since the entry was written keeps its name.
    return ", ".join(str(fields[name].verbose_name) if name in fields else name for name in names)


def _audit_entries(case: Case, *, team: bool) -> tuple[list[Entry], dict[int, datetime]]:
    """Entries from the case's audit log, and when each milestone was marked reached."""
    records = list(
        AuditEntry.objects.filter(
            target_type=case._meta.label_lower, target_id=str(case.pk), action__in=CASE_ACTIONS
        ).select_related("actor")
    )
    assignee_ids = {r.data.get("assignee") for r in records if r.action == "counselling.case.assigned"}
    people = {u.pk: u for u in User.objects.filter(pk__in=[pk for pk in assignee_ids if isinstance(pk, int)])}
    entries: list[Entry] = []
    reached: dict[int, datetime] = {}
    for record in records:
        actor = _name(record.actor) if record.actor_id else ""
        data = record.data or {}
        if record.action == "counselling.case.confirmed":
            entries.append(Entry(at=record.created_at, kind="request", text=_say(_("Anfrage per E-Mail bestätigt."))))
        elif record.action == "counselling.case.assigned":
            text = _say(_("Zuständig ist jetzt %(name)s."), name=_name(people.get(int(data.get("assignee") or 0))))
            entries.append(Entry(at=record.created_at, kind="assigned", text=text, actor=actor))
        elif record.action == "counselling.case.moved":
            entries.append(Entry(at=record.created_at, kind="moved", text=_moved(data), actor=actor))
        elif record.action == "counselling.case.updated" and team:
            text = _say(_("Angaben zum Fall geändert: %(fields)s."), fields=_field_labels(list(data.get("fields", []))))
            entries.append(Entry(at=record.created_at, kind="updated", text=text, actor=actor, team_only=True))
        elif record.action == "counselling.appointment.cancelled":
            entries.append(
                Entry(
                    at=record.created_at, kind="appointment", text=_say(_("Termin vom Team abgesagt.")), actor=actor,
                    anchor="termine",
                )
            )  # fmt: skip
        elif record.action == "counselling.milestone.done" and isinstance(data.get("milestone"), int):
            reached[data["milestone"]] = record.created_at
    return entries, reached


def _status_label(value: object) -> str:
    return str(Status(str(value)).label) if value in Status.values else str(value)


def _moved(data: dict[str, Any]) -> SafeString:
    to, current = data.get("to"), data.get("from")
    if to == Status.CLOSED:
        outcome = data.get("outcome")
        if outcome in Case.Outcome.values:
            return _say(_("Fall abgeschlossen: %(outcome)s."), outcome=str(Case.Outcome(outcome).label))
        return _say(_("Fall abgeschlossen."))
    if current == Status.CLOSED:
        return _say(_("Fall wieder geöffnet."))
    return _say(_("Status geändert von „%(old)s“ zu „%(new)s“."), old=_status_label(current), new=_status_label(to))


def _contact_entries(case: Case, *, team: bool) -> list[Entry]:
    entries = []
    for contact in Contact.objects.filter(case=case).order_by("date", "pk"):
        minutes = ngettext("%(minutes)s Minute", "%(minutes)s Minuten", contact.minutes) % {"minutes": contact.minutes}
        text = _say(_("Kontakt (%(way)s, %(duration)s)."), way=str(Way(contact.way).label), duration=minutes)
        entries.append(
            Entry(
                at=_day_at(contact.date, contact.created_at), kind="contact", text=text, day_only=True,
                detail=contact.summary if team else "", anchor="kontakte",
            )
        )  # fmt: skip
    return entries


def _message_entries(case: Case) -> list[Entry]:
    entries = []
    for message in Message.objects.filter(case=case).select_related("sender").order_by("created_at", "pk"):
        text = _say(_("Nachricht vom Team.")) if message.from_team else _say(_("Nachricht der Organisation."))
        actor = _name(message.sender) if message.sender_id else ""
        entries.append(Entry(at=message.created_at, kind="message", text=text, actor=actor, anchor="nachrichten"))
    return entries


def _appointment_entries(case: Case) -> list[Entry]:
    entries = []
    queryset = Appointment.objects.filter(case=case).select_related("proposed_by", "answered_by").order_by("pk")
    for appointment in queryset:
        proposed = _say(_("Termin vorgeschlagen für %(start)s."), start=_short_datetime(appointment.starts_at))
        entries.append(
            Entry(
                at=appointment.created_at, kind="appointment", text=proposed,
                actor=_name(appointment.proposed_by) if appointment.proposed_by_id else "", anchor="termine",
            )
        )  # fmt: skip
        if appointment.answered_at is not None and appointment.status in (
            Appointment.Status.ACCEPTED,
            Appointment.Status.DECLINED,
        ):
            if appointment.status == Appointment.Status.ACCEPTED:
                answer = _say(_("Termin am %(start)s zugesagt."), start=_short_datetime(appointment.starts_at))
            else:
                answer = _say(_("Termin am %(start)s abgesagt."), start=_short_datetime(appointment.starts_at))
            entries.append(
                Entry(
                    at=appointment.answered_at, kind="appointment", text=answer,
                    actor=_name(appointment.answered_by) if appointment.answered_by_id else "", anchor="termine",
                )
            )  # fmt: skip
    return entries


def _milestone_entries(case: Case, reached: dict[int, datetime]) -> list[Entry]:
    entries = []
    for milestone in milestones_of_case(case):
        planned = _say(
            _("Meilenstein geplant: „%(title)s“, fällig am %(due)s."),
            title=milestone.title,
            due=_short_date(milestone.due_on),
        )
        entries.append(Entry(at=milestone.created_at, kind="milestone", text=planned, anchor="meilensteine"))
        if milestone.done_on is not None:
            done = _say(_("Meilenstein erreicht: „%(title)s“."), title=milestone.title)
            entries.append(
                Entry(
                    at=_day_at(milestone.done_on, reached.get(milestone.pk)), kind="milestone", text=done,
                    day_only=True, anchor="meilensteine",
                )
            )  # fmt: skip
    return entries


def _note_entries(case: Case) -> list[Entry]:
    return [
        Entry(
            at=note.created_at, kind="note", text=_say(_("Vertrauliche Notiz.")),
            actor=_name(note.author) if note.author_id else "", detail=note.body, team_only=True, anchor="notizen",
        )
        for note in Note.objects.filter(case=case).select_related("author").order_by("created_at", "pk")
    ]  # fmt: skip


def case_timeline(case: Case, *, team: bool) -> list[Entry]:
    """The history of ``case`` in time order; ``team=False`` leaves out what only the team may read.

    ``case`` comes with its requester (``access.get_case_for_viewing`` selects it)."""
    audit, reached = _audit_entries(case, team=team)
    entries = [_request_entry(case), *audit]
    entries += _contact_entries(case, team=team)
    entries += _message_entries(case)
    entries += _appointment_entries(case)
    entries += _milestone_entries(case, reached)
    if team:
        entries += _note_entries(case)
        if case.anonymised_at is not None:
            entries.append(
                Entry(at=case.anonymised_at, kind="anonymised", text=_say(_("Fall anonymisiert.")), team_only=True)
            )
    # Stable: entries of the same moment keep the order of their kinds above.
    return sorted(entries, key=lambda entry: entry.at)
