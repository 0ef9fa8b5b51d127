"""The unsubscribe link of every email: a confirmation page, the one-click POST of mail programs
(RFC 8058, no CSRF token, no login), and tampered links that change nothing."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import Personas, login
from vielfalt.notifications import services
from vielfalt.notifications.models import Category, Preference

pytestmark = pytest.mark.django_db


def _path(token: str, language: str = "de") -> str:
    with translation.override(language):
        return reverse("notifications:unsubscribe", kwargs={"token": token})


def _modes(personas: Personas) -> dict[str, str]:
    return services.modes_for(personas.member)


def test_get_asks_first_and_changes_nothing(client: Client, personas: Personas) -> None:
    """Link scanners of mail servers open every link: looking must not unsubscribe."""
    token = services.unsubscribe_token(personas.member, Category.MESSAGE)

    response = client.get(_path(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Möchten Sie keine E-Mails mehr zu dieser Art von Benachrichtigungen bekommen?" in html
    assert "<li>Direktnachrichten</li>" in html
    assert f'<form method="post" action="{_path(token)}"' in html
    assert _modes(personas)["message"] == "instant"
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_button_turns_the_category_off_without_logging_in(client: Client, personas: Personas) -> None:
    token = services.unsubscribe_token(personas.member, Category.MESSAGE)

    response = client.post(_path(token))

    assert response.status_code == 200
    assert "Erledigt: Zu diesen Benachrichtigungen schreiben wir Ihnen keine E-Mails mehr." in response.content.decode()
    assert _modes(personas)["message"] == "off"
    assert _modes(personas)["mention"] == "instant"  # only the link's category


def test_one_click_from_a_mail_program_needs_no_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    token = services.unsubscribe_token(personas.member, Category.REPLY)

    response = client.post(
        _path(token), data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert _modes(personas)["reply"] == "off"


def test_one_click_for_a_digest_turns_off_all_its_categories(personas: Personas) -> None:
    token = services.unsubscribe_token(personas.member, ["reply", "group"])
    response = Client(enforce_csrf_checks=True).post(_path(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert (_modes(personas)["reply"], _modes(personas)["group"], _modes(personas)["message"]) == (
        "off",
        "off",
        "instant",
    )


def test_unsubscribing_twice_is_fine(client: Client, personas: Personas) -> None:
    token = services.unsubscribe_token(personas.member, Category.BOARD)
    assert client.post(_path(token)).status_code == 200
    assert client.post(_path(token)).status_code == 200
    assert Preference.objects.filter(user=personas.member).count() == 1


def test_the_link_works_in_any_language_and_for_a_logged_in_other_person(client: Client, personas: Personas) -> None:
    token = services.unsubscribe_token(personas.member, Category.EVENT)
    login(client, personas.outsider)
    assert client.post(_path(token, "fa")).status_code == 200
    assert _modes(personas)["event"] == "off"
    assert not Preference.objects.filter(user=personas.outsider).exists()


def _tampered(personas: Personas) -> list[str]:
    good = services.unsubscribe_token(personas.member, Category.MESSAGE)
    return [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # a changed signature
        "nonsense",
        signing.dumps({"u": personas.member.pk, "c": "message"}, salt="another.salt", compress=True),
        signing.dumps({"u": personas.member.pk, "c": "gossip"}, salt=services.UNSUBSCRIBE_SALT),  # no such category
        signing.dumps({"u": personas.member.pk, "c": []}, salt=services.UNSUBSCRIBE_SALT),
        signing.dumps({"u": 999999, "c": "message"}, salt=services.UNSUBSCRIBE_SALT),  # nobody
        signing.dumps({"c": "message"}, salt=services.UNSUBSCRIBE_SALT),
        signing.dumps("message", salt=services.UNSUBSCRIBE_SALT),
    ]


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_and_changes_nothing(personas: Personas, index: int, method: str) -> None:
    token = _tampered(personas)[index]
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(_path(token))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieser Abmeldelink ist ungültig." in html
    assert "Ihre Einstellungen haben wir nicht geändert." in html
    assert not Preference.objects.exists()


def test_the_link_of_a_deleted_account_does_nothing(client: Client, personas: Personas) -> None:
    from vielfalt.accounts.services import user_delete

    token = services.unsubscribe_token(personas.member, Category.MESSAGE)
    user_delete(user=personas.member)
    assert client.post(_path(token)).status_code == 400
    assert not Preference.objects.exists()


def test_other_methods_are_not_allowed(client: Client, personas: Personas) -> None:
    token = services.unsubscribe_token(personas.member, Category.MESSAGE)
    assert client.put(_path(token)).status_code == 405
    assert _modes(personas)["message"] == "instant"


def test_a_link_is_void_once_the_address_changed(client: Client, personas: Personas) -> None:
    """Links are bound to the address they were sent to (forwarded old mail cannot change settings)."""
    token = services.unsubscribe_token(personas.member, Category.MESSAGE)
    personas.member.email = "neue-adresse@example.org"
    personas.member.save(update_fields=["email"])

    response = client.post(_path(token))

    assert response.status_code == 400
    assert _modes(personas)["message"] == "instant"
    fresh = services.unsubscribe_token(personas.member, Category.MESSAGE)
    assert client.post(_path(fresh)).status_code == 200
    assert _modes(personas)["message"] == "off"


def test_a_link_without_the_address_is_not_taken(client: Client, personas: Personas) -> None:
    legacy = signing.dumps({"u": personas.member.pk, "c": "message"}, salt=services.UNSUBSCRIBE_SALT, compress=True)

    assert client.post(_path(legacy)).status_code == 400
    assert _modes(personas)["message"] == "instant"
