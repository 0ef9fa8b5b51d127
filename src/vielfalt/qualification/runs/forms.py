"""Forms of the course runs: a new run (the event form of the events app, plus module, course number and
the first date), a date, the attendance at a date, the team's correction, and a Träger's Lotsen.

Forms parse and validate input; they never write. Times are entered in Europe/Berlin (the site's time
zone); units accept a decimal comma ("2,5") as Germans write it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.core.forms import FieldGroup
from vielfalt.core.forms import plain_text_field as _text
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.events.manage.forms import EventForm
from vielfalt.events.models import Event
from vielfalt.qualification.models import Attendance, CourseSession, Module
from vielfalt.qualification.runs.services import SessionInput

TIME_LOCAL = "%H:%M"
DATE_LOCAL = "%Y-%m-%d"


class UnitsField(forms.DecimalField):
    """Teaching units: not negative, one decimal, a comma or a point."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Bitte geben Sie eine Zahl an, zum Beispiel 2,5."),
                "min_value": _("Die Unterrichtseinheiten können nicht negativ sein."),
                "max_value": _("So viele Unterrichtseinheiten passen nicht in einen Termin."),
                "max_decimal_places": _("Bitte höchstens eine Nachkommastelle angeben, zum Beispiel 2,5."),
                "max_digits": _("So viele Unterrichtseinheiten passen nicht in einen Termin."),
                "max_whole_digits": _("So viele Unterrichtseinheiten passen nicht in einen Termin."),
            },
        )
        super().__init__(
            min_value=Decimal("0"),
            max_value=Decimal("99.9"),
            max_digits=3,
            decimal_places=1,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "5"}),
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[DATE_LOCAL, "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_LOCAL),
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025.")},
    )


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_LOCAL),
        error_messages={"invalid": _("Bitte geben Sie eine Uhrzeit an, zum Beispiel 18:30.")},
    )


