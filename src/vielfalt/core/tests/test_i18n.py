import re

import pytest

from conftest import login
from vielfalt.core.context_processors import site

LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk"]
RTL = {"ar", "fa"}
PUBLIC_PATHS = [
    "",
    "kontakt/",
    "barrierefreiheit/",
    "leichte-sprache/",
    "impressum/",
    "datenschutz/",
    "accounts/login/",
]
STAFF_PATHS = ["staff/", "staff/rechtstexte/privacy/", "staff/posteingang/kontakt/"]


def switcher_links(html: str) -> dict[str, str]:
    """The language switcher's links: language code → href."""
    switcher = html.split('class="vf-languages__list"', 1)[1].split("</ul>", 1)[0]
    return {code: href for href, code in re.findall(r'href="([^"]*)" lang="([^"]+)"', switcher)}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_in_every_language(client, language, path):
    response = client.get(f"/{language}/{path}")

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language in RTL else "ltr"}">' in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", STAFF_PATHS)
def test_staff_pages_in_every_language(client, personas, language, path):
    login(client, personas.staff)

    response = client.get(f"/{language}/{path}")

    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{"rtl" if language in RTL else "ltr"}">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_switcher_points_to_the_same_page_in_every_language(client, language):
    response = client.get(f"/{language}/kontakt/?from=start")

    links = switcher_links(response.content.decode())
    assert links == {code: f"/{code}/kontakt/?from=start" for code in LANGUAGES}


@pytest.mark.django_db
def test_language_switcher_marks_the_current_language(client):
    response = client.get("/fa/impressum/")

    current = re.findall(r'hreflang="(\w+)" aria-current="true"', response.content.decode())
    assert current == ["fa"]


@pytest.mark.django_db
def test_language_switcher_on_staff_pages(client, personas):
    login(client, personas.staff)

    response = client.get("/ar/staff/posteingang/barrierefreiheit/")

    links = switcher_links(response.content.decode())
    assert links["de"] == "/de/staff/posteingang/barrierefreiheit/"
    assert links["uk"] == "/uk/staff/posteingang/barrierefreiheit/"


@pytest.mark.django_db
def test_unknown_language_prefix_is_404(client):
    assert client.get("/xx/kontakt/").status_code == 404


@pytest.mark.django_db
def test_language_switcher_on_a_404_page_switches_the_language(client):
    response = client.get("/en/does-not-exist/?x=1")

    assert response.status_code == 404
    links = switcher_links(response.content.decode())
    assert links == {code: f"/{code}/does-not-exist/?x=1" for code in LANGUAGES}


@pytest.mark.parametrize("path", ["//evil.example/de/", "///evil.example/de/", "/\\evil.example/de/"])
def test_language_links_never_lead_to_another_host(rf, path):
    """The 404 page for ``//evil.example/de/`` (as a server receives it) links only within the site."""
    request = rf.get("/")
    request.path = request.path_info = path

    links = [language["url"] for language in site(request)["site_languages"]]

    assert len(links) == len(LANGUAGES)
    for link in links:
        assert link.startswith("/") and not link.startswith(("//", "/\\")), link


def test_language_switcher_goes_to_the_alternates_a_page_names(rf):
    """A page with its own version in another language (a translated library item) links there; the
    other languages and the current one stay on this page; addresses off the site are ignored."""
    from django.utils import translation

    from vielfalt.core.lib.alternates import set_language_alternates

    request = rf.get("/de/impressum/")
    set_language_alternates(
        request,
        {"tr": "/tr/wissen/tuerkce/", "de": "/de/anderswo/", "ar": "//evil.example/", "fa": "https://x.example/"},
    )
    with translation.override("de"):
        links = {language["code"]: language["url"] for language in site(request)["site_languages"]}

    assert links["tr"] == "/tr/wissen/tuerkce/"
    assert links["de"] == "/de/impressum/"  # the current language: this page
    assert links["ar"] == "/ar/impressum/"
    assert links["fa"] == "/fa/impressum/"
    assert links["en"] == "/en/impressum/"


def _routes(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        route = getattr(entry.pattern, "_route", None) or getattr(entry.pattern, "_regex", "")
        yield prefix, route
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(route))
        else:
            assert isinstance(entry, URLPattern)


def test_paths_are_the_same_in_every_language():
    """The language switcher swaps the prefix (core.context_processors._switch_url) instead of
    resolving the page: that holds while no route is translated."""
    from django.urls import get_resolver
    from django.utils.functional import Promise

    translated = [
        prefix + str(route) for prefix, route in _routes(get_resolver().url_patterns) if isinstance(route, Promise)
    ]
    assert translated == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/de/", "/de/veranstaltungen/?ort=Kassel#liste", "/de/verzeichnis/", "/de/gibt-es-nicht/"]
)
def test_switching_swaps_the_prefix_as_translate_url_would(path):
    from django.urls import translate_url
    from django.utils import translation

    from vielfalt.core.context_processors import _switch_url

    with translation.override("de"):
        for code in LANGUAGES:
            expected = translate_url(path, code)
            if expected == path and code != "de":  # a path that does not resolve
                expected = f"/{code}/" + path.removeprefix("/de/")
            assert _switch_url(path, code, "de") == expected
