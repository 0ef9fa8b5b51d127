"""200 people register at once for 50 places, over HTTP against ``vielfalt serve`` (gunicorn).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/event_registration.py [--users 200] [--capacity 50] [--workers 4] [--threads 1]

Sets up the database (migrate, regions, ``collectstatic`` into a bench directory), replaces the bench
event (slug ``bench-…``) and the bench people (``bench-…@bench.invalid``) of an earlier run, creates a
published public event with 50 places and a programme slot with two parallel workshops of 25 places,
and 200 people, each signed in by a session written directly (no password hashing, no login over
HTTP). Then it starts ``vielfalt serve`` on a free port, production-like but on plain HTTP
(DEBUG=0, HTTPS=0, WhiteNoise with the manifest, emails queued by the database task backend),
releases 200 threads at once with a POST each to ``/de/veranstaltungen/<slug>/anmelden/``, and checks
in the database: exactly 50 confirmed and 150 on the waiting list (the exit status is 1 otherwise).
Last, it measures requests per second of the public event page for anonymous visitors.

The floor: the same burst runs against a bare Django project doing the same registration
(``bench/floor/registration_settings.py``: Django's database sessions, authentication and CSRF check;
lock the event, count, write the registration and the workshop choice, redirect) under gunicorn with the
same workers, in its own database ``vielfalt_floor``; the script checks it the same way. Both servers run
side by side, and ``--rounds`` (3) times the floor's burst and then the platform's take turns, each with
new data (this machine's speed moves within minutes, so one pair of bursts says little); the script
prints each round's p99 and CPU per registration of the platform as multiples of the floor's, and their
median. PostgreSQL only (``--no-floor`` skips the floor).

Sessions: without ``REDIS_URL`` the settings keep sessions in the database, which every gunicorn
process reads; with ``--redis URL`` both this script and the server use Redis (cache sessions).
Standard library only on the client side (http.client and threads).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    ROOT,
    cpu_spent,
    free_port,
    no_control_socket,
    percentile,
    postgres_cpu,
    server_cpu,
    setup_django,
    signed_in_session,
)

EMAIL_DOMAIN = "bench.invalid"
NOTICES_TASK = "vielfalt.events.tasks.send_notices"  # the request queues this job; a worker writes the emails
EVENT_TITLE = "Bench Vernetzungstreffen Vielfalt"  # slugify → "bench-vernetzungstreffen-vielfalt-<year>"
SESSION_SECONDS = 2 * 3600  # the bench sessions expire soon; an earlier run's are cleared at the start
TOKEN_CHARS = string.ascii_letters + string.digits


def configure_environment(args: argparse.Namespace) -> dict[str, str]:
    """Production-like settings on plain HTTP, shared by this process and the server (same key, same DB)."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the bench database (e.g. postgres://postgres@127.0.0.1:5432/vielfalt_bench).")
    env = {
        "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "TASKS_IMMEDIATE": "0",  # the database task backend: emails are queued, not sent in the request
        "PLAIN_STATIC": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "VAR_DIR": args.var_dir,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
        # The production default (settings.py): connections kept for the next requests.
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }
    if args.redis:
        env["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("REDIS_URL_FILE", None)
    os.environ.pop("SECRET_KEY_FILE", None)
    os.environ.update(env)
    return env


# --- the data ---------------------------------------------------------------------------------------------


@dataclass
class Bench:
    event_id: int
    slug: str
    slot_field: str
    workshops: list[int]  # session pks
    sessions: list[str]  # one session cookie per person, in the order of the people


def create_data(*, users: int, capacity: int, workshop_places: int) -> Bench:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from vielfalt.accounts.models import User
    from vielfalt.core.models import AuditEntry
    from vielfalt.events import services as event_services
    from vielfalt.events.models import Event, Session
    from vielfalt.events.programme import services as programme_services
    from vielfalt.regions.models import Municipality

    started = time.perf_counter()
    with transaction.atomic():
        old_events = list(Event.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        Event.objects.filter(pk__in=old_events).delete()
        AuditEntry.objects.filter(target_type="events.event", target_id__in=[str(pk) for pk in old_events]).delete()
        User.objects.filter(email__startswith="bench-", email__endswith=f"@{EMAIL_DOMAIN}").delete()
        _delete_queued_emails()
    _clear_expired_sessions()

    municipality = Municipality.objects.filter(ags="06414000").first() or Municipality.objects.order_by("ags").first()
    if municipality is None:
        sys.exit("No municipalities: the regions import did not run.")
    now = timezone.now()
    starts = (now + timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        organiser = User.objects.create(
            email=f"bench-organiser@{EMAIL_DOMAIN}", name="Bench Organisation", password=make_password(None)
        )
        event = event_services.event_create(
            by=organiser,
            organiser=None,
            data=event_services.EventInput(
                kind=Event.Kind.NETWORKING,
                title=EVENT_TITLE,
                description="Ein Treffen für den Lasttest: Austausch, zwei Workshops, Mittagessen.\n\n" * 3,
                starts_at=starts,
                ends_at=starts + timedelta(hours=6),
                venue_name="Bürgerhaus",
                street="Marktplatz 1",
                postcode="65183",
                municipality=municipality,
                step_free_access=True,
                accessible_toilet=True,
                languages=["de", "en", "tr", "ar"],
                interpreting=["ar"],
                capacity=capacity,
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=starts - timedelta(days=1),
                promotion=Event.Promotion.CONFIRM,
                offer_hours=48,
                reminder_days=2,
            ),
        )
        slot = programme_services.slot_save(
            event=event,
            by=organiser,
            starts_at=starts + timedelta(hours=2),
            ends_at=starts + timedelta(hours=4),
            title="Workshops",
        )
        workshops = [
            programme_services.session_save(
                slot=slot,
                by=organiser,
                data=programme_services.SessionInput(
                    kind=Session.Kind.WORKSHOP, title=title, room=room, capacity=workshop_places
                ),
            )
            for title, room in (("Fördermittel finden", "Raum 1"), ("Ehrenamt gewinnen", "Raum 2"))
        ]
        event_services.event_publish(event=event, by=organiser)

        people = User.objects.bulk_create(
            User(
                email=f"bench-{index:04d}@{EMAIL_DOMAIN}",
                name=f"Bench Person {index:04d}",
                password=make_password(None),  # unusable: nobody signs in with a password
                preferred_language="de",
            )
            for index in range(users)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=person, email=person.email, verified=True, primary=True) for person in people
        )
    cookies = [signed_in_session(person, seconds=SESSION_SECONDS) for person in people]
    print(
        f"data: event {event.slug} in {municipality.name} ({capacity} places, 1 slot with 2 workshops of "
        f"{workshop_places}), {users} people with sessions, in {time.perf_counter() - started:.1f} s"
    )
    return Bench(
        event_id=event.pk,
        slug=event.slug,
        slot_field=f"slot_{slot.pk}",
        workshops=[w.pk for w in workshops],
        sessions=cookies,
    )


def _clear_expired_sessions() -> None:
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def _delete_queued_emails() -> int:
    """What an earlier run queued for its bench people and no worker ever ran: the jobs that write the
    confirmations (``send_notices``; the bench database has no other events' jobs) and the emails."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.filter(task_path=NOTICES_TASK, status="READY").delete()
    emails, _ = DBTaskResult.objects.filter(
        task_path="vielfalt.core.tasks.send_email", args_kwargs__kwargs__to__0__endswith=f"@{EMAIL_DOMAIN}"
    ).delete()
    return deleted + emails


def queued_notices(event_id: int) -> list[tuple[list[int], str | None]]:
    """The queued ``send_notices`` jobs about registrations for the bench event: (ids, kind) each."""
    from django_tasks_db.models import DBTaskResult

    from vielfalt.events.models import Registration

    ours = set(Registration.objects.filter(event_id=event_id).values_list("pk", flat=True))
    jobs = DBTaskResult.objects.filter(task_path=NOTICES_TASK, status="READY").values_list("args_kwargs", flat=True)
    return [(job["args"][0], job["args"][1]) for job in jobs if set(job["args"][0]) & ours]


def run_notices(jobs: list[tuple[list[int], str | None]]) -> tuple[int, float]:
    """Do the worker's part in this process: render the confirmations of ``jobs``; (emails, seconds)."""
    from vielfalt.events import notifications

    started = time.perf_counter()
    sent = sum(notifications.send_notices(ids, kind) for ids, kind in jobs)
    return sent, time.perf_counter() - started


# --- the floor: the same registration in a bare Django project ---------------------------------------------

FLOOR = Path(__file__).resolve().parent / "floor"


def floor_environment() -> dict[str, str]:
    """The registration floor's environment (``bench/floor/registration_settings.py``): its own database
    ``vielfalt_floor`` on the local PostgreSQL, Django's database sessions, connections kept as the
    platform's."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "registration_settings",
        "PYTHONPATH": str(FLOOR),
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }


def floor_command(env: dict[str, str], *arguments: str) -> Any:
    """Run ``floorreg.bench`` in the floor's environment and return what it printed (JSON)."""
    done = subprocess.run(  # noqa: S603 - our own floor project, no shell
        [sys.executable, "-m", "floorreg.bench", *arguments], env=env, cwd=FLOOR, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"the registration floor's {arguments[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def create_floor_data(env: dict[str, str], *, users: int, capacity: int) -> Bench:
    """The floor's event with two workshops and ``users`` people signed in by sessions written directly,
    as for the platform, replacing those of an earlier round."""
    data = floor_command(env, "prepare", str(users), str(capacity))
    return Bench(
        event_id=data["event"], slug=data["slug"], slot_field="workshop", workshops=data["workshops"],
        sessions=data["sessions"],
    )  # fmt: skip


# --- the server -------------------------------------------------------------------------------------------


class Server:
    """A server under gunicorn as a child process, with its log in a file: by default ``vielfalt serve``
    (ready when ``/healthz`` answers 200); the floor runs gunicorn itself (ready at any answer below 500)."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        port: int,
        workers: int,
        threads: int,
        log: Path,
        command: list[str] | None = None,
        ready: str = "/healthz",
        cwd: Path = ROOT,
    ) -> None:
        extra = ["--threads", str(threads)] if threads > 1 else []
        extra += no_control_socket()  # leave the default socket to a server someone else runs
        if command is None:
            serve = shutil.which("vielfalt", path=str(Path(sys.executable).parent)) or shutil.which("vielfalt")
            if serve is None:
                sys.exit("The console command `vielfalt` is missing: install the project into the virtualenv.")
            command = [serve, "serve"]
        self.env = {**os.environ, **env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
        self.command = [*command, *extra]
        self.port, self.log, self.ready, self.cwd = port, log, ready, cwd
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own server command, no shell
                self.command, env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=self.cwd
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.fail(f"the server exited with status {self.process.returncode}")
            try:
                status, _, _ = request(self.port, "GET", self.ready)
                if status == 200 or (self.ready != "/healthz" and status < 500):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.fail(f"the server did not answer {self.ready} within 60 s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of all workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def fail(self, message: str) -> None:
        self.stop()
        tail = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        sys.exit(f"{message}; last lines of {self.log}:\n" + "\n".join(tail))


def request(
    port: int, method: str, path: str, *, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


# --- the burst --------------------------------------------------------------------------------------------


def check_register_page(port: int, bench: Bench, csrf: str) -> None:
    """Every session must be signed in: GET of the form is 200 (not a redirect to the login)."""
    from concurrent.futures import ThreadPoolExecutor

    path = f"/de/veranstaltungen/{bench.slug}/anmelden/"

    def get(session: str) -> int:
        status, _, body = request(port, "GET", path, headers={"Cookie": f"sessionid={session}; csrftoken={csrf}"})
        if status == 200 and f'name="{bench.slot_field}"'.encode() not in body:
            return -1  # the form without the workshop choice
        return status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = Counter(pool.map(get, bench.sessions))
    if statuses != Counter({200: len(bench.sessions)}):
        sys.exit(f"GET {path} with the bench sessions: {dict(statuses)} (expected 200 for all; -1 = no workshop field)")
    print(f"check: GET {path} with each of the {len(bench.sessions)} sessions → 200, form with workshop choice")


@dataclass
class Result:
    status: int
    location: str
    started: float  # seconds after the threads were released
    latency: float  # seconds, from connecting to the end of the response


def burst(port: int, bench: Bench, csrf: str) -> tuple[list[Result], float]:
    """One thread per person, released together by a barrier; each POSTs once and does not follow redirects."""
    path = f"/de/veranstaltungen/{bench.slug}/anmelden/"
    barrier = threading.Barrier(len(bench.sessions) + 1)
    results: list[Result | None] = [None] * len(bench.sessions)
    released = 0.0

    def register(index: int, session: str) -> None:
        workshop = bench.workshops[index % len(bench.workshops)]
        # The form's one-time token, new with each rendered form (``core.lib.once``); the floor ignores it.
        once = secrets.token_urlsafe(16)
        body = f"csrfmiddlewaretoken={csrf}&form_once={once}&{bench.slot_field}={workshop}"
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        barrier.wait()
        started = time.perf_counter()
        try:
            status, response_headers, _ = request(port, "POST", path, body=body, headers=headers)
        except OSError as error:
            print(f"  request {index}: {error!r}")
            status, response_headers = 0, {}
        results[index] = Result(
            status, response_headers.get("location", ""), started - released, time.perf_counter() - started
        )

    threads = [threading.Thread(target=register, args=(i, s)) for i, s in enumerate(bench.sessions)]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - released
    return [r for r in results if r is not None], wall


def database_counts(bench: Bench) -> dict[str, int]:
    from django.db.models import Count, Q

    from vielfalt.events.models import Registration, WorkshopChoice

    registrations = Registration.objects.filter(event__slug=bench.slug)
    counts = registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        total=Count("pk"),
        users=Count("user", distinct=True),
    )
    for index, session in enumerate(bench.workshops):
        choices = WorkshopChoice.objects.filter(session_id=session)
        counts[f"workshop {index + 1} seated"] = choices.filter(status=WorkshopChoice.Status.SEATED).count()
        counts[f"workshop {index + 1} waiting"] = choices.filter(status=WorkshopChoice.Status.WAITING).count()
    counts["seated but not confirmed"] = (
        WorkshopChoice.objects.filter(session_id__in=bench.workshops, status=WorkshopChoice.Status.SEATED)
        .exclude(registration__status=Registration.Status.CONFIRMED)
        .count()
    )
    counts["confirmations queued"] = sum(len(ids) for ids, _kind in queued_notices(bench.event_id))
    return counts


@dataclass
class Outcome:
    """One burst: its answers, wall time and the CPU seconds of the server's processes and of PostgreSQL."""

    results: list[Result]
    wall: float
    server: float
    database: float

    @property
    def latencies(self) -> list[float]:
        return [r.latency for r in self.results]

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)

    @property
    def cpu_per_request(self) -> float:
        return (self.server + self.database) / len(self.results)


def measured_burst(port: int, bench: Bench, csrf: str, server: Server) -> Outcome:
    master = server.process.pid if server.process else 0
    cpu_before, database_before = server_cpu(master), postgres_cpu()
    results, wall = burst(port, bench, csrf)
    return Outcome(results, wall, cpu_spent(cpu_before, server_cpu(master)), cpu_spent(database_before, postgres_cpu()))


def report_burst(name: str, outcome: Outcome, bench: Bench, *, users: int) -> list[str]:
    """Print a burst's answers, latencies and CPU; the failures: POSTs not redirected to the registration."""
    results, latencies = outcome.results, outcome.latencies
    expected_location = f"/de/veranstaltungen/{bench.slug}/anmeldung/"
    statuses = Counter(r.status for r in results)
    redirected = sum(r.status == 302 and r.location == expected_location for r in results)
    print()
    print(f"{name}: {users} concurrent POST /de/veranstaltungen/{bench.slug}/anmelden/ (one per person)")
    print(f"  responses: {dict(sorted(statuses.items()))}; 302 → {expected_location}: {redirected}")
    print(
        f"  latency ms: p50 {ms(statistics.median(latencies))}  p95 {ms(percentile(latencies, 0.95))}  "
        f"p99 {ms(outcome.p99)}  max {ms(max(latencies))}  min {ms(min(latencies))}"
    )
    print(
        f"  wall time {outcome.wall:.2f} s = {len(results) / outcome.wall:.1f} registrations/s; "
        f"last request sent {ms(max(r.started for r in results))} ms after the release"
    )
    cores = os.cpu_count() or 1
    burst_cpu = outcome.server + outcome.database
    print(
        f"  CPU per registration: server {outcome.server * 1000 / len(results):.1f} ms, PostgreSQL "
        f"{outcome.database * 1000 / len(results):.1f} ms (without the connections closed meanwhile); the burst "
        f"needs {burst_cpu:.2f} s of CPU, so on {cores} cores the last answer comes after {burst_cpu / cores:.2f} s "
        "at the earliest"
    )
    return (
        [] if redirected == users else [f"{name}: {users - redirected} POSTs were not redirected to the registration"]
    )


def checked_counts(name: str, counts: dict[str, int], *, users: int, capacity: int) -> list[str]:
    """Never overbooked: exactly ``capacity`` confirmed, everyone else waiting, each person once, no
    workshop over its places, no seat for someone without a place."""
    failures = []
    expect = {"confirmed": capacity, "waiting": users - capacity, "total": users, "users": users}
    expect["seated but not confirmed"] = 0
    for key, value in expect.items():
        if counts[key] != value:
            failures.append(f"{name}: {key} {counts[key]}, expected {value}")
    for key, value in counts.items():
        if key.endswith(" seated") and value > capacity // 2:
            failures.append(f"{name}: {key.removesuffix(' seated')} is overbooked")
    return failures


# --- the public page --------------------------------------------------------------------------------------


def page_rate(port: int, path: str, *, clients: int, seconds: float) -> tuple[int, Counter[int], list[float], float]:
    """``clients`` anonymous visitors GET ``path`` one after another for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[Counter[int]] = [Counter() for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    stop_at = 0.0

    def visitor(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # reconnects when closed
        barrier.wait()
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": "text/html"})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            latencies[index].append(time.perf_counter() - started)
            statuses[index][status] += 1
        connection.close()

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    stop_at = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    all_latencies = [value for values in latencies for value in values]
    return len(all_latencies), sum(statuses, Counter()), all_latencies, wall


# --- main ---------------------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.machine())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="people registering at once (default 200)")
    parser.add_argument("--capacity", type=int, default=50, help="places of the event (default 50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers, WEB_CONCURRENCY (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (default 1: sync)")
    parser.add_argument("--port", type=int, default=0, help="port of the server (default: a free one)")
    parser.add_argument("--redis", default="", help="REDIS_URL for cache and sessions (default: database sessions)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent visitors of the event page (default 20)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to load the event page (default 10)")
    parser.add_argument(
        "--var-dir",
        default=str(Path(tempfile.gettempdir()) / "vielfalt-bench"),
        help="VAR_DIR of the bench: static files, server log (default /tmp/vielfalt-bench)",
    )
    parser.add_argument(
        "--no-floor",
        action="store_true",
        help="burst the platform only (the floor needs PostgreSQL; skipped on SQLite)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="bursts against each server, floor and platform in turn, each with new data (default 3)",
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.port = args.port or free_port()
    workshop_places = args.capacity // 2
    env = configure_environment(args)

    vendor = setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, load average {load}")
    print(f"database: {vendor} ({version})")
    print(
        f"server: vielfalt serve (gunicorn {metadata.version('gunicorn')}) on 127.0.0.1:{args.port}, {args.workers} workers × {args.threads} "
        f"thread(s) ({'gthread' if args.threads > 1 else 'sync'}), DEBUG=0, HTTPS=0, "
        f"DB_CONN_MAX_AGE={os.environ['DB_CONN_MAX_AGE']}"
    )
    print(f"sessions: {settings.SESSION_ENGINE}" + (f" ({args.redis})" if args.redis else ""))
    print(f"tasks: {settings.TASKS['default']['BACKEND']} (emails queued, no worker running)")

    floor_env = floor_environment() if vendor == "postgresql" and not args.no_floor else None
    csrf = "".join(secrets.choice(TOKEN_CHARS) for _ in range(32))
    failures: list[str] = []
    floor_server: Server | None = None
    if floor_env:
        from pages import setup_floor

        setup_floor(floor_env | {"DJANGO_SETTINGS_MODULE": "settings"})  # creates the database if missing
        print(
            f"floor: bare Django (bench/floor/registration_settings.py; sessions, authentication, CSRF) under "
            f"gunicorn, {args.workers} workers, database vielfalt_floor; the same burst against its registration "
            "(lock the event, count, write the registration and the workshop choice, redirect)"
        )
        floor_port = free_port()
        floor_server = Server(
            env=floor_env, port=floor_port, workers=args.workers, threads=args.threads,
            log=Path(args.var_dir) / "floor.log", cwd=FLOOR, ready="/de/veranstaltungen/",
            command=[sys.executable, "-m", "gunicorn", "django.core.wsgi:get_wsgi_application()", "--bind",
                     f"127.0.0.1:{floor_port}", "--workers", str(args.workers), "--log-level", "warning"],
        )  # fmt: skip
    server = Server(
        env=env, port=args.port, workers=args.workers, threads=args.threads, log=Path(args.var_dir) / "server.log"
    )
    print(f"server log: {server.log}")
    connection.close()  # the servers' processes take over; this one prepares the rounds and counts
    ratios: list[tuple[float, float]] = []
    try:
        if floor_server:
            floor_server.start()
        server.start()
        for round_number in range(1, args.rounds + 1):
            print(f"\n--- round {round_number} of {args.rounds}")
            floor = None
            if floor_env and floor_server:
                floor_bench = create_floor_data(floor_env, users=args.users, capacity=args.capacity)
                check_register_page(floor_server.port, floor_bench, csrf)
                floor = measured_burst(floor_server.port, floor_bench, csrf, floor_server)
                failures += report_burst("floor", floor, floor_bench, users=args.users)
                counts = floor_command(floor_env, "counts", floor_bench.slug)
                print("  database: " + ", ".join(f"{name} {value}" for name, value in counts.items()))
                floor_failures = checked_counts("floor", counts, users=args.users, capacity=args.capacity)
                print("  check: " + ("OK" if not floor_failures else "FAILED"))
                failures += floor_failures

            bench = create_data(users=args.users, capacity=args.capacity, workshop_places=workshop_places)
            connection.close()
            check_register_page(args.port, bench, csrf)
            outcome = measured_burst(args.port, bench, csrf, server)
            platform_failures = report_burst("platform", outcome, bench, users=args.users)
            counts = database_counts(bench)
            print("  database: " + ", ".join(f"{name} {value}" for name, value in counts.items()))
            platform_failures += checked_counts("platform", counts, users=args.users, capacity=args.capacity)
            if counts["confirmations queued"] != args.users:
                platform_failures.append(
                    f"platform: {counts['confirmations queued']} confirmations queued, expected {args.users}"
                )
            print("  check: " + ("OK" if not platform_failures else "FAILED"))
            failures += platform_failures
            connection.close()
            if floor:
                ratios.append((outcome.p99 / floor.p99, outcome.cpu_per_request / floor.cpu_per_request))
                print(
                    f"\n  the platform beside the floor: p99 {ratios[-1][0]:.1f}×, CPU per registration "
                    f"{ratios[-1][1]:.1f}× (server + PostgreSQL: {outcome.cpu_per_request * 1000:.1f} ms against "
                    f"{floor.cpu_per_request * 1000:.1f} ms)"
                )

        print()
        emails, seconds = run_notices(queued_notices(bench.event_id))
        print(
            f"the worker's part of the last round (in this process): {emails} confirmations with calendar "
            f"invitations written in {seconds:.2f} s ({seconds / max(emails, 1) * 1000:.1f} ms each)"
        )
        if ratios:
            p99s, cpus = sorted(r[0] for r in ratios), sorted(r[1] for r in ratios)
            print(
                f"the platform beside the floor, median of {len(ratios)} rounds: p99 "
                f"{statistics.median(p99s):.1f}× ({p99s[0]:.1f}–{p99s[-1]:.1f}), CPU per registration "
                f"{statistics.median(cpus):.1f}× ({cpus[0]:.1f}–{cpus[-1]:.1f})"
            )

        path = f"/de/veranstaltungen/{bench.slug}/"
        status, _, body = request(args.port, "GET", path)
        if status != 200:
            failures.append(f"GET {path}: {status}")
            print(f"\nGET {path} (anonymous): {status}, not measured")
        else:
            page_rate(args.port, path, clients=args.clients, seconds=2)  # warm-up
            count, page_statuses, page_latencies, page_wall = page_rate(
                args.port, path, clients=args.clients, seconds=args.seconds
            )
            print()
            print(f"public event page GET {path} (anonymous, {len(body) // 1024} KiB)")
            print(f"  {args.clients} concurrent clients for {page_wall:.1f} s: {count} requests {dict(page_statuses)}")
            print(
                f"  {count / page_wall:.1f} req/s; latency ms: p50 {ms(statistics.median(page_latencies))}  "
                f"p95 {ms(percentile(page_latencies, 0.95))}  p99 {ms(percentile(page_latencies, 0.99))}"
            )
            if set(page_statuses) != {200}:
                failures.append(f"event page answered {dict(page_statuses)}")
    finally:
        server.stop()
        if floor_server:
            floor_server.stop()
        print(f"\nserver stopped (exit status {server.process.returncode if server.process else '-'})")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))
    print("OK")


if __name__ == "__main__":
    main()
