"""Time the exchange's heaviest pages: the thread with 500 replies, the inbox and the dashboard.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/exchange_pages.py [--repeat 30] [--show-queries]

Run ``bench/generate_exchange.py`` first. The pages are requested in this process through Django's
test client (the whole stack: middleware, session, views, templates; no HTTP server, no network),
signed in as the bench person ``bench-p00000@bench.invalid`` with production-like settings (DEBUG=0,
HTTPS=0, WhiteNoise with the manifest: ``collectstatic`` into ``--var-dir`` first). Each page is
requested three times to warm up, once more to count its SQL queries, and then ``--repeat`` times,
the pages in a shuffled order each round; the script prints p50/p95 of the server time (from the
request to the complete response) and the number of queries per page. The exit status is 1 when a
page does not answer 200.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import percentile, setup_django
from generate_exchange import BENCH_PERSON, BIG_GROUP, BIG_THREAD

WARM_UP = 3


@dataclass
class Page:
    name: str
    path: str
    timings: list[float] = field(default_factory=list)  # ms
    queries: list[str] = field(default_factory=list)
    size: int = 0


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.machine())


def configure_environment(var_dir: str) -> None:
    """Production-like settings on plain HTTP; the test client's host name must be allowed."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the bench database (e.g. postgres://postgres@127.0.0.1:5432/vielfalt_bench).")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "PLAIN_STATIC": "0",
            "TASKS_IMMEDIATE": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "VAR_DIR": var_dir,
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        }
    )
    os.environ.pop("SECRET_KEY_FILE", None)


def get(client: Any, page: Page) -> Any:
    """One request; stops the script with exit status 1 unless the page answers 200."""
    try:
        response = client.get(page.path)
    except Exception:  # the client re-raises the view's exception
        traceback.print_exc()
        sys.exit(f"GET {page.path} ({page.name}) raised an exception")
    if response.status_code != 200:
        location = f" → {response['Location']}" if response.has_header("Location") else ""
        sys.exit(f"GET {page.path} ({page.name}): {response.status_code}{location}, expected 200")
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the shuffled order")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of every page")
    parser.add_argument(
        "--var-dir",
        default=str(Path(tempfile.gettempdir()) / "vielfalt-bench"),
        help="VAR_DIR: static files with the manifest (default /tmp/vielfalt-bench)",
    )
    args = parser.parse_args()
    configure_environment(args.var_dir)
    vendor = setup_django()

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from vielfalt.accounts.models import User
    from vielfalt.exchange.groups.selectors import post_url
    from vielfalt.exchange.models import ConversationMember, GroupMembership, Post, Thread
    from vielfalt.organisations.models import Organisation

    call_command("collectstatic", interactive=False, verbosity=0)
    person = User.objects.filter(email=BENCH_PERSON).first()
    thread = Thread.objects.filter(group__slug=BIG_GROUP, title=BIG_THREAD).select_related("group").first()
    if person is None or thread is None:
        sys.exit("No bench data: run bench/generate_exchange.py first.")
    membership = person.memberships.select_related("organisation__district").first()

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}, load average {load}")
    print(f"database: {vendor} ({version})")
    organisations = Organisation.objects.filter(status=Organisation.Status.VERIFIED).count()
    people = User.objects.count()
    group = thread.group
    members = GroupMembership.objects.filter(group=group, status=GroupMembership.Status.ACTIVE).count()
    conversations = ConversationMember.objects.filter(user=person).count()
    print(f"data: {organisations} verified organisations, {people} people")
    print(f"  group {group.slug}: {members} members; thread #{thread.pk}: {thread.reply_count} replies")
    district = membership.organisation.district if membership else None
    print(
        f"  reader {person.email}: {conversations} conversations; member of "
        f"{membership.organisation.name if membership else '–'} in {district} "
        f"({Organisation.objects.filter(district=district).count()} organisations), "
        f"{person.group_memberships.count()} groups"
    )
    densest = Organisation.objects.values("district__name").annotate(n=Count("pk")).order_by("-n").first()
    if densest:
        print(f"  densest district: {densest['district__name']} ({densest['n']} organisations)")

    client = Client()
    client.force_login(person)
    with translation.override("de"):
        thread_path = reverse("exchange:thread", kwargs={"slug": group.slug, "pk": thread.pk})
        pages = [
            Page("thread, first page", thread_path),
            Page("inbox", reverse("exchange:inbox")),
            Page("dashboard with suggestions", reverse("exchange:home")),
            Page("group page", reverse("exchange:group", kwargs={"slug": group.slug})),
        ]
    # The last page of the thread: where its latest reply stands (the app's own post_url).
    last_reply = Post.objects.filter(thread=thread).order_by("-created_at", "-pk").first()
    last_path = post_url(last_reply).split("#", 1)[0] if last_reply else thread_path
    if last_path != thread_path:
        number = last_path.rsplit("page=", 1)[-1]
        pages.insert(1, Page(f"thread, last page ({number})", last_path))
    else:
        print("  the thread fits on one page")

    print(
        "\nsettings: DEBUG=0, HTTPS=0, manifest static files; test client in this process "
        "(one database connection for all requests, as with DB_CONN_MAX_AGE > 0)"
    )
    print(f"runs: {WARM_UP} warm-ups, 1 counting the queries, then {args.repeat} timed per page, shuffled")
    for page in pages:
        for _ in range(WARM_UP):
            get(client, page)
        with CaptureQueriesContext(connection) as captured:
            response = get(client, page)
        page.queries = [query["sql"] for query in captured.captured_queries]
        page.size = len(response.content)
    rng = random.Random(args.seed)
    order = list(pages)
    for _ in range(args.repeat):
        rng.shuffle(order)
        for page in order:
            started = time.perf_counter()
            get(client, page)
            page.timings.append((time.perf_counter() - started) * 1000)
    client.logout()

    width = max(len(page.path) for page in pages)
    print(f"\n{'page':<28} {'path':<{width}} {'KiB':>4} {'SQL':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for page in pages:
        print(
            f"{page.name:<28} {page.path:<{width}} {page.size / 1024:>4.0f} {len(page.queries):>4} "
            f"{statistics.median(page.timings):>7.1f} {percentile(page.timings, 0.95):>7.1f} "
            f"{max(page.timings):>7.1f}"
        )
    if args.show_queries:
        for page in pages:
            print(f"\n--- {page.name}: {len(page.queries)} queries")
            for sql in page.queries:
                print(f"  {sql[:300]}")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nload average at the end: {load}")


if __name__ == "__main__":
    main()
