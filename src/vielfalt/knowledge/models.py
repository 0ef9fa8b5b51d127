"""The library (Wissen): methods of the Methodenkoffer, guides such as the Empfehlungs-Leitfaden with
their chapters, templates, checklists and video links.

An item is HTML first (sanitised rich text), in one language; a translation is another item linked to
its original (``translation_of``), and so is a version in Leichte Sprache (language ``de-ls``). A guide's
chapters are items with a ``parent`` and a ``position``. Published content is revised, never overwritten:
each revision is kept as an ``ItemVersion`` with its change note. Files are stored privately and served
only through a view that checks access (``ItemFile.public_id`` in the address, never the stored name).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.organisations.models import FieldOfAction, TargetGroup

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

EASY_GERMAN = "de-ls"
# The languages an item can be written in: the platform's seven, and German in Leichte Sprache.
LANGUAGES: list[tuple[str, StrPromise]] = [
    ("de", _("Deutsch")),
    (EASY_GERMAN, _("Leichte Sprache")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("fa", _("Persisch (Farsi)")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
]
RTL_LANGUAGES = ("ar", "fa")


def html_language(code: str) -> str:
    """The ``lang`` attribute of text in ``code`` (Leichte Sprache is German)."""
    return "de" if code == EASY_GERMAN else code


class Item(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        METHOD = "method", _("Methode")
        GUIDE = "guide", _("Leitfaden")
        TEMPLATE = "template", _("Vorlage")
        CHECKLIST = "checklist", _("Checkliste")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Öffentlich")
        MEMBERS = "members", _("Mitglieder der Plattform")

    slug = models.SlugField(_("Adresse"), max_length=80, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True, default="")
    body = models.TextField(_("Text"), blank=True, default="")  # sanitised HTML (core.lib.richtext)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("Sprache"), max_length=8, choices=LANGUAGES, default="de")
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("Übersetzung von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Kapitel von"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    position = models.PositiveSmallIntegerField(_("Kapitelnummer"), null=True, blank=True)
    # A method's structured facts.
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer in Minuten"), null=True, blank=True)
    group_size_min = models.PositiveSmallIntegerField(_("Gruppengröße ab"), null=True, blank=True)
    group_size_max = models.PositiveSmallIntegerField(_("Gruppengröße bis"), null=True, blank=True)
    materials = models.TextField(_("Material"), blank=True, default="")  # one per line
    steps = models.TextField(_("Ablauf"), blank=True, default="")  # one step per line
    video_url = models.URLField(_("Adresse des Videos"), max_length=500, blank=True, default="")
    topics = models.ManyToManyField(FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="knowledge_items")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="knowledge_items"
    )
    # Kept by the services with the links above: the facets count these lists instead of joining.
    topic_ids = models.JSONField(editable=False, blank=True, default=list)
    target_group_ids = models.JSONField(editable=False, blank=True, default=list)
    # Title, texts, method facts and vocabulary names: what the search reads (services keep it).
    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(_("Fassung"), default=0)  # 0: never published
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Eintrag der Bibliothek")
        verbose_name_plural = _("Einträge der Bibliothek")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_of", "language"], name="knowledge_one_translation_per_language"
            ),
            models.UniqueConstraint(fields=["parent", "position"], name="knowledge_one_chapter_per_position"),
            models.CheckConstraint(
                condition=Q(translation_of__isnull=True) | ~Q(translation_of=F("pk")),
                name="knowledge_not_own_translation",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")), name="knowledge_not_own_chapter"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "kind"], name="knowledge_item_facets"),
            models.Index(fields=["status", "title"], name="knowledge_item_title"),
            models.Index(fields=["status", "published_at"], name="knowledge_item_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS

    @property
    def html_lang(self) -> str:
        return html_language(self.language)

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    @property
    def is_easy_language(self) -> bool:
        return self.language == EASY_GERMAN

    @property
    def original(self) -> Item:
        """The item this one translates, or itself: the root of its translation set."""
        return self.translation_of if self.translation_of_id is not None else self  # type: ignore[return-value]

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def has_method_facts(self) -> bool:
        return bool(self.duration_minutes or self.group_size_min or self.group_size_max or self.materials or self.steps)


class ItemVersion(models.Model):
    """One published version of an item's content, as it read then, with the note on what changed."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Fassung"))
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True, default="")
    body = models.TextField(_("Text"), blank=True, default="")
    # The method's facts and the video address as they were (keys as the fields of ``Item``).
    facts = models.JSONField(default=dict, blank=True)
    change_note = models.CharField(_("Was hat sich geändert?"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="knowledge_one_version_number")]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    def fact(self, name: str) -> Any:
        return self.facts.get(name)


class ItemFile(models.Model):
    """A document that goes with an item (a handout, a template to fill in): PDF, DOCX, ODT, XLSX, ODS."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    # The address of the download names this, never the stored file name.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("Titel der Datei"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="knowledge/", max_length=200)  # in the private storage
    name = models.CharField(_("Dateiname"), max_length=200)  # what people download it as
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].upper() if "." in self.name else ""
