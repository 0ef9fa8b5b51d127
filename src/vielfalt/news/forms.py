"""The team's forms for news posts. Forms parse and check input; they never write.

The image is decoded and written anew without metadata (``core.lib.uploads``), so a file that only
calls itself ``.jpg`` is refused here; the body is sanitised by the service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms import BoundField
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib import uploads
from vielfalt.news.models import Post
from vielfalt.news.services import BODY_MAX, IMAGE_ALT_MAX, TEASER_MAX, TITLE_MAX, PostInput
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

IMAGE_MAX_BYTES = 5 * uploads.MB
IMAGE_MAX_SIDE = 2000
# What ``<input type="datetime-local">`` sends and expects.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"

ALT_MISSING = _("Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können.")


def _tag_list() -> str:
    shown = ("p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a href", "blockquote")
    return format_html_join(", ", "<code>&lt;{}&gt;</code>", ((tag,) for tag in shown))


class PostForm(forms.Form):
    template_name = "core/forms/grouped_form.html"

    kind = forms.ChoiceField(
        label=_("Art"), choices=Post.Kind.choices, initial=Post.Kind.NEWS, widget=forms.RadioSelect
    )
    title = _translated(_("Titel"), max_length=TITLE_MAX, required=True)
    teaser = _translated(
        _("Anreißer"),
        max_length=TEASER_MAX,
        required=True,
        rows=3,
        translation_rows=2,
        help_text=_(
            "Ein, zwei Sätze, worum es geht. So erscheint der Beitrag in der Liste, im Feed und auf der Startseite. Nur Text."
        ),
    )
    body = _translated(_("Text"), max_length=BODY_MAX, required=True, rows=14, translation_rows=8, plain=False)
    image = forms.FileField(
        label=_("Bild"),
        required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB. Wir entfernen Metadaten wie den Aufnahmeort."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_image = forms.BooleanField(label=_("Bild entfernen"), required=False)
    image_alt = _translated(
        _("Bildbeschreibung"),
        max_length=IMAGE_ALT_MAX,
        help_text=_(
            "Pflicht, wenn der Beitrag ein Bild hat: Beschreiben Sie kurz, was darauf zu sehen ist – für Menschen, "
            "die es nicht sehen können. Zum Beispiel: „Vertreterinnen und Vertreter von Vereinen sitzen im Kreis "
            "und diskutieren.“"
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Handlungsfelder des Verzeichnisses. Jedes Thema hat einen eigenen Feed."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Kreise"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leer lassen, wenn der Beitrag ganz Hessen betrifft."),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.post = post
        self.fields["body"].help_text = _(
            "Sie können einfaches HTML verwenden: %(tags)s. Überschriften bitte der Reihe nach (erst "
            "&lt;h2&gt;, darunter &lt;h3&gt;). Links nur zu Adressen mit https://, http:// oder mailto:. "
            "Alles andere – etwa Skripte, Bilder, Formatierungen mit style – entfernen wir beim Speichern."
        ) % {"tags": _tag_list()}
        topics = self.fields["topics"]
        districts = self.fields["districts"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        assert isinstance(districts, forms.ModelMultipleChoiceField)
        topics.queryset = FieldOfAction.objects.order_by("position", "name")
        districts.queryset = District.objects.defer("outline").order_by("name", "ags")
        if post is None or not post.image:
            del self.fields["remove_image"]
        else:
            self.fields["image"].label = _("Anderes Bild")

    @classmethod
    def initial_for(cls, post: Post) -> dict[str, Any]:
        return {
            **translated_initial(post, "title", "teaser", "body", "image_alt"),
            "kind": post.kind,
            "topics": list(post.topics.values_list("pk", flat=True)),
            "districts": list(post.districts.values_list("pk", flat=True)),
        }

    def clean_image(self) -> ContentFile[bytes] | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return uploads.reencode_image(upload, max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_MAX_SIDE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keeps_image = self.post is not None and bool(self.post.image) and not data.get("remove_image")
        has_image = bool(data.get("image")) or keeps_image
        alt = data.get("image_alt")
        if has_image and alt is not None and not alt.german.strip() and "image" not in self.errors:
            self.add_error("image_alt", ValidationError(ALT_MISSING, code="alt_missing"))
        return data

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        return [
            FieldGroup(gettext("Der Beitrag"), bound("kind", "title", "teaser", "body")),
            FieldGroup(gettext("Bild"), bound("image", "remove_image", "image_alt")),
            FieldGroup(gettext("Themen und Kreise"), bound("topics", "districts"), scroll=("districts",)),
        ]

    def post_input(self) -> PostInput:
        data = self.cleaned_data
        texts = translated_data(data, "title", "teaser", "body", "image_alt")
        return PostInput(
            kind=data["kind"],
            title=texts["title"],
            title_translations=texts["title_translations"],
            teaser=texts["teaser"],
            teaser_translations=texts["teaser_translations"],
            body=texts["body"],
            body_translations=texts["body_translations"],
            image_alt=texts["image_alt"],
            image_alt_translations=texts["image_alt_translations"],
            topics=list(data["topics"]),
            districts=list(data["districts"]),
        )


class PublishForm(forms.Form):
    """Publish now, or from a time on (then the post shows from that moment)."""

    NOW, LATER = "now", "later"

    when = forms.ChoiceField(
        label=_("Wann soll der Beitrag erscheinen?"),
        choices=[(NOW, _("Jetzt")), (LATER, _("Zu einem bestimmten Zeitpunkt"))],
        initial=NOW,
        widget=forms.RadioSelect,
    )
    at = forms.DateTimeField(
        label=_("Zeitpunkt"),
        required=False,
        help_text=_(
            "Datum und Uhrzeit (deutsche Zeit), zum Beispiel 14.06.2027 09:00. Nur bei „Zu einem bestimmten Zeitpunkt“."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == self.LATER and data.get("at") is None and "at" not in self.errors:
            self.add_error(
                "at", ValidationError(_("Bitte geben Sie an, wann der Beitrag erscheinen soll."), code="required")
            )
        return data

    def publish_at(self) -> datetime | None:
        """The chosen time (aware), or None for now."""
        if self.cleaned_data["when"] != self.LATER:
            return None
        at: datetime = self.cleaned_data["at"]
        return at if timezone.is_aware(at) else timezone.make_aware(at)


class ConfirmForm(forms.Form):
    """No fields: a POST with the CSRF token (unpublish, delete)."""
