"""Facets of the directory: counts per kind, district, municipality, field of action and language.

A group's counts ignore that group's own selection (ticking a second district adds to the first);
groups combine with AND, values within a group with OR.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vielfalt.core.lib import pagecache
from vielfalt.organisations.directory.facets import DirectoryFilters
from vielfalt.organisations.directory.search import DIRECTORY_GROUP
from vielfalt.organisations.directory.text import verified_organisations
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.test_search_text import DARMSTADT, GIESSEN, LICH, make_organisation, names, search

GIESSEN_DISTRICT = "06531"
DARMSTADT_DISTRICT = "06411"


def counts(options):
    return {option.value: option.count for option in options}


def selected(options):
    return [option.value for option in options if option.selected]


@pytest.fixture
def directory(db):
    make_organisation(name="Verein A", fields=["bildung", "sport"], languages=["de", "tr"])
    make_organisation(name="Verein B", fields=["bildung"], languages=["de", "ar"], municipality=LICH)
    make_organisation(name="Zentrum C", kind=Organisation.Kind.VIELFALTSZENTRUM, fields=["kultur"], languages=["de"])
    make_organisation(name="Verein D", fields=["sport"], languages=["de", "tr", "ar"], municipality=DARMSTADT)
    make_organisation(
        name="Büro E", kind=Organisation.Kind.INTEGRATION_OFFICE, languages=["de", "en"], municipality=DARMSTADT
    )
    make_organisation(name="Wartet F", fields=["bildung"], languages=["tr"], status="pending")
    make_organisation(name="Archiviert G", fields=["sport"], languages=["tr"], status="archived")


@pytest.mark.django_db
def test_counts_without_any_filter(directory):
    result = search("")

    assert result.total == 5
    assert counts(result.facets.kinds) == {"migrant": 3, "vielfaltszentrum": 1, "integration_office": 1}
    assert counts(result.facets.districts) == {GIESSEN_DISTRICT: 3, DARMSTADT_DISTRICT: 2}
    assert counts(result.facets.fields) == {"bildung": 2, "sport": 2, "kultur": 1}
    assert counts(result.facets.languages) == {"de": 5, "tr": 2, "ar": 2, "en": 1}
    assert result.facets.municipalities == []  # only once a district is chosen
    assert result.district_counts[GIESSEN_DISTRICT] == 3
    assert result.district_counts[DARMSTADT_DISTRICT] == 2
    assert sum(result.district_counts.values()) == 5
    assert len(result.district_counts) == 26


@pytest.mark.django_db
def test_counts_follow_the_search_words(directory):
    result = search("Verein")

    assert result.total == 3
    assert counts(result.facets.kinds) == {"migrant": 3}
    assert counts(result.facets.fields) == {"bildung": 2, "sport": 2}


@pytest.mark.django_db
def test_a_groups_counts_ignore_its_own_selection(directory):
    result = search("", kinds=("migrant",))

    assert result.total == 3
    # The other kinds keep their counts, so a second kind can be ticked.
    assert counts(result.facets.kinds) == {"migrant": 3, "vielfaltszentrum": 1, "integration_office": 1}
    assert selected(result.facets.kinds) == ["migrant"]
    # Other groups count within the selection.
    assert counts(result.facets.districts) == {GIESSEN_DISTRICT: 2, DARMSTADT_DISTRICT: 1}
    assert counts(result.facets.languages) == {"de": 3, "tr": 2, "ar": 2}


@pytest.mark.django_db
def test_values_within_a_group_combine_with_or(directory):
    assert search("", fields=("kultur", "sport")).total == 3
    assert search("", languages=("en", "ar")).total == 3
    assert search("", kinds=("vielfaltszentrum", "integration_office")).total == 2


@pytest.mark.django_db
def test_groups_combine_with_and(directory):
    result = search("", fields=("bildung",), languages=("tr",))

    assert names(result) == ["Verein A"]
    assert counts(result.facets.fields) == {"bildung": 1, "sport": 2}  # among the Turkish speakers
    assert counts(result.facets.languages) == {"de": 2, "tr": 1, "ar": 1}  # among the Bildung ones
    assert names(search("Verein", districts=(DARMSTADT_DISTRICT,), fields=("sport",))) == ["Verein D"]


@pytest.mark.django_db
def test_municipalities_are_offered_within_the_chosen_district(directory):
    result = search("", districts=(GIESSEN_DISTRICT,))

    assert result.total == 3
    assert counts(result.facets.municipalities) == {GIESSEN: 2, LICH: 1}
    assert [option.label for option in result.facets.municipalities] == ["Gießen", "Lich"]
    # The district facet still offers the other district, the map shows all of Hessen.
    assert counts(result.facets.districts) == {GIESSEN_DISTRICT: 3, DARMSTADT_DISTRICT: 2}
    assert result.district_counts[DARMSTADT_DISTRICT] == 2


@pytest.mark.django_db
def test_a_municipality_narrows_the_results(directory):
    result = search("", districts=(GIESSEN_DISTRICT,), municipalities=(LICH,))

    assert names(result) == ["Verein B"]
    assert counts(result.facets.municipalities) == {GIESSEN: 2, LICH: 1}
    assert selected(result.facets.municipalities) == [LICH]


@pytest.mark.django_db
def test_the_map_counts_ignore_the_place_but_not_the_other_filters(directory):
    result = search("", districts=(DARMSTADT_DISTRICT,), kinds=("migrant",))

    assert names(result) == ["Verein D"]
    assert result.district_counts[GIESSEN_DISTRICT] == 2
    assert result.district_counts[DARMSTADT_DISTRICT] == 1


@pytest.mark.django_db
def test_a_selected_value_without_matches_stays_visible(directory):
    result = search("Zentrum", fields=("elternarbeit",))

    assert result.total == 0
    assert selected(result.facets.fields) == ["elternarbeit"]
    assert counts(result.facets.fields)["elternarbeit"] == 0


@pytest.mark.django_db
def test_unknown_or_malformed_filter_values_are_dropped(directory):

    filters = DirectoryFilters.from_values(
        kinds=["migrant", "nonsense", "migrant"],
        districts=["06531", "6531", "'; --", "99999", "06531\n", "٠٦٥٣١"],
        municipalities=["0653100", "06531011"],
        fields=["bildung", "../etc", "x" * 100],
        languages=["tr", "TR", "türkisch", "<b>"],
    )

    assert filters == DirectoryFilters(
        kinds=("migrant",),
        districts=("06531", "99999"),
        municipalities=("06531011",),
        fields=("bildung",),
        languages=("tr",),
    )
    assert search("", districts=("99999",)).total == 0


@pytest.mark.django_db
def test_facets_are_counted_in_a_bounded_number_of_queries(directory, django_assert_max_num_queries):
    for number in range(30):
        make_organisation(name=f"Weiterer Verein {number}", fields=["bildung", "sport", "kultur"])

    with django_assert_max_num_queries(6):
        result = search("Verein", fields=("bildung",), languages=("de",), districts=(GIESSEN_DISTRICT,))

    assert result.total == 32
    assert len(result.cards) == 20


@pytest.mark.django_db
def test_a_search_is_counted_again_only_after_the_directory_changed(
    directory, write_watcher, django_capture_on_commit_callbacks
):
    """What a search found is cached (``search._found``) until a write to the organisations commits."""
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    first = search("Verein", fields=("bildung",))
    with CaptureQueriesContext(connection) as queries:
        again = search("Verein", fields=("bildung",))
    assert (names(again), again.total, again.facets) == (names(first), first.total, first.facets)
    # The page's organisations are read; the search words and facets are not counted again.
    assert not [query for query in queries if "search_text" in query["sql"] or "search_word" in query["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(name="Verein H", fields=["bildung"], languages=["fa"])

    after = search("Verein", fields=("bildung",))
    assert after.total == first.total + 1
    assert counts(after.facets.languages)["fa"] == 1


@pytest.mark.django_db
def test_a_release_never_reads_the_searches_an_older_one_cached(directory, write_watcher, monkeypatch):
    """What the cache keeps for the directory is keyed by ``search.CACHE_FORMAT``: while two releases run
    during a deployment, neither reads the other's values."""
    from vielfalt.organisations.directory import search as directory_search

    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    first = search("Verein")
    monkeypatch.setattr(directory_search, "CACHE_FORMAT", directory_search.CACHE_FORMAT + 1)
    with CaptureQueriesContext(connection) as queries:
        again = search("Verein")
    assert names(again) == names(first)
    assert [query for query in queries if "search_text" in query["sql"]]  # searched again


