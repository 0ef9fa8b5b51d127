"""Importing a year's plan of course runs (CSV or XLSX): who may, the preview, confirming (all runs or
none), the duplicates and bad files that are refused, the template."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event
from vielfalt.qualification.models import CourseRun, CourseSession
from vielfalt.qualification.runs import imports, services
from vielfalt.qualification.tests.factories import ModuleFactory, run_with_sessions

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous", "outsider", "member", "org_admin", "lotse", "coordinator", "other_coordinator", "staff_no_mfa",
    "staff", "ministry",
]  # fmt: skip
NEXT_YEAR = timezone.localdate().year + 1
HEADER = "Modul;Kursnummer;Titel;Datum;Beginn;Ende;UE;Ort;Veranstaltungsort;Zugangslink;Plätze;Sprachen"


def day(month: int, dom: int) -> str:
    return date(NEXT_YEAR, month, dom).strftime("%d.%m.%Y")


def csv_file(*lines: str, name: str = "kurse.csv", header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode())


@pytest.fixture
def module():
    return ModuleFactory.create(slug="rolle", title="Rolle und Selbstverständnis")


@pytest.fixture
def plan(module):
    """Two courses: BQ-1 with three dates in Gießen, and an online course with one date (by title)."""
    return [
        f"rolle;BQ-1;;{day(3, 14)};17:00;20:15;4;Gießen;Bürgerhaus Nord;;16;de, Arabisch",
        f";BQ-1;;{day(3, 21)};17:00;20:15;4;;;;;",
        f"rolle;BQ-1;;{day(3, 28)};17:00;19:30;2,5;gießen;;;16;",
        f"Rolle und Selbstverständnis;;Rolle – online;{day(4, 2)};18:00;20:00;2;online;;https://meet.example/bq;25;",
    ]


def as_persona(client, everyone, persona):
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


def import_url(network):
    return reverse("qualification:trager_run_import", kwargs={"slug": network.trager.slug})


def confirm_url(network):
    return reverse("qualification:trager_run_import_confirm", kwargs={"slug": network.trager.slug})


def upload(client, url, file):
    return client.post(url, {"file": file})


def token_of(response) -> str:
    return response.context["form"].initial["plan"]


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_tragers_import_is_for_its_coordinator_and_the_team(client, everyone, network, persona):
    as_persona(client, everyone, persona)

    response = client.get(import_url(network))

    if persona in {"coordinator", "staff"}:
        assert response.status_code == 200
        assert "Kurse importieren" in response.content.decode()
    elif persona in {"anonymous", "staff_no_mfa"}:
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_who_may_import_can_confirm(client, everyone, network, plan, persona):
    login(client, network.coordinator)
    token = token_of(upload(client, import_url(network), csv_file(*plan)))
    client.logout()
    as_persona(client, everyone, persona)

    response = client.post(confirm_url(network), {"plan": token})

    if persona == "coordinator":
        assert response.status_code == 302
        assert CourseRun.objects.count() == 2
        return
    assert CourseRun.objects.count() == 0
    if persona == "staff":  # the token was signed for the coordinator: the team has to upload itself
        assert response.status_code == 302
        assert response["Location"] == import_url(network)
    elif persona in {"anonymous", "staff_no_mfa"}:
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_centres_import_is_for_the_team(client, everyone, persona):
    as_persona(client, everyone, persona)

    response = client.get(reverse("staff:course_run_import"))

    if persona == "staff":
        assert response.status_code == 200
    elif persona in {"anonymous", "staff_no_mfa", "ministry"}:
        assert response.status_code == 302  # login, the second factor, the ministry's own page
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_template_is_for_whoever_creates_runs(client, everyone, organisation, persona):
    as_persona(client, everyone, persona)

    response = client.get(reverse("qualification:run_import_template"))

    if persona in {"coordinator", "other_coordinator", "org_admin", "staff"}:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    elif persona in {"anonymous", "staff_no_mfa"}:
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_an_unverified_trager_cannot_import(client, network):
    network.trager.status = network.trager.Status.PENDING
    network.trager.save(update_fields=["status"])
    login(client, network.coordinator)

    assert client.get(import_url(network)).status_code == 403


def test_the_dashboard_and_the_catalogue_link_to_the_import(client, everyone, network):
    login(client, network.coordinator)
    dashboard = client.get(reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug}))
    assert import_url(network) in dashboard.content.decode()
    client.logout()
    login(client, everyone["staff"])
    catalogue = client.get(reverse("staff:catalogue"))
    assert reverse("staff:course_run_import") in catalogue.content.decode()


# --- the flow -------------------------------------------------------------------------------------------


def test_upload_shows_a_preview_and_creates_nothing(client, network, plan):
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(*plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Wird als Entwurf angelegt: 3 Termine, <bdi>10,5</bdi> UE." in page
    assert "Wird als Entwurf angelegt: 1 Termin, <bdi>2</bdi> UE." in page
    assert "2 Kurse anlegen" in page
    assert CourseRun.objects.count() == 0


def test_confirming_creates_every_run_as_a_draft_of_the_trager(client, network, plan, module):
    login(client, network.coordinator)
    token = token_of(upload(client, import_url(network), csv_file(*plan)))

    response = client.post(confirm_url(network), {"plan": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug})
    first, online = CourseRun.objects.order_by("event__starts_at").select_related("event")
    assert first.reference == "BQ-1" and first.module == module
    assert first.event.organiser == network.trager
    assert first.event.status == Event.Status.DRAFT
    assert first.event.kind == Event.Kind.TRAINING
    assert first.event.title == "Rolle und Selbstverständnis"  # empty title: the module's
    assert first.event.municipality.name == "Gießen"
    assert first.event.venue_name == "Bürgerhaus Nord"
    assert first.event.capacity == 16
    assert first.event.languages == ["de", "ar"]
    assert [str(s.units) for s in first.sessions.order_by("starts_at")] == ["4.0", "4.0", "2.5"]
    assert timezone.localtime(first.event.starts_at).date() == date(NEXT_YEAR, 3, 14)
    assert timezone.localtime(first.event.ends_at).time() == time(19, 30)
    assert online.event.is_online and online.event.online_url == "https://meet.example/bq"
    assert online.event.title == "Rolle – online"
    assert online.reference == ""
    entry = AuditEntry.objects.get(action="course_run.imported")
    assert entry.data["organiser"] == network.trager.pk and len(entry.data["runs"]) == 2


def test_the_team_imports_the_centres_own_runs(client, everyone, plan):
    login(client, everyone["staff"])
    token = token_of(upload(client, reverse("staff:course_run_import"), csv_file(*plan)))

    response = client.post(reverse("staff:course_run_import_confirm"), {"plan": token})

    assert response.status_code == 302
    assert CourseRun.objects.count() == 2
    assert not CourseRun.objects.filter(event__organiser__isnull=False).exists()


def test_an_xlsx_file_with_date_and_time_cells(client, network, module):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(imports.HEADERS.values()))
    sheet.append(["rolle", "X-1", "", date(NEXT_YEAR, 5, 4), time(9, 0), time(12, 0), 4, "06531005", "", "", 12, ""])
    content = io.BytesIO()
    workbook.save(content)
    login(client, network.coordinator)

    # The name says CSV; the content is what counts.
    response = upload(client, import_url(network), SimpleUploadedFile("plan.csv", content.getvalue()))
    assert response.status_code == 200
    assert "1 Kurs anlegen" in response.content.decode()
    client.post(confirm_url(network), {"plan": token_of(response)})

    run = CourseRun.objects.get()
    assert timezone.localtime(run.event.starts_at).replace(tzinfo=None).isoformat() == f"{NEXT_YEAR}-05-04T09:00:00"


def test_the_template_itself_imports(client, network, module):
    login(client, network.coordinator)
    template = client.get(reverse("qualification:run_import_template")).content

    response = upload(client, import_url(network), SimpleUploadedFile("vorlage-kurse.xlsx", template))

    assert response.status_code == 200
    assert response.context["failing"] == 0
    (run,) = response.context["runs"]
    assert run.module == module and len(run.sessions) == 2


# --- nothing twice --------------------------------------------------------------------------------------


def test_the_same_file_twice_is_refused_at_upload(client, network, plan):
    login(client, network.coordinator)
    client.post(confirm_url(network), {"plan": token_of(upload(client, import_url(network), csv_file(*plan)))})

    response = upload(client, import_url(network), csv_file(*plan))

    assert response.status_code == 400
    assert "Diese Datei wurde am" in response.content.decode()
    assert "schon importiert" in response.content.decode()
    assert CourseRun.objects.count() == 2


def test_confirming_the_same_preview_twice_creates_nothing_more(client, network, plan):
    login(client, network.coordinator)
    token = token_of(upload(client, import_url(network), csv_file(*plan)))
    client.post(confirm_url(network), {"plan": token})

    response = client.post(confirm_url(network), {"plan": token})

    assert response.status_code == 400
    assert "schon einen Kurs mit der Kursnummer BQ-1" in response.content.decode()
    assert CourseRun.objects.count() == 2


def test_a_run_with_a_taken_reference_refuses_the_whole_file(client, network, plan, module):
    run_with_sessions(days_ago=-30, module=module, organiser=network.other_trager, reference="BQ-1")
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(*plan))

    page = response.content.decode()
    assert "Für dieses Modul gibt es schon einen Kurs mit der Kursnummer BQ-1." in page
    assert "Kurse anlegen" not in page  # no confirmation offered
    response = client.post(confirm_url(network), {"plan": token_of(response)})
    assert response.status_code == 400
    assert "Es wird nichts angelegt" in response.content.decode()
    assert CourseRun.objects.count() == 1


def test_a_run_on_the_same_first_day_of_the_same_organiser_is_refused(client, network, module):
    existing, _sessions = run_with_sessions(days_ago=-40, module=module, organiser=network.trager)
    first = timezone.localtime(existing.event.starts_at).strftime("%d.%m.%Y")
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(f"rolle;;;{first};18:00;20:00;2;Gießen;;;10;"))

    assert "schon einen Kurs desselben Veranstalters" in response.content.decode()


def test_the_same_day_of_another_organiser_is_fine(client, network, module):
    existing, _sessions = run_with_sessions(days_ago=-40, module=module, organiser=network.other_trager)
    first = timezone.localtime(existing.event.starts_at).strftime("%d.%m.%Y")
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(f"rolle;;;{first};18:00;20:00;2;Gießen;;;10;"))

    assert response.context["failing"] == 0


def test_a_run_twice_in_the_file_is_refused(client, network, module):
    login(client, network.coordinator)
    row = f"rolle;;;{day(6, 1)};18:00;20:00;2;Gießen;;;10;"

    response = upload(client, import_url(network), csv_file(row, row))

    assert "Dieser Kurs steht schon weiter oben in der Datei (Zeile 2)." in response.content.decode()


def test_a_failure_while_creating_leaves_nothing(client, network, plan, monkeypatch):
    login(client, network.coordinator)
    token = token_of(upload(client, import_url(network), csv_file(*plan)))
    real = services.course_run_create
    calls = []

    def second_fails(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise services.ApplicationError("Die Datenbank hat abgelehnt.")
        return real(**kwargs)

    monkeypatch.setattr(services, "course_run_create", second_fails)

    response = client.post(confirm_url(network), {"plan": token})

    assert response.status_code == 400
    assert "Die Datenbank hat abgelehnt." in response.content.decode()
    assert CourseRun.objects.count() == 0
    assert CourseSession.objects.count() == 0
    assert not Event.objects.exists()


# --- bad rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (f"unbekannt;;;{day(3, 1)};17:00;19:00;2;Gießen;;;10;", "Unbekanntes Modul „unbekannt“."),
        (f";;;{day(3, 1)};17:00;19:00;2;Gießen;;;10;", "Modul: Bitte geben Sie das Modul an."),
        ("rolle;;;01.01.2020;17:00;19:00;2;Gießen;;;10;", "Der Termin am 01.01.2020 liegt in der Vergangenheit."),
        (f"rolle;;;{day(3, 1)};19:00;17:00;2;Gießen;;;10;", "Ende: Der Termin muss enden, nachdem er begonnen hat."),
        (f"rolle;;;{day(3, 1)};17:00;19:00;-2;Gießen;;;10;", "UE: Die Unterrichtseinheiten können nicht negativ sein."),
        (f"rolle;;;{day(3, 1)};17:00;19:00;zwei;Gießen;;;10;", "UE: Bitte geben Sie eine Zahl an"),
        (f"rolle;;;31.02.{NEXT_YEAR};17:00;19:00;2;Gießen;;;10;", "Datum: Bitte geben Sie ein Datum an"),
        (f"rolle;;;{day(3, 1)};abends;19:00;2;Gießen;;;10;", "Beginn: Bitte geben Sie eine Uhrzeit an"),
        (f"rolle;;;{day(3, 1)};17:00;19:00;2;Atlantis;;;10;", "Unbekannter Ort „Atlantis“."),
        (f"rolle;;;{day(3, 1)};17:00;19:00;2;online;;;10;", "Zugangslink: Für einen Online-Kurs"),
        (f"rolle;;;{day(3, 1)};17:00;19:00;2;online;;kein link;10;", "keine gültige Internetadresse"),
        (f"rolle;;;{day(3, 1)};17:00;19:00;2;Gießen;;;0;", "Plätze: Bitte geben Sie die Zahl der Plätze an"),
        (f"rolle;;;{day(3, 1)};17:00;19:00;2;Gießen;;;10;Klingonisch", "Unbekannte Sprache „Klingonisch“."),
    ],
)
def test_a_bad_row_is_named_and_nothing_can_be_confirmed(client, network, module, row, message):
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(row))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Deshalb wird gar nichts angelegt" in page
    assert 'name="plan"' not in page


def test_an_inactive_module_is_refused(client, network):
    ModuleFactory.create(slug="alt", is_active=False)
    login(client, network.coordinator)

    response = upload(client, import_url(network), csv_file(f"alt;;;{day(3, 1)};17:00;19:00;2;Gießen;;;10;"))

    assert "Dieses Modul ist nicht mehr im Katalog." in response.content.decode()


def test_a_later_row_of_a_course_may_not_contradict_its_first(client, network, module):
    login(client, network.coordinator)

    response = upload(
        client,
        import_url(network),
        csv_file(
            f"rolle;K-1;;{day(3, 1)};17:00;19:00;2;Gießen;;;10;",
            f"rolle;K-1;;{day(3, 8)};17:00;19:00;2;Kassel;;;10;",
        ),
    )

    assert "Zeile 3: Die Spalte „Ort“ sagt etwas anderes als die erste Zeile dieses Kurses (Zeile 2)." in (
        response.content.decode()
    )


# --- bad files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "weder CSV noch XLSX"),
        ("plan.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "weder CSV noch XLSX"),
        ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "im alten Excel-Format (XLS)"),
        ("plan.xlsx", b"PK\x03\x04 not really a zip", "weder CSV noch XLSX"),
        ("plan.csv", b"", "Die Datei ist leer."),
        (
            "plan.csv",
            b"Modul;Datum\r\nrolle;01.01.2030\r\n",
            "Es fehlen Pflichtspalten: Beginn, Ende, UE, Ort, Plätze.",
        ),
        ("plan.csv", (HEADER + "\r\n").encode(), "nur die Kopfzeile"),
        ("plan.csv", b"x" * (2 * 1024 * 1024 + 1), "Die Datei ist zu groß."),
    ],
)
def test_a_bad_file_gets_a_clear_message(client, network, module, name, content, message):
    login(client, network.coordinator)

    response = upload(client, import_url(network), SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert CourseRun.objects.count() == 0


def test_more_than_500_rows_are_refused(client, network, module):
    login(client, network.coordinator)
    rows = [f"rolle;R-{n};;{day(3, 1)};17:00;19:00;2;Gießen;;;10;" for n in range(501)]

    response = upload(client, import_url(network), csv_file(*rows))

    assert response.status_code == 400
    assert "Die Datei hat mehr als 500 Zeilen." in response.content.decode()


def test_a_windows_1252_csv_with_commas_is_read(client, network, module):
    header = HEADER.replace(";", ",")
    content = (header + "\r\n" + f"Rolle und Selbstverständnis,,,{day(3, 1)},17:00,19:00,2,Gießen,,,10,\r\n").encode(
        "cp1252"
    )
    login(client, network.coordinator)

    response = upload(client, import_url(network), SimpleUploadedFile("plan.csv", content))

    assert response.status_code == 200
    assert response.context["failing"] == 0


def test_a_tampered_preview_is_refused(client, network, plan):
    login(client, network.coordinator)
    token = token_of(upload(client, import_url(network), csv_file(*plan)))

    response = client.post(confirm_url(network), {"plan": token[:-3] + "abc"}, follow=True)

    assert "Die Vorschau ist abgelaufen." in response.content.decode()
    assert CourseRun.objects.count() == 0


# --- in the person's language ---------------------------------------------------------------------------


def test_messages_in_english(client, network, module):
    network.coordinator.language = "en"
    login(client, network.coordinator)
    with translation.override("en"):
        url = import_url(network)

    response = upload(
        client,
        url,
        csv_file("rolle;;;01.01.2020;17:00;19:00;2;Gießen;;;10;", f"rolle;;;{day(3, 1)};17:00;19:00;-1;Gießen;;;10;"),
    )

    page = response.content.decode()
    assert "lies in the past" in page
    assert "cannot be negative" in page
    assert "That is why nothing at all is created" in page


def test_the_preview_of_500_rows_needs_few_queries(client, network, module, django_assert_max_num_queries):
    rows = [
        f"rolle;R-{n};;{(date(NEXT_YEAR, 1, 1) + timedelta(days=n % 300)).strftime('%d.%m.%Y')};17:00;19:00;2;Gießen;;;10;"
        for n in range(500)
    ]
    login(client, network.coordinator)
    file = csv_file(*rows)

    with django_assert_max_num_queries(25):
        response = upload(client, import_url(network), file)

    assert response.status_code == 200
