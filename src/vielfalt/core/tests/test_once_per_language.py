"""``{% once_per_language %}``: the layout's fixed parts, rendered once per language and process."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

SOURCE = (
    "{% load i18n once_per_language %}"
    "{% once_per_language %}<a href=\"{% url 'pages:imprint' %}\">{% translate 'Impressum' %}</a>"
    "[{{ visitor }}]{% end_once_per_language %}"
)


def test_each_language_gets_its_own_links_and_words():
    template = Template(SOURCE)

    with translation.override("de"):
        german = template.render(Context({}))
    with translation.override("en"):
        english = template.render(Context({}))
    with translation.override("de"):
        assert template.render(Context({})) == german

    assert german.startswith('<a href="/de/') and ">Impressum</a>" in german
    assert english == '<a href="/en/impressum/">Legal notice (Impressum)</a>[]'


def test_nothing_of_a_pages_context_reaches_what_everyone_gets():
    template = Template(SOURCE)

    with translation.override("de"):
        first = template.render(Context({"visitor": "Ayşe"}))
        second = template.render(Context({"visitor": "Dmytro"}))

    assert first == second
    assert "[]" in first and "Ayşe" not in first


def test_a_changed_setting_forgets_every_output():
    template = Template(SOURCE)
    with translation.override("de"):
        template.render(Context({}))
        with override_settings(FORCE_SCRIPT_NAME="/vielfalt/"):
            node = template.nodelist[-1]
            assert node.rendered == {}


def test_the_tag_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load once_per_language %}{% once_per_language 'x' %}{% end_once_per_language %}")
