"""Forms of the team's library pages. Forms parse and check input; they never write (``services``).

Rich text is sanitised by the service; documents are checked by their content (``core.lib.uploads``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, plain_text_field
from vielfalt.core.lib import uploads
from vielfalt.knowledge import services
from vielfalt.knowledge.models import LANGUAGES, Item
from vielfalt.organisations.models import FieldOfAction, TargetGroup

FILE_MAX_BYTES = 20 * uploads.MB
FILE_TYPES = ("pdf", "docx", "odt", "xlsx", "ods")


def _tag_list() -> str:
    shown = ("p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a href", "blockquote", "br", "table")
    return format_html_join(", ", "<code>&lt;{}&gt;</code>", ((tag,) for tag in shown))


class GuideChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_language_display()})"


class ItemForm(forms.Form):
    template_name = "core/forms/grouped_form.html"

    title = plain_text_field(_("Titel"), max_length=services.TITLE_MAX, required=True)
    kind = forms.ChoiceField(label=_("Art"), choices=Item.Kind.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Sprache"),
        choices=LANGUAGES,
        initial="de",
        help_text=_("In welcher Sprache ist der Eintrag geschrieben? Übersetzungen verknüpfen Sie danach."),
    )
    visibility = forms.ChoiceField(
        label=_("Sichtbarkeit"),
        choices=Item.Visibility.choices,
        initial=Item.Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("Einträge für Mitglieder sehen nur angemeldete Personen, ihre Dateien ebenso."),
    )
    summary = plain_text_field(
        _("Kurzbeschreibung"),
        max_length=services.SUMMARY_MAX,
        rows=3,
        help_text=_("Zwei, drei Sätze für die Trefferliste. Nur Text."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=services.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"), queryset=FieldOfAction.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"), queryset=TargetGroup.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Dauer in Minuten"), required=False, min_value=1, max_value=services.DURATION_MAX
    )
    group_size_min = forms.IntegerField(
        label=_("Gruppengröße ab"), required=False, min_value=1, max_value=services.GROUP_SIZE_MAX
    )
    group_size_max = forms.IntegerField(
        label=_("Gruppengröße bis"), required=False, min_value=1, max_value=services.GROUP_SIZE_MAX
    )
    materials = plain_text_field(
        _("Material"), max_length=services.LIST_MAX, rows=4, help_text=_("Eine Sache pro Zeile.")
    )
    steps = plain_text_field(
        _("Ablauf"), max_length=services.LIST_MAX, rows=8, help_text=_("Ein Schritt pro Zeile, der Reihe nach.")
    )
    video_url = forms.URLField(
        label=_("Adresse des Videos"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Nur für Videos: der Link zum Video, mit https://."),
    )
    parent = GuideChoiceField(
        label=_("Kapitel von"),
        queryset=Item.objects.none(),
        required=False,
        help_text=_("Nur für Kapitel eines Leitfadens: der Leitfaden, zu dem es gehört."),
    )
    position = forms.IntegerField(label=_("Kapitelnummer"), required=False, min_value=1, max_value=99)
    change_note = plain_text_field(
        _("Was hat sich geändert?"),
        max_length=services.CHANGE_NOTE_MAX,
        help_text=_("Der Eintrag ist veröffentlicht: Wer ihn liest, sieht diese Notiz bei den Fassungen."),
    )

    def __init__(self, *args: Any, item: Item | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        guides = Item.objects.filter(parent__isnull=True).exclude(kind__in=[Item.Kind.METHOD, Item.Kind.VIDEO])
        if item is not None:
            guides = guides.exclude(pk=item.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = guides.only("pk", "title", "language").order_by("title", "pk")
        self.fields["body"].help_text = gettext(
            "Sie können einfaches HTML verwenden: %(tags)s. Überschriften bitte der Reihe nach (erst "
            "&lt;h2&gt;, darunter &lt;h3&gt;); aus ihnen entsteht das Inhaltsverzeichnis. Links nur zu "
            "Adressen mit https://, http:// oder mailto:. Alles andere entfernen wir beim Speichern."
        ) % {"tags": _tag_list()}
        if item is None or item.version == 0:
            del self.fields["change_note"]

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(item, name)
            for name in (
                "title", "kind", "language", "visibility", "summary", "body", "duration_minutes",
                "group_size_min", "group_size_max", "materials", "steps", "video_url", "position",
            )
        }  # fmt: skip
        initial["parent"] = item.parent_id
        initial["topics"] = [term.pk for term in item.topics.all()]
        initial["target_groups"] = [term.pk for term in item.target_groups.all()]
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("group_size_min"), data.get("group_size_max")
        if low and high and low > high:
            self.add_error("group_size_max", _("Die größte Gruppe kann nicht kleiner sein als die kleinste."))
        return data

    def item_input(self) -> services.ItemInput:
        data = self.cleaned_data
        return services.ItemInput(
            title=data["title"],
            kind=data["kind"],
            language=data["language"],
            visibility=data["visibility"],
            summary=data.get("summary") or "",
            body=data.get("body") or "",
            topics=list(data.get("topics") or []),
            target_groups=list(data.get("target_groups") or []),
            parent=data.get("parent"),
            position=data.get("position"),
            duration_minutes=data.get("duration_minutes"),
            group_size_min=data.get("group_size_min"),
            group_size_max=data.get("group_size_max"),
            materials=data.get("materials") or "",
            steps=data.get("steps") or "",
            video_url=data.get("video_url") or "",
        )

    def note(self) -> str:
        return str(self.cleaned_data.get("change_note") or "")

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        groups = [
            FieldGroup(gettext("Der Eintrag"), bound("title", "kind", "language", "visibility", "summary", "body")),
            FieldGroup(
                gettext("Themen und Zielgruppen"), bound("topics", "target_groups"), scroll=("topics", "target_groups")
            ),
            FieldGroup(
                gettext("Für Methoden"),
                bound("duration_minutes", "group_size_min", "group_size_max", "materials", "steps"),
            ),
            FieldGroup(gettext("Für Videos"), bound("video_url")),
            FieldGroup(gettext("Für Kapitel eines Leitfadens"), bound("parent", "position")),
        ]
        if "change_note" in self.fields:
            groups.append(FieldGroup(gettext("Änderung"), bound("change_note")))
        return groups


class FileForm(forms.Form):
    title = plain_text_field(
        _("Titel der Datei"),
        max_length=services.FILE_TITLE_MAX,
        required=True,
        help_text=_("So erscheint die Datei beim Eintrag, zum Beispiel „Arbeitsblatt zum Ausdrucken“."),
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, ODT, XLSX oder ODS, höchstens 20 MB."),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{extension}" for extension in FILE_TYPES)}),
    )

    def clean_file(self) -> uploads.Upload:
        upload = self.cleaned_data["file"]
        checked, kind = uploads.check_document(upload, max_bytes=FILE_MAX_BYTES, types=FILE_TYPES)
        return uploads.Upload(
            content=checked,
            name=uploads.display_name(upload.name or "", kind.extension),
            size=upload.size or 0,
            content_type=kind.content_type,
        )


class TranslationForm(forms.Form):
    other = forms.CharField(
        label=_("Adresse des anderen Eintrags"),
        max_length=200,
        help_text=_(
            "Die Adresse (der letzte Teil des Links, etwa „rollenspiel-behoerdengang“) des Eintrags, "
            "dessen Übersetzung dieser ist – oder einer seiner Übersetzungen."
        ),
    )

    def clean_other(self) -> Item:
        value = str(self.cleaned_data["other"]).strip().rstrip("/").rsplit("/", 1)[-1]
        found = Item.objects.filter(slug=value).first()
        if found is None:
            raise ValidationError(_("Es gibt keinen Eintrag mit dieser Adresse."), code="unknown")
        return found


class ConfirmForm(forms.Form):
    """No fields: the action is a POST with the CSRF token, nothing else."""
