"""Emails about notifications: at once or as a daily/weekly digest, per the person's settings,
each with a one-click unsubscribe for its categories, in the recipient's language."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts import personal_data
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib import periodic
from vielfalt.notifications import services, tasks
from vielfalt.notifications.models import Category, DigestLog, Notification
from vielfalt.notifications.tests.helpers import tell

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def _token_of(header: str) -> str:
    """The token in ``<https://…/abbestellen/TOKEN/>``."""
    return header.strip("<>").rstrip("/").rsplit("/", 1)[1]


def _html(message: mail.EmailMessage) -> str:
    return str(message.alternatives[0][0])  # type: ignore[attr-defined]


# --- at once -------------------------------------------------------------------------------------------------


def test_an_instant_email_has_the_one_click_unsubscribe_headers(mailbox: list, personas: Personas) -> None:
    notification = tell(personas.member, actor=personas.outsider, category=Category.MENTION, verb="post.mention")

    assert len(mailbox) == 1
    message = mailbox[0]
    assert message.to == ["member@example.org"]
    assert message.subject == "Otto Außen hat Sie in „Fördermittel 2027“ erwähnt."
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/de/benachrichtigungen/abbestellen/")
    assert services.unsubscribe_from_token(_token_of(headers["List-Unsubscribe"])) == (personas.member, ["mention"])
    # Body: the news, a link to it, the unsubscribe link and the settings page, in text and HTML.
    unsubscribe = headers["List-Unsubscribe"].strip("<>")
    for body in (message.body, _html(message)):
        assert "Otto Außen hat Sie in „Fördermittel 2027“ erwähnt." in body
        assert f"/de/benachrichtigungen/{notification.pk}/" in body
        assert unsubscribe in body
        assert "http://127.0.0.1:8000/de/benachrichtigungen/einstellungen/" in body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_text_email_is_not_html_escaped(mailbox: list, personas: Personas) -> None:
    tell(personas.member, actor=personas.outsider, category=Category.MESSAGE, verb="message.organisation",
         subject="Eltern & Schule <e.V.>")  # fmt: skip
    assert "„Eltern & Schule <e.V.>“" in mailbox[0].body
    assert "„Eltern &amp; Schule &lt;e.V.&gt;“" in _html(mailbox[0])


def test_the_actor_is_never_told_and_nobody_twice(mailbox: list, personas: Personas) -> None:
    notifications = services.notify(
        users=[personas.member, personas.member, personas.outsider],
        category=Category.MESSAGE, verb="message.person", url="/de/kontakt/", actor=personas.outsider,
    )  # fmt: skip
    assert [n.user for n in notifications] == [personas.member]
    assert [m.to for m in mailbox] == [["member@example.org"]]


def test_instant_emails_to_many_people_cost_a_fixed_number_of_queries(mailbox: list) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = UserFactory.create_batch(15)
    with CaptureQueriesContext(connection) as queries:
        services.notify(users=people, category=Category.MODERATION, verb="moderation.warning", url="/de/kontakt/",
                        subject="Bitte sachlich bleiben")  # fmt: skip
    assert len(mailbox) == 15
    # Each email is one row of the outbox (written, claimed, read, marked sent: core.lib.emails);
    # everything else is a fixed number: savepoint, insert, preferences, update, release.
    outbox = [q for q in queries.captured_queries if "core_outgoingemail" in q["sql"]]
    assert len(queries.captured_queries) - len(outbox) <= 5
    assert len(outbox) == 4 * 15


@pytest.mark.parametrize("mode", ["off", "daily", "weekly"])
def test_no_instant_email_unless_chosen(mailbox: list, personas: Personas, mode: str) -> None:
    services.preferences_save(user=personas.member, modes={"message": mode})
    notification = tell(personas.member, category=Category.MESSAGE, verb="message.person")
    assert mailbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_the_general_switch_turns_every_email_off(mailbox: list, personas: Personas) -> None:
    User.objects.filter(pk=personas.member.pk).update(notify_activity=False)
    personas.member.refresh_from_db()
    tell(personas.member, category=Category.MESSAGE, verb="message.person")
    tell(personas.member, category=Category.REPLY)
    assert services.digests_send(now=timezone.now() + timedelta(days=8)) == 0
    assert mailbox == []
    assert Notification.objects.filter(user=personas.member).count() == 2  # still on the platform


