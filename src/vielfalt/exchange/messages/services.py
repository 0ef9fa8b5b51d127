"""Writes on direct messages: conversations between people or with an organisation, reading, blocking.

Messages are plain text (escaped and linked when shown). A conversation with an organisation
reaches all its admins; they answer *as the organisation*: the other side sees
"<admin name> für <organisation>" (the organisation speaks, and the person knows who answered —
the admins' names are on the organisation's member page anyway, and a named answer is more
accountable for the moderation).

Every function is one transaction; refusals are ``ApplicationError`` and write nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.exchange import access
from vielfalt.exchange.models import Block, Conversation, ConversationMember, Message
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify
from vielfalt.organisations.models import Membership, Organisation

MAX_BODY = 5000


def conversation_url(conversation: Conversation) -> str:
    return reverse("exchange:conversation", kwargs={"pk": conversation.pk})


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Bitte schreiben Sie eine Nachricht."), field="body")
    if len(body) > MAX_BODY:
        raise ApplicationError(
            ngettext(
                "Die Nachricht ist zu lang (höchstens %(max)d Zeichen).",
                "Die Nachricht ist zu lang (höchstens %(max)d Zeichen).",
                MAX_BODY,
            )
            % {"max": MAX_BODY},
            field="body",
        )
    return body


def _blocked_error() -> ApplicationError:
    return ApplicationError(
        _("Diese Person möchte keine Nachrichten von Ihnen bekommen. Ihre Nachricht wurde nicht gesendet."),
        code="blocked",
    )


def _check_not_blocking(sender: User, recipient: User) -> None:
    # Writing to someone one blocked would leave them unable to answer.
    if access.is_blocked(sender=recipient, recipient=sender):
        raise ApplicationError(
            _("Sie haben diese Person blockiert. Heben Sie die Blockierung auf, um ihr zu schreiben."),
            code="blocking",
        )


def organisation_admins(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation=organisation, memberships__role=Membership.Role.ADMIN, is_active=True
        ).distinct()
    )


def _add_message(conversation: Conversation, *, sender: User, body: str, as_organisation: bool) -> Message:
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, as_organisation=as_organisation
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    conversation.last_message_at = message.created_at
    # Writing a message means having read the conversation up to here.
    ConversationMember.objects.update_or_create(
        conversation=conversation, user=sender, defaults={"last_read_at": message.created_at}
    )
    return message


def _person_conversation(a: User, b: User) -> Conversation | None:
    return (
        Conversation.objects.filter(organisation__isnull=True, members__user=a)
        .filter(members__user=b)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def message_to_person(*, sender: User, recipient: User, body: str, notify_recipient: bool = True) -> Conversation:
    """Write to a person: continues the one-to-one conversation of the two, or starts it.

    ``notify_recipient=False``: the caller tells the recipient itself (a reply to a board entry
    notifies as such, not twice). Refused when the recipient blocked the sender, the sender is suspended or writes too much,
    the recipient is the sender or has no active account, or the text is empty or too long.
    """
    body = _clean_body(body)
    if recipient.pk == sender.pk:
        raise ApplicationError(_("Sie können sich nicht selbst schreiben."), code="self")
    if not recipient.is_active or recipient.deleted_at is not None:
        raise ApplicationError(_("Dieses Konto gibt es nicht mehr."), code="inactive")
    if access.is_blocked(sender=sender, recipient=recipient):
        raise _blocked_error()
    _check_not_blocking(sender, recipient)
    access.check_can_post(sender)
    conversation = _person_conversation(sender, recipient)
    if conversation is None:
        conversation = Conversation.objects.create(last_message_at=timezone.now())
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user=u) for u in (sender, recipient)]
        )
    _add_message(conversation, sender=sender, body=body, as_organisation=False)
    if notify_recipient:
        notify(
            users=[recipient],
            category=Category.MESSAGE,
            verb="message.person",
            url=conversation_url(conversation),
            actor=sender,
        )
    return conversation


def _organisation_conversation(sender: User, organisation: Organisation) -> Conversation | None:
    return (
        Conversation.objects.filter(organisation=organisation, members__user=sender, members__is_starter=True)
        .order_by("pk")
        .first()
    )


def _admins_reachable_by(starter: User, admins: list[User]) -> list[User]:
    blocking = set(Block.objects.filter(blocked=starter, blocker__in=admins).values_list("blocker_id", flat=True))
    return [admin for admin in admins if admin.pk not in blocking]


@transaction.atomic
def message_to_organisation(*, sender: User, organisation: Organisation, body: str) -> Conversation:
    """Write to a verified organisation: starts (or continues) the sender's conversation with it,
    which all its admins read and answer as the organisation."""
    body = _clean_body(body)
    if organisation.status != Organisation.Status.VERIFIED:
        raise ApplicationError(_("Dieser Organisation kann man zurzeit nicht schreiben."), code="not_verified")
    admins = organisation_admins(organisation)
    if any(admin.pk == sender.pk for admin in admins):
        raise ApplicationError(_("Sie sprechen selbst für diese Organisation."), code="self")
    if not admins:
        raise ApplicationError(
            _("Diese Organisation hat noch niemanden, der Nachrichten beantwortet. Nutzen Sie das Kontaktformular."),
            code="no_admins",
        )
    reachable = _admins_reachable_by(sender, admins)
    if not reachable:
        raise _blocked_error()
    access.check_can_post(sender)
    conversation = _organisation_conversation(sender, organisation)
    if conversation is None:
        conversation = Conversation.objects.create(organisation=organisation, last_message_at=timezone.now())
        ConversationMember.objects.create(conversation=conversation, user=sender, is_starter=True)
    _add_message(conversation, sender=sender, body=body, as_organisation=False)
    _notify_organisation(conversation, organisation=organisation, sender=sender, admins=reachable)
    return conversation


def _notify_organisation(
    conversation: Conversation, *, organisation: Organisation, sender: User, admins: list[User]
) -> None:
    notify(
        users=admins,
        category=Category.MESSAGE,
        verb="message.organisation",
        url=conversation_url(conversation),
        actor=sender,
        subject=organisation.name,
    )


def _starter(conversation: Conversation) -> User | None:
    member = conversation.members.filter(is_starter=True).select_related("user").first()
    return member.user if member else None


def other_people(conversation: Conversation, user: User) -> list[User]:
    """The people on the other side of a person-to-person conversation."""
    return [m.user for m in conversation.members.select_related("user").exclude(user_id=user.pk) if not m.is_starter]


@transaction.atomic
def message_reply(*, conversation: Conversation, sender: User, body: str) -> Message:
    """Answer in a conversation ``sender`` may read; an organisation's admin answers as the organisation."""
    body = _clean_body(body)
    if not access.can_read_conversation(sender, conversation):
        raise ApplicationError(_("Diese Unterhaltung gibt es nicht."), code="not_found")
    if conversation.organisation_id is None:
        recipients = other_people(conversation, sender)
        active = [u for u in recipients if u.is_active and u.deleted_at is None]
        if not active:
            raise ApplicationError(_("Dieses Konto gibt es nicht mehr."), code="inactive")
        if any(access.is_blocked(sender=sender, recipient=u) for u in active):
            raise _blocked_error()
        for u in active:
            _check_not_blocking(sender, u)
        access.check_can_post(sender)
        message = _add_message(conversation, sender=sender, body=body, as_organisation=False)
        notify(
            users=active,
            category=Category.MESSAGE,
            verb="message.person",
            url=conversation_url(conversation),
            actor=sender,
        )
        return message

    organisation = conversation.organisation
    assert organisation is not None
    starter = _starter(conversation)
    if access.speaks_for_organisation(sender, conversation):
        if starter is None or not starter.is_active or starter.deleted_at is not None:
            raise ApplicationError(_("Dieses Konto gibt es nicht mehr."), code="inactive")
        if access.is_blocked(sender=sender, recipient=starter):
            raise _blocked_error()
        _check_not_blocking(sender, starter)
        access.check_can_post(sender)
        message = _add_message(conversation, sender=sender, body=body, as_organisation=True)
        notify(
            users=[starter],
            category=Category.MESSAGE,
            verb="message.person",
            url=conversation_url(conversation),
            actor=sender,
        )
        return message

    if not conversation.members.filter(user=sender, is_starter=True).exists():
        # A former admin keeps their read marker, not the right to speak in the conversation.
        raise ApplicationError(_("Sie sprechen nicht mehr für diese Organisation."), code="not_admin")
    # The starter writes again: all admins (who have not blocked them) hear about it.
    reachable = _admins_reachable_by(sender, organisation_admins(organisation))
    if not reachable:
        raise _blocked_error()
    access.check_can_post(sender)
    message = _add_message(conversation, sender=sender, body=body, as_organisation=False)
    _notify_organisation(conversation, organisation=organisation, sender=sender, admins=reachable)
    return message


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    """``user`` has read the conversation up to now (an organisation's admin gets a row on first open)."""
    ConversationMember.objects.update_or_create(
        conversation=conversation, user=user, defaults={"last_read_at": timezone.now()}
    )


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    """``blocked`` can no longer start or continue a conversation with ``blocker`` (who keeps the history)."""
    if blocker.pk == blocked.pk:
        raise ApplicationError(_("Sie können sich nicht selbst blockieren."), code="self")
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


@transaction.atomic
def block_delete(*, blocker: User, blocked: User) -> bool:
    """Lift a block; False if there was none."""
    deleted, _detail = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return deleted > 0


@transaction.atomic
def message_data_erase(user: User) -> None:
    """On account deletion: the texts the person wrote go (the others keep the conversation with a
    gap), as do their blocks and any suspension."""
    from vielfalt.exchange.models import Block, Message, Suspension

    Message.objects.filter(sender=user).update(body="")
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    Suspension.objects.filter(user=user).delete()
