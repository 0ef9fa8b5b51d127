"""Directory search: what a word finds, in German and other languages, with inflection and typos.

Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://…``): the two methods must agree on
everything here.
"""

import pytest

from vielfalt.organisations import services
from vielfalt.organisations.directory.facets import DirectoryFilters
from vielfalt.organisations.directory.search import directory_search
from vielfalt.organisations.directory.text import clean_query, query_words, spellings, strip_ending
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

GIESSEN = "06531005"
LICH = "06531011"
DARMSTADT = "06411000"
FRANKFURT = "06412000"


def make_organisation(*, fields=(), municipality=GIESSEN, **kwargs):
    """A verified organisation (unless ``status`` says otherwise) whose search text is up to date."""
    organisation = OrganisationFactory(municipality=Municipality.objects.get(ags=municipality), **kwargs)
    if fields:
        organisation.fields_of_action.set(FieldOfAction.objects.filter(slug__in=fields))
    services.organisation_refresh_search_text(organisation=organisation)
    return organisation


def search(query="", *, sort="relevance", page=1, **filters):
    return directory_search(query=query, filters=DirectoryFilters(**filters), sort=sort, page=page)


def names(result):
    return [organisation.name for organisation in result.organisations]


@pytest.fixture
def directory(db):
    """Four verified organisations with different words in different places."""
    return {
        "bruecke": make_organisation(
            name="Kulturverein Brücke e.V.",
            description="Wir treffen uns jeden Freitag zum Sprachcafé.",
            offers="Hausaufgabenhilfe für Grundschulkinder",
            needs="Beratung zu Fördermitteln und Projektanträgen",
            description_translations={"en": "We run a language café every Friday."},
            fields=["bildung"],
        ),
        "anadolu": make_organisation(
            name="Anadolu Gençlik Derneği",
            description="Jugendarbeit und Fußball für junge Menschen.",
            fields=["sport", "jugend"],
            municipality=DARMSTADT,
        ),
        "frauen": make_organisation(
            name="Internationales Frauencafé Lich",
            description="Ein Treffpunkt für Frauen aus aller Welt.",
            offers="Nähkurs, Fahrradkurs",
            fields=["frauen"],
            municipality=LICH,
        ),
        "beratung": make_organisation(
            name="Migrationsberatung Frankfurt",
            kind=Organisation.Kind.COUNSELLING,
            description="Beratung in vielen Sprachen.",
            municipality=FRANKFURT,
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Brücke", "Kulturverein Brücke e.V."),  # name
        ("Sprachcafé", "Kulturverein Brücke e.V."),  # description
        ("Hausaufgabenhilfe", "Kulturverein Brücke e.V."),  # offer
        ("Fördermittel", "Kulturverein Brücke e.V."),  # need, inflected in the text ("Fördermitteln")
        ("Bildung", "Kulturverein Brücke e.V."),  # field of action
        ("Education", "Kulturverein Brücke e.V."),  # the field of action's English name
        ("language café", "Kulturverein Brücke e.V."),  # the English description
        ("Derneği", "Anadolu Gençlik Derneği"),  # a Turkish word
        ("Nähkurs", "Internationales Frauencafé Lich"),
        ("Darmstadt", "Anadolu Gençlik Derneği"),  # the municipality
    ],
)
def test_a_word_finds_the_organisation_it_occurs_in(directory, query, expected):
    assert names(search(query)) == [expected]


@pytest.mark.django_db
def test_case_and_surrounding_spaces_do_not_matter(directory):
    assert names(search("   HAUSAUFGABENHILFE  ")) == ["Kulturverein Brücke e.V."]


@pytest.mark.django_db
def test_inflected_forms_find_the_base_word(directory):
    # "Vereine" (plural) finds "Kulturverein"; "Frauen" finds "Frauencafé".
    assert names(search("Vereine")) == ["Kulturverein Brücke e.V."]
    assert "Internationales Frauencafé Lich" in names(search("Frauen"))


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Fördermitel", "Fordermittel", "Hausaufgabnhilfe", "Sprachkafé"])
def test_a_typo_still_finds_the_intended_word(directory, query):
    result = search(query)

    assert names(result) == ["Kulturverein Brücke e.V."]
    assert result.similar_spellings


@pytest.mark.django_db
def test_umlauts_can_be_typed_as_two_letters(directory):
    assert names(search("Foerdermittel")) == ["Kulturverein Brücke e.V."]
    assert names(search("Naehkurs")) == ["Internationales Frauencafé Lich"]


@pytest.mark.django_db
def test_every_word_must_match(directory):
    assert names(search("Beratung Frankfurt")) == ["Migrationsberatung Frankfurt"]
    assert names(search("Fußball Lich")) == []


@pytest.mark.django_db
def test_a_word_found_nowhere_finds_nothing(directory):
    result = search("Quantenphysik")

    assert result.total == 0
    assert result.organisations == []


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_profiles_that_are_not_verified_never_appear(directory, status):
    make_organisation(name="Verborgener Brückenverein", status=status, description="Hausaufgabenhilfe")

    for result in (search("Brückenverein"), search("Hausaufgabenhilfe"), search("")):
        assert "Verborgener Brückenverein" not in names(result)
    assert search("").total == 4
    assert sum(option.count for option in search("").facets.kinds) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_a_word_only_a_hidden_profile_contains_finds_and_counts_nothing(directory, status):
    # The statement matches texts of every status; the search keeps the verified ones (in memory).
    make_organisation(name="Zirkusschule Regenbogen", status=status, description="Akrobatik und Jonglage")

    for query in ("Zirkusschule", "Akrobatik Jonglage"):
        result = search(query)
        assert (result.total, result.organisations) == (0, [])
        assert all(option.count == 0 for option in result.facets.kinds + result.facets.districts)
        assert set(result.district_counts.values()) <= {0}


