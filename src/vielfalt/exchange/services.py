"""Writes on groups and their discussions: groups, memberships, threads, posts and attachments.

Every function is one transaction. Permissions are asked by the views (``exchange.access``); the
services keep the rules that must hold whoever calls them: only active members post, nobody posts
while suspended or beyond the rate limit, a hidden thread takes no replies, a group always keeps
one moderator. Notifications (``notifications.services.notify``) are written in the same
transaction; their emails go out once it commits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import nh3
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.access import is_staff_member
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.richtext import has_text, sanitise
from vielfalt.exchange import access
from vielfalt.exchange.models import Attachment, Group, GroupMembership, Post, Thread
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify
from vielfalt.regions.models import District

Role = GroupMembership.Role
Status = GroupMembership.Status

ATTACHMENTS_MAX = 3
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_IMAGE_MAX_SIDE = 2400
BODY_MAX_LENGTH = 20_000
# Paths under /austausch/gruppen/ that are pages, not groups.
RESERVED_SLUGS = {"neu"}
# Fields of a group the create and edit forms set; services never take unknown keys.
GROUP_FIELDS = ("name", "name_translations", "description", "description_translations", "joining", "visibility")


def private_storage() -> FileSystemStorage:
    """Where attachments live: outside MEDIA_ROOT, read only by the ``attachment`` view after its
    access check (built on each call, so that tests can point ``PRIVATE_MEDIA_ROOT`` elsewhere)."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


@dataclass(frozen=True)
class Upload:
    """A file the form has checked (a re-encoded image or a sniffed document), ready to store."""

    content: File[Any]
    name: str  # what people see and download it as
    size: int


# --- groups ----------------------------------------------------------------------------------------------


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _unique_slug(name: str, *, exclude_pk: int | None = None, taken: set[str] | None = None) -> str:
    # "Gießen" → "giessen", not "gieen" (slugify drops what it cannot spell in ASCII).
    base = slugify(name.translate(_GERMAN))[:70] or "gruppe"
    others = Group.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Group.objects.all()
    slug, n = base, 1
    while slug in RESERVED_SLUGS or (slug in taken if taken is not None else others.filter(slug=slug).exists()):
        n += 1
        slug = f"{base}-{n}"
    return slug


def regional_groups_ensure() -> int:
    """One regional group per district (open to join, readable by every account); returns how many
    were created. Idempotent: called after every import of the regions."""
    missing = list(District.objects.filter(group__isnull=True).defer("outline").order_by("name", "ags"))
    if not missing:
        return 0
    taken = set(Group.objects.filter(slug__startswith="regionalgruppe").values_list("slug", flat=True))
    groups = []
    with translation.override("de"):  # str(district) names the kind ("Kassel (Landkreis)") in German
        for district in missing:
            name = f"Regionalgruppe {district}"
            slug = _unique_slug(name, taken=taken)
            taken.add(slug)
            groups.append(
                Group(
                    slug=slug, kind=Group.Kind.REGIONAL, name=name, district=district,
                    description=f"Austausch, Fragen und Termine aus der Region: {district}.",
                    joining=Group.Joining.OPEN, visibility=Group.Visibility.PLATFORM,
                )
            )  # fmt: skip
    with transaction.atomic():
        Group.objects.bulk_create(groups)
    return len(groups)


def _apply_group(group: Group, data: dict[str, Any]) -> list[str]:
    unknown = set(data) - set(GROUP_FIELDS) - {"fields_of_action"}
    if unknown:
        raise ValueError(f"unknown group fields: {sorted(unknown)}")
    changed = []
    for field in GROUP_FIELDS:
        if field in data and getattr(group, field) != data[field]:
            setattr(group, field, data[field])
            changed.append(field)
    group.name = group.name.strip()
    if not group.name:
        raise ApplicationError(_("Bitte geben Sie der Gruppe einen Namen."), field="name")
    if group.joining not in Group.Joining.values:
        raise ApplicationError(_("Bitte wählen Sie, wie man der Gruppe beitritt."), field="joining")
    if group.visibility not in Group.Visibility.values:
        raise ApplicationError(_("Bitte wählen Sie, wer die Gruppe lesen kann."), field="visibility")
    return changed


def _account(email: str, *, field: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            _(
                "Zu dieser E-Mail-Adresse gibt es kein Konto auf der Plattform. Die Person muss sich zuerst "
                "registrieren."
            ),
            field=field,
        )
    return user


@transaction.atomic
def group_create(*, by: User, kind: str, data: dict[str, Any], moderator_email: str = "") -> Group:
    """A topic or working group (the team creates them; regional groups come from the regions).

    Its first moderator is the person with ``moderator_email``, or ``by`` when none is given.
    """
    if not is_staff_member(by):
        raise ApplicationError(_("Gruppen legt das Team des Kompetenzzentrums an."), code="forbidden")
    if kind not in (Group.Kind.TOPIC, Group.Kind.WORKING):
        raise ApplicationError(_("Bitte wählen Sie Themengruppe oder Arbeitsgruppe."), field="kind")
    moderator = _account(moderator_email, field="moderator_email") if moderator_email.strip() else by
    group = Group(kind=kind, created_by=by)
    _apply_group(group, data)
    group.slug = _unique_slug(group.name)
    group.save()
    if "fields_of_action" in data:
        group.fields_of_action.set(data["fields_of_action"])
    GroupMembership.objects.create(group=group, user=moderator, role=Role.MODERATOR, status=Status.ACTIVE)
    audit_record(actor=by, action="group.created", target=group, data={"kind": kind})
    return group


