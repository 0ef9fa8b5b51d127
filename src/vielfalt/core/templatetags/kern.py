"""Template helpers for KERN markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from vielfalt.core.forms import TranslatedBoundField, TranslatedTextWidget
from vielfalt.core.lib import widgets

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput,)
_CHOICE_LIST_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, TranslatedTextWidget):
        return "translated"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, _CHECK_WIDGETS):
        return "checkbox"
    if isinstance(widget, _CHOICE_LIST_WIDGETS):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.filter
def choice_list(field: BoundField) -> list[tuple[Any, Any]]:
    """A choice field's choices, read once. ``list(choices)`` or ``choices|length`` would count a model
    choice field's rows in a query of its own before reading them (``ModelChoiceIterator.__len__``)."""
    return list(iter(getattr(field.field, "choices", ())))  # an iterator has no length to ask for


@register.simple_tag
def kern_choices(field: BoundField, choices: list[tuple[Any, Any]] | None = None) -> SafeString:
    """The options of a radio or checkbox list in KERN markup, with the ids Django gives them
    (``<auto_id>_<index>``), from ``choices`` when the template has read them (``choice_list``). Built
    here rather than through the widget's subwidgets, which cost about 80 µs an option: 8 ms for the
    hundred people a reply can mention. Grouped choices (optgroups) still go the widget's way."""
    if choices is None:
        choices = choice_list(field)
    if any(isinstance(label, list | tuple) for _value, label in choices):
        options = [
            (choice.data["value"], choice.choice_label, choice.id_for_label, choice.data["selected"])
            for choice in field
        ]
    else:
        value = field.value()
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(item) for item in values if item is not None}
        options = [
            (option, label, f"{field.auto_id}_{index}", str(option) in selected)
            for index, (option, label) in enumerate(choices)
        ]
    return SafeString("".join(_choice_html(field, *option) for option in options))


def _choice_html(field: BoundField, value: object, label: object, id_: str, checked: bool) -> str:
    input_type = field.field.widget.input_type
    return format_html(
        '<div class="kern-form-check"><input class="kern-form-check__{}" type="{}" name="{}" value="{}" id="{}"{}>'
        '<label class="kern-label" for="{}">{}</label></div>',
        "radio" if input_type == "radio" else "checkbox",
        input_type,
        field.html_name,
        "" if value is None else value,
        id_,
        mark_safe(" checked") if checked else "",
        id_,
        label,
    )


@register.simple_tag
def kern_facet_options(name: str, options: Iterable[Any]) -> SafeString:
    """A checkbox per option of a search facet (``value``, ``label``, ``count``, ``selected``), with its
    count. Built here rather than in a template loop: ~6 µs less an option, and a directory page shows
    about seventy."""
    return SafeString("".join(_facet_option_html(name, option) for option in options))


def _facet_option_html(name: str, option: Any) -> str:
    id_ = f"facet-{name}-{option.value}"
    return format_html(
        '<div class="kern-form-check"><input class="kern-form-check__checkbox" type="checkbox" name="{}" value="{}"'
        ' id="{}"{}><label class="kern-label" for="{}">{} <span class="vf-facet__count">({})</span></label></div>',
        name,
        option.value,
        id_,
        mark_safe(" checked") if option.selected else "",
        id_,
        option.label,
        localize(option.count),
    )


@register.filter
def widget_attributes(attrs: dict[str, Any]) -> SafeString:
    """A widget's attributes as ``django/forms/widgets/attrs.html`` writes them, without including it."""
    return mark_safe(widgets.attributes(attrs))  # noqa: S308 - every value is escaped


@register.filter
def select_options(optgroups: widgets.Optgroups) -> SafeString:
    """The options of a select (``widget.optgroups``), byte for byte as Django's templates write them
    (``core.lib.widgets``): a select of 27 districts renders in ~60 µs instead of ~940 µs."""
    return mark_safe(widgets.options(optgroups))  # noqa: S308 - every value is escaped


@register.filter
def kern_widget(field: BoundField) -> SafeString:
    """Render the widget with KERN classes and the ids of its hint and error for screen readers."""
    kind = widget_kind(field)
    error = bool(field.errors)
    classes = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "input": "kern-form-input__input",
        "choices": "",
        "hidden": "",
        "translated": "",
    }[kind]
    if error and classes:
        classes += f" {classes}--error"
    attrs: dict[str, str | bool] = {}
    if classes:
        existing = field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{classes} {existing}".strip()
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if limit := text_limit(field):
        # A browser cuts pasted text at ``maxlength`` without a word: the limit goes to the counter
        # (site.js) instead, and the form refuses longer text with a message, keeping what was written.
        attrs["maxlength"] = False
        attrs["data-maxlength"] = str(limit)
        if isinstance(field.field.widget, forms.Textarea):
            described.append(f"{field.auto_id}_counter")
    if error:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described and kind != "choices":
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


def text_limit(field: BoundField) -> int | None:
    """The most characters a text field takes (its ``max_length``), or ``None``."""
    limit = field.field.widget.attrs.get("maxlength")
    if not limit or widget_kind(field) != "input":
        return None
    return int(limit)


@register.inclusion_tag("core/forms/counter.html")
def character_counter(field: BoundField) -> dict[str, object]:
    """The character count under a long text field. Without JavaScript it states the limit; site.js
    fills in the live count (``%(count)s`` in the templates below) as the person types or pastes."""
    limit = text_limit(field) if isinstance(field.field.widget, forms.Textarea) else None
    if limit is None:
        return {"limit": None}
    return {
        "id": f"{field.auto_id}_counter",
        "for": field.auto_id,
        "limit": limit,
        "limit_text": ngettext("Höchstens %(max)s Zeichen.", "Höchstens %(max)s Zeichen.", limit) % {"max": limit},
        "count_text": ngettext("%(count)s von %(max)s Zeichen", "%(count)s von %(max)s Zeichen", limit)
        % {"count": "%(count)s", "max": limit},
        "over_text": ngettext(
            "Der Text ist zu lang: %(count)s von höchstens %(max)s Zeichen. Bitte kürzen Sie ihn.",
            "Der Text ist zu lang: %(count)s von höchstens %(max)s Zeichen. Bitte kürzen Sie ihn.",
            limit,
        )
        % {"count": "%(count)s", "max": limit},
    }


@register.filter
def field_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first option of a choice list, else the input."""
    if widget_kind(field) == "choices":
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def error_links(field: BoundField) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for each error of a field, for the error summary: a translated
    field's errors link to the input of their language."""
    if isinstance(field, TranslatedBoundField):
        return field.error_links()
    return [(field_anchor(field), str(field.label), str(error)) for error in field.errors]
