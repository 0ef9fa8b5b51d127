"""The directory page /<lang>/verzeichnis/: GET form, address as state, htmx fragment, odd input."""

import re
from urllib.parse import quote

import pytest

from conftest import login
from vielfalt.core.testing.layout import in_layout
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.test_search_text import DARMSTADT, LICH, make_organisation

URL = "/de/verzeichnis/"


@pytest.fixture
def directory(db):
    make_organisation(
        name="Kulturverein Brücke e.V.",
        description="Hausaufgabenhilfe und Sprachcafé.",
        needs="Fördermittel für ein Sommerfest",
        fields=["bildung"],
        languages=["de", "tr"],
    )
    make_organisation(name="Frauencafé Lich", fields=["frauen"], languages=["de", "ar"], municipality=LICH)
    make_organisation(
        name="Integrationsbüro Darmstadt", kind=Organisation.Kind.INTEGRATION_OFFICE, municipality=DARMSTADT
    )
    make_organisation(name="Noch nicht geprüft e.V.", status="pending")


def content_of(response):
    return response.content.decode()


def result_names(response):
    return re.findall(r'<h3 class="kern-title">(?:<a [^>]*>)?(?:<bdi>)?([^<]+)', content_of(response))


@pytest.mark.django_db
def test_the_directory_lists_verified_organisations(client, directory):
    response = client.get(URL)

    assert response.status_code == 200
    assert in_layout(response)
    assert result_names(response) == ["Frauencafé Lich", "Integrationsbüro Darmstadt", "Kulturverein Brücke e.V."]
    assert content_of(response).count("<h1") == 1
    assert "3 Organisationen gefunden" in content_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_every_persona_sees_the_same_directory(client, personas, directory, persona):
    login(client, personas.all()[persona])

    response = client.get(URL)

    assert response.status_code == 200
    assert "Noch nicht geprüft" not in content_of(response)
    assert len(result_names(response)) == 3


@pytest.mark.django_db
def test_the_address_holds_the_search(client, directory):
    response = client.get(URL, {"q": "Fördermitel", "field": "bildung", "language": "tr", "sort": "name"})
    content = content_of(response)

    assert result_names(response) == ["Kulturverein Brücke e.V."]
    assert 'value="Fördermitel"' in content
    assert re.search(r'name="field" value="bildung" id="facet-field-bildung" checked', content)
    assert re.search(r'name="language" value="tr" id="facet-language-tr" checked', content)
    assert '<option value="name" selected>' in content
    assert "ähnlicher Schreibweise" in content


@pytest.mark.django_db
def test_results_link_to_the_profiles(client, directory):
    organisation = Organisation.objects.get(name="Frauencafé Lich")

    content = content_of(client.get(URL, {"q": "Frauencafé"}))

    assert f'href="/de/organisationen/{organisation.slug}/"' in content


@pytest.mark.django_db
def test_the_form_works_without_javascript_and_with_htmx(client, directory):
    content = content_of(client.get(URL))

    form = re.search(r"<form id=\"directory-form\"[^>]*>", content).group(0)
    assert 'method="get"' in form
    assert f'action="{URL}"' in form
    assert f'hx-get="{URL}"' in form
    assert 'hx-target="#directory-results"' in form
    assert 'hx-push-url="true"' in form
    assert "keyup changed delay:300ms from:#directory-q" in form
    results = re.search(r"<div id=\"directory-results\"[^>]*>", content).group(0)
    assert 'hx-trigger="change"' in results  # ticking a filter
    assert 'hx-include="closest form"' in results
    assert 'hx-push-url="true"' in results
    assert '<button type="submit"' in content  # for visitors without JavaScript
    assert '<label class="kern-label" for="directory-q">' in content
    assert re.search(r'id="directory-status"[^>]*role="status"', content)
    assert content.count("<fieldset") == content.count("<legend") >= 4


