"""Import organisations from CSV or XLSX: upload → preview (per-row errors, likely duplicates) → confirm.

Reading a file changes nothing: ``import_job_create`` stores the parsed rows with their validation as
an ``ImportJob`` in preview. Confirming (``import_job_start``) queues the background task that writes
the rows (``import_job_run``).

Transactions, and why: every row is written by ``services.organisation_create_by_staff`` in its own
transaction. One transaction for a whole file would hold the database's write lock for as long as the
import runs (on SQLite every other writer of the site would wait) and would hide the progress from the
status page until the very end. "Nothing is written if any row fails" is kept by checking every row
again, with the rules the preview used, right before the first write: if any row fails then and staff
did not choose to skip failing rows, the job stops before writing anything. Only a row that fails
*while* it is written (the database refusing it) can stop an import half-way; the status page then
names that row, and the rows written before it stay (each is a complete, valid profile).
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.organisations.models import FieldOfAction, ImportJob, Organisation
from vielfalt.regions.models import Municipality

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("name", "kind", "municipality", "contact_email")
OPTIONAL_COLUMNS = (
    "short_name", "legal_form", "register_court", "register_number", "founded_year", "description", "website",
    "languages", "fields_of_action",
)  # fmt: skip
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60  # a sheet with thousands of (empty) columns is not an organisation list
MAX_RECORDS = 3 * MAX_ROWS  # records read at most, blank ones included
MAX_MESSAGES = 1_000
SIMILARITY = 0.85

# Written forms of the legal form that people put in spreadsheets, besides our codes and labels.
LEGAL_FORM_ALIASES = {
    "e.v.": Organisation.LegalForm.EV,
    "ev": Organisation.LegalForm.EV,
    "verein": Organisation.LegalForm.EV,
    "eingetragener verein": Organisation.LegalForm.EV,
    "ggmbh": Organisation.LegalForm.GGMBH,
    "stiftung": Organisation.LegalForm.FOUNDATION,
    "initiative": Organisation.LegalForm.INITIATIVE,
    "körperschaft": Organisation.LegalForm.PUBLIC_BODY,
    "kdör": Organisation.LegalForm.PUBLIC_BODY,
}


def validate_plain_text(value: str) -> None:
    """Descriptions are plain text: markup (and with it any script) is refused, not silently removed."""
    if re.search(r"<\s*[/!?a-zA-Z]", value):
        raise ValidationError(_("Bitte schreiben Sie einfachen Text ohne HTML-Auszeichnungen oder Skripte."))


# --- reading the file -----------------------------------------------------------------------------


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]]  # {"line": n, "values": {column: text}, "errors": [...]}
    unknown_columns: list[str]


def _file_error(message: str) -> ApplicationError:
    return ApplicationError(message, field="file")


def _column_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")  # also strips the byte-order mark Excel writes
    except UnicodeDecodeError:
        raise _file_error(
            _("Die Datei ist nicht in UTF-8 gespeichert. Bitte speichern Sie sie als „CSV UTF-8“.")
        ) from None
    if "\x00" in text:
        raise _file_error(_("Die Datei ist keine Textdatei. Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return [[cell.strip() for cell in record] for record in islice(reader, MAX_RECORDS + 1)]
    except csv.Error as error:
        raise _file_error(
            _("Die CSV-Datei ist beschädigt (%(detail)s). Bitte prüfen Sie Anführungszeichen und Trennzeichen.")
            % {"detail": error}
        ) from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_RECORDS + 1, values_only=True)
            return [[_cell_text(value) for value in record] for record in rows]
        finally:
            workbook.close()
    except Exception:  # a broken or foreign file fails openpyxl in many ways; all mean "not readable"
        logger.info("unreadable xlsx upload", exc_info=True)
        raise _file_error(_("Die Datei lässt sich nicht als Excel-Datei (XLSX) lesen.")) from None


def parse_upload(*, name: str, content: bytes) -> ParsedFile:
    """Read the rows of an uploaded CSV (UTF-8, with or without BOM, ``,`` or ``;``) or XLSX file."""
    if len(content) > MAX_FILE_SIZE:
        raise _file_error(_("Die Datei ist größer als 5 MB."))
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        records = _read_csv(content)
    elif suffix == ".xlsx":
        records = _read_xlsx(content)
    else:
        raise _file_error(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
    # Keep the row numbers a spreadsheet shows (header = 1), so staff can find a row that failed.
    numbered = [(line, record) for line, record in enumerate(records, start=1) if any(record)]
    if not numbered:
        raise _file_error(_("Die Datei ist leer."))
    keys = [_column_key(cell) for cell in numbered[0][1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in keys]
    if missing:
        raise _file_error(
            _("Es fehlen Pflichtspalten: %(columns)s. Die Vorlage zeigt alle Spalten.")
            % {"columns": ", ".join(missing)}
        )
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    if repeated:
        raise _file_error(_("Diese Spalten kommen mehrfach vor: %(columns)s.") % {"columns": ", ".join(repeated)})
    if len(numbered) - 1 > MAX_ROWS or len(records) > MAX_RECORDS:
        raise _file_error(
            ngettext(
                "Die Datei hat mehr als %(max)d Zeile. Bitte teilen Sie sie auf.",
                "Die Datei hat mehr als %(max)d Zeilen. Bitte teilen Sie sie auf.",
                MAX_ROWS,
            )
            % {"max": MAX_ROWS}
        )
    rows: list[dict[str, Any]] = []
    for line, record in numbered[1:]:
        values = {key: cell for key, cell in zip(keys, record, strict=False) if key in COLUMNS}
        errors = []
        if any(record[len(keys) :]):
            errors.append(
                {
                    "column": "",
                    "message": _("Die Zeile hat mehr Spalten als die Kopfzeile. Ist ein Trennzeichen zu viel?"),
                }
            )
        rows.append({"line": line, "values": values, "errors": errors})
    if not rows:
        raise _file_error(_("Die Datei enthält nur die Kopfzeile, aber keine Organisationen."))
    return ParsedFile(rows=rows, unknown_columns=[key for key in keys if key and key not in COLUMNS])


# --- checking the rows ----------------------------------------------------------------------------


def normalized_name(name: str) -> str:
    """Compare names without case, umlauts, accents, punctuation and the legal-form suffix."""
    text = name.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return re.sub(r"\s(e v|ggmbh|gmbh)$", "", text)


def _close(matcher: difflib.SequenceMatcher[str], name: str) -> bool:
    """Is ``name`` at least 85 % like the matcher's second sequence (cheap bounds first)?"""
    matcher.set_seq1(name)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and matcher.ratio() >= SIMILARITY
    )


