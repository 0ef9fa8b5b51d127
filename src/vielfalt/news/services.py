"""Writes on news posts: the team writes, publishes (now or at a time), withdraws and deletes them.

Every function is one transaction and records what it did in the audit log. A post is always saved
whole or not at all: every refusal is an ``ApplicationError`` naming its field, raised before anything
is written. The body (German and every translation) is sanitised here, whatever the caller did. An image
reaches these functions already decoded and written anew (``news.forms``); a replaced or removed image
leaves storage only once the change has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import richtext
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.core.lib.translated import TRANSLATION_LANGUAGES, clean_translations
from vielfalt.news.models import Post
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

TITLE_MAX = 200
TEASER_MAX = 400
BODY_MAX = 40000
IMAGE_ALT_MAX = 300
SLUG_MAX = 80
# Addresses under /aktuelles/ that are no post.
RESERVED_SLUGS = frozenset({"feed"})


@dataclass
class PostInput:
    """What the team writes about a post (German and the translations, ``{code: text}``)."""

    title: str
    teaser: str
    body: str
    kind: str = Post.Kind.NEWS
    title_translations: Mapping[str, str] = field(default_factory=dict)
    teaser_translations: Mapping[str, str] = field(default_factory=dict)
    body_translations: Mapping[str, str] = field(default_factory=dict)
    image_alt: str = ""
    image_alt_translations: Mapping[str, str] = field(default_factory=dict)
    topics: Iterable[FieldOfAction] = ()
    districts: Iterable[District] = ()


def _too_long(maximum: int, field_name: str) -> ApplicationError:
    return ApplicationError(
        ngettext(
            "Bitte schreiben Sie höchstens %(count)d Zeichen.",
            "Bitte schreiben Sie höchstens %(count)d Zeichen.",
            maximum,
        )
        % {"count": maximum},
        code="too_long",
        field=field_name,
    )


def _text(value: str, translations: Mapping[str, str], *, name: str, maximum: int, missing: str) -> dict[str, Any]:
    german = (value or "").strip()
    if not german:
        raise ApplicationError(missing, code="required", field=name)
    cleaned = _translations(translations, name=name, maximum=maximum)
    if len(german) > maximum:
        raise _too_long(maximum, name)
    return {name: german, f"{name}_translations": cleaned}


def _translations(translations: Mapping[str, str], *, name: str, maximum: int) -> dict[str, str]:
    cleaned = clean_translations(dict(translations or {}))
    for code, text in cleaned.items():
        if code not in TRANSLATION_LANGUAGES or not isinstance(text, str):
            raise ApplicationError(_("Diese Sprache gibt es auf der Plattform nicht."), field=name)
        if len(text) > maximum:
            raise _too_long(maximum, name)
    return cleaned


def _body(value: str, translations: Mapping[str, str]) -> dict[str, Any]:
    german = richtext.sanitise(value or "")
    if not richtext.has_text(german):
        raise ApplicationError(_("Bitte schreiben Sie den Text des Beitrags."), code="required", field="body")
    if len(german) > BODY_MAX:
        raise _too_long(BODY_MAX, "body")
    cleaned = {}
    for code, text in _translations(translations, name="body", maximum=BODY_MAX).items():
        sanitised = richtext.sanitise(text)
        if richtext.has_text(sanitised):  # a translation of only empty paragraphs is no translation
            cleaned[code] = sanitised
    return {"body": german, "body_translations": cleaned}


def _values(data: PostInput, *, has_image: bool) -> dict[str, Any]:
    if data.kind not in Post.Kind.values:
        raise ApplicationError(
            _("Bitte wählen Sie, ob es eine Nachricht oder eine Pressemitteilung ist."), field="kind"
        )
    values: dict[str, Any] = {"kind": data.kind}
    values |= _text(
        data.title,
        data.title_translations,
        name="title",
        maximum=TITLE_MAX,
        missing=_("Bitte geben Sie den deutschen Titel an."),
    )
    values |= _text(
        data.teaser,
        data.teaser_translations,
        name="teaser",
        maximum=TEASER_MAX,
        missing=_("Bitte schreiben Sie einen kurzen Anreißer: ein, zwei Sätze, worum es geht."),
    )
    values |= _body(data.body, data.body_translations)
    alt = (data.image_alt or "").strip()
    alt_translations = _translations(data.image_alt_translations, name="image_alt", maximum=IMAGE_ALT_MAX)
    if len(alt) > IMAGE_ALT_MAX:
        raise _too_long(IMAGE_ALT_MAX, "image_alt")
    if has_image and not alt:
        raise ApplicationError(
            _("Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können."),
            code="alt_missing",
            field="image_alt",
        )
    if not has_image:  # a description of no image would be read out for nothing
        alt, alt_translations = "", {}
    values |= {"image_alt": alt, "image_alt_translations": alt_translations}
    return values


def _unique_slug(title: str) -> str:
    base = readable_slug(title, max_length=SLUG_MAX) or "beitrag"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Post.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _drop_file_after_commit(stored: FieldFile) -> None:
    if stored and stored.name:
        storage, name = stored.storage, stored.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def post_create(*, data: PostInput, image: File[Any] | None = None, by: User) -> Post:
    """Write a new post as a draft (publishing is a step of its own: ``post_publish``)."""
    values = _values(data, has_image=image is not None)
    post = Post(slug=_unique_slug(values["title"]), status=Post.Status.DRAFT, created_by=by, **values)
    if image is not None:
        post.image = image
    post.save()
    post.topics.set(list(data.topics))
    post.districts.set(list(data.districts))
    audit_record(actor=by, action="news.post_created", target=post, data={"slug": post.slug})
    return post


@transaction.atomic
def post_update(
    *, post: Post, data: PostInput, image: File[Any] | None = None, remove_image: bool = False, by: User
) -> list[str]:
    """Change a post's texts, image, topics and districts (the address stays); returns the changed fields."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    keeps_image = bool(post.image) and not remove_image
    values = _values(data, has_image=image is not None or keeps_image)
    changed = [name for name, value in values.items() if getattr(post, name) != value]
    for name in changed:
        setattr(post, name, values[name])
    old_image = post.image
    if image is not None or (remove_image and post.image):
        _drop_file_after_commit(old_image)
        post.image = image if image is not None else ""
        changed.append("image")
    if changed:
        post.save(update_fields=[*changed, "updated_at"])
    for relation, chosen in (("topics", data.topics), ("districts", data.districts)):
        wanted = {item.pk for item in chosen}
        manager = getattr(post, relation)
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(wanted))
            changed.append(relation)
    if changed:
        audit_record(actor=by, action="news.post_updated", target=post, data={"fields": changed})
    return changed