@pytest.mark.django_db
def test_names_that_contain_the_word_come_first(directory):
    make_organisation(name="Elternnetzwerk Gießen", description="Beratung für Eltern")

    assert names(search("Beratung"))[0] == "Migrationsberatung Frankfurt"


@pytest.mark.django_db
def test_sort_by_name_and_by_newest(directory):
    assert names(search("", sort="name")) == sorted(names(search("", sort="name")))
    newest = make_organisation(name="Aaa Neuer Verein")

    assert names(search("", sort="newest"))[0] == newest.name
    assert names(search("", sort="name"))[0] == newest.name


@pytest.mark.django_db
def test_without_words_relevance_falls_back_to_names(directory):
    assert search("").sort == "name"
    assert search("", sort="nonsense").sort == "name"
    assert search("Beratung", sort="nonsense").sort == "relevance"


@pytest.mark.django_db
def test_pages_of_twenty(db):
    for number in range(25):
        make_organisation(name=f"Verein Nummer {number:02d}")

    first, second = search("Verein", sort="name"), search("Verein", sort="name", page=2)

    assert (first.total, first.num_pages, len(first.organisations)) == (25, 2, 20)
    assert names(second) == [f"Verein Nummer {number:02d}" for number in range(20, 25)]
    assert search("Verein", page=99).page == 2
    assert search("", page=99).page == 2
    assert search("", page=-3).page == 1
    assert search("Verein", page=10**30).page == 2


@pytest.mark.django_db
def test_a_second_page_of_relevance_continues_after_the_names_with_the_word(db):
    """The page is sorted in memory (``bitsets.FacetTable.page``): names with the word, then the rest,
    each by name, also across the page boundary."""
    for number in range(12):
        make_organisation(name=f"Sportgruppe {number:02d}")
    for number in range(13):
        make_organisation(name=f"Gruppe {number:02d}", description="Wir treiben Sport im Park.")

    first, second = search("Sport"), search("Sport", page=2)

    assert names(first) == [f"Sportgruppe {n:02d}" for n in range(12)] + [f"Gruppe {n:02d}" for n in range(8)]
    assert names(second) == [f"Gruppe {n:02d}" for n in range(8, 13)]
    assert names(search("Sport", sort="newest", page=2)) == [f"Sportgruppe {n:02d}" for n in range(4, -1, -1)]


@pytest.mark.django_db
def test_names_with_both_words_come_before_names_with_one(db):
    """Each word in the name adds its points (``bitsets._with_gain`` regroups the ids per word): both
    words, then either one, then neither, each group by name."""
    for name in ("Alpha Kulturverein", "Beispielhilfe", "Jugendtreff Ost", "Zentrum Jugend Kulturverein"):
        make_organisation(name=name, description="Jugend und Kulturverein für alle.")

    assert names(search("Jugend Kulturverein")) == [
        "Zentrum Jugend Kulturverein",
        "Alpha Kulturverein",
        "Jugendtreff Ost",
        "Beispielhilfe",
    ]


def test_a_page_in_an_order_is_the_same_by_walking_and_by_sorting():
    """Few chosen ids are sorted by their rank; many are found by walking the order (``bitsets._first``)."""
    from array import array

    from vielfalt.organisations.directory.bitsets import Order, _first, bitset

    in_order = [7, 3, 39, 12, 0, 25, 18, 5, 31, 1, *range(40, 100)]
    rank = array("I", [0]) * 100
    for place, pk in enumerate(in_order, start=1):
        rank[pk] = place
    order = Order(array("I", in_order), rank)
    for chosen_ids in ([39, 0, 5], [pk for pk in in_order if pk not in (3, 25)]):
        expected = [pk for pk in in_order if pk in chosen_ids]
        for start, size in ((0, 2), (1, 2), (2, 20), (50, 20)):
            assert _first(bitset(chosen_ids, 100), order, start, size) == expected[start : start + size]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "Verein " * 2_000,
        "'; DROP TABLE organisations_organisation; --",
        "%_%\\' OR 1=1 --",
        "verein:* & !(a | b) <-> c",
        "🙂🌍 Verein 🎉",
        "\x00\x01\x02Verein\x7f\x1b[31m",
        "     ",
        "\u202e\u200b\ufeff",
        "مرکز فرهنگی",
        "Ü" * 300,
        "\ud800",
    ],
)
def test_any_input_is_searched_without_error(directory, query):
    result = search(query)

    assert result.total >= 0
    assert len(result.query) <= 200
    assert "\x00" not in result.query


def test_query_cleaning():
    assert clean_query("  a\x00b\tc \n ") == "a b c"
    assert len(clean_query("x" * 1000)) == 200
    assert query_words("Vereine, vereine & Fördermittel!") == ["vereine", "fördermittel"]
    assert query_words("a " + " ".join(f"wort{n}" for n in range(20))) == [f"wort{n}" for n in range(8)]


def test_simple_german_endings_are_removed():
    assert [strip_ending(word) for word in ["vereine", "frauen", "kinder", "vereins", "sport", "haus"]] == [
        "verein",
        "frau",
        "kind",
        "verein",
        "sport",
        "haus",
    ]


def test_umlauts_are_folded_both_ways():
    assert spellings("fördermittel") == ["fördermittel", "foerdermittel"]
    assert spellings("foerdermittel") == ["foerdermittel", "fördermittel"]
    assert spellings("strasse") == ["strasse", "straße"]
