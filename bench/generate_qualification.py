"""Fill the bench database for the qualification benchmark: 60 WIR-Lotsen-Träger with 2,000 Lotsen, three
years of service hours (about 150,000 rows) with their month approvals, and 500 course runs with
registrations and attendance.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/generate_qualification.py [--lotsen 2000] [--trager 60] [--runs 500] [--seed 2026]

Runs migrate and the regions import first, loads the demo catalogue (modules and curricula) when there
is none, then replaces its own rows of an earlier run — the Träger with slugs ``bench-traeger-…``, the
people ``bench-q…@bench.invalid`` and the events with slugs ``bench-q-…`` — and writes with the ORM in
bulk (no services, no emails). The invariants the services keep are kept: attendance only for sessions
that have begun, approvals only for months that are over, with the amount the rate gives.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

EMAIL_DOMAIN = "bench.invalid"
FIRST = ["Ayşe", "Mehmet", "Leyla", "Omar", "Fatima", "Reza", "Shirin", "Olena", "Taras", "Anna", "Piotr", "Maria"]
LAST = ["Yılmaz", "Demir", "Ahmadi", "Haddad", "Nasser", "Nowak", "Shevchenko", "Rossi", "Mensah", "Müller"]
BATCH = 5000


def month_start(day: date, back: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lotsen", type=int, default=2000)
    parser.add_argument("--trager", type=int, default=60)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from vielfalt.accounts.models import User
    from vielfalt.events.models import Event, Registration
    from vielfalt.organisations.models import Membership, Organisation
    from vielfalt.qualification.demo import Demo
    from vielfalt.qualification.models import (
        AllowanceRate,
        Attendance,
        CourseRun,
        CourseSession,
        Lotse,
        Module,
        MonthApproval,
        ServiceHours,
        ServiceKind,
    )
    from vielfalt.regions.models import Municipality

    rng = random.Random(args.seed)
    started = time.perf_counter()
    today = timezone.localdate()
    with transaction.atomic():
        # Replace what an earlier run wrote (cascades: memberships, Lotsen, hours, approvals, runs).
        Event.objects.filter(slug__startswith="bench-q-").delete()
        User.objects.filter(email__startswith="bench-q", email__endswith=f"@{EMAIL_DOMAIN}").delete()
        Organisation.objects.filter(slug__startswith="bench-traeger-").delete()
        if not Module.objects.exists():
            Demo(rng, sys.stdout).load_catalogue()
        modules = list(Module.objects.all())
        kinds = list(ServiceKind.objects.all()) or [ServiceKind.objects.create(slug="behoerde", name="Behörde")]
        towns = list(Municipality.objects.select_related("district").order_by("ags"))

        trager = Organisation.objects.bulk_create(
            Organisation(
                slug=f"bench-traeger-{index:03d}",
                name=f"Bench Freiwilligenagentur {index:03d} e.V.",
                kind=Organisation.Kind.LOTSEN,
                status=Organisation.Status.VERIFIED,
                municipality=(town := rng.choice(towns)),
                district=town.district,
                latitude=town.latitude,
                longitude=town.longitude,
            )
            for index in range(args.trager)
        )
        password = make_password("bench")
        people = User.objects.bulk_create(
            [
                User(email=f"bench-qc{index:03d}@{EMAIL_DOMAIN}", name=f"Koordination {index:03d}", password=password)
                for index in range(args.trager)
            ]
            + [
                User(
                    email=f"bench-ql{index:05d}@{EMAIL_DOMAIN}",
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    password=password,
                )
                for index in range(args.lotsen)
            ],
            batch_size=BATCH,
        )
        coordinators, lotsen_people = people[: args.trager], people[args.trager :]
        Membership.objects.bulk_create(
            [
                Membership(organisation=o, user=u, role=Membership.Role.ADMIN)
                for o, u in zip(trager, coordinators, strict=True)
            ]
            + [
                Membership(organisation=trager[index % args.trager], user=user, role=Membership.Role.MEMBER)
                for index, user in enumerate(lotsen_people)
            ],
            batch_size=BATCH,
        )
        since = today - timedelta(days=365 * args.years + 30)
        lotsen = Lotse.objects.bulk_create(
            [
                Lotse(organisation=trager[index % args.trager], user=user, since=since)
                for index, user in enumerate(lotsen_people)
            ],
            batch_size=BATCH,
        )
        by_trager: dict[int, list[Lotse]] = {}
        for lotse in lotsen:
            by_trager.setdefault(lotse.organisation_id, []).append(lotse)

        # Course runs: spread over the years, most by the Träger for their own Lotsen.
        now = timezone.now()
        runs_written = attendance_rows = 0
        for index in range(args.runs):
            organisation = trager[index % args.trager]
            module = rng.choice(modules)
            first_day = today - timedelta(days=rng.randint(-60, 365 * args.years))
            starts = timezone.make_aware(datetime(first_day.year, first_day.month, first_day.day, 17))
            event = Event.objects.create(
                slug=f"bench-q-{index:04d}",
                kind=Event.Kind.TRAINING,
                title=module.title,
                organiser=organisation,
                starts_at=starts,
                ends_at=starts + timedelta(days=7, hours=3),
                municipality=organisation.municipality,
                district=organisation.district,
                capacity=25,
                status=Event.Status.PUBLISHED,
            )
            run = CourseRun.objects.create(
                event=event, module=module, closed_at=event.ends_at + timedelta(days=1) if event.ends_at < now else None
            )
            half = (module.units / 2).quantize(Decimal("0.1"))
            sessions = CourseSession.objects.bulk_create(
                [
                    CourseSession(run=run, starts_at=starts, ends_at=starts + timedelta(hours=3), units=half),
                    CourseSession(
                        run=run,
                        starts_at=starts + timedelta(days=7),
                        ends_at=starts + timedelta(days=7, hours=3),
                        units=module.units - half,
                    ),
                ]
            )
            group = rng.sample(by_trager[organisation.pk], min(18, len(by_trager[organisation.pk])))
            registrations = Registration.objects.bulk_create(
                Registration(
                    event=event, user_id=lotse.user_id, status=Registration.Status.CONFIRMED, confirmed_at=starts
                )
                for lotse in group
            )
            rows = [
                Attendance(session=session, registration=registration, status="present", units=session.units)
                for session in sessions
                if session.starts_at <= now
                for registration in registrations
                if rng.random() < 0.9
            ]
            Attendance.objects.bulk_create(rows)
            runs_written += 1
            attendance_rows += len(rows)

        # Hours: about two entries a month per Lotse over the years; approvals for every month that is over
        # (except the last one, which the coordinators have not approved yet).
        months = [month_start(today, back) for back in range(12 * args.years, 0, -1)]
        rate = AllowanceRate.objects.order_by("-valid_from").first()
        per_hour = rate.per_hour if rate else Decimal("5.00")
        cap = rate.monthly_cap if rate else Decimal("60.00")
        hours_rows: list[ServiceHours] = []
        approvals: list[MonthApproval] = []
        written_hours = 0
        approved_at = timezone.now()
        for lotse in lotsen:
            for month in months:
                total = Decimal("0")
                for _ in range(rng.choice((1, 2, 2, 3))):
                    hours = Decimal(rng.choice(("1", "1.5", "2", "3")))
                    total += hours
                    hours_rows.append(
                        ServiceHours(
                            lotse=lotse,
                            date=month + timedelta(days=rng.randint(0, 27)),
                            hours=hours,
                            kind=rng.choice(kinds),
                            language=rng.choice(("ar", "fa", "tr", "uk")),
                        )
                    )
                if month != months[-1]:
                    approvals.append(
                        MonthApproval(
                            lotse=lotse,
                            month=month,
                            hours=total,
                            rate=per_hour,
                            cap=cap,
                            amount=min(total * per_hour, cap),
                            approved_at=approved_at,
                        )
                    )
            if len(hours_rows) >= BATCH:
                ServiceHours.objects.bulk_create(hours_rows)
                written_hours += len(hours_rows)
                hours_rows = []
        ServiceHours.objects.bulk_create(hours_rows)
        written_hours += len(hours_rows)
        MonthApproval.objects.bulk_create(approvals, batch_size=BATCH)

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{args.trager} Träger, {len(lotsen)} Lotsen, {runs_written} course runs ({attendance_rows} attendance rows), "
        f"{written_hours} hour rows, {len(approvals)} month approvals in {time.perf_counter() - started:.0f} s ({vendor})"
    )


if __name__ == "__main__":
    main()
