"""The board of requests and offers as each persona: the list with its filters, one entry, writing,
changing, withdrawing and answering — and bad input, with nothing written."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange.models import BoardPost, Conversation, Message, Suspension
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import FieldOfAction
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

BOARD = "/de/austausch/brett/"
CREATE = "/de/austausch/brett/neu/"
GIESSEN = "06531"
KASSEL = "06611"
ALL = ["outsider", "member", "org_admin", "staff", "staff_no_mfa"]


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


def today():
    return timezone.localdate()


def district(ags=GIESSEN):
    return District.objects.get(ags=ags)


def field(slug):
    return FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def post_of(author, **kwargs):
    fields = kwargs.pop("fields", [])
    values = {
        "direction": "seeking",
        "topic": "room",
        "title": "Raum für Elterncafé gesucht",
        "body": "Samstags, 15 bis 18 Uhr.",
        "district": district(),
        "expires_on": today() + timedelta(days=20),
    }
    values.update(kwargs)
    post = BoardPost.objects.create(author=author, **values)
    post.fields_of_action.set(fields)
    return post


def detail(post):
    return f"{BOARD}{post.pk}/"


def form_data(**overrides):
    values = {
        "direction": "offering",
        "topic": "material",
        "title": "Stellwände zu verleihen",
        "body": "Sechs Stellwände, abzuholen in Gießen.",
        "district": str(district().pk),
        "fields_of_action": [str(field("kultur").pk)],
        "expires_on": (today() + timedelta(days=30)).isoformat(),
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def titles(response):
    return re.findall(
        r'<h3 class="kern-title"><a class="kern-link" href="[^"]+" dir="auto">([^<]+)</a>', response.content.decode()
    )


# --- who gets in ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client, personas):
    post = post_of(personas.member)
    for url in ("/de/austausch/", BOARD, CREATE, detail(post), f"{detail(post)}bearbeiten/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/de/accounts/login/"), url
    response = client.post(f"{detail(post)}antworten/", {"body": "Hallo"})
    assert response.status_code == 302
    assert not Message.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_every_member_of_the_platform_reads_the_board(client, personas, organisation, persona):
    post_of(personas.member, title="Raum gesucht")
    login(client, personas.all()[persona])

    response = client.get(BOARD)

    assert response.status_code == 200
    assert titles(response) == ["Raum gesucht"]
    assert response.content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_expired_withdrawn_and_hidden_entries_are_not_listed(client, personas):
    post_of(personas.member, title="Läuft heute aus", expires_on=today())
    post_of(personas.member, title="Gestern abgelaufen", expires_on=today() - timedelta(days=1))
    post_of(personas.member, title="Ausgeblendet", is_hidden=True)
    login(client, personas.outsider)

    assert titles(client.get(BOARD)) == ["Läuft heute aus"]


@pytest.mark.django_db
def test_the_author_and_staff_still_open_an_entry_that_left_the_board(client, personas):
    expired = post_of(personas.member, title="Gestern abgelaufen", expires_on=today() - timedelta(days=1))
    hidden = post_of(personas.member, title="Ausgeblendet", is_hidden=True)

    login(client, personas.outsider)
    assert client.get(detail(expired)).status_code == 404
    assert client.get(detail(hidden)).status_code == 404

    login(client, personas.member)
    own = client.get(BOARD).content.decode()
    assert "Ihre Einträge (2)" in own
    assert "nicht mehr auf dem Brett" in own
    assert "von der Moderation ausgeblendet" in own
    response = client.get(detail(expired))
    assert response.status_code == 200
    assert "steht nicht mehr auf dem Brett" in response.content.decode()
    assert "Antworten per Direktnachricht" not in response.content.decode()
    assert "Die Moderation hat diesen Eintrag ausgeblendet" in client.get(detail(hidden)).content.decode()

    login(client, personas.staff)
    assert client.get(detail(hidden)).status_code == 200


@pytest.mark.django_db
def test_an_unknown_entry_is_not_found(client, personas):
    login(client, personas.member)
    assert client.get(f"{BOARD}999999/").status_code == 404


# --- filters and pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_filters_narrow_the_board(client, personas):
    post_of(personas.member, title="Raum in Gießen", fields=[field("bildung")])
    post_of(personas.member, title="Ehrenamtliche in Kassel", topic="volunteers", district=district(KASSEL))
    post_of(personas.org_admin, title="Wir bieten Fachwissen", direction="offering", topic="expertise")
    login(client, personas.outsider)

    assert titles(client.get(BOARD, {"direction": "offering"})) == ["Wir bieten Fachwissen"]
    assert titles(client.get(BOARD, {"topic": "volunteers"})) == ["Ehrenamtliche in Kassel"]
    assert titles(client.get(BOARD, {"district": KASSEL})) == ["Ehrenamtliche in Kassel"]
    assert titles(client.get(BOARD, {"field": "bildung"})) == ["Raum in Gießen"]
    assert titles(client.get(BOARD, {"direction": "seeking", "district": GIESSEN})) == ["Raum in Gießen"]
    assert "Kein Eintrag passt zu Ihren Filtern." in client.get(BOARD, {"field": "sport"}).content.decode()


@pytest.mark.django_db
def test_nonsense_in_the_address_is_ignored(client, personas):
    post_of(personas.member, title="Raum gesucht")
    login(client, personas.outsider)

    response = client.get(BOARD, {"direction": "<script>", "district": "x' OR 1=1", "field": "../", "page": "abc"})

    assert response.status_code == 200
    assert titles(response) == ["Raum gesucht"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_board_is_paginated_and_links_keep_the_filters(client, personas):
    for n in range(25):
        post_of(personas.member, title=f"Gesuch {n:02d}")
    login(client, personas.outsider)

    first = client.get(BOARD, {"topic": "room"})
    second = client.get(BOARD, {"topic": "room", "page": "2"})

    assert len(titles(first)) == 20
    assert titles(first)[0] == "Gesuch 24"
    assert 'href="?topic=room&amp;page=2"' in first.content.decode()
    assert len(titles(second)) == 5
    assert "25 Einträge gefunden, Seite 2 von 2" in second.content.decode()


@pytest.mark.django_db
def test_htmx_gets_only_the_results(client, personas):
    post_of(personas.member, title="Raum gesucht")
    login(client, personas.outsider)

    response = client.get(BOARD, {"topic": "room"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert titles(response) == ["Raum gesucht"]
    assert 'hx-swap-oob="innerHTML"' in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_the_board_reads_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    fields = [field("bildung"), field("kultur"), field("sport")]
    for n in range(40):
        post_of(UserFactory(), title=f"Gesuch {n}", fields=fields[: n % 4], district=district([GIESSEN, KASSEL][n % 2]))
    agree_to_privacy(personas.outsider)
    login(client, personas.outsider)
    client.get(BOARD)

    # Session, person, privacy notice, the layout's two unread counts; the page: count, page,
    # fields of the page, filter choices (two), "Ihre Einträge".
    with django_assert_max_num_queries(11):
        response = client.get(BOARD, {"field": "kultur"})

    assert response.status_code == 200
    assert len(titles(response)) == 20
    # Every card names its fields of action (read with the page, not per card).
    cards = response.content.decode().split('class="vf-plain-list vf-actions vf-board-card__fields"')[1:]
    assert len(cards) == 20 and all("<bdi>Kultur</bdi>" in card for card in cards)


# --- writing -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_writes_an_entry_for_their_organisation(client, personas, organisation):
    login(client, personas.member)
    form = client.get(CREATE).content.decode()
    assert organisation.name in form
    assert f'value="{(today() + timedelta(days=60)).isoformat()}"' in form  # the default last day

    response = client.post(CREATE, form_data(organisation=str(organisation.pk)))

    post = BoardPost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(post)
    assert post.author == personas.member
    assert post.organisation == organisation
    assert post.direction == "offering"
    page = client.get(detail(post)).content.decode()
    assert "Stellwände zu verleihen" in page
    assert "Ihr Eintrag steht jetzt auf dem Brett." in page
    assert f'href="/de/organisationen/{organisation.slug}/"' in page


@pytest.mark.django_db
def test_a_person_without_organisation_writes_for_themselves(client, personas):
    login(client, personas.outsider)
    assert "Für wen schreiben Sie?" not in client.get(CREATE).content.decode()

    assert client.post(CREATE, form_data()).status_code == 302
    assert BoardPost.objects.get().organisation is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expires_on": "past"}, "Das Datum liegt in der Vergangenheit."),
        ({"expires_on": "far"}, "höchstens 90 Tage sichtbar"),
        ({"expires_on": "31.02.2025"}, "Bitte geben Sie ein Datum an"),
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"body": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"district": None}, "Bitte wählen Sie den Kreis, um den es geht."),
        ({"district": "999999"}, "Bitte wählen Sie einen Kreis aus der Liste."),
        ({"organisation": "999999"}, "Bitte wählen Sie eine Ihrer Organisationen."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(client, personas, organisation, overrides, message):
    if overrides.get("expires_on") == "past":
        overrides["expires_on"] = (today() - timedelta(days=1)).isoformat()
    elif overrides.get("expires_on") == "far":
        overrides["expires_on"] = (today() + timedelta(days=91)).isoformat()
    login(client, personas.member)

    response = client.post(CREATE, form_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "kern-error" in response.content.decode()
    assert not BoardPost.objects.exists()


@pytest.mark.django_db
def test_every_problem_of_the_form_is_shown_at_once(client, personas):
    login(client, personas.member)

    response = client.post(CREATE, form_data(title="", district=None, expires_on="2001-01-01"))

    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Bitte geben Sie einen Titel an.",
        "Bitte wählen Sie den Kreis, um den es geht.",
        "Das Datum liegt in der Vergangenheit.",
    ):
        assert f"{message}</a>" in page  # in the error summary, linked to its field
    assert not BoardPost.objects.exists()


@pytest.mark.django_db
def test_markup_in_an_entry_is_shown_as_text(client, personas):
    login(client, personas.member)
    client.post(CREATE, form_data(title="<b>Fett</b>", body='<script>alert(1)</script><img src=x onerror="x()">'))
    post = BoardPost.objects.get()

    page = client.get(detail(post)).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Fett&lt;/b&gt;" in page


@pytest.mark.django_db
def test_a_suspended_person_is_told_and_nothing_is_written(client, personas):
    Suspension.objects.create(user=personas.member, until=timezone.now() + timedelta(days=2), reason="Werbung")
    login(client, personas.member)

    response = client.post(CREATE, form_data())

    assert response.status_code == 403
    assert "Ihr Konto ist gesperrt" in response.content.decode()
    assert "Werbung" in response.content.decode()
    assert not BoardPost.objects.exists()


# --- changing and withdrawing --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "org_admin", "staff", "staff_no_mfa"])
def test_only_the_author_changes_an_entry(client, personas, organisation, persona):
    post = post_of(personas.member, organisation=organisation)
    login(client, personas.all()[persona])

    assert client.get(f"{detail(post)}bearbeiten/").status_code == 403
    assert client.post(f"{detail(post)}bearbeiten/", form_data(title="Gekapert")).status_code == 403
    assert client.post(f"{detail(post)}bearbeiten/", {"withdraw": "1"}).status_code == 403
    post.refresh_from_db()
    assert post.title == "Raum für Elterncafé gesucht"
    assert post.expires_on >= today()
    assert "bearbeiten oder zurückziehen" not in client.get(detail(post)).content.decode()


@pytest.mark.django_db
def test_the_author_changes_and_withdraws_an_entry(client, personas):
    post = post_of(personas.member)
    login(client, personas.member)
    form = client.get(f"{detail(post)}bearbeiten/").content.decode()
    assert 'value="Raum für Elterncafé gesucht"' in form
    assert "Vom Brett nehmen" in form

    response = client.post(f"{detail(post)}bearbeiten/", form_data(title="Raum für Elterncafé gefunden"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Raum für Elterncafé gefunden"

    bad = client.post(f"{detail(post)}bearbeiten/", form_data(title=""))
    assert bad.status_code == 400
    post.refresh_from_db()
    assert post.title == "Raum für Elterncafé gefunden"

    response = client.post(f"{detail(post)}bearbeiten/", {"withdraw": "1"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.expires_on == today() - timedelta(days=1)
    login(client, personas.outsider)
    assert titles(client.get(BOARD)) == []
    assert client.get(detail(post)).status_code == 404


@pytest.mark.django_db
def test_a_hidden_entry_cannot_be_changed_by_its_author(client, personas):
    post = post_of(personas.member, is_hidden=True)
    login(client, personas.member)

    assert client.get(f"{detail(post)}bearbeiten/").status_code == 403
    assert client.post(f"{detail(post)}bearbeiten/", {"withdraw": "1"}).status_code == 403


# --- answering -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_goes_to_the_author_as_a_direct_message(client, personas, mailbox):
    post = post_of(personas.member)
    login(client, personas.outsider)
    page = client.get(detail(post)).content.decode()
    assert "Antworten per Direktnachricht" in page
    assert f'href="/de/austausch/melden/board/{post.pk}/"' in page

    response = client.post(f"{detail(post)}antworten/", {"body": "Wir haben einen Raum in Lich."})

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/de/austausch/nachrichten/{conversation.pk}/"
    assert Message.objects.get().body.endswith("Wir haben einen Raum in Lich.")
    assert Notification.objects.filter(user=personas.member, verb="board.reply").count() == 1


@pytest.mark.django_db
def test_an_empty_answer_is_explained_and_nothing_is_sent(client, personas):
    post = post_of(personas.member)
    login(client, personas.outsider)

    response = client.post(f"{detail(post)}antworten/", {"body": ""})

    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Nachricht." in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_author_sees_no_answer_form_and_cannot_answer_themselves(client, personas):
    post = post_of(personas.member)
    login(client, personas.member)

    assert "Antworten per Direktnachricht" not in client.get(detail(post)).content.decode()
    response = client.post(f"{detail(post)}antworten/", {"body": "Ich an mich"})

    assert response.status_code == 400
    assert "Das ist Ihr eigener Eintrag." in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_answering_an_entry_that_left_the_board_is_not_found(client, personas):
    post = post_of(personas.member, expires_on=today() - timedelta(days=1))
    login(client, personas.outsider)

    assert client.post(f"{detail(post)}antworten/", {"body": "Zu spät?"}).status_code == 404
    assert client.get(f"{detail(post)}antworten/").status_code in (404, 405)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_board_entry_sent_twice_is_created_once(client, personas) -> None:
    login(client, personas.outsider)
    token = re.search(r'name="form_once" value="([^"]+)"', client.get(CREATE).content.decode()).group(1)
    client.post(CREATE, form_data(form_once=token))
    client.post(CREATE, form_data(form_once=token))
    assert BoardPost.objects.count() == 1
