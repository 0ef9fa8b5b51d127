"""Reading import files (CSV in its usual dialects, XLSX) and checking their rows."""

import io

import openpyxl
import pytest
from django.utils import translation

from vielfalt.core.errors import ApplicationError
from vielfalt.organisations.imports.parsing import COLUMNS, MAX_FILE_SIZE, parse_upload, template_csv
from vielfalt.organisations.imports.rows import Lookups, normalized_name, validate_rows
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    # Messages and headers are checked in German, whatever an earlier test left active.
    with translation.override("de"):
        yield


HEADER = ["name", "kind", "municipality", "contact_email", "fields_of_action", "languages", "founded_year"]
ROWS = [
    ["Eritreische Gemeinschaft Gießen e.V.", "migrant", "06531005", "info@eritrea.example", "bildung, Sprache", "ti, de", "2004"],
    ["Afghanischer Frauenverein Kassel e.V.", "Migrantenorganisation", "Kassel", "frauen@afghan.example", "", "fa", ""],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _vocabulary():
    FieldOfAction.objects.get_or_create(slug="bildung", defaults={"name": "Bildung"})
    FieldOfAction.objects.get_or_create(slug="sprache", defaults={"name": "Sprache"})


def csv_bytes(rows, *, delimiter=",", bom=False, header=HEADER):
    text = "\r\n".join(
        delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in [header, *rows]
    )
    return (("\ufeff" if bom else "") + text + "\r\n").encode()


def xlsx_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _errors(rows):
    return [result.errors for result in validate_rows(rows, Lookups.load())]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("liste.csv", csv_bytes(ROWS)),
        ("liste.CSV", csv_bytes(ROWS, delimiter=";", bom=True)),
        ("liste.csv", csv_bytes(ROWS, delimiter=";")),
        ("liste.xlsx", xlsx_bytes(ROWS)),
    ],
    ids=["csv-comma", "csv-semicolon-bom", "csv-semicolon", "xlsx"],
)
def test_every_dialect_reads_the_same_rows(name, content):
    parsed = parse_upload(content=content)
    assert [row["line"] for row in parsed.rows] == [2, 3]
    assert parsed.rows[0]["values"]["name"] == "Eritreische Gemeinschaft Gießen e.V."
    assert parsed.rows[0]["values"]["fields_of_action"] == "bildung, Sprache"
    assert parsed.unknown_columns == []
    results = validate_rows(parsed.rows, Lookups.load())
    assert [result.errors for result in results] == [[], []]
    first, second = (result.cleaned for result in results)
    assert first["municipality"].ags == "06531005"
    assert sorted(term.slug for term in first["fields_of_action"]) == ["bildung", "sprache"]
    assert first["languages"] == ["de", "ti"]
    assert first["founded_year"] == 2004
    assert second["kind"] == "migrant" and second["municipality"].name == "Kassel"


def test_xlsx_numbers_are_read_as_text_and_the_ags_keeps_its_zero():
    content = xlsx_bytes([["Verein Zahl", "migrant", 6531005, "a@b.example", None, None, 1999]])
    rows = parse_upload(content=content).rows
    assert rows[0]["values"]["founded_year"] == "1999"
    results = validate_rows(rows, Lookups.load())
    assert results[0].errors == []
    assert results[0].cleaned["municipality"].ags == "06531005"


def test_unknown_columns_are_reported_and_ignored():
    parsed = parse_upload(content=csv_bytes([[*ROWS[0], "x"]], header=[*HEADER, "Lieblingsfarbe"]))
    assert parsed.unknown_columns == ["lieblingsfarbe"]
    assert "lieblingsfarbe" not in parsed.rows[0]["values"]


def test_header_names_are_forgiving_about_case_and_spaces():
    header = ["Name", " Kind", "MUNICIPALITY", "Contact Email"]
    parsed = parse_upload(content=csv_bytes([ROWS[0][:4]], header=header))
    assert set(parsed.rows[0]["values"]) == {"name", "kind", "municipality", "contact_email"}


def test_blank_lines_are_skipped_but_line_numbers_stay_true():
    content = b"name,kind,municipality,contact_email\r\n\r\nVerein,migrant,Kassel,a@b.example\r\n"
    assert [row["line"] for row in parse_upload(content=content).rows] == [3]


