"""Reads for the library's pages: an item with its outline, chapters, translations and files; its
versions; the guides; the team's list. Each page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from vielfalt.accounts.types import Viewer
from vielfalt.core.lib import richtext
from vielfalt.core.lib.richtext import Heading
from vielfalt.knowledge import access
from vielfalt.knowledge.models import LANGUAGES, Item, ItemFile, ItemVersion
from vielfalt.organisations.models import FieldOfAction, TargetGroup

SITE_LANGUAGES = ("de", "en", "tr", "ar", "fa", "ru", "uk")
STAFF_PER_PAGE = 50
_LANGUAGE_ORDER = {code: index for index, (code, _label) in enumerate(LANGUAGES)}


@dataclass(frozen=True)
class ItemPage:
    item: Item
    body: str  # rendered HTML with ids on its headings
    outline: list[Heading]
    topics: list[FieldOfAction]
    target_groups: list[TargetGroup]
    files: list[ItemFile]
    translations: list[Item]  # the other languages of this item that the viewer may read
    chapters: list[Item] = field(default_factory=list)  # a guide's chapters, in order
    previous: Item | None = None  # a chapter's neighbours
    next: Item | None = None
    versions: int = 0


def item_page(*, viewer: Viewer, item: Item) -> ItemPage:
    """Everything the item's page shows (``item`` as ``access.get_item_for_user`` loaded it)."""
    body, outline = richtext.render_with_outline(item.body)
    visible = access.visible_condition(viewer)
    topics = list(item.topics.all())
    target_groups = list(item.target_groups.all())
    files = list(item.files.all())
    translations = translations_of(item=item, viewer=viewer)
    chapters: list[Item] = []
    previous = following = None
    if item.parent_id is not None:
        siblings = list(
            Item.objects.filter(visible, parent_id=item.parent_id).only("slug", "title", "position", "language")
        )
        siblings.sort(key=lambda row: (row.position or 0, row.pk))
        index = next((number for number, row in enumerate(siblings) if row.pk == item.pk), None)
        if index is not None:
            previous = siblings[index - 1] if index > 0 else None
            following = siblings[index + 1] if index + 1 < len(siblings) else None
        chapters = siblings
    else:
        chapters = list(
            Item.objects.filter(visible, parent=item)
            .only("slug", "title", "position", "summary", "language", "status")
            .order_by("position", "pk")
        )
    versions = item.versions.count()
    return ItemPage(
        item=item,
        body=body,
        outline=outline,
        topics=topics,
        target_groups=target_groups,
        files=files,
        translations=translations,
        chapters=chapters,
        previous=previous,
        next=following,
        versions=versions,
    )


def translations_of(*, item: Item, viewer: Viewer) -> list[Item]:
    """The items in other languages linked with ``item`` that ``viewer`` may read (one query)."""
    root_id = item.translation_of_id or item.pk
    rows = (
        Item.objects.filter(access.visible_condition(viewer))
        .filter(Q(pk=root_id) | Q(translation_of_id=root_id))
        .exclude(pk=item.pk)
        .only("slug", "title", "language", "status", "translation_of_id")
    )
    return sorted(rows, key=lambda row: _LANGUAGE_ORDER.get(row.language, 99))


def language_alternates(*, item: Item, translations: list[Item]) -> dict[str, str]:
    """For the language switcher: the address of this item's translation in each interface language."""
    urls: dict[str, str] = {}
    for other in [item, *translations]:
        if other.language in SITE_LANGUAGES and other.language != item.language:
            with translation.override(other.language):
                urls[other.language] = reverse("knowledge:detail", kwargs={"slug": other.slug})
    return urls


def versions_of(*, item: Item) -> list[ItemVersion]:
    return list(item.versions.select_related("created_by").defer("body").order_by("-number"))


def version_of(*, item: Item, number: int) -> ItemVersion | None:
    return item.versions.filter(number=number).first()


def guides(*, viewer: Viewer) -> list[Item]:
    """Guides with chapters (the Empfehlungs-Leitfaden) that ``viewer`` may read, with their chapter count."""
    chapters = Count("chapters", filter=Q(chapters__status=Item.Status.PUBLISHED))
    return list(
        Item.objects.filter(access.listed_condition(viewer), parent__isnull=True, chapters__isnull=False)
        .annotate(chapter_count=chapters)
        .filter(chapter_count__gt=0)
        .only("slug", "title", "summary", "language", "visibility")
        .order_by("title", "pk")
        .distinct()[:10]
    )


def items_for_staff(*, query: str = "", status: str = "", kind: str = "", page: int = 1) -> Page[Item]:
    """The team's list: every item, drafts first, newest changes first; filtered by title, status, kind."""
    queryset: QuerySet[Item] = (
        Item.objects.select_related("parent", "translation_of")
        .defer(
            "body",
            "search_text",
            "parent__body",
            "parent__search_text",
            "translation_of__body",
            "translation_of__search_text",
        )
        .annotate(file_count=Count("files", distinct=True))
        .order_by("-updated_at", "-pk")
    )
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(slug__icontains=query))
    if status in Item.Status.values:
        queryset = queryset.filter(status=status)
    if kind in Item.Kind.values:
        queryset = queryset.filter(kind=kind)
    return Paginator(queryset, STAFF_PER_PAGE).get_page(page)


def item_for_staff(*, pk: int) -> Item | None:
    return (
        Item.objects.select_related("parent", "translation_of")
        .prefetch_related(
            "topics", "target_groups", Prefetch("files", queryset=ItemFile.objects.order_by("position", "pk"))
        )
        .filter(pk=pk)
        .first()
    )


def staff_counts() -> dict[str, int]:
    """For the dashboard tile: published items and drafts (one query)."""
    counts = Item.objects.aggregate(
        published=Count("pk", filter=Q(status=Item.Status.PUBLISHED)),
        drafts=Count("pk", filter=Q(status=Item.Status.DRAFT)),
    )
    return {"published": counts["published"] or 0, "drafts": counts["drafts"] or 0}


def knowledge_data_export(user: Any) -> dict[str, Any]:
    """What the library holds about a person: the items they created and the versions they wrote."""
    created = Item.objects.filter(created_by=user).order_by("pk").values_list("slug", "title", "created_at")
    written = (
        ItemVersion.objects.filter(created_by=user)
        .select_related("item")
        .order_by("pk")
        .values_list("item__slug", "number", "change_note", "created_at")
    )
    return {
        "items_created": [{"item": slug, "title": title, "at": at.isoformat()} for slug, title, at in created],
        "versions_written": [
            {"item": slug, "version": number, "change_note": note, "at": at.isoformat()}
            for slug, number, note, at in written
        ],
    }
