"""Reads for the group pages: the list of groups, a group, a thread, members and files.

Every page reads a bounded number of queries whatever the size of a group or a thread (500 replies,
2,000 members): lists are paginated, authors come with ``select_related``, attachments with one
``prefetch_related``, counts are kept on the thread (``reply_count``, ``last_post_at``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.lib.urls import reverse
from vielfalt.events.access import visible_events
from vielfalt.events.models import Event
from vielfalt.exchange import access
from vielfalt.exchange.access import GroupRights
from vielfalt.exchange.models import Attachment, Group, GroupMembership, Post, Thread
from vielfalt.organisations import selectors as organisation_selectors

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 25  # a page of replies reads well on a phone (and stays light: ~40 KB)
MEMBERS_PER_PAGE = 100
FILES_PER_PAGE = 50
MEMBER_PREVIEW = 12
UPCOMING_EVENTS = 5
# Up to this many members are offered as checkboxes to mention; in larger groups the people of the
# thread are offered, and everyone else is mentioned by writing "@Vorname Nachname".
MENTION_CHOICES_MAX = 100

Status = GroupMembership.Status
Role = GroupMembership.Role


def _page(items: Any, number: Any, per_page: int) -> Page[Any]:
    return Paginator(items, per_page).get_page(str(number or "1")[:8])


# --- the list of groups ----------------------------------------------------------------------------------


@dataclass
class GroupEntry:
    group: Group
    member_count: int
    status: str = ""  # the reader's membership: "", active, requested, invited
    role: str = ""
    is_home: bool = False  # the regional group of a district the reader's organisations are in


@dataclass
class GroupList:
    mine: list[GroupEntry] = field(default_factory=list)
    topic: list[GroupEntry] = field(default_factory=list)
    regional: list[GroupEntry] = field(default_factory=list)
    working: list[GroupEntry] = field(default_factory=list)


def home_district_ids(user: Viewer) -> set[int]:
    """The districts of the reader's organisations (their regional groups are highlighted)."""
    return organisation_selectors.district_ids_of(user=user)


