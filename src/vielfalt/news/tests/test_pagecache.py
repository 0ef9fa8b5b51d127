"""With the anonymous page cache on (as in production), the list, a post, the feeds and the start page are
served from the cache, and publishing or withdrawing a post shows on the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import login
from vielfalt.news import services
from vielfalt.news.models import Post
from vielfalt.news.tests.factories import PostFactory, draft
from vielfalt.organisations.models import FieldOfAction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("write_watcher")]

TITLE = "Das Förderprogramm WIR: neue Fristen"


def _paths(topic: FieldOfAction) -> list[str]:
    return [
        "/de/aktuelles/",
        "/de/aktuelles/feed/",
        f"/de/aktuelles/feed/thema/{topic.slug}/",
        "/de/",
        "/en/aktuelles/",
    ]


def test_publishing_a_post_shows_at_once_on_cached_pages(client: Client, personas, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    topic = FieldOfAction.objects.order_by("position")[0]
    PostFactory(title="Schon älter").topics.add(topic)
    post = draft(title=TITLE)
    post.topics.add(topic)
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    for path in _paths(topic):
        assert TITLE not in client.get(path).content.decode()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        assert len(queries) <= 2, path  # from the cache: the generation and the page

    with django_capture_on_commit_callbacks(execute=True):
        services.post_publish(post=post, by=personas.staff)

    for path in _paths(topic):
        assert TITLE in client.get(path).content.decode(), path
    assert client.get(f"/de/aktuelles/{post.slug}/").status_code == 200

    connection.run_on_commit.clear()  # the capture above ran its callbacks but leaves them listed
    with django_capture_on_commit_callbacks(execute=True):
        services.post_unpublish(post=Post.objects.get(pk=post.pk), by=personas.staff)

    for path in _paths(topic):
        assert TITLE not in client.get(path).content.decode(), path
    assert client.get(f"/de/aktuelles/{post.slug}/").status_code == 404


def test_an_edit_through_the_staff_page_shows_at_once(personas, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    post = PostFactory(title="Alter Titel", teaser="Kurz.", body="<p>Text</p>")
    visitor = Client()
    path = f"/de/aktuelles/{post.slug}/"
    connection.run_on_commit.clear()
    assert "Alter Titel" in visitor.get(path).content.decode()

    staff = login(Client(), personas.staff)
    connection.run_on_commit.clear()  # the login's writes never commit either
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/de/staff/aktuelles/{post.pk}/",
            {"kind": "news", "title": "Neuer Titel", "teaser": "Kurz.", "body": "<p>Text</p>"},
        )
    assert response.status_code == 302

    page = visitor.get(path).content.decode()
    assert "Neuer Titel" in page and "Alter Titel" not in page
