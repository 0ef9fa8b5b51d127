"""Writes on the board of requests and offers (Gesuche & Angebote).

An entry is seen by everyone with an account until its last day (``expires_on``, at most
``MAX_DAYS`` ahead); then it leaves the board by itself. **Withdrawing** sets that last day to
yesterday: the entry leaves the board like an expired one, its author still finds it (and can put
it back by choosing a new date). ``is_hidden`` is not used for this: it belongs to the moderation,
and a moderator restoring a reported entry must not bring back one its author withdrew.

Replies go to the author as a direct message (``messages.services.message_to_person``), so the two can
talk on in the conversation. Every function is one transaction; refusals are ``ApplicationError``
and write nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.exchange import access
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import BoardPost, Conversation
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District

DEFAULT_DAYS = 60
MAX_DAYS = 90
MAX_TITLE = 150
MAX_BODY = 3000
MAX_REPLY = 4000  # the message also names the entry; messaging allows 5,000 characters


def default_expiry(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=DEFAULT_DAYS)


def latest_expiry(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=MAX_DAYS)


def organisations_for(user: Viewer) -> list[Organisation]:
    """Verified organisations ``user`` belongs to: an entry can speak for one of them."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(status=Organisation.Status.VERIFIED, memberships__user=user)
        .only("pk", "name", "slug", "district_id")
        .order_by("name", "pk")
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class BoardPostInput:
    """An entry as the form gives it (``BoardPostForm.post_input``); ``_clean`` checks every value,
    so a caller that is not the form gets the same refusals."""

    direction: str
    topic: str
    title: str
    body: str
    district: District | None
    expires_on: date | None
    organisation: Organisation | None = None
    fields_of_action: list[FieldOfAction] = field(default_factory=list)


def _clean(data: BoardPostInput, *, author: User) -> dict[str, Any]:
    """Check every value of an entry; the first problem is raised with the field it belongs to."""
    direction = data.direction or ""
    if direction not in BoardPost.Direction.values:
        raise ApplicationError(_("Bitte wählen Sie: Wir suchen oder Wir bieten."), field="direction")
    topic = data.topic or ""
    if topic not in BoardPost.Topic.values:
        raise ApplicationError(_("Bitte wählen Sie, worum es geht."), field="topic")
    title = " ".join(str(data.title or "").split())
    if not title:
        raise ApplicationError(_("Bitte geben Sie einen Titel an."), field="title")
    if len(title) > MAX_TITLE:
        raise ApplicationError(
            ngettext(
                "Der Titel ist zu lang (höchstens %(max)d Zeichen).",
                "Der Titel ist zu lang (höchstens %(max)d Zeichen).",
                MAX_TITLE,
            )
            % {"max": MAX_TITLE},
            field="title",
        )
    body = str(data.body or "").strip()
    if not body:
        raise ApplicationError(_("Bitte beschreiben Sie, was Sie suchen oder anbieten."), field="body")
    if len(body) > MAX_BODY:
        raise ApplicationError(
            ngettext(
                "Die Beschreibung ist zu lang (höchstens %(max)d Zeichen).",
                "Die Beschreibung ist zu lang (höchstens %(max)d Zeichen).",
                MAX_BODY,
            )
            % {"max": MAX_BODY},
            field="body",
        )
    district = data.district
    if not isinstance(district, District):
        raise ApplicationError(_("Bitte wählen Sie den Kreis, um den es geht."), field="district")
    expires_on = data.expires_on
    today = timezone.localdate()
    if not isinstance(expires_on, date):
        raise ApplicationError(_("Bitte geben Sie an, bis wann der Eintrag sichtbar sein soll."), field="expires_on")
    if expires_on < today:
        raise ApplicationError(_("Das Datum liegt in der Vergangenheit."), field="expires_on")
    if expires_on > latest_expiry(today):
        raise ApplicationError(
            ngettext(
                "Ein Eintrag ist höchstens %(days)d Tag sichtbar. Bitte wählen Sie ein früheres Datum.",
                "Ein Eintrag ist höchstens %(days)d Tage sichtbar. Bitte wählen Sie ein früheres Datum.",
                MAX_DAYS,
            )
            % {"days": MAX_DAYS},
            field="expires_on",
        )
    organisation = data.organisation
    if organisation is not None and not (
        organisation.status == Organisation.Status.VERIFIED
        and organisation_selectors.is_member(user=author, organisation=organisation)
    ):
        raise ApplicationError(
            _("Sie können nur für eine geprüfte Organisation schreiben, zu der Sie gehören."), field="organisation"
        )
    fields: Iterable[FieldOfAction] = data.fields_of_action or []
    return {
        "direction": direction,
        "topic": topic,
        "title": title,
        "body": body,
        "district": district,
        "expires_on": expires_on,
        "organisation": organisation,
        "fields_of_action": list(fields),
    }


