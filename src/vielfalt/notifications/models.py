"""In-app notifications and how each person wants to hear about them by email.

A notification stores *what happened* as a verb and parameters, not as text: it is rendered in the
reader's language when they look (``verbs.py``), so a Farsi reader sees Farsi whoever caused it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.choices import ChoiceLabelsModel


class Category(models.TextChoices):
    REPLY = "reply", _("Antworten in Diskussionen")
    MENTION = "mention", _("Erwähnungen")
    MESSAGE = "message", _("Direktnachrichten")
    GROUP = "group", _("Gruppen: Anfragen und Einladungen")
    EVENT = "event", _("Änderungen an Veranstaltungen")
    BOARD = "board", _("Antworten bei Suchen und Bieten")
    MODERATION = "moderation", _("Hinweise der Moderation")
    COUNSELLING = "counselling", _("Beratung: Nachrichten, Termine und Erinnerungen")
    FUNDING = "funding", _("Förderung: Erinnerungen an Antragsfristen")


class Notification(ChoiceLabelsModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    category = models.CharField(_("Art"), max_length=12, choices=Category.choices)
    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the notification is about, as its author wrote it (a thread title, a group name).
    subject = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notification went out by email (at once or in a digest), so it goes out once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["emailed_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.verb} → {self.user_id}"


class Preference(ChoiceLabelsModel):
    """How a person wants to hear about one category by email (no row: the category's default)."""

    class Mode(models.TextChoices):
        INSTANT = "instant", _("sofort per E-Mail")
        DAILY = "daily", _("täglich als Zusammenfassung")
        WEEKLY = "weekly", _("wöchentlich als Zusammenfassung")
        OFF = "off", _("keine E-Mails (nur hier auf der Plattform)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=12, choices=Category.choices)
    mode = models.CharField(max_length=8, choices=Mode.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.category}={self.mode}"


class DigestLog(models.Model):
    """When a person last got a digest (daily and weekly digests are counted from here)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}@{self.sent_at:%Y-%m-%d}"
