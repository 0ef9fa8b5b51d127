from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LegalDocument(ChoiceLabelsModel):
    """One published version of a legal text (Impressum, privacy notice, accessibility statement).

    Versions are never edited. The Impressum's legally required details (provider, postal address, …) are kept
    apart from its text in ``details``, so that a missing one can be shown to the team and never to visitors.
    """

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Impressum")
        PRIVACY = "privacy", _("Datenschutzerklärung")
        ACCESSIBILITY = "accessibility", _("Erklärung zur Barrierefreiheit")

    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("Version"))
    body = models.TextField(_("Text (Deutsch)"))
    body_translations = TranslatedTextField(_("Text: Übersetzungen"))
    details = models.JSONField(_("Angaben"), default=dict, blank=True)
    change_note = models.CharField(_("Was hat sich geändert?"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("veröffentlicht von"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Rechtstext")
        verbose_name_plural = _("Rechtstexte")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="legal_document_unique_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def localized_body(self, language: str | None = None) -> LocalizedText:
        return localized(self.body, self.body_translations, language)

    def imprint_details(self) -> list[ImprintDetail]:
        """The Impressum's details in display order, each with its value ("" when not given)."""
        return [
            ImprintDetail(key=key, label=label, value=str(self.details.get(key, "")).strip(), required=required)
            for key, label, required in IMPRINT_DETAILS
        ]

    def missing_imprint_details(self) -> list[ImprintDetail]:
        return [detail for detail in self.imprint_details() if detail.required and not detail.value]


@dataclass(frozen=True)
class ImprintDetail:
    key: str
    label: StrOrPromise
    value: str
    required: bool


# What § 5 DDG and § 18 MStV ask of the Impressum of an association; the value is shown as written (not
# translated: names and addresses). Required ones that are empty are shown to the team only.
IMPRINT_DETAILS: list[tuple[str, StrOrPromise, bool]] = [
    ("provider", _("Anbieter (Name und Rechtsform)"), True),
    ("address", _("Postanschrift"), True),
    ("representatives", _("Vertreten durch"), True),
    ("email", _("E-Mail-Adresse"), True),
    ("phone", _("Telefon"), False),
    ("register", _("Registereintrag"), False),
    ("vat_id", _("Umsatzsteuer-Identifikationsnummer"), False),
    ("responsible", _("Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV"), False),
]


class ConsentRecord(models.Model):
    """A person accepted a given version of the privacy notice, at a given time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="consents")
    accepted_at = models.DateTimeField(_("zugestimmt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.document} – {self.accepted_at:%Y-%m-%d}"


class FeedbackBase(models.Model):
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    message = models.TextField(_("Nachricht"), max_length=5000)
    language = models.CharField(_("Sprache"), max_length=8)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    handled_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.created_at:%Y-%m-%d %H:%M}"


class AccessibilityFeedback(FeedbackBase):
    """A barrier someone reported through the accessibility statement."""

    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)

    class Meta(FeedbackBase.Meta):
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")


class ContactMessage(FeedbackBase):
    subject = models.CharField(_("Betreff"), max_length=200)

    class Meta(FeedbackBase.Meta):
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")
