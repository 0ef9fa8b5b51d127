"""Forms of the newsletter: subscribing, the subscriber's settings, and the team's issue."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import HoneypotMixin, translated_initial, translated_text_field
from vielfalt.core.lib.translated import current_language
from vielfalt.events.models import Event
from vielfalt.funding.models import Call
from vielfalt.news.models import Post
from vielfalt.newsletter import selectors
from vielfalt.newsletter.consent import CONSENT_VERSION, consent_text
from vielfalt.newsletter.models import Issue
from vielfalt.newsletter.services import IssueInput
from vielfalt.organisations.models import FieldOfAction

# Line breaks and other control characters: never part of an address, and the way to inject headers.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_EMAIL_LENGTH = 254  # RFC 5321


def language_choices() -> list[tuple[str, str]]:
    """The seven languages, each named in itself (so people find their own)."""
    return [(code, str(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES]


class AddressField(forms.EmailField):
    """An email address, refused with a clear message when it holds a line break or is far too long,
    before anything else looks at it."""

    default_error_messages = {
        "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de."),
    }

    def to_python(self, value: Any) -> str:
        if isinstance(value, str) and _CONTROL.search(value.strip(" ")):
            raise ValidationError(
                _("Eine E-Mail-Adresse enthält keine Zeilenumbrüche oder Steuerzeichen. Bitte prüfen Sie die Eingabe."),
                code="control",
            )
        if isinstance(value, str) and len(value.strip()) > MAX_EMAIL_LENGTH:
            raise ValidationError(
                _("Eine E-Mail-Adresse hat höchstens %(max)s Zeichen. Bitte prüfen Sie die Eingabe."),
                code="too_long",
                params={"max": MAX_EMAIL_LENGTH},
            )
        return str(super().to_python(value))


def topics_field() -> forms.ModelMultipleChoiceField[FieldOfAction]:
    return forms.ModelMultipleChoiceField(
        queryset=FieldOfAction.objects.all(),
        label=_("Themen"),
        help_text=_("Wählen Sie kein Thema, bekommen Sie den Newsletter zu allen Themen."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SubscribeForm(HoneypotMixin, forms.Form):
    email = AddressField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=None,  # checked with a clearer message in AddressField
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Sprache des Newsletters"), choices=())
    topics = topics_field()
    consent = forms.BooleanField(
        label="",
        required=True,
        error_messages={"required": _("Bitte stimmen Sie zu, damit wir Ihnen den Newsletter schicken dürfen.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "language", "topics", "consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "language": current_language(),
            "consent_version": CONSENT_VERSION,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["consent"].label = consent_text()
        self.fields["consent"].help_text = _("Fassung %(version)s der Einwilligung") % {"version": CONSENT_VERSION}


class ManageForm(forms.Form):
    language = forms.ChoiceField(label=_("Sprache des Newsletters"), choices=())
    topics = topics_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]


class PostChoiceField(forms.ModelMultipleChoiceField[Post]):
    def label_from_instance(self, obj: Post) -> str:
        when = formats.date_format(obj.published_at, "SHORT_DATE_FORMAT") if obj.published_at else ""
        return f"{obj.title} ({when})"


class CallChoiceField(forms.ModelMultipleChoiceField[Call]):
    def label_from_instance(self, obj: Call) -> str:
        deadline = formats.date_format(obj.deadline, "SHORT_DATE_FORMAT")
        return str(_("%(title)s – %(programme)s, Frist %(deadline)s")) % {
            "title": obj.title,
            "programme": obj.programme.name,
            "deadline": deadline,
        }


class EventChoiceField(forms.ModelMultipleChoiceField[Event]):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} ({formats.date_format(obj.starts_at, 'SHORT_DATE_FORMAT')})"


class IssueForm(forms.Form):
    subject = translated_text_field(_("Betreff"), required=True, max_length=200)
    intro = translated_text_field(
        _("Einleitung"),
        rows=6,
        translation_rows=4,
        max_length=4000,
        help_text=_("Ein paar Sätze vorweg. Leerzeilen trennen Absätze; Links werden anklickbar."),
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=FieldOfAction.objects.all(),
        label=_("Themen dieser Ausgabe"),
        help_text=_(
            "Ohne Thema geht die Ausgabe an alle. Mit Themen geht sie an alle, die eines davon gewählt haben, "
            "und an alle ohne Themenwahl."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts = PostChoiceField(
        queryset=Post.objects.none(),
        label=_("Beiträge aus „Aktuelles“"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    calls = CallChoiceField(
        queryset=Call.objects.none(),
        label=_("Offene Förderaufrufe"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    events = EventChoiceField(
        queryset=Event.objects.none(),
        label=_("Kommende Veranstaltungen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data: QueryDict | None = None, *, issue: Issue | None = None, **kwargs: Any) -> None:
        picked: dict[str, list[int]] = {"posts": [], "calls": [], "events": []}
        if issue is not None and issue.pk:
            picked = {name: list(getattr(issue, name).values_list("pk", flat=True)) for name in picked}
        if issue is not None and data is None and "initial" not in kwargs:
            # A draft's form shows what it holds.
            kwargs["initial"] = {
                **translated_initial(issue, "subject", "intro"),
                "topics": list(issue.topics.all()),
                **picked,
            }
        super().__init__(data, **kwargs)
        # What the composer offers, and what this issue picked already (even if no longer offered).
        self.fields["posts"].queryset = selectors.post_choices(include=picked["posts"])  # type: ignore[attr-defined]
        self.fields["calls"].queryset = selectors.call_choices(include=picked["calls"])  # type: ignore[attr-defined]
        self.fields["events"].queryset = selectors.event_choices(include=picked["events"])  # type: ignore[attr-defined]

    def issue_input(self) -> IssueInput:
        data = self.cleaned_data
        return IssueInput(
            subject=data["subject"].german,
            subject_translations=data["subject"].translations,
            intro=data["intro"].german,
            intro_translations=data["intro"].translations,
            topics=list(data["topics"]),
            posts=list(data["posts"]),
            calls=list(data["calls"]),
            events=list(data["events"]),
        )


class SendTestForm(forms.Form):
    language = forms.ChoiceField(label=_("Sprache der Test-E-Mail"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
