"""The exchange (Austausch): groups with discussions, direct messages, the board of requests and
offers, and moderation. Nothing here is public to anonymous visitors unless a group says so."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.lib.translated import LocalizedText, localized
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District


class Group(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("Themengruppe")
        REGIONAL = "regional", _("Regionalgruppe")
        WORKING = "working", _("Arbeitsgruppe")

    class Joining(models.TextChoices):
        OPEN = "open", _("offen: jede und jeder kann beitreten")
        REQUEST = "request", _("auf Anfrage: die Moderation nimmt auf")
        INVITATION = "invitation", _("nur auf Einladung")

    class Visibility(models.TextChoices):
        PLATFORM = "platform", _("für alle Mitglieder der Plattform lesbar")
        CLOSED = "closed", _("geschlossen: nur für Gruppenmitglieder")
        PUBLIC = "public", _("öffentlich: auch ohne Konto lesbar")

    slug = models.SlugField(_("Adresskürzel"), max_length=80, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("Name (Deutsch)"), max_length=120)
    name_translations = TranslatedTextField(_("Name: Übersetzungen"))
    description = models.TextField(_("Beschreibung (Deutsch)"), max_length=3000, blank=True)
    description_translations = TranslatedTextField(_("Beschreibung: Übersetzungen"))
    district = models.OneToOneField(
        District, verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT, related_name="group"
    )
    fields_of_action = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True)
    joining = models.CharField(_("Beitritt"), max_length=10, choices=Joining.choices, default=Joining.OPEN)
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.PLATFORM
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Gruppe")
        verbose_name_plural = _("Gruppen")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.localized_name().text

    def localized_name(self, language: str | None = None) -> LocalizedText:
        return localized(self.name, self.name_translations, language)

    def localized_description(self, language: str | None = None) -> LocalizedText:
        return localized(self.description, self.description_translations, language)


class GroupMembership(ChoiceLabelsModel):
    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderation")
        MEMBER = "member", _("Mitglied")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Mitglied")
        REQUESTED = "requested", _("Beitritt angefragt")
        INVITED = "invited", _("eingeladen")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Gruppenmitgliedschaft")
        verbose_name_plural = _("Gruppenmitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique")]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.group_id}"


class GroupEvent(models.Model):
    """An event that belongs to a group (e.g. the regional group's online meet-up series).

    The link is kept here, on the exchange's side: events sit below the exchange and do not know groups.
    An event belongs to one group at most."""

    group = models.ForeignKey(
        Group, verbose_name=_("Gruppe im Austausch"), on_delete=models.CASCADE, related_name="event_links"
    )
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="group_link")

    class Meta:
        verbose_name = _("Verknüpfung mit einer Veranstaltung")
        verbose_name_plural = _("Verknüpfungen mit Veranstaltungen")

    def __str__(self) -> str:
        return f"{self.event_id}@{self.group_id}"


class Thread(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("Titel"), max_length=200)
    pinned = models.BooleanField(_("angeheftet"), default=False)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the services, so that a group's thread list needs no aggregate over posts.
    last_post_at = models.DateTimeField(db_index=True)
    reply_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Diskussion")
        verbose_name_plural = _("Diskussionen")
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["group", "is_hidden", "pinned", "last_post_at"])]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """The opening post of a thread or a reply. Deleting replaces the content by a note."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("Text"))  # sanitised HTML (core.lib.richtext), written by the services
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("Datei"), upload_to="exchange/")
    name = models.CharField(_("Dateiname"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.name


class Conversation(models.Model):
    """Direct messages between people, or between a person and an organisation (its admins answer)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Unterhaltung")
        verbose_name_plural = _("Unterhaltungen")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ConversationMember(models.Model):
    """A person in a conversation, with what they have read. For a conversation with an
    organisation, its admins get a row when they first open it (they read it as the organisation)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    # True for the person who wrote to an organisation (the other side is the organisation).
    is_starter = models.BooleanField(default=False)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="conversation_member_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Written on behalf of the conversation's organisation (by one of its admins).
    as_organisation = models.BooleanField(default=False)
    body = models.TextField(_("Nachricht"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk}"


class Block(models.Model):
    """``blocker`` gets no more direct messages from ``blocked``."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique")]

    def __str__(self) -> str:
        return f"{self.blocker_id}⊘{self.blocked_id}"


class BoardPost(ChoiceLabelsModel):
    """An entry on the board of requests and offers (Gesuche & Angebote)."""

    class Direction(models.TextChoices):
        SEEKING = "seeking", _("Wir suchen")
        OFFERING = "offering", _("Wir bieten")

    class Topic(models.TextChoices):
        PARTNER = "partner", _("Kooperationspartner")
        ROOM = "room", _("Raum")
        VOLUNTEERS = "volunteers", _("Ehrenamtliche")
        EXPERTISE = "expertise", _("Fachwissen")
        MATERIAL = "material", _("Material")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_posts")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("für die Organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="board_posts",
    )  # fmt: skip
    direction = models.CharField(_("Suchen oder Bieten"), max_length=10, choices=Direction.choices)
    topic = models.CharField(_("Worum geht es?"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("Titel"), max_length=150)
    body = models.TextField(_("Beschreibung"), max_length=3000)
    district = models.ForeignKey(District, verbose_name=_("Kreis"), on_delete=models.PROTECT, related_name="+")
    fields_of_action = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True)
    expires_on = models.DateField(_("sichtbar bis"))
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Eintrag bei Suchen und Bieten")
        verbose_name_plural = _("Einträge bei Suchen und Bieten")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["is_hidden", "expires_on"])]

    def __str__(self) -> str:
        return self.title


class Report(ChoiceLabelsModel):
    """A member tells the moderation about a post, thread, message or board entry."""

    class Target(models.TextChoices):
        POST = "post", _("Beitrag")
        MESSAGE = "message", _("Nachricht")
        BOARD = "board", _("Eintrag bei Suchen und Bieten")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("Meldung", "offen")
        DISMISSED = "dismissed", _("ohne Maßnahme erledigt")
        ACTIONED = "actioned", _("Maßnahme ergriffen")

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=8, choices=Target.choices)
    target_id = models.PositiveIntegerField()
    # The group a reported post belongs to: its moderators may handle the report.
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("Was ist das Problem?"), max_length=1000)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("Moderation", "Meldung")
        verbose_name_plural = pgettext_lazy("Moderation", "Meldungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(status="open"),
                name="one_open_report_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id}"


class ModerationAction(ChoiceLabelsModel):
    """Every moderation step, with its reason (hide, restore, warn, suspend, lift a suspension)."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        RESTORE = "restore", _("wiederhergestellt")
        WARN = "warn", _("verwarnt")
        SUSPEND = "suspend", _("gesperrt")
        UNSUSPEND = "unsuspend", _("Sperre aufgehoben")
        DISMISS = "dismiss", _("Meldung ohne Maßnahme erledigt")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    target_type = models.CharField(max_length=8, blank=True)
    target_id = models.PositiveIntegerField(null=True, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    reason = models.CharField(_("Begründung"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Moderationsschritt")
        verbose_name_plural = _("Moderationsschritte")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.action


class Suspension(models.Model):
    """A person may not post in the exchange (groups, messages, board) until ``until``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_suspension")
    until = models.DateTimeField(_("gesperrt bis"))
    reason = models.CharField(_("Begründung"), max_length=500)

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d}"
