"""Importing a year's plan of course runs from a CSV or XLSX file: reading, checking, the template.

The layout (the template shows it): one row per date of a course. Rows with the same *Kursnummer* are
the dates of one course; a row without a Kursnummer is a course with one date. The course's own
columns (Modul, Titel, Ort, Veranstaltungsort, Zugangslink, Plätze, Sprachen) are read from its first
row; its further rows may leave them empty or repeat them, but not say something else.

====================  ==========================================================================
Modul                 required: the module's slug or its exact German title
Kursnummer            optional: your own number; rows with the same one are one course
Titel                 optional: empty = the module's title
Datum                 required: 31.12.2026 or 2026-12-31 (or a date cell)
Beginn, Ende          required: 18:00 (or a time cell)
UE                    required: teaching units of this date, 2,5 or 2.5
Ort                   required: a Hessian municipality (name or AGS) or "online"
Veranstaltungsort     optional: the venue's name
Zugangslink           required for online courses: https://…
Plätze                required: 1 to 10,000
Sprachen              optional: codes or German names, separated by commas (empty = Deutsch)
====================  ==========================================================================

Reading and checking change nothing. The checked rows travel from the preview to the confirmation
signed (``signing``), not stored; confirming checks them again and hands the runs to
``services.course_runs_import``, which creates all of them in one transaction, or none.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.tables import read_table
from vielfalt.events.models import Event
from vielfalt.events.services import EventInput
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.models import CourseRun, Module
from vielfalt.qualification.runs.services import (
    MAX_SESSION_UNITS,
    CourseRunInput,
    SessionInput,
    file_imported_at,
)
from vielfalt.regions.models import Municipality

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
PREVIEW_MAX_AGE = 2 * 60 * 60  # seconds a preview may be confirmed

# key → the header in the template; the other spellings people use in a header are in HEADER_ALIASES.
HEADERS = {
    "module": "Modul",
    "reference": "Kursnummer",
    "title": "Titel",
    "day": "Datum",
    "starts": "Beginn",
    "ends": "Ende",
    "units": "UE",
    "place": "Ort",
    "venue": "Veranstaltungsort",
    "online_url": "Zugangslink",
    "capacity": "Plätze",
    "languages": "Sprachen",
}
REQUIRED = ("module", "day", "starts", "ends", "units", "place", "capacity")
RUN_COLUMNS = ("module", "title", "place", "venue", "online_url", "capacity", "languages")
HEADER_ALIASES = {
    "modulkuerzel": "module",
    "nummer": "reference",
    "kurstitel": "title",
    "von": "starts",
    "bis": "ends",
    "unterrichtseinheiten": "units",
    "gemeinde": "place",
    "link": "online_url",
    "kapazitaet": "capacity",
    "teilnehmendenzahl": "capacity",
    "sprache": "languages",
}

COLUMN_HELP = {
    "module": gettext_lazy("Pflicht: das Kürzel des Moduls oder sein genauer deutscher Titel aus dem Katalog"),
    "reference": gettext_lazy("Ihre Kursnummer. Zeilen mit derselben Kursnummer sind die Termine eines Kurses."),
    "title": gettext_lazy("Leer lassen: Der Kurs heißt wie das Modul."),
    "day": gettext_lazy("Pflicht: zum Beispiel 31.12.2026"),
    "starts": gettext_lazy("Pflicht: zum Beispiel 18:00"),
    "ends": gettext_lazy("Pflicht: zum Beispiel 20:15"),
    "units": gettext_lazy("Pflicht: Unterrichtseinheiten dieses Termins (45 Minuten), zum Beispiel 3 oder 2,5"),
    "place": gettext_lazy("Pflicht: eine hessische Gemeinde (Name oder Gemeindeschlüssel) oder „online“"),
    "venue": gettext_lazy("Name des Veranstaltungsorts, zum Beispiel Bürgerhaus Nord"),
    "online_url": gettext_lazy("Pflicht bei „online“: der Zugangslink, https://…"),
    "capacity": gettext_lazy("Pflicht: Zahl der Plätze, 1 bis 10.000"),
    "languages": gettext_lazy("Sprachen des Kurses: Kürzel oder Namen mit Komma getrennt. Leer lassen: Deutsch."),
}


# --- reading ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int  # as a spreadsheet numbers it (header = 1)
    values: dict[str, str]


def _plain(text: str) -> str:
    """A header as compared: no case, umlauts spelled out, only letters and digits ("Plätze" = "plaetze")."""
    text = text.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[^a-z0-9]+", "", text)


def _header_key(header: str) -> str:
    text = _plain(header)
    by_header = {_plain(label): key for key, label in HEADERS.items()}
    return by_header.get(text) or HEADER_ALIASES.get(text) or text


def read_plan(*, content: bytes) -> list[Row]:
    """The rows of an uploaded plan. Refuses (``ApplicationError`` at ``file``) a file that is not CSV or
    XLSX by its content, is too large, lacks a required column, or has more than ``MAX_ROWS`` rows."""
    records = read_table(content=content, max_bytes=MAX_BYTES, max_records=MAX_ROWS * 3)
    numbered = [(line, record) for line, record in enumerate(records, start=1) if any(record)]
    if not numbered:
        raise ApplicationError(_("Die Datei ist leer."), field="file")
    keys = [_header_key(cell) if cell else "" for cell in numbered[0][1]]
    missing = [HEADERS[key] for key in REQUIRED if key not in keys]
    if missing:
        raise ApplicationError(
            _("Es fehlen Pflichtspalten: %(columns)s. Die Vorlage zeigt alle Spalten.")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    repeated = sorted({HEADERS[key] for key in keys if key in HEADERS and keys.count(key) > 1})
    if repeated:
        raise ApplicationError(
            _("Diese Spalten kommen mehrfach vor: %(columns)s.") % {"columns": ", ".join(repeated)}, field="file"
        )
    if len(numbered) - 1 > MAX_ROWS or len(records) > MAX_ROWS * 3:
        raise ApplicationError(
            ngettext(
                "Die Datei hat mehr als %(max)d Zeile. Bitte teilen Sie sie auf.",
                "Die Datei hat mehr als %(max)d Zeilen. Bitte teilen Sie sie auf.",
                MAX_ROWS,
            )
            % {"max": MAX_ROWS},
            field="file",
        )
    rows = [
        Row(line=line, values={key: cell for key, cell in zip(keys, record, strict=False) if key in HEADERS})
        for line, record in numbered[1:]
    ]
    if not rows:
        raise ApplicationError(_("Die Datei enthält nur die Kopfzeile, aber keine Kurse."), field="file")
    return rows


# --- checking ---------------------------------------------------------------------------------------------


@dataclass
class PlannedRun:
    """One course of the file as the preview shows it: its rows, what will be created, or why not."""

    lines: list[int]
    reference: str
    module: Module | None = None
    title: str = ""
    sessions: list[SessionInput] = field(default_factory=list)
    place: str = ""
    capacity: int | None = None
    languages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: CourseRunInput | None = None

    @property
    def first_line(self) -> int:
        return self.lines[0]

    @property
    def units(self) -> Decimal:
        return sum((session.units for session in self.sessions), Decimal("0"))

    @property
    def language_names(self) -> list[str]:
        names = dict(SPOKEN_LANGUAGES)
        return [str(names[code]) for code in self.languages]


@dataclass
class Lookups:
    """What checking a file needs, loaded once per file."""

    modules: dict[str, Module]
    municipalities: dict[str, list[Municipality]]
    languages: dict[str, str]
    now: datetime

    @classmethod
    def load(cls) -> Lookups:
        modules: dict[str, Module] = {}
        for module in Module.objects.order_by("pk"):
            modules.setdefault(module.slug.casefold(), module)
            modules.setdefault(module.title.casefold().strip(), module)
        municipalities: dict[str, list[Municipality]] = defaultdict(list)
        for municipality in Municipality.objects.all():
            municipalities[municipality.ags].append(municipality)
            municipalities[municipality.name.casefold()].append(municipality)
        languages: dict[str, str] = {}
        with translation.override("de"):
            for code, name in SPOKEN_LANGUAGES:
                languages[code] = code
                languages[str(name).casefold()] = code
        return cls(modules=modules, municipalities=municipalities, languages=languages, now=timezone.now())


def _day(text: str) -> date | None:
    text = text.strip().split(" ")[0].split("T")[0]
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _time(text: str) -> time | None:
    text = text.strip().removesuffix("Uhr").strip().replace(".", ":")
    for pattern in ("%H:%M", "%H:%M:%S", "%H"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None


def _units(text: str) -> tuple[Decimal | None, str]:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None, _("Bitte geben Sie eine Zahl an, zum Beispiel 2,5.")
    if not value.is_finite():
        return None, _("Bitte geben Sie eine Zahl an, zum Beispiel 2,5.")
    if value < 0:
        return None, _("Die Unterrichtseinheiten können nicht negativ sein.")
    if value > MAX_SESSION_UNITS:
        return None, _("So viele Unterrichtseinheiten passen nicht in einen Termin.")
    if value != value.quantize(Decimal("0.1")):
        return None, _("Bitte höchstens eine Nachkommastelle angeben, zum Beispiel 2,5.")
    return value.quantize(Decimal("0.1")), ""


def _with_column(column: str, message: str) -> str:
    return _("%(column)s: %(message)s") % {"column": HEADERS[column], "message": message}


def _check_session(row: Row, lookups: Lookups, errors: list[str]) -> SessionInput | None:
    values = row.values
    day = _day(values.get("day", ""))
    starts = _time(values.get("starts", ""))
    ends = _time(values.get("ends", ""))
    units, units_error = _units(values.get("units", ""))
    if day is None:
        errors.append(_with_column("day", _("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025.")))
    if starts is None:
        errors.append(_with_column("starts", _("Bitte geben Sie eine Uhrzeit an, zum Beispiel 18:30.")))
    if ends is None:
        errors.append(_with_column("ends", _("Bitte geben Sie eine Uhrzeit an, zum Beispiel 18:30.")))
    if units_error:
        errors.append(_with_column("units", units_error))
    if day is None or starts is None or ends is None or units is None:
        return None
    starts_at = timezone.make_aware(datetime.combine(day, starts))
    ends_at = timezone.make_aware(datetime.combine(day, ends))
    if ends_at <= starts_at:
        errors.append(_with_column("ends", _("Der Termin muss enden, nachdem er begonnen hat.")))
        return None
    if starts_at < lookups.now:
        errors.append(
            _with_column(
                "day",
                _("Der Termin am %(date)s liegt in der Vergangenheit.")
                % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")},
            )
        )
        return None
    return SessionInput(starts_at=starts_at, ends_at=ends_at, units=units)


def _check_run_columns(run: PlannedRun, values: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    """The course's own columns (from its first row) as ``EventInput`` fields; problems go to ``run.errors``."""
    errors = run.errors
    event: dict[str, Any] = {}
    module_text = values.get("module", "").strip()
    if not module_text:
        errors.append(_with_column("module", _("Bitte geben Sie das Modul an.")))
    else:
        module = lookups.modules.get(module_text.casefold())
        if module is None:
            errors.append(
                _with_column(
                    "module",
                    _(
                        "Unbekanntes Modul „%(value)s“. Bitte verwenden Sie das Kürzel oder den genauen deutschen "
                        "Titel aus dem Katalog."
                    )
                    % {"value": module_text},
                )
            )
        elif not module.is_active:
            errors.append(_with_column("module", _("Dieses Modul ist nicht mehr im Katalog.")))
        else:
            run.module = module
    run.title = values.get("title", "").strip()
    if len(run.title) > 200:
        errors.append(_with_column("title", _("Der Text ist zu lang (höchstens %(max)d Zeichen).") % {"max": 200}))
    place = values.get("place", "").strip()
    venue = values.get("venue", "").strip()
    if len(venue) > 200:
        errors.append(_with_column("venue", _("Der Text ist zu lang (höchstens %(max)d Zeichen).") % {"max": 200}))
    event["venue_name"] = venue[:200]
    if not place:
        errors.append(_with_column("place", _("Bitte geben Sie den Ort an – oder „online“.")))
    elif place.casefold() == "online":
        run.place = _("online")
        url = values.get("online_url", "").strip()
        event |= {"is_online": True, "online_url": url}
        if not url:
            errors.append(
                _with_column("online_url", _("Für einen Online-Kurs brauchen wir den Zugangslink (https://…)."))
            )
        else:
            try:
                URLValidator(schemes=["https", "http"])(url)
            except ValidationError:
                errors.append(_with_column("online_url", _("Der Zugangslink ist keine gültige Internetadresse.")))
            if len(url) > 200:
                errors.append(
                    _with_column("online_url", _("Der Text ist zu lang (höchstens %(max)d Zeichen).") % {"max": 200})
                )
    else:
        found = lookups.municipalities.get(place) or lookups.municipalities.get(place.casefold()) or []
        if len(found) == 1:
            event["municipality"] = found[0]
            run.place = found[0].name
        elif found:
            errors.append(
                _with_column(
                    "place",
                    _("Es gibt mehrere Gemeinden mit dem Namen „%(value)s“. Bitte geben Sie den Gemeindeschlüssel an.")
                    % {"value": place},
                )
            )
        else:
            errors.append(
                _with_column(
                    "place",
                    _(
                        "Unbekannter Ort „%(value)s“. Bitte geben Sie eine hessische Gemeinde (Name oder "
                        "Gemeindeschlüssel) oder „online“ an."
                    )
                    % {"value": place},
                )
            )
    capacity_text = values.get("capacity", "").strip()
    try:
        capacity = int(capacity_text)
    except ValueError:
        capacity = 0
    if not 1 <= capacity <= 10_000:
        errors.append(_with_column("capacity", _("Bitte geben Sie die Zahl der Plätze an (1 bis 10.000).")))
    else:
        run.capacity = capacity
    codes: list[str] = []
    for part in re.split(r"[,;/]", values.get("languages", "")):
        part = part.strip()
        if not part:
            continue
        code = lookups.languages.get(part.casefold())
        if code is None:
            errors.append(_with_column("languages", _("Unbekannte Sprache „%(value)s“.") % {"value": part}))
        elif code not in codes:
            codes.append(code)
    wanted = set(codes or ["de"])
    run.languages = [code for code, _name in SPOKEN_LANGUAGES if code in wanted]
    return event


