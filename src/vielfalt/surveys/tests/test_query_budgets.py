"""Query budgets of the public list of surveys and of the team's form for a survey: each costs a fixed
number of queries, however many surveys, questions, options and events there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.regions.models import District
from vielfalt.surveys.models import Question, Survey
from vielfalt.surveys.tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def open_surveys(start, stop):
    """Public and members' surveys, anonymous or not, some with an English title and a closing date."""
    for number in range(start, stop):
        SurveyFactory(
            title=f"Bedarfsumfrage Nr. {number}",
            title_translations={"en": f"Needs survey no. {number}"} if number % 2 else {},
            audience=Survey.Audience.MEMBERS if number % 2 else Survey.Audience.PUBLIC,
            anonymous=number % 3 != 0,
            closes_at=timezone.now() + timedelta(days=10 + number) if number % 2 == 0 else None,
        )


def test_the_list_of_surveys_costs_the_same_queries_for_few_and_many_surveys(client, personas, organisation):
    url = reverse("surveys:list")
    open_surveys(0, 2)
    login(client, personas.member)
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: open_surveys(2, 8),
        limit=8,  # session, user, memberships; the surveys; layout 4
    )
    assert all(f"Bedarfsumfrage Nr. {number}" in page for number in range(8))


def questions_with_choices(survey, start, stop):
    """For each number a question with three options, and an event the survey could ask about."""
    for number in range(start, stop):
        question = QuestionFactory(
            survey=survey, kind=Question.Kind.MULTIPLE, text=f"Welche Themen? ({number})", position=number
        )
        for option in range(3):
            ChoiceFactory(question=question, text=f"Thema {number}.{option}", position=option)
        EventFactory(title=f"Regionaltreffen Nr. {number}")


def test_the_teams_survey_form_costs_the_same_queries_for_few_and_many_questions_and_events(client, personas):
    event = EventFactory(title="Vernetzungstreffen")
    survey = SurveyFactory(
        status=Survey.Status.DRAFT,
        audience=Survey.Audience.PARTICIPANTS,
        event=event,
        district=District.objects.get(ags="06531"),
    )
    url = reverse("staff:surveys_edit", kwargs={"pk": survey.pk})
    questions_with_choices(survey, 0, 2)
    login(client, personas.staff)
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: questions_with_choices(survey, 2, 8),
        limit=9,  # session, user; the survey (not its questions); layout 4; events, districts
    )
    assert all(f"Regionaltreffen Nr. {number}" in page for number in range(8))
    assert "Vernetzungstreffen" in page
