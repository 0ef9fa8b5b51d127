"""Needs (Bedarfe): what organisations, people and the centre's own workshops say is missing, counted,
and answered by what the centre offers.

A need is one statement ("Schulungen zu Fördermitteln auf Arabisch") in German with translations, a
topic (a field of action of the directory or one of the team's own need topics), the districts it
concerns (none: all of Hessen), the year it was voiced and a weight: how many organisations or people
voiced it. Its *sources* say where it was heard — a workshop of an event, a survey's answer option, a
counselling case, an organisation's profile, or a note of the team — and stay linked when duplicates
are merged (the weights add up). Its *actions* say what answered it: a training module or a course, an
event, a library item or a counselling topic, each with a short public text. Public needs with their
actions make the page "Ihr habt gesagt – wir haben gehandelt".

Sources that point to a counselling case or an organisation are for the team only: the public page and
the figures name no organisation and no person.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.counselling.models import Case
from vielfalt.counselling.models import Topic as CounsellingTopic
from vielfalt.events.models import Event, Session
from vielfalt.knowledge.models import Item
from vielfalt.organisations.models import FieldOfAction, Organisation, Vocabulary
from vielfalt.qualification.models import CourseRun, Module
from vielfalt.regions.models import District
from vielfalt.surveys.models import Choice, Survey

STATEMENT_MAX = 500
ACTION_TEXT_MAX = 600
NOTE_MAX = 500
WEIGHT_MAX = 100_000
FIRST_YEAR = 2000


class NeedTopic(Vocabulary):
    """A topic of needs that is not a field of action of the directory (a list the team keeps)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("Bedarfsthema")
        verbose_name_plural = _("Bedarfsthemen")


class Need(models.Model):
    statement = models.CharField(_("Bedarf (Deutsch)"), max_length=STATEMENT_MAX)
    statement_translations = TranslatedTextField(_("Bedarf: Übersetzungen"))
    # One topic: a field of action or a need topic (or none yet: not tagged).
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.ForeignKey(
        NeedTopic, verbose_name=_("Bedarfsthema"), null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    # None: the need concerns all of Hessen.
    districts = models.ManyToManyField(District, verbose_name=_("Kreise"), blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)], db_index=True
    )
    weight = models.PositiveIntegerField(
        _("Gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(WEIGHT_MAX)],
        help_text=_("Wie viele Organisationen oder Personen den Bedarf genannt haben."),
    )
    is_public = models.BooleanField(_("öffentlich"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")
        ordering = ["-year", "-weight", "pk"]
        indexes = [models.Index(fields=["is_public", "-year"], name="needs_public_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(field_of_action__isnull=True) | Q(topic__isnull=True), name="need_one_topic"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="need_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.statement

    def localized_statement(self, language: str | None = None) -> LocalizedText:
        return localized(self.statement, self.statement_translations, language)

    @property
    def theme(self) -> FieldOfAction | NeedTopic | None:
        """The need's topic, whichever list it comes from."""
        return self.field_of_action or self.topic

    @property
    def is_tagged(self) -> bool:
        return self.field_of_action_id is not None or self.topic_id is not None


class Source(ChoiceLabelsModel):
    """Where a need was voiced. A merged need keeps the sources of every need merged into it."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", pgettext_lazy("Quelle eines Bedarfs", "Workshop einer Veranstaltung")
        SURVEY = "survey", pgettext_lazy("Quelle eines Bedarfs", "Umfrage")
        CASE = "case", pgettext_lazy("Quelle eines Bedarfs", "Beratungsfall")
        ORGANISATION = "organisation", pgettext_lazy("Quelle eines Bedarfs", "Profil einer Organisation")
        NOTE = "note", pgettext_lazy("Quelle eines Bedarfs", "Notiz des Teams")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The answer option a need was taken from: taken once (a second time would count its answers twice).
    choice = models.OneToOneField(Choice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("Notiz"), max_length=NOTE_MAX, blank=True)
    weight = models.PositiveIntegerField(_("Gewicht"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Action(ChoiceLabelsModel):
    """What answered a need: one offer of the centre, with a short public text."""

    class Kind(models.TextChoices):
        MODULE = "module", pgettext_lazy("Antwort auf einen Bedarf", "Schulungsmodul")
        COURSE = "course", pgettext_lazy("Antwort auf einen Bedarf", "Kurs")
        EVENT = "event", pgettext_lazy("Antwort auf einen Bedarf", "Veranstaltung")
        ITEM = "item", pgettext_lazy("Antwort auf einen Bedarf", "Wissen und Methoden")
        COUNSELLING = "counselling", pgettext_lazy("Antwort auf einen Bedarf", "Beratung")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    course_run = models.ForeignKey(CourseRun, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    counselling_topic = models.ForeignKey(
        CounsellingTopic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("Was wir getan haben (Deutsch)"), max_length=ACTION_TEXT_MAX)
    text_translations = TranslatedTextField(_("Was wir getan haben: Übersetzungen"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Antwort auf einen Bedarf")
        verbose_name_plural = _("Antworten auf Bedarfe")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="module", module__isnull=False)
                    | Q(kind="course", course_run__isnull=False)
                    | Q(kind="event", event__isnull=False)
                    | Q(kind="item", item__isnull=False)
                    | Q(kind="counselling", counselling_topic__isnull=False)
                ),
                name="need_action_has_its_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def localized_text(self, language: str | None = None) -> LocalizedText:
        return localized(self.text, self.text_translations, language)
