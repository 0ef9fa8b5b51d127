"""What the exchange keeps about a person: in their data export, and gone with their account."""

from __future__ import annotations

import pytest

from vielfalt.accounts import personal_data
from vielfalt.accounts.services import user_delete
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import Block, Message, Report
from vielfalt.exchange.moderation import services as moderation

pytestmark = pytest.mark.django_db


def test_messages_are_exported_and_erased_with_the_account() -> None:
    writer, reader = UserFactory(), UserFactory()
    messaging.message_to_person(sender=writer, recipient=reader, body="Hallo, treffen wir uns beim Regionaltreffen?")
    Block.objects.create(blocker=writer, blocked=UserFactory())
    exported = personal_data.exporters()["exchange_messages"](writer)
    assert exported["messages_sent"][0]["text"] == "Hallo, treffen wir uns beim Regionaltreffen?"
    assert len(exported["blocked_people"]) == 1
    user_delete(user=writer)
    assert Message.objects.get().body == ""
    assert not Block.objects.exists()
    # The reader keeps the conversation.
    assert Message.objects.filter(conversation__members__user=reader).count() == 1


def test_the_reports_a_person_filed_are_in_their_export() -> None:
    reporter, writer = UserFactory(), UserFactory()
    conversation = messaging.message_to_person(sender=writer, recipient=reporter, body="Kauf meine Pillen!")
    message = Message.objects.get(conversation=conversation)
    moderation.report_create(reporter=reporter, target_type="message", target_id=message.pk, reason="Werbung, Spam")
    exported = personal_data.exporters()["exchange_reports"](reporter)
    assert len(exported) == 1
    report = exported[0]
    assert report["reported"] == "Nachricht" and report["reported_id"] == message.pk
    assert report["reason"] == "Werbung, Spam"
    assert report["status"] == "offen" and report["reported_at"]
    assert personal_data.exporters()["exchange_reports"](writer) == []


def test_erasure_removes_the_report_texts_and_the_link_to_the_reporter() -> None:
    reporter, writer, other = UserFactory(), UserFactory(), UserFactory()
    conversation = messaging.message_to_person(sender=writer, recipient=reporter, body="Kauf meine Pillen!")
    message = Message.objects.get(conversation=conversation)
    moderation.report_create(reporter=reporter, target_type="message", target_id=message.pk, reason="Mein Nachbar")
    messaging.message_to_person(sender=writer, recipient=other, body="Kauf meine Pillen!")
    second = Message.objects.filter(conversation__members__user=other).get()
    moderation.report_create(reporter=other, target_type="message", target_id=second.pk, reason="Spam")
    user_delete(user=reporter)
    erased = Report.objects.get(target_id=message.pk)
    assert erased.reason == "" and erased.reporter is None
    assert erased.status == Report.Status.OPEN  # the moderation still handles it
    assert not Report.objects.filter(reason__contains="Nachbar").exists()
    kept = Report.objects.get(target_id=second.pk)
    assert kept.reason == "Spam" and kept.reporter == other
    assert personal_data.exporters()["exchange_reports"](reporter) == []
