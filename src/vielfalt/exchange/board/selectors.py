"""Reads of the board of requests and offers, shaped for its pages (a bounded number of queries).

Like the calendar, the address holds the board's whole state (``?direction=…&district=…&page=2``);
invalid values are dropped, so a shared link never errs. Entries whose last day has passed leave
the board by themselves: every list asks for ``expires_on >= today`` (index ``is_hidden, expires_on``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.exchange.models import BoardPost
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

PAGE_SIZE = 20
OWN_LIMIT = 20  # "Ihre Einträge" above the board: the latest ones, withdrawn and expired included

_AGS = re.compile(r"[0-9]{5}\Z")
_SLUG = re.compile(r"[-a-z0-9_]{1,60}\Z")


def listed() -> Q:
    """Entries on the board today: not hidden by the moderation, last day not passed."""
    return Q(is_hidden=False, expires_on__gte=timezone.localdate())


@dataclass(frozen=True)
class BoardFilters:
    direction: str = ""
    topic: str = ""
    district: str = ""  # AGS of a District
    field: str = ""  # slug of a FieldOfAction

    @classmethod
    def from_values(cls, *, direction: str = "", topic: str = "", district: str = "", field: str = "") -> BoardFilters:
        return cls(
            direction=direction if direction in BoardPost.Direction.values else "",
            topic=topic if topic in BoardPost.Topic.values else "",
            district=district if _AGS.match(district) else "",
            field=field if _SLUG.match(field) else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.direction or self.topic or self.district or self.field)

    def pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters in a stable order (for links that keep them)."""
        return [(name, value) for name, value in self.__dict__.items() if value]

    def apply(self, posts: QuerySet[BoardPost]) -> QuerySet[BoardPost]:
        if self.direction:
            posts = posts.filter(direction=self.direction)
        if self.topic:
            posts = posts.filter(topic=self.topic)
        if self.district:
            posts = posts.filter(district__ags=self.district)
        if self.field:
            links = BoardPost.fields_of_action.through.objects.filter(
                boardpost_id=OuterRef("pk"), fieldofaction__slug=self.field
            )
            posts = posts.filter(Exists(links))
        return posts


def _for_cards(posts: QuerySet[BoardPost]) -> QuerySet[BoardPost]:
    """What a card shows: place, organisation, author's name, fields of action (one extra query, into the
    list ``listed_fields``: see docs/architecture.md on list pages)."""
    return (
        posts.select_related("district", "organisation", "author")
        .only(
            "pk", "direction", "topic", "title", "body", "expires_on", "is_hidden", "created_at",
            "district__name", "district__kind", "district__ags",
            "organisation__name", "organisation__slug",
            "author__name", "author__email",
        )
        .prefetch_related(
            Prefetch(
                "fields_of_action",
                queryset=FieldOfAction.objects.order_by("position", "name"),
                to_attr="listed_fields",
            )
        )
    )  # fmt: skip


def board_posts(*, filters: BoardFilters) -> QuerySet[BoardPost]:
    """The board: listed entries matching ``filters``, newest first."""
    return _for_cards(filters.apply(BoardPost.objects.filter(listed()))).order_by("-created_at", "-pk")


def own_board_posts(*, user: Viewer) -> list[BoardPost]:
    """The author's latest entries, also those that expired, were withdrawn or hidden."""
    if not user.is_authenticated:
        return []
    posts = BoardPost.objects.filter(author=user).annotate(
        listed=ExpressionWrapper(listed(), output_field=BooleanField())
    )
    return list(posts.only("pk", "title", "expires_on", "is_hidden").order_by("-created_at", "-pk")[:OWN_LIMIT])


def board_posts_matching(
    *, user: User, district_ids: Collection[int], field_ids: Collection[int], limit: int = 5
) -> list[BoardPost]:
    """The latest listed entries of others in ``district_ids`` or about ``field_ids`` (the dashboard);
    the latest of all when neither is known. One query."""
    posts = BoardPost.objects.filter(listed()).exclude(author=user)
    condition = Q()
    if district_ids:
        condition |= Q(district_id__in=list(district_ids))
    if field_ids:
        links = BoardPost.fields_of_action.through.objects.filter(
            boardpost_id=OuterRef("pk"), fieldofaction_id__in=list(field_ids)
        )
        condition |= Q(Exists(links))
    if condition:
        posts = posts.filter(condition)
    return list(
        posts.select_related("district")
        .only("pk", "direction", "topic", "title", "expires_on", "created_at", "district__name", "district__kind")
        .order_by("-created_at", "-pk")[:limit]
    )


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the board's filter form (two small queries)."""
    districts = District.objects.only("ags", "name", "kind").order_by("name", "ags")
    return {
        "directions": [(str(value), str(label)) for value, label in BoardPost.Direction.choices],
        "topics": [(str(value), str(label)) for value, label in BoardPost.Topic.choices],
        "districts": [(district.ags, str(district)) for district in districts],
        "fields": [
            (term.slug, term.localized_name().text) for term in FieldOfAction.objects.order_by("position", "name")
        ],
    }


def board_data_export(user: User) -> list[dict[str, Any]]:
    """What the board holds about a person: their entries (for the export of personal data)."""
    return [
        {
            "direction": post.direction,
            "topic": post.topic,
            "title": post.title,
            "text": post.body,
            "district": post.district.name,
            "organisation": post.organisation.name if post.organisation else None,
            "fields_of_action": [term.name for term in post.fields_of_action.all()],
            "visible_until": post.expires_on.isoformat(),
            "hidden_by_moderation": post.is_hidden,
            "written_at": post.created_at.isoformat(),
        }
        for post in BoardPost.objects.filter(author=user)
        .select_related("district", "organisation")
        .defer("district__outline", "organisation__search_text")
        .prefetch_related("fields_of_action")
        .order_by("created_at", "pk")
    ]
