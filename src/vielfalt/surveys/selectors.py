"""Reads for the survey pages, the results and their exports (a fixed number of queries each)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.events.models import Event
from vielfalt.surveys import access
from vielfalt.surveys.models import SCALE, Answer, Choice, Question, Response, Survey

TEXTS_SHOWN = 200  # per question on the results page; the exports have them all

# --- lists ------------------------------------------------------------------------------------------------


def surveys_for_staff(*, status: str = "") -> QuerySet[Survey]:
    """Every survey with its number of responses, newest first (one query)."""
    surveys = Survey.objects.select_related("event").annotate(response_count=Count("responses"))
    if status in Survey.Status.values:
        surveys = surveys.filter(status=status)
    return surveys.order_by("-created_at", "-pk")


def survey_for_staff(pk: int) -> Survey | None:
    """One survey with all its questions (archived ones too) and their options, and how many answers
    each has (three queries)."""
    answered_choices = Answer.objects.filter(choice=OuterRef("pk"))
    choices = Choice.objects.annotate(answered=Exists(answered_choices)).order_by("position", "pk")
    questions = (
        Question.objects.annotate(answer_count=Count("answers__response", distinct=True))
        .order_by("position", "pk")
        .prefetch_related(Prefetch("choices", queryset=choices))
    )
    return (
        Survey.objects.select_related("event", "district")
        .annotate(response_count=Count("responses"))
        .prefetch_related(Prefetch("questions", queryset=questions))
        .filter(pk=pk)
        .first()
    )


def open_surveys_for(user: Viewer, *, now: Any = None) -> list[Survey]:
    """The open surveys ``user`` is asked (public ones; members' ones for members). Feedback on events
    is offered on the event's page, not here. Two queries at most."""
    now = now or timezone.now()
    audiences = [Survey.Audience.PUBLIC]
    if user.is_authenticated and access.is_in_audience(user, Survey(audience=Survey.Audience.MEMBERS)):
        audiences.append(Survey.Audience.MEMBERS)
    return list(
        Survey.objects.filter(status=Survey.Status.OPEN, kind=Survey.Kind.SURVEY, audience__in=audiences)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now), Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "-pk")
    )


# --- answering ---------------------------------------------------------------------------------------------


def asked_questions(survey: Survey) -> list[Question]:
    """The questions a respondent sees, with only the offered options (two queries)."""
    offered = Choice.objects.filter(archived_at__isnull=True).order_by("position", "pk")
    return list(
        Question.objects.filter(survey=survey, archived_at__isnull=True)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("choices", queryset=offered))
    )


# --- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: LocalizedText | str
    count: int
    percent: int
    archived: bool = False


@dataclass(frozen=True)
class TextAnswer:
    text: str
    language: str


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int  # responses that answered it
    bars: list[Bar]
    average: float | None = None
    texts: list[TextAnswer] | None = None  # None: not shown to this person
    text_total: int = 0

    @property
    def texts_cut(self) -> bool:
        return self.texts is not None and self.text_total > len(self.texts)

    @property
    def chart_max(self) -> int:
        return max((bar.count for bar in self.bars), default=0)


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    with_texts: bool


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def survey_results(survey: Survey, *, with_texts: bool, texts_shown: int = TEXTS_SHOWN) -> SurveyResults:
    """Counts per option, scale distributions and averages, and (``with_texts``) the latest text
    answers of every question: six queries whatever the number of answers. Archived questions and
    options are counted too (marked), so no answer given disappears from the results."""
    questions = list(
        Question.objects.filter(survey=survey)
        .order_by(F("archived_at").asc(nulls_first=True), "position", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    )
    responses = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey)
    answered = dict(
        answers.values("question").annotate(n=Count("response", distinct=True)).values_list("question", "n")
    )
    per_choice = dict(
        answers.filter(choice__isnull=False).values("choice").annotate(n=Count("pk")).values_list("choice", "n")
    )
    per_number: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, number, n in (
        answers.filter(number__isnull=False)
        .values("question", "number")
        .annotate(n=Count("pk"))
        .values_list("question", "number", "n")
    ):
        if number is not None:
            per_number[question_id][number] = n
    texts: dict[int, list[TextAnswer]] = defaultdict(list)
    if with_texts and any(question.is_text for question in questions):
        latest = (
            answers.exclude(text="")
            .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("response_id").desc()]))
            .filter(rank__lte=texts_shown)
            .order_by("question_id", "-response_id")
            .values_list("question_id", "text", "response__language")
        )
        for question_id, text, language in latest:
            texts[question_id].append(TextAnswer(text=text, language=language))
    results = []
    for question in questions:
        count = answered.get(question.pk, 0)
        if question.has_choices:
            bars = [
                Bar(
                    label=choice.localized_text(),
                    count=per_choice.get(choice.pk, 0),
                    percent=_percent(per_choice.get(choice.pk, 0), count),
                    archived=choice.is_archived,
                )
                for choice in question.choices.all()
                if not choice.is_archived or per_choice.get(choice.pk)
            ]
            results.append(QuestionResult(question=question, answered=count, bars=bars))
        elif question.kind == Question.Kind.SCALE:
            numbers = per_number.get(question.pk, {})
            total = sum(numbers.values())
            average = sum(value * n for value, n in numbers.items()) / total if total else None
            bars = [
                Bar(label=str(value), count=numbers.get(value, 0), percent=_percent(numbers.get(value, 0), total))
                for value in SCALE
            ]
            results.append(QuestionResult(question=question, answered=count, bars=bars, average=average))
        else:
            shown = texts.get(question.pk, []) if with_texts else None
            results.append(QuestionResult(question=question, answered=count, bars=[], texts=shown, text_total=count))
    return SurveyResults(survey=survey, responses=responses, questions=results, with_texts=with_texts)


