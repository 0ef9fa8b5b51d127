"""Funding programmes and their calls (Förderprogramme und Förderaufrufe).

A *programme* is what a funder offers (the state's WIR programme, a federal programme, a foundation);
a *call* is one round of it with a window: it opens, and applications are due by its deadline (e.g. WIR
micro-projects up to 5,000 € a year, due 31 December for the next year). Members *follow* a call or a
programme and get reminders before deadlines. Programmes say whom they are for (kinds of organisation,
fields of action, target groups, districts — none means Hessen-wide); the funding radar matches them
against an organisation.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.regions.models import District


class Programme(ChoiceLabelsModel):
    class FunderKind(models.TextChoices):
        STATE = "state", _("Land Hessen")
        FEDERAL = "federal", _("Bund")
        EU = "eu", _("Europäische Union")
        MUNICIPAL = "municipal", _("Kommune")
        FOUNDATION = "foundation", _("Stiftung")
        OTHER = "other", pgettext_lazy("Art eines Fördergebers", "andere")

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    name = models.CharField(_("Name (Deutsch)"), max_length=200)
    name_translations = TranslatedTextField(_("Name: Übersetzungen"))
    funder = models.CharField(_("Fördergeber"), max_length=200)
    funder_kind = models.CharField(_("Art des Fördergebers"), max_length=12, choices=FunderKind.choices)
    summary = models.CharField(_("Kurzbeschreibung (Deutsch)"), max_length=400)
    summary_translations = TranslatedTextField(_("Kurzbeschreibung: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=20000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    eligibility = models.TextField(_("Wer kann beantragen? (Deutsch)"), max_length=4000, blank=True)
    eligibility_translations = TranslatedTextField(_("Wer kann beantragen?: Übersetzungen"))
    amounts = models.CharField(_("Fördersumme (Deutsch)"), max_length=300, blank=True)
    amounts_translations = TranslatedTextField(_("Fördersumme: Übersetzungen"))
    max_amount = models.PositiveIntegerField(_("höchste Fördersumme in Euro"), null=True, blank=True)
    url = models.URLField(_("Link zum Programm"), blank=True)
    # Kinds of organisation that may apply (``Organisation.Kind`` values); empty: any kind.
    organisation_kinds = models.JSONField(_("Arten von Organisationen"), default=list, blank=True)
    topics = models.ManyToManyField(FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="+")
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="+")
    # None: the whole of Hessen.
    districts = models.ManyToManyField(District, verbose_name=_("Kreise"), blank=True, related_name="+")
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> LocalizedText:
        return localized(self.name, self.name_translations, language)

    def localized_summary(self, language: str | None = None) -> LocalizedText:
        return localized(self.summary, self.summary_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)

    def localized_eligibility(self, language: str | None = None) -> LocalizedText:
        return localized(self.eligibility, self.eligibility_translations, language)

    def localized_amounts(self, language: str | None = None) -> LocalizedText:
        return localized(self.amounts, self.amounts_translations, language)


class Call(models.Model):
    """One round of a programme: it opens, and applications are due by the deadline (that day included)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("Förderprogramm"), on_delete=models.CASCADE, related_name="calls"
    )
    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    purpose = models.TextField(_("Wofür? (Deutsch)"), max_length=4000)
    purpose_translations = TranslatedTextField(_("Wofür?: Übersetzungen"))
    opens_on = models.DateField(_("Antragstellung ab"))
    deadline = models.DateField(_("Antragsfrist"), db_index=True)
    max_amount = models.PositiveIntegerField(_("höchste Fördersumme in Euro"), null=True, blank=True)
    url = models.URLField(_("Link zum Aufruf"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")), name="funding_call_deadline_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_purpose(self, language: str | None = None) -> LocalizedText:
        return localized(self.purpose, self.purpose_translations, language)

    @property
    def highest_amount(self) -> int | None:
        """The most one application may get: the call's own limit, else its programme's."""
        return self.max_amount if self.max_amount is not None else self.programme.max_amount

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.deadline


# How many days before a deadline a person may be reminded; what a person gets without choosing.
REMINDER_DAYS = (1, 3, 7, 14, 28, 56)
DEFAULT_REMINDER_DAYS = (28, 7)


class Follow(models.Model):
    """A person follows one call, or a programme (then every call of it, also those added later)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(
        Call, verbose_name=_("Förderaufruf"), null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("Förderprogramm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Merkliste Förderung")
        verbose_name_plural = _("Merklisten Förderung")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(call__isnull=False, programme__isnull=True) | Q(call__isnull=True, programme__isnull=False),
                name="funding_follow_call_or_programme",
            ),
            models.UniqueConstraint(
                fields=["user", "call"], condition=Q(call__isnull=False), name="funding_follow_once_per_call"
            ),
            models.UniqueConstraint(
                fields=["user", "programme"],
                condition=Q(programme__isnull=False),
                name="funding_follow_once_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.call_id or self.programme_id}"


class ReminderSettings(models.Model):
    """When a person wants to be reminded of deadlines (no row: ``DEFAULT_REMINDER_DAYS``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Days before the deadline, out of ``REMINDER_DAYS``; empty: no reminders.
    days_before = models.JSONField(_("Tage vor der Frist"), default=list, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Einstellung für Fristerinnerungen")
        verbose_name_plural = _("Einstellungen für Fristerinnerungen")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.days_before}"


class Reminder(models.Model):
    """A reminder that went out: one row per person, call and offset, so each goes out exactly once
    (a second run of the task, or a second worker, runs into the unique constraint)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("Tage vor der Frist"))
    sent_at = models.DateTimeField(_("gesendet am"))

    class Meta:
        verbose_name = _("gesendete Fristerinnerung")
        verbose_name_plural = _("gesendete Fristerinnerungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "call", "days_before"], name="funding_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.call_id} ({self.days_before})"
