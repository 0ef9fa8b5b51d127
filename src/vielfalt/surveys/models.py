"""Surveys: questionnaires the team builds, the answers people give, and the event feedback.

A survey has questions (single or multiple choice, a scale from 1 to 5, a short or a long text) in
German with translations, an audience (everyone, members of an organisation, or the participants of
one event) and a status. The feedback on an event is a survey of the kind ``feedback`` bound to that
event; it starts from the standard questions in ``feedback.py``.

Anonymous surveys store nothing that identifies the respondent: no account, no address, no time of
day (``Response.submitted_on`` is a date). Non-anonymous ones keep the account only so that a person
answers once and can export or erase their answers; no result page or export shows who answered.

A question or an answer option that has answers is never deleted: it is *archived* (no longer asked,
still counted in the results), so answers given are never lost or relabelled by accident.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.events.models import Event
from vielfalt.regions.models import District

TITLE_MAX = 200
INTRO_MAX = 2000
QUESTION_MAX = 500
HELP_MAX = 500
CHOICE_MAX = 200
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 4000
SCALE = (1, 2, 3, 4, 5)


class Survey(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        SURVEY = "survey", _("Umfrage")
        FEEDBACK = "feedback", _("Rückmeldung zu einer Veranstaltung")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("alle (öffentlich)")
        MEMBERS = "members", _("Mitglieder von Organisationen")
        PARTICIPANTS = "participants", _("Teilnehmende einer Veranstaltung")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        OPEN = "open", pgettext_lazy("Status einer Umfrage", "offen")
        CLOSED = "closed", _("beendet")

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.SURVEY)
    title = models.CharField(_("Titel (Deutsch)"), max_length=TITLE_MAX)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    intro = models.TextField(pgettext_lazy("Umfrage", "Einleitung (Deutsch)"), max_length=INTRO_MAX, blank=True)
    intro_translations = TranslatedTextField(pgettext_lazy("Umfrage", "Einleitung: Übersetzungen"))
    audience = models.CharField(_("Wer antworten kann"), max_length=12, choices=Audience.choices)
    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonym"), default=True)
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opens_at = models.DateTimeField(_("Antworten ab"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Antworten bis"), null=True, blank=True)
    # Where the answers count in the figures (an event's district; empty: Hessen-wide).
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(kind="feedback"), name="survey_one_feedback_per_event"
            ),
            models.CheckConstraint(
                condition=Q(audience="participants", event__isnull=False) | ~Q(audience="participants"),
                name="survey_participants_need_an_event",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_intro(self, language: str | None = None) -> LocalizedText:
        return localized(self.intro, self.intro_translations, language)

    @property
    def is_feedback(self) -> bool:
        return self.kind == self.Kind.FEEDBACK

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """Open, and within its dates."""
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class Question(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Eine Antwort auswählen")
        MULTIPLE = "multiple", _("Mehrere Antworten auswählen")
        SCALE = "scale", _("Skala von 1 bis 5")
        SHORT_TEXT = "short_text", _("Kurzer Text")
        LONG_TEXT = "long_text", _("Langer Text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    # Stable name of a standard question (the feedback's "overall", "wishes"): counted across surveys.
    key = models.CharField(max_length=40, blank=True)
    kind = models.CharField(_("Art der Frage"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("Frage (Deutsch)"), max_length=QUESTION_MAX)
    text_translations = TranslatedTextField(_("Frage: Übersetzungen"))
    help_text = models.CharField(_("Hinweis (Deutsch)"), max_length=HELP_MAX, blank=True)
    help_text_translations = TranslatedTextField(_("Hinweis: Übersetzungen"))
    required = models.BooleanField(_("Antwort ist Pflicht"), default=False)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], condition=~Q(key=""), name="question_key_once_per_survey")
        ]

    def __str__(self) -> str:
        return self.text

    def localized_text(self, language: str | None = None) -> LocalizedText:
        return localized(self.text, self.text_translations, language)

    def localized_help_text(self, language: str | None = None) -> LocalizedText:
        return localized(self.help_text, self.help_text_translations, language)

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def text_max(self) -> int:
        return SHORT_TEXT_MAX if self.kind == self.Kind.SHORT_TEXT else LONG_TEXT_MAX


class Choice(models.Model):
    """An answer option of a single or multiple choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("Antwortmöglichkeit (Deutsch)"), max_length=CHOICE_MAX)
    text_translations = TranslatedTextField(_("Antwortmöglichkeit: Übersetzungen"))
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def localized_text(self, language: str | None = None) -> LocalizedText:
        return localized(self.text, self.text_translations, language)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Response(models.Model):
    """One person's filled-in questionnaire."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Only for non-anonymous surveys: one answer per person, the person's data export and erasure.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    language = models.CharField(max_length=8, blank=True)
    # A date, not a time: a moment could be matched with a server log.
    submitted_on = models.DateField(_("eingegangen am"), default=timezone.localdate)

    class Meta:
        verbose_name = _("Antwortbogen")
        verbose_name_plural = _("Antwortbögen")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="response_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["submitted_on"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer: a chosen option (one row per option of a multiple choice), a number, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # RESTRICT, not PROTECT: deleting a whole survey takes its answers along; deleting an answered
    # question alone is refused (the services archive it instead).
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.RESTRICT, related_name="answers")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True, max_length=LONG_TEXT_MAX)

    class Meta:
        verbose_name = pgettext_lazy("Umfrage", "Antwort")
        verbose_name_plural = pgettext_lazy("Umfrage", "Antworten")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(choice__isnull=True), name="answer_once_per_question"
            ),
            models.UniqueConstraint(
                fields=["response", "choice"], condition=Q(choice__isnull=False), name="answer_choice_once"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=5), name="answer_scale_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"]), models.Index(fields=["question", "number"])]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
