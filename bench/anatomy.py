"""Where a rendered public page's CPU goes: the request around it, the ORM, the templates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_pages .venv/bin/python bench/anatomy.py [--repeat 200]

``pages.py`` says how far each rendered page is from issue 15's target (≤ 2× the floor's 20-row page).
This script says what stands in the way, so that the choice of a remedy rests on figures: in one process,
with production-like settings and the page cache off, it requests each page of ``pages.py`` through
Django's WSGI handler ``--repeat`` times and splits the process's CPU time three ways:

- **ORM**: inside ``SQLCompiler.execute_sql`` and ``QuerySet._fetch_all`` — compiling the SQL, the
  database driver, building the model instances, prefetching. The database server's CPU is not in it.
- **templates**: inside ``Template.render`` — Django's engine, the template tags and filters, and what
  they call — less the ORM work that happens during rendering (lazy querysets).
- **the rest**: the middleware, URL resolution, the view's own Python (building querysets, forms), the
  response.

The floor's 20-row page is measured the same way in a child process (``bench/floor`` with its
database ``vielfalt_floor``, created and filled as ``pages.py`` does), so every column can be read as a multiple of it. The last column is what
the page would cost with templates that cost nothing: a lower bound for any faster template engine.
The timers wrap only those three methods; reading the clock costs ~0.2 µs.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import production_settings, setup_django

FLOOR = Path(__file__).resolve().parent / "floor"

# Times the floor's 20-row page in its own process (its database is filled by ``pages.setup_floor``).
FLOOR_SCRIPT = """
import io, sys, time
import django; django.setup()
from django.core.handlers.wsgi import WSGIHandler
handler = WSGIHandler()
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/rows", "SERVER_NAME": "testserver", "SERVER_PORT": "80",
           "wsgi.url_scheme": "http", "HTTP_HOST": "testserver", "wsgi.errors": sys.stderr, "QUERY_STRING": ""}
def get():
    body = handler(environ | {"wsgi.input": io.BytesIO()}, lambda status, headers: None)
    b"".join(body)
    body.close()
for _ in range(50):
    get()
repeat = int(sys.argv[1])
started = time.process_time()
for _ in range(repeat):
    get()
print((time.process_time() - started) * 1000 / repeat)
"""


class Clock:
    """Charges process CPU time to the innermost open section ("rest" when none is open)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {"rest": 0.0, "orm": 0.0, "templates": 0.0}
        self.stack = ["rest"]
        self.mark = time.process_time()

    def charge(self) -> None:
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.mark
        self.mark = now

    def wrap(self, owner: type, name: str, section: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)
        clock = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            clock.charge()
            clock.stack.append(section)
            try:
                return original(*args, **kwargs)
            finally:
                clock.charge()
                clock.stack.pop()

        setattr(owner, name, timed)

    def reset(self) -> None:
        self.charge()
        self.spent = dict.fromkeys(self.spent, 0.0)


def floor_rows(repeat: int) -> float:
    from pages import setup_floor

    env = os.environ | {"DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(FLOOR), "DB_CONN_MAX_AGE": "600"}
    setup_floor(env)
    output = subprocess.run(  # noqa: S603 - our own floor project, no shell
        [sys.executable, "-c", FLOOR_SCRIPT, str(repeat)], env=env, cwd=FLOOR, capture_output=True, text=True
    )
    if output.returncode:
        sys.exit(f"the floor failed:\n{output.stderr}")
    return float(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--only", default="", help="only pages whose name contains this text")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL bench database (e.g. postgres://postgres@127.0.0.1:5432/vielfalt_pages)."
        )
    production_settings()
    os.environ.update({"PAGE_CACHE_SECONDS": "0", "PLAIN_STATIC": "0", "DB_CONN_MAX_AGE": "600"})
    setup_django()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db.models.query import QuerySet
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.base import Template
    from pages import platform_endpoints

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    call_command("collectstatic", interactive=False, verbosity=0)
    rows = floor_rows(args.repeat * 2)

    clock = Clock()
    clock.wrap(SQLCompiler, "execute_sql", "orm")
    clock.wrap(QuerySet, "_fetch_all", "orm")
    clock.wrap(Template, "render", "templates")
    handler = WSGIHandler()

    def get(path: str) -> None:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "HTTP_HOST": "testserver",
                   "wsgi.errors": sys.stderr, "QUERY_STRING": ""}  # fmt: skip
        statuses: list[str] = []
        body = handler(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            sys.exit(f"{path} answered {statuses[0]}")

    pages = [page for page in platform_endpoints("", "platform") if args.only in page.name]
    print(f"floor: 20 rows {rows:.2f} ms CPU per request (in-process, its own run)\n")
    print(f"{'page':<28} {'CPU ms':>7} {'× rows':>7} {'rest':>6} {'ORM':>6} {'templ.':>6} {'× rows w/o templ.':>18}")
    for page in pages:
        path = page.url
        for _ in range(20):
            get(path)
        gc.collect()  # each page starts with the collector's work of the one before done
        clock.reset()
        started = time.process_time()
        for _ in range(args.repeat):
            get(path)
        total = (time.process_time() - started) * 1000 / args.repeat
        clock.charge()
        rest, orm, templates = (clock.spent[key] * 1000 / args.repeat for key in ("rest", "orm", "templates"))
        print(f"{page.name:<28} {total:>7.2f} {total / rows:>7.1f} {rest:>6.2f} {orm:>6.2f} {templates:>6.2f} "
              f"{(total - templates) / rows:>18.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
