"""Time the directory search (organisations.directory.search.directory_search) on the current database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        DJANGO_SETTINGS_MODULE=vielfalt.settings .venv/bin/python bench/directory_search.py [--repeat K]

Runs a fixed set of queries (single words, two words, typos, facet combinations, browsing) K times
each, in a shuffled order, and prints p50/p95 of the server time per query type and overall. The time
is that of one call of ``directory_search`` (all its queries, facets and the page), not of rendering.
Run ``bench/generate_organisations.py`` first.

What a search found is kept in the cache until the directory changes, so after the warm-up every run
reads it from there; ``--uncached`` switches the cache off (``PAGE_CACHE_SECONDS=0``): every run counts
again and reads the facet table (``organisations.directory.bitsets``) again, as the first search after a
change does before the worker has renewed the table; ``--uncached --table-shared`` takes it from the
shared cache, as the first search after the worker's renewal does; ``--uncached --table-kept`` keeps the
table, as a search not yet in the cache does. Then
the similar organisations of a profile (``organisations.selectors.organisation_similar``) for
``--similar`` organisations, ``--repeat`` rounds; ``--only-similar`` times only those.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import percentile, setup_django

# (type, query, filters, sort): the filters use the names of DirectoryFilters.
CASES: list[tuple[str, str, dict[str, tuple[str, ...]], str]] = [
    ("browse", "", {}, "name"),
    ("browse", "", {}, "newest"),
    ("browse", "", {}, "name"),
    ("one word", "Bildung", {}, "relevance"),
    ("one word", "Sprachcafé", {}, "relevance"),
    ("one word", "Frauen", {}, "relevance"),
    ("one word", "Vereine", {}, "relevance"),
    ("one word", "Gießen", {}, "relevance"),
    ("one word", "Theatergruppe", {}, "relevance"),
    ("one word", "homework", {}, "relevance"),
    ("two words", "Sport Kassel", {}, "relevance"),
    ("two words", "Hausaufgabenhilfe Frankfurt", {}, "relevance"),
    ("two words", "türkischer Elternverein", {}, "relevance"),
    ("two words", "Beratung Fördermittel", {}, "relevance"),
    ("typo", "Fördermitel", {}, "relevance"),
    ("typo", "Hausaufgabnhilfe", {}, "relevance"),
    ("typo", "Sprachkafe", {}, "relevance"),
    ("typo", "Kulturverien Marburg", {}, "relevance"),
    ("facets", "", {"districts": ("06531",)}, "name"),
    ("facets", "", {"kinds": ("migrant",), "languages": ("ar",)}, "name"),
    ("facets", "", {"districts": ("06412",), "fields": ("bildung", "sprache")}, "name"),
    ("facets", "", {"districts": ("06531",), "municipalities": ("06531005",), "kinds": ("migrant",)}, "name"),
    ("facets + words", "Sport", {"districts": ("06611", "06633"), "languages": ("tr",)}, "relevance"),
    ("facets + words", "Beratung", {"kinds": ("counselling", "integration_office"), "fields": ("gefluechtete",)}, "relevance"),
    ("facets + words", "Vereine", {"fields": ("jugend",), "languages": ("fa", "ar")}, "newest"),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="how often each query runs (default 20)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--uncached", action="store_true", help="count every search again (no cache)")
    parser.add_argument(
        "--table-kept",
        action="store_true",
        help="with --uncached: keep the facet table of the process (a new search, not the first after a change)",
    )
    parser.add_argument(
        "--table-shared",
        action="store_true",
        help="with --uncached: take the facet table from the shared cache (the first search after a change, "
        "once the worker has renewed it)",
    )
    parser.add_argument("--similar", type=int, default=50, help="organisations whose similar ones are timed")
    parser.add_argument("--only-similar", action="store_true", help="time only the similar organisations")
    args = parser.parse_args()
    if args.uncached:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    vendor = setup_django()
    if args.only_similar:
        similar_organisations(repeat=args.repeat, count=args.similar, seed=args.seed)
        return

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from vielfalt.organisations.directory import bitsets
    from vielfalt.organisations.directory.facets import DirectoryFilters
    from vielfalt.organisations.directory.search import directory_search

    if args.uncached and args.table_kept:  # the page cache is off: keep the table by hand
        table = bitsets.load()
        bitsets.load = lambda: table
    elif args.uncached and args.table_shared:  # as a worker after the renewal task: from the shared cache
        from django.core.cache import cache as shared

        shared.set("bench:facet-table", bitsets.load(), timeout=3600)
        bitsets.load = lambda: shared.get("bench:facet-table")
    from vielfalt.organisations.models import Organisation

    count = Organisation.objects.filter(status=Organisation.Status.VERIFIED).count()
    cache = "off" if args.uncached else settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"database: {vendor}, {count} verified organisations, {args.repeat} runs per query, cache: {cache}")
    runs = [case for case in CASES for _ in range(args.repeat)]
    random.Random(args.seed).shuffle(runs)
    # Warm up: connection, caches of the database and of the process (district outlines).
    for _kind, query, filters, sort in CASES:
        directory_search(query=query, filters=DirectoryFilters(**filters), sort=sort, page=1)
    timings: dict[str, list[float]] = {}
    per_query: dict[str, list[float]] = {}
    results: dict[str, int] = {}
    queries: dict[str, int] = {}
    for kind, query, filters, sort in runs:
        label = f"{query or '–'} {filters or ''}".strip()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = directory_search(query=query, filters=DirectoryFilters(**filters), sort=sort, page=1)
            elapsed = (time.perf_counter() - started) * 1000
        queries[label] = len(captured.captured_queries)
        reset_queries()
        timings.setdefault(kind, []).append(elapsed)
        per_query.setdefault(label, []).append(elapsed)
        results[label] = result.total

    print(f"\n{'query':<72} {'results':>8} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for _kind, query, filters, _sort in CASES:
        label = f"{query or '–'} {filters or ''}".strip()
        if label in per_query:
            values = per_query.pop(label)
            print(
                f"{label[:72]:<72} {results[label]:>8} {queries[label]:>4} "
                f"{statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}"
            )
    print(f"\n{'type':<20} {'runs':>6} {'p50 ms':>8} {'p95 ms':>8}")
    everything: list[float] = []
    for kind, values in timings.items():
        everything += values
        print(f"{kind:<20} {len(values):>6} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}")
    print(
        f"{'overall':<20} {len(everything):>6} {statistics.median(everything):>8.1f} "
        f"{percentile(everything, 0.95):>8.1f}"
    )

    similar_organisations(repeat=args.repeat, count=args.similar, seed=args.seed)


def similar_organisations(*, repeat: int, count: int, seed: int) -> None:
    """Time ``organisation_similar`` as the profile calls it (the fields of action already read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vielfalt.organisations.models import Organisation
    from vielfalt.organisations.selectors import organisation_similar

    rng = random.Random(seed)
    pks = list(Organisation.objects.filter(status=Organisation.Status.VERIFIED).values_list("pk", flat=True))
    chosen = list(Organisation.objects.filter(pk__in=rng.sample(pks, min(count, len(pks)))))
    if not chosen:
        return
    fields = {
        organisation.pk: list(organisation.fields_of_action.values_list("pk", flat=True)) for organisation in chosen
    }
    for organisation in chosen:  # warm up: connection, the database's buffers
        organisation_similar(organisation=organisation, field_ids=fields[organisation.pk])
    timings: list[float] = []
    queries: list[int] = []
    for _ in range(repeat):
        rng.shuffle(chosen)
        for organisation in chosen:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                organisation_similar(organisation=organisation, field_ids=fields[organisation.pk])
                timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
    print(
        f"\nsimilar organisations: {len(chosen)} profiles x {repeat}, SQL {min(queries)}-{max(queries)}, "
        f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()
