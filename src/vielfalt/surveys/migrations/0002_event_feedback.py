# The event feedback moves here: each event's FeedbackResponse/FeedbackAnswer rows (events.0001) become
# a feedback survey of that event with the four standard questions, its responses and answers.
# events.0006 removes the old tables after this copy.
#
# The function works on plain rows (``read_old`` → ``write_new``), so a test can feed it old rows
# without the old tables (``surveys/tests/test_migration_feedback.py``).

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

OPEN_AFTER_END = timedelta(days=60)  # as surveys.feedback.OPEN_AFTER_END when this was written

# key, kind, German text, German hint, required — the questions of the old feedback form.
QUESTIONS = (
    ("overall", "scale", "Wie bewerten Sie die Veranstaltung insgesamt?", "1 bedeutet schlecht, 5 bedeutet sehr gut.", True),
    ("good", "long_text", "Was war gut?", "", False),
    ("improve", "long_text", "Was sollten wir besser machen?", "", False),
    ("wishes", "long_text", "Zu welchen Themen wünschen Sie sich Angebote?", "", False),
)
INTRO = (
    "Wie war die Veranstaltung? Ihre Antworten helfen uns, die nächsten Treffen und unsere Angebote zu planen. "
    "Wir werten sie ohne Namen aus: Niemand sieht, wer was geantwortet hat."
)
TITLE = "Rückmeldung: %(title)s"


@dataclass
class OldResponse:
    event_id: int
    user_id: int | None
    language: str
    created_at: datetime
    # question key -> (rating, text)
    answers: dict[str, tuple[int | None, str]] = field(default_factory=dict)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != "de"]


def _translations(german: str) -> dict[str, str]:
    if not german:
        return {}
    result = {}
    for code in _languages():
        with translation.override(code):
            text = gettext(german)
        if text and text != german:
            result[code] = text
    return result


def _title(event: Any) -> tuple[str, dict[str, str]]:
    translations = {}
    for code in _languages():
        with translation.override(code):
            pattern = gettext(TITLE)
        title = (event.title_translations or {}).get(code) or event.title
        if pattern != TITLE or title != event.title:
            translations[code] = (pattern % {"title": title})[:200]
    return (TITLE % {"title": event.title})[:200], translations


def read_old(apps: Any) -> list[OldResponse]:
    FeedbackResponse = apps.get_model("events", "FeedbackResponse")
    FeedbackAnswer = apps.get_model("events", "FeedbackAnswer")
    responses = {
        pk: OldResponse(event_id=event_id, user_id=user_id, language=language or "", created_at=created_at)
        for pk, event_id, user_id, language, created_at in FeedbackResponse.objects.order_by("created_at", "pk").values_list(
            "pk", "event_id", "registration__user_id", "language", "created_at"
        )
    }
    for response_id, question, rating, text in FeedbackAnswer.objects.values_list("response_id", "question", "rating", "text"):
        if response_id in responses:
            responses[response_id].answers[question] = (rating, text or "")
    return list(responses.values())


def _slug(Survey: Any, event_slug: str) -> str:
    base = ("rueckmeldung-" + slugify(event_slug))[:80].strip("-")
    slug, number = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _feedback_survey(apps: Any, event: Any, now: datetime) -> Any:
    Survey = apps.get_model("surveys", "Survey")
    Question = apps.get_model("surveys", "Question")
    survey = Survey.objects.filter(event=event, kind="feedback").first()
    if survey is None:
        title, title_translations = _title(event)
        closes_at = event.ends_at + OPEN_AFTER_END
        survey = Survey.objects.create(
            slug=_slug(Survey, event.slug),
            kind="feedback",
            title=title,
            title_translations=title_translations,
            intro=INTRO,
            intro_translations=_translations(INTRO),
            audience="participants",
            event=event,
            anonymous=False,
            status="closed" if now >= closes_at else "open",
            opens_at=event.starts_at,
            closes_at=closes_at,
            district_id=event.district_id,
        )
    existing = set(Question.objects.filter(survey=survey).values_list("key", flat=True))
    Question.objects.bulk_create(
        Question(
            survey=survey,
            key=key,
            kind=kind,
            text=text,
            text_translations=_translations(text),
            help_text=hint,
            help_text_translations=_translations(hint),
            required=required,
            position=position,
        )
        for position, (key, kind, text, hint, required) in enumerate(QUESTIONS)
        if key not in existing
    )
    return survey


def write_new(apps: Any, old: list[OldResponse], *, now: datetime | None = None) -> int:
    """Copy ``old`` responses into feedback surveys (one per event); returns how many were copied."""
    now = now or timezone.now()
    Event = apps.get_model("events", "Event")
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    by_event: dict[int, list[OldResponse]] = defaultdict(list)
    for response in old:
        by_event[response.event_id].append(response)
    copied = 0
    for event in Event.objects.filter(pk__in=list(by_event)).order_by("pk"):
        survey = _feedback_survey(apps, event, now)
        questions = {question.key: question for question in Question.objects.filter(survey=survey)}
        seen = set(Response.objects.filter(survey=survey, user__isnull=False).values_list("user_id", flat=True))
        for item in by_event[event.pk]:
            # One answer per person: a second response of the same account (never allowed, but kept) stays unlinked.
            user_id = item.user_id if item.user_id is not None and item.user_id not in seen else None
            if user_id is not None:
                seen.add(user_id)
            submitted: date = timezone.localtime(item.created_at).date() if timezone.is_aware(item.created_at) else item.created_at.date()
            response = Response.objects.create(
                survey=survey, user_id=user_id, language=item.language[:8], submitted_on=submitted
            )
            rows = []
            for key, (rating, text) in item.answers.items():
                question = questions.get(key)
                if question is None:
                    continue
                if question.kind == "scale":
                    if rating is not None and 1 <= rating <= 5:
                        rows.append(Answer(response=response, question=question, number=rating))
                elif text.strip():
                    rows.append(Answer(response=response, question=question, text=text.strip()[:4000]))
            Answer.objects.bulk_create(rows)
            copied += 1
    return copied


def copy_feedback(apps: Any, schema_editor: Any) -> None:
    write_new(apps, read_old(apps))


def copy_feedback_back(apps: Any, schema_editor: Any) -> None:
    """Back to the old tables (for a rollback): ratings and texts of the standard questions."""
    Survey = apps.get_model("surveys", "Survey")
    Answer = apps.get_model("surveys", "Answer")
    Registration = apps.get_model("events", "Registration")
    FeedbackResponse = apps.get_model("events", "FeedbackResponse")
    FeedbackAnswer = apps.get_model("events", "FeedbackAnswer")
    for survey in Survey.objects.filter(kind="feedback").order_by("pk"):
        for response in survey.responses.order_by("pk"):
            registration = None
            if response.user_id is not None:
                registration = (
                    Registration.objects.filter(event_id=survey.event_id, user_id=response.user_id, status="confirmed")
                    .exclude(feedback__isnull=False)
                    .first()
                )
            old = FeedbackResponse.objects.create(
                event_id=survey.event_id, registration=registration, language=response.language
            )
            rows = []
            for answer in Answer.objects.filter(response=response, question__key__in=[q[0] for q in QUESTIONS]).select_related("question"):
                rows.append(
                    FeedbackAnswer(response=old, question=answer.question.key, rating=answer.number, text=answer.text)
                )
            FeedbackAnswer.objects.bulk_create(rows)
    Answer.objects.filter(question__survey__kind="feedback").delete()
    Survey.objects.filter(kind="feedback").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("events", "0005_plain_german_terms"),
    ]

    operations = [migrations.RunPython(copy_feedback, copy_feedback_back)]
