"""Server time of rendered pages under load, anonymous and signed in: p50/p95/p99 per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_pages \\
        .venv/bin/python bench/latency.py [--seconds 5] [--rounds 2] [--connections 2] [--redis redis://127.0.0.1:6379/13]

``pages.py`` measures what a page costs (CPU per request against the floor); this script measures what
a person waits for while the server is busy: the time from the server having read a request to the
last byte of its answer (gunicorn's access log, ``%(D)s``), database included, for pages that are
rendered on every request — the anonymous pages with the page cache off (as after every change of what
they show), and the pages of a signed-in member, an organisation's admin and the centre's team, which
are never cached whole (with the production setting of the cache, which keeps their counts and
figures). Its verdict is the target proposed for rendered pages in issue 15's notes: p95 ≤ 50 ms.

What it does, in one run on this machine:

1. Set-up in its own process, as ``pages.py``: ``migrate``, the regions, the demo (``load_demo``),
   ``collectstatic`` into ``--var-dir``; the floor's database ``vielfalt_floor`` with 20 rows.
2. Signs in three demo people without HTTP (a session written into the session store, as
   ``event_registration.py`` does): a member who is also the admin of an organisation
   (``mitglied-01``), and the team's demo account with the second factor passed (``team@``).
3. Starts the floor under gunicorn and the platform twice under ``vielfalt serve`` (``--workers`` sync
   workers each, production-like settings on plain HTTP): for the anonymous pages with the page cache
   off (``PAGE_CACHE_SECONDS=0``), for the signed-in pages with its default. Each server writes an
   access log with each request's path, status and time.
4. Checks that every page answers 200 to its visitor (a signed-in page that sends the visitor to the
   login or to the second factor stops the run), then runs every page for ``--seconds`` with ``wrk``
   (``--connections`` connections: 2 keeps both workers busy without a queue in front of them) in
   ``--rounds`` rounds, shuffled, and reads the server times of the requests from the access log.
   The server's CPU per request comes from ``/proc`` as in ``pages.py``.
5. Prints one table: page, visitor, requests/s, CPU ms per request, p50/p95/p99/max of the server time,
   the p95 as a multiple of the floor's 20-row page, and the verdict. It stops only the servers it
   started.

The load generator runs on the same machine, and PostgreSQL too: at 2 connections on 2 cores the
server time includes waiting for a core. ``--connections 1`` gives the time of a page alone.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    cpu_spent,
    free_port,
    load_arguments,
    machine_line,
    no_control_socket,
    percentile,
    server_cpu,
    shuffled_rounds,
    signed_in_session,
)
from pages import FLOOR, platform_endpoints, prepare, wait_for

TARGET_MS = 50.0
SESSION_SECONDS = 2 * 3600
LOG_FORMAT = "%(U)s %(s)s %(D)s"  # path, status, microseconds from the request read to the answer sent


@dataclass
class Page:
    name: str
    visitor: str  # "floor", "anonymous", "member" or "team"
    path: str
    cookie: str = ""
    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    times: list[float] = field(default_factory=list)  # ms

    @property
    def server(self) -> str:
        """Which server answers: the floor, the platform with the page cache off (anonymous visitors get
        the rendered page), or the platform as in production (signed-in people, never served a cached
        page, but their navigation counts and figures are cached as in production)."""
        return {"floor": "floor", "anonymous": "cold"}.get(self.visitor, "production")


def signed_in_pages() -> list[Page]:
    """What a member who administers an organisation and the centre's team open most, from the demo,
    each page with the cookie of its visitor (signed in here, the team with the second factor)."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from vielfalt.accounts.models import User
    from vielfalt.exchange.models import Thread
    from vielfalt.organisations.models import Membership

    member = User.objects.get(email="mitglied-01@demo.vielfalt.invalid")
    team = User.objects.get(email="team@demo.vielfalt.invalid")
    cookie = settings.SESSION_COOKIE_NAME
    member_cookie = f"{cookie}={signed_in_session(member, seconds=SESSION_SECONDS)}"
    team_cookie = f"{cookie}={signed_in_session(team, seconds=SESSION_SECONDS, second_factor=True)}"
    administered = Membership.objects.filter(user=member, role=Membership.Role.ADMIN).select_related("organisation")
    membership = administered.first()
    thread = (
        Thread.objects.filter(group__memberships__user=member, is_hidden=False)
        .annotate(replies=Count("posts"))
        .order_by("-replies", "pk")
        .select_related("group")
        .first()
    )
    if membership is None or thread is None:
        sys.exit("The demo has no organisation administered by mitglied-01, or no thread in their groups.")
    slug = membership.organisation.slug
    with translation.override("de"):
        member_paths = [
            ("start page", reverse("portal:home")),
            ("events list", reverse("events:list")),
            ("my events", reverse("events:mine")),
            ("directory", reverse("directory:index")),
            ("exchange", reverse("exchange:home")),
            ("inbox", reverse("exchange:inbox")),
            ("group", reverse("exchange:group", kwargs={"slug": thread.group.slug})),
            ("thread", reverse("exchange:thread", kwargs={"slug": thread.group.slug, "pk": thread.pk})),
            ("notifications", reverse("notifications:list")),
            ("my qualification", reverse("qualification:my_qualification")),
            ("my organisations", reverse("organisations:mine")),
            ("organisation: edit", reverse("organisations:edit", kwargs={"slug": slug})),
            ("organisation: members", reverse("organisations:members", kwargs={"slug": slug})),
        ]
        team_paths = [
            ("team dashboard", reverse("staff:dashboard")),
            ("organisations", reverse("staff:organisations")),
            ("organisations to check", reverse("staff:organisations_queue")),
            ("people", reverse("staff:people")),
            ("events", reverse("staff:events")),
            ("needs", reverse("staff:needs")),
            ("counselling cases", reverse("staff:counselling_cases")),
            ("moderation", reverse("staff:moderation")),
            ("audit log", reverse("staff:audit_log")),
            ("figures", reverse("reports:dashboard")),
        ]
    return [
        *(Page(name, "member", path, member_cookie) for name, path in member_paths),
        *(Page(name, "team", path, team_cookie) for name, path in team_paths),
    ]


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check(page: Page, base: str) -> None:
    """The page answers 200 to its visitor (a redirect — to the login, the second factor — stops the run)."""
    request = Request(base + page.path, headers={"Cookie": page.cookie} if page.cookie else {})  # noqa: S310 - local
    try:
        with build_opener(_NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except HTTPError as error:
        status = error.code
    if status != 200:
        sys.exit(f"{page.visitor}: {page.name} ({page.path}) answered {status}, expected 200")


def run(page: Page, *, base: str, log: Path, seconds: int, connections: int, master: int) -> None:
    offset = log.stat().st_size
    before = server_cpu(master)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", base + page.path]
    if page.cookie:
        command[1:1] = ["-H", f"Cookie: {page.cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - wrk, no shell
    time.sleep(0.3)  # the answers still in flight when wrk stopped reach the log
    page.cpu += cpu_spent(before, server_cpu(master))
    if "Non-2xx" in output:
        sys.exit(f"{page.visitor}: {page.name}: answers other than 2xx/3xx\n{output}")
    with log.open("rb") as file:
        file.seek(offset)
        lines = file.read().decode().splitlines()
    times = [int(micro) / 1000 for path, status, micro in (line.split() for line in lines) if path == page.path]
    if not times:
        sys.exit(f"{page.visitor}: {page.name}: no request of {page.path} in {log}")
    page.times += times
    page.requests += len(times)
    page.seconds += seconds


def main() -> None:
    args = load_arguments(__doc__, rounds=2, connections=2)
    vendor, platform_env, floor_env = prepare(args, example_database="vielfalt_pages")
    logs = {server: Path(args.var_dir) / f"latency-{server}.log" for server in ("floor", "cold", "production")}
    for log in logs.values():
        log.write_text("")
    ports = {server: free_port() for server in logs}
    servers = {
        "floor": subprocess.Popen(  # noqa: S603 - the floor app under gunicorn, no shell
            [sys.executable, "-m", "gunicorn", "django.core.wsgi:get_wsgi_application()", "--bind",
             f"127.0.0.1:{ports['floor']}", "--workers", str(args.workers), "--log-level", "warning",
             *access_log(logs["floor"])],
            env=floor_env, cwd=FLOOR,
        ),
        **{
            server: subprocess.Popen(  # noqa: S603 - our own console command, no shell
                [str(Path(sys.executable).parent / "vielfalt"), "serve", "--log-level", "warning",
                 *access_log(logs[server])],
                env=platform_env | {"BIND": f"127.0.0.1:{ports[server]}", **cache},
                stdout=open(Path(args.var_dir) / f"latency-{server}-server.log", "w"),  # noqa: SIM115 - its lifetime
                stderr=subprocess.STDOUT,
            )
            for server, cache in (("cold", {"PAGE_CACHE_SECONDS": "0"}), ("production", {}))
        },
    }  # fmt: skip
    bases = {server: f"http://127.0.0.1:{port}" for server, port in ports.items()}
    try:
        wait_for(bases["floor"] + "/ok")
        wait_for(bases["cold"] + "/healthz")
        wait_for(bases["production"] + "/healthz")
        anonymous = [Page(e.name, "anonymous", e.url) for e in platform_endpoints("", "platform")]
        pages = [
            Page("20 rows", "floor", "/rows"),
            *anonymous,
            *signed_in_pages(),
        ]
        if args.only:
            pages = [page for page in pages if page.visitor == "floor" or args.only in page.name]
        for page in pages:
            check(page, bases[page.server])
        print(machine_line(vendor=vendor, redis=args.redis))
        print(
            f"servers: gunicorn, {args.workers} sync workers each; "
            f"wrk: {args.connections} connections, {args.seconds} s × {args.rounds} rounds per page, shuffled"
        )
        for page in shuffled_rounds(pages, args.rounds):
            run(page, base=bases[page.server], log=logs[page.server], seconds=args.seconds,
                connections=args.connections, master=servers[page.server].pid)  # fmt: skip
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    report(pages)


def access_log(log: Path) -> list[str]:
    """gunicorn's options for an access log with each request's path, status and server time."""
    return ["--access-logfile", str(log), "--access-logformat", LOG_FORMAT, *no_control_socket()]


def report(pages: list[Page]) -> None:
    floor = next(page for page in pages if page.visitor == "floor")
    floor_p95 = percentile(floor.times, 0.95)
    print(
        f"\n{'page':<28} {'visitor':<9} {'req/s':>6} {'CPU ms':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'p95 × rows':>10}  target"
    )
    for page in pages:
        p95 = percentile(page.times, 0.95)
        verdict = "" if page is floor else f"p95 ≤ {TARGET_MS:.0f} ms: " + ("met" if p95 <= TARGET_MS else "NOT met")
        print(
            f"{page.name:<28} {page.visitor:<9} {page.requests / page.seconds:>6.0f} "
            f"{page.cpu * 1000 / page.requests:>7.2f} {percentile(page.times, 0.5):>7.1f} {p95:>7.1f} "
            f"{percentile(page.times, 0.99):>7.1f} {max(page.times):>7.1f} {p95 / floor_p95:>10.1f}  {verdict}"
        )
    rendered = [page for page in pages if page is not floor]
    missed = [page for page in rendered if percentile(page.times, 0.95) > TARGET_MS]
    print(f"\n{len(rendered) - len(missed)} of {len(rendered)} rendered pages with p95 ≤ {TARGET_MS:.0f} ms.")


if __name__ == "__main__":
    main()
