"""Reports and moderation steps: who may do what, what is written, who is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import (
    BoardPost,
    Group,
    GroupMembership,
    Message,
    ModerationAction,
    Post,
    Report,
    Suspension,
    Thread,
)
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory, ThreadFactory
from vielfalt.notifications.models import Notification
from vielfalt.regions.models import District


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()


@pytest.fixture
def author(db: None) -> User:
    return UserFactory(name="Anton Autor")


@pytest.fixture
def group_a(personas: Personas, author: User) -> Group:
    group = GroupFactory(name="Gruppe A")
    GroupMembershipFactory(group=group, user=author)
    GroupMembershipFactory(group=group, user=personas.member)
    return group


@pytest.fixture
def moderator(group_a: Group) -> User:
    user = UserFactory(name="Mona Moderation")
    GroupMembershipFactory(group=group_a, user=user, role=GroupMembership.Role.MODERATOR)
    return user


@pytest.fixture
def post(group_a: Group, author: User) -> Post:
    thread = ThreadFactory(group=group_a, author=author, title="Förderanträge 2025")
    return PostFactory(thread=thread, author=author, body="<p>Das ist <b>Werbung</b> für meinen Shop.</p>")


@pytest.fixture
def post_in_b(author: User) -> Post:
    group_b = GroupFactory(name="Gruppe B")
    thread = ThreadFactory(group=group_b, author=author, title="In Gruppe B")
    return PostFactory(thread=thread, author=author)


@pytest.fixture
def message(personas: Personas, author: User) -> Message:
    conversation = messaging.message_to_person(sender=author, recipient=personas.member, body="Du Idiot!")
    return conversation.messages.get()


def make_board_post(user: User, **kwargs: object) -> BoardPost:
    defaults: dict[str, object] = {
        "direction": BoardPost.Direction.SEEKING, "topic": BoardPost.Topic.ROOM, "title": "Wir suchen einen Raum",
        "body": "Für unser Sprachcafé, donnerstags.", "district": District.objects.first(),
        "expires_on": timezone.localdate() + timedelta(days=10),
    }  # fmt: skip
    defaults.update(kwargs)
    return BoardPost.objects.create(author=user, **defaults)


# --- reports ---------------------------------------------------------------------------------------------------------


def test_a_member_reports_a_post_once(personas: Personas, post: Post) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam")
    assert report.group == post.thread.group and report.status == Report.Status.OPEN
    assert AuditEntry.objects.filter(action="report.created", target_id=str(report.pk)).exists()
    with pytest.raises(ApplicationError, match="bereits gemeldet"):
        moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam!")
    assert Report.objects.count() == 1


def test_a_report_needs_a_reason(personas: Personas, post: Post) -> None:
    with pytest.raises(ApplicationError) as error:
        moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="  ")
    assert error.value.field == "reason"
    assert not Report.objects.exists()


def test_nobody_reports_what_they_cannot_see(personas: Personas, post: Post, message: Message) -> None:
    Group.objects.filter(pk=post.thread.group_id).update(visibility=Group.Visibility.CLOSED)
    with pytest.raises(ApplicationError):  # the outsider is no member of the closed group
        moderation.report_create(reporter=personas.outsider, target_type="post", target_id=post.pk, reason="x")
    with pytest.raises(ApplicationError):  # not in the conversation
        moderation.report_create(reporter=personas.outsider, target_type="message", target_id=message.pk, reason="x")
    with pytest.raises(ApplicationError):  # no such kind
        moderation.report_create(reporter=personas.member, target_type="thread", target_id=post.thread_id, reason="x")
    assert not Report.objects.exists()
    moderation.report_create(
        reporter=personas.member, target_type="message", target_id=message.pk, reason="Beleidigung"
    )
    assert Report.objects.get().group is None


def test_board_entries_are_reported_while_they_are_visible(personas: Personas, author: User) -> None:
    entry = make_board_post(author)
    expired = make_board_post(author, expires_on=timezone.localdate() - timedelta(days=1))
    hidden = make_board_post(author, is_hidden=True)
    moderation.report_create(reporter=personas.member, target_type="board", target_id=entry.pk, reason="Betrug")
    for gone in (expired, hidden):
        with pytest.raises(ApplicationError):
            moderation.report_create(reporter=personas.member, target_type="board", target_id=gone.pk, reason="x")
    with pytest.raises(ApplicationError, match="selbst geschrieben"):
        moderation.report_create(reporter=author, target_type="board", target_id=entry.pk, reason="x")
    assert Report.objects.count() == 1


# --- hiding and restoring -----------------------------------------------------------------------------------------------


def test_a_group_moderator_hides_a_post_of_their_group(personas: Personas, post: Post, moderator: User) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam")
    step = moderation.content_hide(
        actor=moderator, target_type="post", target_id=post.pk, reason="Werbung ist hier nicht erlaubt", report=report
    )
    post.refresh_from_db()
    report.refresh_from_db()
    assert post.is_hidden
    assert (report.status, report.handled_by) == (Report.Status.ACTIONED, moderator)
    assert (step.action, step.reason, step.target_user, step.report) == (
        "hide",
        "Werbung ist hier nicht erlaubt",
        post.author,
        report,
    )
    audit = AuditEntry.objects.get(action="moderation.hidden")
    assert audit.data["reason"] == "Werbung ist hier nicht erlaubt" and audit.actor == moderator
    told = Notification.objects.get(user=post.author)
    assert (told.verb, told.category, told.subject) == ("moderation.hidden", "moderation", "Förderanträge 2025")


def test_a_moderator_of_group_a_cannot_moderate_group_b(post_in_b: Post, moderator: User) -> None:
    with pytest.raises(PermissionDenied):
        moderation.content_hide(actor=moderator, target_type="post", target_id=post_in_b.pk, reason="nein")
    with pytest.raises(PermissionDenied):
        moderation.content_hide(actor=moderator, target_type="thread", target_id=post_in_b.thread_id, reason="nein")
    post_in_b.refresh_from_db()
    assert not post_in_b.is_hidden and not ModerationAction.objects.exists()


def test_moderators_cannot_touch_messages_or_the_board_but_staff_can(
    personas: Personas, moderator: User, message: Message, author: User
) -> None:
    entry = make_board_post(author)
    for target_type, pk in (("message", message.pk), ("board", entry.pk)):
        with pytest.raises(PermissionDenied):
            moderation.content_hide(actor=moderator, target_type=target_type, target_id=pk, reason="nein")
        moderation.content_hide(actor=personas.staff, target_type=target_type, target_id=pk, reason="Beleidigung")
    message.refresh_from_db()
    entry.refresh_from_db()
    assert message.is_hidden and entry.is_hidden
    assert ModerationAction.objects.filter(action="hide", actor=personas.staff).count() == 2


def test_hiding_a_thread_closes_the_reports_on_its_posts(personas: Personas, post: Post) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam")
    moderation.content_hide(actor=personas.staff, target_type="thread", target_id=post.thread_id, reason="Spam-Thread")
    report.refresh_from_db()
    assert report.status == Report.Status.ACTIONED
    assert Thread.objects.get(pk=post.thread_id).is_hidden


def test_restoring_needs_hidden_content_and_a_reason(personas: Personas, post: Post, moderator: User) -> None:
    with pytest.raises(ApplicationError, match="nicht ausgeblendet"):
        moderation.content_restore(actor=moderator, target_type="post", target_id=post.pk, reason="ok")
    with pytest.raises(ApplicationError):
        moderation.content_hide(actor=moderator, target_type="post", target_id=post.pk, reason="")
    moderation.content_hide(actor=moderator, target_type="post", target_id=post.pk, reason="erst mal weg")
    with pytest.raises(ApplicationError, match="bereits ausgeblendet"):
        moderation.content_hide(actor=moderator, target_type="post", target_id=post.pk, reason="nochmal")
    moderation.content_restore(actor=moderator, target_type="post", target_id=post.pk, reason="war doch in Ordnung")
    post.refresh_from_db()
    assert not post.is_hidden
    assert list(ModerationAction.objects.order_by("pk").values_list("action", "reason")) == [
        ("hide", "erst mal weg"),
        ("restore", "war doch in Ordnung"),
    ]
    assert AuditEntry.objects.filter(action__in=["moderation.hidden", "moderation.restored"]).count() == 2


def test_a_report_about_other_content_is_refused(personas: Personas, post: Post, post_in_b: Post) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="x")
    with pytest.raises(ApplicationError):
        moderation.content_hide(
            actor=personas.staff, target_type="post", target_id=post_in_b.pk, reason="y", report=report
        )
    assert not Post.objects.filter(is_hidden=True).exists()


def test_dismissing_a_report(personas: Personas, post: Post, moderator: User, post_in_b: Post) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="x")
    other = moderation.report_create(reporter=personas.member, target_type="post", target_id=post_in_b.pk, reason="y")
    with pytest.raises(PermissionDenied):
        moderation.report_dismiss(actor=moderator, report=other, reason="nicht meine Gruppe")
    step = moderation.report_dismiss(actor=moderator, report=report, reason="Kritik ist erlaubt")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED and step.action == "dismiss" and step.report == report
    with pytest.raises(ApplicationError, match="bereits erledigt"):
        moderation.report_dismiss(actor=personas.staff, report=report, reason="nochmal")
    assert AuditEntry.objects.filter(action="moderation.report_dismissed").count() == 1


# --- people -------------------------------------------------------------------------------------------------------------


def test_warning_a_person_tells_them(personas: Personas, author: User, mailbox: list) -> None:
    step = moderation.person_warn(actor=personas.staff, user=author, reason="Bitte bleiben Sie sachlich.")
    assert (step.action, step.target_user, step.reason) == ("warn", author, "Bitte bleiben Sie sachlich.")
    told = Notification.objects.get(user=author)
    assert (told.verb, told.subject) == ("moderation.warning", "Bitte bleiben Sie sachlich.")
    assert [m.to for m in mailbox] == [[author.email]]
    assert "Bitte bleiben Sie sachlich." in mailbox[0].body
    assert AuditEntry.objects.filter(action="moderation.warned", target_id=str(author.pk)).exists()


def test_only_staff_warn_suspend_and_lift(personas: Personas, author: User, moderator: User) -> None:
    until = timezone.now() + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        moderation.person_warn(actor=moderator, user=author, reason="x")
    with pytest.raises(PermissionDenied):
        moderation.person_suspend(actor=moderator, user=author, until=until, reason="x")
    with pytest.raises(PermissionDenied):
        moderation.person_unsuspend(actor=moderator, user=author, reason="x")
    assert not ModerationAction.objects.exists() and not Suspension.objects.exists()


def test_a_suspended_person_cannot_message_until_it_is_lifted(personas: Personas, author: User) -> None:
    moderation.person_suspend(
        actor=personas.staff, user=author, until=timezone.now() + timedelta(days=7), reason="Beleidigungen"
    )
    told = Notification.objects.get(user=author)
    assert (told.verb, told.subject) == ("moderation.suspended", "Beleidigungen")
    with pytest.raises(ApplicationError, match="gesperrt"):
        messaging.message_to_person(sender=author, recipient=personas.member, body="Hallo")
    assert not Message.objects.exists()
    moderation.person_unsuspend(actor=personas.staff, user=author, reason="Entschuldigung angenommen")
    messaging.message_to_person(sender=author, recipient=personas.member, body="Hallo")
    assert list(ModerationAction.objects.order_by("pk").values_list("action", "reason")) == [
        ("suspend", "Beleidigungen"),
        ("unsuspend", "Entschuldigung angenommen"),
    ]
    with pytest.raises(ApplicationError, match="nicht gesperrt"):
        moderation.person_unsuspend(actor=personas.staff, user=author, reason="nochmal")


def test_suspensions_end_in_the_future_and_not_for_oneself(personas: Personas, author: User) -> None:
    with pytest.raises(ApplicationError):
        moderation.person_suspend(actor=personas.staff, user=author, until=timezone.now(), reason="x")
    with pytest.raises(ApplicationError):
        moderation.person_suspend(
            actor=personas.staff, user=personas.staff, until=timezone.now() + timedelta(days=1), reason="x"
        )
    assert not Suspension.objects.exists()
