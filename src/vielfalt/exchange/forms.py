"""Forms for groups and discussions. They parse and check input; the services write.

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
from django.forms.boundfield import BoundField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, reject_markup, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib import uploads
from vielfalt.exchange.models import Group, GroupMembership
from vielfalt.exchange.services import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX, BODY_MAX_LENGTH, Upload
from vielfalt.organisations.models import FieldOfAction

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "webp"}
ACCEPTED = ",".join(
    [f".{extension}" for extension in uploads.DOCUMENT_TYPES] + [f".{extension}" for extension in IMAGE_EXTENSIONS]
)


# --- groups ----------------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    """A topic or working group: what it is about, who joins and who reads (staff create them)."""

    template_name = "core/forms/grouped_form.html"

    kind = forms.ChoiceField(
        label=_("Art der Gruppe"),
        choices=[(Group.Kind.TOPIC, Group.Kind.TOPIC.label), (Group.Kind.WORKING, Group.Kind.WORKING.label)],
        initial=Group.Kind.TOPIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Themengruppen sind für alle, die sich für ein Thema interessieren. Arbeitsgruppen sind meist "
            "geschlossen, zum Beispiel die Steuerungsgruppe eines geplanten Dachverbands."
        ),
    )
    name = _translated(_("Name"), max_length=120, required=True)
    description = _translated(
        _("Beschreibung"),
        max_length=3000,
        rows=5,
        translation_rows=3,
        help_text=_("Worum geht es in der Gruppe, und für wen ist sie? Nur Text."),
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Damit schlagen wir die Gruppe passenden Organisationen vor."),
    )
    joining = forms.ChoiceField(
        label=_("Wie tritt man bei?"),
        choices=Group.Joining.choices,
        initial=Group.Joining.OPEN,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Wer kann die Diskussionen lesen?"),
        choices=Group.Visibility.choices,
        initial=Group.Visibility.PLATFORM,
        widget=forms.RadioSelect,
        help_text=_(
            "Geschlossene Gruppen zeigen anderen nur Name und Beschreibung. Gruppen „nur auf Einladung“ sind "
            "für andere gar nicht zu sehen."
        ),
    )
    moderator_email = forms.EmailField(
        label=_("E-Mail-Adresse der ersten Moderatorin oder des ersten Moderators"),
        required=False,
        help_text=_("Die Person braucht ein Konto auf der Plattform. Leer lassen: Sie moderieren selbst."),
    )

    def __init__(self, *args: Any, group: Group | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        if group is not None:  # editing: the kind and the first moderator are settled
            del self.fields["kind"]
            del self.fields["moderator_email"]

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {
            **translated_initial(group, "name", "description"),
            "joining": group.joining,
            "visibility": group.visibility,
            "fields_of_action": list(group.fields_of_action.values_list("pk", flat=True)),
        }

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        return [
            FieldGroup(
                gettext("Die Gruppe"),
                bound("kind", "name", "description", "fields_of_action"),
                scroll=("fields_of_action",),
            ),
            FieldGroup(gettext("Beitritt und Sichtbarkeit"), bound("joining", "visibility", "moderator_email")),
        ]

    def group_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **translated_data(data, "name", "description"),
            "joining": data["joining"],
            "visibility": data["visibility"],
            "fields_of_action": list(data["fields_of_action"]),
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Person braucht ein Konto auf der Plattform. Sie bekommt eine Benachrichtigung."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class MemberActionForm(forms.Form):
    """What a moderator does with one membership (the buttons on the members page)."""

    ACTIONS = ("approve", "decline", "promote", "demote", "remove")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS], widget=forms.HiddenInput)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")], widget=forms.HiddenInput)


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
                _("Sie können höchstens %(count)d Dateien anhängen.") % {"count": ATTACHMENTS_MAX}, code="too_many"
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


ROLE_LABELS = dict(GroupMembership.Role.choices)