@dataclass
class Lookups:
    """What checking a file needs, loaded once per file (not once per row)."""

    municipalities_by_ags: dict[str, Municipality]
    municipalities_by_name: dict[str, Municipality]
    terms: dict[str, FieldOfAction]
    # normalized name → (name, pk, municipality name) of every profile, and per municipality
    existing_by_name: dict[str, tuple[str, int, str]]
    existing_by_municipality: dict[int, list[tuple[str, str, int]]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        municipalities = list(Municipality.objects.all())
        by_pk = {municipality.pk: municipality for municipality in municipalities}
        terms: dict[str, FieldOfAction] = {}
        for term in FieldOfAction.objects.all():
            terms[term.name.casefold()] = term
            terms[term.slug.casefold()] = term
        by_name: dict[str, tuple[str, int, str]] = {}
        by_municipality: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for pk, name, municipality_id in Organisation.objects.values_list("pk", "name", "municipality_id"):
            normal = normalized_name(name)
            place = by_pk[municipality_id].name if municipality_id in by_pk else ""
            by_name.setdefault(normal, (name, pk, place))
            by_municipality[municipality_id].append((normal, name, pk))
        return cls(
            municipalities_by_ags={municipality.ags: municipality for municipality in municipalities},
            municipalities_by_name={municipality.name.casefold(): municipality for municipality in municipalities},
            terms=terms,
            existing_by_name=by_name,
            existing_by_municipality=by_municipality,
        )


def _choices_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    lookup = {}
    with translation.override("de"):
        for value, label in choices:
            if value:
                lookup[value.casefold()] = value
                lookup[str(label).casefold()] = value
    return lookup


class ImportRowForm(forms.Form):
    """The rules for one row; messages name the column, so staff can fix the file."""

    name = forms.CharField(max_length=200)
    short_name = forms.CharField(max_length=60, required=False)
    kind = forms.CharField()
    legal_form = forms.CharField(required=False)
    register_court = forms.CharField(max_length=80, required=False)
    register_number = forms.CharField(
        max_length=20, required=False, validators=Organisation._meta.get_field("register_number").validators
    )
    founded_year = forms.IntegerField(required=False, min_value=1800)
    description = forms.CharField(max_length=5000, required=False, validators=[validate_plain_text])
    website = forms.URLField(max_length=200, required=False, assume_scheme="https")
    languages = forms.CharField(required=False)
    fields_of_action = forms.CharField(required=False)
    municipality = forms.CharField()
    contact_email = forms.EmailField()

    def __init__(self, data: dict[str, str], *, lookups: Lookups) -> None:
        super().__init__(data)
        self.lookups = lookups

    def clean_kind(self) -> str:
        value = self.cleaned_data["kind"]
        kind = _choices_lookup(Organisation.Kind.choices).get(value.casefold())
        if kind is None:
            raise forms.ValidationError(
                _("„%(value)s“ ist keine bekannte Art. Erlaubt sind: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(Organisation.Kind.values)}
            )
        return kind

    def clean_legal_form(self) -> str:
        value = self.cleaned_data["legal_form"]
        if not value:
            return ""
        lookup = {**_choices_lookup(Organisation.LegalForm.choices), **LEGAL_FORM_ALIASES}
        legal_form = lookup.get(value.casefold())
        if legal_form is None:
            raise forms.ValidationError(
                _("„%(value)s“ ist keine bekannte Rechtsform. Erlaubt sind: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(Organisation.LegalForm.values)}
            )
        return str(legal_form)

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Das Gründungsjahr liegt in der Zukunft."))
        return cast("int | None", year)

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in re.split(r"[,;\s]+", self.cleaned_data["languages"]) if code.strip()]
        wrong = [code for code in codes if not re.fullmatch(r"[a-z]{2,3}", code)]
        if wrong:
            raise forms.ValidationError(
                _("Bitte Sprachen als Kürzel angeben, zum Beispiel „de, tr, ar“. Nicht erkannt: %(codes)s")
                % {"codes": ", ".join(wrong)}
            )
        return sorted(set(codes))

    def clean_fields_of_action(self) -> list[FieldOfAction]:
        names = [name.strip() for name in re.split(r"[,;]", self.cleaned_data["fields_of_action"]) if name.strip()]
        unknown = [name for name in names if name.casefold() not in self.lookups.terms]
        if unknown:
            raise forms.ValidationError(_("Unbekannte Handlungsfelder: %(names)s.") % {"names": ", ".join(unknown)})
        return list(
            {self.lookups.terms[name.casefold()].pk: self.lookups.terms[name.casefold()] for name in names}.values()
        )

    def clean_municipality(self) -> Municipality:
        value = self.cleaned_data["municipality"]
        # A spreadsheet that took the AGS for a number dropped its leading zero: 6531005 → 06531005.
        ags = value.zfill(8) if value.isdigit() else value
        municipality = self.lookups.municipalities_by_ags.get(ags) or self.lookups.municipalities_by_name.get(
            value.casefold()
        )
        if municipality is None:
            raise forms.ValidationError(
                _(
                    "„%(value)s“ ist keine hessische Gemeinde. Bitte den Namen genau oder den Gemeindeschlüssel (AGS) angeben."
                )
                % {"value": value}
            )
        return municipality


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: list[dict[str, str]]
    duplicates: list[dict[str, Any]]
    cleaned: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "values": self.values, "errors": self.errors, "duplicates": self.duplicates}

    def service_data(self) -> dict[str, Any]:
        assert self.cleaned is not None
        return {key: self.cleaned[key] for key in COLUMNS}


def _flag_duplicates(results: list[RowResult], municipalities: list[Municipality | None], lookups: Lookups) -> None:
    """Flag rows whose name is like a profile's in the same municipality, or like an earlier row's there,
    or the same as any profile's. The matcher keeps one name as its second sequence while the rows are
    compared with it: difflib caches what it learns about that sequence.
    """
    normals = [normalized_name(result.values.get("name", "")) for result in results]
    rows_in: dict[int, list[int]] = defaultdict(list)
    for index, municipality in enumerate(municipalities):
        if municipality is not None and normals[index]:
            rows_in[municipality.pk].append(index)
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None)
    flagged: list[set[int]] = [set() for _result in results]
    for municipality_pk, indexes in rows_in.items():
        place = municipalities[indexes[0]].name  # type: ignore[union-attr]
        for other_normal, other_name, pk in lookups.existing_by_municipality.get(municipality_pk, []):
            matcher.set_seq2(other_normal)
            for index in indexes:
                if _close(matcher, normals[index]):
                    results[index].duplicates.append({"name": other_name, "organisation": pk, "municipality": place})
                    flagged[index].add(pk)
        for position, index in enumerate(indexes):
            matcher.set_seq2(normals[index])
            for earlier in indexes[:position]:
                if _close(matcher, normals[earlier]):
                    results[index].duplicates.append({"name": "", "line": results[earlier].line, "municipality": place})
    for index, normal in enumerate(normals):
        same = lookups.existing_by_name.get(normal) if normal else None
        if same is not None and same[1] not in flagged[index]:
            results[index].duplicates.append({"name": same[0], "organisation": same[1], "municipality": same[2]})


