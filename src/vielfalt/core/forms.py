"""Form rendering on KERN and the base class of public forms (honeypot, rate limit)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import uploads, widgets
from vielfalt.core.lib.translated import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES, text_direction


class KernFormRenderer(TemplatesSetting):
    """Every ``{{ form }}`` and ``{{ field }}`` renders in KERN markup with an error summary."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        """Inputs, textareas and selects are written in Python, the same markup as their templates
        (``core.lib.widgets``): a table of forms renders hundreds of them."""
        write = widgets.writer(template_name)
        if write is not None:
            return write(context["widget"])
        return super().render(template_name, context, request)


class HoneypotMixin(forms.Form):
    """Adds a field people never see; bots that fill every input give themselves away.

    The wrapper is ``display: none`` (not merely off-screen), so screen readers and keyboard users
    never meet it.
    """

    honeypot_field_name = "website"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            label=_("Bitte leer lassen"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.honeypot_field_name))


@dataclass
class FieldGroup:
    """A titled part of a long form (``core/forms/grouped_form.html``)."""

    title: str
    fields: list[BoundField]
    # Fields shown in a scrollable box (a long list of checkboxes).
    scroll: tuple[str, ...] = ()


# --- plain text ----------------------------------------------------------------------------------------

_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


def reject_markup(value: str) -> None:
    """Plain-text fields refuse anything that looks like an HTML tag (``<b>``, ``<script>``)."""
    if _MARKUP.search(value or ""):
        raise ValidationError(
            _("Bitte schreiben Sie nur Text, ohne HTML oder Skripte (zum Beispiel „<b>“ oder „<script>“)."),
            code="markup",
        )


def plain_text_field(
    label: Any,
    *,
    max_length: int,
    required: bool = False,
    rows: int = 0,
    widget: forms.Widget | None = None,
    **kwargs: Any,
) -> forms.CharField:
    """A text field (a textarea with ``rows``) that takes no markup."""
    if widget is None:
        widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, validators=[reject_markup], **kwargs
    )


# --- translated text: German and its translations in one form field ------------------------------------

# German first, then the translations: the order of the inputs and of a TranslatedTextFormField's values.
LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES)


class TranslatedText(NamedTuple):
    """What a translated form field holds: the German text and ``{code: translation}``."""

    german: str
    translations: dict[str, str]


class TranslatedTextWidget(forms.MultiWidget):
    """Seven inputs, German first; each has its ``lang`` and ``dir`` and its own label (see
    ``core/forms/translated_field.html``). They post as ``<name>`` (German) and ``<name>_<code>``."""

    def __init__(self, *, rows: int = 0, translation_rows: int = 0, max_length: int | None = None) -> None:
        def input_for(code: str) -> forms.Widget:
            attrs: dict[str, Any] = {"lang": code, "dir": text_direction(code)}
            if max_length:
                attrs["maxlength"] = str(max_length)
            lines = rows if code == SOURCE_LANGUAGE else translation_rows or rows
            if lines:
                return forms.Textarea(attrs={"rows": lines, **attrs})
            return forms.TextInput(attrs=attrs)

        super().__init__({"" if code == SOURCE_LANGUAGE else code: input_for(code) for code in LANGUAGES})

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, tuple) and len(value) == 2:
            german, translations = value
            return [german or "", *((translations or {}).get(code, "") for code in TRANSLATION_LANGUAGES)]
        return [value or "", *("" for _code in TRANSLATION_LANGUAGES)]


@dataclass(frozen=True)
class LanguageInput:
    """One language's input of a translated field, ready for the template."""

    code: str
    label: str
    id: str
    value: str
    widget: SafeString
    errors: list[str]
    required: bool


