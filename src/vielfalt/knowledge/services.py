"""Writes on the library: creating, editing and revising items, publishing, translations and files.

Every service runs in one transaction, checks its input itself (a refusal is an ``ApplicationError``
naming the field) and records what it did in the audit log (actions ``knowledge.*``). Content of a
published item is never overwritten silently: a change to its title, texts or facts needs a change
note and becomes a new ``ItemVersion``; the earlier versions stay readable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import richtext
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.core.lib.translated import TRANSLATION_LANGUAGES
from vielfalt.core.lib.uploads import Upload, private_storage
from vielfalt.knowledge.models import LANGUAGES, Item, ItemFile, ItemVersion
from vielfalt.organisations.models import FieldOfAction, TargetGroup

TITLE_MAX = 200
SUMMARY_MAX = 600
BODY_MAX = 100_000
LIST_MAX = 5_000  # materials, steps
CHANGE_NOTE_MAX = 300
FILE_TITLE_MAX = 200
FILES_MAX = 10  # per item
GROUP_SIZE_MAX = 500
DURATION_MAX = 24 * 60 * 5  # a method that takes longer than five days is a course
# Addresses of the library's own pages, never an item's slug.
RESERVED_SLUGS = frozenset({"methodenkoffer", "leitfaeden", "dateien", "fassungen"})
# The fields of a published version: changing one of them makes a new version.
CONTENT_FIELDS = ("title", "summary", "body", "duration_minutes", "group_size_min", "group_size_max", "materials", "steps", "video_url")  # fmt: skip
FACT_FIELDS = CONTENT_FIELDS[3:]
_LANGUAGE_CODES = {code for code, _label in LANGUAGES}


@dataclass(frozen=True)
class ItemInput:
    """What the team enters for an item (``ItemForm.item_input()``)."""

    title: str
    kind: str
    language: str = "de"
    visibility: str = Item.Visibility.PUBLIC
    summary: str = ""
    body: str = ""  # HTML; sanitised here
    topics: Sequence[FieldOfAction] = ()
    target_groups: Sequence[TargetGroup] = ()
    parent: Item | None = None
    position: int | None = None
    duration_minutes: int | None = None
    group_size_min: int | None = None
    group_size_max: int | None = None
    materials: str = ""
    steps: str = ""
    video_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, item: Item, **changes: Any) -> ItemInput:
        """The input that would save ``item`` as it is, with ``changes``."""
        values: dict[str, Any] = {
            name: getattr(item, name)
            for name in (
                "title", "kind", "language", "visibility", "summary", "body", "parent", "position",
                "duration_minutes", "group_size_min", "group_size_max", "materials", "steps", "video_url",
            )
        }  # fmt: skip
        values["topics"] = list(item.topics.all())
        values["target_groups"] = list(item.target_groups.all())
        values.update(changes)
        return cls(**values)


# --- checks ------------------------------------------------------------------------------------------------


def _check(data: ItemInput, *, item: Item | None) -> None:
    if not data.title.strip():
        raise ApplicationError(_("Bitte geben Sie einen Titel ein."), field="title")
    for name, value, maximum in (
        ("title", data.title, TITLE_MAX),
        ("summary", data.summary, SUMMARY_MAX),
        ("body", data.body, BODY_MAX),
        ("materials", data.materials, LIST_MAX),
        ("steps", data.steps, LIST_MAX),
    ):
        if len(value) > maximum:
            raise ApplicationError(
                _("Dieser Text ist zu lang: höchstens %(max)d Zeichen, Sie haben %(count)d.")
                % {"max": maximum, "count": len(value)},
                field=name,
            )
    if data.kind not in Item.Kind.values:
        raise ApplicationError(_("Bitte wählen Sie die Art des Eintrags."), field="kind")
    if data.language not in _LANGUAGE_CODES:
        raise ApplicationError(_("Bitte wählen Sie die Sprache des Eintrags."), field="language")
    if data.visibility not in Item.Visibility.values:
        raise ApplicationError(_("Bitte wählen Sie, wer den Eintrag sehen darf."), field="visibility")
    numbers: tuple[tuple[str, int | None, int], ...] = (
        ("duration_minutes", data.duration_minutes, DURATION_MAX),
        ("group_size_min", data.group_size_min, GROUP_SIZE_MAX),
        ("group_size_max", data.group_size_max, GROUP_SIZE_MAX),
    )
    for field_name, number, maximum in numbers:
        if number is not None and not 1 <= number <= maximum:
            raise ApplicationError(
                _("Bitte geben Sie eine Zahl von 1 bis %(max)d ein.") % {"max": maximum}, field=field_name
            )
    if data.group_size_min and data.group_size_max and data.group_size_min > data.group_size_max:
        raise ApplicationError(_("Die größte Gruppe kann nicht kleiner sein als die kleinste."), field="group_size_max")
    if data.kind == Item.Kind.VIDEO and not data.video_url:
        raise ApplicationError(_("Bitte geben Sie die Adresse des Videos an."), field="video_url")
    if data.video_url and not data.video_url.startswith("https://"):
        raise ApplicationError(_("Die Adresse des Videos muss mit https:// beginnen."), field="video_url")
    _check_chapter(data, item=item)


def _check_chapter(data: ItemInput, *, item: Item | None) -> None:
    parent = data.parent
    if parent is None:
        if data.position is not None:
            raise ApplicationError(
                _("Eine Kapitelnummer gibt es nur für ein Kapitel. Bitte wählen Sie auch den Leitfaden."),
                field="parent",
            )
        return
    if item is not None and parent.pk == item.pk:
        raise ApplicationError(_("Ein Eintrag kann nicht Kapitel von sich selbst sein."), field="parent")
    if parent.parent_id is not None:
        raise ApplicationError(_("Ein Kapitel kann keine eigenen Kapitel haben."), field="parent")
    if item is not None and item.pk and item.chapters.exists():
        raise ApplicationError(
            _("Dieser Eintrag hat selbst Kapitel und kann deshalb kein Kapitel sein."), field="parent"
        )
    if parent.language != data.language:
        raise ApplicationError(
            _("Ein Kapitel ist in derselben Sprache geschrieben wie sein Leitfaden."), field="language"
        )
    if data.position is None or not 1 <= data.position <= 99:
        raise ApplicationError(_("Bitte geben Sie die Kapitelnummer an (1 bis 99)."), field="position")
    taken = Item.objects.filter(parent=parent, position=data.position)
    if item is not None and item.pk:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise ApplicationError(
            _("Kapitel %(number)d gibt es in diesem Leitfaden schon.") % {"number": data.position}, field="position"
        )


# --- search text -------------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def plain_text(body: str) -> str:
    """The text of sanitised HTML, tags replaced by spaces."""
    return " ".join(html.unescape(_TAG.sub(" ", body or "")).split())


def build_search_text(*, item: Item, topics: Iterable[FieldOfAction], target_groups: Iterable[TargetGroup]) -> str:
    """What the search reads for ``item``: title, texts, method facts, kind and vocabulary names (German
    and translated, so a visitor finds a topic in their language)."""
    with translation.override("de"):
        kind = str(Item.Kind(item.kind).label) if item.kind in Item.Kind.values else ""
    names: list[str] = []
    for term in [*topics, *target_groups]:
        names.append(term.name)
        names += [text for code, text in (term.name_translations or {}).items() if code in TRANSLATION_LANGUAGES]
    parts = [item.title, item.summary, plain_text(item.body), item.materials, item.steps, kind, *names]
    return "\n".join(part for part in parts if part).lower()


def _refresh(item: Item) -> None:
    topics = list(item.topics.all())
    target_groups = list(item.target_groups.all())
    item.topic_ids = sorted(term.pk for term in topics)
    item.target_group_ids = sorted(term.pk for term in target_groups)
    item.search_text = build_search_text(item=item, topics=topics, target_groups=target_groups)
    item.save(update_fields=["topic_ids", "target_group_ids", "search_text", "updated_at"])


def refresh_items_of_term(*, term: FieldOfAction | TargetGroup) -> int:
    """Rebuild the search text of every item that names ``term`` (after the term was renamed)."""
    count = 0
    for item in Item.objects.filter(Q(topics=term) if isinstance(term, FieldOfAction) else Q(target_groups=term)):
        _refresh(item)
        count += 1
    return count


# --- slugs -------------------------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = readable_slug(title, max_length=70) or "eintrag"
    if base in RESERVED_SLUGS:
        base = f"{base}-eintrag"
    taken = set(Item.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- items -------------------------------------------------------------------------------------------------


def _apply(item: Item, data: ItemInput) -> None:
    item.title = data.title.strip()
    item.kind = data.kind
    item.language = data.language
    item.visibility = data.visibility
    item.summary = data.summary.strip()
    item.body = richtext.sanitise(data.body)
    item.parent = data.parent
    item.position = data.position if data.parent is not None else None
    item.duration_minutes = data.duration_minutes
    item.group_size_min = data.group_size_min
    item.group_size_max = data.group_size_max
    item.materials = data.materials.strip()
    item.steps = data.steps.strip()
    item.video_url = data.video_url.strip()


@transaction.atomic
def item_create(*, data: ItemInput, by: User | None) -> Item:
    """A new item, as a draft (the team publishes it when it is ready)."""
    _check(data, item=None)
    item = Item(slug=_unique_slug(data.title), created_by=by)
    _apply(item, data)
    item.save()
    item.topics.set(data.topics)
    item.target_groups.set(data.target_groups)
    _refresh(item)
    audit_record(actor=by, action="knowledge.item.created", target=item, data={"kind": item.kind})
    return item


def _content(item: Item) -> dict[str, Any]:
    return {name: getattr(item, name) for name in CONTENT_FIELDS}


@transaction.atomic
def item_update(*, item: Item, data: ItemInput, by: User | None, change_note: str = "") -> Item:
    """Save the team's changes. On a published item a change of its content needs ``change_note`` and
    is kept as a new version; a draft is just saved."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    _check(data, item=locked)
    before = _content(locked)
    _apply(locked, data)
    changed = [name for name in CONTENT_FIELDS if getattr(locked, name) != before[name]]
    note = " ".join(change_note.split())
    if len(note) > CHANGE_NOTE_MAX:
        raise ApplicationError(
            _("Die Notiz ist zu lang: höchstens %(max)d Zeichen.") % {"max": CHANGE_NOTE_MAX}, field="change_note"
        )
    new_version = bool(changed) and locked.version > 0
    if new_version and not note:
        raise ApplicationError(
            _("Der Eintrag ist veröffentlicht: Bitte schreiben Sie kurz, was Sie geändert haben."),
            field="change_note",
        )
    if new_version:
        locked.version += 1
    locked.save()
    locked.topics.set(data.topics)
    locked.target_groups.set(data.target_groups)
    _refresh(locked)
    if new_version:
        _record_version(locked, note=note, by=by)
    audit_record(
        actor=by,
        action="knowledge.item.revised" if new_version else "knowledge.item.updated",
        target=locked,
        data={"fields": changed, "version": locked.version},
    )
    return locked


