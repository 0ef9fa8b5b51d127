"""The team's pages: only staff with the second factor; create, edit and publish programmes and calls
with translations; a deadline before the call opens is refused with a clear message and nothing saved."""

from __future__ import annotations

import pytest

from conftest import Personas, refused_status
from vielfalt.core.models import AuditEntry
from vielfalt.funding.models import Call, Programme
from vielfalt.funding.tests.conftest import ALL, Funding, as_persona, days

pytestmark = pytest.mark.django_db

NOT_STAFF = ["outsider", "member", "org_admin", "staff_no_mfa"]


def pages(funding: Funding) -> list[str]:
    return [
        "/de/staff/foerderung/",
        "/de/staff/foerderung/programme/neu/",
        f"/de/staff/foerderung/programme/{funding.wir.pk}/",
        f"/de/staff/foerderung/programme/{funding.wir.pk}/aufrufe/neu/",
        f"/de/staff/foerderung/aufrufe/{funding.micro.pk}/",
    ]


@pytest.mark.parametrize("persona", ALL)
def test_only_the_team_reaches_the_staff_pages(client, personas: Personas, funding: Funding, persona: str):
    as_persona(client, personas, persona)
    for path in pages(funding):
        response = client.get(path)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        elif persona == "staff":
            assert response.status_code == 200, path
        else:
            assert response.status_code == refused_status(persona), path


@pytest.mark.parametrize("persona", ["anonymous", *NOT_STAFF])
def test_nobody_else_can_write(client, personas: Personas, funding: Funding, persona: str):
    as_persona(client, personas, persona)

    client.post("/de/staff/foerderung/programme/neu/", programme_data())
    client.post(f"/de/staff/foerderung/programme/{funding.wir.pk}/veroeffentlichen/", {"publish": "0"})
    client.post(f"/de/staff/foerderung/aufrufe/{funding.micro.pk}/veroeffentlichen/", {"publish": "0"})
    client.post(f"/de/staff/foerderung/programme/{funding.wir.pk}/aufrufe/neu/", call_data())

    assert Programme.objects.count() == 2 and Call.objects.count() == 3
    assert Programme.objects.get(pk=funding.wir.pk).is_published
    assert Call.objects.get(pk=funding.micro.pk).is_published


def programme_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Bundesprogramm Demokratie leben!",
        "name_tr": "Federal program Demokrasiyi yaşa!",
        "funder": "Bundesministerium für Familie, Senioren, Frauen und Jugend",
        "funder_kind": "federal",
        "summary": "Projekte für Demokratie, Vielfalt und gegen Extremismus.",
        "summary_en": "Projects for democracy and diversity.",
        "description": "Gefördert werden Modellprojekte.",
        "eligibility": "Gemeinnützige Träger.",
        "amounts": "bis zu 50.000 € im Jahr",
        "max_amount": "50000",
        "url": "https://www.demokratie-leben.de/",
        "organisation_kinds": ["migrant", "umbrella"],
        "is_published": "on",
    }
    data.update(changes)
    return data


def call_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Interessenbekundung 2027",
        "title_ar": "إبداء الاهتمام 2027",
        "purpose": "Projektideen für das kommende Jahr.",
        "opens_on": days(0).isoformat(),
        "deadline": days(30).isoformat(),
        "max_amount": "",
        "url": "",
        "is_published": "on",
    }
    data.update(changes)
    return data


def test_the_team_creates_a_programme_with_translations(client, personas: Personas, funding: Funding):
    as_persona(client, personas, "staff")

    response = client.post("/de/staff/foerderung/programme/neu/", programme_data(topics=[funding.bildung.pk]))

    programme = Programme.objects.get(name="Bundesprogramm Demokratie leben!")
    assert response.status_code == 302 and response["Location"] == f"/de/staff/foerderung/programme/{programme.pk}/"
    assert programme.slug == "bundesprogramm-demokratie-leben"
    assert programme.name_translations == {"tr": "Federal program Demokrasiyi yaşa!"}
    assert programme.organisation_kinds == ["migrant", "umbrella"]
    assert programme.max_amount == 50000 and programme.is_published
    assert list(programme.topics.all()) == [funding.bildung]
    assert AuditEntry.objects.filter(action="funding.programme_created").exists()
    assert client.get(f"/en/foerderung/programme/{programme.slug}/").status_code == 200


