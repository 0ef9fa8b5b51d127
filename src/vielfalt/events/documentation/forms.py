"""Forms of an event's documentation (text, photos, files).

Forms parse and check input; they never write. Photos are decoded and re-encoded, documents are
checked by their content (``core.lib.uploads``), the text is sanitised (``core.lib.richtext``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile, File
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib import richtext, uploads
from vielfalt.events.documentation.services import BODY_MAX, SUMMARY_MAX

IMAGE_MAX_BYTES = 5 * uploads.MB
IMAGE_MAX_SIDE = 2400
FILE_MAX_BYTES = 10 * uploads.MB


def _tag_list() -> str:
    """The allowed tags as escaped code, for the help text (which the field template shows as HTML)."""
    shown = ("p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a href", "blockquote", "br", "table")
    return format_html_join(", ", "<code>&lt;{}&gt;</code>", ((tag,) for tag in shown))


class DocumentationForm(forms.Form):
    summary = forms.CharField(
        label=_("Kurzfassung"),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei Sätze: Worum ging es, was ist herausgekommen? Nur Text, höchstens 500 Zeichen."),
    )
    body = forms.CharField(
        label=_("Bericht"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
    )
    published = forms.BooleanField(label=_("Dokumentation veröffentlichen"), required=False)

    def __init__(self, *args: Any, can_publish: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Sie können einfaches HTML verwenden: %(tags)s. Überschriften bitte der Reihe nach (erst "
            "&lt;h2&gt;, darunter &lt;h3&gt;). Links nur zu Adressen mit https://, http:// oder mailto:. "
            "Alles andere – etwa Skripte, Bilder, Formatierungen mit style – entfernen wir beim Speichern."
        ) % {"tags": _tag_list()}
        if not can_publish:
            self.fields["published"].help_text = _(
                "Veröffentlichen können Sie die Dokumentation, sobald die Veranstaltung begonnen hat."
            )

    def clean_body(self) -> str:
        return richtext.sanitise(self.cleaned_data.get("body", ""))


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Bild"),
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB. Wir entfernen Metadaten wie den Aufnahmeort."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternativtext"),
        max_length=300,
        help_text=_(
            "Beschreiben Sie kurz, was auf dem Bild zu sehen ist – für Menschen, die es nicht sehen können. "
            "Zum Beispiel: „Teilnehmende arbeiten in einer Gruppe an Plakaten.“"
        ),
        error_messages={"required": _("Bitte beschreiben Sie das Bild in einem Alternativtext.")},
    )
    caption = forms.CharField(label=_("Bildunterschrift"), max_length=300, required=False)
    consent = forms.BooleanField(
        label=_("Die abgebildeten Personen sind mit der Veröffentlichung einverstanden"),
        required=True,
        error_messages={
            "required": _(
                "Bitte bestätigen Sie das Einverständnis der abgebildeten Personen. Ohne ihr Einverständnis "
                "dürfen wir das Bild nicht veröffentlichen."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "image")
        super().__init__(*args, **kwargs)

    def clean_image(self) -> ContentFile[bytes]:
        return uploads.reencode_image(self.cleaned_data["image"], max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_MAX_SIDE)


class FileForm(forms.Form):
    title = forms.CharField(
        label=_("Titel der Datei"),
        max_length=200,
        help_text=_("So erscheint die Datei in der Liste, zum Beispiel „Präsentation Workshop 1“."),
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, ODS oder ODP, höchstens 10 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{extension}" for extension in uploads.DOCUMENT_TYPES)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "file")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> File[Any]:
        checked, _kind = uploads.check_document(self.cleaned_data["file"], max_bytes=FILE_MAX_BYTES)
        return checked


class DeleteForm(forms.Form):
    """No fields: deleting is a POST with the CSRF token, nothing else."""