@transaction.atomic
def group_update(*, group: Group, by: User, data: dict[str, Any]) -> list[str]:
    """Change name, description, translations, fields of action, joining and visibility."""
    changed = _apply_group(group, data)
    if changed:
        group.save(update_fields=changed)
    if "fields_of_action" in data:
        before = set(group.fields_of_action.values_list("pk", flat=True))
        after = {field.pk for field in data["fields_of_action"]}
        if before != after:
            group.fields_of_action.set(data["fields_of_action"])
            changed.append("fields_of_action")
    if changed:
        audit_record(actor=by, action="group.updated", target=group, data={"fields": changed})
    return changed


# --- memberships ----------------------------------------------------------------------------------------


def _members_url(group: Group) -> str:
    from django.urls import reverse

    return reverse("exchange:group_members", kwargs={"slug": group.slug})


def _group_url(group: Group, name: str = "exchange:group") -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"slug": group.slug})


def _moderators(group: Group) -> list[User]:
    return [
        m.user
        for m in GroupMembership.objects.filter(group=group, role=Role.MODERATOR, status=Status.ACTIVE).select_related(
            "user"
        )
    ]


def _check_keeps_a_moderator(membership: GroupMembership, *, leaving: bool) -> None:
    """Refuse when ``membership`` is the group's last active moderator (rows locked meanwhile)."""
    if membership.role != Role.MODERATOR or membership.status != Status.ACTIVE:
        return
    moderators = list(
        GroupMembership.objects.select_for_update()
        .filter(group_id=membership.group_id, role=Role.MODERATOR, status=Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    if [pk for pk in moderators if pk != membership.pk]:
        return
    if leaving:
        message = _(
            "Sie sind die einzige Person in der Moderation dieser Gruppe. Eine Gruppe braucht immer mindestens "
            "eine Moderation: Machen Sie zuerst ein anderes Mitglied zur Moderation."
        )
    else:
        message = _(
            "Das ist die einzige Person in der Moderation dieser Gruppe. Eine Gruppe braucht immer mindestens "
            "eine Moderation: Machen Sie zuerst ein anderes Mitglied zur Moderation."
        )
    raise ApplicationError(message, code="last_moderator")


@transaction.atomic
def group_join(*, group: Group, user: User) -> GroupMembership:
    """Join an open group at once, ask to join a group on request; an invitation is accepted.

    Returns the membership (``status`` says which of the two happened).
    """
    existing = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if existing is not None:
        if existing.status == Status.INVITED:
            return _accept_invitation(existing)
        if existing.status == Status.REQUESTED:
            raise ApplicationError(_("Ihre Anfrage liegt der Moderation schon vor."), code="already_requested")
        raise ApplicationError(_("Sie sind bereits Mitglied dieser Gruppe."), code="already_member")
    if group.joining == Group.Joining.INVITATION:
        raise ApplicationError(_("Dieser Gruppe kann man nur auf Einladung beitreten."), code="invitation_only")
    status = Status.ACTIVE if group.joining == Group.Joining.OPEN else Status.REQUESTED
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, user=user, role=Role.MEMBER, status=status)
    except IntegrityError:  # the same person twice at once (a double click)
        raise ApplicationError(_("Sie sind bereits Mitglied dieser Gruppe."), code="already_member") from None
    if status == Status.REQUESTED:
        notify(
            users=_moderators(group), category=Category.GROUP, verb="group.requested", url=_members_url(group),
            actor=user, subject=group.name,
        )  # fmt: skip
        audit_record(actor=user, action="group.join_requested", target=group)
    else:
        audit_record(actor=user, action="group.joined", target=group)
    return membership


def _accept_invitation(membership: GroupMembership) -> GroupMembership:
    membership.status = Status.ACTIVE
    membership.save(update_fields=["status"])
    audit_record(actor=membership.user, action="group.joined", target=membership.group)
    return membership


@transaction.atomic
def group_invitation_answer(*, membership: GroupMembership, accept: bool) -> None:
    """The invited person accepts (becomes a member) or declines (the invitation is gone)."""
    membership = GroupMembership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    if membership.status != Status.INVITED:
        raise ApplicationError(_("Diese Einladung gibt es nicht mehr."), code="no_invitation")
    if accept:
        _accept_invitation(membership)
    else:
        membership.delete()
        audit_record(actor=membership.user, action="group.invitation_declined", target=membership.group)


@transaction.atomic
def group_leave(*, membership: GroupMembership) -> None:
    """Leave a group (or withdraw a request, or decline an invitation); the last moderator stays."""
    _check_keeps_a_moderator(membership, leaving=True)
    group, user = membership.group, membership.user
    membership.delete()
    audit_record(actor=user, action="group.left", target=group)


@transaction.atomic
def group_invite(*, group: Group, by: User, email: str) -> GroupMembership:
    """Invite the person with an account at ``email``; they accept or decline on the invitation page."""
    user = _account(email, field="email")
    existing = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if existing is not None:
        messages = {
            Status.ACTIVE: _("%(name)s ist bereits Mitglied der Gruppe."),
            Status.INVITED: _("%(name)s ist bereits eingeladen."),
            Status.REQUESTED: _(
                "%(name)s hat schon um Aufnahme gebeten. Nehmen Sie die Anfrage in der Liste unten an."
            ),
        }
        raise ApplicationError(messages[Status(existing.status)] % {"name": user}, field="email")
    membership = GroupMembership.objects.create(group=group, user=user, role=Role.MEMBER, status=Status.INVITED)
    notify(
        users=[user], category=Category.GROUP, verb="group.invited",
        url=_group_url(group, "exchange:group_invitation"), actor=by, subject=group.name,
    )  # fmt: skip
    audit_record(actor=by, action="group.invited", target=group, data={"user": user.pk})
    return membership


def _locked(membership: GroupMembership) -> GroupMembership:
    return GroupMembership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)


