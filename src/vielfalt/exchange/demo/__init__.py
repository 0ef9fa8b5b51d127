"""Synthetic demo exchange: groups with discussions, direct messages, the board, moderation, notifications.

What people write and where (the groups, threads, conversations and board entries) is in the JSON
files of this package, read by ``data``. The loader writes the rows in parts: ``people`` (who is
who), ``notifications``, ``groups`` (groups and discussions), ``conversations`` (messages, board,
moderation); ``load`` runs them in order.

Everything is invented: the people are the demo accounts and the representatives the events demo
created (addresses ending in ``demo.vielfalt.invalid``), what they write is made up. Times are relative
to now. Deterministic (a seeded random generator) and idempotent: nothing happens if threads,
messages, board entries or groups other than the regional ones exist (the regional groups come with
the regions, see ``groups.services.regional_groups_ensure``).

The rows are written directly and in bulk, keeping what the services guarantee: one membership per
person and group and at least one active moderator in every group; only active members write in a
group; a thread's ``last_post_at`` is the time of its last post and ``reply_count`` its posts but
the first; post bodies are sanitised HTML; a conversation's ``last_message_at`` is its last message,
everyone who wrote in it has read it up to there; a conversation with an organisation has its
starter (``is_starter``) and the admins who answered; open reports are one per person and target.
Notifications say what happened in the rows above (a reply, a mention, a message), read or not.
"""

from __future__ import annotations

import random
from typing import TextIO

from django.conf import settings
from django.utils import translation

from vielfalt.exchange.demo.conversations import WithConversations
from vielfalt.exchange.demo.people import README_MEMBER
from vielfalt.exchange.models import BoardPost, Conversation, Group, Report, Thread
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

SEED = 5005


class _Demo(WithConversations):
    """The whole loader: people, groups and discussions, conversations, board, moderation, notifications."""


def _exists() -> bool:
    return (
        Thread.objects.exists()
        or Conversation.objects.exists()
        or BoardPost.objects.exists()
        or Group.objects.exclude(kind=Group.Kind.REGIONAL).exists()
    )


def load(stdout: TextIO) -> None:
    if _exists():
        stdout.write("Demo exchange: exchange data exists already, nothing added.\n")
        return
    if not District.objects.exists() or not Organisation.objects.exists():
        stdout.write("Demo exchange skipped: import the regions and load the demo directory first.\n")
        return
    with translation.override(settings.LANGUAGE_CODE):
        _load(stdout)


def _load(stdout: TextIO) -> None:
    demo = _Demo(random.Random(SEED))
    if not demo.load_people():
        stdout.write("Demo exchange skipped: load the demo accounts and directory first.\n")
        return
    demo.choose_cast()
    demo.make_groups()
    demo.make_memberships()
    demo.make_threads()
    demo.save_memberships()
    demo.make_conversations()
    demo.make_board()
    demo.make_moderation()
    demo.group_notifications()
    demo.event_notifications()
    linked = demo.link_events()
    demo.save_times()
    unread = sum(1 for n in demo.notifications if n.user_id == demo.cast["member"].user.pk and n.read_at is None)
    stdout.write(
        f"Demo exchange: {Group.objects.count()} groups ({len(demo.regional)} regional), {len(demo.posts)} posts in "
        f"{Thread.objects.count()} threads, {len(demo.conversations)} conversations, {len(demo.board)} board entries, "
        f"{Report.objects.filter(status=Report.Status.OPEN).count()} open reports, {linked} events linked to groups; "
        f"{README_MEMBER} has {unread} unread notifications.\n"
    )
