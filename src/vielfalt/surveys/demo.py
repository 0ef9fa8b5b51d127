"""Synthetic demo surveys: this year's needs survey with 120 answers, and the feedback on the demo's
past events (from their confirmed participants).

Idempotent: the needs survey is made once per year (its address names the year), an event's feedback
only if the event has none. Deterministic for a given day (a seeded random generator). Everything is
invented; the texts are in ``demo_texts.json``.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.events.models import Event, Registration
from vielfalt.surveys import feedback, services
from vielfalt.surveys.models import Answer, Question, Response, Survey

SEED = 1313
NEEDS_ANSWERS = 120
README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"  # has not given feedback yet: the README shows how
TEXTS: dict[str, Any] = json.loads((Path(__file__).with_name("demo_texts.json")).read_text(encoding="utf-8"))
LANGUAGES = ["de"] * 12 + ["tr"] * 3 + ["ar"] * 3 + ["fa"] * 2 + ["ru"] * 2 + ["uk"] * 2 + ["en"]


def _split(texts: dict[str, str], **values: Any) -> tuple[str, dict[str, str]]:
    """German and its translations from ``{"de": …, "en": …}`` (with ``%(name)s`` filled in)."""
    filled = {code: text % values if values else text for code, text in texts.items()}
    return filled.pop("de"), filled


def load(stdout: Any) -> None:
    rng = random.Random(SEED)
    needs_survey(rng, stdout)
    event_feedback(rng, stdout)


# --- this year's needs survey ---------------------------------------------------------------------------------


@transaction.atomic
def needs_survey(rng: random.Random, stdout: Any) -> Survey | None:
    today = timezone.localdate()
    slug = f"bedarfsumfrage-{today.year}"
    if Survey.objects.filter(slug=slug).exists():
        stdout.write("Demo surveys: the needs survey exists already, nothing added.\n")
        return None
    content = TEXTS["needs_survey"]
    title, title_translations = _split(content["title"], year=today.year)
    intro, intro_translations = _split(content["intro"])
    now = timezone.now()
    survey = Survey.objects.create(
        slug=slug,
        title=title,
        title_translations=title_translations,
        intro=intro,
        intro_translations=intro_translations,
        audience=Survey.Audience.PUBLIC,
        anonymous=True,
        status=Survey.Status.OPEN,
        opens_at=now - timedelta(days=45),
        closes_at=now + timedelta(days=30),
    )
    questions = []
    for position, item in enumerate(content["questions"]):
        text, text_translations = _split(item["text"])
        help_text, help_translations = _split(item["help"]) if "help" in item else ("", {})
        question = Question.objects.create(
            survey=survey,
            kind=item["kind"],
            text=text,
            text_translations=text_translations,
            help_text=help_text,
            help_text_translations=help_translations,
            required=item["required"],
            position=position,
        )
        for number, choice in enumerate(item.get("choices", [])):
            german, translations = _split(choice)
            question.choices.create(text=german, text_translations=translations, position=number)
        questions.append(question)
    choices = {question.pk: list(question.choices.all()) for question in questions}
    responses = Response.objects.bulk_create(
        Response(
            survey=survey, language=rng.choice(LANGUAGES), submitted_on=today - timedelta(days=rng.randrange(0, 45))
        )
        for _ in range(NEEDS_ANSWERS)
    )
    answers: list[Answer] = []
    for response in responses:
        for question in questions:
            if not question.required and rng.random() < 0.3:
                continue
            options = choices[question.pk]
            if question.kind == Question.Kind.SINGLE:
                weights = [len(options) - i + 1 for i in range(len(options))]
                answers.append(Answer(response=response, question=question, choice=rng.choices(options, weights)[0]))
            elif question.kind == Question.Kind.MULTIPLE:
                picked = rng.sample(options, rng.randint(1, min(3, len(options))))
                answers += [Answer(response=response, question=question, choice=choice) for choice in picked]
            elif question.kind == Question.Kind.SCALE:
                answers.append(
                    Answer(
                        response=response, question=question, number=rng.choices([1, 2, 3, 4, 5], [1, 3, 5, 4, 2])[0]
                    )
                )
            elif question.kind == Question.Kind.SHORT_TEXT:
                answers.append(Answer(response=response, question=question, text=rng.choice(content["places"])))
            elif rng.random() < 0.6:
                answers.append(Answer(response=response, question=question, text=rng.choice(content["wishes"])))
    Answer.objects.bulk_create(answers)
    stdout.write(f"Demo surveys: the needs survey {today.year} with {NEEDS_ANSWERS} answers.\n")
    return survey


# --- feedback on the past demo events -----------------------------------------------------------------------


def _share(event: Event) -> float:
    return 0.45 if event.kind == Event.Kind.NETWORKING else 0.3


@transaction.atomic
def event_feedback(rng: random.Random, stdout: Any) -> int:
    """Each past published event without feedback gets its feedback survey and answers from a share of
    the people who were there (checked in, or any confirmed participant of an online event)."""
    now = timezone.now()
    pool = TEXTS["feedback"]
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lt=now)
        .exclude(pk__in=Survey.objects.filter(kind=Survey.Kind.FEEDBACK).values("event_id"))
        .order_by("starts_at", "pk")
    )
    done = 0
    for event in events:
        present = list(
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .exclude(user__email=README_MEMBER)
            .select_related("user")
            .order_by("pk")
        )
        if event.is_on_site:
            present = [r for r in present if r.checked_in_at]
        if not present:
            continue
        survey = services.feedback_survey_create(event=event, by=None, now=now)
        questions = {question.key: question for question in Question.objects.filter(survey=survey)}
        answering = rng.sample(present, round(len(present) * _share(event)))
        submitted = timezone.localtime(event.ends_at + timedelta(days=1, hours=3)).date()
        responses = Response.objects.bulk_create(
            Response(survey=survey, user=r.user, language=r.user.preferred_language, submitted_on=submitted)
            for r in answering
        )
        answers = []
        for response in responses:
            answers.append(
                Answer(
                    response=response,
                    question=questions[feedback.RATING_KEY],
                    number=rng.choices([5, 4, 3, 2], [5, 6, 2, 0.5])[0],
                )
            )
            for key, chance in (("good", 0.8), ("improve", 0.55), ("wishes", 0.7)):
                if rng.random() < chance:
                    answers.append(Answer(response=response, question=questions[key], text=rng.choice(pool[key])))
        Answer.objects.bulk_create(answers)
        done += 1
    stdout.write(f"Demo surveys: feedback on {done} past events.\n")
    return done
