"""Events: the Vernetzungstreffen, regional meetings, workshops and online meetings.

An event has a programme (time slots with sessions; several workshops in one slot run in parallel),
registrations with a first-come-first-served waiting list and a documentation (the feedback on an
event is a survey of the surveys app). The rules
that keep an event from being overbooked live in ``services``; this module only holds the data.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District, Municipality


class Event(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        NETWORKING = "networking", _("Vernetzungstreffen")
        REGIONAL = "regional", _("Regionaltreffen")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Schulung")
        ONLINE = "online", _("Online-Treffen")
        OTHER = "other", _("Sonstige Veranstaltung")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")
        CANCELLED = "cancelled", _("abgesagt")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("öffentlich")
        MEMBERS = "members", _("Mitglieder der Plattform")
        INVITED = "invited", _("nur eingeladene Organisationen")

    class Promotion(models.TextChoices):
        CONFIRM = "confirm", _("Nachrückende sofort bestätigen")
        OFFER = "offer", _("Nachrückenden den Platz mit Frist anbieten")

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=8000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    # Empty: the Kompetenzzentrum itself organises the event.
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("Veranstaltet von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    # Where: on site, online, or both.
    is_online = models.BooleanField(_("Online"), default=False)
    online_url = models.URLField(_("Zugangslink"), blank=True)
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", _("Fünf Ziffern, bitte."))]
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Gemeinde"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    step_free_access = models.BooleanField(_("stufenloser Zugang"), default=False)
    accessible_toilet = models.BooleanField(_("barrierefreies WC"), default=False)
    hearing_loop = models.BooleanField(_("Induktionsschleife"), default=False)
    quiet_room = models.BooleanField(_("Ruheraum"), default=False)
    accessibility_notes = models.CharField(_("Hinweise zur Barrierefreiheit"), max_length=500, blank=True)
    languages = models.JSONField(_("Gesprochene Sprachen"), default=list, blank=True)
    interpreting = models.JSONField(_("Dolmetschen in"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    waiting_list_limit = models.PositiveIntegerField(
        _("Plätze auf der Warteliste"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10000)],
        help_text=_("Leer lassen für eine Warteliste ohne Begrenzung; 0 für keine Warteliste."),
    )
    registration_opens_at = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("Anmeldung bis"), null=True, blank=True)
    audience = models.CharField(_("Für wen"), max_length=8, choices=Audience.choices, default=Audience.PUBLIC)
    invited_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("Eingeladene Organisationen"), blank=True, related_name="invitations_to_events"
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    cancel_reason = models.CharField(_("Grund der Absage"), max_length=500, blank=True)
    promotion = models.CharField(
        _("Nachrücken von der Warteliste"), max_length=8, choices=Promotion.choices, default=Promotion.CONFIRM
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("Frist zur Zusage (Stunden)"), default=48, validators=[MinValueValidator(1), MaxValueValidator(336)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung (Tage vorher)"),
        default=2,
        validators=[MaxValueValidator(60)],
        help_text=_("0 = keine Erinnerung."),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_on_site(self) -> bool:
        return bool(self.municipality_id or self.venue_name)

    @property
    def organiser_name(self) -> str:
        return self.organiser.name if self.organiser else str(_("Kompetenzzentrum Vielfalt Hessen"))

    def registration_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now > self.registration_closes_at)


class TimeSlot(models.Model):
    """A block of the programme; several workshops in one slot run in parallel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    title = models.CharField(_("Bezeichnung (Deutsch)"), max_length=120, blank=True)
    title_translations = TranslatedTextField(_("Bezeichnung: Übersetzungen"))

    class Meta:
        verbose_name = _("Zeitfenster")
        verbose_name_plural = _("Zeitfenster")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.localized_title().text or timezone.localtime(self.starts_at).strftime("%H:%M")

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)


