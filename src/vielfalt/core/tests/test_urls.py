"""``core.lib.urls.reverse`` and the ``{% url %}`` tag on it: Django's answers, kept per process."""

from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.translation import gettext_lazy

from vielfalt.core.lib import kept, urls

TEMPLATES = [
    "{% url 'events:detail' slug='treffen' %}",
    "{% url 'directory:district' '06411' %}",
    "{% url 'directory:district' ags as link %}[{{ link }}]",
    "{% url 'organisations:detail' 'kein Slug' as link %}[{{ link }}]",
    "{% url 'events:list' %}?q=<b>",
    "{% autoescape off %}{% url name %}{% endautoescape %}",
    "{% for slug in slugs %}{% url 'organisations:detail' slug %} {% endfor %}",
]


@pytest.fixture(autouse=True)
def forget_addresses():
    kept.forget()
    yield
    kept.forget()


def djangos(source: str, context: dict) -> str:
    """The same template with Django's own ``{% url %}`` (an engine without the project's builtin)."""
    return Engine().from_string(source).render(Context(context))


@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_tag_writes_what_djangos_writes(source, language):
    context = {"ags": "06411", "name": "events:list", "slugs": ["verein-a", "verein-b", "verein-a"]}
    with translation.override(language):
        ours = engines["django"].from_string(source).render(context)
        again = engines["django"].from_string(source).render(context)  # from the memo

        assert ours == again == djangos(source, context)


def test_an_unknown_address_fails_as_with_django():
    template = engines["django"].from_string("{% url 'organisations:detail' 'kein Slug' %}")

    for _ in range(2):  # a failure is never kept
        with pytest.raises(NoReverseMatch):
            template.render({})


def test_each_language_keeps_its_own_address():
    with translation.override("de"):
        german = urls.reverse("events:detail", kwargs={"slug": "treffen"})
    with translation.override("en"):
        english = urls.reverse("events:detail", kwargs={"slug": "treffen"})
    with translation.override("de"):
        assert urls.reverse("events:detail", kwargs={"slug": "treffen"}) == german

    assert (german, english) == ("/de/veranstaltungen/treffen/", "/en/veranstaltungen/treffen/")


def test_a_site_below_a_path_gets_its_prefix():
    with translation.override("de"):
        at_root = urls.reverse("events:list")
        set_script_prefix("/vielfalt/")
        try:
            below = urls.reverse("events:list")
        finally:
            set_script_prefix("/")

    assert (at_root, below) == ("/de/veranstaltungen/", "/vielfalt/de/veranstaltungen/")


def test_only_plain_text_and_whole_numbers_are_kept(monkeypatch):
    asked = []
    monkeypatch.setattr(
        urls, "django_reverse", lambda *args, **kwargs: asked.append(args) or django_reverse(*args, **kwargs)
    )
    with translation.override("de"):
        for _ in range(2):
            urls.reverse("directory:district", args=["06411"])
            urls.reverse("news:detail", kwargs={"slug": gettext_lazy("Neuigkeiten")})  # lazy: asked each time

    assert len(asked) == 3


def test_a_setting_changed_forgets_what_was_kept(settings):
    with translation.override("de"):
        urls.reverse("events:list")
        assert urls._reverse.cache_info().currsize == 1

        settings.FORCE_SCRIPT_NAME = "/vielfalt/"  # any setting (core.lib.kept)

        assert urls._reverse.cache_info().currsize == 0


def test_a_changed_catalogue_forgets_what_was_kept():
    with translation.override("de"):
        urls.reverse("events:list")

        file_changed.send(sender=None, file_path=Path("locale/de/LC_MESSAGES/django.mo"))

        assert urls._reverse.cache_info().currsize == 0
