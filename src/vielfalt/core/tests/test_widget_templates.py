"""Widgets are written in Python by the form renderer (``core.lib.widgets``), and the project's copies of
Django's input, textarea and select templates write their attributes and options with filters
(``kern.widget_attributes``, ``kern.select_options``) instead of an include each. Both must write byte for
byte what Django's own templates write; so must a select of ``SharedChoices``."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from vielfalt.core.lib import widgets
from vielfalt.core.lib.widgets import SharedChoices, SharedChoicesSelect

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
    ("text already safe", forms.TextInput(), mark_safe("<b>fett</b> &amp;")),
    ("password", forms.PasswordInput(render_value=True), "geheim&"),
    ("url", forms.URLInput(), "https://example.org/?a=1&b=2"),
    ("search", forms.TextInput(attrs={"type": "search"}), "x"),
    ("time", forms.TimeInput(), "10:30"),
    ("datetime", forms.DateTimeInput(attrs={"type": "datetime-local"}), "2026-12-06T10:30"),
    ("text without value", forms.TextInput(attrs=ATTRS), None),
    ("number", forms.NumberInput(attrs={"inputmode": "numeric"}), 5),
    ("email", forms.EmailInput(), "a@example.org"),
    ("hidden", forms.HiddenInput(), "x"),
    ("date", forms.DateInput(attrs={"type": "date"}), "2026-12-06"),
    ("file", forms.FileInput(), None),
    ("checkbox checked", forms.CheckboxInput(), True),
    ("checkbox", forms.CheckboxInput(attrs={"aria-invalid": "true"}), False),
    ("textarea", forms.Textarea(attrs={"dir": "auto", "rows": 3}), "Zeile 1\n<script>x</script>"),
    ("textarea already safe", forms.Textarea(), mark_safe("<i>sicher</i>")),
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
@pytest.mark.parametrize("renderer", [get_default_renderer, TemplatesSetting], ids=["writers", "project templates"])
def test_the_widgets_write_what_djangos_templates_write(widget, value, renderer):
    djangos = widget.render("feld", value, attrs={"id": "id_feld"}, renderer=DjangoTemplates())
    ours = widget.render("feld", value, attrs={"id": "id_feld"}, renderer=renderer())
    assert ours == djangos


@pytest.mark.parametrize("name", ["input", "textarea", "select"])
def test_the_project_templates_are_the_ones_used(name):
    origin = Path(get_template(f"django/forms/widgets/{name}.html").origin.name)
    assert origin == Path(settings.TEMPLATES[0]["DIRS"][0]) / "django" / "forms" / "widgets" / f"{name}.html"


def test_the_renderer_writes_the_widgets_it_knows_and_renders_the_others():
    assert widgets.writer("django/forms/widgets/text.html") is not None
    assert widgets.writer("django/forms/widgets/select.html") is not None
    assert widgets.writer("django/forms/widgets/radio.html") is None
    assert widgets.writer("django/forms/widgets/clearable_file_input.html") is None


def test_a_template_put_in_the_place_of_djangos_is_rendered_not_written(tmp_path, settings):
    own = tmp_path / "django" / "forms" / "widgets" / "email.html"
    own.parent.mkdir(parents=True)
    own.write_text('<input class="eigen" name="{{ widget.name }}">')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    widgets.writer.cache_clear()
    try:
        assert forms.EmailInput().render("feld", "a@example.org") == '<input class="eigen" name="feld">'
        assert widgets.writer("django/forms/widgets/text.html") is not None  # the others still are
    finally:
        widgets.writer.cache_clear()


# --- choices shared by many forms ------------------------------------------------------------------------


FLAT = [("", "– ganz Hessen –"), ("06411", "Darmstadt & Umland"), ("06412", "Frankfurt"), (7, "sieben")]


@pytest.mark.parametrize(
    "choices", [FLAT, GROUPED, [*FLAT, ("06412", "noch einmal Frankfurt")]], ids=["flat", "grouped", "twice"]
)
@pytest.mark.parametrize("value", [None, "", "06412", 7, "7", "b", "lazy", "unbekannt"])
def test_a_select_of_shared_choices_writes_what_djangos_select_writes(choices, value):
    shared = SharedChoices(choices)
    djangos = forms.Select(choices=choices).render("feld", value, attrs={"id": "id_feld"}, renderer=DjangoTemplates())
    for _ in range(2):  # written once, marked for each select
        ours = SharedChoicesSelect(choices=shared).render("feld", value, attrs={"id": "id_feld"})
        assert ours == djangos


def test_shared_choices_are_written_in_the_language_of_the_page():
    shared = SharedChoices([("", gettext_lazy("Alle Themen")), ("a", "A")])
    with override("de"):
        assert "Alle Themen" in SharedChoicesSelect(choices=shared).render("feld", "a")
    with override("en"):
        english = SharedChoicesSelect(choices=shared).render("feld", "a")
    assert "Alle Themen" not in english and '<option value="a" selected>A</option>' in english


def test_a_shared_choices_select_with_other_choices_is_djangos_select():
    djangos = forms.Select(choices=GROUPED).render("feld", "b", renderer=DjangoTemplates())
    assert SharedChoicesSelect(choices=GROUPED).render("feld", "b") == djangos


def test_a_field_keeps_shared_choices_as_they_are():
    shared = SharedChoices(FLAT)
    field = forms.ChoiceField(choices=shared, widget=SharedChoicesSelect)
    assert field.choices is shared and field.widget.choices is shared
    assert field.clean("06411") == "06411"
    with pytest.raises(forms.ValidationError):
        field.clean("99999")


def test_the_inputs_written_as_input_html_are_djangos_includes_of_it():
    """A Django upgrade that gives one of them markup of its own must not go unnoticed."""
    for name in widgets._INPUTS:
        source = (widgets._DJANGOS / f"django/forms/widgets/{name}.html").read_text()
        assert source.strip() == '{% include "django/forms/widgets/input.html" %}', name
