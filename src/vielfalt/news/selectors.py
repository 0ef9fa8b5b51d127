"""Reads of news posts, shaped for the pages that show them (no N+1: topics and districts prefetched)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.core.lib import richtext
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.news import access
from vielfalt.news.models import Post
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

LIST_PAGE_SIZE = 12
FEED_SIZE = 30
STAFF_PAGE_SIZE = 50

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,59}\Z")
_AGS = re.compile(r"[0-9]{5}\Z")


def _topics() -> Prefetch[Any]:
    return Prefetch("topics", queryset=FieldOfAction.objects.order_by("position", "name"), to_attr="listed_topics")


def _with_terms(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Topics and districts in two queries for the whole list, in their display order, as the lists
    ``listed_topics`` and ``listed_districts`` (see docs/architecture.md on list pages)."""
    return posts.prefetch_related(
        _topics(),
        Prefetch(
            "districts",
            queryset=District.objects.defer("outline").order_by("name", "ags"),
            to_attr="listed_districts",
        ),
    )


def listed_topics(post: Post) -> list[FieldOfAction]:
    """The topics read with ``post`` by ``public_posts`` or ``feed_posts``."""
    topics: list[FieldOfAction] = post.listed_topics  # type: ignore[attr-defined]
    return topics


# --- the public list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostFilters:
    """What the news list is narrowed to; invalid values are dropped (a shared link never errs)."""

    kind: str = ""
    topic: str = ""  # slug of a FieldOfAction
    district: str = ""  # AGS of a District

    @classmethod
    def from_values(cls, *, kind: str = "", topic: str = "", district: str = "") -> PostFilters:
        return cls(
            kind=kind if kind in Post.Kind.values else "",
            topic=topic if _SLUG.match(topic) else "",
            district=district if _AGS.match(district) else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.kind or self.topic or self.district)

    def pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters, in a stable order (for links that keep them)."""
        return [(name, value) for name, value in self.__dict__.items() if value]

    def apply(self, posts: QuerySet[Post]) -> QuerySet[Post]:
        if self.kind:
            posts = posts.filter(kind=self.kind)
        if self.topic:
            posts = posts.filter(topics__slug=self.topic)
        if self.district:
            # A post for no district concerns all of Hessen, so it belongs to every district's news.
            posts = posts.filter(Q(districts__ags=self.district) | Q(districts__isnull=True))
        return posts


def public_posts(*, filters: PostFilters | None = None, now: datetime | None = None) -> QuerySet[Post]:
    """The public posts, newest first, narrowed by ``filters``, without their bodies (cards show the teaser)."""
    posts = access.public_posts(now)
    if filters is not None and not filters.is_empty:
        # Filtering across many-to-many relations may repeat a post: keep each once.
        posts = Post.objects.filter(pk__in=filters.apply(posts).values("pk"))
    return _with_terms(posts.defer("body", "body_translations").order_by("-published_at", "-pk"))


def newest_posts(*, limit: int = 3, now: datetime | None = None) -> list[Post]:
    """The newest public posts for the start page: one query (the cards show no topics)."""
    return list(access.public_posts(now).defer("body", "body_translations").order_by("-published_at", "-pk")[:limit])


@dataclass(frozen=True)
class FilterChoices:
    kinds: list[tuple[str, str]]
    topics: list[tuple[str, str]]
    districts: list[tuple[str, str]]


def filter_choices() -> FilterChoices:
    """The options of the list's filter form (two queries)."""
    topics = FieldOfAction.objects.order_by("position", "name")
    districts = District.objects.only("ags", "name", "kind").order_by("name", "ags")
    return FilterChoices(
        kinds=[(str(value), str(label)) for value, label in Post.Kind.choices],
        topics=[(topic.slug, str(topic)) for topic in topics],
        districts=[(district.ags, str(district)) for district in districts],
    )


# --- one post ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostPage:
    """A post as its page shows it, in the active language (each text says whether it fell back to German)."""

    post: Post
    title: LocalizedText
    teaser: LocalizedText
    body: LocalizedText
    body_html: str
    image_alt: LocalizedText
    topics: list[FieldOfAction]
    districts: list[District]
    is_public: bool


def post_page(post: Post) -> PostPage:
    """What the post's page shows (two queries: its topics and districts)."""
    body = post.localized_body()
    return PostPage(
        post=post,
        title=post.localized_title(),
        teaser=post.localized_teaser(),
        body=body,
        body_html=richtext.render(body.text),
        image_alt=post.localized_image_alt(),
        topics=list(post.topics.order_by("position", "name")),
        districts=list(post.districts.defer("outline").order_by("name", "ags")),
        is_public=access.is_public(post),
    )


# --- feeds -------------------------------------------------------------------------------------------------


def feed_posts(*, topic: FieldOfAction | None = None, limit: int = FEED_SIZE) -> list[Post]:
    """The newest public posts (of one topic) with their topics, for an Atom feed (two queries)."""
    posts = access.public_posts()
    if topic is not None:
        posts = posts.filter(topics=topic)
    return list(posts.prefetch_related(_topics()).order_by("-published_at", "-pk")[:limit])


def topic_by_slug(slug: str) -> FieldOfAction | None:
    return FieldOfAction.objects.filter(slug=slug).first() if _SLUG.match(slug) else None


# --- the team's pages -------------------------------------------------------------------------------------

STAFF_STATES = ("draft", "scheduled", "published")


def posts_for_staff(*, state: str = "", now: datetime | None = None) -> QuerySet[Post]:
    """All posts for the team's list: drafts first, then scheduled, then the published ones, newest first."""
    now = now or timezone.now()
    posts = Post.objects.defer("body", "body_translations")
    if state == "draft":
        posts = posts.filter(status=Post.Status.DRAFT)
    elif state == "scheduled":
        posts = posts.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
    elif state == "published":
        posts = posts.filter(access.is_public_q(now))
    # "draft" sorts before "published"; scheduled posts (later times) before the public ones.
    return posts.order_by("status", "-published_at", "-created_at", "-pk")


@dataclass(frozen=True)
class NewsCounts:
    drafts: int
    scheduled: int
    published: int


def news_counts(*, now: datetime | None = None) -> NewsCounts:
    """How many posts are drafts, scheduled and public (one query, for the dashboard and the list)."""
    now = now or timezone.now()
    counts = Post.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Post.Status.DRAFT)),
        scheduled=Count("pk", filter=Q(status=Post.Status.PUBLISHED, published_at__gt=now)),
        published=Count("pk", filter=access.is_public_q(now)),
    )
    return NewsCounts(**counts)


# --- personal data -----------------------------------------------------------------------------------------


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """The posts ``user`` wrote (as a member of the team): what the data export lists under "news"."""
    return [
        {
            "title": post.title,
            "address": post.slug,
            "kind": post.kind,
            "status": post.status,
            "created_at": post.created_at.isoformat(),
            "published_at": post.published_at.isoformat() if post.published_at else None,
        }
        for post in Post.objects.filter(created_by=user)
        .only("title", "slug", "kind", "status", "created_at", "published_at")
        .order_by("created_at", "pk")
    ]
