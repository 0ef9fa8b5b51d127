"""Form rendering on KERN and the base class of public forms (honeypot, rate limit)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from vielfalt.core.errors import ApplicationError


class KernFormRenderer(TemplatesSetting):
    """Every ``{{ form }}`` and ``{{ field }}`` renders in KERN markup with an error summary."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


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
    """A titled part of a long form (``core/forms/grouped_form.html``); ``more`` fields sit in a
    disclosure (``<details>``) introduced by ``more_note``, e.g. translations of a text."""

    title: str
    fields: list[BoundField]
    more_title: str = ""
    more: list[BoundField] = field(default_factory=list)
    more_note: str = ""
    # Fields shown in a scrollable box (a long list of checkboxes).
    scroll: tuple[str, ...] = ()

    @property
    def more_open(self) -> bool:
        return any(bound.errors or bound.value() for bound in self.more)


# --- plain text and translations (profiles, events, groups) --------------------------------------------

# Languages that content written in German can be translated into.
TRANSLATION_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "de"]
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


def translations_from(data: dict[str, Any], name: str) -> dict[str, str]:
    """The non-empty ``<name>_<code>`` fields of a form as ``{code: text}``."""
    return {code: value for code in TRANSLATION_LANGUAGES if (value := (data.get(f"{name}_{code}") or "").strip())}


def add_service_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's refusal on ``form``: on the field it names if the form has that field, else above
    the form (a non-field error), so a refusal about a field the page does not show is never lost."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))
