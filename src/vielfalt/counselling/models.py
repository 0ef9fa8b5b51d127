"""Counselling and process accompaniment (Beratung und Prozessbegleitung).

A *case* starts as a request (from a member, a visitor's public form, or opened by the team) and runs
through a small workflow (``workflow``): new → assigned → in progress ↔ waiting for the organisation →
closed → reopened. Around it: the contacts log (the unit the statistics count), confidential notes (the
team only), a conversation with the organisation's admins, appointments, milestones for a
Prozessbegleitung, and a follow-up date. Statistics never read names or texts; after the retention
period a closed case is anonymised (``anonymised_at``): its texts are erased, its counts stay.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District


class Way(models.TextChoices):
    """How a conversation takes place (a request's wish, a contact, an appointment)."""

    PHONE = "phone", pgettext_lazy("Beratungsweg", "Telefon")
    VIDEO = "video", pgettext_lazy("Beratungsweg", "Video")
    ON_SITE = "on_site", pgettext_lazy("Beratungsweg", "vor Ort bei der Organisation")
    CENTRE = "centre", pgettext_lazy("Beratungsweg", "im Kompetenzzentrum")
    EMAIL = "email", pgettext_lazy("Beratungsweg", "E-Mail")


# A request may wish for these; e-mail is how a contact can happen, not a way to be counselled.
REQUEST_WAYS = [Way.PHONE, Way.VIDEO, Way.ON_SITE, Way.CENTRE]


class Topic(models.Model):
    """A counselling topic (Förderanträge, Vereinsrecht und Satzung, …): a list the team edits."""

    slug = models.SlugField(_("Adresskürzel"), max_length=60, unique=True)
    name = models.CharField(_("Name (Deutsch)"), max_length=120)
    name_translations = TranslatedTextField(_("Name: Übersetzungen"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(_("zur Auswahl"), default=True)

    class Meta:
        verbose_name = _("Beratungsthema")
        verbose_name_plural = _("Beratungsthemen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> LocalizedText:
        return localized(self.name, self.name_translations, language)


class Case(ChoiceLabelsModel):
    """A counselling request and, once the team takes it on, the case that follows it."""

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("Beratung")
        PROCESS = "process", _("Prozessbegleitung")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("Fallstatus", "neu")
        ASSIGNED = "assigned", pgettext_lazy("Fallstatus", "zugewiesen")
        IN_PROGRESS = "in_progress", pgettext_lazy("Fallstatus", "in Bearbeitung")
        WAITING = "waiting", pgettext_lazy("Fallstatus", "wartet auf die Organisation")
        CLOSED = "closed", pgettext_lazy("Fallstatus", "abgeschlossen")

    class Source(models.TextChoices):
        MEMBER = "member", _("Anfrage eines Mitglieds")
        PUBLIC = "public", _("öffentliches Anfrageformular")
        STAFF = "staff", _("vom Team angelegt")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("Anliegen geklärt")
        APPLICATION_SUBMITTED = "application_submitted", _("Antrag eingereicht")
        GOALS_REACHED = "goals_reached", _("Ziele der Begleitung erreicht")
        REFERRED = "referred", _("an eine andere Stelle verwiesen")
        WITHDRAWN = "withdrawn", _("von der Organisation zurückgezogen")
        NO_RESPONSE = "no_response", _("keine Rückmeldung der Organisation")
        NOT_ELIGIBLE = "not_eligible", _("nicht zuständig")
        SPAM = "spam", _("keine echte Anfrage")

    reference = models.CharField(_("Aktenzeichen"), max_length=20, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.COUNSELLING)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    topic = models.ForeignKey(Topic, verbose_name=_("Thema"), on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices, default=Source.MEMBER)

    # Who asks: an organisation of the directory, or a group founding one (``founding_name``).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counselling_cases",
    )
    founding_name = models.CharField(_("Name der geplanten Organisation"), max_length=200, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefragt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counselling_requests",
    )
    # A visitor without an account (public form) leaves a name and an address; a member's come from
    # their account. Both are erased when the case is anonymised.
    requester_name = models.CharField(_("Name"), max_length=120, blank=True)
    requester_email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    requester_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    requester_language = models.CharField(_("Sprache"), max_length=10, default="de")
    is_verified = models.BooleanField(_("Anfrage bestätigt"), default=True)

    description = models.TextField(_("Beschreibung"), max_length=4000, blank=True)
    languages = models.JSONField(_("bevorzugte Sprachen"), default=list, blank=True)
    ways = models.JSONField(_("bevorzugte Wege"), default=list, blank=True)
    deadline = models.DateField(_("Frist"), null=True, blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counselling_cases",
    )
    follow_up_on = models.DateField(_("Wiedervorlage am"), null=True, blank=True)
    outcome = models.CharField(_("Ergebnis"), max_length=30, choices=Outcome.choices, blank=True)
    result = models.TextField(_("Ergebnis in Kürze"), max_length=2000, blank=True)

    created_at = models.DateTimeField(_("angefragt am"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("Status seit"), auto_now_add=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # The last reminder that the case waits too long (one per waiting period, see ``tasks``).
    waiting_reminded_at = models.DateTimeField(null=True, blank=True)
    # The follow-up date whose reminder went out: a new ``follow_up_on`` is reminded again, the same never twice.
    follow_up_reminded_on = models.DateField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Beratungsfall")
        verbose_name_plural = _("Beratungsfälle")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["topic", "created_at"]),
            models.Index(fields=["district", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="counselling_closed_case_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def asker(self) -> str:
        """Whom the case is for, as the team reads it: the organisation, or the founding group."""
        if self.organisation_id is not None and self.organisation is not None:
            return self.organisation.name
        return self.founding_name


class Contact(ChoiceLabelsModel):
    """One contact with the organisation (a call, a meeting, a video session): what the statistics count."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("Datum"))
    minutes = models.PositiveSmallIntegerField(_("Dauer (Minuten)"))
    way = models.CharField(_("Weg"), max_length=20, choices=Way.choices)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themen"), blank=True, related_name="+")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("aus dem Team"), blank=True, related_name="+"
    )
    # The organisation's side: how many people, and (until anonymised) who.
    participants = models.PositiveSmallIntegerField(_("Personen der Organisation"), default=1)
    participant_names = models.CharField(_("Namen"), max_length=300, blank=True)
    summary = models.TextField(_("Kurzinhalt"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["case", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.date:%Y-%m-%d}"


class Note(models.Model):
    """A confidential note: the team only; never shown to the organisation, never in a report or its export."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("Notiz"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vertrauliche Notiz")
        verbose_name_plural = _("vertrauliche Notizen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} #{self.pk}"


class Message(models.Model):
    """A message in a case's conversation between the team and the organisation's admins (or the requester)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_team = models.BooleanField(default=False)
    body = models.TextField(_("Nachricht"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} #{self.pk}"


class MessageAttachment(models.Model):
    """A file sent with a message: checked by content, kept in private storage, served only after the check."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("Datei"), upload_to="counselling/", max_length=200)
    name = models.CharField(_("Dateiname"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.name


class Appointment(ChoiceLabelsModel):
    """A date the team proposes; the organisation accepts or declines it (in the case or by link)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("Terminstatus", "vorgeschlagen")
        ACCEPTED = "accepted", pgettext_lazy("Terminstatus", "zugesagt")
        DECLINED = "declined", pgettext_lazy("Terminstatus", "abgesagt")
        CANCELLED = "cancelled", pgettext_lazy("Terminstatus", "vom Team abgesagt")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    way = models.CharField(_("Weg"), max_length=20, choices=Way.choices)
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    video_url = models.URLField(_("Videolink"), max_length=500, blank=True)
    note = models.TextField(_("Hinweis"), max_length=1000, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE: raised on every change, so calendars replace the invitation.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="counselling_appointment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.starts_at:%Y-%m-%d %H:%M}"


class Milestone(models.Model):
    """A step of a Prozessbegleitung (Satzung überarbeitet, Förderantrag eingereicht, …) with a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=200)
    due_on = models.DateField(_("fällig am"))
    done_on = models.DateField(_("erreicht am"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.title


class WeeklyDigest(models.Model):
    """That a team member got the Monday digest of their open cases for ``week`` (its Monday): sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="counselling_one_digest_per_week")]

    def __str__(self) -> str:
        return f"#{self.user_id} {self.week:%Y-%m-%d}"
