"""Writes on surveys: building them, opening and closing, answering, the event feedback.

Every function is one transaction and records what it did in the audit log — except what a
respondent does, which is logged without an actor (the log must not tell who answered what).
A question or answer option that has answers is archived instead of deleted, and its kind can no
longer change: answers given are never lost or reinterpreted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.events.models import Event
from vielfalt.regions.models import District
from vielfalt.surveys import access, feedback, selectors
from vielfalt.surveys.models import (
    CHOICE_MAX,
    INTRO_MAX,
    QUESTION_MAX,
    SCALE,
    TITLE_MAX,
    Answer,
    Choice,
    Question,
    Response,
    Survey,
)

MAX_QUESTIONS = 60
MAX_CHOICES = 30

# --- building a survey -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyInput:
    title: str
    title_translations: dict[str, str] = field(default_factory=dict)
    intro: str = ""
    intro_translations: dict[str, str] = field(default_factory=dict)
    audience: str = Survey.Audience.PUBLIC
    event: Event | None = None
    anonymous: bool = True
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    district: District | None = None

    @classmethod
    def of(cls, survey: Survey, **changes: Any) -> SurveyInput:
        current = cls(
            title=survey.title,
            title_translations=dict(survey.title_translations),
            intro=survey.intro,
            intro_translations=dict(survey.intro_translations),
            audience=survey.audience,
            event=survey.event,
            anonymous=survey.anonymous,
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            district=survey.district,
        )
        return replace(current, **changes)


def _check_survey_input(data: SurveyInput) -> SurveyInput:
    title = data.title.strip()
    if not title:
        raise ApplicationError(_("Bitte geben Sie der Umfrage einen Titel."), field="title")
    if len(title) > TITLE_MAX:
        raise ApplicationError(_("Der Titel ist zu lang."), field="title")
    if len(data.intro) > INTRO_MAX:
        raise ApplicationError(_("Die Einleitung ist zu lang."), field="intro")
    if data.audience not in Survey.Audience.values:
        raise ApplicationError(_("Bitte wählen Sie, wer antworten kann."), field="audience")
    if data.audience == Survey.Audience.PARTICIPANTS and data.event is None:
        raise ApplicationError(
            _("Bitte wählen Sie die Veranstaltung, deren Teilnehmende antworten sollen."), field="event"
        )
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise ApplicationError(_("Das Ende muss nach dem Beginn liegen."), field="closes_at")
    event = data.event if data.audience == Survey.Audience.PARTICIPANTS else None
    district = data.district if data.district is not None else (event.district if event else None)
    return replace(data, title=title, intro=data.intro.strip(), event=event, district=district)


def _unique_slug(text: str, *, prefix: str = "") -> str:
    base = (prefix + slugify(text))[:80].strip("-") or "umfrage"
    slug, number = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def survey_create(*, by: User, data: SurveyInput) -> Survey:
    """A new survey, as a draft without questions."""
    data = _check_survey_input(data)
    survey = Survey.objects.create(
        slug=_unique_slug(data.title),
        kind=Survey.Kind.SURVEY,
        title=data.title,
        title_translations=data.title_translations,
        intro=data.intro,
        intro_translations=data.intro_translations,
        audience=data.audience,
        event=data.event,
        anonymous=data.anonymous,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        district=data.district,
        created_by=by,
    )
    audit_record(actor=by, action="survey.created", target=survey)
    return survey


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update(of=("self",)).select_related("event").get(pk=survey.pk)


@transaction.atomic
def survey_update(*, survey: Survey, by: User, data: SurveyInput) -> list[str]:
    """Change a survey's texts and settings; who may answer and the anonymity stay as they are once
    answers came in (people answered on that promise). Returns the changed fields."""
    survey = _locked(survey)
    data = _check_survey_input(data)
    if survey.is_feedback and (data.audience != survey.audience or data.event != survey.event):
        raise ApplicationError(
            _("Die Rückmeldung gehört zu ihrer Veranstaltung: Wer antworten kann, bleibt gleich."), field="audience"
        )
    answered = Response.objects.filter(survey=survey).exists()
    if answered and (data.audience != survey.audience or data.event != survey.event):
        raise ApplicationError(
            _("Es sind schon Antworten eingegangen: Wer antworten kann, lässt sich nicht mehr ändern."),
            field="audience",
        )
    if answered and data.anonymous != survey.anonymous:
        raise ApplicationError(
            _("Es sind schon Antworten eingegangen: Ob die Umfrage anonym ist, lässt sich nicht mehr ändern."),
            field="anonymous",
        )
    values = {
        "title": data.title,
        "title_translations": data.title_translations,
        "intro": data.intro,
        "intro_translations": data.intro_translations,
        "audience": data.audience,
        "event": data.event,
        "anonymous": data.anonymous,
        "opens_at": data.opens_at,
        "closes_at": data.closes_at,
        "district": data.district,
    }
    changed = [name for name, value in values.items() if getattr(survey, name) != value]
    if changed:
        for name in changed:
            setattr(survey, name, values[name])
        survey.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=by, action="survey.updated", target=survey, data={"fields": changed})
    return changed


def open_problems(survey: Survey) -> list[str]:
    """What keeps ``survey`` from being opened (messages), or an empty list."""
    questions = list(
        Question.objects.filter(survey=survey, archived_at__isnull=True)
        .prefetch_related("choices")
        .order_by("position")
    )
    problems = []
    if not questions:
        problems.append(_("Die Umfrage hat noch keine Frage."))
    for question in questions:
        if question.has_choices and sum(1 for c in question.choices.all() if not c.is_archived) < 2:
            problems.append(
                _("Die Frage „%(question)s“ braucht mindestens zwei Antwortmöglichkeiten.")
                % {"question": question.text}
            )
    return problems


@transaction.atomic
def survey_set_status(*, survey: Survey, by: User, status: str) -> None:
    """Open (publish or reopen), close, or take back to a draft (only while nobody answered)."""
    survey = _locked(survey)
    if status not in Survey.Status.values:
        raise ApplicationError(_("Diesen Status gibt es nicht."))
    if status == survey.status:
        return
    if status == Survey.Status.OPEN:
        problems = open_problems(survey)
        if problems:
            raise ApplicationError(" ".join(problems), code="incomplete")
    if status == Survey.Status.DRAFT and Response.objects.filter(survey=survey).exists():
        raise ApplicationError(
            _(
                "Es sind schon Antworten eingegangen: Die Umfrage kann kein Entwurf mehr werden. Sie können sie beenden."
            ),
            code="answered",
        )
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    action = {"open": "survey.opened", "closed": "survey.closed", "draft": "survey.withdrawn"}[status]
    audit_record(actor=by, action=action, target=survey)


@transaction.atomic
def survey_delete(*, survey: Survey, by: User) -> None:
    """Delete a survey nobody answered (an answered one can only be closed)."""
    survey = _locked(survey)
    if Response.objects.filter(survey=survey).exists():
        raise ApplicationError(
            _("Es sind schon Antworten eingegangen: Die Umfrage kann nicht gelöscht werden. Sie können sie beenden.")
        )
    audit_record(actor=by, action="survey.deleted", target=survey, data={"title": survey.title})
    survey.delete()


# --- questions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    text_translations: dict[str, str] = field(default_factory=dict)
    help_text: str = ""
    help_text_translations: dict[str, str] = field(default_factory=dict)
    required: bool = False
    # German texts of new answer options (one per line in the form; only when creating).
    choices: tuple[str, ...] = ()


def _check_question_input(data: QuestionInput) -> QuestionInput:
    if data.kind not in Question.Kind.values:
        raise ApplicationError(_("Bitte wählen Sie die Art der Frage."), field="kind")
    text = data.text.strip()
    if not text:
        raise ApplicationError(_("Bitte schreiben Sie die Frage."), field="text")
    if len(text) > QUESTION_MAX:
        raise ApplicationError(_("Die Frage ist zu lang."), field="text")
    choices = tuple(line.strip() for line in data.choices if line.strip())
    if len(choices) > MAX_CHOICES:
        raise ApplicationError(
            ngettext(
                "Eine Frage hat höchstens %(count)d Antwortmöglichkeit.",
                "Eine Frage hat höchstens %(count)d Antwortmöglichkeiten.",
                MAX_CHOICES,
            )
            % {"count": MAX_CHOICES},
            field="choices",
        )
    if any(len(choice) > CHOICE_MAX for choice in choices):
        raise ApplicationError(
            _("Eine Antwortmöglichkeit ist zu lang (höchstens %(count)d Zeichen).") % {"count": CHOICE_MAX},
            field="choices",
        )
    if len(set(choices)) != len(choices):
        raise ApplicationError(_("Jede Antwortmöglichkeit darf nur einmal vorkommen."), field="choices")
    return replace(data, text=text, help_text=data.help_text.strip(), choices=choices)


def _next_position(items: QuerySet[Any]) -> int:
    last = items.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def question_create(*, survey: Survey, by: User, data: QuestionInput) -> Question:
    """Add a question at the end (with its answer options, for a choice question)."""
    survey = _locked(survey)
    data = _check_question_input(data)
    if Question.objects.filter(survey=survey, archived_at__isnull=True).count() >= MAX_QUESTIONS:
        raise ApplicationError(
            ngettext(
                "Eine Umfrage hat höchstens %(count)d Frage.",
                "Eine Umfrage hat höchstens %(count)d Fragen.",
                MAX_QUESTIONS,
            )
            % {"count": MAX_QUESTIONS}
        )
    question = Question.objects.create(
        survey=survey,
        kind=data.kind,
        text=data.text,
        text_translations=data.text_translations,
        help_text=data.help_text,
        help_text_translations=data.help_text_translations,
        required=data.required,
        position=_next_position(Question.objects.filter(survey=survey)),
    )
    if question.has_choices:
        Choice.objects.bulk_create(
            Choice(question=question, text=text, position=number) for number, text in enumerate(data.choices)
        )
    audit_record(actor=by, action="survey.question_added", target=survey, data={"question": question.pk})
    return question


def _locked_question(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("survey").get(pk=question.pk)


@transaction.atomic
def question_update(*, question: Question, by: User, data: QuestionInput) -> list[str]:
    """Change a question's text, hint or whether it is required; its kind only while unanswered."""
    question = _locked_question(question)
    data = _check_question_input(data)
    if data.kind != question.kind and Answer.objects.filter(question=question).exists():
        raise ApplicationError(
            _("Auf diese Frage gibt es schon Antworten: Ihre Art lässt sich nicht mehr ändern."), field="kind"
        )
    if data.kind != question.kind and question.has_choices and data.kind not in Question.CHOICE_KINDS:
        Choice.objects.filter(question=question).delete()  # unanswered (checked above)
    values = {
        "kind": data.kind,
        "text": data.text,
        "text_translations": data.text_translations,
        "help_text": data.help_text,
        "help_text_translations": data.help_text_translations,
        "required": data.required,
    }
    changed = [name for name, value in values.items() if getattr(question, name) != value]
    if changed:
        for name in changed:
            setattr(question, name, values[name])
        question.save(update_fields=changed)
        audit_record(
            actor=by,
            action="survey.question_changed",
            target=question.survey,
            data={"question": question.pk, "fields": changed},
        )
    return changed


