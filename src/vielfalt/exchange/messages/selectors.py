"""Reads on direct messages: the inbox, unread counts, one conversation, the blocked list.

Who reads a conversation: its people, and for a conversation with an organisation the starter
and the organisation's *current* admins (an admin's member row only remembers what they read).
The inbox annotates everything a row shows, so a page costs the same few queries whatever the
number of conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.exchange.models import Block, Conversation, ConversationMember, Message
from vielfalt.organisations.selectors import administered_organisations, administers_condition

# Before any message was written: "never read" compares against this.
_NEVER = datetime(2000, 1, 1, tzinfo=UTC)


class _SubqueryCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _scope(user: User) -> QuerySet[Conversation]:
    """The conversations ``user`` reads, annotated with what the inbox needs to know about them."""
    own_rows = ConversationMember.objects.filter(conversation=OuterRef("pk"), user=user)
    # The candidates first, found through indexes (the person's own rows, the organisations they
    # administer), so that the conditions below are checked for those and not for every conversation.
    candidates = Q(pk__in=ConversationMember.objects.filter(user=user).values("conversation_id")) | Q(
        organisation_id__in=administered_organisations(user=user)
    )
    return (
        Conversation.objects.filter(candidates)
        .annotate(
            i_admin=administers_condition(user=user, organisation_field="organisation_id"),
            i_started=Exists(own_rows.filter(is_starter=True)),
            i_member=Exists(own_rows),
        )
        .filter(
            Q(organisation__isnull=True, i_member=True)
            | Q(organisation__isnull=False, i_started=True)
            | Q(organisation__isnull=False, i_admin=True)
        )
        .annotate(
            speaks=ExpressionWrapper(
                Q(organisation__isnull=False, i_admin=True, i_started=False), output_field=BooleanField()
            ),
            read_since=Coalesce(Subquery(own_rows.values("last_read_at")[:1]), Value(_NEVER)),
        )
    )


def _unread_messages(user: User) -> QuerySet[Message]:
    """Messages of the outer conversation that ``user`` has not read; their own side's don't count."""
    return (
        Message.objects.filter(conversation=OuterRef("pk"), is_hidden=False, created_at__gt=OuterRef("read_since"))
        .exclude(sender=user)
        .annotate(outer_speaks=ExpressionWrapper(OuterRef("speaks"), output_field=BooleanField()))
        .exclude(as_organisation=True, outer_speaks=True)
    )


def unread_conversations_count(user: Viewer) -> int:
    """How many conversations have messages ``user`` has not read (one query)."""
    if not user.is_authenticated:
        return 0
    return _scope(user).filter(Exists(_unread_messages(user))).count()


def inbox_conversations(user: User) -> QuerySet[Conversation]:
    """The conversations of ``user``, newest message first, each with its unread count, the other
    side's name and the latest message (one query per page)."""
    others = (
        ConversationMember.objects.filter(conversation=OuterRef("pk")).exclude(user=user).order_by("-is_starter", "pk")
    )
    latest = Message.objects.filter(conversation=OuterRef("pk"), is_hidden=False).order_by("-created_at", "-pk")
    return (
        _scope(user)
        .select_related("organisation")
        .only("pk", "last_message_at", "organisation__name", "organisation__slug")
        .annotate(
            unread=_SubqueryCount(_unread_messages(user).values("pk")),
            other_name=Subquery(others.values("user__name")[:1]),
            latest_body=Subquery(latest.values("body")[:1]),
            latest_from_me=Subquery(latest.values("sender_id")[:1]),
        )
        .order_by("-last_message_at", "-pk")
    )


@dataclass
class ConversationView:
    """One conversation as ``viewer`` sees it."""

    conversation: Conversation
    title: str  # the other side: a person, an organisation, or "<person> an <organisation>"
    other: Any  # the person on the other side (None when that is an organisation)
    speaks_for_organisation: bool
    blocked_by_other: bool  # viewer may not write: the other side blocked them
    blocking_other: bool  # viewer blocked the other person


def conversation_view(*, conversation: Conversation, viewer: Viewer) -> ConversationView:
    members = list(conversation.members.select_related("user"))
    starter = next((m.user for m in members if m.is_starter), None)
    organisation = conversation.organisation
    speaks = False
    other = None
    if organisation is None:
        other = next((m.user for m in members if m.user_id != viewer.pk), None)
        title = other.name if other and other.name else _("Person ohne Namen")
    elif starter is not None and starter.pk == viewer.pk:
        title = organisation.name
    else:
        speaks = True
        other = starter
        name = starter.name if starter and starter.name else _("Person ohne Namen")
        title = _("%(person)s an %(organisation)s") % {"person": name, "organisation": organisation.name}
    blocked_by_other = blocking_other = False
    if other is not None:
        pairs = set(
            Block.objects.filter(Q(blocker=viewer, blocked=other) | Q(blocker=other, blocked=viewer)).values_list(
                "blocker_id", flat=True
            )
        )
        blocking_other = viewer.pk in pairs
        blocked_by_other = other.pk in pairs
    return ConversationView(
        conversation=conversation,
        title=title,
        other=other,
        speaks_for_organisation=speaks,
        blocked_by_other=blocked_by_other,
        blocking_other=blocking_other,
    )


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return Message.objects.filter(conversation=conversation).select_related("sender").order_by("created_at", "pk")


def blocked_people(user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at", "-pk")


def shares_conversation(a: Any, b: Any) -> bool:
    """True if ``a`` and ``b`` are in a conversation together (as people or as starter and admin)."""
    mine = ConversationMember.objects.filter(user=a).values("conversation_id")
    if ConversationMember.objects.filter(user=b, conversation_id__in=mine).exists():
        return True
    # b wrote to an organisation a speaks for (a has not opened it yet), or the other way round.
    admin_of_a = administered_organisations(user=a)
    admin_of_b = administered_organisations(user=b)
    return Conversation.objects.filter(
        Q(organisation_id__in=admin_of_a, members__user=b, members__is_starter=True)
        | Q(organisation_id__in=admin_of_b, members__user=a, members__is_starter=True)
    ).exists()


def message_data_export(user: User) -> dict[str, Any]:
    """What a person wrote in direct messages, and whom they blocked (for "download my data")."""
    from vielfalt.exchange.models import Block, Message

    return {
        "messages_sent": [
            {"conversation": m.conversation_id, "text": m.body, "sent_at": m.created_at.isoformat()}
            for m in Message.objects.filter(sender=user).order_by("created_at")
        ],
        "blocked_people": list(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True)),
    }