class TranslatedBoundField(BoundField):
    """A translated field in the template: ``german``, ``translations`` and their errors, per language."""

    field: TranslatedTextFormField

    def _errors_by_language(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for error in self.form.errors.as_data().get(self.name, []):
            # Errors the services add to the field (no language) belong to the German text.
            language = (error.params or {}).get("language", SOURCE_LANGUAGE)
            grouped.setdefault(language, []).extend(error.messages)
        return grouped

    def _inputs(self) -> list[LanguageInput]:
        widget = cast(TranslatedTextWidget, self.field.widget)
        value = self.value()
        values = value if isinstance(value, list) else widget.decompress(value)
        errors = self._errors_by_language()
        names = dict(settings.LANGUAGES)
        inputs = []
        for code, subwidget, item in zip(LANGUAGES, widget.widgets, values, strict=False):
            suffix = "" if code == SOURCE_LANGUAGE else f"_{code}"
            element_id = f"{self.auto_id}{suffix}"
            messages = errors.get(code, [])
            required = code == SOURCE_LANGUAGE and self.field.required
            described = [f"{element_id}_helptext"] if code == SOURCE_LANGUAGE and self.help_text else []
            attrs: dict[str, Any] = {"id": element_id, "class": "kern-form-input__input"}
            if messages:
                attrs["class"] += " kern-form-input__input--error"
                attrs["aria-invalid"] = "true"
                described.append(f"{element_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if required and self.form.use_required_attribute:
                attrs["required"] = True
            inputs.append(
                LanguageInput(
                    code=code,
                    label=gettext("%(field)s (%(language)s)") % {"field": self.label, "language": names[code]},
                    id=element_id,
                    value=str(item or ""),
                    widget=subwidget.render(self.html_name + suffix, item, attrs=attrs, renderer=self.form.renderer),
                    errors=messages,
                    required=required,
                )
            )
        return inputs

    @cached_property
    def languages(self) -> list[LanguageInput]:
        return self._inputs()

    @property
    def german(self) -> LanguageInput:
        return self.languages[0]

    @property
    def translations(self) -> list[LanguageInput]:
        return self.languages[1:]

    @property
    def translations_title(self) -> str:
        return gettext("%(field)s in weiteren Sprachen (freiwillig)") % {"field": self.label}

    @property
    def translations_open(self) -> bool:
        """Open the disclosure when a translation was typed or is wrong, so nothing is hidden."""
        return any(item.errors or item.value.strip() for item in self.translations)

    def error_links(self) -> list[tuple[str, str, str]]:
        return [(item.id, item.label, error) for item in self.languages for error in item.errors]


class TranslatedTextFormField(forms.MultiValueField):
    """A German text and its translations, edited together: the form helper of ``TranslatedTextField``.

    ``cleaned_data[name]`` is a :class:`TranslatedText`; the German input is required when the field
    is, translations never are. Plain text (no markup) unless ``plain=False``. An error names the
    language it belongs to (``params["language"]``), so it is shown at that language's input.
    """

    widget = TranslatedTextWidget
    bound_field_class = TranslatedBoundField

    def __init__(
        self,
        *,
        label: Any,
        max_length: int | None = None,
        required: bool = False,
        rows: int = 0,
        translation_rows: int = 0,
        plain: bool = True,
        **kwargs: Any,
    ) -> None:
        validators = [reject_markup] if plain else []
        fields = [
            forms.CharField(max_length=max_length, required=required and code == SOURCE_LANGUAGE, validators=validators)
            for code in LANGUAGES
        ]
        widget = TranslatedTextWidget(rows=rows, translation_rows=translation_rows, max_length=max_length)
        super().__init__(
            fields=fields, require_all_fields=False, required=required, widget=widget, label=label, **kwargs
        )

    def clean(self, value: Any) -> TranslatedText:
        if not isinstance(value, list | tuple) or len(value) != len(LANGUAGES):
            value = cast(TranslatedTextWidget, self.widget).decompress(value)
        cleaned: list[str] = []
        errors: list[ValidationError] = []
        for code, field, item in zip(LANGUAGES, self.fields, value, strict=True):
            try:
                cleaned.append(field.clean(item))
            except ValidationError as error:
                errors += [
                    ValidationError(e.message, code=e.code, params={**(e.params or {}), "language": code})
                    for e in error.error_list
                ]
        if errors:
            raise ValidationError(errors)
        result = self.compress(cleaned)
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list: list[str]) -> TranslatedText:
        german, *translations = data_list or [""]
        return TranslatedText(
            german or "", {code: text for code, text in zip(TRANSLATION_LANGUAGES, translations, strict=False) if text}
        )

    def validate(self, value: Any) -> None:
        # Required-ness is the German input's (checked in ``clean``), not "all seven empty".
        pass


def translated_text_field(label: Any, **kwargs: Any) -> TranslatedTextFormField:
    """A field for a German text and its translations (``label`` without a language: "Titel")."""
    return TranslatedTextFormField(label=label, **kwargs)


def translated_initial(instance: Any, *names: str) -> dict[str, TranslatedText]:
    """Initial values of translated fields from a model's ``<name>`` and ``<name>_translations``."""
    return {
        name: TranslatedText(getattr(instance, name), dict(getattr(instance, f"{name}_translations"))) for name in names
    }


def translated_data(data: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """``{"title": german, "title_translations": {...}}`` (the model's shape) from cleaned data."""
    result: dict[str, Any] = {}
    for name in names:
        german, translations = data[name]
        result[name] = german
        result[f"{name}_translations"] = translations
    return result


def add_service_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal on ``form``: on the field it names if the form has that field, else above
    the form (a non-field error), so a refusal about a field the page does not show is never lost."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# --- several files in one input --------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``maximum`` files in one input (Django's documented pattern for several files), each checked
    by ``uploads.check_attachment``: cleans to a list of ``uploads.Upload`` ready to store. The messages
    name every file that is refused."""

    def __init__(
        self,
        *args: Any,
        maximum: int,
        max_bytes: int,
        image_max_side: int,
        documents: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.maximum, self.max_bytes, self.image_max_side, self.documents = (
            maximum,
            max_bytes,
            image_max_side,
            documents,
        )
        extensions = sorted(
            {*(documents if documents is not None else uploads.DOCUMENT_TYPES), *uploads.IMAGE_EXTENSIONS}
        )
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(f".{e}" for e in extensions)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[uploads.Upload]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        files = [single(item, initial) for item in items if item]
        if len(files) > self.maximum:
            raise ValidationError(uploads.too_many_files(self.maximum), code="too_many")
        checked, problems = [], []
        for upload in files:
            try:
                checked.append(
                    uploads.check_attachment(
                        upload, max_bytes=self.max_bytes, image_max_side=self.image_max_side, documents=self.documents
                    )
                )
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError(problems)
        return checked
