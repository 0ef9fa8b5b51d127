"""Writing form widgets' markup in Python, byte for byte as Django's templates write it.

Django renders a widget through its template: an input's includes ``attrs.html``, a select's includes
``select_option.html`` (which includes ``attrs.html``) for every option — a template lookup and a
context each, ~33 µs an option. The form renderer (``core.forms.KernFormRenderer``) writes inputs,
textareas and selects here instead (``writer``), as long as their templates are Django's or the
project's copies of them; the copies (``templates/django/forms/widgets/``) call the same writers
through filters (``kern.widget_attributes``, ``kern.select_options``) for the templates that include them.

A table with a form a row has the same selects in every row. ``SharedChoices`` are choices that many
forms share: Django normalises them once instead of in every form, and ``SharedChoicesSelect`` writes
their options once; each select then only marks its value.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.template import Engine
from django.template.loader import get_template
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
SHARED_SELECT_TEMPLATE = "core/widgets/shared_choices_select.html"

Optgroups = Iterable[tuple[Any, list[dict[str, Any]], int]]


def escaped(value: object) -> str:
    """What ``conditional_escape`` returns, without its wrapper for lazy strings (~1 µs less a call: a
    select escapes two values an option)."""
    return str(value.__html__()) if hasattr(value, "__html__") else html.escape(str(value))


def attributes(attrs: dict[str, Any]) -> str:
    """A widget's attributes as ``django/forms/widgets/attrs.html`` writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option_parts(option: dict[str, Any]) -> tuple[str, str]:
    """An option of Django's select template, cut where its attributes end."""
    # The newline at the end is the one at the end of Django's option template.
    return f'\n  <option value="{escaped(option["value"])}"', f">{escaped(option['label'])}</option>\n"


def options(optgroups: Optgroups) -> str:
    """The options of a select (``widget.optgroups``) as Django's ``select.html`` writes them. An option
    with a template of its own still gets it."""
    parts = []
    for group_name, group, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in group:
            if option["template_name"] != SELECT_OPTION_TEMPLATE:
                parts.append("\n  " + get_template(option["template_name"]).render({"widget": option}))
                continue
            start, end = _option_parts(option)
            parts.append(start + (attributes(option["attrs"]) if option["attrs"] else "") + end)
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


class SharedChoices(BaseChoiceIterator):
    """Choices that the selects of many forms on one page share, normalised once: a choice field given
    these keeps them as they are (Django normalises any other list again in every form)."""

    def __init__(self, choices: Iterable[Any]) -> None:
        self.choices: list[tuple[Any, Any]] = normalize_choices(list(choices))
        # Per language (labels may be lazy): the options' markup, each cut where ``selected`` goes.
        self._written: dict[str, list[tuple[str | None, str, str]]] = {}

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def written(self, widget: forms.Select) -> Sequence[tuple[str | None, str, str]]:
        """The options as ``(value, markup before the selected mark, markup after it)``; a group's start
        and end have no value. Written by Django's own ``optgroups`` with nothing selected, once."""
        language = get_language() or ""
        if language not in self._written:
            parts: list[tuple[str | None, str, str]] = []
            for group_name, group, _index in widget.optgroups("", []):
                if group_name:
                    parts.append((None, f'\n  <optgroup label="{escaped(group_name)}">', ""))
                parts.extend((str(option["value"]), *_option_parts(option)) for option in group)
                if group_name:
                    parts.append((None, "\n  </optgroup>", ""))
            self._written[language] = parts
        return self._written[language]


class SharedChoicesSelect(forms.Select):
    """A select that writes ``SharedChoices`` once a page; with other choices, Django's select."""

    template_name = SHARED_SELECT_TEMPLATE

    def _shares(self) -> bool:
        return (
            isinstance(self.choices, SharedChoices)
            and not self.allow_multiple_selected
            and not self.option_inherits_attrs
            and self.option_template_name == SELECT_OPTION_TEMPLATE
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if not self._shares():
            context = super().get_context(name, value, attrs)
            context["widget"]["options"] = mark_safe(options(context["widget"]["optgroups"]))  # noqa: S308 - escaped
            return context
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = context["widget"]["value"]
        assert isinstance(self.choices, SharedChoices)
        parts = []
        marked = False  # as Django's select: only the first option with the value is selected
        for option_value, start, end in self.choices.written(self):
            if not marked and option_value is not None and option_value in selected:
                marked = True
                parts.append(f"{start} selected{end}")
            else:
                parts.append(start + end)
        context["widget"]["options"] = mark_safe("".join(parts))  # noqa: S308 - escaped when written
        return context


# --- the renderer's writers ----------------------------------------------------------------------------------

Widget = dict[str, Any]  # a widget's template context (``context["widget"]``)


def _value(value: object) -> str:
    """``{{ widget.value|stringformat:'s' }}`` in an attribute."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _input(widget: Widget) -> str:
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    return (
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{attributes(widget["attrs"])}>'
    )


def _textarea(widget: Widget) -> str:
    value = escaped(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escaped(widget["name"])}"{attributes(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: Widget) -> str:
    written = widget["options"] if "options" in widget else options(widget["optgroups"])
    return f'<select name="{escaped(widget["name"])}"{attributes(widget["attrs"])}>{written}\n</select>'


# Django's input templates are ``{% include "django/forms/widgets/input.html" %}``; the renderer strips
# what a template writes.
_INPUTS = (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden",
    "number", "password", "search", "tel", "text", "time", "url",
)  # fmt: skip
_WRITERS: dict[str, Callable[[Widget], str]] = {
    "django/forms/widgets/input.html": _input,
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    SHARED_SELECT_TEMPLATE: _select,
}
_DJANGOS = Path(forms.__file__).parent / "templates"
_PACKAGE = Path(__file__).resolve().parents[2]
_COPIES = {
    *(_PACKAGE / "templates" / f"django/forms/widgets/{name}.html" for name in ("input", "select", "textarea")),
    _PACKAGE / "core" / "templates" / SHARED_SELECT_TEMPLATE,
}


@cache
def writer(template_name: str) -> Callable[[Widget], str] | None:
    """How the form renderer writes a widget of this template in Python, or ``None``: only while the
    template is Django's own or the project's copy, not one put in its place."""
    write = _WRITERS.get(template_name)
    if write is None:
        return None
    origin = Path(Engine.get_default().get_template(template_name).origin.name)
    return write if origin == _DJANGOS / template_name or origin in _COPIES else None
