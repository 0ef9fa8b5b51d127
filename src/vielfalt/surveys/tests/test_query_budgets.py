"""Query budgets of the public list of surveys, the thanks page, and the team's survey builder (the forms
of a survey, a question and an option, the confirmations, the exports): each costs a fixed number of
queries, however many surveys, questions, options, responses and events there are."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.models import Organisation
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District
from vielfalt.surveys import services
from vielfalt.surveys.models import Question, Survey
from vielfalt.surveys.services import AnswerValue
from vielfalt.surveys.tests.factories import (
    ChoiceFactory,
    QuestionFactory,
    SurveyFactory,
    questions_of,
    survey_with_all_kinds,
)

pytestmark = pytest.mark.django_db


def open_surveys(start: int, stop: int) -> None:
    """Public and members' surveys, anonymous or not, some with an English title and a closing date."""
    for number in range(start, stop):
        SurveyFactory.create(
            title=f"Bedarfsumfrage Nr. {number}",
            title_translations={"en": f"Needs survey no. {number}"} if number % 2 else {},
            audience=Survey.Audience.MEMBERS if number % 2 else Survey.Audience.PUBLIC,
            anonymous=number % 3 != 0,
            closes_at=timezone.now() + timedelta(days=10 + number) if number % 2 == 0 else None,
        )