def _group(rows: list[Row]) -> list[list[Row]]:
    """Rows with the same Kursnummer form one course (in the order of their first row); a row without one
    is a course of its own."""
    groups: list[list[Row]] = []
    by_reference: dict[str, list[Row]] = {}
    for row in rows:
        reference = row.values.get("reference", "").strip()
        if not reference:
            groups.append([row])
        elif reference in by_reference:
            by_reference[reference].append(row)
        else:
            by_reference[reference] = [row]
            groups.append(by_reference[reference])
    return groups


def _same(first: str, other: str, column: str) -> bool:
    if column in ("module", "place"):
        return first.strip().casefold() == other.strip().casefold()
    return first.strip() == other.strip()


def check_plan(rows: list[Row], *, organiser: Organisation | None) -> list[PlannedRun]:
    """Every course of the file with what will be created or why not: the columns' rules, dates ahead,
    and no course twice (in the file, or already on the platform: same module and Kursnummer, or same
    module, organiser and first day)."""
    lookups = Lookups.load()
    planned: list[PlannedRun] = []
    for group in _group(rows):
        first = group[0]
        run = PlannedRun(lines=[row.line for row in group], reference=first.values.get("reference", "").strip())
        if len(run.reference) > 40:
            run.errors.append(
                _with_column("reference", _("Der Text ist zu lang (höchstens %(max)d Zeichen).") % {"max": 40})
            )
        event = _check_run_columns(run, first.values, lookups)
        for row in group[1:]:
            for column in RUN_COLUMNS:
                value = row.values.get(column, "")
                if value.strip() and not _same(first.values.get(column, ""), value, column):
                    run.errors.append(
                        _(
                            "Zeile %(line)d: Die Spalte „%(column)s“ sagt etwas anderes als die erste Zeile dieses "
                            "Kurses (Zeile %(first)d)."
                        )
                        % {"line": row.line, "column": HEADERS[column], "first": first.line}
                    )
        for row in group:
            row_errors: list[str] = []
            session = _check_session(row, lookups, row_errors)
            if len(group) > 1:
                row_errors = [_("Zeile %(line)d: %(message)s") % {"line": row.line, "message": m} for m in row_errors]
            run.errors.extend(row_errors)
            if session is not None:
                run.sessions.append(session)
        run.sessions.sort(key=lambda session: session.starts_at)
        starts = [session.starts_at for session in run.sessions]
        if len(set(starts)) < len(starts):
            run.errors.append(_("Zwei Termine dieses Kurses beginnen zur selben Zeit."))
        if not run.errors and run.module is not None and run.capacity is not None:
            run.data = CourseRunInput(
                module=run.module,
                reference=run.reference,
                event_data=EventInput(
                    kind=Event.Kind.TRAINING,
                    title=run.title,
                    starts_at=run.sessions[0].starts_at,
                    ends_at=max(session.ends_at for session in run.sessions),
                    languages=run.languages,
                    capacity=run.capacity,
                    promotion=Event.Promotion.CONFIRM,
                    offer_hours=48,
                    reminder_days=2,
                    **event,
                ),
                sessions=tuple(run.sessions),
            )
        planned.append(run)
    _check_duplicates(planned, organiser)
    return planned


