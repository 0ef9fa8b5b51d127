"""Subscribing without an account: the form, double opt-in, managing and the one-click unsubscribe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.newsletter import links, services
from vielfalt.newsletter.consent import CONSENT_VERSION
from vielfalt.newsletter.models import Subscription
from vielfalt.newsletter.tests.factories import SubscriptionFactory
from vielfalt.organisations.models import FieldOfAction

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/de/newsletter/"


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "neu@example.org",
        "language": "de",
        "consent": "on",
        "consent_version": CONSENT_VERSION,
    }
    data.update(changes)
    return data


def _link(pattern: str, to: str) -> str:
    for message in mail.outbox:
        if to in message.to and (match := re.search(pattern, message.body)):
            return match.group(0)
    raise AssertionError(f"no mail to {to} with {pattern}: {[m.subject for m in mail.outbox]}")


def _confirm_path(to: str) -> str:
    return _link(r"/[a-z]{2}/newsletter/bestaetigen/[^/\s]+/", to)


# --- the form ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_everyone_may_subscribe(client: Client, personas: Personas, persona: str) -> None:
    if persona != "anonymous":
        login(client, getattr(personas, persona))
    page = client.get(SUBSCRIBE)
    assert page.status_code == 200
    assert CONSENT_VERSION in page.content.decode()
    response = client.post(SUBSCRIBE, _form(email=f"{persona}-abo@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:subscribe_sent")
    subscription = Subscription.objects.get(email=f"{persona}-abo@example.org")
    assert subscription.status == Subscription.Status.PENDING
    assert client.get(response["Location"]).status_code == 200


def test_the_form_offers_the_page_language_and_stores_choices_consent_and_time(client: Client, mailbox: list) -> None:
    topics = list(FieldOfAction.objects.all()[:2])
    page = client.get("/ar/newsletter/")
    assert 'value="ar" selected' in page.content.decode()
    before = timezone.now()
    client.post("/ar/newsletter/", _form(email="Neu@Example.org ", language="uk", topics=[t.pk for t in topics]))
    subscription = Subscription.objects.get()
    assert subscription.email == "neu@example.org"
    assert subscription.language == "uk"
    assert set(subscription.topics.all()) == set(topics)
    assert subscription.consent_version == CONSENT_VERSION
    assert subscription.consented_at >= before
    assert subscription.confirmed_at is None
    assert len(mailbox) == 1
    assert mailbox[0].to == ["neu@example.org"]
    assert mailbox[0].subject != "Bitte bestätigen Sie Ihre Newsletter-Bestellung"  # in Ukrainian
    assert "/uk/newsletter/bestaetigen/" in mailbox[0].body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("neu@example.org\r\nBcc: opfer@example.org", "Zeilenumbrüche"),
        ("neu@example.org\nBcc: opfer@example.org", "Zeilenumbrüche"),
        ("a" * 490 + "@example.org", "höchstens 254 Zeichen"),
        ("keine-adresse", "gültige E-Mail-Adresse"),
        ("", "erforderlich"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_nothing_is_saved(
    client: Client, mailbox: list, email: str, message: str
) -> None:
    response = client.post(SUBSCRIBE, _form(email=email))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
    assert not mailbox


def test_without_consent_nothing_is_saved(client: Client, mailbox: list) -> None:
    response = client.post(SUBSCRIBE, _form(consent=""))
    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert not Subscription.objects.exists()


def test_consent_to_an_older_text_is_refused(client: Client, mailbox: list) -> None:
    response = client.post(SUBSCRIBE, _form(consent_version="0"))
    assert "Der Text der Einwilligung hat sich geändert" in response.content.decode()
    assert not Subscription.objects.exists()
    assert not mailbox


def test_an_unknown_language_is_refused(client: Client) -> None:
    response = client.post(SUBSCRIBE, _form(language="xx"))
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_honeypot_looks_successful_but_saves_nothing(client: Client, mailbox: list) -> None:
    response = client.post(SUBSCRIBE, _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Subscription.objects.exists()
    assert not mailbox


def test_the_form_is_rate_limited(client: Client, settings: object) -> None:
    settings.PUBLIC_FORM_RATE = "2/h"  # type: ignore[attr-defined]
    for n in range(2):
        assert client.post(SUBSCRIBE, _form(email=f"r{n}@example.org")).status_code == 302
    response = client.post(SUBSCRIBE, _form(email="r9@example.org"))
    assert response.status_code == 429
    assert not Subscription.objects.filter(email="r9@example.org").exists()


def test_one_address_gets_few_emails_however_often_it_is_entered(client: Client, mailbox: list) -> None:
    for _ in range(6):
        client.post(SUBSCRIBE, _form())
    assert len(mailbox) == 3


# --- a known address is not revealed ---------------------------------------------------------------------


def test_a_confirmed_address_gets_the_same_answer_and_a_reminder_instead(client: Client, mailbox: list) -> None:
    subscription = SubscriptionFactory(email="dabei@example.org", language="en")
    subscription.topics.set(FieldOfAction.objects.all()[:1])
    new = client.post(SUBSCRIBE, _form(email="frisch@example.org"))
    known = client.post(SUBSCRIBE, _form(email="Dabei@example.org", language="ar"))
    assert new.status_code == known.status_code == 302
    assert new["Location"] == known["Location"]
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.language == "en"  # nothing changes without the owner's link
    assert subscription.topics.count() == 1
    reminder = next(m for m in mailbox if m.to == ["dabei@example.org"])
    assert "/en/newsletter/einstellungen/" in reminder.body
    assert "bestaetigen" not in reminder.body


def test_a_pending_address_gets_a_new_link_and_the_old_one_stops_working(client: Client, mailbox: list) -> None:
    client.post(SUBSCRIBE, _form())
    first = _confirm_path("neu@example.org")
    mailbox.clear()
    client.post(SUBSCRIBE, _form(language="fa"))
    second = _confirm_path("neu@example.org")
    assert second.startswith("/fa/")
    assert Subscription.objects.count() == 1
    response = client.post(first)
    assert response.status_code == 400
    assert "durch einen neueren ersetzt" in response.content.decode()
    assert client.post(second).status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.CONFIRMED


def test_an_unsubscribed_address_may_subscribe_again_with_a_new_confirmation(client: Client, mailbox: list) -> None:
    SubscriptionFactory(email="wieder@example.org", status=Subscription.Status.UNSUBSCRIBED)
    client.post(SUBSCRIBE, _form(email="wieder@example.org"))
    subscription = Subscription.objects.get(email="wieder@example.org")
    assert subscription.status == Subscription.Status.PENDING
    client.post(_confirm_path("wieder@example.org"))
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED


# --- confirming -------------------------------------------------------------------------------------------


def test_confirming_takes_the_button_and_works_once(client: Client, mailbox: list) -> None:
    client.post(SUBSCRIBE, _form())
    path = _confirm_path("neu@example.org")
    page = client.get(path)  # a link scanner only looks
    assert page.status_code == 200
    assert Subscription.objects.get().status == Subscription.Status.PENDING
    done = client.post(path)
    assert done.status_code == 200
    assert "Newsletter bestätigt" in done.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.CONFIRMED
    assert subscription.confirmed_at is not None
    again = client.post(path)
    assert again.status_code == 400
    assert "schon benutzt" in again.content.decode()
    assert client.get(path).status_code == 400


def test_an_expired_link_says_so_and_confirms_nothing(client: Client, mailbox: list, settings: object) -> None:
    client.post(SUBSCRIBE, _form())
    path = _confirm_path("neu@example.org")
    settings.NEWSLETTER_CONFIRM_DAYS = 0  # type: ignore[attr-defined]
    response = client.post(path)
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_a_link_expires_after_the_configured_days(mailbox: list) -> None:
    services.subscription_request(email="alt@example.org", language="de", topics=[], consent_version=CONSENT_VERSION)
    token = _confirm_path("alt@example.org").rstrip("/").rsplit("/", 1)[1]
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(days=8)
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        with pytest.raises(services.ApplicationError) as refusal:
            services.subscription_confirm(token=token)
    assert refusal.value.code == "expired"


@pytest.mark.parametrize("token", ["kaputt", "eyJzIjoxfQ:1abc:xyz"])
def test_a_forged_confirmation_link_is_refused(client: Client, token: str) -> None:
    SubscriptionFactory(status=Subscription.Status.PENDING, confirmed_at=None, confirm_nonce="abc")
    response = client.post(f"/de/newsletter/bestaetigen/{token}/")
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    assert not Subscription.objects.filter(status=Subscription.Status.CONFIRMED).exists()


# --- managing ---------------------------------------------------------------------------------------------


def _manage_path(subscription: Subscription) -> str:
    return reverse("newsletter:manage", kwargs={"token": links.manage_token(subscription)})


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_the_signed_link_opens_its_own_subscription_for_anyone_holding_it(
    client: Client, personas: Personas, persona: str
) -> None:
    if persona != "anonymous":
        login(client, getattr(personas, persona))
    subscription = SubscriptionFactory(email="eigen@example.org")
    page = client.get(_manage_path(subscription))
    assert page.status_code == 200
    assert "eigen@example.org" in page.content.decode()
    topic = FieldOfAction.objects.first()
    assert topic is not None
    response = client.post(_manage_path(subscription), {"language": "ru", "topics": [topic.pk]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.language == "ru"
    assert list(subscription.topics.all()) == [topic]


def test_a_manage_link_opens_no_other_subscription(client: Client) -> None:
    mine = SubscriptionFactory(email="mein@example.org")
    other = SubscriptionFactory(email="fremd@example.org", language="de")
    # A signed link with another subscription's number but this one's key does not open it.
    forged = signing.dumps({"s": other.pk, "k": mine.key}, salt=links.MANAGE_SALT)
    tampered = links.manage_token(mine)[:-2] + "xx"
    for token in (forged, tampered):
        response = client.post(f"/de/newsletter/einstellungen/{token}/", {"language": "ar"})
        assert response.status_code == 400
        assert client.post(f"/de/newsletter/abbestellen/{token}/").status_code == 400
    other.refresh_from_db()
    assert other.language == "de"


def test_bad_settings_input_changes_nothing(client: Client) -> None:
    subscription = SubscriptionFactory(language="en")
    response = client.post(_manage_path(subscription), {"language": "xx", "topics": ["999999"]})
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.language == "en"


# --- unsubscribing ----------------------------------------------------------------------------------------


def test_one_click_unsubscribe_works_without_csrf_token_and_login() -> None:
    subscription = SubscriptionFactory()
    client = Client(enforce_csrf_checks=True)
    path = reverse("newsletter:unsubscribe", kwargs={"token": links.manage_token(subscription)})
    assert client.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED  # looking changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Erledigt" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribed_at is not None
    assert client.post(path).status_code == 200  # twice is fine


def test_unsubscribe_with_a_bad_link_changes_nothing(client: Client) -> None:
    subscription = SubscriptionFactory()
    assert client.post("/de/newsletter/abbestellen/nicht-echt/").status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED


def test_after_unsubscribing_the_settings_page_offers_subscribing_again(client: Client) -> None:
    subscription = SubscriptionFactory(status=Subscription.Status.UNSUBSCRIBED)
    response = client.post(_manage_path(subscription), {"language": "ru"})
    assert response.status_code == 200
    assert "wieder bestellen" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.language == "de"


def test_the_footer_links_to_the_subscribe_page(client: Client) -> None:
    assert 'href="/de/newsletter/"' in client.get("/de/newsletter/archiv/").content.decode()
