"""Services of the board of requests and offers: writing, changing, withdrawing, replying — and
what they refuse (nothing written then)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.exchange import access
from vielfalt.exchange.board import services as board
from vielfalt.exchange.models import Block, BoardPost, Conversation, Message, Suspension
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import FieldOfAction, Membership
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import District

GIESSEN = "06531"


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()  # the per-person rate limit lives in the cache
    yield
    cache.clear()


def today():
    return timezone.localdate()


def field(slug, name=None):
    return FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": name or slug.title()})[0]


def data(**overrides):
    values = {
        "direction": BoardPost.Direction.SEEKING,
        "topic": BoardPost.Topic.ROOM,
        "title": "Raum für unser Elterncafé gesucht",
        "body": "Jeden zweiten Samstag, 15 bis 18 Uhr, etwa 20 Personen.",
        "district": District.objects.get(ags=GIESSEN),
        "fields_of_action": [field("elternarbeit", "Elternarbeit")],
        "expires_on": today() + timedelta(days=30),
        "organisation": None,
    }
    values.update(overrides)
    return board.BoardPostInput(**values)


def make_post(author, **overrides):
    return board.board_post_create(author=author, data=data(**overrides))


# --- writing ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_entry_is_written_with_its_fields_and_recorded(personas, organisation):
    post = make_post(personas.member, organisation=organisation, title="  Raum   gesucht  ")

    post.refresh_from_db()
    assert post.title == "Raum gesucht"
    assert post.author == personas.member
    assert post.organisation == organisation
    assert [term.slug for term in post.fields_of_action.all()] == ["elternarbeit"]
    assert access.board_post_is_listed(post)
    entry = AuditEntry.objects.get(action="board.created")
    assert entry.actor == personas.member
    assert entry.action_label == "Eintrag bei Suchen und Bieten veröffentlicht"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field_name"),
    [
        ({"expires_on": "yesterday"}, "expires_on"),
        ({"expires_on": "too far"}, "expires_on"),
        ({"expires_on": None}, "expires_on"),
        ({"title": "   "}, "title"),
        ({"title": "x" * (board.MAX_TITLE + 1)}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * (board.MAX_BODY + 1)}, "body"),
        ({"district": None}, "district"),
        ({"direction": "selling"}, "direction"),
        ({"topic": "cars"}, "topic"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(personas, overrides, field_name):
    if overrides.get("expires_on") == "yesterday":
        overrides["expires_on"] = today() - timedelta(days=1)
    elif overrides.get("expires_on") == "too far":
        overrides["expires_on"] = today() + timedelta(days=board.MAX_DAYS + 1)

    with pytest.raises(ApplicationError) as refused:
        make_post(personas.member, **overrides)

    assert refused.value.field == field_name
    assert not BoardPost.objects.exists()
    assert not AuditEntry.objects.filter(action="board.created").exists()


@pytest.mark.django_db
def test_today_and_the_last_allowed_day_are_accepted(personas):
    assert make_post(personas.member, expires_on=today()).expires_on == today()
    assert make_post(personas.member, expires_on=board.latest_expiry()).expires_on == board.latest_expiry()


@pytest.mark.django_db
def test_one_cannot_write_for_an_organisation_one_does_not_belong_to(personas, organisation):
    pending = OrganisationFactory(status="pending")
    Membership.objects.create(organisation=pending, user=personas.outsider)

    for other in (organisation, pending):
        with pytest.raises(ApplicationError) as refused:
            make_post(personas.outsider, organisation=other)
        assert refused.value.field == "organisation"
    assert not BoardPost.objects.exists()


@pytest.mark.django_db
def test_a_suspended_person_writes_nothing(personas):
    Suspension.objects.create(user=personas.member, until=timezone.now() + timedelta(days=3), reason="Beleidigungen")

    with pytest.raises(ApplicationError) as refused:
        make_post(personas.member)

    assert refused.value.code == "suspended"
    assert not BoardPost.objects.exists()


@pytest.mark.django_db
def test_writing_is_rate_limited(personas, settings):
    settings.EXCHANGE_POST_RATE = "2/h"
    make_post(personas.member)
    make_post(personas.member)

    with pytest.raises(ApplicationError) as refused:
        make_post(personas.member)

    assert refused.value.code == "rate_limited"
    assert BoardPost.objects.count() == 2


# --- changing and withdrawing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_author_changes_the_entry_and_the_change_is_recorded(personas):
    post = make_post(personas.member)

    changed = board.board_post_update(
        post=post,
        by=personas.member,
        data=data(title="Raum gefunden, jetzt Ehrenamtliche gesucht", topic="volunteers", fields_of_action=[]),
    )

    post.refresh_from_db()
    assert set(changed) == {"title", "topic", "fields_of_action"}
    assert post.title == "Raum gefunden, jetzt Ehrenamtliche gesucht"
    assert not post.fields_of_action.exists()
    assert AuditEntry.objects.get(action="board.updated").data == {"fields": changed}
    assert board.board_post_update(post=post, by=personas.member, data=data(
        title=post.title, topic="volunteers", fields_of_action=[]
    )) == []  # fmt: skip


@pytest.mark.django_db
def test_nobody_else_changes_or_withdraws_an_entry(personas):
    post = make_post(personas.member)

    for someone in (personas.outsider, personas.staff):
        with pytest.raises(PermissionDenied):
            board.board_post_update(post=post, by=someone, data=data(title="Übernommen"))
        with pytest.raises(PermissionDenied):
            board.board_post_withdraw(post=post, by=someone)

    post.refresh_from_db()
    assert post.title == "Raum für unser Elterncafé gesucht"
    assert access.board_post_is_listed(post)


@pytest.mark.django_db
def test_withdrawing_takes_the_entry_off_the_board_and_a_new_date_brings_it_back(personas):
    post = make_post(personas.member)

    board.board_post_withdraw(post=post, by=personas.member)

    post.refresh_from_db()
    assert post.expires_on == today() - timedelta(days=1)
    assert not post.is_hidden  # the moderation's flag stays the moderation's
    assert not access.board_post_is_listed(post)
    assert access.can_view_board_post(personas.member, post)
    assert not access.can_view_board_post(personas.outsider, post)
    assert AuditEntry.objects.filter(action="board.withdrawn").count() == 1

    board.board_post_update(post=post, by=personas.member, data=data(expires_on=today() + timedelta(days=10)))
    post.refresh_from_db()
    assert access.board_post_is_listed(post)


@pytest.mark.django_db
def test_an_entry_hidden_by_the_moderation_cannot_be_changed_by_its_author(personas):
    post = make_post(personas.member)
    BoardPost.objects.filter(pk=post.pk).update(is_hidden=True)
    post.refresh_from_db()

    with pytest.raises(PermissionDenied):
        board.board_post_update(post=post, by=personas.member, data=data(title="Wieder da"))
    with pytest.raises(PermissionDenied):
        board.board_post_withdraw(post=post, by=personas.member)


# --- replying -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reply_starts_a_conversation_with_the_author_and_tells_them(personas, mailbox):
    post = make_post(personas.member)

    conversation = board.board_post_reply(post=post, sender=personas.outsider, body="Wir haben einen Raum in Lich.")

    assert set(conversation.members.values_list("user_id", flat=True)) == {personas.member.pk, personas.outsider.pk}
    message = Message.objects.get(conversation=conversation)
    assert message.sender == personas.outsider
    assert "Raum für unser Elterncafé gesucht" in message.body
    assert message.body.endswith("Wir haben einen Raum in Lich.")
    notification = Notification.objects.get(user=personas.member, verb="board.reply")
    assert notification.category == "board"
    assert notification.actor == personas.outsider
    assert notification.subject == post.title
    assert notification.url == f"/de/austausch/nachrichten/{conversation.pk}/"


@pytest.mark.django_db
def test_a_second_reply_continues_the_same_conversation(personas):
    post = make_post(personas.member)
    first = board.board_post_reply(post=post, sender=personas.outsider, body="Erste Nachricht")
    second = board.board_post_reply(post=post, sender=personas.outsider, body="Noch etwas")

    assert first.pk == second.pk
    assert Message.objects.filter(conversation=first).count() == 2


@pytest.mark.django_db
def test_replies_that_are_refused_write_nothing(personas):
    post = make_post(personas.member)
    expired = make_post(personas.member, title="Alt")
    board.board_post_withdraw(post=expired, by=personas.member)
    blocker = UserFactory()
    blocked_post = make_post(blocker)
    Block.objects.create(blocker=blocker, blocked=personas.outsider)

    cases = [
        (post, personas.member, "An mich selbst"),  # one's own entry
        (expired, personas.outsider, "Zu spät"),  # no longer on the board
        (post, personas.outsider, "   "),  # empty
        (post, personas.outsider, "x" * (board.MAX_REPLY + 1)),  # too long
        (blocked_post, personas.outsider, "Hallo?"),  # the author blocked the sender
    ]
    for target, sender, body in cases:
        with pytest.raises(ApplicationError):
            board.board_post_reply(post=target, sender=sender, body=body)

    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_suspended_person_cannot_reply(personas):
    post = make_post(personas.member)
    Suspension.objects.create(user=personas.outsider, until=timezone.now() + timedelta(days=1), reason="Spam")

    with pytest.raises(ApplicationError):
        board.board_post_reply(post=post, sender=personas.outsider, body="Kaufen Sie …")

    assert not Message.objects.exists()
    assert not Notification.objects.exists()


# --- personal data ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_persons_entries_are_exported_and_erased_with_the_account(personas, organisation):
    from vielfalt.exchange.board.selectors import board_data_export

    make_post(personas.member, organisation=organisation)
    make_post(personas.outsider, title="Ehrenamtliche gesucht")

    exported = board_data_export(personas.member)
    assert [entry["title"] for entry in exported] == ["Raum für unser Elterncafé gesucht"]
    assert exported[0]["organisation"] == organisation.name
    assert exported[0]["fields_of_action"] == ["Elternarbeit"]

    board.board_data_erase(personas.member)
    assert list(BoardPost.objects.values_list("title", flat=True)) == ["Ehrenamtliche gesucht"]
