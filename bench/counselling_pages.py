"""Time the team's counselling pages at scale (issue 12): the staff case list with its filters
(``staff:counselling_cases``) and the statistics page (``counselling:statistics``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/counselling_pages.py [--repeat 30] [--budget 50]

Run ``bench/generate_counselling.py`` first (10,000 cases, 100,000 contacts). The pages are requested in
this process through Django's test client (middleware, session, view, template; no HTTP), signed in as
a bench team member whose session has passed the second factor, with production-like settings (DEBUG=0,
HTTPS=0). Each page gets three warm-up requests, one that counts its SQL queries, then ``--repeat`` timed
requests in a shuffled order per round; it prints p50/p95 of the server time and the queries.

The issue asks for p95 ≤ 50 ms and query counts that do not grow with the number of cases: the script
also requests each page for a narrow filter (few cases) and a wide one (thousands), and the statistics
for a thin and a full year, and asserts that the counts are equal. Exit status 1 when a page does not
answer 200, a query count grows, or a p95 is over ``--budget`` ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import Page, percentile, production_settings, setup_django, time_pages


def signed_in_team_client(user: object) -> object:
    """A test client whose session counts as passed with the second factor (as allauth records it)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
    from django.test import Client

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},  # type: ignore[attr-defined]
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--budget", type=float, default=50.0, help="p95 budget in ms (issue 12: 50)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the bench database.")
    production_settings()
    setup_django()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone, translation

    from vielfalt.accounts.models import User
    from vielfalt.counselling.models import Case, Contact

    team = User.objects.filter(email__startswith="bench-ct", email__endswith="@bench.invalid").order_by("email").first()
    if team is None:
        sys.exit("No bench data: run bench/generate_counselling.py first.")
    if not Authenticator.objects.filter(user=team, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(team, generate_totp_secret())  # the team must have a second factor to act as the team
    client = signed_in_team_client(team)

    # The busiest and a thin district, topic and year: the same page for few and for many cases.
    districts = list(
        Case.objects.values_list("district__ags")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("district__ags", "n")
    )
    topics = list(
        Case.objects.values_list("topic__slug").annotate(n=Count("pk")).order_by("-n").values_list("topic__slug", "n")
    )
    this_year = timezone.localdate().year
    years = sorted({d.year for d in Case.objects.dates("created_at", "year")})
    print(
        f"data: {Case.objects.count()} cases, {Contact.objects.count()} contacts; busiest district "
        f"{districts[0][0]} ({districts[0][1]} cases), thinnest {districts[-1][0]} ({districts[-1][1]} cases)"
    )

    with translation.override("de"):
        cases_url = reverse("staff:counselling_cases")
        statistics_url = reverse("counselling:statistics")

    def cases(label: str, group: str, **params: object) -> Page:
        query = urlencode({key: value for key, value in params.items() if value not in ("", None)})
        return Page(f"case list {label}", f"{cases_url}?{query}" if query else cases_url, group=group)

    pages = [
        cases("(all)", "list"),
        cases("(open, all statuses)", "list", open=1),
        cases("(status in progress)", "list", status="in_progress"),
        cases(f"(busiest district {districts[0][1]})", "list", district=districts[0][0]),
        cases(f"(thinnest district {districts[-1][1]})", "list", district=districts[-1][0]),
        cases(f"(topic {topics[0][0]})", "list", topic=topics[0][0]),
        cases("(mine, waiting)", "list", assignee=team.pk, status="waiting"),
        cases("(process, older than 3 months)", "list", kind="process", age="older"),
        cases("(closed, page 5)", "list", status="closed", page=5),
        Page("statistics (this year)", f"{statistics_url}?jahr={this_year}", group="statistics"),
        Page(f"statistics ({years[0]})", f"{statistics_url}?jahr={years[0]}", group="statistics"),
    ]

    def get(page: Page) -> None:
        response = client.get(page.path)  # type: ignore[attr-defined]
        if response.status_code != 200:
            sys.exit(f"GET {page.path}: {response.status_code}")

    time_pages(pages, get, repeat=args.repeat)

    failures = []
    print(f"\n{'page':<44} {'SQL':>4} {'p50 ms':>7} {'p95 ms':>7}")
    for page in pages:
        p95 = percentile(page.timings, 0.95)
        print(f"{page.name:<44} {page.queries:>4} {statistics.median(page.timings):>7.1f} {p95:>7.1f}")
        if p95 > args.budget:
            failures.append(f"{page.name}: p95 {p95:.1f} ms > {args.budget:.0f} ms")
    for group in sorted({page.group for page in pages}):
        counts = {page.queries for page in pages if page.group == group}
        # Filters may add a lookup (a named district or topic); the count must not follow the cases.
        if max(counts) - min(counts) > 2:
            failures.append(f"{group}: query counts differ with the number of cases: {sorted(counts)}")
    if failures:
        print("\n" + "\n".join(failures))
        sys.exit(1)
    print("\nAll pages within budget; query counts constant in the number of cases.")


if __name__ == "__main__":
    main()
