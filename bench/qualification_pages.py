"""Time the Träger's pages at scale (issue 11): the dashboard, the month of hours and the monthly statement.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/qualification_pages.py [--repeat 30]

Run ``bench/generate_qualification.py`` first (60 Träger, 2,000 Lotsen, three years of hours, 500 course
runs). The pages are requested in this process through Django's test client (middleware, session, view,
template; no HTTP), signed in as the coordinator of the first bench Träger, with production-like settings
(DEBUG=0, HTTPS=0). Each page gets three warm-up requests, one that counts its SQL queries, then
``--repeat`` timed requests in a shuffled order per round; it prints p50/p95 of the server time and the
queries. A second Träger with a third of the Lotsen checks that the query count does not grow with them.
Exit status 1 when a page does not answer 200.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import Page, percentile, production_settings, setup_django, time_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the bench database.")
    production_settings()
    setup_django()
    from django.test import Client

    from vielfalt.accounts.models import User
    from vielfalt.organisations.models import Organisation
    from vielfalt.qualification.models import Lotse, ServiceHours

    trager = list(Organisation.objects.filter(slug__startswith="bench-traeger-").order_by("slug")[:2])
    if not trager:
        sys.exit("No bench data: run bench/generate_qualification.py first.")
    from generate_qualification import month_start

    last_month = month_start(date.today(), 1)  # not approved yet: the coordinator's work
    approved = month_start(date.today(), 2)  # approved: its statement exists
    print(
        f"data: {Organisation.objects.filter(slug__startswith='bench-traeger-').count()} Träger, "
        f"{Lotse.objects.count()} Lotsen, {ServiceHours.objects.count()} hour rows"
    )
    pages: list[Page] = []
    clients = {}
    for organisation in trager:
        lotsen = Lotse.objects.filter(organisation=organisation).count()
        coordinator = User.objects.get(memberships__organisation=organisation, memberships__role="admin")
        client = Client()
        client.force_login(coordinator)
        clients[organisation.slug] = client
        base = f"/de/qualifizierung/traeger/{organisation.slug}"
        label = f"({lotsen} Lotsen)"
        pages += [
            Page(f"dashboard {label}", f"{base}/"),
            Page(f"month of hours {label}", f"{base}/stunden/{last_month:%Y-%m}/"),
            Page(f"statement XLSX {label}", f"{base}/stunden/{approved:%Y-%m}/abrechnung.xlsx"),
        ]

    def get(page: Page) -> None:
        client = clients[page.path.split("/")[4]]
        response = client.get(page.path)
        if response.status_code != 200:
            sys.exit(f"GET {page.path}: {response.status_code}")

    time_pages(pages, get, repeat=args.repeat)
    print(f"\n{'page':<36} {'SQL':>4} {'p50 ms':>7} {'p95 ms':>7}")
    for page in pages:
        print(
            f"{page.name:<36} {page.queries:>4} {statistics.median(page.timings):>7.1f} "
            f"{percentile(page.timings, 0.95):>7.1f}"
        )


if __name__ == "__main__":
    main()