def validate_rows(rows: list[dict[str, Any]], lookups: Lookups) -> list[RowResult]:
    """Check every row and flag likely duplicates (of profiles and of earlier rows in the file)."""
    results = []
    municipalities: list[Municipality | None] = []
    for row in rows:
        values = {key: str(value) for key, value in row["values"].items() if key in COLUMNS}
        form = ImportRowForm(values, lookups=lookups)
        valid = form.is_valid()
        errors = [error for error in row.get("errors", []) if not error.get("column")]
        for column, messages in form.errors.items():
            errors += [{"column": column, "message": str(message)} for message in messages]
        municipalities.append(form.cleaned_data.get("municipality"))
        results.append(
            RowResult(
                line=row["line"],
                values=values,
                errors=errors,
                duplicates=[],
                cleaned=form.cleaned_data if valid and not errors else None,
            )
        )
    _flag_duplicates(results, municipalities, lookups)
    return results


# --- the job --------------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, by: User, file_name: str, content: bytes) -> ImportJob:
    """Read and check an uploaded file; the result is a job in preview (nothing else is written)."""
    parsed = parse_upload(name=file_name, content=content)
    results = validate_rows(parsed.rows, Lookups.load())
    return ImportJob.objects.create(
        created_by=by,
        file_name=PurePath(file_name).name[:200],
        rows=[result.as_json() for result in results],
        unknown_columns=parsed.unknown_columns,
        total=len(results),
    )