def test_news_already_emailed_is_not_emailed_again(mailbox: list, personas: Personas) -> None:
    services.notify(users=[personas.member], category=Category.EVENT, verb="event.cancelled", url="/de/kontakt/",
                    subject="Vernetzungstreffen", emailed=True)  # fmt: skip
    assert services.digests_send(now=timezone.now() + timedelta(days=2)) == 0
    assert mailbox == []


def test_emails_are_in_the_recipients_language(mailbox: list) -> None:
    person = UserFactory(preferred_language="en", name="Emma English")
    notification = tell(person, category=Category.MESSAGE, verb="message.person")

    message = mailbox[0]
    assert message.body.startswith("Hello \u2068Emma English\u2069,")  # the name isolated for RTL mail programs
    assert f"http://127.0.0.1:8000/en/benachrichtigungen/{notification.pk}/" in message.body
    assert "http://127.0.0.1:8000/en/benachrichtigungen/einstellungen/" in message.body
    assert "/en/benachrichtigungen/abbestellen/" in message.extra_headers["List-Unsubscribe"]
    assert '<html lang="en" dir="ltr">' in _html(message)
    assert "Hello <bdi>Emma English</bdi>," in _html(message)


def test_a_digest_is_in_the_recipients_language_and_direction(mailbox: list) -> None:
    person = UserFactory(preferred_language="ar")
    tell(person)
    services.digests_send(now=timezone.now() + timedelta(minutes=1))
    assert '<html lang="ar" dir="rtl">' in _html(mailbox[0])
    assert "/ar/benachrichtigungen/" in mailbox[0].body


# --- digests ------------------------------------------------------------------------------------------------