Direction = Literal["up", "down"]


def _swap(items: Sequence[Question | Choice], item: Question | Choice, direction: str) -> bool:
    """Move ``item`` one place within ``items`` (ordered), renumbering all of them; False at an end."""
    ordered: list[Question | Choice] = list(items)
    index = next(i for i, candidate in enumerate(ordered) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, candidate in enumerate(ordered):
        if candidate.position != position:
            candidate.position = position
            candidate.save(update_fields=["position"])
    return True


@transaction.atomic
def question_move(*, question: Question, by: User, direction: str) -> bool:
    """Move a question one place up or down among the questions asked."""
    question = _locked_question(question)
    if question.is_archived:
        return False
    siblings = Question.objects.select_for_update().filter(survey_id=question.survey_id, archived_at__isnull=True)
    moved = _swap(list(siblings.order_by("position", "pk")), question, direction)
    if moved:
        audit_record(actor=by, action="survey.questions_reordered", target=question.survey)
    return moved


@transaction.atomic
def question_remove(*, question: Question, by: User, now: datetime | None = None) -> Literal["deleted", "archived"]:
    """Delete an unanswered question; archive an answered one (no longer asked, still in the results)."""
    question = _locked_question(question)
    if Answer.objects.filter(question=question).exists():
        if not question.is_archived:
            question.archived_at = now or timezone.now()
            question.save(update_fields=["archived_at"])
            audit_record(
                actor=by, action="survey.question_archived", target=question.survey, data={"question": question.pk}
            )
        return "archived"
    audit_record(actor=by, action="survey.question_deleted", target=question.survey, data={"text": question.text[:200]})
    question.delete()
    return "deleted"


@transaction.atomic
def question_restore(*, question: Question, by: User) -> None:
    """Ask an archived question again (at the end)."""
    question = _locked_question(question)
    if not question.is_archived:
        return
    question.archived_at = None
    question.position = _next_position(Question.objects.filter(survey_id=question.survey_id))
    question.save(update_fields=["archived_at", "position"])
    audit_record(actor=by, action="survey.question_restored", target=question.survey, data={"question": question.pk})


# --- answer options ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceInput:
    text: str
    text_translations: dict[str, str] = field(default_factory=dict)


def _check_choice(question: Question, data: ChoiceInput, *, exclude: int | None = None) -> ChoiceInput:
    text = data.text.strip()
    if not text:
        raise ApplicationError(_("Bitte schreiben Sie die Antwortmöglichkeit."), field="text")
    if len(text) > CHOICE_MAX:
        raise ApplicationError(_("Die Antwortmöglichkeit ist zu lang."), field="text")
    twins = Choice.objects.filter(question=question, text=text, archived_at__isnull=True)
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        raise ApplicationError(_("Diese Antwortmöglichkeit gibt es schon."), field="text")
    return replace(data, text=text)


@transaction.atomic
def choice_create(*, question: Question, by: User, data: ChoiceInput) -> Choice:
    question = _locked_question(question)
    if not question.has_choices:
        raise ApplicationError(_("Diese Frage hat keine Antwortmöglichkeiten."))
    data = _check_choice(question, data)
    if Choice.objects.filter(question=question, archived_at__isnull=True).count() >= MAX_CHOICES:
        raise ApplicationError(
            ngettext(
                "Eine Frage hat höchstens %(count)d Antwortmöglichkeit.",
                "Eine Frage hat höchstens %(count)d Antwortmöglichkeiten.",
                MAX_CHOICES,
            )
            % {"count": MAX_CHOICES},
            field="text",
        )
    choice = Choice.objects.create(
        question=question,
        text=data.text,
        text_translations=data.text_translations,
        position=_next_position(Choice.objects.filter(question=question)),
    )
    audit_record(actor=by, action="survey.question_changed", target=question.survey, data={"question": question.pk})
    return choice


def _locked_choice(choice: Choice) -> Choice:
    return Choice.objects.select_for_update().select_related("question__survey").get(pk=choice.pk)


@transaction.atomic
def choice_update(*, choice: Choice, by: User, data: ChoiceInput) -> bool:
    """Change an option's text (its answers stay with it: correct a typo, add a translation)."""
    choice = _locked_choice(choice)
    data = _check_choice(choice.question, data, exclude=choice.pk)
    if (choice.text, choice.text_translations) == (data.text, data.text_translations):
        return False
    choice.text, choice.text_translations = data.text, data.text_translations
    choice.save(update_fields=["text", "text_translations"])
    audit_record(
        actor=by, action="survey.question_changed", target=choice.question.survey, data={"question": choice.question_id}
    )
    return True


@transaction.atomic
def choice_move(*, choice: Choice, by: User, direction: str) -> bool:
    choice = _locked_choice(choice)
    if choice.is_archived:
        return False
    siblings = Choice.objects.select_for_update().filter(question_id=choice.question_id, archived_at__isnull=True)
    return _swap(list(siblings.order_by("position", "pk")), choice, direction)


@transaction.atomic
def choice_remove(*, choice: Choice, by: User, now: datetime | None = None) -> Literal["deleted", "archived"]:
    """Delete an option nobody chose; archive a chosen one (no longer offered, still counted)."""
    choice = _locked_choice(choice)
    survey = choice.question.survey
    if Answer.objects.filter(choice=choice).exists():
        if not choice.is_archived:
            choice.archived_at = now or timezone.now()
            choice.save(update_fields=["archived_at"])
            audit_record(
                actor=by, action="survey.question_changed", target=survey, data={"question": choice.question_id}
            )
        return "archived"
    choice.delete()
    audit_record(actor=by, action="survey.question_changed", target=survey, data={"question": choice.question_id})
    return "deleted"


@transaction.atomic
def choice_restore(*, choice: Choice, by: User) -> None:
    choice = _locked_choice(choice)
    if not choice.is_archived:
        return
    choice.archived_at = None
    choice.position = _next_position(Choice.objects.filter(question_id=choice.question_id))
    choice.save(update_fields=["archived_at", "position"])
    audit_record(
        actor=by, action="survey.question_changed", target=choice.question.survey, data={"question": choice.question_id}
    )


# --- answering -----------------------------------------------------------------------------------------

AnswerValue = int | str | list[int] | None


def _too_long(limit: int) -> str:
    return ngettext(
        "Bitte schreiben Sie höchstens %(count)d Zeichen.", "Bitte schreiben Sie höchstens %(count)d Zeichen.", limit
    ) % {"count": limit}


def _clean_answers(questions: Sequence[Question], answers: Mapping[int, AnswerValue]) -> list[Answer]:
    """The rows to store for ``answers`` (question id → value), or ApplicationError naming the field
    ``q<id>`` of the first wrong answer. Nothing is written here."""
    known = {question.pk: question for question in questions}
    unknown = set(answers) - set(known)
    if unknown:
        raise ApplicationError(
            _("Die Umfrage wurde inzwischen geändert. Bitte prüfen Sie Ihre Antworten und senden Sie sie noch einmal."),
            code="unknown_question",
        )
    rows: list[Answer] = []
    for question in questions:
        name = f"q{question.pk}"
        value = answers.get(question.pk)
        empty = value is None or value == "" or value == []
        if empty:
            if question.required:
                raise ApplicationError(_("Bitte beantworten Sie diese Frage."), field=name, code="required")
            continue
        if question.has_choices:
            offered = {choice.pk: choice for choice in question.choices.all() if not choice.is_archived}
            chosen: list[Any] = list(value) if isinstance(value, list) else [value]
            if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
                raise ApplicationError(_("Bitte wählen Sie genau eine Antwort."), field=name, code="invalid_choice")
            if any(not isinstance(item, int) or isinstance(item, bool) or item not in offered for item in chosen):
                raise ApplicationError(
                    _("Diese Antwort steht nicht zur Auswahl. Bitte wählen Sie eine der angebotenen Antworten."),
                    field=name,
                    code="invalid_choice",
                )
            rows += [Answer(question=question, choice=offered[item]) for item in dict.fromkeys(chosen)]
        elif question.kind == Question.Kind.SCALE:
            if not isinstance(value, int) or isinstance(value, bool) or value not in SCALE:
                raise ApplicationError(_("Bitte wählen Sie eine Zahl von 1 bis 5."), field=name, code="invalid_scale")
            rows.append(Answer(question=question, number=value))
        else:
            text = str(value).strip()
            if len(text) > question.text_max:
                raise ApplicationError(_too_long(question.text_max), field=name, code="too_long")
            if text:
                rows.append(Answer(question=question, text=text))
            elif question.required:
                raise ApplicationError(_("Bitte beantworten Sie diese Frage."), field=name, code="required")
    return rows


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    user: Viewer,
    answers: Mapping[int, AnswerValue],
    language: str,
    now: datetime | None = None,
) -> Response:
    """Store one filled-in questionnaire, all of it or nothing.

    ``answers`` maps question ids to the chosen option id (single choice), a list of option ids
    (multiple choice), a number 1–5 (scale) or a text. Anonymous surveys store no account; a
    non-anonymous survey takes one response per person (a unique constraint holds it when two
    submissions race).
    """
    # The survey's row is locked: a survey being closed or changed waits for this answer, or the other way round.
    survey = _locked(survey)
    refusal = access.answer_refusal(user, survey, now=now)
    if refusal is not None:
        raise ApplicationError(refusal.message, code=refusal.code)
    rows = _clean_answers(selectors.asked_questions(survey), answers)
    if not rows:
        raise ApplicationError(_("Bitte beantworten Sie mindestens eine Frage."), code="empty")
    respondent = None if survey.anonymous or not user.is_authenticated else user
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                user=respondent,
                language=language[:8],
                submitted_on=timezone.localdate(now) if now else timezone.localdate(),
            )
    except IntegrityError:
        raise ApplicationError(
            _("Sie haben an dieser Umfrage schon teilgenommen. Vielen Dank!"), code="answered"
        ) from None
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    # No actor: the log must not tell who answered.
    audit_record(actor=None, action="survey.response_received", target=survey)
    return response


