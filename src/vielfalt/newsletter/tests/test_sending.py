"""Sending an issue: who gets it, in which language, exactly once (also across a crash), bounces."""

from __future__ import annotations

import smtplib
from collections import Counter
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from conftest import Personas
from vielfalt.core.errors import ApplicationError
from vielfalt.events.tests.factories import EventFactory
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter import links, sending, services, tasks
from vielfalt.newsletter.models import Delivery, Issue, Subscription
from vielfalt.newsletter.tests.factories import IssueFactory, SubscriptionFactory
from vielfalt.organisations.models import FieldOfAction

pytestmark = pytest.mark.django_db


def _to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def _issue(**kwargs: Any) -> Issue:
    issue = IssueFactory(**kwargs)
    issue.posts.set([PostFactory(title="Neue Fortbildungen", title_translations={"tr": "Yeni eğitimler"})])
    issue.calls.set([CallFactory(title="WIR-Mikroprojekte 2027")])
    issue.events.set([EventFactory(title="Regionaltreffen Nordhessen")])
    return issue


# --- who receives an issue --------------------------------------------------------------------------------


def test_only_confirmed_subscriptions_receive_an_issue(personas: Personas, mailbox: list) -> None:
    confirmed = SubscriptionFactory(email="ja@example.org")
    SubscriptionFactory(email="offen@example.org", status=Subscription.Status.PENDING, confirmed_at=None)
    SubscriptionFactory(email="weg@example.org", status=Subscription.Status.UNSUBSCRIBED)
    SubscriptionFactory(email="bounce@example.org", status=Subscription.Status.SUSPENDED)
    issue = _issue()
    assert services.issue_send(issue=issue, by=personas.staff) == 1
    assert [m.to for m in mailbox] == [[confirmed.email]]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.finished_at is not None
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_topics_decide_who_receives_an_issue(personas: Personas, mailbox: list) -> None:
    education, health, sport = FieldOfAction.objects.all()[:3]
    everything = SubscriptionFactory(email="alles@example.org")
    SubscriptionFactory(email="bildung@example.org").topics.set([education])
    SubscriptionFactory(email="gesundheit@example.org").topics.set([health, sport])
    issue = _issue()
    issue.topics.set([education])
    services.issue_send(issue=issue, by=personas.staff)
    assert sorted(m.to[0] for m in mailbox) == ["alles@example.org", "bildung@example.org"]
    mailbox.clear()
    general = _issue()  # no topic: everyone
    services.issue_send(issue=general, by=personas.staff)
    assert len(mailbox) == 3
    assert everything.deliveries.count() == 2


def test_someone_who_unsubscribes_during_the_send_gets_nothing(personas: Personas, mailbox: list) -> None:
    leaving = SubscriptionFactory(email="geht@example.org")
    SubscriptionFactory(email="bleibt@example.org")
    issue = _issue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "enqueue_batches", lambda **kwargs: None)  # the worker has not started yet
        services.issue_send(issue=issue, by=personas.staff)
    services.subscription_cancel(subscription=leaving)
    sending.send_batch(issue_id=issue.pk)
    assert [m.to for m in mailbox] == [["bleibt@example.org"]]
    assert leaving.deliveries.get().status == Delivery.Status.SKIPPED
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


# --- languages and the message --------------------------------------------------------------------------


def test_each_recipient_gets_their_language_with_german_where_a_translation_is_missing(
    personas: Personas, mailbox: list
) -> None:
    SubscriptionFactory(email="de@example.org", language="de")
    SubscriptionFactory(email="en@example.org", language="en")
    SubscriptionFactory(email="tr@example.org", language="tr")
    issue = _issue()
    services.issue_send(issue=issue, by=personas.staff)
    german, english, turkish = (_to(f"{code}@example.org")[0] for code in ("de", "en", "tr"))
    assert german.subject == issue.subject
    assert english.subject == issue.subject_translations["en"]
    assert turkish.subject == issue.subject  # no Turkish subject: the German one
    assert "Dear readers" in english.body
    assert "Liebe Leserinnen" in turkish.body  # the introduction falls back to German too
    assert "Yeni eğitimler" in turkish.body  # the post has a Turkish title
    assert "Neue Fortbildungen" in english.body
    assert "/tr/newsletter/abbestellen/" in turkish.body
    html = turkish.alternatives[0][0]  # type: ignore[attr-defined]
    assert 'lang="tr"' in html
    assert "/tr/newsletter/einstellungen/" in html
    for message in (german, english, turkish):
        assert links.TOKEN_PLACEHOLDER not in message.body
        assert links.TOKEN_PLACEHOLDER not in message.alternatives[0][0]  # type: ignore[attr-defined]