def _at(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def test_the_daily_digest_sends_everything_pending_once(mailbox: list, personas: Personas) -> None:
    first = tell(personas.member, actor=personas.outsider, subject="Erste Diskussion")  # replies: daily
    second = tell(personas.member, actor=personas.org_admin, category=Category.GROUP, verb="group.requested",
                  subject="Jugendarbeit")  # fmt: skip
    already_read = tell(personas.member, subject="Schon gelesen")
    services.notification_mark_read(user=personas.member, notification=already_read)
    assert mailbox == []  # nothing at once

    assert services.digests_send(now=_at(0.01)) == 1

    assert len(mailbox) == 1
    message = mailbox[0]
    assert message.subject == "Ihre Zusammenfassung: 2 neue Benachrichtigungen"
    for body in (message.body, _html(message)):
        assert body.index("Erste Diskussion") < body.index("Jugendarbeit")  # in the order they happened
        assert f"/de/benachrichtigungen/{first.pk}/" in body
        assert f"/de/benachrichtigungen/{second.pk}/" in body
        assert "Schon gelesen" not in body  # what was read needs no email
        assert "/de/benachrichtigungen/einstellungen/" in body
        assert body.count("/de/benachrichtigungen/abbestellen/") == 3  # each category, and both at once
    # One click in the mail program turns off both categories of this digest.
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
    assert services.unsubscribe_from_token(_token_of(header)) == (personas.member, ["group", "reply"])

    # Not again: neither in the same run nor in the next ones.
    assert services.digests_send(now=_at(0.02)) == 0
    assert services.digests_send(now=_at(3)) == 0
    assert len(mailbox) == 1


def test_at_most_one_daily_digest_a_day(mailbox: list, personas: Personas) -> None:
    tell(personas.member, subject="Montag")
    assert services.digests_send(now=_at(0.01)) == 1
    tell(personas.member, subject="Später am Montag")

    assert services.digests_send(now=_at(0.5)) == 0  # not yet a day since the last one
    assert services.digests_send(now=_at(1.02)) == 1

    assert len(mailbox) == 2
    assert "Später am Montag" in mailbox[1].body
    assert "Montag" not in mailbox[1].body.replace("Später am Montag", "")
    assert mailbox[1].subject == "Ihre Zusammenfassung: 1 neue Benachrichtigung"


def test_the_weekly_digest_waits_a_week(mailbox: list, personas: Personas) -> None:
    services.preferences_save(user=personas.member, modes={"reply": "weekly"})
    tell(personas.member, subject="Woche eins")
    assert services.digests_send(now=_at(0.01)) == 1  # the first goes out at the next run
    tell(personas.member, subject="Woche zwei, Montag")
    tell(personas.member, subject="Woche zwei, Freitag")

    assert services.digests_send(now=_at(3)) == 0
    assert services.digests_send(now=_at(6.9)) == 0
    assert services.digests_send(now=_at(7.02)) == 1
    assert services.digests_send(now=_at(7.5)) == 0

    assert len(mailbox) == 2
    assert "Woche zwei, Montag" in mailbox[1].body
    assert "Woche zwei, Freitag" in mailbox[1].body
    assert "Woche eins" not in mailbox[1].body


def test_daily_digests_neither_hold_back_nor_bring_the_weekly_items(mailbox: list, personas: Personas) -> None:
    services.preferences_save(user=personas.member, modes={"reply": "weekly", "group": "daily"})
    tell(personas.member, subject="Wöchentlich A")
    assert services.digests_send(now=_at(0.01)) == 1
    tell(personas.member, subject="Wöchentlich B")
    for day in range(1, 7):  # a group request every day: a daily digest every day, without B
        tell(personas.member, category=Category.GROUP, verb="group.requested", subject=f"Tag {day}")
        assert services.digests_send(now=_at(day + 0.02)) == 1
        assert "Wöchentlich B" not in mailbox[-1].body
    tell(personas.member, category=Category.GROUP, verb="group.requested", subject="Tag 7")

    assert services.digests_send(now=_at(7.03)) == 1

    assert "Wöchentlich B" in mailbox[-1].body
    assert "Tag 7" in mailbox[-1].body


def test_digests_go_out_through_the_workers_periodic_job(mailbox: list, personas: Personas) -> None:
    assert tasks.send_digests in periodic.jobs()
    tell(personas.member)
    periodic.enqueue_all()
    assert len(mailbox) == 1
    assert DigestLog.objects.filter(user=personas.member).exists()


def test_a_digest_for_one_category_unsubscribes_from_it(mailbox: list, personas: Personas) -> None:
    tell(personas.member)
    services.digests_send(now=_at(0.01))
    header = mailbox[0].extra_headers["List-Unsubscribe"]
    assert services.unsubscribe_from_token(_token_of(header)) == (personas.member, ["reply"])
    assert mailbox[0].body.count("/abbestellen/") == 1


# --- personal data ------------------------------------------------------------------------------------------


def test_notifications_and_settings_are_in_the_data_export_and_erased(personas: Personas) -> None:
    tell(personas.member, actor=personas.outsider, subject="Elternarbeit")
    services.preferences_save(user=personas.member, modes={"reply": "weekly"})

    exported = personal_data.exporters()["notifications"](personas.member)

    assert exported["items"][0]["text"] == "Otto Außen hat in „Elternarbeit“ geantwortet."
    assert exported["items"][0]["url"] == "/de/kontakt/"
    assert exported["items"][0]["read"] is False
    assert exported["email_preferences"] == {"reply": "weekly"}

    personal_data.erasers()["notifications"](personas.member)
    assert not Notification.objects.filter(user=personas.member).exists()
    assert personal_data.exporters()["notifications"](personas.member) == {"items": [], "email_preferences": {}}


def test_the_data_export_download_contains_the_notifications(client, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from conftest import login

    tell(personas.member, actor=personas.outsider, subject="Elternarbeit")
    response = login(client, personas.member).post("/de/accounts/data/")
    assert "Otto Außen hat in „Elternarbeit“ geantwortet." in response.content.decode()