@pytest.mark.django_db
@pytest.mark.parametrize("languages", ["de", {"de": True}, [1, None, "de", ["tr"]]])
def test_odd_language_data_does_not_break_the_facets(db, languages):
    organisation = make_organisation(name="Verein mit seltsamen Daten")
    Organisation.objects.filter(pk=organisation.pk).update(languages=languages)

    result = search("")

    assert result.total == 1
    assert set(counts(result.facets.languages)) <= {"de"}


@pytest.mark.django_db
def test_a_municipality_alone_filters_too(directory):
    result = search("", municipalities=(LICH,))

    assert names(result) == ["Verein B"]
    assert counts(result.facets.districts) == {GIESSEN_DISTRICT: 1}


@pytest.mark.django_db
def test_the_facets_kept_in_the_workers_memory_show_a_change_at_once(
    directory, write_watcher, django_capture_on_commit_callbacks
):
    """The facets are counted from a table each worker keeps in its memory (``bitsets``): a committed
    write to the directory, in this worker or another, reads it again before the next search counts."""
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    assert counts(search("").facets.languages) == {"de": 5, "tr": 2, "ar": 2, "en": 1}

    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(name="Verein H", fields=["kultur"], languages=["fa"], municipality=LICH)
    result = search("Verein", languages=("fa",))  # a search not counted before: from the table
    assert names(result) == ["Verein H"]
    assert counts(result.facets.fields) == {"kultur": 1}
    assert counts(search("", districts=(GIESSEN_DISTRICT,)).facets.municipalities) == {GIESSEN: 2, LICH: 2}

    # Another worker's write: this worker hears of it through the generation in the shared cache.
    verein_b = Organisation.objects.get(name="Verein B")
    watchers = connection.execute_wrappers[:]
    connection.execute_wrappers.clear()
    Organisation.objects.filter(pk=verein_b.pk).update(status=Organisation.Status.ARCHIVED)
    connection.execute_wrappers[:] = watchers
    pagecache._raise(pagecache._group_key(DIRECTORY_GROUP))  # what that worker's commit does
    result = search("", districts=(GIESSEN_DISTRICT,), languages=("de",))  # not counted before either
    assert counts(result.facets.municipalities) == {GIESSEN: 2}
    assert counts(result.facets.languages) == {"de": 2, "tr": 1, "fa": 1}