def _check_duplicates(planned: list[PlannedRun], organiser: Organisation | None) -> None:
    """No course twice: within the file, and against the platform (two queries for the whole file)."""
    candidates = [run for run in planned if run.module is not None and run.sessions]
    module_ids = {run.module.pk for run in candidates if run.module is not None}
    references = {run.reference for run in candidates if run.reference}
    taken_references = set(
        CourseRun.objects.filter(module_id__in=module_ids, reference__in=references).values_list(
            "module_id", "reference"
        )
    )
    first_days = [timezone.localdate(run.sessions[0].starts_at) for run in candidates]
    taken_days: set[tuple[int, date]] = set()
    if first_days:
        tz = timezone.get_current_timezone()
        since = datetime.combine(min(first_days), time.min, tzinfo=tz)
        until = datetime.combine(max(first_days), time.min, tzinfo=tz) + timedelta(days=1)
        existing = (
            CourseRun.objects.filter(
                module_id__in=module_ids,
                event__organiser=organiser,
                event__starts_at__gte=since,
                event__starts_at__lt=until,
            )
            .exclude(event__status=Event.Status.CANCELLED)
            .values_list("module_id", "event__starts_at")
        )
        taken_days = {(module_id, timezone.localdate(starts_at)) for module_id, starts_at in existing}
    seen: dict[tuple[int, date], int] = {}
    for run in candidates:
        assert run.module is not None
        day = timezone.localdate(run.sessions[0].starts_at)
        shown = formats.date_format(day, "SHORT_DATE_FORMAT")
        if run.reference and (run.module.pk, run.reference) in taken_references:
            run.errors.append(
                _("Für dieses Modul gibt es schon einen Kurs mit der Kursnummer %(reference)s.")
                % {"reference": run.reference}
            )
        elif (run.module.pk, day) in taken_days:
            run.errors.append(
                _("Für dieses Modul gibt es am %(date)s schon einen Kurs desselben Veranstalters.") % {"date": shown}
            )
        elif (run.module.pk, day) in seen:
            run.errors.append(
                _("Dieser Kurs steht schon weiter oben in der Datei (Zeile %(line)d).")
                % {"line": seen[(run.module.pk, day)]}
            )
        seen.setdefault((run.module.pk, day), run.first_line)
        if run.errors:
            run.data = None


