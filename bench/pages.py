"""Server CPU per request of the public pages, side by side with a bare Django project (the floor).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/pages.py [--seconds 5] [--rounds 3] [--connections 16] [--redis redis://127.0.0.1:6379/13]

What it does, in one run on this machine:

1. Set-up in its own process: ``migrate``, the regions import and the demo (``load_demo``, which keeps
   what exists) in ``DATABASE_URL``; ``collectstatic`` into ``--var-dir``. The floor (``bench/floor``: one
   model, a view answering "ok" and a view rendering 20 rows from PostgreSQL into a template) gets its own
   database ``vielfalt_floor`` with 20 rows.
2. Starts three servers under gunicorn with ``--workers`` (2) sync workers on free ports: the floor with
   ``gunicorn``, and the platform twice with ``vielfalt serve`` and production-like settings on plain HTTP
   (``DEBUG=0``, ``HTTPS=0``, WhiteNoise with the manifest, ``DB_CONN_MAX_AGE`` = ``--conn-max-age``):
   once with the anonymous page cache off (``PAGE_CACHE_SECONDS=0``: every request renders the page, the
   "cold" figure) and once with it on (the "(cached)" rows: after the first request of a page, the
   others are served from the cache).
3. Runs every endpoint for ``--seconds`` with ``wrk`` (``--connections`` connections, 2 threads) in
   ``--rounds`` rounds, the endpoints in a shuffled order each round, and reads the CPU time (user +
   system) of the server's processes — the gunicorn master and its workers — from ``/proc`` before and
   after each run. CPU per request is that difference divided by the requests wrk counted; it does not
   depend on how busy the rest of the machine is, unlike requests per second. The database's CPU is not
   in it (it is printed separately, summed over all PostgreSQL processes, so it is noisy on a shared
   machine).
4. Prints one table: endpoint, requests/s, server CPU ms per request, PostgreSQL CPU ms per request, and
   the ratio to the floor's 20-row page and "ok" page. Issue 15's targets: rendered pages ≤ 2× the
   20-row page, cached pages ≤ 4× the "ok" page. A response other than 200 stops the run.
5. Stops the servers it started (SIGTERM), nothing else.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    cpu_spent,
    free_port,
    load_arguments,
    machine_line,
    no_control_socket,
    postgres_cpu,
    require_postgres,
    server_cpu,
    server_environment,
    setup_django,
    shuffled_rounds,
)

FLOOR = Path(__file__).resolve().parent / "floor"


@dataclass
class Endpoint:
    name: str
    url: str
    server: str  # "floor" or "platform"
    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # seconds of server CPU
    db_cpu: float = 0.0
    runs: list[float] = field(default_factory=list)

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / self.requests if self.requests else float("nan")

    @property
    def db_ms(self) -> float:
        return self.db_cpu * 1000 / self.requests if self.requests else float("nan")


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer 200 within {timeout:.0f} s")


def check(endpoint: Endpoint) -> None:
    try:
        with urllib.request.urlopen(endpoint.url, timeout=30) as response:  # noqa: S310 - local server
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        sys.exit(f"{endpoint.name}: {endpoint.url} answered {status}, expected 200")


def run_wrk(endpoint: Endpoint, *, seconds: int, connections: int, master: int) -> None:
    before, db_before = server_cpu(master), postgres_cpu()
    output = subprocess.run(  # noqa: S603 - no shell
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", endpoint.url],  # noqa: S607 - wrk from Debian's packages
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    endpoint.cpu += cpu_spent(before, server_cpu(master))
    endpoint.db_cpu += cpu_spent(db_before, postgres_cpu())
    if "Non-2xx" in output:
        sys.exit(f"{endpoint.name}: responses other than 2xx/3xx\n{output}")
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if not found:
        sys.exit(f"cannot read wrk's output:\n{output}")
    duration = float(found.group(2)) / (1000 if found.group(3) == "ms" else 1)
    endpoint.requests += int(found.group(1))
    endpoint.seconds += duration
    endpoint.runs.append(int(found.group(1)) / duration)


def setup_floor(env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'vielfalt_floor'").fetchone()
        if not exists:
            connection.execute("CREATE DATABASE vielfalt_floor")
    seed = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.utils import timezone; from floorapp.models import Item;"
        "Item.objects.all().delete();"
        "Item.objects.bulk_create(Item(name=f'Regionaltreffen {i}', town='Gießen', starts_at=timezone.now())"
        " for i in range(20))"
    )
    subprocess.run([sys.executable, "-c", seed], env=env, cwd=FLOOR, check=True)  # noqa: S603 - our own code


def platform_endpoints(base: str, server: str) -> list[Endpoint]:
    """The anonymous pages issue 15 names, found in the database."""
    from django.urls import reverse
    from django.utils import translation

    from vielfalt.events.models import Event
    from vielfalt.organisations.models import Organisation
    from vielfalt.regions.models import District

    event = (
        Event.objects.filter(status="published", kind="networking", audience="public").order_by("-starts_at").first()
        or Event.objects.filter(status="published", audience="public").first()
    )
    organisation = Organisation.objects.filter(status="verified").order_by("pk").first()
    district = District.objects.order_by("ags").first()
    if event is None or organisation is None or district is None:
        sys.exit("No demo data: run `vielfalt load_demo` against DATABASE_URL first.")
    with translation.override("de"):
        paths = [
            ("start page", reverse("portal:home")),
            ("directory", reverse("directory:index")),
            ("events list", reverse("events:list")),
            ("event page", reverse("events:detail", kwargs={"slug": event.slug})),
            ("organisation profile", reverse("organisations:detail", kwargs={"slug": organisation.slug})),
            ("district page", reverse("directory:district", kwargs={"ags": district.ags})),
            ("iCal feed", reverse("events:feed")),
            ("news list", reverse("news:index")),
            ("news feed (Atom)", reverse("news:feed")),
            ("funding", reverse("funding:index")),
            ("funding deadlines", reverse("funding:deadlines")),
            ("library", reverse("knowledge:index")),
            ("needs (Ihr habt gesagt)", reverse("needs:index")),
            # The layout around one paragraph of text: what every page costs before its content.
            ("imprint (layout only)", reverse("pages:imprint")),
        ]
    label = "" if server == "platform" else " (cached)"
    return [Endpoint(name + label, base + path, server) for name, path in paths]


def prepare(args: argparse.Namespace, *, example_database: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """Set-up of a run of pages (here and in ``latency.py``): Django in this process with the servers'
    environment, the demo and the static files in ``DATABASE_URL``, the floor's database. Returns the
    database vendor and the environments of the platform's servers and of the floor."""
    require_postgres(example_database)
    platform_env = server_environment(
        var_dir=args.var_dir, workers=args.workers, redis=args.redis, conn_max_age=args.conn_max_age
    )
    vendor = setup_django()
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    call_command("collectstatic", interactive=False, verbosity=0)
    floor_env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": str(FLOOR),
        "DB_CONN_MAX_AGE": args.conn_max_age,
    }
    setup_floor(floor_env)
    return vendor, platform_env, floor_env


