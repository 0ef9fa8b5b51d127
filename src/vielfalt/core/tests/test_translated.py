"""One way for translated content: the field, the form field with its seven inputs, reading with a
German fallback, and the template tags that mark the language and say when a text fell back."""

import re
from types import SimpleNamespace

import pytest
from django import forms
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template
from django.test.utils import isolate_apps
from django.utils import translation

from vielfalt.core.fields import TranslatedTextField
from vielfalt.core.forms import TranslatedText, translated_data, translated_initial, translated_text_field
from vielfalt.core.lib.translated import LocalizedText, clean_translations, localized
from vielfalt.core.lib.translated_migration import TranslationDataError, normalise_translations

# --- reading ---------------------------------------------------------------------------------------------


def test_the_translation_is_read_in_the_wanted_language():
    text = localized("Sprachcafé", {"en": "Language café", "ar": "مقهى اللغة"}, "ar")

    assert text == LocalizedText("مقهى اللغة", "ar", is_fallback=False)
    assert text.direction == "rtl"
    assert str(text) == "مقهى اللغة"


def test_a_missing_or_blank_translation_falls_back_to_german_and_says_so():
    assert localized("Sprachcafé", {"en": "  "}, "en") == LocalizedText("Sprachcafé", "de", is_fallback=True)
    assert localized("Sprachcafé", None, "uk") == LocalizedText("Sprachcafé", "de", is_fallback=True)


def test_german_is_never_a_fallback_and_the_active_language_is_the_default():
    assert localized("Sprachcafé", {"en": "Language café"}, "de").is_fallback is False
    with translation.override("en"):
        assert localized("Sprachcafé", {"en": "Language café"}).text == "Language café"
    with translation.override("de"):
        assert localized("Sprachcafé", {"en": "Language café"}).text == "Sprachcafé"


def test_an_empty_text_is_false():
    assert not localized("", {}, "en")
    assert localized("Text", {}, "en")


# --- the model field ---------------------------------------------------------------------------------------


def test_stored_translations_are_trimmed_ordered_and_empty_ones_left_out():
    field = TranslatedTextField()

    assert clean_translations({"uk": " Текст ", "en": "Text", "tr": "", "fa": "   "}) == {"en": "Text", "uk": "Текст"}
    assert list(field.get_prep_value({"ar": "نص", "en": " Text "}).items()) == [("en", "Text"), ("ar", "نص")]
    assert field.get_prep_value("Text") == "Text"  # a lookup on one language passes through


def test_unknown_languages_and_non_text_are_refused_by_validation():
    field = TranslatedTextField()
    field.set_attributes_from_name("title_translations")

    with pytest.raises(ValidationError) as error:
        field.clean({"fr": "Texte"}, None)
    assert error.value.code == "language"
    with pytest.raises(ValidationError):
        field.clean({"en": 3}, None)
    assert field.clean({"en": "Text"}, None) == {"en": "Text"}


def test_default_and_blank_are_fixed_and_left_out_of_migrations():
    field = TranslatedTextField(verbose_name="Titel: Übersetzungen")
    field.set_attributes_from_name("title_translations")

    assert field.get_default() == {} and field.blank
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "vielfalt.core.fields.TranslatedTextField"
    assert kwargs == {"verbose_name": "Titel: Übersetzungen"}


@isolate_apps("vielfalt.core")
def test_a_field_must_be_named_after_its_german_field():
    class Example(models.Model):
        title = models.CharField(max_length=10)
        title_translations = TranslatedTextField()
        texts = TranslatedTextField()
        summary_translations = TranslatedTextField()

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.title

    errors = {error.id for field in Example._meta.fields for error in field.check() if isinstance(error, checks.Error)}

    assert errors == {"vielfalt.E101", "vielfalt.E102"}
    assert Example._meta.get_field("title_translations").check() == []


# --- moving old data ----------------------------------------------------------------------------------------


def test_old_data_is_normalised_without_losing_text():
    where = "row 1"

    assert normalise_translations({"en": " Text ", "tr": ""}, "Text", where=where) == ({"en": "Text"}, "Text")
    assert normalise_translations({"en-GB": "Colour"}, "Farbe", where=where) == ({"en": "Colour"}, "Farbe")
    assert normalise_translations('{"uk": "Текст"}', "Text", where=where) == ({"uk": "Текст"}, "Text")
    assert normalise_translations(None, "Text", where=where) == ({}, "Text")
    # German among the translations fills an empty German field; equal to it, it is simply dropped.
    assert normalise_translations({"de": "Hallo", "en": "Hello"}, "", where=where) == ({"en": "Hello"}, "Hallo")
    assert normalise_translations({"de": "Hallo"}, "Hallo", where=where) == ({}, "Hallo")
    # A language the site does not (yet) offer is kept, not dropped.
    assert normalise_translations({"fr": "Bonjour"}, "Hallo", where=where) == ({"fr": "Bonjour"}, "Hallo")


@pytest.mark.parametrize(
    "value",
    [
        ["Hello"],
        "Hello",
        {"en": 3},
        {"en": "Hello", "EN-us": "Hi"},
        {"de": "Anders"},
    ],
)
def test_data_that_cannot_be_placed_stops_the_migration_naming_the_row(value):
    with pytest.raises(TranslationDataError, match=r"events\.Event 7"):
        normalise_translations(value, "Hallo", where="events.Event 7 title_translations")


