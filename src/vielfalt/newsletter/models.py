"""The newsletter: subscriptions (double opt-in, no account needed), issues and their deliveries.

A *subscription* belongs to an email address, not to an account: anyone may subscribe. It is
*pending* until the confirmation link in the email is followed, then *confirmed*; people
*unsubscribe* (one click) and addresses that keep failing are *suspended*. Only confirmed
subscriptions receive issues.

An *issue* is written by the team (subject and introduction in German with translations) and
gathers news posts, funding calls and events. Sending it writes one *delivery* per recipient
(unique per issue and subscription); the worker claims deliveries in batches and marks each one
as it goes, so a recipient gets an issue exactly once even if a worker stops mid-send.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.events.models import Event
from vielfalt.funding.models import Call
from vielfalt.news.models import Post
from vielfalt.organisations.models import FieldOfAction


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Subscription(ChoiceLabelsModel):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("Newsletter-Abonnement", "unbestätigt")
        CONFIRMED = "confirmed", pgettext_lazy("Newsletter-Abonnement", "bestätigt")
        UNSUBSCRIBED = "unsubscribed", pgettext_lazy("Newsletter-Abonnement", "abbestellt")
        SUSPENDED = "suspended", pgettext_lazy("Newsletter-Abonnement", "ausgesetzt (unzustellbar)")

    # Stored in lower case: one subscription per address, however it is typed.
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de")
    # None: every topic.
    topics = models.ManyToManyField(FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="+")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    # Binds the links in the emails to this subscription (manage, unsubscribe); never shown.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    # The open confirmation request: its link names this nonce; confirming (or a new request) clears it.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirm_requested_at = models.DateTimeField(_("Bestätigung angefordert am"), null=True, blank=True)
    consent_version = models.CharField(_("Fassung der Einwilligung"), max_length=20)
    consented_at = models.DateTimeField(_("eingewilligt am"))
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("abbestellt am"), null=True, blank=True)
    # Issues that could not be delivered one after another; reset by a delivery that succeeds.
    failures = models.PositiveSmallIntegerField(_("fehlgeschlagene Zustellungen"), default=0)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    suspended_at = models.DateTimeField(_("ausgesetzt am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Newsletter-Abonnement")
        verbose_name_plural = _("Newsletter-Abonnements")
        ordering = ["email"]
        indexes = [models.Index(fields=["status"], name="newsletter_subscription_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="newsletter_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Issue(ChoiceLabelsModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("Newsletter-Ausgabe", "Entwurf")
        SENDING = "sending", pgettext_lazy("Newsletter-Ausgabe", "wird versendet")
        SENT = "sent", pgettext_lazy("Newsletter-Ausgabe", "versendet")

    subject = models.CharField(_("Betreff (Deutsch)"), max_length=200)
    subject_translations = TranslatedTextField(_("Betreff: Übersetzungen"))
    intro = models.TextField(_("Einleitung (Deutsch)"), max_length=4000, blank=True)
    intro_translations = TranslatedTextField(_("Einleitung: Übersetzungen"))
    # None: the issue goes to every subscriber; else to those with a matching topic (or no topics).
    topics = models.ManyToManyField(FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="+")
    posts = models.ManyToManyField(Post, verbose_name=_("Beiträge"), blank=True, related_name="+")
    calls = models.ManyToManyField(Call, verbose_name=_("Förderaufrufe"), blank=True, related_name="+")
    events = models.ManyToManyField(Event, verbose_name=_("Veranstaltungen"), blank=True, related_name="+")
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    # The emails as they go out, rendered once per language when sending starts:
    # ``{language: {"subject": …, "text": …, "html": …}}`` with a placeholder for each recipient's links.
    rendered = models.JSONField(default=dict, blank=True, editable=False)
    recipients = models.PositiveIntegerField(_("Empfängerinnen und Empfänger"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("angelegt von"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("versendet von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("Versand abgeschlossen am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Newsletter-Ausgabe")
        verbose_name_plural = _("Newsletter-Ausgaben")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sent_at__isnull=False), name="newsletter_issue_sent_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def localized_subject(self, language: str | None = None) -> LocalizedText:
        return localized(self.subject, self.subject_translations, language)

    def localized_intro(self, language: str | None = None) -> LocalizedText:
        return localized(self.intro, self.intro_translations, language)


class Delivery(ChoiceLabelsModel):
    """One issue to one subscription: written when sending starts, then claimed and marked by the worker.

    Holds no copy of the message and no address (those stay on the subscription): only what the team
    needs to see how the sending went, and what makes a second send impossible.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("Zustellung", "wartet")
        SENDING = "sending", pgettext_lazy("Zustellung", "wird gesendet")
        SENT = "sent", pgettext_lazy("Zustellung", "gesendet")
        FAILED = "failed", pgettext_lazy("Zustellung", "unzustellbar")
        # The worker stopped while handing this one to the mail server: it may have gone out. Never
        # sent again (a second copy is worse than a missing one); shown to the team.
        UNKNOWN = "unknown", pgettext_lazy("Zustellung", "unklar (Versand unterbrochen)")
        # The subscriber unsubscribed (or was suspended) after sending started and before their turn.
        SKIPPED = "skipped", pgettext_lazy("Zustellung", "ausgelassen (abbestellt)")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The batch that holds it while it is being sent, and until when (a worker that died lets go).
    claim = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="newsletter_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["issue", "status"], name="newsletter_delivery_state"),
            models.Index(fields=["claim"], name="newsletter_delivery_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscription_id}: {self.status}"
