"""Synthetic demo of qualification: the catalogue, two WIR-Lotsen-Träger with their Lotsen, a completed
and an ongoing Basisqualifizierung with attendance, certificates (one revoked), three months of service
hours (two of them approved) and Vereinsmanagement trainings for migrant organisations in several
districts.

Everything is invented (names from ``accounts.demo``, addresses ending in ``demo.vielfalt.invalid``).
Dates are relative to today. The catalogue, runs and attendance are written directly (the rules that
services keep hold: attendance only for sessions that have begun, closed runs only in the past); the
certificates and the month approvals go through their services, so the demo's figures are what the
platform itself computes. Idempotent: nothing happens if modules exist.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES
from vielfalt.accounts.models import Role, User
from vielfalt.events.models import Event, Registration
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.qualification.models import (
    Attendance,
    CourseRun,
    CourseSession,
    Curriculum,
    CurriculumModule,
    Lotse,
    Module,
    ServiceHours,
    ServiceKind,
)
from vielfalt.regions.models import Municipality

SEED = 1111
COORDINATOR = f"koordination@{DEMO_DOMAIN}"
LOTSIN = f"lotsin-a01@{DEMO_DOMAIN}"
TRAINING_TOWNS = ["Frankfurt am Main", "Kassel", "Darmstadt", "Fulda", "Wetzlar", "Offenbach am Main"]


def _catalogue() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("catalogue.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@dataclass
class Demo:
    rng: random.Random
    stdout: TextIO
    today: date = field(default_factory=timezone.localdate)
    modules: dict[str, Module] = field(default_factory=dict)
    curricula: dict[str, Curriculum] = field(default_factory=dict)
    runs: list[CourseRun] = field(default_factory=list)
    password: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))

    # --- the catalogue ----------------------------------------------------------------------------------
    def load_catalogue(self) -> None:
        data = _catalogue()
        topics = {term.slug: term for term in FieldOfAction.objects.all()}
        for spec in data["modules"]:
            module = Module.objects.create(
                slug=spec["slug"],
                title=spec["title"],
                title_translations=spec["title_translations"],
                description=spec["description"],
                goals=spec["goals"],
                units=Decimal(spec["units"]),
                audiences=spec["audiences"],
                languages=["de"],
            )
            module.topics.set([topics[slug] for slug in spec["topics"] if slug in topics])
            self.modules[module.slug] = module
        for spec in data["curricula"]:
            curriculum = Curriculum.objects.create(
                slug=spec["slug"],
                title=spec["title"],
                title_translations=spec["title_translations"],
                description=spec["description"],
                min_units=Decimal(spec["min_units"]),
                min_modules=spec["min_modules"],
            )
            CurriculumModule.objects.bulk_create(
                CurriculumModule(
                    curriculum=curriculum, module=self.modules[slug], position=index, required=slug in spec["required"]
                )
                for index, slug in enumerate(spec["modules"])
            )
            self.curricula[curriculum.slug] = curriculum

    # --- people -----------------------------------------------------------------------------------------
    def people(self, prefix: str, count: int) -> list[User]:
        """``count`` invented people with verified addresses ``<prefix>NN@demo…`` (created if missing)."""
        wanted = []
        for index in range(1, count + 1):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            wanted.append((f"{prefix}{index:02d}@{DEMO_DOMAIN}", name))
        existing = set(User.objects.filter(email__in=[email for email, _ in wanted]).values_list("email", flat=True))
        new = [
            User(
                email=email,
                name=name,
                password=self.password,
                role=Role.MEMBER,
                preferred_language=self.rng.choice(["de", "de", "ar", "tr", "fa", "ru", "uk"]),
                spoken_languages=sorted({"de", self.rng.choice(["ar", "tr", "fa", "ru", "uk", "ku", "ti"])}),
            )
            for email, name in wanted
            if email not in existing
        ]
        User.objects.bulk_create(new)
        users = list(User.objects.filter(email__in=[email for email, _ in wanted]).order_by("email"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
            ignore_conflicts=True,
        )
        return users

    def staff_trager(self, trager: Organisation, coordinator: User, lotsen: list[User], since: date) -> None:
        Membership.objects.get_or_create(
            organisation=trager, user=coordinator, defaults={"role": Membership.Role.ADMIN}
        )
        Membership.objects.bulk_create(
            [Membership(organisation=trager, user=user, role=Membership.Role.MEMBER) for user in lotsen],
            ignore_conflicts=True,
        )
        Lotse.objects.bulk_create(
            [
                Lotse(organisation=trager, user=user, since=since + timedelta(days=self.rng.randint(0, 60)))
                for user in lotsen
            ]
        )

    # --- course runs --------------------------------------------------------------------------------------
    def run(
        self,
        module: Module,
        *,
        organiser: Organisation | None,
        town: Municipality,
        first_day: date,
        sessions: int,
        capacity: int = 20,
        is_online: bool = False,
    ) -> CourseRun:
        """A published course run of ``module``: ``sessions`` afternoons a week apart sharing its units."""
        share = (module.units / sessions).quantize(Decimal("0.1"))
        units = [share] * (sessions - 1) + [module.units - share * (sessions - 1)]
        days = [first_day + timedelta(weeks=index) for index in range(sessions)]
        starts, ends = _at(days[0], 17), _at(days[-1], 20, 15)
        event = Event.objects.create(
            slug=f"{module.slug}-{first_day:%Y-%m-%d}-{town.ags}"[:90],
            kind=Event.Kind.TRAINING,
            title=module.title,
            title_translations=module.title_translations,
            description=module.description,
            organiser=organiser,
            starts_at=starts,
            ends_at=ends,
            is_online=is_online,
            online_url="https://meet.demo.vielfalt.invalid/kurs" if is_online else "",
            venue_name="" if is_online else f"Bildungsraum {town.name}",
            street="" if is_online else "Schulstraße 4",
            municipality=None if is_online else town,
            district=town.district,
            languages=["de"],
            capacity=capacity,
            status=Event.Status.PUBLISHED,
            audience=Event.Audience.PUBLIC,
            published_at=starts - timedelta(days=45),
            reminder_days=2,
        )
        run = CourseRun.objects.create(event=event, module=module)
        CourseSession.objects.bulk_create(
            CourseSession(run=run, starts_at=_at(day, 17), ends_at=_at(day, 20, 15), units=unit)
            for day, unit in zip(days, units, strict=True)
        )
        self.runs.append(run)
        return run

    def register(self, run: CourseRun, people: list[User]) -> list[Registration]:
        moment = run.event.starts_at - timedelta(days=20)
        Registration.objects.bulk_create(
            Registration(
                event=run.event,
                user=user,
                status=Registration.Status.CONFIRMED,
                created_at=moment,
                confirmed_at=moment,
            )
            for user in people[: run.event.capacity]
        )
        return list(run.event.registrations.order_by("pk"))

    def attend(self, run: CourseRun, registrations: list[Registration], *, close: bool, by: User | None) -> None:
        """Attendance for every session that has begun: most present, some partly, a few excused or absent."""
        now = timezone.now()
        rows = []
        for session in run.sessions.all():
            if session.starts_at > now:
                continue
            for registration in registrations:
                # Most people come every time; about one in six misses now and then.
                reliable = registration.user_id % 6 != 0
                draw = self.rng.random() * (0.2 if reliable else 1)
                if draw < 0.82:
                    status, units = Attendance.Status.PRESENT, session.units
                elif draw < 0.9:
                    status, units = Attendance.Status.PRESENT, (session.units / 2).quantize(Decimal("0.1"))
                elif draw < 0.96:
                    status, units = Attendance.Status.EXCUSED, Decimal("0")
                else:
                    status, units = Attendance.Status.ABSENT, Decimal("0")
                rows.append(
                    Attendance(session=session, registration=registration, status=status, units=units, recorded_by=by)
                )
        Attendance.objects.bulk_create(rows)
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(checked_in_at=run.event.starts_at)
        if close:
            run.closed_at, run.closed_by = run.event.ends_at + timedelta(days=1), by
            run.save(update_fields=["closed_at", "closed_by"])

    # --- service hours ------------------------------------------------------------------------------------
    def hours(self, lotsen: list[Lotse], months: list[date]) -> None:
        kinds = list(ServiceKind.objects.filter(active=True))
        if not kinds:
            return
        rows = []
        for lotse in lotsen:
            for month in months:
                for _ in range(self.rng.randint(2, 6)):
                    day = month + timedelta(days=self.rng.randint(0, 27))
                    if day >= self.today:
                        continue
                    rows.append(
                        ServiceHours(
                            lotse=lotse,
                            date=day,
                            hours=Decimal(self.rng.choice(["1", "1.5", "2", "2.5", "3", "4"])),
                            kind=self.rng.choice(kinds),
                            language=self.rng.choice(["ar", "fa", "tr", "uk", "ru", "ti", "ku"]),
                        )
                    )
        ServiceHours.objects.bulk_create(rows)


def _month(day: date, back: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)


def load(stdout: TextIO) -> None:
    if Module.objects.exists():
        stdout.write("Demo qualification: the catalogue exists already, nothing added.\n")
        return
    trager = list(Organisation.objects.filter(kind=Organisation.Kind.LOTSEN).select_related("municipality__district"))
    towns = {m.name: m for m in Municipality.objects.filter(name__in=TRAINING_TOWNS).select_related("district")}
    if len(trager) < 2 or not towns:
        stdout.write("Demo qualification skipped: load the demo directory first.\n")
        return
    demo = Demo(random.Random(SEED), stdout)
    demo.load_catalogue()
    team = User.objects.filter(role=Role.STAFF).order_by("pk").first()
    basis = demo.curricula["basisqualifizierung-wir-lotsen"]
    basis_modules = [entry.module for entry in basis.entries.select_related("module").order_by("position")]

    # Two Träger: A finished its Basisqualifizierung in spring, B is in the middle of its own.
    first, second = sorted(trager, key=lambda o: o.name)[:2]
    coordinator, coordinator_b = demo.people("koordination", 2)
    User.objects.filter(pk=coordinator.pk).update(email=COORDINATOR)
    EmailAddress.objects.filter(user=coordinator).update(email=COORDINATOR)
    coordinator.refresh_from_db()
    lotsen_a, lotsen_b = demo.people("lotsin-a", 22), demo.people("lotsin-b", 18)
    demo.staff_trager(first, coordinator, lotsen_a, demo.today - timedelta(days=400))
    demo.staff_trager(second, coordinator_b, lotsen_b, demo.today - timedelta(days=120))

    town_a = first.municipality or next(iter(towns.values()))
    start_a = demo.today - timedelta(weeks=30)
    for index, module in enumerate(basis_modules):
        run = demo.run(module, organiser=first, town=town_a, first_day=start_a + timedelta(weeks=2 * index), sessions=2)
        demo.attend(run, demo.register(run, lotsen_a), close=True, by=coordinator)

    town_b = second.municipality or next(iter(towns.values()))
    start_b = demo.today - timedelta(weeks=7)
    for index, module in enumerate(basis_modules):
        run = demo.run(
            module, organiser=second, town=town_b, first_day=start_b + timedelta(weeks=2 * index), sessions=2
        )
        finished = run.event.ends_at < timezone.now()
        demo.attend(run, demo.register(run, lotsen_b), close=finished, by=coordinator_b)

    # Vereinsmanagement for migrant organisations, by the centre: past runs with attendance, coming ones open.
    volunteers = demo.people("verein", 24)
    members = Organisation.objects.filter(kind=Organisation.Kind.MIGRANT, status=Organisation.Status.VERIFIED)
    for user, organisation in zip(volunteers, members.order_by("pk")[:24], strict=False):
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": Membership.Role.MEMBER}
        )
    series = [entry.module for entry in demo.curricula["vereinsmanagement"].entries.order_by("position")]
    for index, module in enumerate(series[:3]):
        town = list(towns.values())[index % len(towns)]
        run = demo.run(
            module, organiser=None, town=town, first_day=demo.today - timedelta(weeks=20 - 3 * index), sessions=1
        )
        demo.attend(run, demo.register(run, volunteers[:14]), close=True, by=team)
    for index, module in enumerate(series):
        town = list(towns.values())[(index + 2) % len(towns)]
        online = index == 3
        run = demo.run(
            module,
            organiser=None,
            town=town,
            first_day=demo.today + timedelta(weeks=3 + 2 * index),
            sessions=1,
            is_online=online,
        )
        demo.register(run, volunteers[index * 3 : index * 3 + 4])

    # Three months of hours; the two earlier months are approved by the coordinators.
    months = [_month(demo.today, back) for back in (3, 2, 1)]
    roles = list(Lotse.objects.filter(organisation__in=[first, second]).select_related("organisation"))
    demo.hours(roles, months)
    _issue_and_approve(demo, roles, months[:2], {first.pk: coordinator, second.pk: coordinator_b}, team)
    stdout.write(
        f"Demo qualification: {len(demo.modules)} modules, {len(demo.curricula)} curricula, {len(demo.runs)} course "
        f"runs, {len(roles)} Lotsen at two Träger; {COORDINATOR} coordinates {first.name}, {LOTSIN} is a Lotsin.\n"
    )


def _issue_and_approve(
    demo: Demo, roles: list[Lotse], months: list[date], coordinators: dict[int, User], team: User | None
) -> None:
    """Certificates and approvals through their services (the same rules as on the platform)."""
    from vielfalt.qualification.certificates.services import certificate_revoke, certificates_issue_due
    from vielfalt.qualification.hours.services import months_approve

    issued = certificates_issue_due(user_ids=[role.user_id for role in roles], by=team)
    if issued and team is not None:
        certificate_revoke(certificate=issued[-1], by=team, reason="Irrtümlich ausgestellt: Modul doppelt gezählt.")
    for organisation_id, coordinator in coordinators.items():
        lotsen = [role for role in roles if role.organisation_id == organisation_id]
        for month in months:
            months_approve(
                organisation=lotsen[0].organisation, month=month, lotse_ids=[r.pk for r in lotsen], by=coordinator
            )
