"""``{% once_per_language %}``: the layout's fixed parts, rendered once per language and process."""

from pathlib import Path

import pytest
from django.core.signals import setting_changed
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from django.utils.autoreload import file_changed

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


@pytest.mark.parametrize(
    "signal",
    [
        lambda: setting_changed.send(sender=None, setting="USE_THOUSAND_SEPARATOR", value=True, enter=True),
        lambda: file_changed.send(sender=None, file_path=Path("locale/en/LC_MESSAGES/django.mo")),
    ],
    ids=["a setting", "a catalogue"],
)
def test_a_changed_setting_or_catalogue_forgets_every_output(signal):
    template = Template(SOURCE)
    node = template.nodelist[-1]
    with translation.override("de"):
        fresh = template.render(Context({}))
        node.outputs[next(iter(node.outputs))] = "veraltet"
        assert template.render(Context({})) == "veraltet"

        signal()

        assert template.render(Context({})) == fresh


def test_the_tag_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load once_per_language %}{% once_per_language 'x' %}{% end_once_per_language %}")
