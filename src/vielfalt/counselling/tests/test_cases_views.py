"""The cases part's pages, tried by every persona of issue 12: the request pages, the organisation side's
list, the composed case page and its workflow forms, the team's list, board and topics, and what this part
adds to the staff dashboard and an organisation's profile."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from conftest import login, refused_status
from vielfalt.accounts.models import User
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.models import Case, Topic
from vielfalt.counselling.sections import CASE_SECTIONS
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import CaseFactory
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "org_admin",
    "requester",
    "other_admin",
    "colleague",
    "staff",
    "staff_no_mfa",
    "ministry",
]
SEES_CASE = {"org_admin", "requester", "staff", "colleague"}
TEAM = {"staff", "colleague"}
DESCRIPTION = "Wir möchten beim Land Mittel für ein Nachbarschaftsfest beantragen und brauchen dabei Hilfe."


def as_persona(client: Client, everyone: dict[str, User], persona: str) -> Client:
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


def case_path(case: Case, action: str = "") -> str:
    return f"/de/beratung/faelle/{case.reference}/" + (f"{action}/" if action else "")


def staff_refusal(persona: str) -> int:
    return 302 if persona in ("anonymous", "ministry") else refused_status(persona)


def topic_pk(slug: str = "foerderantraege") -> int:
    return Topic.objects.get(slug=slug).pk


# --- the start page and requests ---------------------------------------------------------------------------


def test_visitors_see_the_offer_and_the_public_form(client: Client) -> None:
    response = client.get("/de/beratung/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Förderanträge" in body and 'name="email"' in body and 'name="website"' in body  # the honeypot


def test_a_visitor_s_request_is_sent_and_confirmed_by_the_link(client: Client, db: None) -> None:
    mail.outbox = []
    response = client.post(
        "/de/beratung/",
        {
            "name": "Leyla Demir",
            "email": "leyla@example.org",
            "organisation_name": "Anatolischer Kulturkreis Fulda",
            "topic": topic_pk("vereinsrecht"),
            "description": "Wir wollen einen Verein gründen und wissen nicht, wie eine Satzung aussehen muss.",
            "languages": ["tr"],
            "ways": ["video"],
        },
        follow=True,
    )
    assert "Bitte bestätigen Sie Ihre Anfrage" in response.content.decode()
    case = Case.objects.get()
    assert not case.is_verified and case.requester_name == "Leyla Demir"
    path = re.search(r"/de/beratung/bestaetigen/[^/\s]+/", mail.outbox[0].body)
    assert path is not None
    page = client.get(path.group(0))  # a mail program opening the link confirms nothing
    assert page.status_code == 200 and "Anfrage bestätigen" in page.content.decode()
    case.refresh_from_db()
    assert not case.is_verified
    done = client.post(path.group(0))
    assert "Ihre Anfrage ist bestätigt" in done.content.decode()
    case.refresh_from_db()
    assert case.is_verified
    again = client.get(path.group(0))
    assert "schon bestätigt" in again.content.decode()


def test_a_broken_confirmation_link_says_so(client: Client, db: None) -> None:
    response = client.get("/de/beratung/bestaetigen/kaputt/")
    assert response.status_code == 400 and "ungültig" in response.content.decode()
    assert client.post("/de/beratung/bestaetigen/kaputt/").status_code == 400


def test_the_public_form_refuses_bad_input_and_ignores_bots(client: Client, db: None) -> None:
    response = client.post("/de/beratung/", {"name": "", "email": "kein-mail", "description": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "vf-error-summary" in body
    assert not Case.objects.exists()
    bot = {
        "name": "Bot",
        "email": "bot@example.org",
        "organisation_name": "Spam e.V.",
        "topic": topic_pk(),
        "description": "x" * 40,
        "website": "https://spam.example",
    }
    assert client.post("/de/beratung/", bot).status_code == 302  # looks successful to the bot
    assert not Case.objects.exists()


@override_settings(PUBLIC_FORM_RATE="1/h")
def test_the_public_form_is_rate_limited(client: Client, db: None) -> None:
    from django.core.cache import cache

    cache.clear()
    data = {
        "name": "Leyla Demir",
        "email": "leyla@example.org",
        "organisation_name": "Kulturkreis",
        "topic": topic_pk(),
        "description": "x" * 40,
    }
    assert client.post("/de/beratung/", data).status_code == 302
    assert client.post("/de/beratung/", data).status_code == 429
    assert Case.objects.count() == 1


def test_a_member_asks_for_their_organisation(
    client: Client, everyone: dict[str, User], organisation: Organisation
) -> None:
    login(client, everyone["member"])
    page = client.get("/de/beratung/")
    assert organisation.name in page.content.decode() and 'name="email"' not in page.content.decode()
    response = client.post(
        "/de/beratung/",
        {"organisation": organisation.pk, "topic": topic_pk(), "description": DESCRIPTION, "ways": ["phone"]},
    )
    case = Case.objects.get(requester=everyone["member"])
    assert response.status_code == 302 and response["Location"] == case_path(case)
    assert client.get(case_path(case)).status_code == 200  # the requester sees their request


def test_a_request_without_organisation_and_description_is_refused(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    login(client, everyone["member"])
    before = Case.objects.count()
    response = client.post("/de/beratung/", {"topic": topic_pk(), "description": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie Ihre Organisation oder nennen Sie den Namen der geplanten Organisation." in body
    assert Case.objects.count() == before


def test_a_member_cannot_ask_for_someone_else_s_organisation(client: Client, everyone: dict[str, User]) -> None:
    other = OrganisationFactory.create()
    login(client, everyone["member"])
    client.post("/de/beratung/", {"organisation": other.pk, "topic": topic_pk(), "description": DESCRIPTION})
    assert not Case.objects.filter(organisation=other).exists()


# --- the organisation side's list --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_requests_list_only_what_the_person_may_see(
    client: Client, everyone: dict[str, User], counselling: Counselling, persona: str
) -> None:
    response = as_persona(client, everyone, persona).get("/de/beratung/anfragen/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (counselling.case.reference in response.content.decode()) is (persona in {"org_admin", "requester"})


def test_my_requests_list_has_constant_queries(
    client: Client, everyone: dict[str, User], counselling: Counselling, django_assert_max_num_queries: Any
) -> None:
    login(client, everyone["org_admin"])
    client.get("/de/beratung/anfragen/")
    with django_assert_max_num_queries(12) as few:
        client.get("/de/beratung/anfragen/")
    CaseFactory.create_batch(15, organisation=counselling.organisation)
    with django_assert_max_num_queries(len(few)):
        client.get("/de/beratung/anfragen/")


# --- the case page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_page_for_every_persona(
    client: Client, everyone: dict[str, User], counselling: Counselling, persona: str
) -> None:
    response = as_persona(client, everyone, persona).get(case_path(counselling.case))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if persona in SEES_CASE else 403)
    if response.status_code == 200:
        body = response.content.decode()
        assert counselling.case.title in body and "Nachbarschaftsfest" in body
        assert ("Mir zuweisen" in body or "Fall abschließen" in body) is (persona in TEAM)


def test_the_case_page_renders_every_registered_section_it_may(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    def team_only(request: Any, *, case: Case) -> dict[str, Any] | None:
        from vielfalt.counselling import access

        return {"case": case} if access.works_on_cases(request.user) else None

    # A template of this part with a text the case page has nowhere else stands in for a section.
    CASE_SECTIONS.register("test_team_only", order=99, template="counselling/cases/staff/_nav.html", context=team_only)
    try:
        login(client, everyone["staff"])
        assert "Tafel nach Status" in client.get(case_path(counselling.case)).content.decode()
        client.logout()
        login(client, everyone["requester"])
        assert "Tafel nach Status" not in client.get(case_path(counselling.case)).content.decode()
    finally:
        CASE_SECTIONS._blocks.pop("test_team_only")


def test_the_team_s_reads_are_audited(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    for persona in ("staff", "staff", "requester", "org_admin"):
        client.logout()
        login(client, everyone[persona])
        client.get(case_path(counselling.case))
    reads = AuditEntry.objects.filter(action="counselling.case.read")
    assert [entry.actor for entry in reads] == [everyone["staff"]]


def test_an_unknown_case_is_404(client: Client, everyone: dict[str, User], db: None) -> None:
    login(client, everyone["staff"])
    assert client.get("/de/beratung/faelle/B-1999-00001/").status_code == 404


# --- the workflow forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_team_works_on_a_case(
    client: Client, everyone: dict[str, User], counselling: Counselling, persona: str
) -> None:
    case = counselling.case
    as_persona(client, everyone, persona)
    responses = [
        client.post(case_path(case, "status"), {"to": "waiting"}),
        client.post(case_path(case, "zuweisen"), {"assignee": "me"}),
        client.get(case_path(case, "bearbeiten")),
    ]
    case.refresh_from_db()
    if persona in TEAM:
        assert [r.status_code for r in responses] == [302, 302, 200]
        assert case.status == Case.Status.WAITING
        assert case.assignee == (everyone[persona] if persona == "colleague" else everyone["staff"])
    else:
        expected = 302 if persona == "anonymous" else 403
        assert [r.status_code for r in responses] == [expected] * 3
        assert case.status == Case.Status.IN_PROGRESS and case.assignee == everyone["staff"]


def test_closing_from_the_case_page_and_refusing_closed_to_waiting(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    case = counselling.case
    login(client, everyone["staff"])
    missing = client.post(case_path(case, "status"), {"to": "closed"}, follow=True)
    assert (
        "Dieses Feld ist zwingend erforderlich." in missing.content.decode() or "Ergebnis" in missing.content.decode()
    )
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    client.post(case_path(case, "status"), {"to": "closed", "outcome": "solved", "result": "Antrag ist fertig."})
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.result == "Antrag ist fertig."
    refused = client.post(case_path(case, "status"), {"to": "waiting"}, follow=True)
    assert "kann nicht in den Status „wartet auf die Organisation“ wechseln" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    page = client.get(case_path(case)).content.decode()
    assert "Wieder öffnen" in page and "Antrag ist fertig." in page
    client.post(case_path(case, "status"), {"to": "in_progress"})
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS and case.outcome == ""


def test_assigning_a_colleague_from_the_case_page(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    login(client, everyone["staff"])
    client.post(case_path(counselling.case, "zuweisen"), {"assignee": everyone["colleague"].pk})
    counselling.case.refresh_from_db()
    assert counselling.case.assignee == everyone["colleague"]
    outsider = client.post(case_path(counselling.case, "zuweisen"), {"assignee": everyone["member"].pk}, follow=True)
    assert "Bitte wählen Sie eine Person aus dem Team." in outsider.content.decode()
    counselling.case.refresh_from_db()
    assert counselling.case.assignee == everyone["colleague"]


def test_editing_a_case(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    case = counselling.case
    login(client, everyone["staff"])
    data = {"title": "Neuer Titel", "kind": "process", "topic": topic_pk("finanzen"), "follow_up_on": ""}
    assert client.post(case_path(case, "bearbeiten"), data).status_code == 302
    case.refresh_from_db()
    assert case.title == "Neuer Titel" and case.kind == "process" and case.topic.slug == "finanzen"
    past = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client.post(case_path(case, "bearbeiten"), {**data, "title": "Anders", "follow_up_on": past})
    assert "Die Wiedervorlage kann nicht in der Vergangenheit liegen." in response.content.decode()
    case.refresh_from_db()
    assert case.title == "Neuer Titel"


# --- the team's pages --------------------------------------------------------------------------------------

STAFF_PAGES = [
    "/de/staff/beratung/",
    "/de/staff/beratung/faelle/neu/",
    "/de/staff/beratung/tafel/",
    "/de/staff/beratung/themen/",
    "/de/staff/beratung/themen/neu/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_team_s_pages_for_every_persona(
    client: Client, everyone: dict[str, User], counselling: Counselling, persona: str
) -> None:
    as_persona(client, everyone, persona)
    pages = [*STAFF_PAGES, f"/de/staff/beratung/themen/{counselling.case.topic_id}/"]
    for page in pages:
        assert client.get(page).status_code == (200 if persona in TEAM else staff_refusal(persona)), page


def test_the_case_list_filters(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    CaseFactory.create(
        title="Vereinsgründung Kassel",
        topic=Topic.objects.get(slug="vereinsrecht"),
        organisation=None,
        founding_name="Frauenverein Kassel",
    )
    login(client, everyone["staff"])

    def titles(query: str) -> set[str]:
        body = client.get(f"/de/staff/beratung/?{query}").content.decode()
        return {title for title in ("Förderantrag für das Sommerfest", "Vereinsgründung Kassel") if title in body}

    assert titles("") == {"Förderantrag für das Sommerfest", "Vereinsgründung Kassel"}
    assert titles("topic=vereinsrecht") == {"Vereinsgründung Kassel"}
    assert titles("status=in_progress") == {"Förderantrag für das Sommerfest"}
    assert titles(f"assignee={everyone['staff'].pk}&open=1") == {"Förderantrag für das Sommerfest"}
    assert titles("assignee=none") == {"Vereinsgründung Kassel"}
    assert titles("kind=process") == set()
    assert titles("age=older") == set() and len(titles("age=week")) == 2
    assert titles(f"district={counselling.organisation.district.ags}") == {"Förderantrag für das Sommerfest"}
    # Values that do not exist are dropped, never an error.
    assert client.get("/de/staff/beratung/?status=x&district=abc&assignee=';--&page=zz").status_code == 200


def test_the_case_list_and_board_have_constant_queries(
    client: Client, everyone: dict[str, User], counselling: Counselling, django_assert_max_num_queries: Any
) -> None:
    login(client, everyone["staff"])
    pages = ["/de/staff/beratung/?open=1", "/de/staff/beratung/tafel/"]
    for page in pages:
        client.get(page)
    counts = {}
    for page in pages:
        with django_assert_max_num_queries(20) as queries:
            client.get(page)
        counts[page] = len(queries)
    for number, status in enumerate(["new", "assigned", "waiting", "in_progress"] * 8):
        CaseFactory.create(
            status=status,
            assignee=everyone["colleague"] if status != "new" else None,
            organisation=OrganisationFactory.create(),
            title=f"Fall {number}",
        )
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            client.get(page)


def test_the_board_lists_cases_by_status_without_javascript(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    login(client, everyone["staff"])
    body = client.get("/de/staff/beratung/tafel/").content.decode()
    assert (
        "in Bearbeitung (1)" in body and counselling.case.reference in body and "<script" not in body.split("<main")[1]
    )
    mine = client.get("/de/staff/beratung/tafel/?mine=1").content.decode()
    assert counselling.case.reference in mine
    client.logout()
    login(client, everyone["colleague"])
    assert counselling.case.reference not in client.get("/de/staff/beratung/tafel/?mine=1").content.decode()


def test_the_team_opens_a_case(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    login(client, everyone["staff"])
    bad = client.post("/de/staff/beratung/faelle/neu/", {"title": "", "topic": topic_pk(), "kind": "counselling"})
    assert bad.status_code == 200 and Case.objects.count() == 1
    response = client.post(
        "/de/staff/beratung/faelle/neu/",
        {
            "title": "Anruf vom Vorstand",
            "topic": topic_pk(),
            "kind": "counselling",
            "organisation": counselling.organisation.pk,
            "assignee": everyone["staff"].pk,
        },
    )
    case = Case.objects.get(title="Anruf vom Vorstand")
    assert response.status_code == 302 and case.status == Case.Status.ASSIGNED and case.source == Case.Source.STAFF


def test_the_team_edits_the_topic_list_with_translations(client: Client, everyone: dict[str, User]) -> None:
    login(client, everyone["staff"])
    response = client.post(
        "/de/staff/beratung/themen/neu/", {"name": "Digitalisierung", "name_en": "Going digital", "order": "50"}
    )
    assert response.status_code == 302
    created = Topic.objects.get(name="Digitalisierung")
    assert created.name_translations == {"en": "Going digital"} and created.order == 50
    empty = client.post("/de/staff/beratung/themen/neu/", {"name": "", "order": "1"})
    assert empty.status_code == 200 and Topic.objects.filter(name="").count() == 0
    client.post(f"/de/staff/beratung/themen/{created.pk}/", {"name": "Digitales", "order": "5", "is_active": ""})
    created.refresh_from_db()
    assert created.name == "Digitales" and not created.is_active
    listing = client.get("/de/staff/beratung/themen/").content.decode()
    assert "Digitales" in listing and "Förderanträge" in listing


# --- registrations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_organisation_profile_shows_its_cases_to_the_team_only(
    client: Client, everyone: dict[str, User], counselling: Counselling, persona: str
) -> None:
    as_persona(client, everyone, persona)
    body = client.get(f"/de/organisationen/{counselling.organisation.slug}/").content.decode()
    assert (counselling.case.reference in body) is (persona in TEAM), persona
    assert "Nachbarschaftsfest" not in body  # titles and status only, never the description


def test_the_staff_dashboard_has_a_counselling_tile(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    login(client, everyone["staff"])
    body = client.get("/de/staff/").content.decode()
    assert "/de/staff/beratung/tafel/" in body and "1 offener Fall" in body
