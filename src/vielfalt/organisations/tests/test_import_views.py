"""Importing organisations: upload → preview → confirm → background task → status page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.imports import parsing
from vielfalt.organisations.imports import services as importing
from vielfalt.organisations.models import FieldOfAction, ImportJob, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.organisations.tests.test_import_parse import HEADER, ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    # Pages are checked in German (URLs and texts), whatever an earlier test left active.
    with translation.override("de"):
        yield


BAD_ROW = ["Verein ohne Ort", "migrant", "Atlantis", "ort@verein.example", "", "", ""]


@pytest.fixture(autouse=True)
def _vocabulary():
    FieldOfAction.objects.get_or_create(slug="bildung", defaults={"name": "Bildung"})
    FieldOfAction.objects.get_or_create(slug="sprache", defaults={"name": "Sprache"})


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


def upload(client, name, content):
    return client.post(reverse("staff:organisations_import"), {"file": SimpleUploadedFile(name, content)})


def preview_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse("staff:organisations_import_preview", args=[job.pk])
    return job


def confirm(client, job, **options):
    data = {key: "on" for key, value in options.items() if value}
    return client.post(reverse("staff:organisations_import_preview", args=[job.pk]), data)


def test_preview_shows_row_errors_and_duplicates_and_writes_nothing(staff_client):
    OrganisationFactory(name="Eritreische Gemeinschaft Gießen")
    before = Organisation.objects.count()

    job = preview_of(upload(staff_client, "liste.csv", csv_bytes([*ROWS, BAD_ROW], delimiter=";", bom=True)))
    content = staff_client.get(reverse("staff:organisations_import_preview", args=[job.pk])).content.decode()

    assert job.status == ImportJob.Status.PREVIEW and job.total == 3
    assert "Zeilen mit Fehlern" in content
    assert "„Atlantis“ ist keine hessische Gemeinde." in content
    assert "<code>municipality</code>" in content
    assert "Mögliche Dubletten" in content
    assert "Eritreische Gemeinschaft Gießen</bdi></a> (Gießen)" in content
    assert "2 Organisationen importieren" in content
    assert Organisation.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_with_failing_rows_nothing_is_written_unless_staff_skip_them(staff_client, personas):
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes([*ROWS, BAD_ROW])))

    response = confirm(staff_client, job)

    assert response.status_code == 200
    assert "1 Zeile ist fehlerhaft." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW
    assert not Organisation.objects.exists()

    response = confirm(staff_client, job, skip_failing=True)  # the task runs at once in tests

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:organisations_import_status", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.created, job.failed, job.skipped) == (3, 3, 2, 1, 0)
    assert job.rows == []  # the file's content is not kept once imported
    assert job.messages[0]["line"] == 4 and "Atlantis" in job.messages[0]["message"]
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Afghanischer Frauenverein Kassel e.V.",
        "Eritreische Gemeinschaft Gießen e.V.",
    ]
    eritrea = Organisation.objects.get(name__startswith="Eritreische")
    assert eritrea.status == Organisation.Status.VERIFIED
    assert eritrea.languages == ["de", "ti"]
    assert sorted(eritrea.fields_of_action.values_list("slug", flat=True)) == ["bildung", "sprache"]
    assert "eritreische" in eritrea.search_text
    assert AuditEntry.objects.filter(action="organisation.created", actor=personas.staff).count() == 2
    assert AuditEntry.objects.get(action="organisation.import_started").data == {"rows": 3}

    status = staff_client.get(reverse("staff:organisations_import_status", args=[job.pk])).content.decode()
    assert "abgeschlossen" in status
    assert "3 von 3 Zeilen bearbeitet" in status
    assert "Zeile 4" in status
    assert 'hx-trigger="every 2s"' not in status  # finished: no more polling


def test_an_xlsx_file_without_errors_imports_in_full(staff_client):
    job = preview_of(upload(staff_client, "liste.xlsx", xlsx_bytes(ROWS)))
    assert confirm(staff_client, job).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created, job.failed) == (ImportJob.Status.DONE, 2, 0)
    assert Organisation.objects.count() == 2


def test_likely_duplicates_can_be_left_out(staff_client):
    OrganisationFactory(name="Eritreische Gemeinschaft Giessen")
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes(ROWS)))
    confirm(staff_client, job, skip_duplicates=True)
    job.refresh_from_db()
    assert (job.created, job.skipped) == (1, 1)
    assert Organisation.objects.filter(name__startswith="Eritreische").count() == 1


def test_a_file_where_every_row_fails_cannot_be_started(staff_client):
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes([BAD_ROW])))
    response = confirm(staff_client, job, skip_failing=True)
    assert "Keine Zeile der Datei kann importiert werden." in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_import_starts_only_once(staff_client):
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes(ROWS)))
    confirm(staff_client, job)
    response = confirm(staff_client, job)  # the preview now sends to the status page
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    importing.import_job_run(job_id=job.pk)  # a task delivered twice does nothing
    assert Organisation.objects.count() == 2


def test_rows_that_turned_bad_since_the_preview_stop_a_strict_import(staff_client):
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes(ROWS)))
    FieldOfAction.objects.filter(slug="sprache").delete()  # the first row names it

    confirm(staff_client, job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Es wurde nichts angelegt." in job.messages[0]["message"]
    assert not Organisation.objects.exists()


def test_a_row_the_database_refuses_is_reported(staff_client, monkeypatch):
    job = preview_of(upload(staff_client, "liste.csv", csv_bytes(ROWS)))
    real_create = importing._create

    def refuse_eritrea(job, result):
        if result.values["name"].startswith("Eritreische"):
            from vielfalt.core.errors import ApplicationError

            raise ApplicationError("abgelehnt")
        return real_create(job, result)

    monkeypatch.setattr(importing, "_create", refuse_eritrea)
    confirm(staff_client, job, skip_failing=True)
    job.refresh_from_db()
    assert (job.status, job.created, job.failed) == (ImportJob.Status.DONE, 1, 1)
    assert job.messages == [{"line": 2, "message": "abgelehnt"}]


def test_the_status_page_polls_while_the_import_runs(staff_client, personas):
    job = ImportJob.objects.create(
        created_by=personas.staff, file_name="gross.csv", status=ImportJob.Status.RUNNING, total=200, processed=50
    )
    url = reverse("staff:organisations_import_status", args=[job.pk])

    page = staff_client.get(url).content.decode()
    fragment = staff_client.get(url, headers={"HX-Request": "true"})

    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{url}"' in page
    assert f'<a class="kern-link" href="{url}">Aktualisieren</a>' in page  # without JavaScript
    assert 'value="25"' in page
    assert "50 von 200 Zeilen bearbeitet" in page
    assert fragment.content.decode().startswith('<div id="import-progress"')
    assert "<html" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.pdf", b"%PDF-1.4", "Bitte laden Sie eine CSV- oder XLSX-Datei hoch."),
        ("liste.xlsx", b"PK\x03\x04kaputt", "weder CSV noch XLSX"),
        ("liste.csv", b"name;kind\r\nVerein;migrant\r\n", "Es fehlen Pflichtspalten"),
        ("liste.csv", b"x" * (parsing.MAX_FILE_SIZE + 1), "größer als 5 MB"),
    ],
)
def test_bad_files_get_a_field_error_and_nothing_is_stored(staff_client, name, content, message):
    response = upload(staff_client, name, content)
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content and 'id="id_file_error"' in content
    assert message in content
    assert not ImportJob.objects.exists()


def test_an_upload_without_a_file_is_a_field_error(staff_client):
    response = staff_client.post(reverse("staff:organisations_import"), {})
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()


def test_the_template_can_be_downloaded(staff_client):
    response = staff_client.get(reverse("staff:organisations_import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "vorlage-organisationen.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(parsing.COLUMNS)


def test_the_upload_page_lists_recent_imports(staff_client, personas):
    ImportJob.objects.create(created_by=personas.staff, file_name="maerz.csv", status=ImportJob.Status.DONE, created=12)
    content = staff_client.get(reverse("staff:organisations_import")).content.decode()
    assert "maerz.csv" in content and "abgeschlossen" in content
    assert 'enctype="multipart/form-data"' in content


def test_header_columns_match_the_parse_tests():
    # The shared fixtures must keep using the required columns.
    assert set(parsing.REQUIRED_COLUMNS) <= set(HEADER)
