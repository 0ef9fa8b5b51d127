"""Query budgets of funding's pages: a programme's page, the deadline feeds (iCalendar) and the team's forms
of programmes and calls. Each costs a fixed number of queries, however many calls a programme has (current,
past and drafts), whatever its audience, however many calls a feed lists and however many topics, target
groups and districts a form offers."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.funding import services
from vielfalt.funding.models import Programme
from vielfalt.funding.tests.conftest import TODAY, Funding
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


def calls_of(programme: Programme, start: int, stop: int) -> None:
    """For each number a current call (every other one opens later and has its own limit), a past one
    and a draft."""
    for number in range(start, stop):
        later = number % 2 == 0
        CallFactory.create(
            programme=programme,
            title=f"Aufruf {number}",
            title_translations={"en": f"Call {number}"},
            opens_on=TODAY + timedelta(days=5) if later else TODAY - timedelta(days=30),
            deadline=TODAY + timedelta(days=30 + number),
            max_amount=2000 + number if later else None,
        )
        CallFactory.create(
            programme=programme,
            title=f"Früherer Aufruf {number}",
            opens_on=TODAY - timedelta(days=400),
            deadline=TODAY - timedelta(days=300 + number),
        )
        CallFactory.create(programme=programme, title=f"Entwurf {number}", is_published=False)


# --- a programme's page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "staff"])
def test_a_programmes_page_costs_the_same_queries_for_few_and_many_calls(
    client: Client, personas: Personas, funding: Funding, persona: str
) -> None:
    programme = funding.wir
    programme.target_groups.set(TargetGroup.objects.all()[:2])
    programme.districts.set(District.objects.filter(ags__in=["06531", "06611"]))
    url = reverse("funding:programme", kwargs={"slug": programme.slug})
    calls_of(programme, 0, 1)
    login(client, personas.all()[persona])
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: calls_of(programme, 1, 7),
        limit=12,  # session, user; programme, 3 audience lists; calls; follows; layout 4
    )
    assert "Aufruf 6" in page and "Früherer Aufruf 6" in page
    assert "bis zu 2.006 €" in page and "bis zu 5.000 €" in page and "Kassel" in page
    assert ("Entwurf 6" in page) is (persona == "staff")


# --- the deadline feeds (iCalendar) -----------------------------------------------------------------------


def feed_calls(start: int, stop: int) -> None:
    """For each number a public call of a programme of its own (the feed names each call's programme and
    funder), with a link, translations and a deadline within the feed's half year back and forward."""
    for number in range(start, stop):
        CallFactory.create(
            programme=ProgrammeFactory.create(name=f"Programm {number}", funder=f"Stiftung {number}"),
            title=f"Feedaufruf {number}",
            title_translations={"en": f"Feed call {number}"},
            purpose_translations={"en": "Small projects."},
            opens_on=TODAY - timedelta(days=200),
            deadline=TODAY + timedelta(days=number * 20 - 60),
            url=f"https://example.org/aufruf-{number}",
        )


def vevents(page: str) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(page).walk("VEVENT"))


def test_the_deadline_feed_costs_one_query_for_few_and_many_calls(client: Client, funding: Funding) -> None:
    page = same_queries_for_few_and_many(
        client,
        reverse("funding:deadlines_ics"),
        add=lambda: feed_calls(0, 8),
        limit=1,  # the public calls with their programmes (no session: the feed is read anonymously)
        first_visit=False,
    )
    summaries = {str(event["SUMMARY"]) for event in vevents(page)}
    assert {f"Antragsfrist: Feedaufruf {number}" for number in range(8)} <= summaries
    assert "Antragsfrist: WIR-Mikroprojekte" in summaries and len(summaries) == 10
    assert "Stiftung 7" in str(vevents(page)[-1]["DESCRIPTION"])


def test_a_calls_calendar_file_costs_one_query(client: Client, funding: Funding) -> None:
    url = reverse("funding:call_ics", kwargs={"slug": funding.micro.slug})
    # The call with its programme.
    [event] = vevents(page_within(client, url, limit=1, first_visit=False))
    assert str(event["SUMMARY"]) == "Antragsfrist: WIR-Mikroprojekte"
    assert event.decoded("DTSTART") == funding.micro.deadline


# --- the team's forms of a programme and a call ----------------------------------------------------------


def more_terms(start: int, stop: int) -> tuple[list[FieldOfAction], list[TargetGroup]]:
    numbers = range(start, stop)
    topics = [FieldOfAction.objects.create(slug=f"budget-thema-{n}", name=f"Budgetthema {n}") for n in numbers]
    groups = [TargetGroup.objects.create(slug=f"budget-gruppe-{n}", name=f"Budgetgruppe {n}") for n in numbers]
    return topics, groups


def test_the_programme_form_costs_the_same_queries_for_few_and_many_terms(client: Client, personas: Personas) -> None:
    agree_to_privacy(personas.staff)
    more_terms(0, 1)
    login(client, personas.staff)
    page = same_queries_for_few_and_many(
        client,
        reverse("staff:funding_programme_create"),
        add=lambda: more_terms(1, 8),
        # Session, person, the privacy notice, the layout's two unread counts; the topics, target groups and
        # districts to choose from (one query each).
        limit=8,
    )
    assert all(f"Budgetthema {n}" in page and f"Budgetgruppe {n}" in page for n in range(8))
    assert page.count('name="districts"') == District.objects.count()


def test_a_programmes_form_costs_the_same_queries_for_few_and_many_calls_and_terms(
    client: Client, personas: Personas, funding: Funding
) -> None:
    programme = funding.wir
    agree_to_privacy(personas.staff)
    login(client, personas.staff)

    def more_calls_and_terms() -> None:
        topics, groups = more_terms(0, 8)
        programme.topics.add(*topics)
        programme.target_groups.set(groups)
        programme.districts.set(District.objects.filter(ags__in=["06531", "06611", "06412"]))
        calls_of(programme, 0, 4)
        for call in programme.calls.filter(title__startswith="Aufruf"):
            services.call_follow(user=personas.member, call=call)

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:funding_programme_edit", kwargs={"pk": programme.pk}),
        add=more_calls_and_terms,
        # Session, person, the programme, its chosen topics, target groups and districts (one query each),
        # its calls with their followers; the privacy notice, the layout's two unread counts; the topics,
        # target groups and districts to choose from.
        limit=13,
    )
    assert "Früherer Aufruf 3" in page and "Entwurf 3" in page and "WIR Entwurf" in page
    assert page.count("checked") >= 1 + 8 + 8 + 3


def test_the_call_forms_cost_a_fixed_number_of_queries(client: Client, personas: Personas, funding: Funding) -> None:
    agree_to_privacy(personas.staff)
    login(client, personas.staff)
    # Session, person, the programme (of a new call) or the call with its programme; the privacy notice,
    # the layout's two unread counts. The form lists no rows.
    created = page_within(
        client, reverse("staff:funding_call_create", kwargs={"pk": funding.wir.pk}), limit=6, first_visit=False
    )
    edited = page_within(
        client, reverse("staff:funding_call_edit", kwargs={"pk": funding.micro.pk}), limit=6, first_visit=False
    )
    assert "Aufruf anlegen" in created
    assert 'value="WIR-Mikroprojekte"' in edited
