"""Following a call or a programme, and "Meine Förderung" with the reminder settings: any signed-in
person may follow a public call; visitors are sent to the login; drafts cannot be followed; the same
click twice follows once; bad settings change nothing."""

from __future__ import annotations

import re

import pytest

from conftest import Personas
from vielfalt.funding.models import Follow, ReminderSettings
from vielfalt.funding.selectors import reminder_days
from vielfalt.funding.tests.conftest import ALL, Funding, as_persona, user_of

pytestmark = pytest.mark.django_db

CALL = "/de/foerderung/aufrufe/wir-mikroprojekte/"
PROGRAMME = "/de/foerderung/programme/wir-vielfalt/"
MINE = "/de/foerderung/meine/"
SIGNED_IN = [p for p in ALL if p != "anonymous"]


@pytest.mark.parametrize("path", [f"{CALL}folgen/", f"{CALL}nicht-mehr-folgen/", f"{PROGRAMME}folgen/", MINE])
def test_visitors_are_sent_to_the_login(client, funding: Funding, path: str):
    response = client.post(path)

    assert response.status_code == 302 and response["Location"].startswith("/de/accounts/login/")
    assert not Follow.objects.exists()


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_signed_in_person_may_follow_a_call_and_stop(client, personas: Personas, funding: Funding, persona):
    user = user_of(personas, persona)
    as_persona(client, personas, persona)

    response = client.post(f"{CALL}folgen/")
    assert response.status_code == 302 and response["Location"] == CALL
    assert Follow.objects.filter(user=user, call=funding.micro).count() == 1
    page = client.get(CALL).content.decode()
    assert "Sie folgen diesem Aufruf" in page and "nicht-mehr-folgen" in page

    client.post(f"{CALL}folgen/")  # twice: still one
    assert Follow.objects.filter(user=user).count() == 1

    client.post(f"{CALL}nicht-mehr-folgen/")
    assert not Follow.objects.filter(user=user).exists()


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_following_a_programme_covers_its_calls(client, personas: Personas, funding: Funding, persona):
    as_persona(client, personas, persona)

    client.post(f"{PROGRAMME}folgen/")

    assert Follow.objects.filter(user=user_of(personas, persona), programme=funding.wir).exists()
    assert "Sie folgen dem Programm dieses Aufrufs" in client.get(CALL).content.decode()
    assert "WIR-Mikroprojekte" in client.get(MINE).content.decode()
    client.post(f"{PROGRAMME}nicht-mehr-folgen/")
    assert not Follow.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "staff"])
def test_a_draft_or_unknown_call_cannot_be_followed(client, personas, funding: Funding, persona):
    as_persona(client, personas, persona)

    assert client.post("/de/foerderung/aufrufe/wir-entwurf/folgen/").status_code == 404
    assert client.post("/de/foerderung/aufrufe/gibt-es-nicht/folgen/").status_code == 404
    assert not Follow.objects.exists()


def test_following_needs_a_post(client, personas, funding: Funding):
    as_persona(client, personas, "member")

    assert client.get(f"{CALL}folgen/").status_code == 405
    assert not Follow.objects.exists()


def test_the_way_back_never_leads_to_another_site(client, personas, funding: Funding):
    as_persona(client, personas, "member")

    response = client.post(f"{CALL}folgen/", {"next": "https://evil.example.org/"})
    assert response["Location"] == CALL
    response = client.post(f"{CALL}nicht-mehr-folgen/", {"next": "//evil.example.org/"})
    assert response["Location"] == CALL
    response = client.post(f"{CALL}folgen/", {"next": MINE})
    assert response["Location"] == MINE


# --- "Meine Förderung" and the reminder settings --------------------------------------------------------------


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_my_page_lists_only_my_own_follows(client, personas: Personas, funding: Funding, persona):
    Follow.objects.create(user=personas.outsider, call=funding.kassel_call)
    Follow.objects.create(user=personas.member, call=funding.micro)

    content = as_persona(client, personas, persona).get(MINE).content.decode()

    assert ("Sport im Quartier" in content) == (persona == "outsider")
    assert ("WIR-Mikroprojekte" in content) == (persona == "member")
    assert "4 Wochen vor der Frist" in content and "1 Woche vor der Frist" in content


def test_a_person_chooses_when_to_be_reminded(client, personas, funding: Funding):
    as_persona(client, personas, "member")

    response = client.post(MINE, {"days_before": ["14", "1"]})

    assert response.status_code == 302
    assert reminder_days(personas.member) == [14, 1]
    content = re.sub(r"</?bdi>", "", client.get(MINE).content.decode())
    assert "Zurzeit erinnern wir Sie: 2 Wochen vor der Frist, 1 Tag vor der Frist." in content


def test_no_choice_means_no_reminders(client, personas, funding: Funding):
    as_persona(client, personas, "member")

    client.post(MINE, {})

    assert reminder_days(personas.member) == []
    assert "Zurzeit bekommen Sie keine Erinnerungen." in client.get(MINE).content.decode()


@pytest.mark.parametrize("bad", [["5"], ["abc"], ["7", "999"], ["-7"]])
def test_bad_reminder_settings_change_nothing(client, personas, funding: Funding, bad):
    as_persona(client, personas, "member")

    response = client.post(MINE, {"days_before": bad})

    assert response.status_code == 400
    assert "ist keine gültige Auswahl" in response.content.decode()
    assert not ReminderSettings.objects.exists()
    assert reminder_days(personas.member) == [28, 7]


def test_my_page_needs_few_queries(client, personas, funding: Funding, django_assert_max_num_queries):
    from vielfalt.funding.tests.factories import CallFactory

    for _ in range(10):
        Follow.objects.create(user=personas.member, call=CallFactory.create())
    Follow.objects.create(user=personas.member, programme=funding.wir)
    as_persona(client, personas, "member").get(MINE)

    with django_assert_max_num_queries(12):
        assert client.get(MINE).status_code == 200