def _local(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _session_times(form: forms.Form, prefix: str = "") -> tuple[datetime, datetime] | None:
    """Beginning and end from the date and the two times (an error at the end if it is not later)."""
    data = form.cleaned_data
    day, starts, ends = data.get(f"{prefix}day"), data.get(f"{prefix}starts_at"), data.get(f"{prefix}ends_at")
    if day is None or starts is None or ends is None:
        return None
    if ends <= starts:
        form.add_error(f"{prefix}ends_at", _("Der Termin muss enden, nachdem er begonnen hat."))
        return None
    return _local(day, starts), _local(day, ends)


# --- a date -----------------------------------------------------------------------------------------------


class SessionForm(forms.Form):
    """A date of a course run: the day, from–to, and its teaching units."""

    day = _date_field(_("Datum"))
    starts_at = _time_field(_("Beginn"))
    ends_at = _time_field(_("Ende"))
    units = UnitsField(
        label=_("Unterrichtseinheiten (UE)"), help_text=_("Eine UE sind 45 Minuten. Halbe UE gehen: 2,5.")
    )

    @classmethod
    def initial_for(cls, session: CourseSession) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {"day": starts.date(), "starts_at": starts.time(), "ends_at": ends.time(), "units": session.units}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.times = _session_times(self)
        return data

    def session_data(self) -> SessionInput:
        starts_at, ends_at = cast(tuple[datetime, datetime], self.times)
        return SessionInput(starts_at=starts_at, ends_at=ends_at, units=self.cleaned_data["units"])

    def main_fields(self) -> list[BoundField]:
        return [self[name] for name in ("day", "starts_at", "ends_at", "units")]


# --- a new run --------------------------------------------------------------------------------------------


class CourseRunForm(EventForm):
    """A new course run: the events app's form (who invites, where, how many, registration) with the
    module, the course number and the first date instead of the kind and the event's beginning and end
    (the dates decide those; more dates are added on the run's page)."""

    def __init__(self, *args: Any, modules: list[Module], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "starts_at", "ends_at"):
            del self.fields[name]
        self.fields["module"] = forms.ModelChoiceField(
            label=_("Modul"),
            queryset=Module.objects.filter(pk__in=[module.pk for module in modules]).order_by("title", "pk"),
            empty_label=_("Bitte wählen"),
            error_messages={"invalid_choice": _("Bitte wählen Sie ein Modul aus der Liste.")},
        )
        self.fields["reference"] = forms.CharField(
            label=_("Kursnummer"),
            max_length=40,
            required=False,
            help_text=_(
                "Ihre eigene Nummer für diesen Kurs, zum Beispiel BQ-2025-03. Je Modul gibt es sie nur einmal."
            ),
        )
        self.fields["title"] = _translated(
            _("Titel"), max_length=200, help_text=_("Leer lassen: Der Kurs heißt wie das Modul.")
        )
        self.fields["day"] = _date_field(_("Datum des ersten Termins"))
        self.fields["session_starts_at"] = _time_field(_("Beginn"))
        self.fields["session_ends_at"] = _time_field(_("Ende"))
        self.fields["units"] = UnitsField(
            label=_("Unterrichtseinheiten (UE) an diesem Termin"),
            help_text=_("Eine UE sind 45 Minuten. Halbe UE gehen: 2,5."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["kind"] = Event.Kind.TRAINING
        self.times = None
        day, starts, ends = data.get("day"), data.get("session_starts_at"), data.get("session_ends_at")
        if day is not None and starts is not None and ends is not None:
            if ends <= starts:
                self.add_error("session_ends_at", _("Der Termin muss enden, nachdem er begonnen hat."))
            else:
                self.times = (_local(day, starts), _local(day, ends))
                data["starts_at"], data["ends_at"] = self.times
        return data

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        groups = super().groups()
        course = FieldGroup(
            gettext("Der Kurs"), bound("organiser", "module", "reference", "title", "description", *self.link_names)
        )
        first = FieldGroup(gettext("Der erste Termin"), bound("day", "session_starts_at", "session_ends_at", "units"))
        # The events form's groups without its first two (the event, when): ours take their place.
        return [course, first, *groups[2:]]

    def run_data(self) -> dict[str, Any]:
        """The keyword arguments of ``services.course_run_create`` (besides ``by``)."""
        starts_at, ends_at = cast(tuple[datetime, datetime], self.times)
        event_data = self.event_input()  # kind and span are set by the service from the dates
        return {
            "organiser": self.organiser,
            "module": self.cleaned_data["module"],
            "reference": self.cleaned_data["reference"],
            "event_data": event_data,
            "sessions": [SessionInput(starts_at=starts_at, ends_at=ends_at, units=self.cleaned_data["units"])],
        }


# --- attendance -------------------------------------------------------------------------------------------


def status_name(registration_id: int) -> str:
    return f"status_{registration_id}"


def units_name(registration_id: int) -> str:
    return f"units_{registration_id}"


class AttendanceForm(forms.Form):
    """Attendance at one date: for each participant present / excused / absent and, if they were present
    for part of it only, the units attended (empty: the whole date). A participant left without a choice
    is not recorded."""

    def __init__(self, *args: Any, registration_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registration_ids = registration_ids
        for pk in registration_ids:
            self.fields[status_name(pk)] = forms.ChoiceField(
                label=_("Anwesenheit"),
                choices=Attendance.Status.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Bitte wählen Sie anwesend, entschuldigt oder abwesend.")},
            )
            self.fields[units_name(pk)] = UnitsField(label=_("besuchte UE"), required=False)

    def entries(self) -> dict[int, tuple[str, Decimal | None]]:
        data = self.cleaned_data
        return {
            pk: (data[status_name(pk)], data.get(units_name(pk)))
            for pk in self.registration_ids
            if data.get(status_name(pk))
        }


class CorrectionForm(forms.Form):
    """The team's correction of one entry of a closed run."""

    status = forms.ChoiceField(label=_("Anwesenheit"), choices=Attendance.Status.choices, widget=forms.RadioSelect)
    units = UnitsField(
        label=_("besuchte UE"), required=False, help_text=_("Leer lassen: alle UE des Termins (nur bei anwesend).")
    )
    reason = _text(
        _("Grund der Korrektur"),
        max_length=300,
        required=True,
        rows=3,
        help_text=_("Steht im Protokoll, zum Beispiel: Unterschriftenliste nachgereicht."),
    )

    def main_fields(self) -> list[BoundField]:
        return [self[name] for name in ("status", "units", "reason")]


# --- a Träger's Lotsen ------------------------------------------------------------------------------------


class LotseForm(forms.Form):
    """A member of the Träger becomes its Lotse or Lotsin from a date."""

    user = forms.TypedChoiceField(
        label=_("Person"),
        coerce=int,
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Person aus der Liste.")},
        help_text=_("Zur Wahl stehen die Mitglieder Ihrer Organisation."),
    )
    since = forms.DateField(
        label=_("Lotsin oder Lotse seit"),
        input_formats=[DATE_LOCAL, "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_LOCAL),
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025.")},
    )

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in candidates}
        cast(forms.TypedChoiceField, self.fields["user"]).choices = [
            ("", _("Bitte wählen")),
            *((person.pk, person.name or person.email) for person in candidates),
        ]

    def clean_user(self) -> User:
        person = self.people.get(self.cleaned_data["user"])
        if person is None:
            raise ValidationError(_("Bitte wählen Sie eine Person aus der Liste."), code="unknown")
        return person

    def main_fields(self) -> list[BoundField]:
        return [self["user"], self["since"]]


# --- importing a year's runs ------------------------------------------------------------------------------


class RunImportUploadForm(forms.Form):
    """The plan of course runs: a CSV or XLSX file (its content decides, not its name)."""

    file = forms.FileField(
        label=_("Datei mit den Kursen"),
        help_text=_(
            "CSV (UTF-8, Trennzeichen Semikolon oder Komma) oder Excel (XLSX), höchstens 2 MB und 500 Zeilen. "
            "Die erste Zeile enthält die Spaltennamen der Vorlage."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus."), "empty": _("Die Datei ist leer.")},
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if (upload.size or 0) > self.max_bytes:  # before reading it into memory
            raise ValidationError(
                _("Die Datei ist zu groß. Erlaubt sind höchstens %(size)s.") % {"size": filesizeformat(self.max_bytes)},
                code="too_large",
            )
        return upload


class RunImportConfirmForm(forms.Form):
    """The confirmation of a preview: the checked rows, signed (see ``runs.imports``)."""

    plan = forms.CharField(widget=forms.HiddenInput)
