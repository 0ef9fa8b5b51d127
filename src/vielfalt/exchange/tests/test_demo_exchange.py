"""The demo exchange: lively, synthetic, loaded once, and never in a state the services could not produce."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, Max, Q
from django.urls import resolve
from django.utils import timezone

from vielfalt.accounts import demo as accounts_demo
from vielfalt.accounts.models import User
from vielfalt.core.lib.richtext import sanitise
from vielfalt.events import demo as events_demo
from vielfalt.events.demo.data import CAFE_TITLE
from vielfalt.events.models import Event
from vielfalt.exchange import demo
from vielfalt.exchange.models import (
    Block,
    BoardPost,
    Conversation,
    ConversationMember,
    Group,
    GroupEvent,
    GroupMembership,
    Message,
    ModerationAction,
    Post,
    Report,
    Suspension,
    Thread,
)
from vielfalt.notifications.models import Notification
from vielfalt.organisations import demo as organisations_demo
from vielfalt.organisations.models import Membership
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

DOMAIN = "@demo.vielfalt.invalid"
MEMBER = f"mitglied-01{DOMAIN}"
# People named in the press texts (``seeds/``): the demo must never use their names.
REAL_NAMES = {
    "Elisa Rossi", "Lydia Mesgina", "Ali Yilmaz", "Ali Yılmaz", "Kai Klose", "Astrid Eibelshäuser", "Andrea Nispel",
    "Arzu Dylus", "Banu Rübeling", "Berit Grautmann", "Brigitte Scheuerle", "Claudia Hackhausen", "Füsun Afra",
    "Jacob Gutmark", "Mona Weiß", "Olga Zitzelsberger", "Sabri Kapti", "Stefan Grüttner", "Wiebke Schindel",
}  # fmt: skip


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module (accounts, directory, events, exchange), roll back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        accounts_demo.load(out)
        organisations_demo.load(out)
        events_demo.load(out)
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_groups_of_every_kind(loaded):
    assert "Demo exchange:" in loaded
    regional = Group.objects.filter(kind=Group.Kind.REGIONAL)
    assert regional.count() >= 26
    assert regional.count() == District.objects.count()
    assert not regional.filter(district__isnull=True).exists()
    assert not regional.exclude(joining=Group.Joining.OPEN).exists()
    assert not regional.exclude(visibility=Group.Visibility.PLATFORM).exists()
    assert all(group.slug.startswith("regionalgruppe-") for group in regional)

    topics = Group.objects.filter(kind=Group.Kind.TOPIC)
    names = set(topics.values_list("name", flat=True))
    assert {"Fördermittel", "Öffentlichkeitsarbeit", "Jugendarbeit", "Elternarbeit", "Ehrenamt & WIR-Lotsen"} <= names
    assert topics.filter(joining=Group.Joining.REQUEST).exists()
    public = Group.objects.get(visibility=Group.Visibility.PUBLIC)
    assert public.name.startswith("Vernetzungscafé")
    assert not topics.filter(joining=Group.Joining.OPEN, fields_of_action__isnull=True).exists()

    working = Group.objects.filter(kind=Group.Kind.WORKING)
    assert working.count() >= 2
    assert not working.exclude(joining=Group.Joining.INVITATION, visibility=Group.Visibility.CLOSED).exists()
    assert working.filter(name="Steuerungsgruppe Dachverband der Migrantenorganisationen Hessen").exists()
    assert not Group.objects.filter(created_at__gt=timezone.now()).exists()


def test_every_group_has_an_active_moderator(loaded):
    without = Group.objects.annotate(
        moderators=Count("memberships", filter=Q(memberships__role="moderator", memberships__status="active"))
    ).filter(moderators=0)
    assert not without.exists(), list(without)
    per_person = GroupMembership.objects.values("group", "user").annotate(n=Count("pk")).filter(n__gt=1)
    assert not per_person.exists()
    # The municipal actor of a district moderates its regional group; the team the topic groups.
    for group in Group.objects.filter(kind=Group.Kind.REGIONAL).select_related("district"):
        assert group.memberships.filter(
            role="moderator", status="active", user__email=f"kommune-{group.district.ags}{DOMAIN}"
        ).exists(), group
    for group in Group.objects.exclude(kind=Group.Kind.REGIONAL):
        assert group.memberships.filter(role="moderator", user__email=f"team{DOMAIN}").exists(), group
    assert GroupMembership.objects.filter(status="requested").count() >= 3
    assert GroupMembership.objects.filter(status="invited").count() == 1
    assert not GroupMembership.objects.filter(created_at__gt=timezone.now()).exists()


def test_the_demo_accounts_belong_to_groups(loaded):
    member = User.objects.get(email=MEMBER)
    own = (
        Membership.objects.filter(user=member, organisation__status="verified")
        .order_by("role", "pk")
        .select_related("organisation")
        .first()
    )
    assert own is not None
    active = GroupMembership.objects.filter(user=member, status="active")
    assert active.count() >= 4
    assert active.filter(group__kind="regional", group__district=own.organisation.district_id).exists()
    invitation = GroupMembership.objects.get(user=member, status="invited")
    assert invitation.group.joining == Group.Joining.INVITATION
    municipal = GroupMembership.objects.filter(user__email__startswith="kommune-", group__kind="regional")
    assert municipal.values("user").distinct().count() == District.objects.count()


def test_threads_keep_their_counters(loaded):
    now = timezone.now()
    threads = Thread.objects.annotate(posts_n=Count("posts"), last=Max("posts__created_at")).select_related("group")
    assert 38 <= threads.count() <= 50
    for thread in threads:
        assert thread.reply_count == thread.posts_n - 1, thread
        assert 2 <= thread.reply_count <= 15, thread
        assert thread.last_post_at == thread.last, thread
        first = thread.posts.order_by("created_at", "pk").first()
        assert first.author_id == thread.author_id and first.created_at == thread.created_at, thread
        assert thread.created_at <= thread.last_post_at <= now
    for kind in ("topic",):
        for group in Group.objects.filter(kind=kind, joining=Group.Joining.OPEN, visibility="platform"):
            assert group.threads.filter(pinned=True).count() == 1, group
    assert Thread.objects.values("group").distinct().count() >= 15


def test_posts_are_written_by_members_and_sanitised(loaded):
    active = set(GroupMembership.objects.filter(status="active").values_list("group_id", "user_id"))
    posts = Post.objects.select_related("thread")
    for post in posts:
        assert (post.thread.group_id, post.author_id) in active, post
        assert sanitise(post.body) == post.body
        if post.deleted_at is None:
            assert post.body.startswith("<p>") or post.body.startswith("<"), post
        if post.edited_at:
            assert post.edited_at > post.created_at
    assert posts.filter(edited_at__isnull=False).count() >= 3
    deleted = posts.get(deleted_at__isnull=False)
    assert deleted.body == "" and deleted.deleted_at > deleted.created_at
    assert posts.filter(is_hidden=True).count() == 1
    mentioned = Post.mentions.through.objects.select_related("post", "user")
    assert mentioned.count() >= 3
    for row in mentioned:
        assert f"@{row.user.name}" in row.post.body
        assert (row.post.thread.group_id, row.user_id) in active
    assert mentioned.filter(user__email=MEMBER).exists()


def test_threads_in_several_languages(loaded):
    titles = " ".join(Thread.objects.values_list("title", flat=True))
    scripts = {
        "arabic or farsi": any("\u0600" <= c <= "\u06ff" for c in titles),
        "cyrillic": any("\u0400" <= c <= "\u04ff" for c in titles),
        "turkish": "ı" in titles or "ş" in titles,
        "english": "Hello" in titles,
    }
    assert all(scripts.values()), scripts
    assert "گ" in titles or "چ" in titles or "ه‌" in titles  # Farsi, not only Arabic
    assert "ї" in titles or "і" in titles  # Ukrainian, not only Russian


def test_conversations_are_consistent(loaded):
    conversations = Conversation.objects.annotate(last=Max("messages__created_at"))
    assert 12 <= conversations.count() <= 20
    admins_of = {}
    for conversation in conversations:
        assert conversation.last_message_at == conversation.last, conversation
        members = {m.user_id: m for m in conversation.members.all()}
        messages = list(conversation.messages.all())
        assert messages
        if conversation.organisation_id is None:
            assert len(members) == 2 and not any(m.is_starter for m in members.values())
            for message in messages:
                assert message.sender_id in members and not message.as_organisation
        else:
            admins = admins_of.setdefault(
                conversation.organisation_id,
                set(
                    Membership.objects.filter(organisation=conversation.organisation_id, role="admin").values_list(
                        "user_id", flat=True
                    )
                ),
            )
            starters = [m for m in members.values() if m.is_starter]
            assert len(starters) == 1 and starters[0].user_id not in admins
            for message in messages:
                if message.as_organisation:
                    assert message.sender_id in admins and message.sender_id in members
                else:
                    assert message.sender_id == starters[0].user_id
        for message in messages:  # writing means having read up to there
            assert members[message.sender_id].last_read_at >= message.created_at
    assert conversations.filter(organisation__isnull=False, messages__as_organisation=True).exists()
    assert conversations.filter(organisation__isnull=False).exclude(messages__as_organisation=True).exists()
    member = User.objects.get(email=MEMBER)
    assert Block.objects.filter(blocker=member).count() == 1
    unread = [
        m
        for m in ConversationMember.objects.filter(user=member).select_related("conversation")
        if m.last_read_at is None or m.last_read_at < m.conversation.last_message_at
    ]
    assert len(unread) >= 2


def test_board_entries(loaded):
    today = timezone.localdate()
    entries = BoardPost.objects.select_related("organisation")
    assert 22 <= entries.count() <= 30
    assert entries.filter(expires_on__lt=today).count() == 3
    assert not entries.filter(expires_on__gt=today + timedelta(days=90)).exists()
    assert entries.values("district").distinct().count() >= 12
    assert set(entries.values_list("direction", flat=True)) == {"seeking", "offering"}
    assert set(entries.values_list("topic", flat=True)) == set(BoardPost.Topic.values)
    for entry in entries.filter(organisation__isnull=False):
        assert entry.organisation.status == "verified"
        assert Membership.objects.filter(organisation=entry.organisation, user=entry.author_id).exists()
    assert entries.filter(author__email=MEMBER, expires_on__gte=today).exists()
    assert BoardPost.fields_of_action.through.objects.count() >= 25


def test_reports_in_the_moderation_queue(loaded):
    queue = Report.objects.filter(status=Report.Status.OPEN)
    assert queue.count() >= 5
    assert set(queue.values_list("target_type", flat=True)) == {"post", "message", "board"}
    for report in Report.objects.all():
        if report.target_type == "post":
            post = Post.objects.select_related("thread").get(pk=report.target_id)
            assert report.group_id == post.thread.group_id
            assert report.reporter_id != post.author_id
        elif report.target_type == "message":
            message = Message.objects.get(pk=report.target_id)
            assert report.group_id is None
            assert ConversationMember.objects.filter(conversation=message.conversation, user=report.reporter).exists()
        else:
            assert BoardPost.objects.filter(pk=report.target_id).exists() and report.group_id is None
    handled = Report.objects.exclude(status=Report.Status.OPEN)
    assert handled.count() == 2
    for report in handled:
        assert report.handled_by.email == f"team{DOMAIN}" and report.handled_at > report.created_at
        assert report.actions.count() == 1
    hidden = Post.objects.get(is_hidden=True)
    assert Report.objects.get(target_type="post", target_id=hidden.pk).status == Report.Status.ACTIONED
    suspension = Suspension.objects.get()
    assert suspension.until < timezone.now()
    assert suspension.user_id == hidden.author_id
    assert ModerationAction.objects.filter(action="suspend", target_user=suspension.user).exists()


def test_notifications_for_the_readme_member(loaded):
    member = User.objects.get(email=MEMBER)
    notifications = Notification.objects.filter(user=member)
    unread = notifications.filter(read_at__isnull=True)
    assert unread.count() >= 5
    verbs = set(unread.values_list("verb", flat=True))
    assert {"thread.reply", "post.mention", "message.person", "group.invited", "event.changed"} <= verbs
    assert notifications.filter(verb="group.approved", read_at__isnull=False).exists()
    assert notifications.filter(read_at__isnull=False).count() >= 5
    for notification in Notification.objects.all():
        assert notification.url.startswith("/de/")
        resolve(notification.url.split("#")[0])
        assert notification.emailed_at is not None  # loading the demo sends no emails later
        assert notification.read_at is None or notification.created_at <= notification.read_at
    requests = Notification.objects.filter(verb="group.requested", user__email=f"team{DOMAIN}")
    assert requests.count() == GroupMembership.objects.filter(status="requested").count()
    assert requests.filter(read_at__isnull=True).exists()


def test_events_linked_to_groups(loaded):
    public = Group.objects.get(visibility=Group.Visibility.PUBLIC)
    cafes = Event.objects.filter(title=CAFE_TITLE)
    assert cafes.count() >= 3 and not cafes.exclude(group_link__group=public).exists()
    regional = GroupEvent.objects.filter(event__kind="regional").select_related("group", "event")
    assert regional.count() >= 1
    assert all(link.group.district_id == link.event.district_id for link in regional)


def test_people_are_synthetic(loaded):
    involved = User.objects.filter(
        Q(group_memberships__isnull=False) | Q(board_posts__isnull=False) | Q(conversation_memberships__isnull=False)
    ).distinct()
    assert involved.count() > 100
    assert not involved.exclude(email__endswith=DOMAIN).exists()
    assert not set(involved.values_list("name", flat=True)) & REAL_NAMES
    texts = " ".join(
        [*Post.objects.values_list("body", flat=True), *Message.objects.values_list("body", flat=True)]
    )  # fmt: skip
    assert not any(name in texts for name in REAL_NAMES)


def test_loading_again_adds_nothing(loaded):
    counts = [model.objects.count() for model in (Group, GroupMembership, Thread, Post, Conversation, BoardPost)]
    out = io.StringIO()
    demo.load(out)
    assert [model.objects.count() for model in (Group, GroupMembership, Thread, Post, Conversation, BoardPost)] == (
        counts
    )
    assert "nothing added" in out.getvalue()
    assert Counter(Notification.objects.values_list("verb", flat=True))["thread.reply"] > 0