def _record_version(item: Item, *, note: str, by: User | None) -> ItemVersion:
    return ItemVersion.objects.create(
        item=item,
        number=item.version,
        title=item.title,
        summary=item.summary,
        body=item.body,
        facts={name: getattr(item, name) for name in FACT_FIELDS},
        change_note=note,
        created_by=by,
    )


@transaction.atomic
def item_publish(*, item: Item, by: User | None) -> Item:
    """Publish ``item``; the first time, its content becomes version 1."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.status == Item.Status.PUBLISHED:
        return locked
    if locked.parent_id is not None and locked.parent is not None and not locked.parent.is_published:
        raise ApplicationError(_("Bitte veröffentlichen Sie zuerst den Leitfaden, zu dem dieses Kapitel gehört."))
    locked.status = Item.Status.PUBLISHED
    if locked.version == 0:
        locked.version = 1
        locked.published_at = timezone.now()
        _record_version(locked, note="", by=by)
    locked.save(update_fields=["status", "version", "published_at", "updated_at"])
    audit_record(actor=by, action="knowledge.item.published", target=locked, data={"version": locked.version})
    return locked


@transaction.atomic
def item_unpublish(*, item: Item, by: User | None) -> Item:
    """Take ``item`` back to a draft (its versions stay); its chapters go with it."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.status == Item.Status.DRAFT:
        return locked
    locked.status = Item.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    chapters = Item.objects.filter(parent=locked, status=Item.Status.PUBLISHED).update(status=Item.Status.DRAFT)
    audit_record(actor=by, action="knowledge.item.unpublished", target=locked, data={"chapters": chapters})
    return locked


