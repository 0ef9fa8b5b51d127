"""Forms for a group's discussions: threads, posts, pinning. They parse and check input; the services write.

Attachments are checked here, before anything is written: photos are decoded and re-encoded
(``reencode_image``), documents sniffed (``check_document``); a script named ``.pdf`` is refused.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import AttachmentsField, reject_markup
from vielfalt.exchange.discussions.services import (
    ATTACHMENT_IMAGE_MAX_SIDE,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENTS_MAX,
    BODY_MAX_LENGTH,
)


class PinForm(forms.Form):
    pinned = forms.BooleanField(required=False, widget=forms.HiddenInput)


# --- discussions ----------------------------------------------------------------------------------------


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
    attachments = AttachmentsField(
        label=_("Dateien anhängen"),
        maximum=ATTACHMENTS_MAX,
        max_bytes=ATTACHMENT_MAX_BYTES,
        image_max_side=ATTACHMENT_IMAGE_MAX_SIDE,
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
