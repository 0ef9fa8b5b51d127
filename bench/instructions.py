"""Instructions per request of one page, counted by valgrind: the same number on a busy machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_pages \\
        .venv/bin/python bench/instructions.py /de/staff/bedarfe/ --as team@demo.vielfalt.invalid [--requests 5]

On a shared machine the timings of ``pages.py`` and ``latency.py`` move by a quarter within minutes, so a
change that saves 5 % cannot be seen in them. Callgrind (valgrind's ``--tool=callgrind``) counts the
instructions the process executes, which do not depend on what else runs: the same page gives the same
count to a tenth of a percent. Instructions are not time (a cache miss costs more than an add), but work
taken away is instructions taken away; compare two versions of the code with this script, and confirm
the result in time with the other benchmarks.

What it does: it runs itself again under ``valgrind --tool=callgrind --instr-atstart=no`` (Python runs
about five times slower until counting starts, fifty times while it counts). Inside, it sets up Django
with production-like settings (the page cache as in ``latency.py``), signs in the person of
``--as`` (a session written into the session store, with the second factor passed), requests the page
three times without counting, then counts ``--requests`` requests (``callgrind_control -i on/off``) and
prints the instructions per request. It needs the demo in the database (``latency.py`` or ``pages.py``
load it) and valgrind (Debian's ``valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, production_settings, signed_in_session

INSIDE = "VIELFALT_BENCH_UNDER_CALLGRIND"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the page, e.g. /de/ or /de/staff/bedarfe/")
    parser.add_argument("--as", dest="email", default="", help="the email of the person who asks (default: anonymous)")
    parser.add_argument("--requests", type=int, default=5, help="requests counted (default 5)")
    parser.add_argument(
        "--page-cache-seconds",
        default=None,
        help="PAGE_CACHE_SECONDS; by default 0 for an anonymous page (rendered each time) and the production "
        "setting for a signed-in person (never served a cached page; counts and figures kept), as latency.py",
    )
    return parser.parse_args()


def outside(args: argparse.Namespace) -> None:
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        *sys.argv,
    ]
    environment = os.environ | {INSIDE: "1"}
    seconds = args.page_cache_seconds if args.page_cache_seconds is not None else ("" if args.email else "0")
    if seconds:
        environment["PAGE_CACHE_SECONDS"] = seconds
    else:
        environment.pop("PAGE_CACHE_SECONDS", None)
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603 - no shell
    counted = re.search(r"Collected : ([0-9]+)", finished.stderr)
    if finished.returncode != 0 or counted is None:
        sys.exit(finished.stdout + finished.stderr[-3000:])
    print(finished.stdout, end="")
    per_request = int(counted.group(1)) / args.requests / 1e6
    print(f"{args.path}: {per_request:.2f} M instructions per request ({args.requests} requests counted)")


def inside(args: argparse.Namespace) -> None:
    production_settings()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.test import Client

    from vielfalt.accounts.models import User
    from vielfalt.core.lib import heap

    heap.prepare()  # as the web server's workers do
    client = Client()
    if args.email:
        user = User.objects.filter(email=args.email).first()
        if user is None:
            sys.exit(f"No person {args.email}: load the demo first (latency.py or pages.py do).")
        key = signed_in_session(user, seconds=3600, second_factor=True)
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    for _ in range(3):
        response = client.get(args.path)
        if response.status_code != 200:
            sys.exit(f"{args.path} answered {response.status_code} {response.get('Location', '')}")
    counting(on=True)
    for _ in range(args.requests):
        client.get(args.path)
    counting(on=False)


def counting(*, on: bool) -> None:
    """Tell valgrind to count this process's instructions from now on, or to stop."""
    control = shutil.which("callgrind_control") or "callgrind_control"
    subprocess.run([control, "-i", "on" if on else "off", str(os.getpid())], check=True, capture_output=True)  # noqa: S603 - no shell


def main() -> None:
    args = arguments()
    if os.environ.get(INSIDE):
        inside(args)
    else:
        outside(args)


if __name__ == "__main__":
    main()
