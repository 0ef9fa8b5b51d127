"""Qualification: the training catalogue, curricula, course runs, attendance, certificates, and the
WIR-Lotsen network (Träger, their Lotsen, service hours for the expense allowance).

A course run *is* an event of the events app (registration, waiting list, reminders, check-in and the
sign-in sheet come from there); this app stores what makes it a course: the module, its dates with their
teaching units (UE, 45 minutes) and who attended how much of each. Progress against a curriculum is
computed from attendance (``progress``), never stored, so a correction shows at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.events.models import Event, Registration
from vielfalt.organisations.models import FieldOfAction, Organisation

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Audience(models.TextChoices):
    """Whom a training is for."""

    MO_VOLUNTEERS = "mo_volunteers", _("Ehrenamtliche in Migrantenorganisationen")
    LOTSEN = "lotsen", _("WIR-Lotsinnen und -Lotsen")
    COORDINATORS = "coordinators", _("Koordination bei WIR-Lotsen-Trägern")
    MUNICIPAL = "municipal", _("Mitarbeitende von Kommunen")


class Module(models.Model):
    """A training module of the catalogue (e.g. "Interkulturelle Kommunikation", 4 UE)."""

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=5000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    goals = models.TextField(_("Lernziele (Deutsch)"), max_length=3000, blank=True)
    goals_translations = TranslatedTextField(_("Lernziele: Übersetzungen"))
    units = models.DecimalField(_("Unterrichtseinheiten (UE)"), max_digits=5, decimal_places=1, validators=NOT_NEGATIVE)
    audiences = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    topics = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="qualification_modules"
    )
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    is_active = models.BooleanField(_("im Katalog"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Modul")
        verbose_name_plural = _("Module")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)

    def localized_goals(self, language: str | None = None) -> LocalizedText:
        return localized(self.goals, self.goals_translations, language)


class Curriculum(models.Model):
    """An ordered set of modules with a completion rule (e.g. the Lotsen Basisqualifizierung).

    Met when every required module is done, at least ``min_modules`` modules are done (empty: all of
    them) and the units attended in its modules reach ``min_units``.
    """

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=5000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    modules: models.ManyToManyField[Module, CurriculumModule] = models.ManyToManyField(
        Module, through="CurriculumModule", related_name="curricula"
    )
    min_modules = models.PositiveSmallIntegerField(
        _("Mindestzahl abgeschlossener Module"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leer lassen, wenn alle Module nötig sind."),
    )
    min_units = models.DecimalField(
        _("Mindestens Unterrichtseinheiten (UE)"), max_digits=5, decimal_places=1, validators=NOT_NEGATIVE
    )
    is_active = models.BooleanField(_("im Katalog"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Qualifizierungsgang")
        verbose_name_plural = _("Qualifizierungsgänge")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)


class CurriculumModule(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="entries")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    required = models.BooleanField(_("Pflichtmodul"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["curriculum", "module"], name="module_once_per_curriculum")]

    def __str__(self) -> str:
        return f"{self.curriculum_id}/{self.module_id}"


class CourseRun(models.Model):
    """A module taught once: an event of kind training, with dates that carry teaching units.

    Attendance can be taken until the organiser closes the run; after that only staff correct it,
    with a reason in the audit log.
    """

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="course_run")
    module = models.ForeignKey(Module, verbose_name=_("Modul"), on_delete=models.PROTECT, related_name="runs")
    # The import key of a run (Träger's own numbering), so an import never creates one twice.
    reference = models.CharField(_("Kursnummer"), max_length=40, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Kursdurchgang")
        verbose_name_plural = _("Kursdurchgänge")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "reference"], condition=~Q(reference=""), name="course_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CourseSession(models.Model):
    """One date of a course run and the teaching units taught on it."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    units = models.DecimalField(_("Unterrichtseinheiten (UE)"), max_digits=5, decimal_places=1, validators=NOT_NEGATIVE)

    class Meta:
        verbose_name = pgettext_lazy("Kurs", "Termin")
        verbose_name_plural = pgettext_lazy("Kurs", "Termine")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="course_session_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}@{self.starts_at:%Y-%m-%d}"


class Attendance(ChoiceLabelsModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("Anwesenheit"), max_length=8, choices=Status.choices)
    # Units attended (partial attendance: fewer than the session's); 0 unless present.
    units = models.DecimalField(_("besuchte UE"), max_digits=5, decimal_places=1, validators=NOT_NEGATIVE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.registration_id}: {self.status}"


