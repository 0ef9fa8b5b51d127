"""Shared start of the benchmark scripts: Django, the schema and Hessen's regions in the current database."""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def setup_django() -> str:
    """Configure Django for ``DATABASE_URL``, migrate and import the regions; returns the database vendor."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from vielfalt.regions.models import District
    from vielfalt.regions.services import regions_import

    call_command("migrate", verbosity=0)
    if District.objects.count() < 26:
        regions_import(directory=settings.REGIONS_DATA_DIR)
    # As the web server's workers do after loading the application (vielfalt/wsgi.py).
    from vielfalt.core.lib import heap

    heap.prepare()
    return connection.vendor


# --- what the page benchmarks share ----------------------------------------------------------------


def production_settings() -> None:
    """The environment of a production server on plain HTTP, for a benchmark in this process (before
    ``setup_django``): no debug, WhiteNoise's plain files, tasks queued, a random secret key."""
    import secrets

    os.environ.update(
        {
            "DEBUG": "0",
            "HTTPS": "0",
            "PLAIN_STATIC": "1",
            "TASKS_IMMEDIATE": "0",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        }
    )


def require_postgres(example: str) -> None:
    """Stop unless ``DATABASE_URL`` names a PostgreSQL database (the page benchmarks measure the
    production set-up)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            f"Set DATABASE_URL to a PostgreSQL bench database (e.g. postgres://postgres@127.0.0.1:5432/{example})."
        )


def load_arguments(description: str | None, *, rounds: int, connections: int) -> argparse.Namespace:
    """The options of the benchmarks that run pages under gunicorn with ``wrk`` (``pages.py``,
    ``latency.py``); ``--conn-max-age`` sets ``DB_CONN_MAX_AGE`` of every server."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5, help="seconds per page and round (default 5)")
    parser.add_argument("--rounds", type=int, default=rounds, help=f"rounds (default {rounds})")
    parser.add_argument("--connections", type=int, default=connections, help=f"wrk connections (default {connections})")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument("--conn-max-age", default="60", help="DB_CONN_MAX_AGE of the servers (default 60)")
    parser.add_argument("--redis", default="", help="REDIS_URL for the platform (cache and sessions)")
    parser.add_argument("--only", default="", help="only pages whose name contains this text")
    parser.add_argument(
        "--var-dir", default=str(Path(tempfile.gettempdir()) / "vielfalt-bench"), help="VAR_DIR of the platform"
    )
    return parser.parse_args()


def server_environment(*, var_dir: str, workers: int, redis: str, conn_max_age: str = "60") -> dict[str, str]:
    """The environment of ``vielfalt serve`` in a page benchmark: production-like settings on plain HTTP
    (WhiteNoise with the manifest), tasks queued, a random secret key. This process gets it too (but
    ``PYTHONPATH``), so that what the script writes (sessions, the demo) is what the server reads; each
    server sets ``PAGE_CACHE_SECONDS`` itself."""
    import secrets

    env = os.environ | {
        "DEBUG": "0",
        "HTTPS": "0",
        "PLAIN_STATIC": "0",
        "TASKS_IMMEDIATE": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "VAR_DIR": var_dir,
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DB_CONN_MAX_AGE": conn_max_age,
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(ROOT / "src"),
    }
    if redis:
        env["REDIS_URL"] = redis
    env.pop("SECRET_KEY_FILE", None)
    env.pop("PAGE_CACHE_SECONDS", None)
    os.environ.update({key: value for key, value in env.items() if key != "PYTHONPATH"})
    return env


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


@dataclass
class Page:
    name: str
    path: str
    # Pages whose query counts must be equal (the same page for few and for many rows).
    group: str = ""
    timings: list[float] = field(default_factory=list)
    queries: int = 0


def time_pages(pages: list[Page], get: Callable[[Page], None], *, repeat: int) -> None:
    """Three warm-up requests and one that counts the SQL queries per page, then ``repeat`` rounds of
    one timed request per page in a shuffled order (the same order for every run)."""
    import random
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        for _ in range(3):
            get(page)
        with CaptureQueriesContext(connection) as captured:
            get(page)
        page.queries = len(captured)
    rng = random.Random(5)
    order = list(pages)
    for _ in range(repeat):
        rng.shuffle(order)
        for page in order:
            started = time.perf_counter()
            get(page)
            page.timings.append((time.perf_counter() - started) * 1000)


def shuffled_rounds(items: Sequence[T], rounds: int) -> Iterator[T]:
    """Every item once a round, in an order shuffled anew each round (the same orders in every run), so
    that a machine that slows down for a while does not fall on one page's measurement only."""
    import random

    rng = random.Random(1)
    for _ in range(rounds):
        order = list(items)
        rng.shuffle(order)
        yield from order


def machine_line(*, vendor: str, redis: str) -> str:
    """The first line of a load benchmark's output: cores, load average, database, Redis."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"machine: {os.cpu_count()} cores, load average {load}; database: {vendor}; Redis: {redis or 'no'}"


def signed_in_session(user: Any, *, seconds: int, second_factor: bool = False) -> str:
    """The key of a session as ``django.contrib.auth.login`` and allauth's password login leave it, written
    directly into the configured session store (no password is hashed). With ``second_factor`` allauth's
    record of a TOTP code entered as well, which the team's pages ask for."""
    import time
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # allauth's record of how the person signed in (read for reauthentication and the second factor).
    records: list[dict[str, Any]] = [{"method": "password", "at": time.time(), "email": user.email}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    store["account_authentication_methods"] = records
    store["account_authentication_methods_user"] = str(user.pk)
    store.set_expiry(seconds)
    store.create()
    return str(store.session_key)


def no_control_socket() -> list[str]:
    """gunicorn's option to open no control socket, where it has one: recent gunicorn opens it at a fixed
    default path (~/.gunicorn/gunicorn.ctl), which a second server — or one someone else runs — finds
    taken."""
    try:
        from gunicorn import config
    except ImportError:
        return []
    known = any(setting.name == "control_socket_disable" for setting in config.KNOWN_SETTINGS)
    return ["--no-control-socket"] if known else []


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for a server the script starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- CPU time of processes (Linux /proc): what a request costs, whatever else the machine does ------------

TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid``; 0 if it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def server_cpu(master: int) -> dict[int, float]:
    """CPU seconds of the server: its master and workers, by process (for ``cpu_spent``)."""
    return {pid: process_cpu(pid) for pid in (master, *children(master))}


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of every PostgreSQL process, by process (for ``cpu_spent``)."""
    seconds = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    seconds[int(entry.name)] = process_cpu(int(entry.name))
            except OSError:
                continue
    return seconds


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the processes spent between two readings: a process read both times counts its
    difference, one started in between all of its time. One that ended in between is left out (a sum
    over all processes would drop all of its time and could turn negative: PostgreSQL ends a
    connection's process, or an autovacuum worker, while a benchmark runs)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
