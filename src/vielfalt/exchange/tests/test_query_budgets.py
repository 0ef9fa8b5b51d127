"""Query budgets of the exchange's pages on blocked people, one conversation, one board entry and a
group's reports: a fixed number of queries, however many rows a page lists (no N+1).

Each test reads the page once with few rows and once with many (every relation a row shows filled),
expects the same count, and holds the page to the count it needs today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.exchange.board import services as board
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import BoardPost, Conversation, GroupMembership, Thread
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory, ThreadFactory
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


BLOCKED = "/de/austausch/blockiert/"


def test_the_blocked_people_read_as_many_queries_for_many_blocks(client, personas: Personas):
    member = personas.member
    agree_to_privacy(member)
    messaging.block_create(blocker=member, blocked=personas.outsider)
    login(client, member)

    def more_blocks() -> None:
        for n in range(6):
            messaging.block_create(blocker=member, blocked=UserFactory(name=f"Person {n}" if n % 3 else ""))

    content = same_queries_for_few_and_many(
        client,
        BLOCKED,
        add=more_blocks,
        # Session, person, the privacy notice, the layout's two unread counts; the blocks with the people.
        limit=6,
    )
    assert content.count("Blockierung aufheben") == 7 and "Person 5" in content


# --- one conversation -------------------------------------------------------------------------------------


def conversation_url(conversation: Conversation) -> str:
    return f"/de/austausch/nachrichten/{conversation.pk}/"


def test_a_conversation_with_an_organisation_reads_as_many_queries_for_many_messages(
    client, personas: Personas, organisation: Organisation
):
    """The organisation's admin reads what a person wrote to it: the other admins' answers name
    them and the organisation, the person's messages name the person."""
    admin, starter = personas.org_admin, personas.outsider
    second_admin = UserFactory(name="Zweite Administration")
    Membership.objects.create(organisation=organisation, user=second_admin, role=Membership.Role.ADMIN)
    agree_to_privacy(admin)
    conversation = messaging.message_to_organisation(sender=starter, organisation=organisation, body="Guten Tag!")
    messaging.message_reply(conversation=conversation, sender=second_admin, body="Willkommen.")
    login(client, admin)

    def more_messages() -> None:
        for n in range(3):
            messaging.message_reply(
                conversation=conversation, sender=starter, body=f"Frage {n}: https://example.org/{n}"
            )
            messaging.message_reply(conversation=conversation, sender=[admin, second_admin][n % 2], body=f"Antwort {n}")
        conversation.messages.filter(body="Frage 1: https://example.org/1").update(is_hidden=True)

    content = same_queries_for_few_and_many(
        client,
        conversation_url(conversation),
        add=more_messages,
        # Session, person, the privacy notice, the layout's two unread counts; the conversation with its
        # organisation, the organisations the viewer speaks for, its people, blocks between the two
        # sides, the messages' count and page with their senders; marking it read (the read marker
        # looked up and updated, inside two savepoints).
        limit=17,
    )
    assert content.count('id="nachricht-') == 8
    assert "Zweite Administration</bdi> für" in content and "Antwort 2" in content


# --- one board entry --------------------------------------------------------------------------------------


def board_entry_url(post: BoardPost) -> str:
    return f"/de/austausch/brett/{post.pk}/"


def test_a_board_entry_reads_as_many_queries_for_many_fields_and_replies(
    client, personas: Personas, organisation: Organisation
):
    """The entry of an organisation's member, answered by several people (the answers go to the
    author as direct messages: the entry's page must not read them)."""
    fields = [
        FieldOfAction.objects.create(slug=f"budget-feld-{n}", name=f"Handlungsfeld {n}", position=n) for n in range(4)
    ]
    post = BoardPost.objects.create(
        author=personas.member,
        organisation=organisation,
        direction=BoardPost.Direction.SEEKING,
        topic=BoardPost.Topic.ROOM,
        title="Raum für Elterncafé gesucht",
        body="Samstags, 15 bis 18 Uhr.",
        district=District.objects.get(ags="06531"),
        expires_on=timezone.localdate() + timedelta(days=20),
    )
    post.fields_of_action.set(fields[:1])
    reader = personas.outsider
    agree_to_privacy(reader)
    board.board_post_reply(post=post, sender=personas.org_admin, body="Wir haben einen Raum.")
    login(client, reader)

    def more_fields_and_replies() -> None:
        post.fields_of_action.set(fields)
        for n in range(6):
            board.board_post_reply(
                post=post, sender=UserFactory(name=f"Antwort {n}"), body=f"Vielleicht bei uns? ({n})"
            )

    content = same_queries_for_few_and_many(
        client,
        board_entry_url(post),
        add=more_fields_and_replies,
        # Session, person, the privacy notice, the layout's two unread counts; the entry with its place,
        # organisation and author, its fields of action.
        limit=7,
    )
    assert "Handlungsfeld 3" in content and organisation.name in content


# --- a group's reports ------------------------------------------------------------------------------------


def test_a_groups_reports_read_as_many_queries_for_many_reports(client, personas: Personas):
    group = GroupFactory(name="Gruppe A", slug="gruppe-a")
    moderator = UserFactory(name="Mona Moderation")
    GroupMembershipFactory(group=group, user=moderator, role=GroupMembership.Role.MODERATOR)
    people = [UserFactory(name=f"Person {n}") for n in range(4)]
    for user in people:
        GroupMembershipFactory(group=group, user=user)
    agree_to_privacy(moderator)

    def report_a_post(n: int) -> None:
        thread = ThreadFactory(group=group, author=people[n % 4], title=f"Diskussion {n}")
        post = PostFactory(thread=thread, author=people[n % 4], body=f"<p>Beitrag {n}</p>")
        moderation.report_create(
            reporter=people[(n + 1) % 4], target_type="post", target_id=post.pk, reason=f"Begründung {n}"
        )

    report_a_post(0)
    url = f"/de/austausch/gruppen/{group.slug}/meldungen/"
    login(client, moderator)

    def more_reports() -> None:
        for n in range(1, 8):
            report_a_post(n)
        # One of them was deleted meanwhile: the page says so.
        Thread.objects.filter(title="Diskussion 7").delete()

    content = same_queries_for_few_and_many(
        client,
        url,
        add=more_reports,
        # Session, person, the privacy notice, the layout's two unread counts; the group, the viewer's
        # membership (moderator?), the open reports with their reporters, the reported posts with their
        # threads, group and authors.
        limit=9,
    )
    assert content.count('class="vf-report"') == 8
    assert "Der Beitrag ist inzwischen gelöscht." in content and "Beitrag 6" in content