@transaction.atomic
def import_job_start(*, job: ImportJob, by: User, skip_failing: bool, skip_duplicates: bool) -> ImportJob:
    """Staff confirm the preview: queue the write (it runs in the background)."""
    from vielfalt.organisations.tasks import import_organisations

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEW:
        raise ApplicationError(_("Dieser Import wurde schon gestartet."))
    failing = sum(1 for row in job.rows if row["errors"])
    if failing and not skip_failing:
        raise ApplicationError(
            ngettext(
                "%(count)d Zeile ist fehlerhaft. Korrigieren Sie die Datei oder wählen Sie, fehlerhafte Zeilen zu überspringen.",
                "%(count)d Zeilen sind fehlerhaft. Korrigieren Sie die Datei oder wählen Sie, fehlerhafte Zeilen zu überspringen.",
                failing,
            )
            % {"count": failing},
            field="skip_failing",
        )
    if failing == len(job.rows):
        raise ApplicationError(_("Keine Zeile der Datei kann importiert werden."))
    job.status = ImportJob.Status.QUEUED
    job.skip_failing = skip_failing
    job.skip_duplicates = skip_duplicates
    job.total = len(job.rows)
    job.save(update_fields=["status", "skip_failing", "skip_duplicates", "total"])
    audit_record(actor=by, action="organisation.import_started", target=job, data={"rows": job.total})
    # Enqueued inside the transaction: the database backend stores the task together with the job.
    import_organisations.enqueue(job_id=job.pk)
    return job


def _progress(job: ImportJob, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def import_job_run(*, job_id: int) -> None:
    """Write the rows of a queued job, one transaction per row, reporting progress on the job."""
    # Claim the job atomically: a task delivered twice must not import twice.
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    ):
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    language = job.created_by.preferred_language if job.created_by else "de"
    with translation.override(language):
        try:
            _run(job)
        except Exception:
            logger.exception("import job %s failed", job_id)
            _progress(
                job,
                status=ImportJob.Status.FAILED,
                finished_at=timezone.now(),
                rows=[],
                messages=[{"line": None, "message": _("Der Import ist wegen eines unerwarteten Fehlers abgebrochen.")}],
            )
            raise


