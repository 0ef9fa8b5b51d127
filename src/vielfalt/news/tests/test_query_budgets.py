"""Query budgets of the team's news pages: writing and changing a post (its form lists every topic and
district), publishing, withdrawing and deleting one. Each is read by the team (with the second factor).

The form is read once with few topics and once with many (and, when changing a post, many of them and
of the districts chosen): the same count, held to the count the page needs today. The pages that only
ask to confirm are held to their count."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.news.models import Post
from vielfalt.news.tests.factories import PostFactory, draft
from vielfalt.organisations.models import FieldOfAction
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

BASE = "/de/staff/aktuelles/"


def more_topics(count: int, *, start: int = 0) -> list[FieldOfAction]:
    return [
        FieldOfAction.objects.create(slug=f"budget-thema-{n}", name=f"Budget-Thema {n}", position=100 + n)
        for n in range(start, start + count)
    ]


def as_staff(client: Client, personas: Personas) -> None:
    agree_to_privacy(personas.staff)
    login(client, personas.staff)


# --- writing and changing a post --------------------------------------------------------------------------


def test_writing_a_post_reads_as_many_queries_for_many_topics(client: Client, personas: Personas) -> None:
    as_staff(client, personas)

    content = same_queries_for_few_and_many(
        client,
        f"{BASE}neu/",
        add=lambda: more_topics(8),
        # Session, person, the privacy notice, the layout's two unread counts; the topics, the districts.
        limit=7,
    )
    assert "Budget-Thema 7" in content
    assert content.count('name="topics"') == FieldOfAction.objects.count()
    assert content.count('name="districts"') == District.objects.count()


def test_changing_a_post_reads_as_many_queries_for_many_topics_and_districts(
    client: Client, personas: Personas
) -> None:
    """A published post with translations, in one topic and one district; then in many of both."""
    post = PostFactory.create(
        title="Neue Schulung", title_translations={"en": "New training"}, teaser_translations={"tr": "Eğitim"}
    )
    districts = list(District.objects.order_by("name"))
    post.topics.set(more_topics(1))
    post.districts.set(districts[:1])
    as_staff(client, personas)

    def more_topics_and_districts() -> None:
        post.topics.add(*more_topics(7, start=1), *FieldOfAction.objects.all())
        post.districts.set(districts[:6])

    content = same_queries_for_few_and_many(
        client,
        f"{BASE}{post.pk}/",
        add=more_topics_and_districts,
        # Session, person, the privacy notice, the layout's two unread counts; the post, its topics and
        # districts (chosen in the form); the topics, the districts.
        limit=10,
    )
    assert 'value="New training"' in content and "Budget-Thema 7" in content
    assert len(re.findall(r'name="topics"[^>]* checked', content)) == FieldOfAction.objects.count()
    assert len(re.findall(r'name="districts"[^>]* checked', content)) == 6


# --- publishing, withdrawing, deleting ---------------------------------------------------------------------


def test_publishing_withdrawing_and_deleting_ask_first_for_a_fixed_number_of_queries(
    client: Client, personas: Personas
) -> None:
    to_publish = draft(title="Ein Entwurf")
    published = PostFactory.create(title="Schon erschienen")
    as_staff(client, personas)
    client.get(f"{BASE}{to_publish.pk}/veroeffentlichen/")

    # Each: session, person, the privacy notice, the layout's two unread counts; the post.
    for url, text in (
        (f"{BASE}{to_publish.pk}/veroeffentlichen/", "Beitrag veröffentlichen: <bdi>Ein Entwurf</bdi>"),
        (f"{BASE}{published.pk}/zurueckziehen/", "Beitrag zurückziehen: <bdi>Schon erschienen</bdi>"),
        (f"{BASE}{published.pk}/loeschen/", "Beitrag löschen: <bdi>Schon erschienen</bdi>"),
    ):
        assert text in page_within(client, url, limit=6, first_visit=False), url
    assert Post.objects.count() == 2