@pytest.mark.django_db
def test_after_a_change_the_worker_renews_the_shared_facet_table(
    directory, write_watcher, django_capture_on_commit_callbacks
):
    """The first search after a change takes the facet table from the shared cache, where the worker's
    task put it after the commit (the tests run tasks at once), instead of reading it itself."""
    from vielfalt.organisations import tasks

    connection.run_on_commit.clear()
    search("")
    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(name="Verein H", fields=["kultur"], languages=["fa"], municipality=LICH)
    assert cache.get(tasks._RENEWAL_QUEUED) is None  # the task ran and let the next write queue one
    pagecache._kept.clear()  # another worker, with nothing in its memory
    with CaptureQueriesContext(connection) as queries:
        result = search("", languages=("fa",))
    assert names(result) == ["Verein H"]
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "string_agg(" in sql or "group_concat(" in sql]  # no table read


@pytest.mark.django_db
def test_a_burst_of_directory_writes_queues_one_renewal(monkeypatch):
    """An import commits a write per row: the renewal is queued once until the worker takes it."""
    from types import SimpleNamespace

    from vielfalt.organisations import tasks

    queued: list[str] = []
    monkeypatch.setattr(tasks, "renew_facet_table", SimpleNamespace(enqueue=lambda: queued.append("x")))
    cache.delete(tasks._RENEWAL_QUEUED)
    for _ in range(3):
        tasks.renew_facet_table_soon()
    assert queued == ["x"]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["name", "newest"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"districts": (GIESSEN_DISTRICT,)},
        {"municipalities": (LICH,)},
        {"fields": ("sport",), "languages": ("tr",)},
        {"kinds": ("migrant",), "districts": (DARMSTADT_DISTRICT,)},
        {"districts": ("06999",)},
    ],
)
def test_a_page_without_words_is_in_the_databases_order(directory, filters, sort):
    """The page is sorted from the facet table's ranks, which the database's ORDER BY made."""
    ordering = ("-created_at", "-pk") if sort == "newest" else ("name", "pk")
    in_order = [organisation.name for organisation in verified_organisations().order_by(*ordering)]

    result = search("", sort=sort, **filters)

    assert names(result) == [name for name in in_order if name in names(result)]
    assert result.total == len(names(result))
    if not filters:
        assert names(result) == in_order
