"""The project's copies of Django's input, textarea and select templates write their attributes and
options with filters (``kern.widget_attributes``, ``kern.select_options``) instead of an include each.
They must write byte for byte what Django's own templates write."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

ATTRS = {
    "class": "kern-form-input__input",
    "required": True,
    "disabled": False,
    "data-note": 'a "b" <c> & d\'',
    "placeholder": gettext_lazy("Suchen"),
}
GROUPED = [
    ("", "– bitte wählen –"),
    ("Gruppe <eins> & zwei", [("a", "Ä & B"), ("b", mark_safe("<i>schon sicher</i>"))]),
    (3, 'drei "3"'),
    ("lazy", gettext_lazy("Alle Themen")),
]


class OwnOptionSelect(forms.Select):
    """A select whose options have a template of their own (the filter must still use it)."""

    option_template_name = "django/forms/widgets/input_option.html"


CASES = [
    ("text", forms.TextInput(attrs=ATTRS), 'Ärger "mit" <b>Zeichen</b>'),
    ("text without value", forms.TextInput(attrs=ATTRS), None),
    ("number", forms.NumberInput(attrs={"inputmode": "numeric"}), 5),
    ("email", forms.EmailInput(), "a@example.org"),
    ("hidden", forms.HiddenInput(), "x"),
    ("date", forms.DateInput(attrs={"type": "date"}), "2026-12-06"),
    ("file", forms.FileInput(), None),
    ("checkbox checked", forms.CheckboxInput(), True),
    ("checkbox", forms.CheckboxInput(attrs={"aria-invalid": "true"}), False),
    ("textarea", forms.Textarea(attrs={"dir": "auto", "rows": 3}), "Zeile 1\n<script>x</script>"),
    ("empty textarea", forms.Textarea(), ""),
    ("select", forms.Select(attrs={"class": "kern-form-input__select"}, choices=GROUPED), "b"),
    ("select without value", forms.Select(choices=GROUPED), None),
    ("select of numbers", forms.Select(choices=GROUPED), 3),
    ("multiple select", forms.SelectMultiple(choices=GROUPED), ["a", 3]),
    ("radio buttons", forms.RadioSelect(choices=GROUPED), "a"),
    ("checkboxes", forms.CheckboxSelectMultiple(choices=[("x", "X & Y"), ("z", "Z")]), ["z"]),
    ("option template of its own", OwnOptionSelect(choices=GROUPED), "a"),
]


@pytest.mark.parametrize(
    ("widget", "value"), [(widget, value) for _name, widget, value in CASES], ids=[c[0] for c in CASES]
)
def test_the_widgets_write_what_djangos_templates_write(widget, value):
    djangos = widget.render("feld", value, attrs={"id": "id_feld"}, renderer=DjangoTemplates())
    ours = widget.render("feld", value, attrs={"id": "id_feld"}, renderer=get_default_renderer())
    assert ours == djangos


@pytest.mark.parametrize("name", ["input", "textarea", "select"])
def test_the_project_templates_are_the_ones_used(name):
    origin = Path(get_template(f"django/forms/widgets/{name}.html").origin.name)
    assert origin == Path(settings.TEMPLATES[0]["DIRS"][0]) / "django" / "forms" / "widgets" / f"{name}.html"
