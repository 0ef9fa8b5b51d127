"""Reads for an event's documentation and its feedback results (a fixed number of queries each)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch
from django.utils.safestring import SafeString
from django.utils.text import slugify

from vielfalt.core.lib import richtext
from vielfalt.core.lib.uploads import document_type_of
from vielfalt.events.documentation.services import FEEDBACK_QUESTIONS, RATING_QUESTION, RATINGS, Question
from vielfalt.events.models import (
    Documentation,
    DocumentationFile,
    DocumentationImage,
    Event,
    FeedbackAnswer,
    FeedbackResponse,
)

# --- documentation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachedFile:
    file: DocumentationFile
    type_label: str
    download_name: str


@dataclass(frozen=True)
class DocumentationPage:
    documentation: Documentation
    body: SafeString
    images: list[DocumentationImage]
    files: list[AttachedFile]

    @property
    def is_empty(self) -> bool:
        return not (self.documentation.summary or self.body or self.images or self.files)


def documentation_of(event: Event) -> Documentation | None:
    return Documentation.objects.filter(event=event).first()


def _attached(file: DocumentationFile) -> AttachedFile:
    kind = document_type_of(file.file.name or "")
    extension = kind.extension if kind else file.file.name.rsplit(".", 1)[-1]
    return AttachedFile(
        file=file,
        type_label=str(kind.label) if kind else extension.upper(),
        download_name=f"{slugify(file.title)[:80] or 'datei'}.{extension}",
    )


def documentation_page(event: Event) -> DocumentationPage | None:
    """The documentation of ``event`` with its photos and files (three queries), or None."""
    documentation = (
        Documentation.objects.filter(event=event).prefetch_related(Prefetch("images"), Prefetch("files")).first()
    )
    if documentation is None:
        return None
    return DocumentationPage(
        documentation=documentation,
        body=richtext.render(documentation.body),
        images=list(documentation.images.all()),
        files=[_attached(file) for file in documentation.files.all()],
    )


# --- feedback results ------------------------------------------------------------------------------------

TEXTS_SHOWN = 200  # per question on the page; the CSV export has them all


@dataclass(frozen=True)
class RatingRow:
    rating: int
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class TextAnswer:
    text: str
    language: str


@dataclass(frozen=True)
class TextAnswers:
    question: Question
    answers: list[TextAnswer]
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.answers)


@dataclass(frozen=True)
class FeedbackResults:
    responses: int
    rated: int
    average: float | None
    distribution: list[RatingRow]
    texts: list[TextAnswers]


def feedback_results(event: Event, *, texts_shown: int = TEXTS_SHOWN) -> FeedbackResults:
    """How participants rated ``event`` and what they wrote, without who (two queries, and one or two per text question)."""
    responses = FeedbackResponse.objects.filter(event=event).count()
    answers = FeedbackAnswer.objects.filter(response__event=event)
    counts = dict(
        answers.filter(question=RATING_QUESTION, rating__isnull=False)
        .values("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    rated = sum(counts.values())
    average = sum(value * n for value, n in counts.items()) / rated if rated else None
    distribution = [
        RatingRow(
            rating=value,
            label=str(label),
            count=counts.get(value, 0),
            percent=round(100 * counts.get(value, 0) / rated) if rated else 0,
        )
        for value, label in RATINGS
    ]
    texts = []
    for question in FEEDBACK_QUESTIONS:
        if question.kind != "text":
            continue
        written = answers.filter(question=question.key).exclude(text="")
        shown = [
            TextAnswer(text=text, language=language)
            for text, language in written.order_by("-response__created_at", "-pk").values_list(
                "text", "response__language"
            )[:texts_shown]
        ]
        total = len(shown) if len(shown) < texts_shown else written.count()
        texts.append(TextAnswers(question=question, answers=shown, total=total))
    return FeedbackResults(
        responses=responses,
        rated=rated,
        average=average,
        distribution=distribution,
        texts=texts,
    )


def feedback_export_rows(event: Event, *, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """One row per response (a running number, the language, question keys → answers), read in chunks.

    No date and no name: a row must not lead back to the person who answered.
    """
    responses = (
        FeedbackResponse.objects.filter(event=event)
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch("answers", queryset=FeedbackAnswer.objects.only("response_id", "question", "rating", "text"))
        )
    )
    for number, response in enumerate(responses.iterator(chunk_size=chunk), start=1):
        row: dict[str, Any] = {"number": number, "language": response.language}
        for answer in response.answers.all():
            row[answer.question] = answer.rating if answer.rating is not None else answer.text
        yield row
