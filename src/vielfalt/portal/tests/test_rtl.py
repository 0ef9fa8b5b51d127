"""Right-to-left and mixed text: isolation, list separators, German fallbacks, email alignment (issue 16 §6)."""

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load vf_i18n %}" + source).render(Context(context))


def test_names_are_isolated_and_escaped():
    assert render("{{ name|bdi }}", "ar", name="Verein <b>e.V.</b>") == "<bdi>Verein &lt;b&gt;e.V.&lt;/b&gt;</bdi>"
    assert render("{{ name|bdi }}", "ar", name="") == ""


def test_isolated_names_inside_a_translated_sentence():
    html = render(
        "{% load i18n %}{% blocktranslate with name=name|bdi %}Nachricht an {{ name }}{% endblocktranslate %}",
        "de",
        name="Arabischer Bildungsverein Wiesbaden e.V.",
    )

    assert html == "Nachricht an <bdi>Arabischer Bildungsverein Wiesbaden e.V.</bdi>"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "<bdi>Deutsch</bdi>, <bdi>Tigrinya</bdi>"),
        ("ar", "<bdi>Deutsch</bdi>، <bdi>Tigrinya</bdi>"),
        ("fa", "<bdi>Deutsch</bdi>، <bdi>Tigrinya</bdi>"),
    ],
)
def test_lists_are_joined_with_the_language_s_separator(language, expected):
    assert render("{{ items|join_list }}", language, items=["Deutsch", "", "Tigrinya"]) == expected


def test_plain_text_isolates_use_unicode_isolates():
    assert render("{% autoescape off %}{{ name|isolate }}{% endautoescape %}", "ar", name="e.V.") == "\u2068e.V.\u2069"


def test_a_german_only_text_block_gets_a_visible_note():
    assert "هذا النص متاح بالألمانية فقط." in render(
        "{% only_in_german translations %}", "ar", translations={"en": "x"}
    )
    assert render("{% only_in_german translations %}", "en", translations={"en": "x"}) == ""
    assert render("{% only_in_german %}", "de") == ""
