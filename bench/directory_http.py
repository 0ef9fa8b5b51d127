"""The directory search over HTTP: the whole page (middleware, search, template) under ``vielfalt serve``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/directory_http.py [--rounds 20] [--workers 2]

Run ``bench/generate_organisations.py`` first. The script starts ``vielfalt serve`` (``--workers`` sync
workers; production-like settings on plain HTTP: ``DEBUG=0``, WhiteNoise with the manifest,
``DB_CONN_MAX_AGE=60``; ``PAGE_CACHE_PAGES=0``: no whole page is cached, every request renders). Then,
in each of ``--rounds`` rounds, it starts a new generation of the directory's cached values, as a
committed change does, lets the facet table be renewed in the shared cache, as the worker's task does
after a change, and asks for the 25 searches of ``directory_search.py`` once each, shuffled: every one
is new to the cache. A second pass asks for them again (the searches from the cache). It prints p50/p95
of the response time (from connecting to the last byte, on this machine) per type and overall, and
stops the server it started.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import free_port, percentile, setup_django
from directory_search import CASES


def url_of(query: str, filters: dict[str, tuple[str, ...]], sort: str) -> str:
    """The directory's address for a search, as its own links build it."""
    from vielfalt.organisations.directory.facets import DirectoryFilters
    from vielfalt.organisations.directory.views import DirectoryState

    state = DirectoryState(query=query, filters=DirectoryFilters(**filters), sort=sort, page=1)
    return f"/de/verzeichnis/?{state.query_string()}"


def timed_get(base: str, path: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - our own local server
        response.read()
        if response.status != 200:
            sys.exit(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def report(title: str, timings: dict[str, list[float]]) -> None:
    print(f"\n{title}\n{'type':<20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}")
    everything = [value for values in timings.values() for value in values]
    for kind, values in [*timings.items(), ("overall", everything)]:
        print(f"{kind:<20} {len(values):>8} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="rounds of the 25 searches (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "vielfalt-bench"), help="VAR_DIR of the server"
    )
    args = parser.parse_args()
    env = {
        "DEBUG": "0",
        "HTTPS": "0",
        "PLAIN_STATIC": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": args.var_dir,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DB_CONN_MAX_AGE": "60",
        "PAGE_CACHE_PAGES": "0",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    vendor = setup_django()
    from django.core.management import call_command

    from vielfalt.core.lib import pagecache
    from vielfalt.organisations.directory.search import DIRECTORY_GROUP, facet_table_shared
    from vielfalt.organisations.models import Organisation

    call_command("collectstatic", interactive=False, verbosity=0)
    count = Organisation.objects.filter(status=Organisation.Status.VERIFIED).count()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own console command, no shell
        [
            str(Path(sys.executable).parent / "vielfalt"),
            "serve",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        env=os.environ | {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(args.workers)},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                timed_get(base, "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.3)
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"database: {vendor}, {count} verified organisations; {args.workers} workers; load average {load}")
        rng = random.Random(args.seed)
        cases = [(kind, url_of(query, filters, sort)) for kind, query, filters, sort in CASES]
        for _kind, path in cases:  # warm-up: connections, templates, the workers' memory
            timed_get(base, path)
        new: dict[str, list[float]] = {}
        again: dict[str, list[float]] = {}
        for _round in range(args.rounds):
            pagecache._raise(pagecache._group_key(DIRECTORY_GROUP))  # a committed change of the directory
            facet_table_shared()  # the worker's renewal of the facet table (tasks.renew_facet_table)
            rng.shuffle(cases)
            for kind, path in cases:
                new.setdefault(kind, []).append(timed_get(base, path))
            rng.shuffle(cases)
            for kind, path in cases:
                again.setdefault(kind, []).append(timed_get(base, path))
        report("every search new to the cache (after a change, the facet table renewed by the worker)", new)
        report("the same searches again (from the cache)", again)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
