"""Fill the bench database for the counselling benchmark (issue 12): 10,000 cases over three years across
all districts and topics and in every status, 100,000 contacts (with their topics and team members),
milestones for the Prozessbegleitungen, a few messages, notes and appointments per case.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/generate_counselling.py [--cases 10000] [--contacts 100000] [--seed 2026]

Runs migrate and the regions import first, then replaces its own rows of an earlier run — the cases of
its organisations (slugs ``bench-c-…``, references ``B-<year>-9nnnn``), the organisations and the people
``bench-c…@bench.invalid`` — and writes with the ORM in bulk (no services,
no emails, no audit entries). The invariants the services keep are kept: closed cases have an outcome and
a closing date, contacts are not in the future and last 5–600 minutes, appointments end after they start.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

EMAIL_DOMAIN = "bench.invalid"
BATCH = 5000
# Status shares of a realistic case list: most cases are closed, a few are waiting or new.
STATUS_WEIGHTS = {"new": 4, "assigned": 6, "in_progress": 20, "waiting": 10, "closed": 60}
OUTCOMES = ["solved", "application_submitted", "goals_reached", "referred", "withdrawn", "no_response"]
WAYS = ["phone", "video", "on_site", "centre", "email"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=800)
    parser.add_argument("--team", type=int, default=8)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 0 < args.cases <= 10_000:
        parser.error("--cases: at most 10,000 (the references B-<year>-9nnnn are reserved for the bench)")
    vendor = setup_django()

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from vielfalt.accounts.models import Role, User
    from vielfalt.counselling.models import Appointment, Case, Contact, Message, Milestone, Note, Topic
    from vielfalt.organisations.models import Membership, Organisation
    from vielfalt.regions.models import Municipality

    rng = random.Random(args.seed)
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        # Replace what an earlier run wrote (cases go with their organisations' and team's rows below).
        Case.objects.filter(organisation__slug__startswith="bench-c-").delete()
        Organisation.objects.filter(slug__startswith="bench-c-").delete()
        User.objects.filter(email__startswith="bench-c", email__endswith=f"@{EMAIL_DOMAIN}").delete()

        topics = list(Topic.objects.filter(is_active=True))
        towns = list(Municipality.objects.select_related("district").order_by("ags"))
        password = make_password("bench")
        team = User.objects.bulk_create(
            User(
                email=f"bench-ct{index:02d}@{EMAIL_DOMAIN}",
                name=f"Team {index:02d}",
                role=Role.STAFF,
                password=password,
            )
            for index in range(args.team)
        )
        admins = User.objects.bulk_create(
            [
                User(email=f"bench-ca{index:04d}@{EMAIL_DOMAIN}", name=f"Vorstand {index:04d}", password=password)
                for index in range(args.organisations)
            ],
            batch_size=BATCH,
        )
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    slug=f"bench-c-{index:04d}",
                    name=f"Bench Kulturverein {index:04d} e.V.",
                    kind=Organisation.Kind.MIGRANT,
                    status=Organisation.Status.VERIFIED,
                    municipality=(town := rng.choice(towns)),
                    district=town.district,
                    latitude=town.latitude,
                    longitude=town.longitude,
                )
                for index in range(args.organisations)
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [
                Membership(organisation=o, user=u, role=Membership.Role.ADMIN)
                for o, u in zip(organisations, admins, strict=True)
            ],
            batch_size=BATCH,
        )

        # Cases: created over the years; created_at and status_changed_at are auto_now_add, so they are
        # set with a bulk update afterwards (one statement per batch).
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        span = 365 * args.years
        cases: list[Case] = []
        created: dict[str, datetime] = {}
        for index in range(args.cases):
            organisation = organisations[index % len(organisations)]
            status = rng.choices(statuses, weights)[0]
            moment = now - timedelta(days=rng.randint(0, span), minutes=rng.randint(0, 600))
            reference = f"B-{timezone.localtime(moment).year}-9{index:04d}"
            created[reference] = moment
            closed = status == "closed"
            cases.append(
                Case(
                    reference=reference,
                    title=f"Bench-Anfrage {index:05d}",
                    kind="process" if index % 25 == 0 else "counselling",
                    status=status,
                    topic=topics[index % len(topics)],
                    organisation=organisation,
                    district=organisation.district,
                    requester=admins[index % len(admins)],
                    description="Synthetische Anfrage für den Benchmark.",
                    languages=["de"],
                    ways=[rng.choice(WAYS[:4])],
                    assignee=None if status == "new" else team[index % len(team)],
                    outcome=rng.choice(OUTCOMES) if closed else "",
                    result="Synthetisches Ergebnis." if closed else "",
                    closed_at=min(moment + timedelta(days=rng.randint(5, 120)), now) if closed else None,
                    follow_up_on=today + timedelta(days=rng.randint(-5, 30))
                    if status in ("in_progress", "waiting")
                    else None,
                )
            )
        cases = Case.objects.bulk_create(cases, batch_size=BATCH)
        for case in cases:
            case.created_at = created[case.reference]
            case.status_changed_at = case.closed_at or created[case.reference] + timedelta(days=rng.randint(0, 20))
        Case.objects.bulk_update(cases, ["created_at", "status_changed_at"], batch_size=1000)

        # Contacts: spread over the cases that got past "new", dated between the request and today.
        worked = [case for case in cases if case.status != "new"]
        contacts: list[Contact] = []
        for _ in range(args.contacts):
            case = worked[rng.randrange(len(worked))]
            first = timezone.localdate(case.created_at)
            last = timezone.localdate(case.closed_at) if case.closed_at else today
            day = first + timedelta(days=rng.randint(0, max((last - first).days, 0)))
            contacts.append(
                Contact(
                    case=case,
                    date=min(day, today),
                    minutes=rng.choice((15, 30, 45, 60, 60, 90, 120, 180)),
                    way=rng.choice(WAYS),
                    participants=rng.choice((1, 1, 2, 3, 4)),
                    summary="Synthetischer Kontakt.",
                    created_by=case.assignee,
                )
            )
        contacts = Contact.objects.bulk_create(contacts, batch_size=BATCH)
        Topics = Contact.topics.through
        Staff = Contact.staff.through
        Topics.objects.bulk_create(
            [Topics(contact_id=c.pk, topic_id=c.case.topic_id) for c in contacts], batch_size=BATCH
        )
        Staff.objects.bulk_create(
            [Staff(contact_id=c.pk, user_id=c.case.assignee_id) for c in contacts if c.case.assignee_id],
            batch_size=BATCH,
        )

        # Around the cases: milestones for the accompaniments, a message, a note, an appointment for some.
        process = [case for case in cases if case.kind == "process"]
        Milestone.objects.bulk_create(
            [
                Milestone(
                    case=case,
                    title=f"Meilenstein {step}",
                    due_on=timezone.localdate(case.created_at) + timedelta(days=30 * step),
                    done_on=timezone.localdate(case.created_at) + timedelta(days=30 * step)
                    if timezone.localdate(case.created_at) + timedelta(days=30 * step) < today
                    else None,
                )
                for case in process
                for step in range(1, 6)
            ],
            batch_size=BATCH,
        )
        sample = rng.sample(worked, min(len(worked), args.cases // 5))
        Message.objects.bulk_create(
            [Message(case=c, sender=c.requester, body="Synthetische Nachricht.") for c in sample], batch_size=BATCH
        )
        Note.objects.bulk_create(
            [Note(case=c, author=c.assignee, body="Synthetische Notiz.") for c in sample[::2]], batch_size=BATCH
        )
        appointments = []
        for case in sample[::3]:
            starts = case.created_at + timedelta(days=rng.randint(1, 20), hours=2)
            appointments.append(
                Appointment(
                    case=case, starts_at=starts, ends_at=starts + timedelta(hours=1), way="video",
                    video_url="https://video.bench.invalid/raum", status="accepted", proposed_by=case.assignee,
                )
            )  # fmt: skip
        Appointment.objects.bulk_create(appointments, batch_size=BATCH)

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{len(cases)} cases ({len(process)} Prozessbegleitungen) of {len(organisations)} organisations, "
        f"{len(contacts)} contacts, {len(sample)} messages, {len(appointments)} appointments, {args.team} team members "
        f"in {time.perf_counter() - started:.0f} s ({vendor})"
    )


if __name__ == "__main__":
    main()