def group_list(user: Viewer) -> GroupList:
    """The groups ``user`` may see: theirs first, then topic, regional (their districts' first) and
    working groups. Four queries whatever the number of groups."""
    groups = list(access.visible_groups(user).select_related("district").defer("district__outline"))
    ids = [group.pk for group in groups]
    counts = dict(
        GroupMembership.objects.filter(group_id__in=ids, status=Status.ACTIVE)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    mine: dict[int, GroupMembership] = {}
    if user.is_authenticated:
        mine = {m.group_id: m for m in GroupMembership.objects.filter(user=user, group_id__in=ids)}
    homes = home_district_ids(user)
    result = GroupList()
    for group in groups:
        membership = mine.get(group.pk)
        entry = GroupEntry(
            group=group,
            member_count=counts.get(group.pk, 0),
            status=membership.status if membership else "",
            role=membership.role if membership else "",
            is_home=group.district_id is not None and group.district_id in homes,
        )
        if membership is not None:
            result.mine.append(entry)
        elif group.kind == Group.Kind.TOPIC:
            result.topic.append(entry)
        elif group.kind == Group.Kind.REGIONAL:
            result.regional.append(entry)
        else:
            result.working.append(entry)
    for entries in (result.mine, result.topic, result.regional, result.working):
        entries.sort(key=lambda e: (not e.is_home, e.group.localized_name().text.casefold()))
    return result


# --- a group's page -------------------------------------------------------------------------------------


def _threads(group: Group, rights: GroupRights) -> QuerySet[Thread]:
    threads = Thread.objects.filter(group=group).select_related("author").order_by("-pinned", "-last_post_at", "-pk")
    if not rights.can_moderate:
        threads = threads.filter(is_hidden=False)
    return threads


def _active_memberships(group: Group) -> QuerySet[GroupMembership]:
    moderators_first = Case(When(role=Role.MODERATOR, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        GroupMembership.objects.filter(group=group, status=Status.ACTIVE)
        .select_related("user")
        .order_by(moderators_first, "user__name", "pk")
    )


def _member_preview(group: Group) -> list[GroupMembership]:
    """The moderators, then whoever joined last: picked from the memberships alone (sorting a big
    group's members by name would read every member's account), then loaded with their people."""
    moderators_first = Case(When(role=Role.MODERATOR, then=Value(0)), default=Value(1), output_field=IntegerField())
    picked = list(
        GroupMembership.objects.filter(group=group, status=Status.ACTIVE)
        .order_by(moderators_first, "-created_at", "-pk")
        .values_list("pk", flat=True)[:MEMBER_PREVIEW]
    )
    order = {pk: position for position, pk in enumerate(picked)}
    memberships = GroupMembership.objects.filter(pk__in=picked).select_related("user")
    return sorted(memberships, key=lambda membership: order[membership.pk])


@dataclass
class GroupPage:
    threads: Page[Thread]
    member_count: int
    members: list[GroupMembership]
    pending_count: int  # join requests (for moderators)
    events: list[Event]


def group_page(group: Group, user: Viewer, rights: GroupRights, *, page: Any = 1) -> GroupPage:
    """Threads (pinned first, then the latest activity; 20 a page), a preview of the members and
    the group's coming events."""
    members = _member_preview(group) if user.is_authenticated else []
    counts = GroupMembership.objects.filter(group=group).aggregate(
        active=Count("pk", filter=Q(status=Status.ACTIVE)), requested=Count("pk", filter=Q(status=Status.REQUESTED))
    )
    events = list(
        visible_events(user)
        .filter(group_link__group=group, status=Event.Status.PUBLISHED, ends_at__gt=timezone.now())
        .order_by("starts_at", "pk")[:UPCOMING_EVENTS]
    )
    return GroupPage(
        threads=_page(_threads(group, rights), page, THREADS_PER_PAGE),
        member_count=counts["active"],
        members=members,
        pending_count=counts["requested"] if rights.can_moderate else 0,
        events=events,
    )


# --- a thread -------------------------------------------------------------------------------------------


def thread_posts(thread: Thread, *, page: Any = 1) -> Page[Post]:
    """The posts of ``thread`` in order, ``POSTS_PER_PAGE`` a page, with their authors and attachments
    (the list ``listed_attachments``: see docs/architecture.md on list pages)."""
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", to_attr="listed_attachments"))
        .order_by("created_at", "pk")
    )
    return _page(posts, page, POSTS_PER_PAGE)


def post_page_number(post: Post) -> int:
    before = Post.objects.filter(thread_id=post.thread_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // POSTS_PER_PAGE + 1


def post_url(post: Post) -> str:
    """The address of ``post`` on the page of its thread where it stands."""
    thread = post.thread
    path = reverse("exchange:thread", kwargs={"slug": thread.group.slug, "pk": thread.pk})
    number = post_page_number(post)
    return f"{path}{f'?page={number}' if number > 1 else ''}#post-{post.pk}"


def mention_choices(group: Group, user: User, thread: Thread | None = None) -> list[tuple[int, str]]:
    """People offered as "Personen erwähnen": every active member (not the writer) in groups of up
    to ``MENTION_CHOICES_MAX``, else the people who wrote in ``thread``. One query for a small group;
    a big one asks a second time, for the thread's writers only (the index on the thread's posts
    finds them, instead of checking every member)."""
    members = (
        GroupMembership.objects.filter(group=group, status=Status.ACTIVE, user__is_active=True)
        .exclude(user_id=user.pk)
        .exclude(user__name="")
        .order_by()
    )
    listed = list(members.values_list("user_id", "user__name")[: MENTION_CHOICES_MAX + 1])
    if len(listed) > MENTION_CHOICES_MAX:
        if thread is None:
            return []
        writers = Post.objects.filter(thread=thread).values("author_id")
        listed = list(
            members.filter(user_id__in=writers)
            .order_by("user__name", "user_id")
            .values_list("user_id", "user__name")[:MENTION_CHOICES_MAX]
        )
    return sorted(listed, key=lambda choice: (choice[1].casefold(), choice[0]))


# --- members and files ---------------------------------------------------------------------------------


@dataclass
class MembersPage:
    members: Page[GroupMembership]
    moderator_count: int
    requested: list[GroupMembership]
    invited: list[GroupMembership]


def members_page(group: Group, rights: GroupRights, *, page: Any = 1) -> MembersPage:
    """Active members (moderators first, 100 a page); for moderators also requests and invitations."""
    pending: list[GroupMembership] = []
    if rights.can_moderate:
        pending = list(
            GroupMembership.objects.filter(group=group, status__in=[Status.REQUESTED, Status.INVITED])
            .select_related("user")
            .order_by("created_at", "pk")
        )
    moderator_count = GroupMembership.objects.filter(group=group, status=Status.ACTIVE, role=Role.MODERATOR).count()
    return MembersPage(
        members=_page(_active_memberships(group), page, MEMBERS_PER_PAGE),
        moderator_count=moderator_count,
        requested=[m for m in pending if m.status == Status.REQUESTED],
        invited=[m for m in pending if m.status == Status.INVITED],
    )


def group_files(group: Group, rights: GroupRights, *, page: Any = 1) -> Page[Attachment]:
    """The files attached in the group's discussions, newest first (hidden ones for moderators only)."""
    files = Attachment.objects.filter(post__thread__group=group, post__deleted_at__isnull=True)
    if not rights.can_moderate:
        files = files.filter(post__is_hidden=False, post__thread__is_hidden=False)
    files = files.select_related("post__thread", "post__author").order_by("-post__created_at", "-pk")
    return _page(files, page, FILES_PER_PAGE)


# --- personal data -----------------------------------------------------------------------------------------


def group_data_export(user: User) -> dict[str, Any]:
    """What the groups hold about a person: memberships and what they wrote."""
    return {
        "memberships": [
            {"group": m.group.name, "role": m.role, "status": m.status, "since": m.created_at.isoformat()}
            for m in GroupMembership.objects.filter(user=user).select_related("group")
        ],
        "posts": [
            {
                "group": p.thread.group.name,
                "thread": p.thread.title,
                "written_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "text": p.body,
                "attachments": [a.name for a in p.attachments.all()],
            }
            for p in Post.objects.filter(author=user, deleted_at__isnull=True)
            .select_related("thread__group")
            .prefetch_related("attachments")
        ],
    }
