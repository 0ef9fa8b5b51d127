"""Reporting and moderating through the pages, tried by anonymous, outsider, member, org admin,
group moderator and staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
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
)
from vielfalt.exchange.moderation import services as moderation
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory, ThreadFactory
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()


@pytest.fixture
def author(db: None) -> User:
    return UserFactory(name="Anton Autor")


@pytest.fixture
def group(personas: Personas, author: User, organisation: Organisation) -> Group:
    group = GroupFactory(name="Gruppe A", slug="gruppe-a")
    for user in (author, personas.member, personas.org_admin):
        GroupMembershipFactory(group=group, user=user)
    return group


@pytest.fixture
def moderator(group: Group) -> User:
    user = UserFactory(name="Mona Moderation")
    GroupMembershipFactory(group=group, user=user, role=GroupMembership.Role.MODERATOR)
    return user


@pytest.fixture
def post(group: Group, author: User) -> Post:
    thread = ThreadFactory(group=group, author=author, title="Förderanträge 2025")
    return PostFactory(thread=thread, author=author, body="<p>Kauft alle bei meinem Shop!</p>")


@pytest.fixture
def other_group_post(author: User) -> Post:
    other = GroupFactory(name="Gruppe B", slug="gruppe-b")
    return PostFactory(thread=ThreadFactory(group=other, author=author), author=author)


@pytest.fixture
def message(personas: Personas, author: User) -> Message:
    conversation = messaging.message_to_person(sender=author, recipient=personas.member, body="Du Idiot!")
    return conversation.messages.get()


@pytest.fixture
def board_post(author: User) -> BoardPost:
    return BoardPost.objects.create(
        author=author, direction=BoardPost.Direction.OFFERING, topic=BoardPost.Topic.MATERIAL, title="Stühle abzugeben",
        body="20 Stühle, gut erhalten.", district=District.objects.first(),
        expires_on=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip


def everyone(personas: Personas, moderator: User | None = None) -> dict[str, User]:
    people = personas.all()
    if moderator is not None:
        people["moderator"] = moderator
    return people


def report_url(target: str, pk: int) -> str:
    return reverse("exchange:report", kwargs={"target": target, "pk": pk})


def moderate_url(target: str, pk: int) -> str:
    return reverse("exchange:moderate", kwargs={"target": target, "pk": pk})


# --- reporting ----------------------------------------------------------------------------------------------------


def test_reporting_a_post(client: Client, personas: Personas, post: Post) -> None:
    assert client.get(report_url("post", post.pk)).status_code == 302  # anonymous: login first
    login(client, personas.member)
    page = client.get(report_url("post", post.pk))
    assert page.status_code == 200 and "Kauft alle bei meinem Shop!" in page.content.decode()
    response = client.post(report_url("post", post.pk), {"reason": "Werbung"})
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:thread", kwargs={"slug": "gruppe-a", "pk": post.thread_id})
    report = Report.objects.get()
    assert (report.reporter, report.group, report.reason) == (personas.member, post.thread.group, "Werbung")
    again = client.post(report_url("post", post.pk), {"reason": "Werbung!"})
    assert again.status_code == 400 and "bereits gemeldet" in again.content.decode()
    empty = client.post(report_url("post", post.pk), {"reason": ""})
    assert empty.status_code == 400 and Report.objects.count() == 1


def test_one_cannot_report_what_one_cannot_see(
    client: Client, personas: Personas, post: Post, message: Message, board_post: BoardPost
) -> None:
    Group.objects.filter(pk=post.thread.group_id).update(visibility=Group.Visibility.CLOSED)
    login(client, personas.outsider)
    assert client.get(report_url("post", post.pk)).status_code == 404
    assert client.post(report_url("post", post.pk), {"reason": "x"}).status_code == 404
    assert client.get(report_url("message", message.pk)).status_code == 404
    assert client.get(report_url("thread", post.thread_id)).status_code == 404  # threads: report the opening post
    assert client.get(report_url("nonsense", 1)).status_code == 404
    BoardPost.objects.filter(pk=board_post.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert client.get(report_url("board", board_post.pk)).status_code == 404
    assert not Report.objects.exists()


def test_reporting_a_message_one_received(client: Client, personas: Personas, message: Message) -> None:
    login(client, personas.member)
    response = client.post(report_url("message", message.pk), {"reason": "Beleidigung"})
    assert response["Location"] == reverse("exchange:conversation", kwargs={"pk": message.conversation_id})
    assert Report.objects.get().target_type == "message"
    # The conversation page offers the report link for the other side's messages.
    page = client.get(reverse("exchange:conversation", kwargs={"pk": message.conversation_id})).content.decode()
    assert report_url("message", message.pk) in page


def test_reporting_a_board_entry(client: Client, personas: Personas, board_post: BoardPost) -> None:
    login(client, personas.org_admin)
    assert client.post(report_url("board", board_post.pk), {"reason": "Betrug"}).status_code == 302
    assert Report.objects.get().target_type == "board"


# --- hiding and restoring ------------------------------------------------------------------------------------------


def test_who_may_moderate_a_post(client: Client, personas: Personas, post: Post, moderator: User) -> None:
    assert client.get(moderate_url("post", post.pk)).status_code == 302  # anonymous
    # Staff without a second factor in this session moderate nothing.
    expected = {"outsider": 403, "member": 403, "org_admin": 403, "staff": 200, "staff_no_mfa": 403, "moderator": 200}
    for name, user in everyone(personas, moderator).items():
        login(client, user)
        assert client.get(moderate_url("post", post.pk)).status_code == expected[name], name
    login(client, personas.staff_no_mfa)
    assert client.post(moderate_url("post", post.pk), {"reason": "weg"}).status_code == 403
    assert not ModerationAction.objects.exists()


def test_hidden_post_in_a_closed_group_is_404_for_outsiders(
    client: Client, personas: Personas, post: Post, moderator: User
) -> None:
    Group.objects.filter(pk=post.thread.group_id).update(visibility=Group.Visibility.CLOSED)
    login(client, personas.outsider)
    assert client.post(moderate_url("post", post.pk), {"reason": "weg"}).status_code == 404
    assert not ModerationAction.objects.exists()


def test_a_moderator_hides_and_restores_a_post(client: Client, personas: Personas, post: Post, moderator: User) -> None:
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam")
    login(client, moderator)
    page = client.get(moderate_url("post", post.pk) + f"?report={report.pk}").content.decode()
    assert "Inhalt ausblenden" in page and f'value="{report.pk}"' in page
    refused = client.post(moderate_url("post", post.pk), {"reason": "", "report": report.pk})
    assert refused.status_code == 400 and not ModerationAction.objects.exists()
    response = client.post(moderate_url("post", post.pk), {"reason": "Werbung", "report": report.pk})
    assert response["Location"] == reverse("exchange:group_reports", kwargs={"slug": "gruppe-a"})
    post.refresh_from_db()
    report.refresh_from_db()
    assert post.is_hidden and report.status == Report.Status.ACTIONED
    assert Notification.objects.filter(user=post.author, verb="moderation.hidden").exists()
    # The same page now restores.
    assert "Inhalt wieder einblenden" in client.get(moderate_url("post", post.pk)).content.decode()
    client.post(moderate_url("post", post.pk), {"reason": "Doch in Ordnung"})
    post.refresh_from_db()
    assert not post.is_hidden
    assert list(ModerationAction.objects.order_by("pk").values_list("action", "reason", "actor")) == [
        ("hide", "Werbung", moderator.pk),
        ("restore", "Doch in Ordnung", moderator.pk),
    ]


def test_a_moderator_of_group_a_cannot_moderate_group_b(
    client: Client, moderator: User, other_group_post: Post
) -> None:
    login(client, moderator)
    assert client.post(moderate_url("post", other_group_post.pk), {"reason": "x"}).status_code == 403
    assert client.post(moderate_url("thread", other_group_post.thread_id), {"reason": "x"}).status_code == 403
    other_group_post.refresh_from_db()
    assert not other_group_post.is_hidden and not ModerationAction.objects.exists()


def test_staff_moderate_threads_messages_and_the_board(
    client: Client, personas: Personas, post: Post, message: Message, board_post: BoardPost, moderator: User
) -> None:
    login(client, moderator)
    assert client.get(moderate_url("message", message.pk)).status_code == 404  # they cannot see it
    assert client.get(moderate_url("board", board_post.pk)).status_code == 403  # they see it, may not hide it
    login(client, personas.member)
    assert client.get(moderate_url("message", message.pk)).status_code == 403  # their own conversation
    login(client, personas.staff)
    for target, pk in (("thread", post.thread_id), ("message", message.pk), ("board", board_post.pk)):
        assert client.get(moderate_url(target, pk)).status_code == 200
        assert client.post(moderate_url(target, pk), {"reason": f"{target} verstößt"}).status_code == 302
    assert ModerationAction.objects.filter(action="hide").count() == 3
    message.refresh_from_db()
    assert message.is_hidden
    login(client, personas.member)  # the hidden message shows as such to the people in the conversation
    page = client.get(reverse("exchange:conversation", kwargs={"pk": message.conversation_id})).content.decode()
    assert "Du Idiot!" not in page and "hat die Moderation ausgeblendet" in page


def test_unknown_kinds_and_content_are_404(client: Client, personas: Personas) -> None:
    login(client, personas.staff)
    assert client.get(moderate_url("group", 1)).status_code == 404
    assert client.get(moderate_url("post", 999999)).status_code == 404


# --- a group's reports ----------------------------------------------------------------------------------------------


def test_who_sees_a_groups_reports(client: Client, personas: Personas, post: Post, moderator: User) -> None:
    moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="Spam bitte weg")
    url = reverse("exchange:group_reports", kwargs={"slug": "gruppe-a"})
    assert client.get(url).status_code == 302
    expected = {"outsider": 403, "member": 403, "org_admin": 403, "staff": 200, "staff_no_mfa": 403, "moderator": 200}
    for name, user in everyone(personas, moderator).items():
        login(client, user)
        response = client.get(url)
        assert response.status_code == expected[name], name
        if response.status_code == 200:
            assert "Spam bitte weg" in response.content.decode()
    Group.objects.filter(slug="gruppe-a").update(visibility=Group.Visibility.CLOSED, joining=Group.Joining.INVITATION)
    login(client, personas.outsider)
    assert client.get(url).status_code == 404


def test_a_moderator_dismisses_a_report_of_their_group_only(
    client: Client, personas: Personas, post: Post, moderator: User, other_group_post: Post
) -> None:
    mine = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="x")
    other = moderation.report_create(
        reporter=personas.member, target_type="post", target_id=other_group_post.pk, reason="y"
    )
    url = reverse("exchange:group_reports", kwargs={"slug": "gruppe-a"})
    login(client, moderator)
    assert client.post(url, {"report": other.pk, "reason": "nicht meins"}).status_code == 404
    refused = client.post(url, {"report": mine.pk, "reason": ""})
    assert refused.status_code == 400
    assert client.post(url, {"report": mine.pk, "reason": "Kritik ist erlaubt"}).status_code == 302
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == Report.Status.DISMISSED and other.status == Report.Status.OPEN
    assert ModerationAction.objects.get().reason == "Kritik ist erlaubt"


# --- the staff's moderation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["moderation"])
def test_the_queue_is_for_staff_only(client: Client, personas: Personas, moderator: User, name: str) -> None:
    url = reverse(f"staff:{name}")
    assert client.get(url).status_code == 302
    for who, user in everyone(personas, moderator).items():
        login(client, user)
        assert client.get(url).status_code == {"staff": 200, "staff_no_mfa": 302}.get(who, 403), who


def test_the_queue_shows_reported_content_in_context(
    client: Client, personas: Personas, post: Post, message: Message, board_post: BoardPost,
    django_assert_max_num_queries: object,
) -> None:  # fmt: skip
    for target, pk in (("post", post.pk), ("message", message.pk), ("board", board_post.pk)):
        moderation.report_create(reporter=personas.member, target_type=target, target_id=pk, reason=f"{target}!")
    login(client, personas.staff)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        page = client.get(reverse("staff:moderation")).content.decode()
    for text in ("Kauft alle bei meinem Shop!", "Du Idiot!", "Stühle abzugeben", "post!", "message!", "board!"):
        assert text in page
    assert reverse("staff:moderation_person", kwargs={"pk": post.author_id}) in page  # type: ignore[arg-type]
    handled = client.get(reverse("staff:moderation") + "?status=erledigt").content.decode()
    assert "Du Idiot!" not in handled


def test_staff_handle_a_report_from_its_page(client: Client, personas: Personas, message: Message) -> None:
    report = moderation.report_create(
        reporter=personas.member, target_type="message", target_id=message.pk, reason="Beleidigung"
    )
    url = reverse("staff:moderation_report", kwargs={"pk": report.pk})
    for user in (personas.member, personas.outsider):
        login(client, user)
        assert client.get(url).status_code == 403
    login(client, personas.staff)
    page = client.get(url).content.decode()
    assert "Du Idiot!" in page and "Beleidigung" in page and personas.member.name in page
    refused = client.post(url, {"step": "hide", "reason": ""})
    assert refused.status_code == 400
    response = client.post(url, {"step": "hide", "reason": "Beleidigung ist nicht erlaubt"})
    assert response["Location"] == reverse("staff:moderation")
    report.refresh_from_db()
    message.refresh_from_db()
    assert message.is_hidden and report.status == Report.Status.ACTIONED
    step = ModerationAction.objects.get()
    assert (step.report, step.actor, step.reason) == (report, personas.staff, "Beleidigung ist nicht erlaubt")


def test_staff_dismiss_a_report(client: Client, personas: Personas, board_post: BoardPost) -> None:
    report = moderation.report_create(
        reporter=personas.member, target_type="board", target_id=board_post.pk, reason="x"
    )
    login(client, personas.staff)
    url = reverse("staff:moderation_report", kwargs={"pk": report.pk})
    client.post(url, {"step": "dismiss", "reason": "Kein Verstoß"})
    report.refresh_from_db()
    board_post.refresh_from_db()
    assert report.status == Report.Status.DISMISSED and not board_post.is_hidden


def test_staff_warn_suspend_and_lift_on_the_person_page(
    client: Client, personas: Personas, author: User, moderator: User, mailbox: list
) -> None:
    url = reverse("staff:moderation_person", kwargs={"pk": author.pk})
    assert client.get(url).status_code == 302
    for who, user in everyone(personas, moderator).items():
        login(client, user)
        assert client.get(url).status_code == {"staff": 200, "staff_no_mfa": 302}.get(who, 403), who
        if who != "staff":
            assert client.post(url, {"step": "warn", "warn-reason": "x"}).status_code in (302, 403)
    assert not ModerationAction.objects.exists()

    login(client, personas.staff)
    assert client.post(url, {"step": "warn", "warn-reason": "Bitte sachlich bleiben."}).status_code == 302
    assert Notification.objects.get(user=author).verb == "moderation.warning"
    assert [m.to for m in mailbox] == [[author.email]]

    until = timezone.localdate() + timedelta(days=7)
    refused = client.post(url, {"step": "suspend", "suspend-until": until.isoformat(), "suspend-reason": ""})
    assert refused.status_code == 400 and not Suspension.objects.exists()
    past = client.post(url, {"step": "suspend", "suspend-until": "2000-01-01", "suspend-reason": "x"})
    assert past.status_code == 400 and not Suspension.objects.exists()
    client.post(url, {"step": "suspend", "suspend-until": until.isoformat(), "suspend-reason": "Beleidigungen"})
    suspension = Suspension.objects.get(user=author)
    assert timezone.localtime(suspension.until).date() == until + timedelta(days=1)  # the whole last day counts
    page = client.get(url).content.decode()
    assert "gesperrt bis" in page and "Bitte sachlich bleiben." in page and "Beleidigungen" in page

    # Suspended: no message goes out (the suspension middleware refuses the write before the view).
    login(client, author)
    response = client.post(
        reverse("exchange:message_person", kwargs={"public_id": personas.member.public_id}), {"body": "Hallo"}
    )
    assert response.status_code == 403 and "Ihr Konto ist gesperrt" in response.content.decode()
    assert not Message.objects.exists()

    login(client, personas.staff)
    client.post(url, {"step": "unsuspend", "unsuspend-reason": "Entschuldigung angenommen"})
    assert not Suspension.objects.exists()
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "warn",
        "suspend",
        "unsuspend",
    ]


def test_the_dashboard_counts_open_reports(client: Client, personas: Personas, post: Post) -> None:
    moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="x")
    login(client, personas.staff)
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert "1 offene Meldung im Austausch" in page and reverse("staff:moderation") in page


def test_a_reported_post_is_shown_with_what_was_written_around_it(
    client: Client, personas: Personas, post: Post, author: User
) -> None:
    later = PostFactory(thread=post.thread, author=personas.member, body="<p>Bitte keine Werbung hier.</p>")
    report = moderation.report_create(reporter=personas.member, target_type="post", target_id=post.pk, reason="x")
    login(client, personas.staff)
    page = client.get(reverse("staff:moderation_report", kwargs={"pk": report.pk})).content.decode()
    assert "Wir planen einen Antrag" in page  # the opening post, before
    assert "Kauft alle bei meinem Shop!" in page and "Bitte keine Werbung hier." in page
    assert "&lt;p&gt;" not in page and "<b>" not in page  # the stored HTML is shown as text
    assert later.pk
