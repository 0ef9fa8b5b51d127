"""factory_boy factories and builders for surveys."""

from __future__ import annotations

from typing import Any

import factory

from vielfalt.surveys.models import Choice, Question, Survey


class SurveyFactory(factory.django.DjangoModelFactory[Survey]):
    """An open, public, anonymous survey without questions."""

    class Meta:
        model = Survey

    slug = factory.Sequence(lambda n: f"umfrage-{n}")
    title = factory.Sequence(lambda n: f"Bedarfsumfrage {n}")
    intro = "Was braucht Ihre Organisation?"
    audience = Survey.Audience.PUBLIC
    anonymous = True
    status = Survey.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = Question.Kind.LONG_TEXT
    text = factory.Sequence(lambda n: f"Frage {n}?")
    position = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    text = factory.Sequence(lambda n: f"Antwort {n}")
    position = factory.Sequence(lambda n: n)


def survey_with_all_kinds(**kwargs: Any) -> Survey:
    """A survey with one question of each kind: single (required, 3 options), multiple (3 options),
    scale (required), short text, long text. Translations in English for the single choice only."""
    survey = SurveyFactory.create(**kwargs)
    single = QuestionFactory(
        survey=survey,
        kind=Question.Kind.SINGLE,
        text="Wie ist Ihre Organisation aufgestellt?",
        text_translations={"en": "How is your organisation staffed?"},
        required=True,
        position=0,
    )
    for n, (text, english) in enumerate(
        [("Nur Ehrenamtliche", "Volunteers only"), ("Gemischt", "Mixed"), ("Hauptamtlich", "Paid staff")]
    ):
        ChoiceFactory(question=single, text=text, text_translations={"en": english}, position=n)
    multiple = QuestionFactory(
        survey=survey, kind=Question.Kind.MULTIPLE, text="Welche Themen interessieren Sie?", position=1
    )
    for n, text in enumerate(["Fördermittel", "Social Media", "Datenschutz"]):
        ChoiceFactory(question=multiple, text=text, position=n)
    QuestionFactory(
        survey=survey,
        kind=Question.Kind.SCALE,
        text="Wie gut fühlen Sie sich informiert?",
        help_text="1 bedeutet gar nicht, 5 bedeutet sehr gut.",
        required=True,
        position=2,
    )
    QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT, text="In welchem Ort sind Sie aktiv?", position=3)
    QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT, text="Was wünschen Sie sich?", position=4)
    return survey


def questions_of(survey: Survey) -> dict[str, Question]:
    """The survey's questions by kind (one of each in ``survey_with_all_kinds``)."""
    return {question.kind: question for question in survey.questions.all()}


def answer_data(survey: Survey, **overrides: Any) -> dict[str, Any]:
    """Valid form data for ``survey_with_all_kinds``; ``single=None`` leaves an answer out."""
    q = questions_of(survey)
    single = list(q["single"].choices.all())
    multiple = list(q["multiple"].choices.all())
    values: dict[str, Any] = {
        "single": str(single[0].pk),
        "multiple": [str(multiple[0].pk), str(multiple[2].pk)],
        "scale": "4",
        "short_text": "Gießen",
        "long_text": "Mehr Schulungen am Wochenende.",
    }
    values.update(overrides)
    return {f"q{q[kind].pk}": value for kind, value in values.items() if value is not None}
