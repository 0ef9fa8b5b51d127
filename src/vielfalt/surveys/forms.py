"""Forms of the survey builder and the answering form. Forms parse and check input; they never write."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from vielfalt.core.forms import translated_data, translated_initial, translated_text_field
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.events.models import Event
from vielfalt.regions.models import District
from vielfalt.regions.selectors import district_list
from vielfalt.surveys.models import (
    CHOICE_MAX,
    HELP_MAX,
    INTRO_MAX,
    LONG_TEXT_MAX,
    QUESTION_MAX,
    SCALE,
    SHORT_TEXT_MAX,
    TITLE_MAX,
    Question,
    Survey,
)
from vielfalt.surveys.services import AnswerValue, ChoiceInput, QuestionInput, SurveyInput

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime(label: Any, *, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class EventField(forms.ModelChoiceField[Event]):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.title} ({timezone.localtime(obj.starts_at):%d.%m.%Y})"


class DistrictField(forms.ModelChoiceField[District]):
    def label_from_instance(self, obj: District) -> str:
        return str(obj)


def _event_choices() -> Any:
    """Published events of the last year and the coming ones (their participants can be asked)."""
    since = timezone.now() - timedelta(days=365)
    return Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gte=since).order_by("-starts_at", "pk")


class SurveyForm(forms.Form):
    title = translated_text_field(_("Titel"), max_length=TITLE_MAX, required=True)
    intro = translated_text_field(
        pgettext_lazy("Umfrage", "Einleitung"),
        max_length=INTRO_MAX,
        rows=4,
        translation_rows=3,
        help_text=_("Worum geht es, wie lange dauert es, was geschieht mit den Antworten? Nur Text."),
    )
    audience = forms.ChoiceField(
        label=_("Wer antworten kann"), choices=Survey.Audience.choices, widget=forms.RadioSelect
    )
    event = EventField(
        label=_("Veranstaltung"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("bitte wählen"),
        help_text=_(
            "Nur für „Teilnehmende einer Veranstaltung“: Antworten können, wer dort einen bestätigten Platz hatte."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Anonym: Wir speichern nicht, wer geantwortet hat"),
        required=False,
        initial=True,
        help_text=_(
            "Anonym heißt: kein Konto, keine IP-Adresse, keine Uhrzeit. Dann lässt sich aber auch nicht verhindern, "
            "dass jemand zweimal antwortet. Nicht anonym: Jede Person antwortet einmal; die Ergebnisse zeigen "
            "trotzdem nie, wer was geantwortet hat."
        ),
    )
    opens_at = _datetime(_("Antworten ab"), help_text=_("Leer lassen: sobald Sie die Umfrage öffnen."))
    closes_at = _datetime(_("Antworten bis"), help_text=_("Leer lassen: bis Sie die Umfrage beenden."))
    district = DistrictField(
        label=_("Kreis oder kreisfreie Stadt"),
        queryset=district_list(),
        required=False,
        empty_label=_("ganz Hessen"),
        help_text=_("Wo die Antworten in den Zahlen für das Ministerium gezählt werden."),
    )

    def __init__(self, *args: Any, feedback: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if feedback:  # an event's feedback always asks its participants
            del self.fields["audience"], self.fields["event"]
        else:
            self.fields["event"].queryset = _event_choices()  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, survey: Survey) -> dict[str, Any]:
        return {
            **translated_initial(survey, "title", "intro"),
            "audience": survey.audience,
            "event": survey.event_id,
            "anonymous": survey.anonymous,
            "opens_at": timezone.localtime(survey.opens_at) if survey.opens_at else None,
            "closes_at": timezone.localtime(survey.closes_at) if survey.closes_at else None,
            "district": survey.district_id,
        }

    def survey_input(self, survey: Survey | None = None) -> SurveyInput:
        data = self.cleaned_data
        texts = translated_data(data, "title", "intro")
        audience = data.get("audience", survey.audience if survey else Survey.Audience.PUBLIC)
        event = data.get("event", survey.event if survey else None)
        return SurveyInput(
            title=texts["title"],
            title_translations=texts["title_translations"],
            intro=texts["intro"],
            intro_translations=texts["intro_translations"],
            audience=audience,
            event=event,
            anonymous=data["anonymous"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            district=data["district"],
        )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art der Frage"), choices=Question.Kind.choices, widget=forms.RadioSelect)
    text = translated_text_field(_("Frage"), max_length=QUESTION_MAX, required=True)
    help_text = translated_text_field(
        pgettext_lazy("Frage einer Umfrage", "Hinweis"),
        max_length=HELP_MAX,
        help_text=_("Freiwillig, zum Beispiel bei einer Skala: „1 bedeutet gar nicht, 5 bedeutet sehr.“"),
    )
    required = forms.BooleanField(label=_("Antwort ist Pflicht"), required=False)
    choices = forms.CharField(
        label=_("Antwortmöglichkeiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        help_text=_(
            "Nur bei „Eine Antwort auswählen“ und „Mehrere Antworten auswählen“: eine Antwortmöglichkeit pro Zeile, "
            "auf Deutsch. Übersetzungen tragen Sie danach bei jeder Antwortmöglichkeit ein."
        ),
    )

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["choices"]

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            **translated_initial(question, "text", "help_text"),
            "kind": question.kind,
            "required": question.required,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "choices" in self.fields and data.get("kind") in Question.CHOICE_KINDS:
            lines = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
            if len(lines) < 2:
                self.add_error(
                    "choices", _("Bitte schreiben Sie mindestens zwei Antwortmöglichkeiten, eine pro Zeile.")
                )
        return data

    def question_input(self) -> QuestionInput:
        data = self.cleaned_data
        texts = translated_data(data, "text", "help_text")
        lines = tuple((data.get("choices") or "").splitlines()) if data["kind"] in Question.CHOICE_KINDS else ()
        return QuestionInput(
            kind=data["kind"],
            text=texts["text"],
            text_translations=texts["text_translations"],
            help_text=texts["help_text"],
            help_text_translations=texts["help_text_translations"],
            required=data["required"],
            choices=lines,
        )


class ChoiceForm(forms.Form):
    text = translated_text_field(_("Antwortmöglichkeit"), max_length=CHOICE_MAX, required=True)

    def choice_input(self) -> ChoiceInput:
        texts = translated_data(self.cleaned_data, "text")
        return ChoiceInput(text=texts["text"], text_translations=texts["text_translations"])


# --- answering -----------------------------------------------------------------------------------------------


def _label(text: LocalizedText) -> SafeString:
    """A person's text in the language it is written in (German when no translation exists)."""
    if text.is_fallback:
        return format_html('<span lang="{}" dir="auto">{}</span>', text.language, text.text)
    return format_html('<span dir="auto">{}</span>', text.text)