@transaction.atomic
def membership_approve(*, membership: GroupMembership, by: User) -> None:
    membership = _locked(membership)
    if membership.status != Status.REQUESTED:
        raise ApplicationError(_("Diese Anfrage ist schon erledigt."), code="not_requested")
    membership.status = Status.ACTIVE
    membership.save(update_fields=["status"])
    notify(
        users=[membership.user], category=Category.GROUP, verb="group.approved", url=_group_url(membership.group),
        actor=by, subject=membership.group.name,
    )  # fmt: skip
    audit_record(actor=by, action="group.request_approved", target=membership.group, data={"user": membership.user_id})


@transaction.atomic
def membership_decline(*, membership: GroupMembership, by: User) -> None:
    """Decline a request to join, or withdraw an invitation."""
    membership = _locked(membership)
    if membership.status == Status.ACTIVE:
        raise ApplicationError(_("Diese Anfrage ist schon erledigt."), code="not_requested")
    membership.delete()
    audit_record(actor=by, action="group.request_declined", target=membership.group, data={"user": membership.user_id})


@transaction.atomic
def membership_set_role(*, membership: GroupMembership, role: str, by: User) -> None:
    """Make an active member a moderator, or a moderator a member (never the last one)."""
    membership = _locked(membership)
    if membership.status != Status.ACTIVE:
        raise ApplicationError(_("Nur Mitglieder der Gruppe können eine Rolle bekommen."), code="not_active")
    if role not in Role.values:
        raise ApplicationError(_("Diese Rolle gibt es nicht."), code="role")
    if membership.role == role:
        return
    if role == Role.MEMBER:
        _check_keeps_a_moderator(membership, leaving=membership.user_id == by.pk)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by, action="group.role_changed", target=membership.group, data={"user": membership.user_id, "role": role}
    )


@transaction.atomic
def membership_remove(*, membership: GroupMembership, by: User) -> None:
    """A moderator removes a member from the group (never the last moderator)."""
    membership = _locked(membership)
    _check_keeps_a_moderator(membership, leaving=membership.user_id == by.pk)
    membership.delete()
    audit_record(actor=by, action="group.member_removed", target=membership.group, data={"user": membership.user_id})


# --- threads and posts ------------------------------------------------------------------------------------

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
        raise ApplicationError(
            ngettext(
                "Sie können höchstens %(count)d Datei anhängen.",
                "Sie können höchstens %(count)d Dateien anhängen.",
                ATTACHMENTS_MAX,
            )
            % {"count": ATTACHMENTS_MAX},
            field="attachments",
        )
    if any(upload.size > ATTACHMENT_MAX_BYTES for upload in uploads):
        raise ApplicationError(_("Jede Datei darf höchstens 10 MB groß sein."), field="attachments")


def _store(post: Post, uploads: Sequence[Upload]) -> None:
    """Write the files (last in the service: every check has passed) into the private storage."""
    storage = private_storage()
    for upload in uploads:
        stored = storage.save(f"exchange/{upload.content.name}", upload.content)
        Attachment.objects.create(post=post, file=stored, name=upload.name[:200], size=upload.size)


def _post_url(post: Post) -> str:
    from vielfalt.exchange.selectors import post_url

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


@transaction.atomic
def group_data_erase(user: User) -> None:
    """On account deletion: memberships go; the person's posts give way to the deletion note (the
    threads stay readable for the others) and their files are removed."""
    names = list(Attachment.objects.filter(post__author=user).values_list("file", flat=True))
    Attachment.objects.filter(post__author=user).delete()
    Post.objects.filter(author=user, deleted_at__isnull=True).update(body="", deleted_at=timezone.now())
    GroupMembership.objects.filter(user=user).delete()
    if names:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])  # type: ignore[func-returns-value]
