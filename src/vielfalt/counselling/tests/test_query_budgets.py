"""Query budgets of counselling's pages that list topics: each is read by someone allowed to see it, once
with one topic and once with seven (with their translations and cases, and for the start page the
organisations the person may ask for). The page keeps to a fixed number of queries, and that number does
not grow with the rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas, login
from vielfalt.core.testing.queries import queries_and_page
from vielfalt.counselling.models import Topic
from vielfalt.counselling.tests.factories import CaseFactory, TopicFactory
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# A visitor's page reads the topics (the list, the form's choices) and the districts. Signed in, the layout's
# session, person, privacy consent and unread counts come on top, and the organisations the person may ask for.
START_PAGE_QUERIES = {"anonymous": 3, "member": 11}


@pytest.fixture
def one_topic(db: None) -> Topic:
    """Of the starting topics only "Förderanträge" stays: the lists begin with one row."""
    Topic.objects.exclude(slug="foerderantraege").delete()
    return Topic.objects.get()


def _more_topics(count: int, *, cases: int = 0) -> None:
    for number in range(count):
        topic = TopicFactory(
            slug=f"weiteres-thema-{number}",
            name=f"Weiteres Thema {number}",
            name_translations={"en": f"Another topic {number}", "ar": "موضوع آخر"},
            order=10 + number,
        )
        CaseFactory.create_batch(cases, topic=topic)


def test_the_team_s_topics_read_the_same_queries_for_one_and_seven(
    client: Client, personas: Personas, one_topic: Topic, django_assert_max_num_queries: Any
) -> None:
    CaseFactory(topic=one_topic)
    url = reverse("staff:counselling_topics")
    login(client, personas.staff)
    client.get(url)  # the first request of a session writes to it: not compared
    few, _page = queries_and_page(client, url)
    _more_topics(6, cases=2)
    CaseFactory(topic=one_topic)

    with django_assert_max_num_queries(7):
        many, page = queries_and_page(client, url)

    assert many == few
    assert len(re.findall(r"/de/staff/beratung/themen/\d+/", page)) == 7


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_start_page_reads_the_same_queries_for_one_and_seven_topics(
    client: Client,
    personas: Personas,
    organisation: Organisation,
    one_topic: Topic,
    persona: str,
    django_assert_max_num_queries: Any,
) -> None:
    """Signed in, the form also offers each organisation the person belongs to."""
    url = reverse("counselling:start")
    if persona == "member":
        login(client, personas.member)
    client.get(url)  # the first request of a session writes to it: not compared
    few, _page = queries_and_page(client, url)
    _more_topics(6)
    for _ in range(6):
        Membership.objects.create(organisation=OrganisationFactory(), user=personas.member, role=Membership.Role.MEMBER)

    with django_assert_max_num_queries(START_PAGE_QUERIES[persona]):
        many, page = queries_and_page(client, url)

    assert many == few
    assert page.count("Weiteres Thema") == 6 * 2  # in the list of topics and in the form
    if persona == "member":
        assert page.count("Kulturverein Brücke") == 7
