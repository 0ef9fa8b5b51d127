"""``{% load i18n %}`` gives ``core.templatetags.kept_i18n``: Django's output, constant text kept per language."""

from pathlib import Path

import pytest
from django.core.signals import setting_changed
from django.template import Context, Engine, engines
from django.utils import translation
from django.utils.autoreload import file_changed

from vielfalt.core.lib import kept

TEMPLATES = [
    '{% load i18n %}{% translate "Verzeichnis" %}',
    '{% load i18n %}{% trans "Suchen" %}',
    '{% load i18n %}{% translate "Verzeichnis" noop %}',
    '{% load i18n %}{% translate "gesendet" context "E-Mail-Zustand" %}',
    '{% load i18n %}{% translate "gesendet" context kind %}',
    '{% load i18n %}{% translate "Suchen" as label %}[{{ label }}]',
    '{% load i18n %}{% translate "Suchen"|upper %}',
    "{% load i18n %}{% translate word %}",
    '{% load i18n %}{% translate "100%% sicher <b> & mehr" %}',
    '{% load i18n %}{% autoescape off %}{% translate "100%% sicher <b> & mehr" %}{% endautoescape %}',
    "{% load i18n %}{% get_current_language as language %}{{ language }} {% get_current_language_bidi as rtl %}{{ rtl }}",
    "{% load i18n %}{% blocktranslate count n=count %}{{ n }} Organisation{% plural %}{{ n }} Organisationen{% endblocktranslate %}",
]


def djangos(source: str, context: dict) -> str:
    """The same template with Django's own i18n library."""
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string(source).render(Context(context))


@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_every_tag_writes_what_djangos_writes(source, language):
    context = {"kind": "E-Mail-Zustand", "word": "Verzeichnis", "count": 3}
    template = engines["django"].from_string(source)
    with translation.override(language):
        first, again = template.render(context), template.render(context)  # the second from what was kept

        assert first == again == djangos(source, context)


def test_a_kept_translation_follows_the_language():
    template = engines["django"].from_string('{% load i18n %}{% translate "Suchen" %}')

    with translation.override("de"):
        assert template.render({}) == "Suchen"
    with translation.override("en"):
        assert template.render({}) == "Search"
    with translation.override("de"):
        assert template.render({}) == "Suchen"


def test_only_constant_text_is_kept():
    constant, variable, named = (
        engines["django"].from_string(source).template.nodelist[-1]
        for source in (
            '{% load i18n %}{% translate "Suchen" %}',
            "{% load i18n %}{% translate word %}",
            '{% load i18n %}{% translate "Suchen" as label %}',
        )
    )

    assert [constant.constant, variable.constant, named.constant] == [True, False, False]


@pytest.mark.parametrize(
    "signal",
    [
        lambda: setting_changed.send(sender=None, setting="LOCALE_PATHS", value=[], enter=True),
        lambda: file_changed.send(sender=None, file_path=Path("locale/en/LC_MESSAGES/django.mo")),
    ],
    ids=["the languages' settings", "a catalogue"],
)
def test_what_was_kept_is_forgotten_when_the_catalogues_change(signal):
    template = engines["django"].from_string('{% load i18n %}{% translate "Suchen" %}')
    node = template.template.nodelist[-1]
    with translation.override("de"):
        template.render({})
        node.outputs[next(iter(node.outputs))] = "veraltet"  # what a changed catalogue would leave
        assert template.render({}) == "veraltet"

        signal()

        assert template.render({}) == "Suchen"


def test_a_file_other_than_a_catalogue_changes_nothing():
    before = kept.generation()

    file_changed.send(sender=None, file_path=Path("src/vielfalt/core/views.py"))

    assert kept.generation() == before


def test_the_same_tag_writes_the_same_with_escaping_and_without():
    """Text written in a template is safe to Django, so escaping leaves a translation of it as it is:
    an included template rendered inside ``{% autoescape off %}`` and outside may share what was kept."""
    template = engines["django"].from_string('{% load i18n %}{% translate "Fragen & Antworten <neu>" %}').template
    reference = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(template.source)
    with translation.override("de"):
        ours = [template.render(Context({}, autoescape=escape)) for escape in (True, False, True)]
        djangos_ = [reference.render(Context({}, autoescape=escape)) for escape in (True, False, True)]

    assert ours == djangos_ == ["Fragen & Antworten <neu>"] * 3


def test_the_engine_leaves_out_only_the_warning_about_its_own_i18n_label():
    from django.core.checks import Warning as CheckWarning

    from vielfalt.core.templating import EXPECTED_CLASH, is_the_expected_clash

    assert [message.id for message in engines["django"].check()] == []
    assert is_the_expected_clash(CheckWarning(EXPECTED_CLASH, id="templates.W003"))
    other = "'i18n' is used for multiple template tag modules: 'django.templatetags.i18n', 'x.i18n', 'y.i18n'"
    assert not is_the_expected_clash(CheckWarning(other, id="templates.W003"))
