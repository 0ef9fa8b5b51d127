"""Forms of the conversation part: a message with files, an appointment, an answer to one.

Files are checked by the attachments field, before anything is written: photos are decoded and
re-encoded, documents sniffed (``core.lib.uploads.check_attachment``); a script named ``.pdf`` is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.forms import AttachmentsField, plain_text_field
from vielfalt.counselling.conversation.services import (
    ATTACHMENT_IMAGE_MAX_SIDE,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_MAX,
    BODY_MAX_LENGTH,
    AppointmentInput,
)
from vielfalt.counselling.models import REQUEST_WAYS

# The documents of the brief: PDF, Word, Excel and OpenDocument text and tables (no presentations).
DOCUMENTS = {"pdf", "docx", "xlsx", "odt", "ods"}


class MessageForm(forms.Form):
    """A message in the case's conversation, with up to three files."""

    body = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte schreiben Sie eine Nachricht.")},
    )
    attachments = AttachmentsField(
        label=_("Dateien anhängen"),
        maximum=ATTACHMENTS_MAX,
        max_bytes=ATTACHMENT_MAX_BYTES,
        image_max_side=ATTACHMENT_IMAGE_MAX_SIDE,
        documents=DOCUMENTS,
        help_text=_(
            "Bis zu 3 Dateien, je höchstens 10 MB: PDF, Word, Excel, OpenDocument oder Bilder (PNG, JPEG, "
            "WebP). Herunterladen können sie nur das Team und die Ansprechpersonen der Organisation."
        ),
    )


def _way_choices() -> list[tuple[str, Any]]:
    return [(str(way.value), way.label) for way in REQUEST_WAYS]


class AppointmentForm(forms.Form):
    """The team proposes a date: day, beginning and end (local time), how and where."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte geben Sie das Datum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )
    starts_at = forms.TimeField(
        label=_("Beginn"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Bitte geben Sie an, wann der Termin beginnt."),
            "invalid": _("Bitte geben Sie eine Uhrzeit an, zum Beispiel 10:00."),
        },
    )
    ends_at = forms.TimeField(
        label=_("Ende"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Bitte geben Sie an, wann der Termin endet."),
            "invalid": _("Bitte geben Sie eine Uhrzeit an, zum Beispiel 10:00."),
        },
    )
    way = forms.ChoiceField(
        label=pgettext_lazy("Termin", "Wie"),
        choices=_way_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wie der Termin stattfindet.")},
    )
    place = plain_text_field(
        _("Ort"),
        max_length=200,
        help_text=_("Bei einem Termin vor Ort: die Adresse. Im Kompetenzzentrum: zum Beispiel der Raum."),
    )
    video_url = forms.URLField(
        label=_("Videolink"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Nur bei einem Videotermin: der Link zum Videoraum."),
        error_messages={"invalid": _("Bitte geben Sie einen vollständigen Link an, zum Beispiel https://…")},
    )
    note = plain_text_field(
        _("Hinweis für die Organisation"),
        max_length=1000,
        rows=3,
        help_text=_("Zum Beispiel: Bitte bringen Sie den Entwurf der Satzung mit."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("starts_at"), data.get("ends_at")
        if day is not None and start is not None and end is not None:
            data["starts"] = timezone.make_aware(datetime.combine(day, start))
            data["ends"] = timezone.make_aware(datetime.combine(day, end))
        return data

    def appointment_input(self) -> AppointmentInput:
        data = self.cleaned_data
        return AppointmentInput(
            starts_at=data["starts"],
            ends_at=data["ends"],
            way=data["way"],
            place=data.get("place") or "",
            video_url=data.get("video_url") or "",
            note=data.get("note") or "",
        )


class AnswerForm(forms.Form):
    """Accept or decline (the two buttons of the answer form post ``answer``)."""

    answer = forms.ChoiceField(choices=[("accept", _("Zusagen")), ("decline", _("Ablehnen"))])

    @property
    def accepts(self) -> bool:
        return bool(self.cleaned_data["answer"] == "accept")
