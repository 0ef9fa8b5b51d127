"""Forms for a group's discussions: threads, posts, pinning. They parse and check input; the services write.

Attachments are checked here, before anything is written: photos are decoded and re-encoded
(``reencode_image``), documents sniffed (``check_document``); a script named ``.pdf`` is refused.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import reject_markup
from vielfalt.core.lib import uploads
from vielfalt.exchange.discussions.services import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX, BODY_MAX_LENGTH, Upload

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "webp"}
ACCEPTED = ",".join(
    [f".{extension}" for extension in uploads.DOCUMENT_TYPES] + [f".{extension}" for extension in IMAGE_EXTENSIONS]
)


class PinForm(forms.Form):
    pinned = forms.BooleanField(required=False, widget=forms.HiddenInput)


# --- discussions ----------------------------------------------------------------------------------------


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
    """The name people download a file as: the uploaded name without folders or control
    characters, with the extension of what the file really is."""
    base = os.path.basename((original or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip(" .")[:150]
    return f"{stem or gettext('Anhang')}.{extension}"


def check_attachment(upload: UploadedFile) -> Upload:
    """``upload`` as a re-encoded image or a checked document; ``ValidationError`` otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if (upload.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("„%(name)s“ ist zu groß. Jede Datei darf höchstens 10 MB groß sein.") % {"name": name[:80]},
            code="too_large",
        )
    try:
        if extension in IMAGE_EXTENSIONS:
            image = uploads.reencode_image(upload, max_bytes=ATTACHMENT_MAX_BYTES, max_side=2400)
            real = (image.name or "").rsplit(".", 1)[-1]
            return Upload(content=image, name=_display_name(name, real), size=image.size)
        document, kind = uploads.check_document(upload, max_bytes=ATTACHMENT_MAX_BYTES)
        return Upload(content=document, name=_display_name(name, kind.extension), size=upload.size or 0)
    except ValidationError as error:
        raise ValidationError(
            gettext("„%(name)s“: %(problem)s") % {"name": name[:80], "problem": " ".join(error.messages)},
            code=error.code,
        ) from None


class PostForm(forms.Form):
    """A reply: the text, up to three files and, optionally, people to mention."""

    body = forms.CharField(
        label=_("Ihr Beitrag"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Schreiben Sie einfach los: Eine Leerzeile beginnt einen neuen Absatz. Einfache Auszeichnungen sind "
            "möglich (siehe „So gestalten Sie Ihren Text“). Mit @Vorname Nachname erwähnen Sie ein Mitglied der "
            "Gruppe – es wird benachrichtigt."
        ),
        error_messages={"required": _("Bitte schreiben Sie einen Text.")},
    )
    attachments = MultipleFileField(
        label=_("Dateien anhängen"),
        required=False,
        help_text=_(
            "Bis zu 3 Dateien, je höchstens 10 MB: PDF, Word, Excel, PowerPoint, OpenDocument oder Bilder "
            "(PNG, JPEG, WebP). Herunterladen können sie nur Personen, die die Gruppe lesen dürfen."
        ),
    )
    mentioned = forms.TypedMultipleChoiceField(
        label=_("Personen erwähnen"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die gewählten Personen bekommen eine Benachrichtigung."),
    )

    def __init__(self, *args: Any, mention_choices: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = mention_choices or []
        if choices:
            cast(forms.TypedMultipleChoiceField, self.fields["mentioned"]).choices = choices
        else:
            del self.fields["mentioned"]

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

    @property
    def mentions_open(self) -> bool:
        return "mentioned" in self.fields and bool(self["mentioned"].errors or self["mentioned"].value())


class ThreadForm(PostForm):
    """A new discussion: a title and the opening post."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Worum geht es, in wenigen Worten? Zum Beispiel „Erfahrungen mit dem Förderantrag WIR“."),
        validators=[reject_markup],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["title", "body", "attachments", "mentioned"])
        self.fields["body"].label = _("Ihr erster Beitrag")


class EditPostForm(forms.Form):
    body = PostForm.base_fields["body"]