@transaction.atomic
def post_publish(*, post: Post, by: User, at: datetime | None = None, now: datetime | None = None) -> Post:
    """Publish ``post`` now, or from ``at`` on (a time in the future: it shows from then on; a time in the
    past dates it back, e.g. a press release published elsewhere before)."""
    if at is not None and timezone.is_naive(at):
        raise ValueError("a publication time must be aware")
    post = Post.objects.select_for_update().get(pk=post.pk)
    moment = at or now or timezone.now()
    post.status = Post.Status.PUBLISHED
    post.published_at = moment
    post.save(update_fields=["status", "published_at", "updated_at"])
    scheduled = moment > (now or timezone.now())
    audit_record(
        actor=by,
        action="news.post_scheduled" if scheduled else "news.post_published",
        target=post,
        data={"at": moment.isoformat()},
    )
    return post


@transaction.atomic
def post_unpublish(*, post: Post, by: User) -> Post:
    """Take ``post`` back to a draft: it leaves the list, the feeds and the start page at once."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status == Post.Status.DRAFT:
        raise ApplicationError(_("Dieser Beitrag ist schon ein Entwurf."), code="already_draft")
    post.status = Post.Status.DRAFT
    post.published_at = None
    post.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=by, action="news.post_unpublished", target=post)
    return post


@transaction.atomic
def post_delete(*, post: Post, by: User) -> None:
    """Delete ``post`` for good, with its image."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    audit_record(actor=by, action="news.post_deleted", target=post, data={"slug": post.slug})
    _drop_file_after_commit(post.image)
    post.delete()


@transaction.atomic
def personal_data_erase(user: User) -> None:
    """On account deletion the posts stay (they are the centre's publications); only who wrote them goes."""
    Post.objects.filter(created_by=user).update(created_by=None)
