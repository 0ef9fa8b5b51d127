"""The news journey (issue 14): a visitor reads the newest posts on the start page, opens one, finds the
Atom feed and reads it; the news list filters without JavaScript; a post in Arabic reads right to left.
axe on every page."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, Route

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import submit
from vielfalt.news.models import Post
from vielfalt.news.tests.factories import PostFactory
from vielfalt.organisations.models import FieldOfAction

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


def _serve_media(page: Page, root: Path) -> None:
    """The live server serves no uploads (DEBUG is off); the web server does that in production."""

    def fulfil(route: Route) -> None:
        name = route.request.url.split("/media/", 1)[1]
        route.fulfill(path=str(root / name), content_type="image/png")

    page.route("**/media/**", fulfil)


@pytest.fixture
def posts(settings: Any, tmp_path: Path) -> list[Post]:
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    topic = FieldOfAction.objects.get(slug="bildung")
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (0, 94, 168)).save(buffer, format="PNG")
    made = [
        PostFactory.create(title="Plattform gestartet", published_at=now - timedelta(days=40)),
        PostFactory.create(
            title="Neue Schulung: Projektanträge schreiben",
            teaser="Vier Abende, ein fertiger Antrag.",
            published_at=now - timedelta(days=20),
        ),
        PostFactory.create(
            title="Mikroprojekte: Antragsfrist 31. Dezember",
            kind=Post.Kind.PRESS,
            teaser="Anträge für das nächste Jahr bis zum 31. Dezember.",
            published_at=now - timedelta(days=10),
        ),
        PostFactory.create(
            title="Einladung zum hessenweiten Vernetzungstreffen",
            teaser="Das nächste Vernetzungstreffen findet im Frühjahr in Frankfurt statt.",
            body="<h2>Programm</h2><p>Workshops, ein Podium und viel Zeit für Gespräche.</p>",
            title_translations={"ar": "دعوة إلى لقاء التشبيك على مستوى هسن"},
            teaser_translations={"ar": "يُعقد لقاء التشبيك القادم في الربيع في فرانكفورت."},
            body_translations={"ar": "<h2>البرنامج</h2><p>ورش عمل وحلقة نقاش ووقت كافٍ للحوار.</p>"},
            image=ContentFile(buffer.getvalue(), name="treffen.png"),
            image_alt="Illustration: bunte Kreise in einem Ring",
            image_alt_translations={"ar": "رسم توضيحي: دوائر ملونة في حلقة"},
            published_at=now - timedelta(days=2),
        ),
        PostFactory.create(title="Noch ein Entwurf", status=Post.Status.DRAFT, published_at=None),
    ]
    made[3].topics.add(topic)
    return made


def test_a_visitor_reads_the_newest_posts_opens_one_and_finds_the_feed(
    browser: Browser, live_server: Any, posts: list[Post], settings: Any
) -> None:
    newest = posts[3]
    with new_context(browser, live_server) as context:
        page = context.new_page()
        _serve_media(page, Path(settings.MEDIA_ROOT))

        # 1. The start page shows the newest three posts, not the older one and not the draft.
        _goto(page, "/de/")
        news = page.locator("section[aria-labelledby=news-title]")
        assert news.get_by_role("heading", name="Aktuelles").is_visible()
        titles = news.locator(".kern-title a").all_inner_texts()
        assert titles == [
            "Einladung zum hessenweiten Vernetzungstreffen",
            "Mikroprojekte: Antragsfrist 31. Dezember",
            "Neue Schulung: Projektanträge schreiben",
        ]

        # 2. The visitor opens the newest one: title, teaser, image with its description, body, topic.
        with page.expect_navigation():
            news.get_by_role("link", name="Einladung zum hessenweiten Vernetzungstreffen").click()
        assert page.url.endswith(f"/de/aktuelles/{newest.slug}/")
        assert_accessible(page)
        assert page.get_by_role("heading", level=1).inner_text() == newest.title
        image = page.get_by_role("img", name="Illustration: bunte Kreise in einem Ring")
        assert image.is_visible()
        assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 640
        assert page.get_by_role("heading", name="Programm").is_visible()
        assert page.get_by_role("link", name="Bildung", exact=True).is_visible()

        # 3. The feed: announced in the head for feed readers, and linked on the page.
        head_link = page.locator('head link[rel=alternate][type="application/atom+xml"]').first
        feed_path = head_link.get_attribute("href")
        assert feed_path == "/de/aktuelles/feed/"
        visible = page.get_by_role("link", name="Alle Beiträge als Atom-Feed")
        assert visible.get_attribute("href") == feed_path
        feed = page.request.get(feed_path)
        assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(feed.body())
        entries = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
        assert entries[0] == newest.title and "Noch ein Entwurf" not in entries and len(entries) == 4

        # 4. All news: the list, filtered to press releases.
        with page.expect_navigation():
            page.get_by_role("link", name="Aktuelles", exact=True).first.click()
        assert page.url.endswith("/de/aktuelles/")
        assert_accessible(page)
        page.select_option("#filter-kind", "press")
        submit(page, "main form")
        assert_accessible(page)
        assert page.locator(".vf-news-card .kern-title").all_inner_texts() == [
            "Mikroprojekte: Antragsfrist 31. Dezember"
        ]


def test_the_news_list_filters_without_javascript(nojs_context: Any, live_server: Any, posts: list[Post]) -> None:
    page = nojs_context.new_page()
    _goto(page, "/de/aktuelles/")
    page.select_option("#filter-topic", "bildung")
    submit(page, "main form")
    assert "topic=bildung" in page.url
    assert_accessible(page)
    assert page.locator(".vf-news-card .kern-title").all_inner_texts() == [
        "Einladung zum hessenweiten Vernetzungstreffen"
    ]
    assert page.locator('head link[href="/de/aktuelles/feed/thema/bildung/"]').count() == 1


def test_a_post_reads_right_to_left_in_arabic(page: Page, live_server: Any, posts: list[Post], settings: Any) -> None:
    _serve_media(page, Path(settings.MEDIA_ROOT))
    post = posts[3]
    _goto(page, f"/ar/aktuelles/{post.slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "دعوة إلى لقاء التشبيك على مستوى هسن"
    assert heading.get_attribute("lang") == "ar"
    assert page.get_by_role("img", name="رسم توضيحي: دوائر ملونة في حلقة").is_visible()
    # An untranslated post on the same site shows its German text, marked as German.
    _goto(page, f"/ar/aktuelles/{posts[2].slug}/")
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "de"
    assert page.locator(".vf-fallback-note").is_visible()