# --- exports -------------------------------------------------------------------------------------------------


def export_table(survey: Survey, *, chunk: int = 500) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and one row per response: a running number, the language, then each question's answer
    (options joined by "; "). No name, no date: a row must not lead back to the person. Reads the
    responses in chunks (two queries per chunk)."""
    questions = list(
        Question.objects.filter(survey=survey)
        .order_by(F("archived_at").asc(nulls_first=True), "position", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    )
    choice_text = {choice.pk: choice.text for question in questions for choice in question.choices.all()}
    headers = [_("Nr."), _("Sprache"), *(question.text for question in questions)]

    def rows() -> Iterator[list[Any]]:
        responses = (
            Response.objects.filter(survey=survey)
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.only("response_id", "question_id", "choice_id", "number", "text").order_by(
                        "pk"
                    ),
                )
            )
        )
        for number, response in enumerate(responses.iterator(chunk_size=chunk), start=1):
            values: dict[int, list[str]] = defaultdict(list)
            for answer in response.answers.all():
                if answer.choice_id is not None:
                    values[answer.question_id].append(choice_text.get(answer.choice_id, ""))
                elif answer.number is not None:
                    values[answer.question_id].append(str(answer.number))
                else:
                    values[answer.question_id].append(answer.text)
            row: list[Any] = [number, response.language]
            for question in questions:
                found = values.get(question.pk, [])
                if question.kind == Question.Kind.SCALE and found:
                    row.append(int(found[0]))
                else:
                    row.append("; ".join(found))
            yield row

    return [str(header) for header in headers], rows()


# --- the staff dashboard, the event pages ---------------------------------------------------------------


@dataclass(frozen=True)
class DashboardCounts:
    open: int
    drafts: int
    responses_30_days: int


def dashboard_counts(*, today: date | None = None) -> DashboardCounts:
    """The staff tile's numbers (two queries)."""
    today = today or timezone.localdate()
    counts = Survey.objects.filter(kind=Survey.Kind.SURVEY).aggregate(
        open=Count("pk", filter=Q(status=Survey.Status.OPEN)), drafts=Count("pk", filter=Q(status=Survey.Status.DRAFT))
    )
    recent = Response.objects.filter(submitted_on__gt=today - timedelta(days=30)).count()
    return DashboardCounts(open=counts["open"], drafts=counts["drafts"], responses_30_days=recent)


def feedback_survey_of(event: Event) -> Survey | None:
    """The event's feedback survey with its number of responses (one query), or None."""
    return (
        Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK)
        .annotate(response_count=Count("responses"))
        .first()
    )


# --- figures, personal data -----------------------------------------------------------------------------


def responses_by_year_and_district(years: Sequence[int]) -> dict[tuple[int, str, str], int]:
    """How many questionnaires were filled in, per year and district of the survey (one query)."""
    rows = (
        Response.objects.filter(submitted_on__year__in=list(years))
        .annotate(year=ExtractYear("submitted_on"))
        .values("year", "survey__district__ags")
        .annotate(n=Count("pk"))
        .values_list("year", "survey__district__ags", "n")
    )
    cells: dict[tuple[int, str, str], int] = defaultdict(int)
    for year, ags, n in rows:
        cells[(int(year), ags or "", "")] += n
    return dict(cells)


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """The answers ``user`` gave to non-anonymous surveys (anonymous ones are linked to nobody)."""
    responses = (
        Response.objects.filter(user=user)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question", "choice").order_by("question__position", "pk"),
            )
        )
        .order_by("pk")
    )
    exported = []
    for response in responses:
        answers: dict[str, list[Any]] = defaultdict(list)
        for answer in response.answers.all():
            if answer.choice is not None:
                value: Any = answer.choice.text
            elif answer.number is not None:
                value = answer.number
            else:
                value = answer.text
            answers[answer.question.text].append(value)
        exported.append(
            {
                "survey": response.survey.title,
                "submitted_on": response.submitted_on.isoformat(),
                "language": response.language,
                "answers": {
                    question: values[0] if len(values) == 1 else values for question, values in answers.items()
                },
            }
        )
    return exported