def test_every_message_carries_one_click_unsubscribe_for_its_own_subscription(
    personas: Personas, mailbox: list, client: Any
) -> None:
    first = SubscriptionFactory(email="eins@example.org")
    second = SubscriptionFactory(email="zwei@example.org")
    services.issue_send(issue=_issue(), by=personas.staff)
    message = _to("eins@example.org")[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/de/newsletter/abbestellen/" in url
    response = client.post(urlsplit(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Subscription.Status.UNSUBSCRIBED
    assert second.status == Subscription.Status.CONFIRMED


def test_the_issue_is_rendered_once_per_language_not_per_recipient(personas: Personas, mailbox: list) -> None:
    SubscriptionFactory.create_batch(12, language="ar")
    calls: list[str] = []

    with pytest.MonkeyPatch.context() as patch:
        from vielfalt.newsletter import rendering

        real = rendering.render_issue

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls.append(kwargs["language"])
            return real(*args, **kwargs)

        patch.setattr(rendering, "render_issue", counting)
        services.issue_send(issue=_issue(), by=personas.staff)
    assert sorted(calls) == sorted(code for code, _ in rendering.settings.LANGUAGES)
    assert len(mailbox) == 12


def test_a_batch_uses_one_connection(personas: Personas, mailbox: list, settings: Any) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 5
    SubscriptionFactory.create_batch(12)
    opened: list[int] = []

    class Counting(EmailBackend):
        def open(self) -> bool:
            opened.append(1)
            return True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "get_connection", lambda **kwargs: Counting())
        services.issue_send(issue=_issue(), by=personas.staff)
    assert len(mailbox) == 12
    assert len(opened) == 3  # 5 + 5 + 2


# --- exactly once ------------------------------------------------------------------------------------------


def test_sending_an_issue_twice_is_refused(personas: Personas, mailbox: list) -> None:
    SubscriptionFactory()
    issue = _issue()
    services.issue_send(issue=issue, by=personas.staff)
    with pytest.raises(ApplicationError) as refusal:
        services.issue_send(issue=Issue.objects.get(pk=issue.pk), by=personas.staff)
    assert refusal.value.code == "already_sent"
    assert len(mailbox) == 1
    assert Delivery.objects.count() == 1


def test_an_issue_nobody_would_receive_is_not_sent(personas: Personas) -> None:
    issue = _issue()
    with pytest.raises(ApplicationError) as refusal:
        services.issue_send(issue=issue, by=personas.staff)
    assert refusal.value.code == "no_recipients"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


class WorkerKilled(BaseException):
    """The process dies (as with SIGKILL): nothing of ours runs after it."""


def test_a_crash_mid_batch_and_a_rerun_send_each_message_exactly_once(
    personas: Personas, mailbox: list, settings: Any
) -> None:
    settings.NEWSLETTER_BATCH_SIZE = 10
    subscriptions = SubscriptionFactory.create_batch(25)
    issue = _issue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "enqueue_batches", lambda **kwargs: None)
        services.issue_send(issue=issue, by=personas.staff)

    class DiesAfterFourth(EmailBackend):
        def send_messages(self, messages: Any) -> int:
            sent = super().send_messages(messages)
            if len(mail.outbox) == 4:
                raise WorkerKilled  # handed to the server, then the worker died before marking it
            return sent

    with pytest.raises(WorkerKilled):
        sending.send_batch(issue_id=issue.pk, connection=DiesAfterFourth())
    assert len(mailbox) == 4
    counts = Counter(Delivery.objects.values_list("status", flat=True))
    assert counts == {"sent": 3, "sending": 7, "pending": 15}

    # A re-run before the lease runs out leaves the dead worker's claim alone.
    sending.send_batch(issue_id=issue.pk)
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == 7
    # Once it ran out, the housekeeping takes it back and queues what is left.
    later = timezone.now() + timedelta(seconds=settings.EMAIL_SEND_LEASE + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending.timezone, "now", lambda: later)
        result = tasks.housekeeping.call()
    assert result["recovered"] == 6
    assert Delivery.objects.get(status=Delivery.Status.UNKNOWN).error == sending.STOPPED
    received = Counter(address for message in mailbox for address in message.to)
    assert set(received.values()) == {1}, "someone got the issue twice"
    assert len(received) == 25  # everyone has it: the 4th once, though its delivery is marked unknown
    assert set(received) == {s.email for s in subscriptions}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    # And running every batch again sends nothing more.
    for _ in range(3):
        sending.send_batch(issue_id=issue.pk)
    assert len(mailbox) == 25


def test_a_delivery_row_exists_once_per_issue_and_subscription(personas: Personas) -> None:
    from django.db import IntegrityError, transaction

    subscription = SubscriptionFactory()
    issue = _issue()
    Delivery.objects.create(issue=issue, subscription=subscription)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, subscription=subscription)


def test_two_workers_never_claim_the_same_delivery(personas: Personas, settings: Any) -> None:
    SubscriptionFactory.create_batch(7)
    issue = _issue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "enqueue_batches", lambda **kwargs: None)
        services.issue_send(issue=issue, by=personas.staff)
    first = sending.claim(issue_id=issue.pk, size=4)
    second = sending.claim(issue_id=issue.pk, size=4)
    third = sending.claim(issue_id=issue.pk, size=4)
    assert first and second and not third
    assert Delivery.objects.filter(claim=first).count() == 4
    assert Delivery.objects.filter(claim=second).count() == 3


