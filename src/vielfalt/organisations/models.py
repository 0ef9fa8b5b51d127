"""The directory: organisations, their people, and the vocabulary that describes them."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.regions.models import District, Municipality


class Vocabulary(models.Model):
    """A term of a controlled vocabulary that staff maintain, with translations."""

    slug = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    name = models.CharField(_("Bezeichnung (Deutsch)"), max_length=100)
    name_translations = TranslatedTextField(_("Bezeichnung: Übersetzungen"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.localized_name().text

    def localized_name(self, language: str | None = None) -> LocalizedText:
        return localized(self.name, self.name_translations, language)


class FieldOfAction(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Organisation(ChoiceLabelsModel):
    """An organisation in the directory: public once the team has verified it."""

    class Kind(models.TextChoices):
        MIGRANT = "migrant", _("Migrantenorganisation")
        LOTSEN = "lotsen", _("WIR-Lotsen-Träger")
        VIELFALTSZENTRUM = "vielfaltszentrum", _("WIR-Vielfaltszentrum")
        INTEGRATION_OFFICE = "integration_office", _("Kommune: Integrationsbüro")
        ADMINISTRATION = "administration", _("Kommune: Verwaltung")
        POLITICS = "politics", _("Kommune: Politik")
        COUNSELLING = "counselling", _("Beratungsstelle")
        UMBRELLA = "umbrella", _("Dachverband")
        OTHER = "other", _("Sonstige")

    MUNICIPAL_KINDS = (Kind.INTEGRATION_OFFICE, Kind.ADMINISTRATION, Kind.POLITICS)

    class LegalForm(models.TextChoices):
        EV = "ev", _("eingetragener Verein (e.V.)")
        GGMBH = "ggmbh", _("gemeinnützige GmbH (gGmbH)")
        FOUNDATION = "foundation", _("Stiftung")
        INITIATIVE = "initiative", _("Initiative ohne Rechtsform")
        PUBLIC_BODY = "public_body", _("Körperschaft des öffentlichen Rechts")
        OTHER = "other", _("andere Rechtsform")

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Prüfung")
        VERIFIED = "verified", _("geprüft")
        REJECTED = "rejected", _("abgelehnt")
        ARCHIVED = "archived", _("archiviert")

    class Size(models.TextChoices):
        UNKNOWN = "", _("keine Angabe")
        UP_TO_10 = "1-10", _("bis 10")
        UP_TO_50 = "11-50", _("11 bis 50")
        UP_TO_200 = "51-200", _("51 bis 200")
        MORE = "200+", _("mehr als 200")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(_("Adresskürzel"), max_length=80, unique=True)
    kind = models.CharField(_("Art"), max_length=24, choices=Kind.choices)
    legal_form = models.CharField(_("Rechtsform"), max_length=16, choices=LegalForm.choices, blank=True)
    register_court = models.CharField(_("Registergericht"), max_length=80, blank=True)
    register_number = models.CharField(
        _("Registernummer"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^(VR|HRB|HRA|GnR|PR)\s?\d{1,7}(\s?[A-Z]{1,2})?$",
                _("Bitte geben Sie die Registernummer wie im Register an, zum Beispiel „VR 12345“."),
            )
        ],
    )
    founded_year = models.PositiveSmallIntegerField(
        _("Gründungsjahr"), null=True, blank=True, validators=[MinValueValidator(1800)]
    )
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=5000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    logo = models.ImageField(_("Logo"), upload_to="logos/", blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), on_delete=models.PROTECT, related_name="organisations"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Gemeinde"), on_delete=models.PROTECT, related_name="organisations"
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", _("Fünf Ziffern, bitte."))]
    )
    address_public = models.BooleanField(_("Anschrift öffentlich zeigen"), default=False)
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("Längengrad"), max_digits=8, decimal_places=5)
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    communities = models.CharField(_("Communities"), max_length=300, blank=True)
    communities_public = models.BooleanField(_("Communities öffentlich zeigen"), default=False)
    fields_of_action = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True)
    offers = models.TextField(_("Was wir anbieten"), max_length=2000, blank=True)
    needs = models.TextField(_("Was wir suchen"), max_length=2000, blank=True)
    website = models.URLField(_("Website"), blank=True)
    social_links = models.JSONField(_("Soziale Medien"), default=list, blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail-Adresse (wird nie angezeigt)"))
    members_count = models.CharField(_("Mitglieder"), max_length=8, choices=Size.choices, blank=True, default="")
    volunteers_count = models.CharField(_("Ehrenamtliche"), max_length=8, choices=Size.choices, blank=True, default="")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    # Everything searchable in one lower-cased text (names, descriptions in all languages, offers,
    # needs, field names): kept by services.organisation_refresh_search_text.
    search_text = models.TextField(editable=False, blank=True, default="")
    # The ids of ``fields_of_action`` as a list, for the directory's facet counts (a join over the
    # link table costs more than everything else in a broad search): kept with ``search_text``.
    field_ids = models.JSONField(editable=False, blank=True, default=list)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "district"]), models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)


class FormerSlug(models.Model):
    """An address a profile had before it was renamed: old links and calendar subscriptions
    are redirected (301) to the current one, and no other profile gets this address."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="former_slugs"
    )
    slug = models.SlugField(_("früheres Adresskürzel"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("geändert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("früheres Adresskürzel")
        verbose_name_plural = _("frühere Adresskürzel")

    def __str__(self) -> str:
        return self.slug


class FundingRecord(models.Model):
    """WIR funding an organisation received (shown only if the organisation wants it shown)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="funding")
    programme = models.CharField(_("Förderprogramm"), max_length=120)
    year = models.PositiveSmallIntegerField(_("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    public = models.BooleanField(_("öffentlich zeigen"), default=False)

    class Meta:
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        ordering = ["-year", "programme"]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class Membership(ChoiceLabelsModel):
    """A person's place in an organisation. Membership is sensitive (GDPR Art. 9): never public."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administration")
        MEMBER = "member", _("Mitglied")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    public_contact = models.BooleanField(
        _("Als Ansprechperson öffentlich zeigen"),
        default=False,
        help_text=_("Ihr Name und Ihre Sprachen erscheinen dann auf dem Profil der Organisation."),
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"


def _token() -> str:
    return secrets.token_urlsafe(32)


INVITATION_VALIDITY = timedelta(days=14)


def _in_14_days() -> datetime:
    return timezone.now() + INVITATION_VALIDITY


class Invitation(ChoiceLabelsModel):
    """An admin invites someone by email; the link works for 14 days, once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=8, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_in_14_days)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.email}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ClaimRequest(ChoiceLabelsModel):
    """A person asks to speak for a profile that staff created; staff decide."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("Anfrage", "offen")
        APPROVED = "approved", _("angenommen")
        DECLINED = "declined", _("abgelehnt")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    message = models.TextField(_("Nachricht an das Team"), max_length=2000)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Übernahme-Anfrage")
        verbose_name_plural = _("Übernahme-Anfragen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=models.Q(status="open"), name="claim_one_open_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ← #{self.user_id}"


class ImportJob(ChoiceLabelsModel):
    """A file of organisations that staff upload: previewed first, then written by a background task.

    ``rows`` holds the parsed rows with their validation result until the import has run; afterwards
    only the counts and the messages of rows that could not be written are kept.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Vorschau")
        QUEUED = "queued", _("wartet auf Start")
        RUNNING = "running", _("läuft")
        DONE = "done", _("abgeschlossen")
        FAILED = "failed", _("abgebrochen")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("Spalte: wer es geändert hat", "von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("Datei"), max_length=200)
    rows = models.JSONField(_("Zeilen"), default=list, blank=True)
    unknown_columns = models.JSONField(_("Unbekannte Spalten"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.PREVIEW)
    skip_failing = models.BooleanField(_("Fehlerhafte Zeilen überspringen"), default=False)
    skip_duplicates = models.BooleanField(_("Mögliche Dubletten überspringen"), default=False)
    total = models.PositiveIntegerField(_("Zeilen insgesamt"), default=0)
    processed = models.PositiveIntegerField(_("bearbeitet"), default=0)
    created = models.PositiveIntegerField(_("angelegt"), default=0)
    failed = models.PositiveIntegerField(_("fehlerhaft"), default=0)
    skipped = models.PositiveIntegerField(_("übersprungen"), default=0)
    messages = models.JSONField(pgettext_lazy("Import", "Meldungen"), default=list, blank=True)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestartet am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100
