"""Writes on a group's discussions: threads, posts, mentions and attachments.

Every function is one transaction. Permissions are asked by the views (``exchange.access``); the
services keep the rules that must hold whoever calls them: only active members post, nobody posts
while suspended or beyond the rate limit, a hidden thread takes no replies. Notifications
(``notifications.services.notify``) are written in the same transaction; their emails go out once
it commits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_
from typing import Any

import nh3
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.richtext import has_text, sanitise
from vielfalt.core.lib.uploads import Upload, private_storage, too_many_files
from vielfalt.exchange import access
from vielfalt.exchange.models import Attachment, Group, GroupMembership, Post, Thread
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify

Role = GroupMembership.Role
Status = GroupMembership.Status

ATTACHMENTS_MAX = 3
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_IMAGE_MAX_SIDE = 2400
BODY_MAX_LENGTH = 20_000


# --- groups ----------------------------------------------------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLOCK_TAG = re.compile(r"</?(p|br|ul|ol|li|h[1-6]|blockquote|table|div)\b", re.IGNORECASE)
# "@Vorname Nachname": up to four words after an @ that does not belong to an email address.
_WORD = r"[^\W\d_][\w'’.-]*"
_MENTION = re.compile(rf"(?<![\w@])@({_WORD}(?:[ \u00a0]{_WORD}){{0,3}})")
MENTIONS_IN_TEXT_MAX = 20


def body_to_html(text: str) -> str:
    """What people typed, as the stored HTML: plain text becomes paragraphs (a blank line starts a
    new one, a line break stays a line break); the small HTML subset of ``core.lib.richtext`` is
    kept, everything else removed. Raises ``ApplicationError`` when no text is left."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > BODY_MAX_LENGTH:
        raise ApplicationError(
            ngettext(
                "Der Text ist zu lang (höchstens %(count)d Zeichen).",
                "Der Text ist zu lang (höchstens %(count)d Zeichen).",
                BODY_MAX_LENGTH,
            )
            % {"count": BODY_MAX_LENGTH},
            field="body",
        )
    if not _TAG.search(text):
        text = html.escape(text, quote=False)
    if not _BLOCK_TAG.search(text):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join("<p>" + part.replace("\n", "<br>\n") + "</p>" for part in paragraphs)
    cleaned = sanitise(text)
    if not has_text(cleaned):
        raise ApplicationError(_("Bitte schreiben Sie einen Text."), field="body")
    return cleaned


def plain_text(body: str) -> str:
    """The text of stored HTML, without markup (for mentions and previews)."""
    return html.unescape(nh3.clean(body or "", tags=set()))


def _active_members(group: Group) -> Any:
    return User.objects.filter(
        group_memberships__group=group, group_memberships__status=Status.ACTIVE, is_active=True
    ).distinct()


def mentioned_in_text(group: Group, body: str) -> list[User]:
    """Active members of ``group`` named as "@Vorname Nachname" in ``body`` (the longest name that
    matches wins, so "@Anna Schmidt" means Anna Schmidt even if there is also an "Anna")."""
    found = _MENTION.findall(plain_text(body))[:MENTIONS_IN_TEXT_MAX]
    if not found:
        return []
    spans = [match.replace("\u00a0", " ").split(" ") for match in found]
    candidates = {" ".join(words[:n]).rstrip(".-'’") for words in spans for n in range(1, len(words) + 1)}
    candidates.discard("")
    query = reduce(or_, (Q(name__iexact=candidate) for candidate in candidates))
    by_name: dict[str, list[User]] = {}
    for user in _active_members(group).filter(query):
        by_name.setdefault(user.name.casefold(), []).append(user)
    mentioned: dict[int, User] = {}
    for words in spans:
        for n in range(len(words), 0, -1):
            people = by_name.get(" ".join(words[:n]).rstrip(".-'’").casefold())
            if people:
                mentioned.update((person.pk, person) for person in people)
                break
    return list(mentioned.values())


def _mentions(group: Group, body: str, chosen: Iterable[int], writer: User) -> list[User]:
    """Who a post mentions: people chosen in the form and people named in the text (active members)."""
    people = {user.pk: user for user in mentioned_in_text(group, body)}
    chosen_ids = {int(pk) for pk in chosen} - set(people)
    if chosen_ids:
        people.update((user.pk, user) for user in _active_members(group).filter(pk__in=chosen_ids))
    people.pop(writer.pk, None)
    return list(people.values())


def _check_can_write(group: Group, by: User) -> None:
    if not access.can_post_in_group(by, group):
        raise ApplicationError(
            _("Nur Mitglieder der Gruppe können hier schreiben. Treten Sie der Gruppe bei, um mitzudiskutieren."),
            code="not_member",
        )


def _check_uploads(uploads: Sequence[Upload]) -> None:
    if len(uploads) > ATTACHMENTS_MAX:
        raise ApplicationError(too_many_files(ATTACHMENTS_MAX), field="attachments")
    if any(upload.size > ATTACHMENT_MAX_BYTES for upload in uploads):
        raise ApplicationError(_("Jede Datei darf höchstens 10 MB groß sein."), field="attachments")