# --- bounces ------------------------------------------------------------------------------------------------


class Refusing(EmailBackend):
    """A mail server that refuses some addresses (code per address)."""

    def __init__(self, codes: dict[str, int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = codes

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            for address in message.to:
                if address in self.codes:
                    code = self.codes[address]
                    raise smtplib.SMTPRecipientsRefused({address: (code, b"5.1.1 mailbox unknown")})
        return super().send_messages(messages)


def test_a_permanent_refusal_marks_the_delivery_and_suspends_the_address(personas: Personas, mailbox: list) -> None:
    bad = SubscriptionFactory(email="gibtsnicht@example.org")
    SubscriptionFactory(email="gut@example.org")
    issue = _issue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "get_connection", lambda **kwargs: Refusing({"gibtsnicht@example.org": 550}))
        services.issue_send(issue=issue, by=personas.staff)
    assert [m.to for m in mailbox] == [["gut@example.org"]]
    delivery = bad.deliveries.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error.startswith("550")
    bad.refresh_from_db()
    assert bad.status == Subscription.Status.SUSPENDED
    assert bad.last_error.startswith("550")
    mailbox.clear()
    services.issue_send(issue=_issue(), by=personas.staff)  # the next issue: not tried again
    assert [m.to for m in mailbox] == [["gut@example.org"]]
    assert bad.deliveries.count() == 1


def test_temporary_refusals_are_tried_a_few_times_then_given_up(
    personas: Personas, mailbox: list, settings: Any
) -> None:
    settings.NEWSLETTER_DELIVERY_ATTEMPTS = 3
    settings.NEWSLETTER_MAX_FAILURES = 2
    full = SubscriptionFactory(email="voll@example.org")
    issue = _issue()
    server = Refusing({"voll@example.org": 452})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "get_connection", lambda **kwargs: server)
        services.issue_send(issue=issue, by=personas.staff)
        delivery = full.deliveries.get()
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.attempts == 1
        assert delivery.next_attempt_at > timezone.now()
        for attempt in (2, 3):
            later = timezone.now() + timedelta(days=attempt)
            patch.setattr(sending.timezone, "now", lambda later=later: later)
            tasks.housekeeping.call()
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.FAILED
        assert delivery.attempts == 3
        issue.refresh_from_db()
        assert issue.status == Issue.Status.SENT
        full.refresh_from_db()
        assert full.failures == 1
        assert full.status == Subscription.Status.CONFIRMED  # one bad issue is not enough
        # Once more on the next issue: now the address is suspended.
        patch.setattr(sending.timezone, "now", timezone.now)
        second = _issue()
        services.issue_send(issue=second, by=personas.staff)
        for attempt in (2, 3):
            later = timezone.now() + timedelta(days=attempt)
            patch.setattr(sending.timezone, "now", lambda later=later: later)
            tasks.housekeeping.call()
    full.refresh_from_db()
    assert full.status == Subscription.Status.SUSPENDED
    assert not mailbox


def test_a_successful_delivery_resets_the_failure_count(personas: Personas, mailbox: list) -> None:
    flaky = SubscriptionFactory(failures=2, last_error="452 try later")
    services.issue_send(issue=_issue(), by=personas.staff)
    flaky.refresh_from_db()
    assert flaky.failures == 0
    assert flaky.last_error == ""


def test_a_mail_server_that_is_down_costs_no_attempts_and_loses_nothing(
    personas: Personas, mailbox: list, settings: Any
) -> None:
    SubscriptionFactory.create_batch(3)
    issue = _issue()

    class Down(EmailBackend):
        def open(self) -> bool:
            raise ConnectionRefusedError("connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "get_connection", lambda **kwargs: Down())
        services.issue_send(issue=issue, by=personas.staff)
    assert not mailbox
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 0)}
    later = timezone.now() + timedelta(hours=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending.timezone, "now", lambda: later)
        tasks.housekeeping.call()
    assert len(mailbox) == 3
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_a_fault_of_ours_puts_the_batch_back_untouched(personas: Personas, mailbox: list) -> None:
    SubscriptionFactory.create_batch(2)
    issue = _issue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "enqueue_batches", lambda **kwargs: None)
        services.issue_send(issue=issue, by=personas.staff)

    class Broken(EmailBackend):
        def send_messages(self, messages: Any) -> int:
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        sending.send_batch(issue_id=issue.pk, connection=Broken())
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    sending.send_batch(issue_id=issue.pk)
    assert len(mailbox) == 2


def test_the_test_email_goes_to_the_staff_member_in_the_chosen_language(personas: Personas, mailbox: list) -> None:
    SubscriptionFactory()
    issue = _issue()
    services.issue_send_test(issue=issue, to=personas.staff, language="en")
    assert len(mailbox) == 1
    assert mailbox[0].to == [personas.staff.email]
    assert issue.subject_translations["en"] in mailbox[0].subject
    assert mailbox[0].subject.startswith("[Test]")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not Delivery.objects.exists()