class Certificate(ChoiceLabelsModel):
    """A certificate: for a met curriculum, or a Teilnahmebescheinigung for one course run.

    What it says is frozen when it is issued (name as entered, modules and units, issuer), so a later
    change of the catalogue or of the person's name does not change a certificate already handed out.
    The code is random (100 bits) and is all the public verify page needs.
    """

    class Kind(models.TextChoices):
        CURRICULUM = "curriculum", _("Zertifikat")
        PARTICIPATION = "participation", _("Teilnahmebescheinigung")

    code = models.CharField(max_length=24, unique=True)
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    name = models.CharField(_("Name"), max_length=200)
    curriculum = models.ForeignKey(Curriculum, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(CourseRun, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates")
    title = models.CharField(_("Titel"), max_length=200)  # German, frozen
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    # [{"title": str, "title_translations": {...}, "units": "4.0"}], in curriculum order.
    modules = models.JSONField(default=list)
    units = models.DecimalField(_("Unterrichtseinheiten (UE)"), max_digits=5, decimal_places=1, validators=NOT_NEGATIVE)
    issuer = models.CharField(_("Ausgestellt von"), max_length=200)
    issuer_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    issued_at = models.DateTimeField(_("ausgestellt am"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to="qualification/certificates/", blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    revoked_reason = models.CharField(_("Grund des Widerrufs"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Zertifikat")
        verbose_name_plural = _("Zertifikate")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One valid curriculum certificate per person and curriculum, one per person and run.
            models.UniqueConstraint(
                fields=["user", "curriculum"],
                condition=Q(revoked_at__isnull=True, kind="curriculum"),
                name="certificate_once_per_curriculum",
            ),
            models.UniqueConstraint(
                fields=["user", "run"],
                condition=Q(revoked_at__isnull=True, kind="participation"),
                name="certificate_once_per_run",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Lotse(models.Model):
    """A WIR-Integrationslotse or -lotsin of a Träger (a member of an organisation of kind Lotsen-Träger)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lotsen")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lotse_roles")
    since = models.DateField(_("Lotse/Lotsin seit"))
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Lotse/Lotsin")
        verbose_name_plural = _("Lotsinnen und Lotsen")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="lotse_once_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.user_id}"


class ServiceKind(models.Model):
    """A kind of accompaniment (Behörde, Kita/Schule, Gesundheit …): a list staff maintain."""

    slug = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    name = models.CharField(_("Bezeichnung (Deutsch)"), max_length=100)
    name_translations = TranslatedTextField(_("Bezeichnung: Übersetzungen"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("in Gebrauch"), default=True)

    class Meta:
        verbose_name = _("Art der Begleitung")
        verbose_name_plural = _("Arten der Begleitung")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.localized_name().text

    def localized_name(self, language: str | None = None) -> LocalizedText:
        return localized(self.name, self.name_translations, language)


class ServiceHours(models.Model):
    """Hours a Lotse served on one day. Never the names of the people accompanied."""

    lotse = models.ForeignKey(Lotse, on_delete=models.CASCADE, related_name="hours")
    date = models.DateField(_("Datum"))
    hours = models.DecimalField(
        _("Stunden"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    kind = models.ForeignKey(ServiceKind, verbose_name=_("Art der Begleitung"), on_delete=models.PROTECT)
    language = models.CharField(_("Sprache der Begleitung"), max_length=8, blank=True)
    note = models.CharField(_("Notiz"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einsatzstunden")
        verbose_name_plural = _("Einsatzstunden")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["lotse", "date"])]

    def __str__(self) -> str:
        return f"{self.lotse_id}@{self.date}: {self.hours}"


class MonthApproval(models.Model):
    """The coordinator's approval of a Lotse's hours for one month; it locks the month.

    The amount is frozen at approval (the rate and cap valid on the month's first day), so a later
    change of the rate does not change a statement already paid.
    """

    lotse = models.ForeignKey(Lotse, on_delete=models.CASCADE, related_name="approvals")
    month = models.DateField(_("Monat"))  # always the first day
    hours = models.DecimalField(_("Stunden"), max_digits=6, decimal_places=2)
    rate = models.DecimalField(_("Satz je Stunde (€)"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(_("Höchstbetrag im Monat (€)"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("Betrag (€)"), max_digits=8, decimal_places=2)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("freigegeben am"))

    class Meta:
        verbose_name = _("Monatsfreigabe")
        verbose_name_plural = _("Monatsfreigaben")
        ordering = ["-month", "lotse_id"]
        constraints = [models.UniqueConstraint(fields=["lotse", "month"], name="month_approved_once")]

    def __str__(self) -> str:
        return f"{self.lotse_id}@{self.month:%Y-%m}"


class AllowanceRate(models.Model):
    """The expense allowance for Lotsen from a date on (today 5 € per hour, capped per month)."""

    valid_from = models.DateField(_("gültig ab"), unique=True)
    per_hour = models.DecimalField(_("Satz je Stunde (€)"), max_digits=6, decimal_places=2)
    monthly_cap = models.DecimalField(_("Höchstbetrag im Monat (€)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("Aufwandsentschädigung")
        verbose_name_plural = _("Aufwandsentschädigungen")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.per_hour}"


class FundingRate(models.Model):
    """What the programme pays per teaching unit and participant for qualification, from a date on."""

    valid_from = models.DateField(_("gültig ab"), unique=True)
    per_unit_participant = models.DecimalField(
        _("Satz je UE und teilnehmender Person (€)"), max_digits=6, decimal_places=2
    )

    class Meta:
        verbose_name = _("Fördersatz Qualifizierung")
        verbose_name_plural = _("Fördersätze Qualifizierung")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.per_unit_participant}"