def _store(post: Post, uploads: Sequence[Upload]) -> None:
    """Write the files (last in the service: every check has passed) into the private storage."""
    storage = private_storage()
    for upload in uploads:
        stored = storage.save(f"exchange/{upload.content.name}", upload.content)
        Attachment.objects.create(post=post, file=stored, name=upload.name[:200], size=upload.size)


def _post_url(post: Post) -> str:
    from vielfalt.exchange.groups.selectors import post_url

    return post_url(post)


def _tell(post: Post, *, writer: User, mentioned: Sequence[User], participants: Sequence[User]) -> None:
    url = _post_url(post)
    subject = post.thread.title
    if mentioned:
        post.mentions.add(*mentioned)
        notify(users=mentioned, category=Category.MENTION, verb="post.mention", url=url, actor=writer, subject=subject)
    told = {user.pk for user in mentioned} | {writer.pk}
    others = [user for user in participants if user.pk not in told]
    if others:
        notify(users=others, category=Category.REPLY, verb="thread.reply", url=url, actor=writer, subject=subject)


@transaction.atomic
def thread_create(
    *, group: Group, by: User, title: str, body: str, uploads: Sequence[Upload] = (), mentioned: Iterable[int] = ()
) -> Thread:
    """A new discussion with its opening post; mentioned members are notified."""
    _check_can_write(group, by)
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError(_("Bitte geben Sie der Diskussion einen Titel."), field="title")
    if len(title) > 200:
        raise ApplicationError(_("Der Titel ist zu lang (höchstens 200 Zeichen)."), field="title")
    cleaned = body_to_html(body)
    _check_uploads(uploads)
    access.check_can_post(by)  # suspension and rate limit, counted only for posts that are otherwise fine
    now = timezone.now()
    thread = Thread.objects.create(group=group, author=by, title=title, last_post_at=now)
    post = Post.objects.create(thread=thread, author=by, body=cleaned)
    _store(post, uploads)
    _tell(post, writer=by, mentioned=_mentions(group, cleaned, mentioned, by), participants=[])
    return thread


@transaction.atomic
def post_reply(
    *, thread: Thread, by: User, body: str, uploads: Sequence[Upload] = (), mentioned: Iterable[int] = ()
) -> Post:
    """A reply: mentioned members hear of it as a mention, the thread's earlier writers as a reply."""
    group = thread.group
    _check_can_write(group, by)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.group = group
    if thread.is_hidden:
        raise ApplicationError(_("Diese Diskussion ist ausgeblendet. Antworten sind nicht möglich."), code="hidden")
    cleaned = body_to_html(body)
    _check_uploads(uploads)
    access.check_can_post(by)
    post = Post.objects.create(thread=thread, author=by, body=cleaned)
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_post_at=post.created_at)
    _store(post, uploads)
    earlier: set[int | None] = set(
        Post.objects.filter(thread=thread).exclude(pk=post.pk).values_list("author_id", flat=True)
    )
    earlier.add(thread.author_id)
    participants = list(_active_members(group).filter(pk__in=earlier - {None, by.pk}))
    _tell(post, writer=by, mentioned=_mentions(group, cleaned, mentioned, by), participants=participants)
    return post


@transaction.atomic
def post_edit(*, post: Post, by: User, body: str) -> Post:
    """The author changes their post; it shows "bearbeitet". People newly named in it are notified."""
    if post.author_id != by.pk:
        raise ApplicationError(_("Nur wer einen Beitrag geschrieben hat, kann ihn bearbeiten."), code="forbidden")
    if post.deleted_at is not None:
        raise ApplicationError(_("Dieser Beitrag ist gelöscht."), code="deleted")
    _check_can_write(post.thread.group, by)
    cleaned = body_to_html(body)
    if cleaned == post.body:
        return post
    access.check_can_post(by)
    post.body = cleaned
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    already = set(post.mentions.values_list("pk", flat=True))
    new = [user for user in _mentions(post.thread.group, cleaned, (), by) if user.pk not in already]
    _tell(post, writer=by, mentioned=new, participants=[])
    return post


@transaction.atomic
def post_delete(*, post: Post, by: User) -> None:
    """The author or a moderator deletes a post: its text gives way to a note, its files are removed."""
    group = post.thread.group
    by_moderator = post.author_id != by.pk
    if by_moderator and not access.can_moderate_group(by, group):
        raise ApplicationError(_("Diesen Beitrag können Sie nicht löschen."), code="forbidden")
    post = Post.objects.select_for_update().select_related("thread__group").get(pk=post.pk)
    if post.deleted_at is not None:
        raise ApplicationError(_("Dieser Beitrag ist schon gelöscht."), code="deleted")
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])
    names = list(post.attachments.values_list("file", flat=True))
    post.attachments.all().delete()
    if names:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])  # type: ignore[func-returns-value]
    audit_record(
        actor=by, action="post.deleted", target=post.thread, data={"post": post.pk, "by_moderator": by_moderator}
    )


@transaction.atomic
def thread_set_pinned(*, thread: Thread, by: User, pinned: bool) -> None:
    """Moderators pin a thread to the top of the group's list (or unpin it)."""
    if thread.pinned == pinned:
        return
    thread.pinned = pinned
    thread.save(update_fields=["pinned"])
    audit_record(actor=by, action="thread.pinned" if pinned else "thread.unpinned", target=thread)
