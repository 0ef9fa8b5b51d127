"""Query budgets of the newsletter's pages: the team's overview, form, preview and send page of an issue,
the issue in the public archive, and a subscriber's pages (subscribe, confirm, settings, unsubscribe).
Each costs a fixed number of queries, however many posts, calls, events and undelivered addresses an
issue has or the form offers, and however many topics there are: a relation a row shows and the page
does not read with the rows would cost a query per row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter import links
from vielfalt.newsletter.models import Delivery, Issue, Subscription
from vielfalt.newsletter.tests.factories import IssueFactory, SubscriptionFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db


def add_items(issue: Issue, start: int, stop: int) -> None:
    """A post (with an English title), a call of its own programme, an event (every other one online)
    and an address the issue could not be delivered to, for each number."""
    for number in range(start, stop):
        post = PostFactory.create(title=f"Beitrag {number}", title_translations={"en": f"Post {number}"})
        call = CallFactory.create(title=f"Aufruf {number}")
        event = EventFactory.create(title=f"Treffen {number}", is_online=number % 2 == 0)
        issue.posts.add(post)
        issue.calls.add(call)
        issue.events.add(event)
        if not issue.is_draft:
            Delivery.objects.create(
                issue=issue,
                subscription=SubscriptionFactory.create(email=f"unzustellbar-{number}@example.org"),
                status=Delivery.Status.FAILED if number % 2 else Delivery.Status.UNKNOWN,
                error="550 Postfach unbekannt",
            )


# --- the team's overview of an issue and the archive -------------------------------------------------------


@pytest.mark.parametrize("status", [Issue.Status.DRAFT, Issue.Status.SENT])
def test_the_teams_issue_page_costs_the_same_queries_for_few_and_many_items(
    client: Client, personas: Personas, status: str
) -> None:
    sent_at = None if status == Issue.Status.DRAFT else timezone.now()
    issue = IssueFactory.create(status=status, sent_at=sent_at)
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
    issue = IssueFactory.create(status=Issue.Status.SENT, sent_at=timezone.now())
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


# --- subscribing, confirming, managing, unsubscribing (no account needed) ---------------------------------


def more_topics(start: int, stop: int) -> list[FieldOfAction]:
    return [FieldOfAction.objects.create(slug=f"budget-thema-{n}", name=f"Budgetthema {n}") for n in range(start, stop)]


def test_the_subscribe_form_costs_one_query_for_few_and_many_topics(client: Client) -> None:
    page = same_queries_for_few_and_many(
        client,
        reverse("newsletter:subscribe"),
        add=lambda: more_topics(0, 8),
        limit=1,  # the topics to choose from
        first_visit=False,
    )
    assert page.count('name="topics"') == FieldOfAction.objects.count()
    assert "Budgetthema 7" in page


def test_the_pages_after_subscribing_cost_a_fixed_number_of_queries(client: Client) -> None:
    pending = SubscriptionFactory.create(
        status=Subscription.Status.PENDING,
        confirmed_at=None,
        confirm_nonce="budget",
        confirm_requested_at=timezone.now(),
    )
    sent = page_within(
        client,
        reverse("newsletter:subscribe_sent"),
        limit=0,  # a page of text
        first_visit=False,
    )
    confirm = page_within(
        client,
        reverse("newsletter:confirm", kwargs={"token": links.confirm_token(pending)}),
        limit=1,  # the subscription the link names
        first_visit=False,
    )
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in sent
    assert "Ja, Newsletter bestellen" in confirm


def test_the_settings_cost_the_same_queries_for_few_and_many_topics(client: Client) -> None:
    subscription = SubscriptionFactory.create(email="eigen@example.org", language="tr")
    subscription.topics.set(more_topics(0, 1))

    def more_topics_chosen() -> None:
        subscription.topics.add(*more_topics(1, 8))

    page = same_queries_for_few_and_many(
        client,
        reverse("newsletter:manage", kwargs={"token": links.manage_token(subscription)}),
        add=more_topics_chosen,
        limit=3,  # the subscription the link names, its topics, the topics to choose from
        first_visit=False,
    )
    assert "eigen@example.org" in page and "Budgetthema 7" in page
    assert page.count("checked") == 8


def test_the_unsubscribe_page_costs_one_query(client: Client) -> None:
    subscription = SubscriptionFactory.create(email="eigen@example.org")
    url = reverse("newsletter:unsubscribe", kwargs={"token": links.manage_token(subscription)})
    # The subscription the link names.
    page = page_within(client, url, limit=1, first_visit=False)
    assert "Möchten Sie den Newsletter an <bdi>eigen@example.org</bdi> abbestellen?" in page


# --- the team composes, previews and sends an issue -------------------------------------------------------


@pytest.fixture
def team(client: Client, personas: Personas) -> Client:
    agree_to_privacy(personas.staff)
    return login(client, personas.staff)


def offered_items(start: int, stop: int) -> None:
    """What the composer offers, for each number: a recent post, an open call of its own programme and a
    coming event, and a topic."""
    for number in range(start, stop):
        PostFactory.create(title=f"Beitrag {number}")
        CallFactory.create(title=f"Aufruf {number}")
        EventFactory.create(title=f"Treffen {number}", is_online=number % 2 == 0)
    more_topics(start, stop)


def test_the_form_of_a_new_issue_costs_the_same_queries_for_few_and_many_offers(team: Client) -> None:
    offered_items(0, 2)
    page = same_queries_for_few_and_many(
        team,
        reverse("staff:newsletter_issue_create"),
        add=lambda: offered_items(2, 8),
        # Session, person; which posts, calls and events to offer (one query each); the privacy notice, the
        # layout's two unread counts; the topics, the posts, the calls with their programmes, the events.
        limit=12,
    )
    assert "Beitrag 7" in page and "Treffen 7" in page and "Budgetthema 7" in page
    assert page.count("– Förderprogramm ") == 8  # each call names its programme


def test_a_drafts_form_costs_the_same_queries_for_few_and_many_items(team: Client) -> None:
    issue = IssueFactory.create()
    add_items(issue, 0, 2)
    page = same_queries_for_few_and_many(
        team,
        reverse("staff:newsletter_issue_edit", kwargs={"pk": issue.pk}),
        add=lambda: add_items(issue, 2, 8),
        # Session, person, the issue; the posts, calls and events it picked and those to offer (one query
        # each); the topics it has (the form starts with what the draft holds); the privacy notice, the
        # layout's two unread counts; the topics, the posts, the calls with their programmes, the events.
        limit=17,
    )
    assert "Beitrag 7" in page and "Aufruf 7" in page and "Treffen 7" in page
    assert page.count(" checked>") >= 24  # the draft's 8 posts, calls and events are ticked
    assert page.count("– Förderprogramm ") == 8


def test_an_issues_preview_costs_the_same_queries_for_few_and_many_items(team: Client) -> None:
    issue = IssueFactory.create()
    add_items(issue, 0, 2)
    page = same_queries_for_few_and_many(
        team,
        reverse("staff:newsletter_issue_preview", kwargs={"pk": issue.pk, "language": "en"}),
        add=lambda: add_items(issue, 2, 8),
        # Session, person, the issue; its posts, calls (with programme) and events (with place); the privacy
        # notice, the layout's two unread counts.
        limit=9,
    )
    assert "Post 7" in page and "Aufruf 7" in page and "Treffen 7" in page
    assert page.count("<bdi>Gießen</bdi>") >= 4  # each event on site names its place


def test_the_send_page_costs_a_fixed_number_of_queries(team: Client) -> None:
    topics = more_topics(0, 2)
    issue = IssueFactory.create(subject="Neues im Dezember")
    issue.topics.set(topics)
    for subscription in SubscriptionFactory.create_batch(3):
        subscription.topics.set(topics[:1])
    SubscriptionFactory.create_batch(2)  # no topics chosen: every issue
    # Session, person, the issue, its topics, the number of recipients; the privacy notice, the layout's
    # two unread counts.
    page = page_within(
        team, reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk}), limit=8, first_visit=False
    )
    assert "geht jetzt an 5 Empfängerinnen und Empfänger" in page