# --- translations ------------------------------------------------------------------------------------------


def translation_set(item: Item) -> list[Item]:
    """The original and all its translations (``item`` among them), the original first."""
    root = item.original
    return [root, *Item.objects.filter(translation_of=root).exclude(pk=root.pk).order_by("language", "pk")]


def _language_label(code: str) -> str:
    return str(dict(LANGUAGES).get(code, code))


@transaction.atomic
def item_link_translation(*, item: Item, other: Item, by: User | None) -> Item:
    """Make ``item`` (and any translations it has) a translation of ``other``'s original.

    Refused: an item linked to itself or into its own set, and a set that would hold two items of the
    same language (German and Leichte Sprache count as two languages).
    """
    if item.pk == other.pk:
        raise ApplicationError(_("Ein Eintrag kann nicht mit sich selbst verknüpft werden."), field="other")
    locked = {row.pk: row for row in Item.objects.select_for_update().filter(pk__in=[item.pk, other.pk])}
    item, other = locked[item.pk], locked[other.pk]
    root = other.original
    moving = translation_set(item)
    staying = translation_set(root)
    if {row.pk for row in moving} & {row.pk for row in staying}:
        raise ApplicationError(_("Diese Einträge sind schon als Übersetzungen verknüpft."), field="other")
    languages = {row.language: row for row in staying}
    for row in moving:
        if row.language in languages:
            raise ApplicationError(
                _("„%(title)s“ ist schon die Fassung in %(language)s. Eine Sprache gibt es nur einmal.")
                % {"title": languages[row.language].title, "language": _language_label(row.language)},
                field="other",
            )
        languages[row.language] = row
    Item.objects.filter(pk__in=[row.pk for row in moving]).update(translation_of=root)
    audit_record(
        actor=by,
        action="knowledge.translation.linked",
        target=item,
        data={"original": root.pk, "items": [row.pk for row in moving]},
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def item_unlink_translation(*, item: Item, by: User | None) -> None:
    """Take ``item`` out of its translation set. If it is the original, the oldest translation becomes
    the original of the others."""
    members = translation_set(item)
    if len(members) < 2:
        raise ApplicationError(_("Dieser Eintrag ist mit keiner Übersetzung verknüpft."))
    if item.translation_of_id is not None:
        Item.objects.filter(pk=item.pk).update(translation_of=None)
    else:
        rest = sorted(members[1:], key=lambda row: row.pk)
        heir = rest[0]
        Item.objects.filter(pk=heir.pk).update(translation_of=None)
        Item.objects.filter(pk__in=[row.pk for row in rest[1:]]).update(translation_of=heir)
    audit_record(actor=by, action="knowledge.translation.unlinked", target=item)


# --- files -------------------------------------------------------------------------------------------------


@transaction.atomic
def item_file_add(*, item: Item, upload: Upload, title: str, by: User | None) -> ItemFile:
    """Store a checked document (``uploads.check_document``) privately and list it with ``item``.

    The file is written last, when every check has passed; if writing its row fails, it is removed."""
    title = " ".join(title.split())
    if not title:
        raise ApplicationError(_("Bitte geben Sie der Datei einen Titel."), field="title")
    if len(title) > FILE_TITLE_MAX:
        raise ApplicationError(
            _("Der Titel ist zu lang: höchstens %(max)d Zeichen.") % {"max": FILE_TITLE_MAX}, field="title"
        )
    locked = Item.objects.select_for_update().get(pk=item.pk)
    existing = ItemFile.objects.filter(item=locked).aggregate(last=Max("position"), count=Count("pk"))
    if existing["count"] >= FILES_MAX:
        raise ApplicationError(
            _("Ein Eintrag hat höchstens %(max)d Dateien. Bitte löschen Sie zuerst eine.") % {"max": FILES_MAX},
            field="file",
        )
    storage = private_storage()
    stored = storage.save(f"knowledge/{upload.content.name}", upload.content)
    try:
        created = ItemFile.objects.create(
            item=locked,
            title=title,
            file=stored,
            name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.size,
            position=(existing["last"] or 0) + 1,
        )
        audit_record(actor=by, action="knowledge.file.added", target=locked, data={"file": created.pk})
    except Exception:
        storage.delete(stored)
        raise
    return created


@transaction.atomic
def item_file_delete(*, file: ItemFile, by: User | None) -> None:
    name = file.file.name
    item = file.item
    file.delete()
    storage = private_storage()
    transaction.on_commit(lambda: storage.delete(name))
    audit_record(actor=by, action="knowledge.file.deleted", target=item, data={"file": file.pk})


@transaction.atomic
def knowledge_data_erase(user: User) -> None:
    """The items and versions stay (they are the centre's publications); who wrote them is forgotten."""
    Item.objects.filter(created_by=user).update(created_by=None)
    ItemVersion.objects.filter(created_by=user).update(created_by=None)
