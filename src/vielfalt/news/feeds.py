"""Atom feeds of the public posts: all of them, and those of one topic (a field of action).

A feed speaks the language of its address (``/en/aktuelles/feed/`` in English, falling back to German
per text as the pages do) and holds only public posts. Feeds are answers to anonymous GETs like any
page, so the page cache keeps them until a post changes.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from vielfalt.core.lib import richtext
from vielfalt.core.lib.urls import reverse
from vielfalt.news import selectors
from vielfalt.news.models import Post
from vielfalt.organisations.models import FieldOfAction

AUTHOR = "Kompetenzzentrum Vielfalt Hessen"


class PostAtomFeed(Atom1Feed):
    """Atom with the whole post as ``<content type="html">`` beside the teaser as ``<summary>``.

    Written into memory and handed to the response at once: Django's XML writer passes the response
    every tag, attribute and text on its own (about 600 pieces for the demo's posts), each turned into
    bytes separately — an eighth of the feed's request."""

    def write(self, outfile: Any, encoding: str) -> None:
        written = io.StringIO()
        super().write(written, encoding)
        outfile.write(written.getvalue().encode(encoding, "xmlcharrefreplace"))  # as Django's writer encodes

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class AllPostsFeed(Feed[Post, None]):
    feed_type = PostAtomFeed

    def title(self) -> str:
        return _("Aktuelles – Vielfalt Hessen")

    def subtitle(self) -> str:
        return _("Nachrichten und Pressemitteilungen des Kompetenzzentrums Vielfalt Hessen")

    def link(self) -> str:
        return reverse("news:index")

    def feed_url(self) -> str:
        return reverse("news:feed")

    def author_name(self) -> str:
        return AUTHOR

    def items(self) -> list[Post]:
        return selectors.feed_posts()

    def item_title(self, item: Post) -> str:
        return item.localized_title().text

    def item_description(self, item: Post) -> str:
        return item.localized_teaser().text

    def item_link(self, item: Post) -> str:
        return reverse("news:detail", kwargs={"slug": item.slug})

    def item_pubdate(self, item: Post) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> datetime:
        # A post's update before its publication is no news to a reader.
        return max(item.updated_at, item.published_at) if item.published_at else item.updated_at

    def item_categories(self, item: Post) -> list[str]:
        return [str(topic) for topic in selectors.listed_topics(item)]

    def item_author_name(self, item: Post) -> str:
        return AUTHOR

    def item_extra_kwargs(self, item: Post) -> dict[str, Any]:
        return {"content": str(richtext.render(item.localized_body().text))}


class TopicPostsFeed(AllPostsFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FieldOfAction:  # type: ignore[override]
        topic = selectors.topic_by_slug(kwargs.get("topic", ""))
        if topic is None:
            raise Http404
        return topic

    def title(self, obj: FieldOfAction) -> str:  # type: ignore[override]
        return _("Aktuelles zum Thema %(topic)s – Vielfalt Hessen") % {"topic": obj}

    def feed_url(self, obj: FieldOfAction) -> str:  # type: ignore[override]
        return reverse("news:topic_feed", kwargs={"topic": obj.slug})

    def link(self, obj: FieldOfAction) -> str:  # type: ignore[override]
        return reverse("news:index") + f"?topic={obj.slug}"

    def items(self, obj: FieldOfAction) -> list[Post]:  # type: ignore[override]
        return selectors.feed_posts(topic=obj)
