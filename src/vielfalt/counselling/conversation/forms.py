"""Forms of the conversation part: a message with files, an appointment, an answer to one.

Files are checked here, before anything is written: photos are decoded and re-encoded
(``reencode_image``), documents sniffed (``check_document``); a script named ``.pdf`` is refused.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import plain_text_field
from vielfalt.core.lib import uploads
from vielfalt.counselling.conversation.services import (
    ATTACHMENT_IMAGE_MAX_SIDE,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_MAX,
    BODY_MAX_LENGTH,
    AppointmentInput,
    Upload,
)
from vielfalt.counselling.models import REQUEST_WAYS

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "webp"}
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
# The documents of the brief: PDF, Word, Excel and OpenDocument text (no presentations).
DOCUMENT_EXTENSIONS = {"pdf", "docx", "xlsx", "odt", "ods"}
ACCEPTED = ",".join(f".{extension}" for extension in sorted(DOCUMENT_EXTENSIONS | IMAGE_EXTENSIONS))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _display_name(original: str, extension: str) -> str:
    """The name people download a file as: the uploaded name without folders or control characters,
    with the extension of what the file really is."""
    base = os.path.basename((original or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip(" .")[:150]
    return f"{stem or gettext('Anhang')}.{extension}"


def check_attachment(upload: UploadedFile) -> Upload:
    """``upload`` as a re-encoded image or a checked document; ``ValidationError`` otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
            raise ValidationError(gettext("Jede Datei darf höchstens 10 MB groß sein."), code="too_large")
        if extension in IMAGE_EXTENSIONS:
            image = uploads.reencode_image(upload, max_bytes=ATTACHMENT_MAX_BYTES, max_side=ATTACHMENT_IMAGE_MAX_SIDE)
            real = (image.name or "").rsplit(".", 1)[-1]
            return Upload(
                content=image, name=_display_name(name, real), size=image.size, content_type=IMAGE_TYPES[real]
            )
        if extension not in DOCUMENT_EXTENSIONS:
            raise ValidationError(
                gettext("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.")
                % {"types": "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, WebP"},
                code="type",
            )
        document, kind = uploads.check_document(upload, max_bytes=ATTACHMENT_MAX_BYTES)
        return Upload(
            content=document,
            name=_display_name(name, kind.extension),
            size=upload.size or 0,
            content_type=kind.content_type,
        )
    except ValidationError as error:
        raise ValidationError(
            gettext("„%(name)s“: %(problem)s") % {"name": name[:80], "problem": " ".join(error.messages)},
            code=error.code,
        ) from None


class MessageForm(forms.Form):
    """A message in the case's conversation, with up to three files."""

    body = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte schreiben Sie eine Nachricht.")},
    )
    attachments = MultipleFileField(
        label=_("Dateien anhängen"),
        required=False,
        help_text=_(
            "Bis zu 3 Dateien, je höchstens 10 MB: PDF, Word, Excel, OpenDocument oder Bilder (PNG, JPEG, "
            "WebP). Herunterladen können sie nur das Team und die Ansprechpersonen der Organisation."
        ),
    )

    def clean_attachments(self) -> list[Upload]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > ATTACHMENTS_MAX:
            raise ValidationError(
                ngettext(
                    "Sie können höchstens %(count)d Datei anhängen.",
                    "Sie können höchstens %(count)d Dateien anhängen.",
                    ATTACHMENTS_MAX,
                )
                % {"count": ATTACHMENTS_MAX},
                code="too_many",
            )
        checked, problems = [], []
        for upload in files:
            try:
                checked.append(check_attachment(upload))
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError(problems)
        return checked


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