def test_the_team_edits_a_programme_and_the_slug_stays(client, personas: Personas, funding: Funding):
    as_persona(client, personas, "staff")

    response = client.post(
        f"/de/staff/foerderung/programme/{funding.wir.pk}/",
        programme_data(name="WIR – neu benannt", funder_kind="state", organisation_kinds=[], districts=[]),
    )

    assert response.status_code == 302
    funding.wir.refresh_from_db()
    assert funding.wir.name == "WIR – neu benannt" and funding.wir.slug == "wir-vielfalt"
    assert funding.wir.organisation_kinds == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"funder_kind": "bank"}, "bank ist keine gültige Auswahl."),
        ({"organisation_kinds": ["aliens"]}, "aliens ist keine gültige Auswahl."),
        ({"max_amount": "fünftausend"}, "Bitte eine ganze Zahl eingeben."),
        ({"max_amount": "-5"}, "Dieser Wert muss größer oder gleich 0 sein."),
        ({"url": "javascript:alert(1)"}, "Bitte eine gültige Adresse eingeben."),
        ({"summary": "<script>alert(1)</script>"}, "ohne HTML"),
        ({"name": "x" * 201}, "höchstens 200 Zeichen"),
    ],
)
def test_bad_programme_input_is_refused_and_nothing_saved(client, personas, funding: Funding, changes, message):
    as_persona(client, personas, "staff")

    response = client.post("/de/staff/foerderung/programme/neu/", programme_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Programme.objects.count() == 2


def test_the_team_adds_a_call_to_a_programme(client, personas: Personas, funding: Funding):
    as_persona(client, personas, "staff")

    response = client.post(f"/de/staff/foerderung/programme/{funding.wir.pk}/aufrufe/neu/", call_data())

    call = Call.objects.get(title="Interessenbekundung 2027")
    assert response.status_code == 302
    assert call.programme == funding.wir and call.deadline == days(30) and call.is_published
    assert call.title_translations == {"ar": "إبداء الاهتمام 2027"}
    assert "Interessenbekundung 2027" in client.get("/de/foerderung/").content.decode()


def test_a_deadline_before_the_call_opens_is_refused_and_nothing_saved(client, personas: Personas, funding: Funding):
    as_persona(client, personas, "staff")

    response = client.post(
        f"/de/staff/foerderung/programme/{funding.wir.pk}/aufrufe/neu/",
        call_data(opens_on=days(10).isoformat(), deadline=days(5).isoformat()),
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "liegt vor dem Beginn der Antragstellung" in content
    assert Call.objects.count() == 3


def test_editing_a_call_with_a_deadline_before_its_opening_changes_nothing(client, personas, funding: Funding):
    as_persona(client, personas, "staff")
    before = (funding.micro.opens_on, funding.micro.deadline, funding.micro.title)

    response = client.post(
        f"/de/staff/foerderung/aufrufe/{funding.micro.pk}/",
        call_data(title="Geändert", opens_on=days(40).isoformat(), deadline=days(39).isoformat()),
    )

    assert response.status_code == 400
    assert "liegt vor dem Beginn der Antragstellung" in response.content.decode()
    funding.micro.refresh_from_db()
    assert (funding.micro.opens_on, funding.micro.deadline, funding.micro.title) == before


@pytest.mark.parametrize("changes", [{"deadline": "31.02.2027"}, {"opens_on": ""}, {"purpose": ""}])
def test_bad_call_input_is_refused(client, personas, funding: Funding, changes):
    as_persona(client, personas, "staff")

    response = client.post(f"/de/staff/foerderung/programme/{funding.wir.pk}/aufrufe/neu/", call_data(**changes))

    assert response.status_code == 400 and Call.objects.count() == 3


def test_the_team_publishes_and_withdraws(client, personas: Personas, funding: Funding):
    as_persona(client, personas, "staff")

    client.post(f"/de/staff/foerderung/aufrufe/{funding.draft.pk}/veroeffentlichen/", {"publish": "1"})
    client.post(f"/de/staff/foerderung/programme/{funding.kassel.pk}/veroeffentlichen/", {"publish": "0"})

    funding.draft.refresh_from_db()
    funding.kassel.refresh_from_db()
    assert funding.draft.is_published and not funding.kassel.is_published
    content = client.get("/de/foerderung/").content.decode()
    assert "WIR Entwurf" in content and "Sport im Quartier" not in content
    assert AuditEntry.objects.filter(action="funding.programme_withdrawn").exists()


def test_unknown_objects_are_404_for_the_team(client, personas, funding: Funding):
    as_persona(client, personas, "staff")

    assert client.get("/de/staff/foerderung/programme/999999/").status_code == 404
    assert client.get("/de/staff/foerderung/aufrufe/999999/").status_code == 404
    assert client.post("/de/staff/foerderung/programme/999999/aufrufe/neu/", call_data()).status_code == 404


def test_the_overview_needs_few_queries(client, personas, funding: Funding, django_assert_max_num_queries):
    from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory

    for _ in range(15):
        CallFactory.create_batch(2, programme=ProgrammeFactory.create())
    as_persona(client, personas, "staff").get("/de/staff/foerderung/")

    with django_assert_max_num_queries(12):
        assert client.get("/de/staff/foerderung/").status_code == 200


def test_the_dashboard_tile(client, personas, funding: Funding):
    as_persona(client, personas, "staff")

    content = client.get("/de/staff/").content.decode()

    assert "/de/staff/foerderung/" in content and "2 Programme" in content and "1 Entwurf" in content