# --- what travels from the preview to the confirmation ----------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A read file: its rows, name and fingerprint (the same file twice is refused)."""

    rows: list[Row]
    file_name: str
    sha256: str


def upload_read(*, file_name: str, content: bytes, organiser: Organisation | None) -> Upload:
    """Read an uploaded plan; refuse a file that was imported for ``organiser`` before."""
    sha256 = hashlib.sha256(content).hexdigest()
    rows = read_plan(content=content)
    imported_at = file_imported_at(organiser=organiser, sha256=sha256)
    if imported_at is not None:
        raise ApplicationError(
            _("Diese Datei wurde am %(date)s schon importiert. Es wird nichts doppelt angelegt.")
            % {"date": formats.date_format(timezone.localtime(imported_at), "SHORT_DATE_FORMAT")},
            field="file",
        )
    return Upload(rows=rows, file_name=file_name.rsplit("/", 1)[-1][:200], sha256=sha256)


def _salt(user_id: int, organiser: Organisation | None) -> str:
    return f"qualification.runs.import:{user_id}:{organiser.pk if organiser else 'centre'}"


def upload_sign(upload: Upload, *, user_id: int, organiser: Organisation | None) -> str:
    """The rows for the confirmation form, signed for this person and organiser (not stored anywhere)."""
    payload = {
        "name": upload.file_name,
        "sha256": upload.sha256,
        "rows": [[row.line, row.values] for row in upload.rows],
    }
    return signing.dumps(payload, salt=_salt(user_id, organiser), compress=True)


