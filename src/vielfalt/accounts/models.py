from __future__ import annotations

import unicodedata
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.choices import ChoiceLabelsModel

# Joiners that some scripts need inside a word (Persian, Arabic, Indic): kept. Other format
# characters (bidi overrides, zero-width spaces) are dropped.
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def normalise_person_name(value: str) -> str:
    """A person's name is one line of text: line breaks, tabs and other control characters become
    spaces, invisible format characters go, runs of spaces become one. Names appear in email
    subjects and bodies, where a line break would start a header or a paragraph of its own."""
    characters = []
    for character in value:
        category = unicodedata.category(character)
        if category in ("Cc", "Zl", "Zp"):
            characters.append(" ")
        elif category == "Cf" and character not in _KEPT_FORMAT_CHARACTERS:
            continue
        else:
            characters.append(character)
    return " ".join("".join(characters).split())


class Role(models.TextChoices):
    """Platform-wide roles. Roles inside an organisation (admin, member) belong to the directory."""

    MEMBER = "member", _("Mitglied")
    MUNICIPAL = "municipal", _("Kommunale Akteurin / kommunaler Akteur")
    MINISTRY = "ministry", _("Ministerium (nur Lesen)")
    STAFF = "staff", _("Team des Kompetenzzentrums")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(role=Role.STAFF, is_superuser=True)
        return self.create_user(email, password, **extra)


def _language_choices() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


class User(ChoiceLabelsModel, AbstractBaseUser, PermissionsMixin):
    """A person with an account. Signs in with an email address; there are no usernames."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    # How pages address a person (e.g. "write a message to"): random, so that nobody can walk
    # through the accounts by counting up primary keys.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("Bevorzugte Sprache"), max_length=8, choices=_language_choices, default="de"
    )
    spoken_languages = models.JSONField(_("Gesprochene Sprachen"), default=list, blank=True)
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    notify_activity = models.BooleanField(_("E-Mails zu meinen Anmeldungen, Anfragen und Nachrichten"), default=True)
    notify_deadlines = models.BooleanField(_("Erinnerungen an Förderfristen"), default=False)
    notify_newsletter = models.BooleanField(_("Newsletter"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_staff(self) -> bool:
        # Django's admin and allauth ask for is_staff; here the role decides.
        return self.role == Role.STAFF and self.is_active

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email.split("@", 1)[0]