def test_a_row_with_too_many_cells_is_a_row_error():
    content = b"name,kind,municipality,contact_email\r\nVerein,migrant,Kassel,a@b.example,zu viel\r\n"
    rows = parse_upload(content=content).rows
    assert "mehr Spalten als die Kopfzeile" in rows[0]["errors"][0]["message"]
    assert validate_rows(rows, Lookups.load())[0].cleaned is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.pdf", b"%PDF-1.4 eine Broschuere", "weder CSV noch XLSX"),
        ("liste.xls", b"\xd0\xcf\x11\xe0", "alten Excel-Format (XLS)"),
        ("liste.csv", b"", "Die Datei ist leer."),
        ("liste.csv", b"\r\n\r\n", "Die Datei ist leer."),
        ("liste.csv", b"name,kind\r\nVerein,migrant\r\n", "Es fehlen Pflichtspalten: municipality, contact_email."),
        ("liste.csv", b"name,kind,municipality,contact_email\r\n", "nur die Kopfzeile"),
        ("liste.csv", b"name,name,kind,municipality,contact_email\r\n", "mehrfach vor: name"),
        ("liste.csv", b'name,kind,municipality,contact_email\r\n"Verein,migrant,Kassel,a@b.example\r\n', "beschädigt"),
        ("liste.csv", b"\x00\x01\x02name", "weder CSV noch XLSX"),
        ("liste.xlsx", b"PK\x03\x04 not really a zip", "weder CSV noch XLSX"),
        ("liste.csv", b"x" * (MAX_FILE_SIZE + 1), "zu groß"),
    ],
    ids=[
        "pdf", "xls", "empty", "blank", "missing-columns", "header-only", "repeated-column", "broken-quote",
        "binary", "broken-zip", "oversize",
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ApplicationError) as error:
        parse_upload(content=content)
    assert error.value.field == "file"
    assert message in str(error.value)


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes(ROWS),  # named .txt or anything: the content decides
        csv_bytes(ROWS).decode("utf-8").encode("cp1252", errors="replace"),  # Excel's CSV on German Windows
    ],
    ids=["any-name", "windows-1252"],
)
def test_a_list_is_read_by_its_content(content):
    assert parse_upload(content=content).rows


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr("vielfalt.organisations.imports.parsing.MAX_ROWS", 3)
    content = csv_bytes([ROWS[0]] * 4)
    with pytest.raises(ApplicationError, match="mehr als 3 Zeilen"):
        parse_upload(content=content)


def _row(**values):
    base = dict(zip(HEADER, ROWS[0], strict=True))
    base.update(values)
    return {"line": 2, "values": base, "errors": []}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("municipality", "Atlantis", "„Atlantis“ ist keine hessische Gemeinde."),
        ("municipality", "", "Dieses Feld ist zwingend erforderlich."),
        ("kind", "Verein", "„Verein“ ist keine bekannte Art."),
        ("contact_email", "keine-adresse", "gültige E-Mail-Adresse"),
        ("founded_year", "2999", "Das Gründungsjahr liegt in der Zukunft."),
        ("founded_year", "neunzehnhundert", "ganze Zahl"),
        ("register_number", "12345", "Registernummer"),
        ("legal_form", "GmbH", "keine bekannte Rechtsform"),
        ("fields_of_action", "bildung, Raumfahrt", "Unbekannte Handlungsfelder: Raumfahrt."),
        ("languages", "deutsch", "Nicht erkannt: deutsch"),
        ("description", "Hallo <script>alert(1)</script>", "ohne HTML"),
        ("website", "nicht eine adresse", "gültige Adresse"),
        ("name", "", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_row_errors_name_the_column(column, value, message):
    [errors] = _errors([_row(**{column: value})])
    assert [error["column"] for error in errors] == [column]
    assert message in errors[0]["message"]


def test_labels_and_abbreviations_are_understood():
    rows = [_row(kind="WIR-Lotsen-Träger", legal_form="e.V.", municipality="gießen", fields_of_action="BILDUNG")]
    [result] = validate_rows(rows, Lookups.load())
    assert result.errors == []
    assert (result.cleaned["kind"], result.cleaned["legal_form"]) == ("lotsen", "ev")


def test_names_are_compared_without_case_umlauts_and_legal_form():
    assert normalized_name("Kulturverein Brücke e.V.") == normalized_name("KULTURVEREIN BRUECKE")
    assert normalized_name("Çağdaş Eğitim") == normalized_name("Cagdas Egitim")


def test_likely_duplicates_are_flagged():
    existing = OrganisationFactory(name="Deutsch-Türkischer Kulturverein Gießen e.V.")
    OrganisationFactory(name="Eritreische Gemeinschaft", municipality=Municipality.objects.get(ags="06611000"))
    rows = [
        _row(name="Deutsch-Tuerkischer Kulturverein Giessen"),  # similar, same municipality
        _row(name="Deutsch-Türkischer Kulturverein Gießen e.V.", municipality="Kassel"),  # same name elsewhere
        _row(name="Griechische Gemeinde Kassel", municipality="Kassel"),  # different enough
        _row(name="Eritreische Gemeinschaft e.V.", municipality="Gießen"),  # same name elsewhere
        _row(name="Sprachcafé Gießen"),
        _row(name="Sprachcafe Giessen e.V."),  # repeats the row above
    ]
    for line, row in enumerate(rows, start=2):
        row["line"] = line
    results = validate_rows(rows, Lookups.load())
    assert [result.errors for result in results] == [[]] * 6
    assert results[0].duplicates == [{"name": existing.name, "organisation": existing.pk, "municipality": "Gießen"}]
    assert results[1].duplicates[0]["organisation"] == existing.pk
    assert results[2].duplicates == []
    assert results[3].duplicates[0]["name"] == "Eritreische Gemeinschaft"
    assert results[4].duplicates == []
    assert results[5].duplicates == [{"name": "", "line": 6, "municipality": "Gießen"}]


def test_the_template_reads_back_without_errors():
    content = template_csv().encode()
    assert content.startswith("\ufeff".encode())
    parsed = parse_upload(content=content)
    assert list(parsed.rows[0]["values"]) == list(COLUMNS)
    assert [result.errors for result in validate_rows(parsed.rows, Lookups.load())] == [[]]
