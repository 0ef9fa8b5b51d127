"""News and press releases (Aktuelles): posts the team writes, in German with translations.

A post is a draft until the team publishes it; ``published_at`` may lie in the future (then it shows from
that moment). The body is rich text, sanitised when it is saved (``core.lib.richtext``); the image is
optional and then needs a text alternative.
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
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District


class Post(ChoiceLabelsModel):
    class Kind(models.TextChoices):
        NEWS = "news", pgettext_lazy("Art eines Beitrags", "Nachricht")
        PRESS = "press", pgettext_lazy("Art eines Beitrags", "Pressemitteilung")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("Beitragsstatus", "Entwurf")
        PUBLISHED = "published", pgettext_lazy("Beitragsstatus", "veröffentlicht")

    slug = models.SlugField(_("Adresskürzel"), max_length=90, unique=True)
    kind = models.CharField(_("Art"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("Titel (Deutsch)"), max_length=200)
    title_translations = TranslatedTextField(_("Titel: Übersetzungen"))
    teaser = models.CharField(_("Anreißer (Deutsch)"), max_length=400)
    teaser_translations = TranslatedTextField(_("Anreißer: Übersetzungen"))
    body = models.TextField(_("Text (Deutsch)"), max_length=40000)
    body_translations = TranslatedTextField(_("Text: Übersetzungen"))
    image = models.ImageField(_("Bild"), upload_to="news/", blank=True)
    image_alt = models.CharField(_("Bildbeschreibung (Deutsch)"), max_length=300, blank=True)
    image_alt_translations = TranslatedTextField(_("Bildbeschreibung: Übersetzungen"))
    topics = models.ManyToManyField(FieldOfAction, verbose_name=_("Themen"), blank=True, related_name="+")
    # None: the post concerns all of Hessen.
    districts = models.ManyToManyField(District, verbose_name=_("Kreise"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("angelegt von"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_post_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="news_post_published_has_date"
            ),
            models.CheckConstraint(condition=Q(image="") | ~Q(image_alt=""), name="news_post_image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.title

    def localized_title(self, language: str | None = None) -> LocalizedText:
        return localized(self.title, self.title_translations, language)

    def localized_teaser(self, language: str | None = None) -> LocalizedText:
        return localized(self.teaser, self.teaser_translations, language)

    def localized_body(self, language: str | None = None) -> LocalizedText:
        return localized(self.body, self.body_translations, language)

    def localized_image_alt(self, language: str | None = None) -> LocalizedText:
        return localized(self.image_alt, self.image_alt_translations, language)