@pytest.mark.django_db
def test_htmx_gets_only_the_results(client, directory):
    response = client.get(URL, {"q": "Lich"}, HTTP_HX_REQUEST="true")
    content = content_of(response)

    assert response.status_code == 200
    assert not in_layout(response)
    assert "<form" not in content
    assert result_names(response) == ["Frauencafé Lich"]
    # The live region outside the swapped part is updated out of band, so screen readers hear the count.
    assert re.search(r'<div id="directory-status" hx-swap-oob="innerHTML">\s*1 Organisation gefunden', content)
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_htmx_history_restore_gets_the_whole_page(client, directory):
    response = client.get(URL, {"q": "Lich"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert in_layout(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query_string",
    [
        "q=" + "x" * 10_000,
        "q=" + quote("'; DROP TABLE organisations_organisation; --"),
        "q=" + quote("%' OR '1'='1"),
        "q=" + quote("verein:* & !(a | b)"),
        "q=" + quote("🙂🌍 Verein 🎉"),
        "q=%00%01%02Verein%7F%1B",
        "q=" + quote("     "),
        "q=%ff%fe%fd",
        "q=" + quote("<script>alert(1)</script>"),
        "page=-1",
        "page=abc",
        "page=99999999999999999999999",
        "kind=%00&district=x&municipality=1&field=%2e%2e&language=" + "a" * 500,
        "sort=" + quote("name; DROP"),
        "q=a&q=b&district=06531&district=06531",
    ],
)
def test_any_input_gets_a_page(client, directory, query_string):
    response = client.get(f"{URL}?{query_string}")

    assert response.status_code == 200
    assert "<script>alert" not in content_of(response)


@pytest.mark.django_db
def test_the_directory_refuses_post(client, directory):
    assert client.post(URL, {"q": "Verein"}).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_page_needs_few_queries_however_many_results(client, personas, django_assert_max_num_queries, persona):
    if persona != "anonymous":
        login(client, personas.member)
    for number in range(60):
        make_organisation(
            name=f"Verein {number}", fields=["bildung", "sport"], languages=["de", "tr", "ar"], description="Sport"
        )

    for params in ({}, {"q": "Verein Sport"}, {"q": "Vereine", "district": "06531", "field": "sport"}, {"q": "Sprot"}):
        # The words (and a typo's spellings), the facet table, the page's organisations, the vocabulary.
        # Signed in: six more (the session, the person, the navigation's counts, the privacy notice).
        with django_assert_max_num_queries(6 if persona == "anonymous" else 12):
            response = client.get(URL, params)
        assert len(result_names(response)) == 20


@pytest.mark.django_db
def test_pages_link_to_each_other_and_keep_the_search(client, db):
    for number in range(25):
        make_organisation(name=f"Verein {number:02d}")

    content = content_of(client.get(URL, {"q": "Verein", "sort": "name"}))

    assert 'href="?q=Verein&amp;sort=name&amp;page=2" rel="next"' in content
    assert "Seite 1 von 2" in content
    second = content_of(client.get(URL, {"q": "Verein", "sort": "name", "page": "2"}))
    assert 'href="?q=Verein&amp;sort=name" rel="prev"' in second


@pytest.mark.django_db
def test_choosing_one_district_offers_its_page(client, directory):
    content = content_of(client.get(URL, {"district": "06531"}))

    assert 'href="/de/verzeichnis/kreis/06531/"' in content
    assert "Alles zu Gießen (Landkreis)" in content
    assert 'name="municipality" value="06531011"' in content  # Lich, within the chosen district


@pytest.mark.django_db
def test_the_page_in_another_language(client, directory):
    response = client.get("/ar/verzeichnis/", {"q": "Lich"})

    assert response.status_code == 200
    assert 'dir="rtl"' in content_of(response)
    assert result_names(response) == ["Frauencafé Lich"]


@pytest.mark.django_db
def test_the_main_navigation_and_the_start_page_lead_to_the_directory(client, db):
    assert 'href="/de/verzeichnis/"' in content_of(client.get("/de/kontakt/"))
    assert 'href="/de/verzeichnis/"' in content_of(client.get("/de/"))


@pytest.mark.django_db
def test_no_inline_styles_or_scripts(client, directory):
    content = content_of(client.get(URL))

    assert " style=" not in content
    assert "<style" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)


@pytest.mark.parametrize(
    ("language", "label"), [("de", "Name"), ("tr", "Ad"), ("ru", "Название"), ("uk", "Назва"), ("ar", "الاسم")]
)
def test_sorting_by_name_says_the_name_of_an_organisation_not_of_a_person(client, directory, language, label):
    content = content_of(client.get(f"/{language}/verzeichnis/", {"q": "Verein"}))
    assert f'<option value="name">{label}</option>' in content
    assert "Ad soyad" not in content


def test_a_result_shows_the_passage_that_matched_with_the_word_marked(client, directory):
    page = content_of(client.get(URL, {"q": "Fördermitel"}))  # misspelt: found by similar spelling
    assert result_names(client.get(URL, {"q": "Fördermitel"})) == ["Kulturverein Brücke e.V."]
    assert (
        '<p class="kern-body vf-passage" lang="de" dir="auto"><mark>Fördermittel</mark> für ein Sommerfest</p>' in page
    )


def test_the_passage_is_escaped_and_cut_at_words():
    from vielfalt.organisations.directory.passages import matching_passage

    text = "Wir bieten " + "Beratung " * 40 + "und <b>Hausaufgabenhilfe</b> für Kinder, dazu " + "Sport " * 40
    pieces = matching_passage(text, ["hausaufgabenhilfe"])
    assert ("Hausaufgabenhilfe", True) in pieces
    assert pieces[0] == ("… ", False) and pieces[-1][0].endswith(" …")
    assert all(not piece.startswith(" ") or piece == "… " for piece, _ in pieces[1:2])
    assert matching_passage(text, ["schach"]) == ()
