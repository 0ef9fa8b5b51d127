"""Query budgets of the exchange's pages: blocked people, one conversation, one board entry, a group's
reports, the forms of messages, board entries, groups and posts, reporting and hiding content, and the
team's moderation of a report and of a person.

Pages that list rows (choices of a form, people to mention, posts around a report, moderation steps) are
read once with few rows and once with many (every relation a row shows filled): the same count, held to
the count the page needs today. Pages that list nothing that can grow (confirmations, plain forms) are
held to their count."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from conftest import Personas, login
from vielfalt.accounts.access import note_second_factor
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib.uploads import check_attachment
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.exchange.board import services as board
from vielfalt.exchange.discussions import services as discussions
from vielfalt.exchange.discussions.services import ATTACHMENT_IMAGE_MAX_SIDE, ATTACHMENT_MAX_BYTES
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import Attachment, BoardPost, Conversation, Group, GroupMembership, Post, Thread
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory, ThreadFactory
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


BLOCKED = "/de/austausch/blockiert/"


def test_the_blocked_people_read_as_many_queries_for_many_blocks(client: Client, personas: Personas) -> None:
    member = personas.member
    agree_to_privacy(member)
    messaging.block_create(blocker=member, blocked=personas.outsider)
    login(client, member)

    def more_blocks() -> None:
        for n in range(6):
            messaging.block_create(blocker=member, blocked=UserFactory.create(name=f"Person {n}" if n % 3 else ""))

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
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """The organisation's admin reads what a person wrote to it: the other admins' answers name
    them and the organisation, the person's messages name the person."""
    admin, starter = personas.org_admin, personas.outsider
    second_admin = UserFactory.create(name="Zweite Administration")
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
    client: Client, personas: Personas, organisation: Organisation
) -> None:
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
                post=post, sender=UserFactory.create(name=f"Antwort {n}"), body=f"Vielleicht bei uns? ({n})"
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


def test_a_groups_reports_read_as_many_queries_for_many_reports(client: Client, personas: Personas) -> None:
    group = GroupFactory.create(name="Gruppe A", slug="gruppe-a")
    moderator = UserFactory.create(name="Mona Moderation")
    GroupMembershipFactory.create(group=group, user=moderator, role=GroupMembership.Role.MODERATOR)
    people = [UserFactory.create(name=f"Person {n}") for n in range(4)]
    for user in people:
        GroupMembershipFactory.create(group=group, user=user)
    agree_to_privacy(moderator)

    def report_a_post(n: int) -> None:
        thread = ThreadFactory.create(group=group, author=people[n % 4], title=f"Diskussion {n}")
        post = PostFactory.create(thread=thread, author=people[n % 4], body=f"<p>Beitrag {n}</p>")
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


# --- writing to a person or an organisation, blocking -----------------------------------------------------


@pytest.mark.parametrize("where", ["group", "organisation", "conversation"])
def test_writing_to_a_person_costs_a_fixed_number_of_queries_however_the_two_meet(
    client: Client, personas: Personas, where: str
) -> None:
    """The member may write to the outsider: they meet in a group, in an organisation, or they talked
    before (in a group they have both left since)."""
    member, outsider = personas.member, personas.outsider
    if where == "organisation":
        organisation = OrganisationFactory.create()
        for user in (member, outsider):
            Membership.objects.create(organisation=organisation, user=user)
    else:
        group = GroupFactory.create()
        for user in (member, outsider):
            GroupMembershipFactory.create(group=group, user=user)
        if where == "conversation":
            messaging.message_to_person(sender=member, recipient=outsider, body="Hallo Otto")
            GroupMembership.objects.filter(group=group).delete()
    agree_to_privacy(member)
    login(client, member)
    url = f"/de/austausch/nachrichten/an/{outsider.public_id}/"
    # Session, person, the privacy notice, the layout's two unread counts; the recipient, whether the two
    # meet (in a group, an organisation or a conversation: one query).
    assert "Nachricht an Otto Außen" in page_within(client, url, limit=7)


