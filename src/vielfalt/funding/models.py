"""Funding programmes and their calls (Förderprogramme und Förderaufrufe).

A *programme* is what a funder offers (the state's WIR programme, a federal programme, a foundation);
a *call* is one round of it with a window: it opens, and applications are due by its deadline (e.g. WIR
micro-projects up to 5,000 € a year, due 31 December for the next year). Members *follow* a call or a
programme and get reminders before deadlines. Programmes say whom they are for (kinds of organisation,
fields of action, target groups, districts — none means Hessen-wide); the funding radar matches them
against an organisation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.regions.models import District


class Programme(models.Model):
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
