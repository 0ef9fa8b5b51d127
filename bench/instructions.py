"""Instructions per request, counted by valgrind: the same number on a busy machine, and on another one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_pages \\
        .venv/bin/python bench/instructions.py /de/staff/bedarfe/ --as team@demo.vielfalt.invalid [--requests 5]
    DATABASE_URL=... .venv/bin/python bench/instructions.py --public        # pages.py's pages beside the floor's
    DATABASE_URL=... .venv/bin/python bench/instructions.py --signed-in     # latency.py's signed-in pages, too
    DATABASE_URL=... .venv/bin/python bench/instructions.py --registration  # a registration beside the floor's

On a shared machine the timings of ``pages.py`` and ``latency.py`` move by a quarter within minutes, and
from one machine to the next by half, so a change that saves 5 % cannot be seen in them, and a target in
milliseconds holds on one machine and fails on another. Callgrind (valgrind's ``--tool=callgrind``)
counts the instructions a process executes, which do not depend on what else runs: the same page gives
the same count to a tenth of a percent. Instructions are not time (a cache miss costs more than an add),
but work taken away is instructions taken away; compare two versions of the code with this script, and
confirm the result in time with the other benchmarks.

Three ways to run it:

- **One page** (``PATH``, optionally ``--as`` a person of the demo, signed in with the second factor
  passed): its instructions per request.
- ``--public``: every public page of ``pages.py`` rendered (page cache off), and the floor's "ok" and
  20-row pages (``bench/floor``) counted the same way, with each page's multiple of the 20-row page —
  issue 15's "rendered pages ≤ 2× the floor's 20-row page" in a figure that is the same on every machine.
- ``--signed-in``: the pages a member who administers an organisation and the centre's team open most
  (``latency.py``'s), with the production setting of the cache, beside the same floor pages.
- ``--registration``: a signed-in person's registration for an event with a workshop choice (the POST of
  ``event_registration.py``'s burst, one person after the other, each with the form's one-time token),
  beside the floor's registration (``bench/floor/floorreg``), and the multiple.

With ``--check``, each multiple is held to its budget in ``bench/budgets.toml`` (a guard against pages
getting dearer, which ``.ci/run`` runs): the script fails when a page is over its budget or has none.

What it does: it runs itself again under ``valgrind --tool=callgrind --instr-atstart=no`` (Python runs
about five times slower until counting starts, fifty times while it counts), once for the platform and,
for ``--public``, ``--signed-in`` and ``--registration``, once for the floor. Inside, it sets up Django (the platform with
production-like settings, the page cache as in ``latency.py``), sends each request through Django's WSGI
handler as gunicorn's worker does (no test client), three times without counting, then counts
``--requests`` requests (``callgrind_control -i on/off``) and dumps the count of each page into its own
file (``callgrind_control -d``). It needs the demo in the database (``pages.py`` or ``latency.py`` load
it), the floor's database ``vielfalt_floor`` on the same PostgreSQL (made here if missing) and valgrind
(Debian's ``valgrind``). ``--registration`` replaces the bench event and people of
``event_registration.py`` in ``DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, production_settings, require_postgres, signed_in_session

INSIDE = "VIELFALT_BENCH_UNDER_CALLGRIND"  # "platform" or "floor": what the process under valgrind counts
LABELS_LINE = "callgrind labels: "  # the last line the process under valgrind prints: the labels of its dumps (JSON)
FLOOR = Path(__file__).resolve().parent / "floor"
WARM_UP = 3  # uncounted requests before the counted ones (templates loaded, connection open, caches filled)
CSRF = "c" * 32  # the CSRF cookie of the registrations: any 32 letters are a valid secret
TARGET = 2.0  # issue 15: a rendered anonymous page at most twice the floor's 20-row page
BUDGETS = Path(__file__).resolve().parent / "budgets.toml"  # each page's multiple at most (``--check``)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default="", help="one page, e.g. /de/ or /de/staff/bedarfe/")
    parser.add_argument("--as", dest="email", default="", help="the email of the person who asks (default: anonymous)")
    parser.add_argument("--public", action="store_true", help="the public pages of pages.py beside the floor's")
    parser.add_argument("--signed-in", action="store_true", help="latency.py's signed-in pages beside the floor's")
    parser.add_argument("--registration", action="store_true", help="a registration beside the floor's")
    parser.add_argument("--requests", type=int, default=0, help="requests counted (default 5; registrations 20)")
    parser.add_argument("--check", action="store_true", help="fail when a page is over its budget in budgets.toml")
    parser.add_argument(
        "--page-cache-seconds",
        default=None,
        help="PAGE_CACHE_SECONDS; by default 0 for an anonymous page (rendered each time) and the production "
        "setting for a signed-in person (never served a cached page; counts and figures kept), as latency.py",
    )
    args = parser.parse_args()
    if sum(map(bool, (args.path, args.public, args.signed_in, args.registration))) != 1:
        parser.error("name one page, or --public, --signed-in or --registration")
    if args.email and not args.path:
        parser.error("--as goes with one page")
    if args.check and args.path:
        parser.error("--check goes with --public, --signed-in or --registration")
    args.requests = args.requests or (20 if args.registration else 5)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    return args


# --- outside valgrind: run the platform and the floor under it, read the counts ---------------------------


def count_under_callgrind(args: argparse.Namespace, *, inside: str, environment: dict[str, str]) -> dict[str, float]:
    """Run this script under callgrind as ``inside`` and return the million instructions per request of
    each label it dumped (in the order of the dumps)."""
    with tempfile.TemporaryDirectory(prefix="vielfalt-callgrind-") as directory:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={directory}/callgrind.out",
            sys.executable,
            str(Path(__file__).resolve()),
            *sys.argv[1:],
        ]
        finished = subprocess.run(  # noqa: S603 - valgrind from Debian's packages, this script; no shell
            command,
            env=environment | {INSIDE: inside},
            cwd=FLOOR if inside == "floor" else None,
            capture_output=True,
            text=True,
            check=False,
        )
        if finished.returncode != 0:
            sys.exit(finished.stdout + finished.stderr[-3000:])
        output, _, labels_line = finished.stdout.rstrip("\n").rpartition("\n")
        print(output, end="\n" if output else "")
        if not labels_line.startswith(LABELS_LINE):
            sys.exit(f"no labels from the process under callgrind:\n{finished.stdout[-3000:]}")
        labels: list[str] = json.loads(labels_line.removeprefix(LABELS_LINE))
        counts: dict[int, tuple[str, float]] = {}
        for part in Path(directory).glob("callgrind.out.*"):  # one file per dump: callgrind.out.1, .2, …
            text = part.read_text(errors="replace")
            number = re.search(r"^desc: Trigger: dump count-([0-9]+)$", text, re.MULTILINE)
            total = re.search(r"^totals: ([0-9]+)", text, re.MULTILINE)
            if number and total:
                index = int(number.group(1))
                counts[index] = (labels[index], int(total.group(1)) / args.requests / 1e6)
    if sorted(counts) != list(range(len(labels))):
        sys.exit(f"callgrind wrote {len(counts)} counts for {len(labels)} labels:\n{finished.stderr[-3000:]}")
    return dict(counts[part] for part in sorted(counts))


def page_cache_environment(args: argparse.Namespace) -> dict[str, str]:
    environment = dict(os.environ)
    signed_in = args.email or args.signed_in
    seconds = args.page_cache_seconds if args.page_cache_seconds is not None else ("" if signed_in else "0")
    if seconds:
        environment["PAGE_CACHE_SECONDS"] = seconds
    else:
        environment.pop("PAGE_CACHE_SECONDS", None)
    return environment


def floor_environment(settings_module: str) -> dict[str, str]:
    """The floor's environment: its settings, its database ``vielfalt_floor``, connections kept."""
    return os.environ | {"DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(FLOOR), "DB_CONN_MAX_AGE": "600"}


def print_table(rows: list[tuple[str, float, float, str]], *, unit: str) -> None:
    """One row per count: its name, million instructions, the multiple of the reference, a verdict."""
    width = max(len(name) for name, *_ in rows) + 2
    print(f"\n{'':{width}}{'M instructions':>16}{'× ' + unit:>{len(unit) + 10}}")
    for name, millions, ratio, verdict in rows:
        print(f"{name:{width}}{millions:>16.2f}{ratio:>{len(unit) + 10}.1f}  {verdict}".rstrip())


def outside(args: argparse.Namespace) -> None:
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    if args.path:
        counts = count_under_callgrind(args, inside="platform", environment=page_cache_environment(args))
        print(f"{args.path}: {counts[args.path]:.2f} M instructions per request ({args.requests} requests counted)")
        return
    require_postgres("vielfalt_pages")
    what = "registrations" if args.registration else "requests"
    print(f"counted: {args.requests} {what} each, after {WARM_UP} uncounted; Django's WSGI handler in one process")
    if args.public or args.signed_in:
        import pages

        pages.setup_floor(floor_environment("settings"))  # its database with the 20 rows
        floor = count_under_callgrind(args, inside="floor", environment=floor_environment("settings"))
        platform = count_under_callgrind(args, inside="platform", environment=page_cache_environment(args))
        reference, unit, section = floor["floor: 20 rows"], "20 rows", "public" if args.public else "signed-in"
    else:
        floor = count_under_callgrind(args, inside="floor", environment=floor_environment("registration_settings"))
        platform = count_under_callgrind(args, inside="platform", environment=dict(os.environ))
        reference, unit, section = floor["floor: registration"], "floor", "registration"
    multiples = {name: millions / reference for name, millions in platform.items()}
    budget_verdicts, failures = held_to_budgets(multiples, section=section, unit=unit) if args.check else ({}, [])
    verdicts = {
        name: "; ".join(filter(None, (target_verdict(multiple) if args.public else "", budget_verdicts.get(name, ""))))
        for name, multiple in multiples.items()
    }
    print_table(
        [(name, millions, millions / reference, "") for name, millions in floor.items()]
        + [(name, millions, multiples[name], verdicts[name]) for name, millions in platform.items()],
        unit=unit,
    )
    if failures:
        sys.exit(f"\nBudgets not kept ({BUDGETS.name}):\n" + "\n".join(f"- {failure}" for failure in failures))
    if args.check:
        print(f"\nEvery page within its budget ({BUDGETS.name} [{section}]).")


def target_verdict(multiple: float) -> str:
    """Issue 15's target for a rendered public page, met or not."""
    return f"≤ {TARGET:g}× rows: {'met' if multiple <= TARGET else 'NOT met'}"


def held_to_budgets(multiples: dict[str, float], *, section: str, unit: str) -> tuple[dict[str, str], list[str]]:
    """Each page's multiple against its budget in ``budgets.toml`` ``[section]``: a verdict per page, and
    the failures (a page over its budget, a page without one, a budget for no page)."""
    budgets: dict[str, float] = tomllib.loads(BUDGETS.read_text())[section]
    verdicts, failures = {}, []
    for name, multiple in multiples.items():
        budget = budgets.get(name)
        if budget is None:
            verdicts[name] = "no budget"
            failures.append(f"{name}: no budget in [{section}]")
        elif multiple > budget:
            verdicts[name] = f"budget {budget:g}×: OVER"
            failures.append(f"{name}: {multiple:.2f}× {unit}, over its budget of {budget:g}×")
        else:
            verdicts[name] = f"budget {budget:g}×: within"
    failures += [f"{name}: a budget in [{section}] for no page" for name in sorted(budgets.keys() - multiples.keys())]
    return verdicts, failures


# --- inside valgrind: the requests --------------------------------------------------------------------


def counting(*, on: bool) -> None:
    """Tell valgrind to count this process's instructions from now on, or to stop."""
    control = shutil.which("callgrind_control") or "callgrind_control"
    subprocess.run([control, "-i", "on" if on else "off", str(os.getpid())], check=True, capture_output=True)  # noqa: S603 - no shell


LABELS: list[str] = []  # what each dump counted, in order; printed as LABELS_LINE at the end


def dump(label: str) -> None:
    """Write what was counted since the last dump into its own file (``callgrind_control`` hands the
    dump's name to a shell, so the file is named by its number and ``label`` kept in ``LABELS``)."""
    LABELS.append(label)
    control = shutil.which("callgrind_control") or "callgrind_control"
    subprocess.run([control, "-d", f"count-{len(LABELS) - 1}", str(os.getpid())], check=True, capture_output=True)  # noqa: S603 - no shell


def counted(label: str, send: Callable[[int], None], *, requests: int) -> None:
    """``send`` ``WARM_UP`` times uncounted, then ``requests`` times counted, and dump the count as ``label``."""
    for number in range(WARM_UP):
        send(number)
    counting(on=True)
    for number in range(WARM_UP, WARM_UP + requests):
        send(number)
    counting(on=False)
    dump(label)


class Sender:
    """Requests through Django's WSGI handler, as gunicorn's sync worker passes them: a new environ and
    body each time, the response read to its end and closed."""

    def __init__(self, host: str) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.handler, self.host = WSGIHandler(), host

    def __call__(self, method: str, path: str, *, cookie: str = "", body: str = "", expect: str = "200") -> None:
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SERVER_NAME": self.host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": self.host,
            "HTTP_ACCEPT_LANGUAGE": "de",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(data),
            "CONTENT_LENGTH": str(len(data)),
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        if method == "POST":
            environ |= {
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "HTTP_ORIGIN": f"http://{self.host}",
                "HTTP_REFERER": f"http://{self.host}{path}",
            }
        statuses: list[str] = []
        response = self.handler(environ, lambda status, headers: statuses.append(status))
        try:
            b"".join(response)
        finally:
            response.close()
        if not statuses[0].startswith(expect):
            sys.exit(f"{method} {path} answered {statuses[0]}, expected {expect}")


def registration_body(*, slot_field: str, workshop: int) -> str:
    # A new one-time token per form, as every rendered form carries (``core.lib.once``); the floor ignores it.
    return f"csrfmiddlewaretoken={CSRF}&form_once={secrets.token_urlsafe(16)}&{slot_field}={workshop}"


def inside_platform(args: argparse.Namespace) -> None:
    production_settings()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
    import django

    django.setup()

    from django.conf import settings

    from vielfalt.core.lib import heap

    heap.prepare()  # as the web server's workers do
    send = Sender("testserver")
    if args.path:
        cookie = ""
        if args.email:
            from vielfalt.accounts.models import User

            user = User.objects.filter(email=args.email).first()
            if user is None:
                sys.exit(f"No person {args.email}: load the demo first (latency.py or pages.py do).")
            cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in_session(user, seconds=3600, second_factor=True)}"
        counted(args.path, lambda _: send("GET", args.path, cookie=cookie), requests=args.requests)
    elif args.public:
        import pages

        for endpoint in pages.platform_endpoints("", "platform"):
            counted(endpoint.name, lambda _, path=endpoint.url: send("GET", path), requests=args.requests)
    elif args.signed_in:
        from latency import signed_in_pages

        for page in signed_in_pages():
            get = lambda _, path=page.path, cookie=page.cookie: send("GET", path, cookie=cookie)  # noqa: E731
            counted(f"{page.visitor}: {page.name}", get, requests=args.requests)
    else:
        import event_registration
        from django.db import connection

        people = WARM_UP + args.requests
        bench = event_registration.create_data(users=people, capacity=people, workshop_places=people)
        connection.close()  # the requests open their own, as a worker's first request does
        path = f"/de/veranstaltungen/{bench.slug}/anmelden/"

        def register(number: int) -> None:
            cookie = f"{settings.SESSION_COOKIE_NAME}={bench.sessions[number]}; {settings.CSRF_COOKIE_NAME}={CSRF}"
            body = registration_body(slot_field=bench.slot_field, workshop=bench.workshops[number % 2])
            send("POST", path, cookie=cookie, body=body, expect="302")

        counted("platform: registration", register, requests=args.requests)