class Session(ChoiceLabelsModel):
    """One item of the programme: a talk, a workshop (with its own places) or a break."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenum")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Pause")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=3000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    speakers = models.CharField(_("Mitwirkende"), max_length=300, blank=True)
    room = models.CharField(_("Raum"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("Plätze im Workshop"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")
        ordering = ["slot__starts_at", "position", "pk"]

    def __str__(self) -> str:
        return self.localized_title().text

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)

    @property
    def is_workshop(self) -> bool:
        return self.kind == self.Kind.WORKSHOP


class Registration(ChoiceLabelsModel):
    """A person's place at an event: confirmed, waiting, offered a freed place, or cancelled.

    The waiting list is the registrations with status ``waiting`` in the order they came
    (``created_at``, then ``pk``). What a person needs to take part (interpreting, accessibility,
    childcare, food) is asked optionally and erased by a retention job after the event.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bestätigt")
        WAITING = "waiting", _("auf der Warteliste")
        OFFERED = "offered", _("Platz angeboten")
        CANCELLED = "cancelled", _("storniert")

    ACTIVE = (Status.CONFIRMED, Status.WAITING, Status.OFFERED)
    HOLDS_PLACE = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("für die Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Registrations made together (a person and named colleagues) share a group.
    group = models.UUIDField(default=uuid.uuid4, db_index=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, db_index=True)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    cancel_note = models.CharField(max_length=40, blank=True)
    checked_in_at = models.DateTimeField(_("anwesend seit"), null=True, blank=True)
    # Needs: optional, seen only by the organiser and staff, erased after the event.
    interpreting_language = models.CharField(_("Dolmetschen gewünscht in"), max_length=8, blank=True)
    accessibility_needs = models.CharField(_("Barrierefreiheit"), max_length=500, blank=True)
    childcare = models.CharField(_("Kinderbetreuung"), max_length=300, blank=True)
    dietary_needs = models.CharField(_("Verpflegung"), max_length=300, blank=True)
    needs_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("Veranstaltung", "Anmeldung")
        verbose_name_plural = pgettext_lazy("Veranstaltung", "Anmeldungen")
        ordering = ["created_at", "pk"]
        constraints = [
            # Each person is at most once on an event's list (a cancelled registration does not count).
            models.UniqueConstraint(
                fields=["event", "user"], condition=~Q(status="cancelled"), name="registration_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} – {self.user}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def has_needs(self) -> bool:
        return bool(self.interpreting_language or self.accessibility_needs or self.childcare or self.dietary_needs)


class WorkshopChoice(ChoiceLabelsModel):
    """The workshop a registered person chose in one slot: seated, or waiting for a place in it.

    Only confirmed registrations hold workshop seats; the choices of people on the event's waiting
    list wait until they move up.
    """

    class Status(models.TextChoices):
        SEATED = "seated", _("Platz sicher")
        WAITING = "waiting", _("auf der Warteliste")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="choices")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="choices")
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Workshop-Wahl")
        verbose_name_plural = _("Workshop-Wahlen")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="one_workshop_per_slot")]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id}"


class Documentation(models.Model):
    """What came out of an event, published as an accessible page after it."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="documentation")
    summary = models.CharField(_("Kurzfassung"), max_length=500, blank=True)
    body = models.TextField(_("Text"), blank=True)  # sanitised HTML (nh3) written by services
    published = models.BooleanField(_("veröffentlicht"), default=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Dokumentation")
        verbose_name_plural = _("Dokumentationen")

    def __str__(self) -> str:
        return str(self.event)


class DocumentationImage(models.Model):
    documentation = models.ForeignKey(Documentation, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("Bild"), upload_to="events/images/")
    alt_text = models.CharField(_("Alternativtext"), max_length=300)
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    # Photos of people are published only with their consent (recorded by whoever uploads).
    consent_confirmed = models.BooleanField(_("Einverständnis der abgebildeten Personen liegt vor"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class DocumentationFile(models.Model):
    documentation = models.ForeignKey(Documentation, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("Datei"), upload_to="events/files/")
    title = models.CharField(_("Titel"), max_length=200)
    size = models.PositiveIntegerField(default=0, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