@transaction.atomic
def board_post_create(*, author: User, data: BoardPostInput) -> BoardPost:
    """Put a request or an offer on the board (the author must be allowed to post)."""
    access.check_can_post(author)
    values = _clean(data, author=author)
    fields = values.pop("fields_of_action")
    post = BoardPost.objects.create(author=author, **values)
    post.fields_of_action.set(fields)
    audit_record(actor=author, action="board.created", target=post)
    return post


@transaction.atomic
def board_post_update(*, post: BoardPost, by: User, data: BoardPostInput) -> list[str]:
    """The author changes their entry (a new date brings back an expired or withdrawn one).
    Returns the names of the fields that changed."""
    if not access.can_edit_board_post(by, post):
        raise PermissionDenied
    access.check_can_post(by)
    values = _clean(data, author=by)
    fields = {term.pk for term in values.pop("fields_of_action")}
    changed = []
    for name, value in values.items():
        current = getattr(post, name) if name not in ("district", "organisation") else getattr(post, f"{name}_id")
        wanted = value.pk if name in ("district", "organisation") and value is not None else value
        if current != wanted:
            setattr(post, name, value)
            changed.append(name)
    if changed:
        post.save(update_fields=changed)
    if fields != set(post.fields_of_action.values_list("pk", flat=True)):
        post.fields_of_action.set(list(fields))
        changed.append("fields_of_action")
    if changed:
        audit_record(actor=by, action="board.updated", target=post, data={"fields": changed})
    return changed


@transaction.atomic
def board_post_withdraw(*, post: BoardPost, by: User) -> BoardPost:
    """The author takes the entry off the board: its last day becomes yesterday (see the module)."""
    if not access.can_edit_board_post(by, post):
        raise PermissionDenied
    yesterday = timezone.localdate() - timedelta(days=1)
    if post.expires_on > yesterday:
        post.expires_on = yesterday
        post.save(update_fields=["expires_on"])
        audit_record(actor=by, action="board.withdrawn", target=post)
    return post


@transaction.atomic
def board_post_reply(*, post: BoardPost, sender: User, body: str) -> Conversation:
    """Answer an entry by a direct message to its author; the author is notified of the answer.

    Refused (nothing written) for one's own entry, an entry no longer on the board, an empty or
    too long text, and everything ``message_to_person`` refuses (blocked, suspended, rate limit).
    """
    if post.author_id == sender.pk:
        raise ApplicationError(_("Das ist Ihr eigener Eintrag."), code="self")
    if not access.board_post_is_listed(post):
        raise ApplicationError(_("Dieser Eintrag ist nicht mehr auf dem Brett."), code="expired")
    text = (body or "").strip()
    if not text:
        raise ApplicationError(_("Bitte schreiben Sie eine Nachricht."), field="body")
    if len(text) > MAX_REPLY:
        raise ApplicationError(
            ngettext(
                "Die Nachricht ist zu lang (höchstens %(max)d Zeichen).",
                "Die Nachricht ist zu lang (höchstens %(max)d Zeichen).",
                MAX_REPLY,
            )
            % {"max": MAX_REPLY},
            field="body",
        )
    # The message names the entry, so that the conversation makes sense on its own later.
    heading = _("Zu Ihrem Eintrag „%(title)s“ bei Suchen und Bieten:") % {"title": post.title}
    conversation = messaging.message_to_person(
        sender=sender, recipient=post.author, body=f"{heading}\n\n{text}", notify_recipient=False
    )
    notify(
        users=[post.author],
        category=Category.BOARD,
        verb="board.reply",
        url=messaging.conversation_url(conversation),
        actor=sender,
        subject=post.title,
    )
    return conversation


def board_data_erase(user: User) -> None:
    """On account deletion the person's entries go: they are that person's requests and offers, and
    nobody could answer them any more."""
    BoardPost.objects.filter(author=user).delete()
