"""Query budgets of an issue's pages: the team's overview of an issue and the issue in the public archive.
Each costs a fixed number of queries, however many posts, calls, events and undelivered addresses the
issue has: a relation a row shows and the page does not read with the rows would cost a query per row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter.models import Delivery, Issue
from vielfalt.newsletter.tests.factories import IssueFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def add_items(issue: Issue, start: int, stop: int) -> None:
    """A post (with an English title), a call of its own programme, an event (every other one online)
    and an address the issue could not be delivered to, for each number."""
    for number in range(start, stop):
        post = PostFactory(title=f"Beitrag {number}", title_translations={"en": f"Post {number}"})
        call = CallFactory(title=f"Aufruf {number}")
        event = EventFactory(title=f"Treffen {number}", is_online=number % 2 == 0)
        issue.posts.add(post)
        issue.calls.add(call)
        issue.events.add(event)
        if not issue.is_draft:
            Delivery.objects.create(
                issue=issue,
                subscription=SubscriptionFactory(email=f"unzustellbar-{number}@example.org"),
                status=Delivery.Status.FAILED if number % 2 else Delivery.Status.UNKNOWN,
                error="550 Postfach unbekannt",
            )


@pytest.mark.parametrize("status", [Issue.Status.DRAFT, Issue.Status.SENT])
def test_the_teams_issue_page_costs_the_same_queries_for_few_and_many_items(
    client: Client, personas: Personas, status: str
) -> None:
    sent_at = None if status == Issue.Status.DRAFT else timezone.now()
    issue = IssueFactory(status=status, sent_at=sent_at)
    SubscriptionFactory.create_batch(3)
    url = reverse("staff:newsletter_issue", kwargs={"pk": issue.pk})
    add_items(issue, 0, 2)
    login(client, personas.staff)
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: add_items(issue, 2, 8),
        limit=12,  # session, user, issue; posts, calls, events; 2 figures; layout 4
    )
    assert "Beitrag 7" in page and "Aufruf 7" in page and "Treffen 7" in page
    assert ("unzustellbar-7@example.org" in page) is (status == Issue.Status.SENT)


def test_an_issue_in_the_archive_costs_the_same_queries_for_few_and_many_items(client: Client) -> None:
    issue = IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now())
    url = reverse("newsletter:issue", kwargs={"pk": issue.pk})
    add_items(issue, 0, 2)
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: add_items(issue, 2, 8),
        limit=4,  # the issue; posts, calls (with programme), events (with place)
        first_visit=False,
    )
    assert "Beitrag 7" in page and "Aufruf 7" in page and "Treffen 7" in page
    # each call names its programme, each event on site its place
    assert page.count('dir="auto">Förderprogramm ') == 8 and page.count("<bdi>Gießen</bdi>") == 4
