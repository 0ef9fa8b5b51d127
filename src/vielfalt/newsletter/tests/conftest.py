"""Fixtures of the newsletter's tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, path, reverse


def _placeholder(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(slug)


@pytest.fixture(autouse=True)
def item_pages() -> None:
    """The issue links to ``news:detail`` and ``funding:call``, which the news and funding apps provide
    (contract of issue 14). Built in parallel, they may not exist yet in this branch: then a plain page
    stands in for them in the tests, so the newsletter's links can be checked either way."""
    from vielfalt.funding import urls as funding_urls
    from vielfalt.news import urls as news_urls

    added = False
    for module, name, route in ((news_urls, "detail", "<slug:slug>/"), (funding_urls, "call", "aufrufe/<slug:slug>/")):
        try:
            reverse(f"{module.app_name}:{name}", kwargs={"slug": "x"})
        except NoReverseMatch:
            module.urlpatterns.append(path(route, _placeholder, name=name))
            added = True
    if added:
        clear_url_caches()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _on_commit(on_commit_at_once: Any) -> None:
    """Sending starts after the commit; inside a test nothing commits, so run it at once."""