# --- the form field -----------------------------------------------------------------------------------------


class ExampleForm(forms.Form):
    title = translated_text_field("Titel", max_length=20, required=True)
    description = translated_text_field("Beschreibung", max_length=200, rows=6, translation_rows=3)


def inputs(html: str) -> dict[str, str]:
    return {re.search(r'name="([^"]+)"', tag).group(1): tag for tag in re.findall(r"<(?:input|textarea)[^>]*>", html)}


def test_seven_labelled_inputs_with_language_and_direction():
    html = str(ExampleForm())
    found = inputs(html)

    assert [name for name in found if name.startswith("title")] == [
        "title", "title_en", "title_tr", "title_ar", "title_fa", "title_ru", "title_uk",
    ]  # fmt: skip
    assert 'lang="de"' in found["title"] and 'dir="ltr"' in found["title"] and "required" in found["title"]
    assert 'lang="ar"' in found["title_ar"] and 'dir="rtl"' in found["title_ar"]
    assert 'lang="fa"' in found["title_fa"] and 'dir="rtl"' in found["title_fa"]
    assert "required" not in found["title_en"]
    assert 'maxlength="20"' in found["title_uk"]
    assert 'rows="6"' in found["description"] and 'rows="3"' in found["description_en"]
    for name, tag in found.items():
        element_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert element_id == f"id_{name}"
        assert f'<label class="kern-label" for="{element_id}">' in html
    assert '<label class="kern-label" for="id_title">Titel (Deutsch)</label>' in html
    assert "Titel (Arabisch)" in html
    assert "<summary" in html and "<details" in html and '<details class="kern-accordion" open' not in html


def test_labels_name_the_languages_in_the_visitors_language():
    with translation.override("en"):
        html = str(ExampleForm())

    assert '<label class="kern-label" for="id_title_en">Titel (English)' in html


def test_posted_values_become_the_german_text_and_its_translations():
    form = ExampleForm({"title": " Sprachcafé ", "title_en": "Language café", "title_tr": " ", "description": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == TranslatedText("Sprachcafé", {"en": "Language café"})
    assert translated_data(form.cleaned_data, "title", "description") == {
        "title": "Sprachcafé",
        "title_translations": {"en": "Language café"},
        "description": "",
        "description_translations": {},
    }


def test_an_error_is_shown_at_the_input_of_its_language_and_linked_from_the_summary():
    form = ExampleForm({"title": "", "title_ar": "<b>مرحبا</b>", "title_en": "x" * 21})
    html = str(form)

    assert not form.is_valid()
    summary = html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', summary) == ["id_title", "id_title_en", "id_title_ar"]
    assert "Titel (Arabisch):" in summary
    found = inputs(html)
    assert 'aria-invalid="true"' in found["title_ar"]
    assert 'aria-describedby="id_title_ar_error"' in found["title_ar"]
    assert 'id="id_title_ar_error"' in html
    assert "aria-invalid" not in found["title_tr"]
    assert '<details class="kern-accordion" open>' in html  # the wrong translation is not hidden
    assert 'value="&lt;b&gt;مرحبا&lt;/b&gt;"' in found["title_ar"]  # what was typed stays


def test_a_service_error_on_the_field_belongs_to_the_german_input():
    form = ExampleForm({"title": "Sprachcafé"})
    assert form.is_valid()
    form.add_error("title", "Diesen Titel gibt es schon.")

    html = str(form)

    assert 'id="id_title_error"' in html and "Diesen Titel gibt es schon." in html


def test_initial_values_come_from_the_model_and_open_the_translations():
    # Any model with ``name`` and ``name_translations`` (core tests import no app above core).
    group = SimpleNamespace(name="Eltern", name_translations={"uk": "Батьки"})
    form = ExampleForm(initial={"title": translated_initial(group, "name")["name"]})
    found = inputs(str(form))

    assert 'value="Eltern"' in found["title"] and 'value="Батьки"' in found["title_uk"]
    assert '<details class="kern-accordion" open>' in str(form)


# --- the template tags ---------------------------------------------------------------------------------------

TEMPLATE = Template("{% load translated %}<h1{{ title|lang_attrs }}>{{ title }}</h1>{% fallback_note title %}")


def test_a_translated_text_is_marked_with_its_language_and_no_note():
    with translation.override("en"):
        html = TEMPLATE.render(Context({"title": localized("Sprachcafé", {"en": "Language café"})}))

    assert html == '<h1 lang="en" dir="auto">Language café</h1>'


def test_german_shown_instead_is_marked_german_with_a_visible_note_in_the_visitors_language():
    with translation.override("ar"):
        html = TEMPLATE.render(Context({"title": localized("Sprachcafé", {"en": "Language café"})}))

    assert html.startswith('<h1 lang="de" dir="auto">Sprachcafé</h1><p ')
    assert 'lang="ar" dir="rtl"' in html
    assert "vf-fallback-note" in html


def test_plain_strings_get_no_attributes():
    assert TEMPLATE.render(Context({"title": "Text"})) == "<h1>Text</h1>"
