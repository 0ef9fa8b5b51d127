"""The notification list, opening one, marking read, and the email settings page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.notifications import selectors, services
from vielfalt.notifications.models import Category, Notification, Preference
from vielfalt.notifications.tests.helpers import tell

pytestmark = pytest.mark.django_db

LIST = "/de/benachrichtigungen/"
PREFERENCES = "/de/benachrichtigungen/einstellungen/"


# --- the list --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, PREFERENCES, "/de/benachrichtigungen/1/"])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_list_shows_ones_own_notifications_newest_first(client: Client, personas: Personas) -> None:
    older = tell(personas.member, actor=personas.outsider, subject="Ältere Diskussion")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=2))
    tell(personas.member, actor=personas.org_admin, subject="Neuere Diskussion")
    tell(personas.outsider, actor=personas.org_admin, subject="Nicht für Mina")

    html = login(client, personas.member).get(LIST).content.decode()

    assert html.index("Neuere Diskussion") < html.index("Ältere Diskussion")
    assert "Ada Admin hat in „Neuere Diskussion“ geantwortet." in html
    assert "Nicht für Mina" not in html


def test_unread_ones_are_marked_in_words_not_by_colour_alone(client: Client, personas: Personas) -> None:
    read = tell(personas.member, actor=personas.outsider, subject="Gelesen")
    services.notification_mark_read(user=personas.member, notification=read)
    tell(personas.member, actor=personas.outsider, subject="Neu")

    html = login(client, personas.member).get(LIST).content.decode()

    assert html.count("vf-notification--unread") == 1
    assert html.count(">Ungelesen<") == 1
    assert "Sie haben 1 ungelesene Benachrichtigung." in html
    # Which one the button marks is told to screen readers by the notification's text.
    pk = Notification.objects.get(subject="Neu").pk
    assert f'<p class="vf-notification__text" id="notification-{pk}">' in html
    assert f'aria-describedby="notification-{pk}"' in html


def test_the_list_is_paginated(client: Client, personas: Personas) -> None:
    for number in range(selectors.LIST_PAGE_SIZE + 3):
        tell(personas.member, subject=f"Thema {number}")
    login(client, personas.member)

    first = client.get(LIST).content.decode()
    second = client.get(LIST + "?page=2").content.decode()

    assert first.count('<li class="vf-notification') == selectors.LIST_PAGE_SIZE
    assert second.count('<li class="vf-notification') == 3
    assert "Seite 2 von 2" in second
    assert client.get(LIST + "?page=zwei").status_code == 200  # nonsense is page 1, not an error


def test_the_list_costs_few_queries_whatever_its_length(
    client: Client, personas: Personas, django_assert_max_num_queries
) -> None:
    for number in range(20):
        tell(personas.member, actor=personas.outsider, subject=f"Thema {number}")
    login(client, personas.member)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_a_notification_with_a_deleted_actor_reads_someone(client: Client, personas: Personas) -> None:
    from vielfalt.accounts.services import user_delete

    tell(personas.member, actor=personas.outsider, subject="Elternarbeit")
    user_delete(user=personas.outsider)

    html = login(client, personas.member).get(LIST).content.decode()

    assert "Jemand hat in „Elternarbeit“ geantwortet." in html


def test_the_list_is_in_the_readers_language(client: Client, personas: Personas) -> None:
    """Stored as a verb, rendered when read: the English page shows the notification in English."""
    tell(personas.member, actor=personas.outsider, verb="group.approved", subject="Jugendarbeit")
    html = login(client, personas.member).get("/en/benachrichtigungen/").content.decode()
    assert '<html lang="en"' in html
    assert "/en/benachrichtigungen/" in html  # its links stay in English too


# --- opening and marking read --------------------------------------------------------------------------


def test_opening_marks_read_and_goes_where_it_points_in_the_current_language(
    client: Client, personas: Personas
) -> None:
    notification = tell(personas.member, actor=personas.outsider)  # made while German was active
    assert notification.url == "/de/kontakt/"

    response = login(client, personas.member).get(f"/en/benachrichtigungen/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/en/kontakt/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_keeps_the_anchor_of_the_address(client: Client, personas: Personas) -> None:
    notification = tell(personas.member, url="/de/kontakt/#antwort-12")
    response = login(client, personas.member).get(f"/tr/benachrichtigungen/{notification.pk}/")
    assert response["Location"] == "/tr/kontakt/#antwort-12"


@pytest.mark.parametrize("url", ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)"])
def test_an_address_off_the_site_is_never_followed(client: Client, personas: Personas, url: str) -> None:
    notification = tell(personas.member, url=url)
    response = login(client, personas.member).get(f"/de/benachrichtigungen/{notification.pk}/")
    assert response["Location"] == LIST


@pytest.mark.parametrize("persona", ["outsider", "org_admin", "staff", "staff_no_mfa"])
def test_only_the_owner_can_open_a_notification(client: Client, personas: Personas, persona: str) -> None:
    notification = tell(personas.member, actor=personas.outsider)
    login(client, personas.all()[persona])

    assert client.get(f"/de/benachrichtigungen/{notification.pk}/").status_code == 404
    assert client.post(f"/de/benachrichtigungen/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_read_with_the_button_stays_on_the_list(client: Client, personas: Personas) -> None:
    first = tell(personas.member)
    second = tell(personas.member)

    response = login(client, personas.member).post(f"/de/benachrichtigungen/{first.pk}/")

    assert response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_all_read(client: Client, personas: Personas) -> None:
    for _number in range(3):
        tell(personas.member)
    others = tell(personas.outsider)
    login(client, personas.member)

    assert client.get("/de/benachrichtigungen/alle-gelesen/").status_code == 405  # a button, never a link
    response = client.post("/de/benachrichtigungen/alle-gelesen/", follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Alle Benachrichtigungen sind als gelesen markiert." in response.content.decode()
    assert selectors.unread_count(personas.member) == 0
    others.refresh_from_db()
    assert others.read_at is None  # nobody else's


def test_mark_all_read_needs_a_login(client: Client, personas: Personas) -> None:
    tell(personas.member)
    assert client.post("/de/benachrichtigungen/alle-gelesen/").status_code == 302
    assert selectors.unread_count(personas.member) == 1


# --- email settings ------------------------------------------------------------------------------------


def test_settings_show_the_defaults_as_radio_groups(client: Client, personas: Personas) -> None:
    html = login(client, personas.member).get(PREFERENCES).content.decode()

    assert html.count('<fieldset class="kern-fieldset') == len(Category)
    assert '<legend class="kern-label">Direktnachrichten' in html
    assert 'type="radio" name="message" value="instant" id="id_message_0" checked' in html
    assert 'type="radio" name="reply" value="daily" id="id_reply_1" checked' in html
    # The general switch on the account's page turns them all off: the page says so and links there.
    assert "E-Mails zu meinen Anmeldungen, Anfragen und Nachrichten" in html
    assert 'href="/de/accounts/notifications/"' in html


def test_settings_are_saved_and_shown_again(client: Client, personas: Personas) -> None:
    login(client, personas.member)
    data = {str(c): "weekly" for c in Category} | {"message": "off"}

    response = client.post(PREFERENCES, data, follow=True)

    assert response.redirect_chain[-1][0] == PREFERENCES
    assert "Ihre Einstellungen für Benachrichtigungen sind gespeichert." in response.content.decode()
    assert services.modes_for(personas.member)["message"] == "off"
    assert services.modes_for(personas.member)["reply"] == "weekly"
    assert 'name="message" value="off" id="id_message_3" checked' in response.content.decode()


def test_a_saved_setting_decides_the_next_email(client: Client, personas: Personas, mailbox: list) -> None:
    login(client, personas.member)
    client.post(PREFERENCES, {str(c): "off" for c in Category} | {"reply": "instant"})

    tell(personas.member, category=Category.MESSAGE, verb="message.person")  # off: no email
    tell(personas.member, category=Category.REPLY)  # a daily digest by default, now at once

    assert len(mailbox) == 1
    assert mailbox[0].subject == "Jemand hat in „Fördermittel 2027“ geantwortet."
    assert mailbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("bad", [{}, {"message": "sometimes"}])
def test_incomplete_or_unknown_settings_change_nothing(client: Client, personas: Personas, bad: dict[str, str]) -> None:
    login(client, personas.member)
    data = {str(c): "daily" for c in Category if c != Category.MESSAGE} | bad

    response = client.post(PREFERENCES, data)

    assert response.status_code == 400
    assert "Bitte korrigieren Sie die folgenden Angaben" in response.content.decode()
    assert not Preference.objects.filter(user=personas.member).exists()


def test_with_the_general_switch_off_the_page_explains_and_keeps_the_choices(
    client: Client, personas: Personas
) -> None:
    services.preferences_save(user=personas.member, modes={"reply": "weekly"})
    User.objects.filter(pk=personas.member.pk).update(notify_activity=False)

    html = login(client, personas.member).get(PREFERENCES).content.decode()

    assert "Zurzeit bekommen Sie keine dieser E-Mails." in html
    # The person's own choice is shown (not "off" everywhere), so switching back on restores it.
    assert 'name="reply" value="weekly" id="id_reply_2" checked' in html


def test_the_account_pages_link_to_the_settings(client: Client, personas: Personas) -> None:
    login(client, personas.member)
    for page in ["/de/accounts/profile/", "/de/accounts/notifications/"]:
        assert f'href="{PREFERENCES}"' in client.get(page).content.decode()
    html = client.get(PREFERENCES).content.decode()
    assert f'href="{PREFERENCES}" aria-current="page"' in html