REQUIRED = _("Bitte beantworten Sie diese Frage.")
NOT_OFFERED = _("Diese Antwort steht nicht zur Auswahl. Bitte wählen Sie eine der angebotenen Antworten.")


class AnswerForm(forms.Form):
    """One field per asked question (``q<id>``); a hidden trap field on anonymous public surveys."""

    honeypot_field_name = "website"

    def __init__(self, *args: Any, questions: list[Question], honeypot: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field_for(question)
        if honeypot:
            self.fields[self.honeypot_field_name] = forms.CharField(
                label=_("Bitte leer lassen"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
            )

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        hint = question.localized_help_text()
        common: dict[str, Any] = {
            "label": _label(question.localized_text()),
            "required": question.required,
            "help_text": _label(hint) if hint else "",
        }
        errors = {"required": REQUIRED, "invalid_choice": NOT_OFFERED}
        if question.has_choices:
            options = [(choice.pk, _label(choice.localized_text())) for choice in question.choices.all()]
            if question.kind == Question.Kind.SINGLE:
                return forms.TypedChoiceField(
                    choices=options, coerce=int, widget=forms.RadioSelect, error_messages=errors, **common
                )
            return forms.TypedMultipleChoiceField(
                choices=options, coerce=int, widget=forms.CheckboxSelectMultiple, error_messages=errors, **common
            )
        if question.kind == Question.Kind.SCALE:
            errors["invalid_choice"] = _("Bitte wählen Sie eine Zahl von 1 bis 5.")
            return forms.TypedChoiceField(
                choices=[(value, str(value)) for value in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages=errors,
                **common,
            )
        limit = SHORT_TEXT_MAX if question.kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        too_long = ngettext(
            "Bitte schreiben Sie höchstens %(limit_value)d Zeichen (Sie haben %(show_value)d geschrieben).",
            "Bitte schreiben Sie höchstens %(limit_value)d Zeichen (Sie haben %(show_value)d geschrieben).",
            limit,
        )
        widget = forms.Textarea(attrs={"rows": 5}) if question.kind == Question.Kind.LONG_TEXT else forms.TextInput()
        return forms.CharField(
            max_length=limit, widget=widget, error_messages={"required": REQUIRED, "max_length": too_long}, **common
        )

    @property
    def is_spam(self) -> bool:
        return self.honeypot_field_name in self.fields and bool(self.data.get(self.honeypot_field_name))

    def answers(self) -> dict[int, AnswerValue]:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}
