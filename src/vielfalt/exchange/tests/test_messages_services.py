"""Direct messages: the services and selectors (conversations, organisations, blocks, unread counts)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.exchange.messages import selectors as message_selectors
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import Block, Conversation, ConversationMember, Message, Suspension
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()  # the per-person posting limit lives in the cache


def nothing_written() -> bool:
    return not Conversation.objects.exists() and not Message.objects.exists()


# --- between people --------------------------------------------------------------------------------------


def test_first_message_starts_a_conversation_and_tells_the_recipient(personas: Personas, mailbox: list) -> None:
    conversation = messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo Otto!")
    assert set(conversation.members.values_list("user_id", flat=True)) == {personas.member.pk, personas.outsider.pk}
    assert conversation.organisation is None
    notification = Notification.objects.get(user=personas.outsider)
    assert (notification.verb, notification.category) == ("message.person", "message")
    assert notification.url == reverse("exchange:conversation", kwargs={"pk": conversation.pk})
    assert notification.actor == personas.member
    assert [m.to for m in mailbox] == [[personas.outsider.email]]  # messages are emailed at once by default


def test_the_pair_keeps_one_conversation(personas: Personas) -> None:
    first = messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo")
    second = messaging.message_to_person(sender=personas.outsider, recipient=personas.member, body="Hallo zurück")
    assert first.pk == second.pk
    assert Conversation.objects.count() == 1
    assert list(Message.objects.values_list("body", flat=True)) == ["Hallo", "Hallo zurück"]


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "invalid"), ("   \n ", "invalid"), ("x" * 5001, "invalid")],
)
def test_empty_or_oversized_messages_are_refused(personas: Personas, body: str, code: str) -> None:
    with pytest.raises(ApplicationError) as error:
        messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body=body)
    assert error.value.field == "body"
    assert nothing_written()


def test_nobody_writes_to_themselves_or_to_a_closed_account(personas: Personas) -> None:
    with pytest.raises(ApplicationError, match="selbst"):
        messaging.message_to_person(sender=personas.member, recipient=personas.member, body="Hallo")
    gone = UserFactory(is_active=False)
    with pytest.raises(ApplicationError, match="gibt es nicht mehr"):
        messaging.message_to_person(sender=personas.member, recipient=gone, body="Hallo")
    assert nothing_written()


def test_a_blocked_person_cannot_start_a_conversation(personas: Personas, mailbox: list) -> None:
    messaging.block_create(blocker=personas.outsider, blocked=personas.member)
    with pytest.raises(ApplicationError) as error:
        messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo")
    assert error.value.code == "blocked"
    assert "möchte keine Nachrichten" in str(error.value)
    assert nothing_written()
    assert not Notification.objects.exists() and mailbox == []


def test_a_blocked_person_cannot_continue_and_the_blocker_keeps_the_history(personas: Personas) -> None:
    conversation = messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo")
    messaging.block_create(blocker=personas.outsider, blocked=personas.member)
    with pytest.raises(ApplicationError, match="möchte keine Nachrichten"):
        messaging.message_reply(conversation=conversation, sender=personas.member, body="Noch was")
    assert Message.objects.count() == 1
    # The blocker still reads it, but writing to someone one blocked is refused too (they could not answer).
    assert message_selectors.inbox_conversations(personas.outsider).count() == 1
    with pytest.raises(ApplicationError, match="blockiert"):
        messaging.message_reply(conversation=conversation, sender=personas.outsider, body="Und tschüss")
    assert messaging.block_delete(blocker=personas.outsider, blocked=personas.member)
    messaging.message_reply(conversation=conversation, sender=personas.member, body="Noch was")
    assert Message.objects.count() == 2


def test_a_suspended_person_cannot_message(personas: Personas) -> None:
    Suspension.objects.create(user=personas.member, until=timezone.now() + timedelta(days=3), reason="Beleidigungen")
    with pytest.raises(ApplicationError, match="gesperrt") as error:
        messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo")
    assert error.value.code == "suspended"
    assert nothing_written()


def test_an_ended_suspension_does_not_count(personas: Personas) -> None:
    Suspension.objects.create(user=personas.member, until=timezone.now() - timedelta(minutes=1), reason="alt")
    messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="Hallo")
    assert Message.objects.count() == 1


@override_settings(EXCHANGE_POST_RATE="2/h")
def test_writing_is_rate_limited_per_person(personas: Personas) -> None:
    for text in ("eins", "zwei"):
        messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body=text)
    with pytest.raises(ApplicationError) as error:
        messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="drei")
    assert error.value.code == "rate_limited"
    assert Message.objects.count() == 2


# --- with an organisation -----------------------------------------------------------------------------------


@pytest.fixture
def second_admin(organisation: Organisation) -> object:
    admin = UserFactory(name="Berk Zweitadmin")
    Membership.objects.create(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    return admin


def test_writing_to_an_organisation_reaches_all_its_admins_only(
    personas: Personas, organisation: Organisation, second_admin: object
) -> None:
    conversation = messaging.message_to_organisation(
        sender=personas.outsider, organisation=organisation, body="Wir suchen einen Raum."
    )
    assert conversation.organisation == organisation
    assert list(conversation.members.values_list("user_id", "is_starter")) == [(personas.outsider.pk, True)]
    notified = set(Notification.objects.filter(verb="message.organisation").values_list("user_id", flat=True))
    assert notified == {personas.org_admin.pk, second_admin.pk}  # type: ignore[attr-defined]
    assert Notification.objects.filter(subject=organisation.name).count() == 2
    assert not Notification.objects.filter(user=personas.member).exists()
    # Writing again continues the same conversation.
    again = messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Noch da?")
    assert again.pk == conversation.pk


def test_admins_answer_as_the_organisation(
    personas: Personas, organisation: Organisation, second_admin: object
) -> None:
    conversation = messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hallo")
    answer = messaging.message_reply(conversation=conversation, sender=personas.org_admin, body="Gern!")
    assert answer.as_organisation
    assert Notification.objects.filter(user=personas.outsider, verb="message.person").count() == 1
    # The starter writes again: both admins hear about it.
    messaging.message_reply(conversation=conversation, sender=personas.outsider, body="Danke")
    assert Notification.objects.filter(verb="message.organisation").count() == 4


def test_an_organisation_must_be_verified_and_not_ones_own(personas: Personas, organisation: Organisation) -> None:
    with pytest.raises(ApplicationError, match="selbst"):
        messaging.message_to_organisation(sender=personas.org_admin, organisation=organisation, body="Hallo")
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    Membership.objects.create(organisation=pending, user=personas.staff, role=Membership.Role.ADMIN)
    with pytest.raises(ApplicationError):
        messaging.message_to_organisation(sender=personas.outsider, organisation=pending, body="Hallo")
    assert nothing_written()


def test_an_organisation_whose_admins_all_blocked_the_person_is_not_reached(
    personas: Personas, organisation: Organisation
) -> None:
    Block.objects.create(blocker=personas.org_admin, blocked=personas.outsider)
    with pytest.raises(ApplicationError, match="möchte keine Nachrichten"):
        messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hallo")
    assert nothing_written()


def test_a_former_admin_can_no_longer_speak_for_the_organisation(
    personas: Personas, organisation: Organisation
) -> None:
    conversation = messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hi")
    messaging.message_reply(conversation=conversation, sender=personas.org_admin, body="Hallo!")
    Membership.objects.filter(user=personas.org_admin).delete()
    with pytest.raises(ApplicationError):
        messaging.message_reply(conversation=conversation, sender=personas.org_admin, body="Ich noch")
    assert message_selectors.inbox_conversations(personas.org_admin).count() == 0


# --- unread counts and the inbox ---------------------------------------------------------------------------------


def test_unread_counts_follow_reading(personas: Personas) -> None:
    conversation = messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="eins")
    messaging.message_reply(conversation=conversation, sender=personas.member, body="zwei")
    assert message_selectors.unread_conversations_count(personas.outsider) == 1
    assert message_selectors.unread_conversations_count(personas.member) == 0  # one's own messages are read
    row = message_selectors.inbox_conversations(personas.outsider).get()
    assert row.unread == 2 and row.other_name == personas.member.name and row.latest_body == "zwei"
    messaging.conversation_mark_read(conversation=conversation, user=personas.outsider)
    assert message_selectors.unread_conversations_count(personas.outsider) == 0
    assert message_selectors.inbox_conversations(personas.outsider).get().unread == 0


def test_hidden_messages_do_not_count_as_unread(personas: Personas) -> None:
    messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="eins")
    Message.objects.update(is_hidden=True)
    assert message_selectors.unread_conversations_count(personas.outsider) == 0


def test_unread_for_an_organisations_admins(
    personas: Personas, organisation: Organisation, second_admin: object
) -> None:
    conversation = messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hallo")
    assert message_selectors.unread_conversations_count(personas.org_admin) == 1
    assert message_selectors.unread_conversations_count(second_admin) == 1
    assert message_selectors.unread_conversations_count(personas.member) == 0
    messaging.message_reply(conversation=conversation, sender=personas.org_admin, body="Gern")
    # One admin's answer is the organisation's: it is not unread for the other admin, but for the starter.
    assert message_selectors.unread_conversations_count(personas.org_admin) == 0
    row = message_selectors.inbox_conversations(second_admin).get()
    assert row.unread == 1 and row.speaks and row.other_name == personas.outsider.name
    assert message_selectors.unread_conversations_count(personas.outsider) == 1
    messaging.conversation_mark_read(conversation=conversation, user=second_admin)
    assert ConversationMember.objects.filter(conversation=conversation).count() == 3
    assert message_selectors.unread_conversations_count(second_admin) == 0


def test_unread_count_is_one_query(personas: Personas, django_assert_num_queries: object) -> None:
    messaging.message_to_person(sender=personas.member, recipient=personas.outsider, body="eins")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert message_selectors.unread_conversations_count(personas.outsider) == 1
    assert message_selectors.unread_conversations_count(_Anonymous()) == 0


class _Anonymous:
    is_authenticated = False
