"""The demo: this year's needs survey with 120 answers of every kind, and feedback on past events."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.surveys import demo
from vielfalt.surveys.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.django_db


def test_the_needs_survey_is_made_once_with_120_answers_of_every_kind():
    demo.load(io.StringIO())
    demo.load(io.StringIO())

    survey = Survey.objects.get(slug=f"bedarfsumfrage-{timezone.localdate().year}")
    assert survey.status == "open" and survey.anonymous and survey.audience == "public"
    assert set(survey.title_translations) == {"en", "tr", "ar", "fa", "ru", "uk"}
    assert survey.accepts_answers()
    kinds = list(survey.questions.values_list("kind", flat=True))
    assert len(kinds) == 8 and set(kinds) == set(Question.Kind.values)
    assert Response.objects.filter(survey=survey).count() == 120
    assert not Response.objects.filter(survey=survey, user__isnull=False).exists()
    for question in survey.questions.all():
        assert Answer.objects.filter(question=question).exists(), question.text
        if question.required:
            assert Answer.objects.filter(question=question).values("response").distinct().count() == 120
    for choice_answer in Answer.objects.filter(choice__isnull=False).select_related("choice"):
        assert choice_answer.choice.question_id == choice_answer.question_id


def test_past_events_get_their_feedback_from_people_who_were_there():
    event = EventFactory(
        kind="networking",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=6),
    )
    for n in range(20):
        Registration.objects.create(
            event=event, user=UserFactory(), status="confirmed", checked_in_at=event.starts_at if n < 18 else None
        )
    Registration.objects.create(event=event, user=UserFactory(), status="cancelled")
    upcoming = EventFactory()

    assert demo.event_feedback(random.Random(1), io.StringIO()) == 1
    assert demo.event_feedback(random.Random(1), io.StringIO()) == 0

    survey = Survey.objects.get(event=event)
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == round(18 * 0.45)
    assert not responses.exclude(
        user__registrations__event=event, user__registrations__checked_in_at__isnull=False
    ).exists()
    assert Answer.objects.filter(response__survey=survey, question__key="overall").count() == responses.count()
    assert not Survey.objects.filter(event=upcoming).exists()