# --- the event feedback ----------------------------------------------------------------------------------


def feedback_survey_of(event: Event) -> Survey | None:
    return Survey.objects.filter(event=event, kind=Survey.Kind.FEEDBACK).first()


def _feedback_status(event: Event, now: datetime) -> str:
    return Survey.Status.CLOSED if now >= event.ends_at + feedback.OPEN_AFTER_END else Survey.Status.OPEN


@transaction.atomic
def feedback_survey_create(*, event: Event, by: User | None, now: datetime | None = None) -> Survey:
    """The event's feedback survey from the standard questions (the existing one if there is one).

    It asks the event's participants (confirmed places), keeps who answered only to allow one
    answer per person, and takes answers from the start of the event until ``OPEN_AFTER_END`` after it.
    """
    now = now or timezone.now()
    Event.objects.select_for_update().filter(pk=event.pk).first()  # two clicks at once create one survey
    existing = feedback_survey_of(event)
    if existing is not None:
        return existing
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Die Veranstaltung wurde abgesagt. Eine Rückmeldung ist nicht möglich."))
    title, title_translations = feedback.feedback_title(event)
    intro, intro_translations = feedback.feedback_intro()
    survey = Survey.objects.create(
        slug=_unique_slug(event.slug, prefix="rueckmeldung-"),
        kind=Survey.Kind.FEEDBACK,
        title=title,
        title_translations=title_translations,
        intro=intro,
        intro_translations=intro_translations,
        audience=Survey.Audience.PARTICIPANTS,
        event=event,
        anonymous=False,
        status=_feedback_status(event, now),
        opens_at=event.starts_at,
        closes_at=event.ends_at + feedback.OPEN_AFTER_END,
        district=event.district,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            key=item.key,
            kind=item.kind,
            text=str(item.text),
            text_translations=feedback.translations_of(item.text),
            help_text=str(item.help_text),
            help_text_translations=feedback.translations_of(item.help_text),
            required=item.required,
            position=position,
        )
        for position, item in enumerate(feedback.FEEDBACK_QUESTIONS)
    )
    audit_record(actor=by, action="survey.feedback_created", target=survey, data={"event": event.pk})
    return survey


def feedback_surveys_create_due(*, now: datetime | None = None) -> int:
    """Create the feedback survey of every published event that began (within ``CREATE_WITHIN``) and
    has none yet: the periodic job, so no event is left without feedback. Each in its own transaction."""
    now = now or timezone.now()
    due = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__lte=now, starts_at__gte=now - feedback.CREATE_WITHIN
        )
        .exclude(pk__in=Survey.objects.filter(kind=Survey.Kind.FEEDBACK, event__isnull=False).values("event_id"))
        .order_by("starts_at", "pk")
    )
    created = 0
    for event in due:
        feedback_survey_create(event=event, by=None, now=now)
        created += 1
    return created


# --- personal data -----------------------------------------------------------------------------------------


@transaction.atomic
def personal_data_erase(user: User) -> None:
    """A deleted account's answers stay in the results, without the link to the person."""
    Response.objects.filter(user=user).update(user=None)