def upload_unsign(token: str, *, user_id: int, organiser: Organisation | None) -> Upload:
    try:
        payload = signing.loads(token, salt=_salt(user_id, organiser), max_age=PREVIEW_MAX_AGE)
        return Upload(
            rows=[
                Row(line=int(line), values={str(k): str(v) for k, v in values.items()})
                for line, values in payload["rows"]
            ],
            file_name=str(payload["name"]),
            sha256=str(payload["sha256"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        raise ApplicationError(_("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch.")) from None


# --- the template -----------------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """The template: the header row and one example course with two dates (next year, on site)."""
    import openpyxl
    from openpyxl.styles import Font

    module = Module.objects.filter(is_active=True).order_by("title", "pk").first()
    module_key = module.slug if module else "rolle-und-selbstverstaendnis"
    year = timezone.localdate().year + 1
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Kurse"
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [module_key, f"BQ-{year}-01", "", date(year, 3, 14), time(17, 0), time(20, 15), 4, "Gießen",
         "Bürgerhaus Nord", "", 16, "de, ar"]
    )  # fmt: skip
    sheet.append(["", f"BQ-{year}-01", "", date(year, 3, 21), time(17, 0), time(20, 15), 4])
    for row in sheet.iter_rows(min_row=2, max_row=3):
        row[3].number_format = "DD.MM.YYYY"
        row[4].number_format = row[5].number_format = "HH:MM"
    for column, width in zip("ABCDEFGHIJKL", (34, 14, 30, 12, 8, 8, 6, 16, 22, 28, 8, 14), strict=True):
        sheet.column_dimensions[column].width = width
    notes = workbook.create_sheet("Hinweise")
    with translation.override("de"):
        for key, header in HEADERS.items():
            notes.append([header, str(COLUMN_HELP[key])])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 100
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def column_help() -> list[tuple[str, str, bool]]:
    """Header, help and whether it is required, for the upload page."""
    return [(header, str(COLUMN_HELP[key]), key in REQUIRED) for key, header in HEADERS.items()]
