"""Fill the bench database for the reports benchmark (issue 13): five years of what the figures count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_reports \\
        .venv/bin/python bench/generate_reports.py [--years 5] [--events 400] [--registrations 50000]

What it writes, and what it leaves to the other generators:

- organisations: 20,000 verified bench organisations (``generate_organisations.generate``) when fewer exist;
- events: ``--events`` a year for ``--years`` years (2,000), already held (this year: up to today), all
  over Hessen, a fifth online (no district), a few cancelled, organised by bench organisations
  (slugs ``bench-r-<year>-<n>``);
- people and registrations: 10,000 people (``bench-r<n>@bench.invalid``, unusable passwords) and
  ``--registrations`` registrations (50,000) on those events — mostly confirmed, some cancelled or
  waiting, four in five of the confirmed checked in, a third for an organisation;
- counselling and qualification: ``generate_counselling.py --years 5`` and
  ``generate_qualification.py --years 5`` are run (as subprocesses) when their rows are missing;
- needs and surveys: not yet in this code base; nothing is written for them.

Replaces its own events, registrations and people of an earlier run; bulk inserts, no services, emails or
audit entries. About a minute on 2 cores (plus the other generators when they run).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, setup_django

EMAIL_DOMAIN = "bench.invalid"
PEOPLE = 10_000
BATCH = 5000


def ensure_organisations(count: int, seed: int) -> None:
    from vielfalt.organisations.models import Organisation

    existing = Organisation.objects.filter(slug__startswith="bench-", status=Organisation.Status.VERIFIED).count()
    if existing >= count:
        print(f"organisations: {existing} bench organisations already there")
        return
    import generate_organisations

    delete_rows()  # the bench events refer to bench organisations
    generate_organisations.generate(count=count, seed=seed)


def ensure_other(script: str, *, table_check: str, years: int) -> None:
    """Run another generator for five years when its rows are missing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(table_check)
        (count,) = cursor.fetchone()
    if count:
        print(f"{script}: {count} rows already there")
        return
    print(f"{script}: running it with --years {years}")
    command = [sys.executable, str(ROOT / "bench" / script), "--years", str(years)]
    subprocess.run(command, check=True, env=os.environ)  # noqa: S603 - our own script, no shell


def delete_rows() -> None:
    from vielfalt.accounts.models import User
    from vielfalt.events.models import Event, Registration

    Registration.objects.filter(event__slug__startswith="bench-r-").delete()
    Event.objects.filter(slug__startswith="bench-r-").delete()
    User.objects.filter(email__startswith="bench-r", email__endswith=f"@{EMAIL_DOMAIN}").delete()


def create_people(rng: random.Random) -> list[int]:
    from django.contrib.auth.hashers import make_password

    from vielfalt.accounts.models import User

    password = make_password(None)
    languages = ["de"] * 6 + ["tr", "ar", "fa", "ru", "uk", "en"]
    people = [
        User(
            email=f"bench-r{index:05d}@{EMAIL_DOMAIN}",
            name=f"Bench Person {index}",
            password=password,
            preferred_language=rng.choice(languages),
        )
        for index in range(PEOPLE)
    ]
    User.objects.bulk_create(people, batch_size=BATCH)
    return list(
        User.objects.filter(email__startswith="bench-r", email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "pk", flat=True
        )
    )


