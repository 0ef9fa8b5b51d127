"""The public side of news: the list with filters, the page of one post.

The address holds the whole state of the list (``?kind=…&topic=…&district=…&page=2``), so the filter
form works without JavaScript and every view of it can be linked to and cached.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.news import access, selectors
from vielfalt.news.models import Post


def _filters(params: QueryDict) -> selectors.PostFilters:
    return selectors.PostFilters.from_values(
        kind=params.get("kind", ""), topic=params.get("topic", ""), district=params.get("district", "")
    )


def _query(pairs: list[tuple[str, str]], *, page: int) -> str:
    """The query string of a link to ``page`` that keeps ``pairs`` (page 1 has no number)."""
    return urlencode(pairs + ([("page", str(page))] if page > 1 else []))


def _page(posts: Any, number: Any) -> Page[Post]:
    return Paginator(posts, selectors.LIST_PAGE_SIZE).get_page(str(number or "1")[:8])


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = _page(selectors.public_posts(filters=filters), request.GET.get("page"))
    pairs = filters.pairs()
    choices = selectors.filter_choices()
    return render(
        request,
        "news/index.html",
        {
            "filters": filters,
            "page": page,
            "choices": choices,
            # The chosen topic's own feed, besides the feed of all posts.
            "feed_topics": [(slug, name) for slug, name in choices.topics if slug == filters.topic],
            "links": {"previous": _query(pairs, page=page.number - 1), "next": _query(pairs, page=page.number + 1)},
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = access.get_post_for_user(request.user, slug)
    page = selectors.post_page(post)
    return render(
        request,
        "news/detail.html",
        {
            "page": page,
            "feed_topics": [(topic.slug, str(topic)) for topic in page.topics],
            "can_manage": access.can_manage_news(request.user),
        },
    )