def main() -> None:
    args = load_arguments(__doc__, rounds=3, connections=16)
    vendor, platform_env, floor_env = prepare(args, example_database="vielfalt_bench")
    floor_port, platform_port, cached_port = free_port(), free_port(), free_port()
    servers = [
        subprocess.Popen(  # noqa: S603 - the floor app under gunicorn, no shell
            [sys.executable, "-m", "gunicorn", "django.core.wsgi:get_wsgi_application()", "--bind",
             f"127.0.0.1:{floor_port}", "--workers", str(args.workers), "--log-level", "warning",
             *no_control_socket()],
            env=floor_env, cwd=FLOOR,
        ),
        *(
            subprocess.Popen(  # noqa: S603 - our own console command, no shell
                [str(Path(sys.executable).parent / "vielfalt"), "serve", "--log-level", "warning",
                 "--access-logfile", "/dev/null", *no_control_socket()],
                env=platform_env | {"BIND": f"127.0.0.1:{port}", "PAGE_CACHE_SECONDS": cache_seconds},
                stdout=open(Path(args.var_dir) / f"server-{port}.log", "w"),  # noqa: SIM115 - the server's lifetime
                stderr=subprocess.STDOUT,
            )
            for port, cache_seconds in ((platform_port, "0"), (cached_port, "300"))
        ),
    ]  # fmt: skip
    masters = {"floor": servers[0].pid, "platform": servers[1].pid, "cached": servers[2].pid}
    try:
        floor_base, platform_base = f"http://127.0.0.1:{floor_port}", f"http://127.0.0.1:{platform_port}"
        wait_for(floor_base + "/ok")
        cached_base = f"http://127.0.0.1:{cached_port}"
        wait_for(platform_base + "/healthz")
        wait_for(cached_base + "/healthz")
        endpoints = [
            Endpoint("floor: ok", floor_base + "/ok", "floor"),
            Endpoint("floor: 20 rows", floor_base + "/rows", "floor"),
            *platform_endpoints(platform_base, "platform"),
            *platform_endpoints(cached_base, "cached"),
        ]
        if args.only:
            endpoints = [e for e in endpoints if e.server == "floor" or args.only in e.name]
        for endpoint in endpoints:
            check(endpoint)
        print(machine_line(vendor=vendor, redis=args.redis))
        print(
            f"servers: gunicorn, {args.workers} sync workers each, DB_CONN_MAX_AGE={args.conn_max_age}; "
            f"wrk: {args.connections} connections, {args.seconds} s × {args.rounds} rounds per endpoint, shuffled"
        )
        for endpoint in shuffled_rounds(endpoints, args.rounds):
            run_wrk(endpoint, seconds=args.seconds, connections=args.connections, master=masters[endpoint.server])
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

    ok = next(e for e in endpoints if e.name == "floor: ok")
    rows = next(e for e in endpoints if e.name == "floor: 20 rows")
    print(f"\n{'endpoint':<32} {'req/s':>7} {'CPU ms/req':>10} {'DB ms/req':>9} {'× 20 rows':>9} {'× ok':>6}  target")
    for endpoint in endpoints:
        rate = endpoint.requests / endpoint.seconds if endpoint.seconds else 0
        print(
            f"{endpoint.name:<32} {rate:>7.0f} {endpoint.cpu_ms:>10.2f} {endpoint.db_ms:>9.2f} "
            f"{endpoint.cpu_ms / rows.cpu_ms:>9.1f} {endpoint.cpu_ms / ok.cpu_ms:>6.1f}  {_verdict(endpoint, ok, rows)}"
        )


def _verdict(endpoint: Endpoint, ok: Endpoint, rows: Endpoint) -> str:
    """Issue 15's target for the row: rendered pages ≤ 2× the 20-row page, cached ones ≤ 4× "ok"."""
    if endpoint.server == "floor":
        return ""
    if endpoint.server == "cached":
        return "≤ 4× ok: " + ("met" if endpoint.cpu_ms <= 4 * ok.cpu_ms else "NOT met")
    return "≤ 2× rows: " + ("met" if endpoint.cpu_ms <= 2 * rows.cpu_ms else "NOT met")


if __name__ == "__main__":
    main()