def create_events(*, years: int, per_year: int, rng: random.Random) -> list[tuple[int, datetime]]:
    from django.utils import timezone

    from vielfalt.events.models import Event
    from vielfalt.organisations.models import Organisation
    from vielfalt.regions.models import Municipality

    now = timezone.now()
    zone = timezone.get_current_timezone()
    municipalities = list(Municipality.objects.values_list("pk", "district_id", "name"))
    organisers = list(Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)[:2000])
    kinds = ["networking", "regional", "workshop", "training", "other"]
    events = []
    for year in range(now.year - years + 1, now.year + 1):
        start = datetime(year, 1, 10, tzinfo=zone)
        end = min(datetime(year, 12, 20, tzinfo=zone), now - timedelta(days=1))
        seconds = (end - start).total_seconds()
        for index in range(per_year):
            starts = (start + timedelta(seconds=rng.uniform(0, seconds))).replace(minute=0, second=0, microsecond=0)
            online = rng.random() < 0.2
            municipality, district, place = rng.choice(municipalities)
            kind = rng.choice(kinds)
            events.append(
                Event(
                    slug=f"bench-r-{year}-{index}",
                    kind="online" if online else kind,
                    title=f"{dict(Event.Kind.choices)['online' if online else kind]} in {place}",
                    description="Austausch, Informationen und Zeit zum Kennenlernen.",
                    organiser_id=rng.choice(organisers) if organisers and rng.random() < 0.6 else None,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rng.choice([2, 3, 6])),
                    is_online=online,
                    online_url="https://meet.example.org/bench" if online else "",
                    venue_name="" if online else "Bürgerhaus",
                    municipality_id=None if online else municipality,
                    district_id=None if online else district,
                    languages=["de"],
                    capacity=rng.choice([20, 30, 50, 100]),
                    status=Event.Status.CANCELLED if rng.random() < 0.04 else Event.Status.PUBLISHED,
                    published_at=starts - timedelta(days=30),
                )
            )
    Event.objects.bulk_create(events, batch_size=1000)
    return [(event.pk, event.starts_at) for event in events if event.status == Event.Status.PUBLISHED]


def create_registrations(
    *, events: list[tuple[int, datetime]], people: list[int], count: int, rng: random.Random
) -> int:
    from vielfalt.events.models import Registration
    from vielfalt.organisations.models import Organisation

    organisations = list(Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)[:5000])
    per_event = max(1, count // len(events))
    rows = []
    for event_id, starts in events:
        for person in rng.sample(people, min(len(people), rng.randint(per_event // 2, per_event * 3 // 2))):
            roll = rng.random()
            status = "confirmed" if roll < 0.82 else "cancelled" if roll < 0.95 else "waiting"
            created = starts - timedelta(days=rng.randint(1, 40))
            rows.append(
                Registration(
                    event_id=event_id,
                    user_id=person,
                    organisation_id=rng.choice(organisations) if rng.random() < 0.33 else None,
                    status=status,
                    created_at=created,
                    confirmed_at=created if status == "confirmed" else None,
                    cancelled_at=created + timedelta(days=1) if status == "cancelled" else None,
                    checked_in_at=starts if status == "confirmed" and rng.random() < 0.8 else None,
                )
            )
            if len(rows) >= count:
                break
        if len(rows) >= count:
            break
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("accounts_user", "events_event", "events_registration", "organisations_organisation"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--events", type=int, default=400, help="events a year")
    parser.add_argument("--registrations", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()
    print(f"database: {vendor}")
    from django.db import transaction

    rng = random.Random(args.seed)
    started = time.perf_counter()
    ensure_organisations(args.organisations, args.seed)
    ensure_other(
        "generate_counselling.py",
        table_check="SELECT count(*) FROM counselling_case WHERE reference LIKE 'B-%%'",
        years=args.years,
    )
    ensure_other(
        "generate_qualification.py", table_check="SELECT count(*) FROM qualification_courserun", years=args.years
    )
    with transaction.atomic():
        delete_rows()
        people = create_people(rng)
        events = create_events(years=args.years, per_year=args.events, rng=rng)
        registrations = create_registrations(events=events, people=people, count=args.registrations, rng=rng)
    analyze()
    print(
        f"{len(events)} held events over {args.years} years, {len(people)} people, {registrations} registrations "
        f"in {time.perf_counter() - started:.0f} s ({vendor}); needs and surveys: not in this code base yet"
    )


if __name__ == "__main__":
    main()
