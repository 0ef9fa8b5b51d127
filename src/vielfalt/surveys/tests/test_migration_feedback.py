"""The data migration surveys.0002: the old event feedback (events.FeedbackResponse/FeedbackAnswer) becomes
a feedback survey per event, with every rating and text and the once-per-person link kept."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.surveys.models import Answer, Response, Survey

migration = importlib.import_module("vielfalt.surveys.migrations.0002_event_feedback")


def days_ago(days: int, hour: int = 10) -> Any:
    return (timezone.localtime() - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.mark.django_db
def test_old_rows_become_a_feedback_survey_per_event() -> None:
    recent = EventFactory(starts_at=days_ago(10), ends_at=days_ago(10, 16), title_translations={"en": "Meeting"})
    old = EventFactory(starts_at=days_ago(400), ends_at=days_ago(400, 16))
    untouched = EventFactory(starts_at=days_ago(5), ends_at=days_ago(5, 16))
    anna, ben = UserFactory(), UserFactory()
    for person in (anna, ben):
        Registration.objects.create(event=recent, user=person, status="confirmed")
    when = days_ago(9, 14)
    rows = [
        migration.OldResponse(recent.pk, anna.pk, "de", when, {"overall": (5, ""), "good": (None, "Der Austausch")}),
        migration.OldResponse(recent.pk, ben.pk, "tr", when, {"overall": (3, ""), "wishes": (None, " Vereinsrecht ")}),
        migration.OldResponse(recent.pk, anna.pk, "de", when, {"overall": (4, "")}),  # a second one of anna: unlinked
        migration.OldResponse(recent.pk, None, "ar", when, {"overall": (2, ""), "improve": (None, "")}),  # person gone
        migration.OldResponse(
            old.pk, None, "", when - timedelta(days=390), {"overall": (9, ""), "good": (None, "Alt")}
        ),
    ]

    copied = migration.write_new(django_apps, rows)

    assert copied == 5
    assert not Survey.objects.filter(event=untouched).exists()
    survey = Survey.objects.get(event=recent)
    assert (survey.kind, survey.audience, survey.anonymous, survey.status) == (
        "feedback",
        "participants",
        False,
        "open",
    )
    assert survey.slug == f"rueckmeldung-{recent.slug}" and survey.district == recent.district
    assert survey.title_translations["en"] == "Feedback: Meeting"
    assert list(survey.questions.order_by("position").values_list("key", "kind")) == [
        ("overall", "scale"),
        ("good", "long_text"),
        ("improve", "long_text"),
        ("wishes", "long_text"),
    ]
    responses = list(Response.objects.filter(survey=survey).order_by("pk"))
    assert [(r.user_id, r.language) for r in responses] == [(anna.pk, "de"), (ben.pk, "tr"), (None, "de"), (None, "ar")]
    assert responses[0].submitted_on == when.date()
    assert sorted(
        Answer.objects.filter(response__survey=survey, number__isnull=False).values_list("number", flat=True)
    ) == [
        2,
        3,
        4,
        5,
    ]
    texts = dict(Answer.objects.filter(response__survey=survey).exclude(text="").values_list("question__key", "text"))
    assert texts == {"good": "Der Austausch", "wishes": "Vereinsrecht"}  # empty texts are not answers
    closed = Survey.objects.get(event=old)
    assert closed.status == "closed"
    assert not Answer.objects.filter(response__survey=closed, number__isnull=False).exists()  # 9 is no rating
    assert Answer.objects.get(response__survey=closed).text == "Alt"


@pytest.mark.django_db
def test_running_it_again_adds_to_the_existing_survey_without_a_second_one() -> None:
    event = EventFactory(starts_at=days_ago(10), ends_at=days_ago(10, 16))
    row = migration.OldResponse(event.pk, None, "de", days_ago(9), {"overall": (4, "")})

    migration.write_new(django_apps, [row])
    migration.write_new(django_apps, [row])

    assert Survey.objects.filter(event=event).count() == 1
    assert Survey.objects.get(event=event).questions.count() == 4


BEFORE = [("events", "0005_plain_german_terms"), ("surveys", "0001_initial")]
AFTER = [("events", "0006_feedback_moved_to_surveys"), ("surveys", "0002_event_feedback")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot alter tables inside the test's transaction"
)
def test_the_migration_moves_real_old_rows() -> None:
    person = UserFactory()  # accounts' tables do not change between the two states
    old = _migrate(BEFORE)
    Event = old.get_model("events", "Event")
    Registration_ = old.get_model("events", "Registration")
    FeedbackResponse = old.get_model("events", "FeedbackResponse")
    FeedbackAnswer = old.get_model("events", "FeedbackAnswer")
    event = Event.objects.create(
        title="Treffen", slug="treffen-alt", kind="regional", starts_at=days_ago(3), ends_at=days_ago(3, 16), capacity=9
    )
    registration = Registration_.objects.create(event=event, user_id=person.pk, status="confirmed")
    response = FeedbackResponse.objects.create(event=event, registration=registration, language="uk")
    FeedbackAnswer.objects.create(response=response, question="overall", rating=4)
    FeedbackAnswer.objects.create(response=response, question="wishes", text="Fördermittel")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    new = _migrate(AFTER)

    survey = new.get_model("surveys", "Survey").objects.get(event_id=event.pk)
    stored = new.get_model("surveys", "Response").objects.get(survey=survey)
    assert (stored.user_id, stored.language) == (person.pk, "uk")
    answers = new.get_model("surveys", "Answer").objects.filter(response=stored)
    assert {(a.question.key, a.number, a.text) for a in answers} == {
        ("overall", 4, ""),
        ("wishes", None, "Fördermittel"),
    }
