"""Forms for an event's programme: time slots and the sessions in them.

Forms parse and validate input; they never write. Views hand what they return (``slot_data``,
``session_input``) to ``programme.services``, whose refusals land on the field they name. Times are
entered and shown in Europe/Berlin (the site's time zone).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import plain_text_field as _text
from vielfalt.core.forms import translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.events.manage.forms import number_field
from vielfalt.events.models import Event, Session, TimeSlot
from vielfalt.events.programme.services import SessionInput

# What ``<input type="time">`` sends and expects.
TIME_LOCAL = "%H:%M"

# A programme has at most this many days to choose from (longer events are courses, not meetings).
MAX_PROGRAMME_DAYS = 31

# --- the programme -------------------------------------------------------------------------------------


def event_days(event: Event) -> list[date]:
    """The local calendar days the event covers (at most ``MAX_PROGRAMME_DAYS``)."""
    first = timezone.localtime(event.starts_at).date()
    last = timezone.localtime(event.ends_at).date()
    count = min((last - first).days + 1, MAX_PROGRAMME_DAYS)
    return [first + timedelta(days=n) for n in range(count)]


class SlotForm(forms.Form):
    """A block of the programme on one of the event's days, from–to."""

    day = forms.TypedChoiceField(label=_("Tag"), coerce=date.fromisoformat)
    starts_at = forms.TimeField(label=_("Beginn"), widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_LOCAL))
    ends_at = forms.TimeField(label=_("Ende"), widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_LOCAL))
    title = _translated(
        _("Bezeichnung"),
        max_length=120,
        help_text=_("Zum Beispiel „Ankommen und Kaffee“ oder „Workshop-Phase 1“."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = event_days(event)
        day = cast(forms.TypedChoiceField, self.fields["day"])
        day.choices = [(d.isoformat(), f"{formats.date_format(d, 'l')}, {formats.date_format(d)}") for d in days]
        day.initial = days[0].isoformat()
        if len(days) == 1:  # nothing to choose
            day.widget = forms.HiddenInput()

    @classmethod
    def initial_for(cls, slot: TimeSlot) -> dict[str, Any]:
        starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
        return {
            "day": starts.date().isoformat(),
            "starts_at": starts.time(),
            "ends_at": ends.time(),
            **translated_initial(slot, "title"),
        }

    def main_fields(self) -> list[BoundField]:
        return [self[name] for name in ("day", "starts_at", "ends_at", "title") if not self[name].is_hidden]

    def slot_data(self) -> dict[str, Any]:
        """The keyword arguments of ``programme.services.slot_save`` (besides event, by and slot)."""
        data = self.cleaned_data
        day: date = data["day"]
        return {
            "starts_at": _local(day, data["starts_at"]),
            "ends_at": _local(day, data["ends_at"]),
            **translated_data(data, "title"),
        }


def _local(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def slot_label(slot: TimeSlot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    times = f"{formats.date_format(start, 'SHORT_DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M}"
    return f"{times} · {slot.title}" if slot.title else times


class SessionForm(forms.Form):
    """One item of the programme. Adding it asks for its slot; a workshop needs its places."""

    kind = forms.ChoiceField(
        label=_("Art"), choices=Session.Kind.choices, initial=Session.Kind.PLENARY, widget=forms.RadioSelect
    )
    title = _translated(_("Titel"), max_length=200, required=True)
    description = _translated(_("Beschreibung"), max_length=3000, rows=4, translation_rows=3)
    speakers = _text(
        _("Mitwirkende"),
        max_length=300,
        help_text=_("Wer spricht oder leitet? Zum Beispiel „Dr. Ayşe Demir (Moderation)“."),
    )
    room = _text(_("Raum"), max_length=100)
    capacity = number_field(
        _("Plätze im Workshop"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Nur für Workshops: Wie viele Personen können teilnehmen?"),
    )
    position = number_field(
        _("Reihenfolge im Zeitfenster"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Kleinere Zahlen stehen weiter oben. Leer lassen: ans Ende."),
    )

    def __init__(self, *args: Any, slots: list[TimeSlot] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.pk): slot for slot in slots or []}
        if slots is not None:  # adding: in which slot
            self.fields["slot"] = forms.ChoiceField(
                label=_("Zeitfenster"),
                choices=[("", _("Bitte wählen")), *((pk, slot_label(slot)) for pk, slot in self.slots.items())],
                error_messages={"invalid_choice": _("Bitte wählen Sie ein Zeitfenster dieser Veranstaltung.")},
            )
            self.order_fields(["slot"])

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        initial = {name: getattr(session, name) for name in ("kind", "speakers", "room", "capacity", "position")}
        initial.update(translated_initial(session, "title", "description"))
        return initial

    def clean_slot(self) -> TimeSlot:
        return self.slots[self.cleaned_data["slot"]]

    def main_fields(self) -> list[BoundField]:
        names = ("slot", "kind", "title", "description", "speakers", "room", "capacity", "position")
        return [self[name] for name in names if name in self.fields]

    def session_input(self) -> SessionInput:
        """What ``programme.services.session_save`` takes (an empty position keeps it)."""
        data = self.cleaned_data
        return SessionInput(
            **{name: data[name] for name in ("kind", "speakers", "room", "capacity", "position")},
            **translated_data(data, "title", "description"),
        )