def _run(job: ImportJob) -> None:
    results = validate_rows(job.rows, Lookups.load())
    messages: list[dict[str, Any]] = [
        {"line": result.line, "message": "; ".join(_error_text(error) for error in result.errors)}
        for result in results
        if result.errors
    ]
    if messages and not job.skip_failing:
        # The data changed since the preview (e.g. a term was deleted): write nothing.
        _progress(
            job,
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            failed=len(messages),
            rows=[],
            messages=[
                {
                    "line": None,
                    "message": _("Seit der Vorschau sind Zeilen fehlerhaft geworden. Es wurde nichts angelegt."),
                },
                *messages[:MAX_MESSAGES],
            ],
        )
        return
    counts = {"processed": 0, "created": 0, "failed": 0, "skipped": 0}
    status = ImportJob.Status.DONE
    for result in results:
        if result.errors:
            counts["failed"] += 1
        elif result.duplicates and job.skip_duplicates:
            counts["skipped"] += 1
        else:
            try:
                _create(job, result)
            except (ApplicationError, DatabaseError) as error:
                logger.warning("import job %s: row %s not written: %s", job.pk, result.line, error)
                counts["failed"] += 1
                messages.append({"line": result.line, "message": str(error)})
                if not job.skip_failing:
                    status = ImportJob.Status.FAILED
                    counts["processed"] += 1
                    break
            else:
                counts["created"] += 1
        counts["processed"] += 1
        _progress(job, **counts)
    _progress(job, **counts, status=status, finished_at=timezone.now(), rows=[], messages=messages[:MAX_MESSAGES])


def _create(job: ImportJob, result: RowResult) -> Organisation:
    from vielfalt.organisations.services import organisation_create_by_staff

    return organisation_create_by_staff(by=cast(User, job.created_by), data=result.service_data())


def _error_text(error: dict[str, str]) -> str:
    return f"{error['column']}: {error['message']}" if error.get("column") else error["message"]


# --- the template ---------------------------------------------------------------------------------

TEMPLATE_EXAMPLE = {
    "name": "Beispielverein für Begegnung e.V.",
    "kind": "migrant",
    "municipality": "06531005",
    "contact_email": "kontakt@beispielverein.example",
    "short_name": "Begegnung",
    "legal_form": "ev",
    "register_court": "Amtsgericht Gießen",
    "register_number": "VR 1234",
    "founded_year": "2015",
    "description": "Sprachcafé, Hausaufgabenhilfe und Feste für die ganze Nachbarschaft.",
    "website": "https://beispielverein.example",
    "languages": "de, tr, ar",
    "fields_of_action": "bildung, Sprache",
}

COLUMN_HELP = {
    "name": gettext_lazy("Name der Organisation (Pflicht)"),
    "kind": gettext_lazy("Art (Pflicht): Kürzel oder Bezeichnung"),
    "municipality": gettext_lazy("Gemeinde (Pflicht): Gemeindeschlüssel (AGS) oder genauer Name"),
    "contact_email": gettext_lazy("Kontakt-E-Mail-Adresse (Pflicht, wird nie angezeigt)"),
    "short_name": gettext_lazy("Kurzname"),
    "legal_form": gettext_lazy("Rechtsform: Kürzel, Bezeichnung oder „e.V.“"),
    "register_court": gettext_lazy("Registergericht"),
    "register_number": gettext_lazy("Registernummer, zum Beispiel „VR 12345“"),
    "founded_year": gettext_lazy("Gründungsjahr"),
    "description": gettext_lazy("Beschreibung (Deutsch, ohne HTML)"),
    "website": gettext_lazy("Website"),
    "languages": gettext_lazy("Sprachen: Kürzel mit Komma getrennt, zum Beispiel „de, tr“"),
    "fields_of_action": gettext_lazy("Handlungsfelder: Kürzel oder deutsche Namen mit Komma getrennt"),
}


def template_csv() -> str:
    """The template staff fill in: the header and one example row (UTF-8 with BOM, ``;``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[column] for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
