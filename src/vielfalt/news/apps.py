from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "vielfalt.news"
    label = "news"
    verbose_name = _("Aktuelles")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.news import selectors, services

        personal_data.register("news", exporter=selectors.personal_data_export, eraser=services.personal_data_erase)

        # First on the start page: what is new (the order: news, deadlines, events, trainings).
        composition.START_PAGE.register(
            "newest_posts", order=5, template="news/includes/home_block.html", context=_newest_posts_block
        )
        composition.STAFF_DASHBOARD.register(
            "news", order=55, template="news/staff/dashboard_tile.html", context=_dashboard_tile
        )


def _newest_posts_block(request: HttpRequest) -> dict[str, Any] | None:
    """The newest three public posts (one query); nothing when there are none."""
    from vielfalt.news.selectors import newest_posts

    posts = newest_posts(limit=3)
    return {"posts": posts} if posts else None


def _dashboard_tile(request: HttpRequest) -> dict[str, Any]:
    from vielfalt.news.selectors import news_counts

    return {"counts": news_counts()}