def inside_floor(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(FLOOR))
    import django

    django.setup()
    send = Sender("127.0.0.1")
    if args.public or args.signed_in:
        counted("floor: ok", lambda _: send("GET", "/ok"), requests=args.requests)
        counted("floor: 20 rows", lambda _: send("GET", "/rows"), requests=args.requests)
        return
    people = WARM_UP + args.requests
    prepared = subprocess.run(  # noqa: S603 - the floor's own data script (its event, people, sessions), no shell
        [sys.executable, "-m", "floorreg.bench", "prepare", str(people), str(people)],
        cwd=FLOOR,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(prepared.stdout.strip().splitlines()[-1])
    path = f"/de/veranstaltungen/{data['slug']}/anmelden/"

    def register(number: int) -> None:
        body = registration_body(slot_field="workshop", workshop=data["workshops"][number % 2])
        cookie = f"sessionid={data['sessions'][number]}; csrftoken={CSRF}"
        send("POST", path, cookie=cookie, body=body, expect="302")

    counted("floor: registration", register, requests=args.requests)


def main() -> None:
    args = arguments()
    where = os.environ.get(INSIDE)
    if where in ("platform", "floor"):
        if where == "platform":
            inside_platform(args)
        else:
            inside_floor(args)
        print(LABELS_LINE + json.dumps(LABELS))
    else:
        outside(args)


if __name__ == "__main__":
    main()
