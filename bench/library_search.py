"""Time the library search (knowledge.search.library_search) on PostgreSQL with 5,000 items.

    .venv/bin/python bench/library_search.py [--count 5000] [--repeat 30]

Uses ``DATABASE_URL`` if set, else creates the database ``vielfalt_library`` on 127.0.0.1:5432 (user
postgres). Fills it with ``generate_library.py`` when it does not hold ``--count`` bench items. Runs a
fixed set of searches — single words, parts of compound words, typos, facet filters, words with facets,
browsing — ``--repeat`` times each in a shuffled order, in this process, and prints p50/p95 of one call
of ``library_search`` (all its queries: word list, facets, total and the page) per search, per type
and overall; then the same for the whole rendered index page through Django's test client, beside a
bare Django view in the same process (the floor of a request). Target: search p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import percentile, production_settings, setup_django
from generate_library import ensure_database, generate

# (type, query, filters as LibraryFilters' names, kind)
CASES: list[tuple[str, str, dict[str, tuple[str, ...]], str | None]] = [
    ("browse", "", {}, None),
    ("browse", "", {}, "method"),
    ("word", "Rollenspiel", {}, None),
    ("word", "Datenschutz", {}, None),
    ("word", "Mikroprojekt", {}, None),
    ("word", "Teilnehmenden", {}, None),
    ("word", "Behördengang", {}, "method"),
    ("compound part", "spiel", {}, None),
    ("compound part", "antrag", {}, None),
    ("compound part", "checkliste", {}, None),
    ("typo", "Rolenspiel", {}, None),
    ("typo", "Datenshutz", {}, None),
    ("typo", "Mitgliderversammlung", {}, None),
    ("typo", "Behördengnag", {}, "method"),
    ("facets", "", {"kinds": ("method",)}, None),
    ("facets", "", {"topics": ("bildung",), "languages": ("tr",)}, None),
    ("facets", "", {"kinds": ("checklist", "template"), "target_groups": ("ehrenamtliche",)}, None),
    ("words + facets", "Rollenspiel", {"topics": ("bildung", "kultur")}, None),
    ("words + facets", "Elternarbeit", {"kinds": ("method",), "languages": ("de",)}, None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_database()
    production_settings()
    vendor = setup_django()

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vielfalt.knowledge.models import Item
    from vielfalt.knowledge.search import LibraryFilters, library_search

    if Item.objects.filter(slug__startswith="bench-").count() != args.count:
        generate(args.count, 2026)
    visible = Item.objects.filter(status=Item.Status.PUBLISHED, visibility=Item.Visibility.PUBLIC).count()
    print(f"database: {vendor}, {Item.objects.count()} items ({visible} public and published), {args.repeat} runs each")
    viewer = AnonymousUser()

    def run(query: str, filters: dict[str, tuple[str, ...]], kind: str | None) -> int:
        return library_search(viewer=viewer, query=query, filters=LibraryFilters(**filters), kind=kind).total

    for _kind, query, filters, kind in CASES:  # warm up
        run(query, filters, kind)
    runs = [case for case in CASES for _ in range(args.repeat)]
    random.Random(args.seed).shuffle(runs)
    per_case: dict[str, list[float]] = {}
    per_type: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    queries: dict[str, int] = {}
    for kind_of_case, query, filters, kind in runs:
        label = f"{query or '–'} {filters or ''}{' [' + kind + ']' if kind else ''}".strip()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            totals[label] = run(query, filters, kind)
            elapsed = (time.perf_counter() - started) * 1000
        queries[label] = len(captured.captured_queries)
        per_case.setdefault(label, []).append(elapsed)
        per_type.setdefault(kind_of_case, []).append(elapsed)

    print(f"\n{'search':<66} {'results':>8} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for label, values in per_case.items():
        print(
            f"{label[:66]:<66} {totals[label]:>8} {queries[label]:>4} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}"
        )
    print(f"\n{'type':<20} {'runs':>6} {'p50 ms':>8} {'p95 ms':>8}")
    everything: list[float] = []
    for name, values in per_type.items():
        everything += values
        print(f"{name:<20} {len(values):>6} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}")
    overall = percentile(everything, 0.95)
    print(f"{'overall':<20} {len(everything):>6} {statistics.median(everything):>8.1f} {overall:>8.1f}")
    print(f"target p95 ≤ 50 ms: {'ok' if overall <= 50 else 'MISSED'}")
    pages(args.repeat)


def pages(repeat: int) -> None:
    """The rendered pages (search, facets, template, middleware) beside the lightest request through the
    same middleware (``/healthz``, no template), in this process, through Django's test client."""
    from django.test import Client

    client = Client()
    nonce = secrets.token_hex(4)  # this run's addresses were never cached before
    paths = ["/de/wissen/?q=Rolenspiel", "/de/wissen/?kind=method&topic=bildung", "/de/wissen/methodenkoffer/?q=spiel"]
    floor_path = "/healthz"
    timings: dict[str, list[float]] = {path: [] for path in [*paths, floor_path]}
    for path in timings:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
    for number in range(repeat):
        for path in timings:
            # A new address each time: the anonymous page cache never answers, the page is rendered.
            unique = f"{path}{'&' if '?' in path else '?'}run={nonce}-{number}" if path != floor_path else path
            started = time.perf_counter()
            response = client.get(unique)
            assert response.status_code == 200, (unique, response.status_code)
            timings[path].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(timings[floor_path])
    print(f"\n{'request (test client, in process)':<50} {'p50 ms':>8} {'p95 ms':>8} {'× floor':>8}")
    for path, values in timings.items():
        p50 = statistics.median(values)
        print(f"{path:<50} {p50:>8.1f} {percentile(values, 0.95):>8.1f} {p50 / floor:>8.1f}")


if __name__ == "__main__":
    main()
