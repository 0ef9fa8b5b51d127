"""Exporting the directory: the team gets every field, everyone else the public ones of verified profiles."""

import csv
import io

import openpyxl
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from vielfalt.organisations.imports.exporting import public_export
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    # Messages and headers are checked in German, whatever an earlier test left active.
    with translation.override("de"):
        yield


@pytest.fixture
def directory():
    bildung, _created = FieldOfAction.objects.get_or_create(slug="bildung", defaults={"name": "Bildung"})
    kassel = Municipality.objects.get(ags="06611000")
    verified = OrganisationFactory(
        name="Eritreische Gemeinschaft Gießen e.V.",
        contact_email="geheim@eritrea.example",
        website="https://eritrea.example",
        languages=["de", "ti"],
        description="Beratung und Feste.",
        description_translations={"en": "Counselling and festivals."},
    )
    verified.fields_of_action.add(bildung)
    office = OrganisationFactory(name="Integrationsbüro Kassel", kind="integration_office", municipality=kassel)
    pending = OrganisationFactory(name="Wartender Verein", status=Organisation.Status.PENDING)
    archived = OrganisationFactory(name="Archivierter Verein", status=Organisation.Status.ARCHIVED)
    rejected = OrganisationFactory(name="Abgelehnter Verein", status=Organisation.Status.REJECTED)
    return {"verified": verified, "office": office, "pending": pending, "archived": archived, "rejected": rejected}


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel opens UTF-8 only with the byte-order mark
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def get_public(query=""):
    request = RequestFactory().get(f"/de/organisationen/export/{query}")
    return public_export(request)


# --- staff -----------------------------------------------------------------------------------------


def test_staff_export_has_every_status_and_the_contact_email(client, personas, directory):
    login(client, personas.staff)
    response = client.get(reverse("staff:organisations_export"), {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="organisationen-team-{today}.csv"'
    rows = read_csv(response)
    assert {row["name"] for row in rows} == {o.name for o in directory.values()}
    eritrea = next(row for row in rows if row["name"].startswith("Eritreische"))
    assert eritrea["contact_email"] == "geheim@eritrea.example"
    assert eritrea["status"] == "verified"
    assert eritrea["municipality"] == "06531005"
    assert eritrea["fields_of_action"] == "bildung"
    assert eritrea["languages"] == "de, ti"


def test_staff_export_follows_the_list_filter(client, personas, directory):
    login(client, personas.staff)
    rows = read_csv(client.get(reverse("staff:organisations_export"), {"status": "pending", "format": "csv"}))
    assert [row["name"] for row in rows] == ["Wartender Verein"]
    rows = read_csv(client.get(reverse("staff:organisations_export"), {"q": "kassel"}))
    assert [row["name"] for row in rows] == ["Integrationsbüro Kassel"]


def test_staff_export_as_xlsx(client, personas, directory):
    login(client, personas.staff)
    response = client.get(reverse("staff:organisations_export"), {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = read_xlsx(response)
    assert len(rows) == 5
    assert {row["contact_email"] for row in rows} >= {"geheim@eritrea.example"}


def test_staff_export_refuses_unknown_formats_and_filters(client, personas, directory):
    login(client, personas.staff)
    assert client.get(reverse("staff:organisations_export"), {"format": "pdf"}).status_code == 400
    assert client.get(reverse("staff:organisations_export"), {"status": "vielleicht"}).status_code == 400


def test_staff_export_queries_do_not_grow_with_the_organisations(client, personas, django_assert_max_num_queries):
    terms = list(FieldOfAction.objects.all()[:3])
    for organisation in OrganisationFactory.create_batch(40):
        organisation.fields_of_action.set(terms)
    login(client, personas.staff)
    with django_assert_max_num_queries(10):
        rows = read_csv(client.get(reverse("staff:organisations_export")))
        assert len(rows) == 40
    with django_assert_max_num_queries(10):
        assert len(read_xlsx(client.get(reverse("staff:organisations_export"), {"format": "xlsx"}))) == 40


# --- public ----------------------------------------------------------------------------------------


def test_public_export_has_verified_organisations_and_public_fields_only(directory):
    response = get_public()
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="organisationen-{today}.csv"'
    rows = read_csv(response)

    assert [row["Name"] for row in rows] == ["Eritreische Gemeinschaft Gießen e.V.", "Integrationsbüro Kassel"]
    assert list(rows[0]) == [
        "Name", "Art", "Gemeinde", "Kreis", "Website", "Handlungsfelder", "Sprachen", "Beschreibung",
    ]  # fmt: skip
    assert rows[0]["Art"] == "Migrantenorganisation"
    assert rows[0]["Kreis"] == "Gießen (Landkreis)"
    assert rows[0]["Handlungsfelder"] == "Bildung"
    assert rows[0]["Sprachen"] == "de, ti"
    body = str(rows)
    assert "geheim@eritrea.example" not in body and "@example.org" not in body


def test_public_export_as_xlsx_has_no_contact_email(directory):
    response = get_public("?format=xlsx")
    rows = read_xlsx(response)
    assert [row["Name"] for row in rows] == ["Eritreische Gemeinschaft Gießen e.V.", "Integrationsbüro Kassel"]
    assert "geheim@eritrea.example" not in str(rows)


def test_public_export_filters_by_district_and_kind(directory):
    assert [row["Name"] for row in read_csv(get_public("?district=06611"))] == ["Integrationsbüro Kassel"]
    assert [row["Name"] for row in read_csv(get_public("?district=06611&district=06531"))] == [
        "Eritreische Gemeinschaft Gießen e.V.",
        "Integrationsbüro Kassel",
    ]
    assert [row["Name"] for row in read_csv(get_public("?kind=migrant"))] == ["Eritreische Gemeinschaft Gießen e.V."]
    assert read_csv(get_public("?kind=migrant&district=06611")) == []


@pytest.mark.parametrize("query", ["?format=pdf", "?district=99999", "?kind=verein", "?district=%00"])
def test_public_export_answers_bad_filters_with_400(directory, query):
    assert get_public(query).status_code == 400


def test_public_export_speaks_the_visitors_language(directory):
    with translation.override("en"):
        rows = read_csv(get_public())
    assert rows[0]["Beschreibung" if "Beschreibung" in rows[0] else "Description"] == "Counselling and festivals."
    with translation.override("tr"):
        rows = read_csv(get_public())
    assert "Beratung und Feste." in str(rows)  # no Turkish text: German


def test_public_export_queries_are_bounded(django_assert_max_num_queries):
    terms = list(FieldOfAction.objects.all()[:3])
    for organisation in OrganisationFactory.create_batch(40):
        organisation.fields_of_action.set(terms)
    with django_assert_max_num_queries(6):
        assert len(read_csv(get_public())) == 40


def test_cells_that_look_like_formulas_stay_text(client, personas):
    OrganisationFactory(name='=HYPERLINK("https://evil.example","Klick")', description="+49 ist keine Formel")
    login(client, personas.staff)
    [row] = read_csv(client.get(reverse("staff:organisations_export")))
    assert row["name"].startswith("'=HYPERLINK")
    assert row["description"] == "'+49 ist keine Formel"
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("staff:organisations_export"), {"format": "xlsx"}).content)
    )
    cell = workbook.worksheets[0]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


@pytest.mark.django_db
def test_public_export_is_linked_from_the_directory_and_open_to_everyone(client, organisation):
    page = client.get("/de/verzeichnis/").content.decode()
    assert "/de/verzeichnis/export/?format=csv" in page
    response = client.get("/de/verzeichnis/export/?format=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    assert organisation.name in content
    assert organisation.contact_email not in content