def test_the_list_of_surveys_costs_the_same_queries_for_few_and_many_surveys(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
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


def questions_with_choices(survey: Survey, start: int, stop: int) -> None:
    """For each number a question with three options, and an event the survey could ask about."""
    for number in range(start, stop):
        question = QuestionFactory.create(
            survey=survey, kind=Question.Kind.MULTIPLE, text=f"Welche Themen? ({number})", position=number
        )
        for option in range(3):
            ChoiceFactory.create(question=question, text=f"Thema {number}.{option}", position=option)
        EventFactory.create(title=f"Regionaltreffen Nr. {number}")


def test_the_teams_survey_form_costs_the_same_queries_for_few_and_many_questions_and_events(
    client: Client, personas: Personas
) -> None:
    event = EventFactory.create(title="Vernetzungstreffen")
    survey = SurveyFactory.create(
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


# --- thanks -----------------------------------------------------------------------------------------------


def test_the_thanks_page_costs_a_fixed_number_of_queries(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    """After a public survey (anonymous) and after an event's feedback (its participant: the page leads
    back to the event)."""
    public = SurveyFactory.create(title="Bedarfsumfrage 2027")
    event = EventFactory.create(title="Vernetzungstreffen", organiser=organisation)
    feedback = services.feedback_survey_create(event=event, by=None)

    # The survey with its event.
    anonymous = page_within(client, reverse("surveys:thanks", kwargs={"slug": public.slug}), limit=1, first_visit=False)
    agree_to_privacy(personas.member)
    login(client, personas.member)
    # Session, person; the survey with its event; the privacy notice, the layout's two unread counts.
    participant = page_within(
        client, reverse("surveys:thanks", kwargs={"slug": feedback.slug}), limit=6, first_visit=False
    )

    assert "Ihre Antworten sind bei uns angekommen." in anonymous
    assert "Vielen Dank für Ihre Rückmeldung!" in participant and "Vernetzungstreffen" in participant


# --- the team's survey builder ----------------------------------------------------------------------------


def respond(survey: Survey, *, multiple: tuple[int, ...] = (), long_text: str = "") -> None:
    """An anonymous response to ``survey_with_all_kinds``: the first option, 3 on the scale, the options
    ``multiple`` (their positions) of the multiple choice, a text."""
    q = questions_of(survey)
    offered = list(q["multiple"].choices.all())
    answers: dict[int, AnswerValue] = {q["single"].pk: q["single"].choices.all()[0].pk, q["scale"].pk: 3}
    if multiple:
        answers[q["multiple"].pk] = [offered[index].pk for index in multiple]
    if long_text:
        answers[q["long_text"].pk] = long_text
    services.response_submit(survey=survey, user=AnonymousUser(), answers=answers, language="de")


@pytest.fixture
def team(client: Client, personas: Personas) -> Client:
    agree_to_privacy(personas.staff)
    return login(client, personas.staff)


def test_the_form_of_a_new_survey_costs_the_same_queries_for_few_and_many_events(team: Client) -> None:
    EventFactory.create(title="Regionaltreffen Nr. 0")
    page = same_queries_for_few_and_many(
        team,
        reverse("staff:surveys_create"),
        add=lambda: [EventFactory.create(title=f"Regionaltreffen Nr. {number}") for number in range(1, 8)],
        # Session, person, the privacy notice, the layout's two unread counts; the events and districts to
        # choose from.
        limit=7,
    )
    assert all(f"Regionaltreffen Nr. {number}" in page for number in range(8))


@pytest.mark.parametrize("page", ["delete", "question_create"])
def test_a_surveys_confirmation_and_new_question_cost_the_same_queries_for_few_and_many_questions(
    team: Client, page: str
) -> None:
    """Both read the survey with all its questions and options (as the survey's page does)."""
    survey = SurveyFactory.create(title="Bedarfsumfrage 2027", status=Survey.Status.DRAFT)
    questions_with_choices(survey, 0, 1)
    url = reverse(f"staff:surveys_{page}", kwargs={"pk": survey.pk})
    content = same_queries_for_few_and_many(
        team,
        url,
        add=lambda: questions_with_choices(survey, 1, 8),
        # Session, person; the survey with its event and district, its questions, their options (one query
        # each); the privacy notice, the layout's two unread counts.
        limit=8,
    )
    assert "Bedarfsumfrage 2027" in content


def test_a_questions_form_costs_the_same_queries_for_few_and_many_options(team: Client) -> None:
    survey = survey_with_all_kinds(title="Bedarfsumfrage 2027")
    question = questions_of(survey)["multiple"]

    def more_options_some_chosen_or_archived() -> None:
        for number in range(3, 12):
            ChoiceFactory.create(question=question, text=f"Thema {number}", text_translations={"en": f"Topic {number}"})
        for number in range(4):
            respond(survey, multiple=(number, number + 5))
        question.choices.filter(text__in=["Thema 4", "Thema 8"]).update(archived_at=timezone.now())

    page = same_queries_for_few_and_many(
        team,
        reverse("staff:surveys_question_edit", kwargs={"pk": survey.pk, "question_pk": question.pk}),
        add=more_options_some_chosen_or_archived,
        # Session, person; the survey with its event and district, its questions with their answers, their
        # options with whether they were chosen (one query each); the privacy notice, the layout's two unread
        # counts.
        limit=8,
    )
    assert "Thema 11" in page and "archiviert" in page and "Antworten. Texte und Übersetzungen" in page


def test_the_questions_removal_and_the_options_form_cost_a_fixed_number_of_queries(team: Client) -> None:
    survey = survey_with_all_kinds(title="Bedarfsumfrage 2027")
    question = questions_of(survey)["single"]
    choice = question.choices.all()[0]
    respond(survey)
    # Session, person; the question with its survey, whether it has answers; the privacy notice, the
    # layout's two unread counts.
    removal = page_within(
        team,
        reverse("staff:surveys_question_remove", kwargs={"pk": survey.pk, "question_pk": question.pk}),
        limit=7,
        first_visit=False,
    )
    # Session, person; the option with its question and survey; the privacy notice, the layout's two unread
    # counts.
    option = page_within(
        team,
        reverse(
            "staff:surveys_choice_edit",
            kwargs={"pk": survey.pk, "question_pk": question.pk, "choice_pk": choice.pk},
        ),
        limit=6,
        first_visit=False,
    )
    assert "Frage archivieren" in removal
    assert 'value="Nur Ehrenamtliche"' in option


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_costs_the_same_queries_for_few_and_many_responses(team: Client, fmt: str) -> None:
    survey = survey_with_all_kinds(title="Bedarfsumfrage 2027")
    respond(survey, long_text="Mehr Treffen")
    url = reverse("staff:surveys_export", kwargs={"pk": survey.pk, "fmt": fmt})
    team.get(url)
    with CaptureQueriesContext(connection) as few_queries:
        few = team.get(url)
    for number in range(12):
        respond(survey, multiple=(number % 2, 2), long_text=f"Wunsch {number}")
    with CaptureQueriesContext(connection) as many_queries:
        many = team.get(url)
    # Session (from the cache with Redis: one fewer), person, the survey; its questions, their options; the
    # responses, their answers (one chunk of 500 responses).
    assert len(few_queries) == len(many_queries) <= 7
    assert few.status_code == many.status_code == 200
    if fmt == "csv":
        rows = many.content.decode("utf-8").splitlines()
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(many.content)).active
        rows = [";".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 1 + 13 and "Wunsch 11" in rows[-1]
