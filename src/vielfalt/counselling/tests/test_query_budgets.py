"""Query budgets of counselling's pages that list topics: each is read by someone allowed to see it, once
with one topic and once with seven (with their translations and cases, and for the start page the
organisations the person may ask for). The page keeps to a fixed number of queries, and that number does
not grow with the rows."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas, login
from vielfalt.core.testing.queries import same_queries_for_few_and_many
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
    client: Client, personas: Personas, one_topic: Topic
) -> None:
    CaseFactory(topic=one_topic)
    url = reverse("staff:counselling_topics")
    login(client, personas.staff)

    def more_topics_and_cases() -> None:
        _more_topics(6, cases=2)
        CaseFactory(topic=one_topic)

    page = same_queries_for_few_and_many(client, url, add=more_topics_and_cases, limit=7)
    assert len(re.findall(r"/de/staff/beratung/themen/\d+/", page)) == 7


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_start_page_reads_the_same_queries_for_one_and_seven_topics(
    client: Client,
    personas: Personas,
    organisation: Organisation,
    one_topic: Topic,
    persona: str,
) -> None:
    """Signed in, the form also offers each organisation the person belongs to."""
    url = reverse("counselling:start")
    if persona == "member":
        login(client, personas.member)

    def more_topics_and_organisations() -> None:
        _more_topics(6)
        for _ in range(6):
            Membership.objects.create(
                organisation=OrganisationFactory(), user=personas.member, role=Membership.Role.MEMBER
            )

    page = same_queries_for_few_and_many(
        client, url, add=more_topics_and_organisations, limit=START_PAGE_QUERIES[persona]
    )
    assert page.count("Weiteres Thema") == 6 * 2  # in the list of topics and in the form
    if persona == "member":
        assert page.count("Kulturverein Brücke") == 7