def test_writing_to_an_organisation_costs_a_fixed_number_of_queries(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    outsider = personas.outsider
    agree_to_privacy(outsider)
    login(client, outsider)
    url = f"/de/austausch/nachrichten/an-organisation/{organisation.slug}/"
    # Session, person, the privacy notice, the layout's two unread counts; the organisation with its place.
    assert f"Nachricht an {organisation.name}" in page_within(client, url, limit=6)


def test_blocking_a_person_asks_first_for_a_fixed_number_of_queries(client: Client, personas: Personas) -> None:
    """The outsider was written to by the member and may block them."""
    outsider = personas.outsider
    messaging.message_to_person(sender=personas.member, recipient=outsider, body="Hallo Otto")
    agree_to_privacy(outsider)
    login(client, outsider)
    url = f"/de/austausch/personen/{personas.member.pk}/blockieren/"
    # Session, person, the privacy notice, the layout's two unread counts; the person, whether they are
    # blocked already, whether the two share a conversation.
    assert "<bdi>Mina Mitglied</bdi> blockieren?" in page_within(client, url, limit=8)


# --- the board: writing and changing an entry -------------------------------------------------------------


def more_fields_of_action(count: int, *, start: int = 0) -> list[FieldOfAction]:
    return [
        FieldOfAction.objects.create(slug=f"budget-feld-{n}", name=f"Handlungsfeld {n}", position=n)
        for n in range(start, start + count)
    ]


def more_organisations_of(user: User, count: int) -> None:
    """``count`` verified organisations ``user`` belongs to (each one more choice "Für wen schreiben Sie?")."""
    for n in range(count):
        Membership.objects.create(
            organisation=OrganisationFactory.create(name=f"Verein {n} e.V."),
            user=user,
            role=Membership.Role.ADMIN if n % 2 else Membership.Role.MEMBER,
        )


def test_writing_a_board_entry_reads_as_many_queries_for_many_organisations_and_fields(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    member = personas.member
    more_fields_of_action(1)
    agree_to_privacy(member)
    login(client, member)

    def more_choices() -> None:
        more_organisations_of(member, 5)
        more_fields_of_action(6, start=1)

    content = same_queries_for_few_and_many(
        client,
        "/de/austausch/brett/neu/",
        add=more_choices,
        # Session, person, the privacy notice, the layout's two unread counts; the person's verified
        # organisations, the districts, the fields of action.
        limit=8,
    )
    assert "Verein 4 e.V." in content and "Handlungsfeld 6" in content


def test_changing_a_board_entry_reads_as_many_queries_for_many_organisations_and_fields(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    member = personas.member
    fields = more_fields_of_action(1)
    post = BoardPost.objects.create(
        author=member,
        organisation=organisation,
        direction=BoardPost.Direction.SEEKING,
        topic=BoardPost.Topic.ROOM,
        title="Raum für Elterncafé gesucht",
        body="Samstags, 15 bis 18 Uhr.",
        district=District.objects.get(ags="06531"),
        expires_on=timezone.localdate() + timedelta(days=20),
    )
    post.fields_of_action.set(fields)
    agree_to_privacy(member)
    login(client, member)

    def more_choices() -> None:
        more_organisations_of(member, 5)
        post.fields_of_action.add(*more_fields_of_action(6, start=1))

    content = same_queries_for_few_and_many(
        client,
        f"/de/austausch/brett/{post.pk}/bearbeiten/",
        add=more_choices,
        # Session, person, the privacy notice, the layout's two unread counts; the entry with its author,
        # organisation and district, the person's verified organisations, the entry's fields of action;
        # the districts, the fields of action.
        limit=10,
    )
    assert "Verein 4 e.V." in content
    assert len(re.findall(r'name="fields_of_action"[^>]* checked', content)) == 7


# --- groups: creating and changing one, an invitation -----------------------------------------------------


def test_creating_a_group_reads_as_many_queries_for_many_fields_of_action(client: Client, personas: Personas) -> None:
    staff = personas.staff
    more_fields_of_action(1)
    agree_to_privacy(staff)
    login(client, staff)

    content = same_queries_for_few_and_many(
        client,
        "/de/austausch/gruppen/neu/",
        add=lambda: more_fields_of_action(7, start=1),
        # Session, person, the privacy notice, the layout's two unread counts; the fields of action.
        limit=6,
    )
    assert "Handlungsfeld 7" in content and 'name="moderator_email"' in content


def test_changing_a_group_reads_as_many_queries_for_many_fields_of_action(client: Client, personas: Personas) -> None:
    group = GroupFactory.create(name="Gruppe A", slug="gruppe-a")
    moderator = UserFactory.create(name="Mona Moderation")
    GroupMembershipFactory.create(group=group, user=moderator, role=GroupMembership.Role.MODERATOR)
    group.fields_of_action.set(more_fields_of_action(1))
    agree_to_privacy(moderator)
    login(client, moderator)

    content = same_queries_for_few_and_many(
        client,
        f"/de/austausch/gruppen/{group.slug}/bearbeiten/",
        add=lambda: group.fields_of_action.add(*more_fields_of_action(7, start=1)),
        # Session, person, the privacy notice, the layout's two unread counts; the group with its district,
        # the moderator's membership, the group's fields of action; the fields of action.
        limit=9,
    )
    assert "Handlungsfeld 7" in content
    assert len(re.findall(r'name="fields_of_action"[^>]* checked', content)) == 8


def test_an_invitation_to_a_group_costs_a_fixed_number_of_queries(client: Client, personas: Personas) -> None:
    group = GroupFactory.create(
        name="Steuerungsgruppe", visibility=Group.Visibility.CLOSED, joining=Group.Joining.INVITATION
    )
    invited = personas.outsider
    GroupMembershipFactory.create(group=group, user=invited, status=GroupMembership.Status.INVITED)
    agree_to_privacy(invited)
    login(client, invited)
    url = f"/de/austausch/gruppen/{group.slug}/einladung/"
    # Session, person, the privacy notice, the layout's two unread counts; the group with its district,
    # the person's membership three times (may they read the group, may they see it, the invitation).
    assert "Einladung annehmen" in page_within(client, url, limit=9)


# --- discussions: a new thread, changing and deleting a post, an attachment -------------------------------


def test_a_new_thread_reads_as_many_queries_for_many_people_to_mention(client: Client, personas: Personas) -> None:
    group = GroupFactory.create()
    member = personas.member
    GroupMembershipFactory.create(group=group, user=member)
    GroupMembershipFactory.create(group=group, user=UserFactory.create(name="Person A"))
    agree_to_privacy(member)
    login(client, member)

    def more_members() -> None:
        for n in range(8):
            GroupMembershipFactory.create(
                group=group,
                user=UserFactory.create(name=f"Person {n}"),
                role=GroupMembership.Role.MODERATOR if n % 4 == 0 else GroupMembership.Role.MEMBER,
            )

    content = same_queries_for_few_and_many(
        client,
        f"/de/austausch/gruppen/{group.slug}/neu/",
        add=more_members,
        # Session, person, the privacy notice, the layout's two unread counts; the group with its district,
        # the person's membership (may they write), the members to mention with their names.
        limit=8,
    )
    assert content.count('name="mentioned"') == 9 and "Person 7" in content


def a_thread_of(group: Group, author: User) -> Thread:
    return ThreadFactory.create(
        group=group, author=author, title="Förderanträge 2025", body="<p>Wir suchen Tipps.</p><p>Wer hilft?</p>"
    )


def test_changing_and_deleting_a_post_cost_a_fixed_number_of_queries(client: Client, personas: Personas) -> None:
    group = GroupFactory.create()
    member = personas.member
    GroupMembershipFactory.create(group=group, user=member)
    post = a_thread_of(group, member).posts.get()
    agree_to_privacy(member)
    login(client, member)

    # Session, person, the privacy notice, the layout's two unread counts; the post with its thread, group
    # and author, the person's membership (twice: their rights in the group, may they edit).
    edit = page_within(client, f"/de/austausch/beitrag/{post.pk}/bearbeiten/", limit=8)
    assert "Wir suchen Tipps.\n\nWer hilft?</textarea>" in edit

    # The same, the membership once (the author may always delete their post).
    delete = page_within(client, f"/de/austausch/beitrag/{post.pk}/loeschen/", limit=7, first_visit=False)
    assert '<p class="kern-body">Wer hilft?</p>' in delete


def test_an_attachment_costs_a_fixed_number_of_queries(
    client: Client, personas: Personas, private_media: Path, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    group = GroupFactory.create(visibility=Group.Visibility.CLOSED, joining=Group.Joining.REQUEST)
    member = personas.member
    GroupMembershipFactory.create(group=group, user=member)
    pdf = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4\n0\n%%EOF", content_type="application/pdf")
    upload = check_attachment(pdf, max_bytes=ATTACHMENT_MAX_BYTES, image_max_side=ATTACHMENT_IMAGE_MAX_SIDE)
    thread = discussions.thread_create(group=group, by=member, title="Protokoll", body="anbei", uploads=[upload])
    attachment = Attachment.objects.get(post__thread=thread)
    agree_to_privacy(member)
    login(client, member)
    client.get("/de/austausch/")

    # Session, person; the attachment with its post, the post with its thread, group and author, the
    # person's membership (may they read the closed group). A file: no layout.
    with django_assert_max_num_queries(5):
        response = client.get(f"/de/austausch/anhang/{attachment.pk}/")
    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- reporting and hiding content -------------------------------------------------------------------------


def test_reporting_costs_a_fixed_number_of_queries(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """A post in a group, a message one received, a board entry: what the page shows of each."""
    group = GroupFactory.create()
    author, member = UserFactory.create(name="Anton Autor"), personas.member
    for user in (author, member):
        GroupMembershipFactory.create(group=group, user=user)
    post = a_thread_of(group, author).posts.get()
    message = messaging.message_to_person(sender=author, recipient=member, body="Du Idiot!").messages.get()
    entry = BoardPost.objects.create(
        author=author, organisation=None, direction=BoardPost.Direction.OFFERING, topic=BoardPost.Topic.MATERIAL,
        title="Stühle abzugeben", body="20 Stühle.", district=District.objects.get(ags="06531"),
        expires_on=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip
    agree_to_privacy(member)
    login(client, member)
    client.get(f"/de/austausch/melden/post/{post.pk}/")

    # Session, person, the privacy notice, the layout's two unread counts; the post with its thread, group
    # and author; the message with its conversation, organisation and sender, and whether the person is in
    # the conversation; the board entry with its author and organisation.
    for target, pk, text, limit in (
        ("post", post.pk, "Wir suchen Tipps.", 6),
        ("message", message.pk, "Du Idiot!", 7),
        ("board", entry.pk, "Stühle abzugeben", 6),
    ):
        page = page_within(client, f"/de/austausch/melden/{target}/{pk}/", limit=limit, first_visit=False)
        assert text in page, target


def test_hiding_content_costs_a_fixed_number_of_queries(client: Client, personas: Personas) -> None:
    """A group's moderator hides a reported post; the team hides a reported message."""
    group = GroupFactory.create()
    author = UserFactory.create(name="Anton Autor")
    moderator = UserFactory.create(name="Mona Moderation")
    GroupMembershipFactory.create(group=group, user=moderator, role=GroupMembership.Role.MODERATOR)
    for user in (author, personas.member):
        GroupMembershipFactory.create(group=group, user=user)
    post = a_thread_of(group, author).posts.get()
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam")
    message = messaging.message_to_person(sender=author, recipient=personas.member, body="Du Idiot!").messages.get()
    staff_report = moderation.report_create(
        reporter=personas.member, target_type="message", target_id=message.pk, reason="Beleidigung"
    )
    agree_to_privacy(moderator)
    agree_to_privacy(personas.staff)

    login(client, moderator)
    url = f"/de/austausch/moderation/post/{post.pk}/?report={report.pk}"
    # Session, person, the privacy notice, the layout's two unread counts; the post with its thread, group
    # and author, the moderator's membership (may they moderate), the report.
    content = page_within(client, url, limit=8)
    assert "Wir suchen Tipps." in content and "„Spam“" in content

    login(client, personas.staff)
    url = f"/de/austausch/moderation/message/{message.pk}/?report={staff_report.pk}"
    # The same for the team, with the message, its conversation, organisation and sender (no membership).
    content = page_within(client, url, limit=7)
    assert "Du Idiot!" in content and "„Beleidigung“" in content


# --- the team's moderation: one report, one person --------------------------------------------------------


def test_a_report_for_the_team_reads_as_many_queries_for_many_posts_around_and_other_reports(
    client: Client, personas: Personas
) -> None:
    """A reported post with what was written before and after it, and what others reported about it."""
    group = GroupFactory.create()
    author = UserFactory.create(name="Anton Autor")
    people = [UserFactory.create(name=f"Person {n}") for n in range(6)]
    for user in (author, *people):
        GroupMembershipFactory.create(group=group, user=user)
    thread = a_thread_of(group, people[0])
    post = PostFactory.create(thread=thread, author=author, body="<p>Kauft alle bei meinem Shop!</p>")
    report = moderation.report_create(reporter=people[1], target_type="post", target_id=post.pk, reason="Werbung")
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)

    def more_around_and_more_reports() -> None:
        earlier = post.created_at - timedelta(minutes=10)
        for n in range(2, 5):
            before = PostFactory.create(thread=thread, author=people[n], body=f"<p>Vorher {n}</p>")
            Post.objects.filter(pk=before.pk).update(created_at=earlier + timedelta(minutes=n))
            PostFactory.create(thread=thread, author=people[n], body=f"<p>Nachher {n}</p>")
        for n in range(2, 6):
            moderation.report_create(reporter=people[n], target_type="post", target_id=post.pk, reason=f"Spam {n}")

    content = same_queries_for_few_and_many(
        client,
        f"/de/staff/moderation/meldungen/{report.pk}/",
        add=more_around_and_more_reports,
        # Session, person, the privacy notice, the layout's two unread counts; the report with its reporter
        # and group, the post with its thread, group and author, the other reports on it with their
        # reporters, the posts before and after it with their authors.
        limit=10,
    )
    assert "Kauft alle bei meinem Shop!" in content and "Vorher 4" in content and "Nachher 4" in content
    assert content.count("„Spam ") == 4


def test_a_report_on_a_message_reads_as_many_queries_for_many_messages_and_people_around(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """A reported message to an organisation, with the conversation's people (the admins who answered)
    and the messages around it."""
    author, admin = UserFactory.create(name="Anton Autor"), personas.org_admin
    conversation = messaging.message_to_organisation(sender=author, organisation=organisation, body="Guten Tag")
    insult = messaging.message_reply(conversation=conversation, sender=author, body="Du Idiot!")
    report = moderation.report_create(reporter=admin, target_type="message", target_id=insult.pk, reason="Beleidigung")
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)

    def more_messages_and_people() -> None:
        for n in range(4):
            other_admin = UserFactory.create(name=f"Admin {n}")
            Membership.objects.create(organisation=organisation, user=other_admin, role=Membership.Role.ADMIN)
            messaging.message_reply(conversation=conversation, sender=other_admin, body=f"Antwort {n}")
            messaging.message_reply(conversation=conversation, sender=author, body=f"Danach {n}")

    content = same_queries_for_few_and_many(
        client,
        f"/de/staff/moderation/meldungen/{report.pk}/",
        add=more_messages_and_people,
        # Session, person, the privacy notice, the layout's two unread counts; the report with its reporter
        # and group, the message with its conversation, organisation and sender, the other reports on it,
        # the messages before and after it with their senders, the conversation's people.
        limit=11,
    )
    assert "Du Idiot!" in content and "Antwort 0" in content and "<bdi>Admin 3</bdi>" in content
    assert f"mit der Organisation <bdi>{organisation.name}</bdi>" in content


def test_a_persons_moderation_reads_as_many_queries_for_many_steps(client: Client, personas: Personas) -> None:
    """A person warned, suspended and with hidden content, each step by someone of the team."""
    author = UserFactory.create(name="Anton Autor")
    staff = personas.staff
    second = UserFactory.create(name="Tina Team", role=Role.STAFF)
    note_second_factor(second, passed=True)
    moderation.person_warn(actor=staff, user=author, reason="Bitte sachlich bleiben.")
    agree_to_privacy(staff)
    login(client, staff)

    def more_steps() -> None:
        group = GroupFactory.create()
        for user in (author, personas.member):
            GroupMembershipFactory.create(group=group, user=user)
        for n in range(3):
            post = PostFactory.create(thread=a_thread_of(group, author), author=author, body=f"<p>Werbung {n}</p>")
            report = moderation.report_create(
                reporter=personas.member, target_type="post", target_id=post.pk, reason=f"Werbung {n}"
            )
            moderation.content_hide(
                actor=[staff, second][n % 2], target_type="post", target_id=post.pk, reason=f"Spam {n}", report=report
            )
        moderation.person_warn(actor=second, user=author, reason="Letzte Warnung.")
        moderation.person_suspend(
            actor=staff, user=author, until=timezone.now() + timedelta(days=7), reason="Wiederholt Werbung"
        )

    content = same_queries_for_few_and_many(
        client,
        f"/de/staff/moderation/personen/{author.pk}/",
        add=more_steps,
        # Session, person, the privacy notice, the layout's two unread counts; the person, their moderation
        # steps with who took them (and the report), the open reports on what they wrote, their suspension.
        limit=9,
    )
    assert content.count('<tr class="kern-table__row">') == 7
    assert "gesperrt bis" in content and "Tina Team" in content and "Spam 2" in content
