"""Writing the demo events' rows: an event with its programme, registrations (with needs, workshop
choices, check-ins and the waiting list), and documentation, in bulk and in the shape the
services guarantee (see ``events.demo``)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.core.lib import richtext
from vielfalt.events.demo.data import (
    ACCESSIBILITY_NEEDS,
    CHILDCARE,
    DIETARY,
    NETWORKING_MODERATORS,
    NETWORKING_PROGRAMME,
    NETWORKING_ROOMS,
    PLENARY,
    REGIONAL_WORKSHOPS,
    SLOT_TITLES,
    TOPICS,
    SessionSpec,
    SlotSpec,
    slot_from,
)
from vielfalt.events.demo.people import Person, extra_people
from vielfalt.events.models import (
    Documentation,
    Event,
    Registration,
    Session,
    TimeSlot,
    WorkshopChoice,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import District, Municipality

README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"

Kind = Event.Kind
Status = Registration.Status
Seat = WorkshopChoice.Status


def _workshop(title: str, capacity: int, room: str, speakers: str = "") -> SessionSpec:
    return SessionSpec(Session.Kind.WORKSHOP, title, capacity, room, speakers, TOPICS[title].description)


def networking_programme(phase_1: Sequence[tuple[str, int]], phase_2: Sequence[tuple[str, int]]) -> list[SlotSpec]:
    """The Vernetzungstreffen's day with its two workshop phases: (topic, places) for each workshop."""
    rooms, moderators = NETWORKING_ROOMS, NETWORKING_MODERATORS
    phases = {
        1: [_workshop(t, c, rooms[i], moderators[i]) for i, (t, c) in enumerate(phase_1)],
        2: [_workshop(t, c, rooms[i], moderators[-1 - i]) for i, (t, c) in enumerate(phase_2)],
    }
    return [
        SlotSpec(data["starts"], data["ends"], data["title"], phases[data["workshop_phase"]])
        if "workshop_phase" in data
        else slot_from(data)
        for data in NETWORKING_PROGRAMME
    ]


def at(day: date, hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), timezone.get_default_timezone())


def _holiday(day: date) -> bool:
    """The Christmas holidays and the fixed public holidays: nobody holds a meeting then."""
    return (
        (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6) or (day.month, day.day) in {(5, 1), (10, 3)}
    )


def on_weekday(day: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) on or after ``day``, moved by whole weeks out of holidays
    (later for a coming event, earlier for a past one)."""
    day += timedelta(days=(weekday - day.weekday()) % 7)
    step = timedelta(days=7 if day >= timezone.localdate() else -7)
    while _holiday(day):
        day += step
    return day


def district_label(district: District) -> str:
    return f"Landkreis {district.name}" if district.kind == District.Kind.RURAL else district.name


class Builder:
    def __init__(self, rng: random.Random, stdout: TextIO) -> None:
        self.rng = rng
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.slugs: set[str] = set(Event.objects.values_list("slug", flat=True))
        self.team = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
        self.events: list[Event] = []
        self.registrations = 0
        self.people: list[Person] = []
        self.by_email: dict[str, Person] = {}

    # --- people ---------------------------------------------------------------------------------------

    def load_people(self) -> None:
        verified = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        mos = list(verified.filter(kind=Organisation.Kind.MIGRANT).order_by("pk"))
        self.rng.shuffle(mos)
        extra = extra_people(self.rng, mos)
        memberships = (
            Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}", organisation__status="verified")
            .select_related("organisation", "user")
            .order_by("user__email", "role", "pk")  # "admin" first: an organisation someone runs
        )
        own: dict[str, Person] = {}
        for membership in memberships:
            email = membership.user.email
            if email.startswith(("mitglied-", "kommune-")) and email not in own:
                own[email] = Person(membership.user, membership.organisation)
        demo_people = [own[email] for email in sorted(own)]
        self.people = [*demo_people, *extra]
        self.by_email = {person.user.email: person for person in self.people}

    def person(self, email: str) -> Person | None:
        return self.by_email.get(email)

    def admin_of(self, email: str) -> Person | None:
        membership = (
            Membership.objects.filter(
                user__email=email, role=Membership.Role.ADMIN, organisation__status=Organisation.Status.VERIFIED
            )
            .select_related("organisation__municipality__district", "user")
            .order_by("pk")
            .first()
        )
        return Person(membership.user, membership.organisation) if membership else None

    def pick(
        self,
        n: int,
        *,
        near: int | None = None,
        exclude: Sequence[Person] = (),
        among: Sequence[Person] | None = None,
        municipal: bool = False,
    ) -> list[Person]:
        """``n`` people at random (those from ``near`` district more likely), colleagues next to each other."""
        excluded = {p.user.pk for p in exclude}
        candidates = [
            p
            for p in (self.people if among is None else among)
            if p.user.pk not in excluded and (municipal or not p.user.email.startswith("kommune-"))
        ]
        keyed = sorted(
            candidates, key=lambda p: self.rng.random() ** (1 / (6.0 if near and p.district_id == near else 1.0))
        )
        chosen = keyed[-n:][::-1]
        order: dict[int | None, list[Person]] = {}
        for person in chosen:
            key = person.organisation.pk if person.organisation else None
            order.setdefault(key if key is not None else -person.user.pk, []).append(person)
        return [person for group in order.values() for person in group]

    # --- events -----------------------------------------------------------------------------------------

    def slug(self, title: str, starts_at: datetime) -> str:
        base = f"{slugify(title)[:70] or 'veranstaltung'}-{timezone.localtime(starts_at):%Y}"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def event(
        self,
        *,
        title: str,
        kind: str,
        day: date,
        starts: str,
        ends: str,
        published_days: int = 56,
        status: str = Event.Status.PUBLISHED,
        organiser: Person | None = None,
        municipality: Municipality | None = None,
        **fields: Any,
    ) -> Event:
        starts_at, ends_at = at(day, starts), at(day, ends)
        published_at = min(starts_at - timedelta(days=published_days), self.now - timedelta(days=3))
        event = Event.objects.create(
            slug=self.slug(title, starts_at),
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            organiser=organiser.organisation if organiser else None,
            created_by=organiser.user if organiser else self.team,
            municipality=municipality,
            district_id=municipality.district_id if municipality else None,
            status=status,
            published_at=published_at if status != Event.Status.DRAFT else None,
            reminder_sent_at=starts_at - timedelta(days=2) if ends_at < self.now else None,
            **fields,
        )
        Event.objects.filter(pk=event.pk).update(created_at=published_at - timedelta(days=self.rng.randint(2, 20)))
        event.published_at = published_at if status != Event.Status.DRAFT else None
        self.events.append(event)
        return event

    def programme(self, event: Event, slots: Sequence[SlotSpec]) -> list[tuple[TimeSlot, list[Session]]]:
        """The event's time slots and sessions; returns the slots that have workshops, with them."""
        day = timezone.localtime(event.starts_at).date()
        rows = TimeSlot.objects.bulk_create(
            TimeSlot(
                event=event,
                starts_at=at(day, spec.starts),
                ends_at=at(day, spec.ends),
                title=spec.title,
                title_translations=SLOT_TITLES.get(spec.title, {}),
            )
            for spec in slots
        )
        sessions = Session.objects.bulk_create(
            Session(
                event=event,
                slot=slot,
                kind=s.kind,
                title=s.title,
                title_translations=(
                    TOPICS[s.title].translations
                    if s.title in TOPICS
                    else PLENARY.get(s.title) or REGIONAL_WORKSHOPS.get(s.title, {})
                ),
                description=s.description,
                speakers=s.speakers,
                room=s.room,
                capacity=s.capacity if s.kind == Session.Kind.WORKSHOP else None,
                position=position,
            )
            for slot, spec in zip(rows, slots, strict=True)
            for position, s in enumerate(spec.sessions)
        )
        workshops: list[tuple[TimeSlot, list[Session]]] = []
        for slot in rows:
            in_slot = [s for s in sessions if s.slot_id == slot.pk and s.kind == Session.Kind.WORKSHOP]
            if in_slot:
                workshops.append((slot, in_slot))
        return workshops

    # --- registrations ------------------------------------------------------------------------------------

    def register(
        self,
        event: Event,
        people: Sequence[Person],
        *,
        confirmed: int,
        waiting: int = 0,
        offered: int = 0,
        cancelled: int = 0,
        workshops: Sequence[tuple[TimeSlot, list[Session]]] = (),
        present: float = 0.0,
        needs: float = 0.0,
        keep: Sequence[str] = (),
        choose: dict[str, dict[int, str]] | None = None,
    ) -> list[Registration]:
        """Registrations of ``people`` in this order: confirmed (some of them cancelled later), offered, waiting.

        ``keep``: emails of people who neither cancel nor miss the event; ``choose``: their workshops
        (slot index → title).
        """
        rng, now = self.rng, self.now
        assert len(people) == confirmed + cancelled + offered + waiting, event
        assert confirmed + offered <= event.capacity and (
            not (waiting or offered) or confirmed + offered == event.capacity
        )
        assert event.waiting_list_limit is None or waiting <= event.waiting_list_limit
        holders = list(people[: confirmed + cancelled])
        cancelling = set(rng.sample([p.user.pk for p in holders if p.user.email not in keep], cancelled))
        statuses = [Status.CANCELLED if p.user.pk in cancelling else Status.CONFIRMED for p in holders]
        statuses += [Status.OFFERED] * offered + [Status.WAITING] * waiting
        opened = event.registration_opens_at or event.published_at or event.starts_at - timedelta(days=42)
        closed = min(now - timedelta(hours=2), event.starts_at - timedelta(days=1))
        span = max((closed - opened).total_seconds(), 3600.0)
        # Most people register soon after the announcement, the rest in a long tail.
        moments = sorted(opened + timedelta(seconds=span * rng.random() ** 1.8) for _ in people)
        past = event.ends_at < now
        erase = past and event.ends_at + timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS) < now
        rows: list[Registration] = []
        previous: Registration | None = None
        for person, status, moment in zip(people, statuses, moments, strict=True):
            row = Registration(
                event=event,
                user=person.user,
                organisation=person.organisation,
                registered_by=person.user,
                status=status,
                created_at=moment,
            )
            colleague = (
                previous is not None
                and person.organisation is not None
                and previous.organisation_id == person.organisation.pk
                and previous.registered_by_id == previous.user_id
            )
            if colleague and previous is not None and rng.random() < 0.7:  # registered together with a colleague
                row.group, row.registered_by, row.created_at = previous.group, previous.user, previous.created_at
            else:
                row.group = uuid.uuid4()
                if not erase and rng.random() < needs:
                    self._needs(event, row)
            if status == Status.CONFIRMED:
                row.confirmed_at = row.created_at
                if past and event.is_on_site and (person.user.email in keep or rng.random() < present):
                    row.checked_in_at = event.starts_at + timedelta(minutes=rng.randint(-25, 50))
            elif status == Status.CANCELLED:
                row.confirmed_at = row.created_at
                row.cancelled_at = min(row.created_at + timedelta(days=rng.randint(1, 20)), closed)
                row.cancel_note = "cancelled"
            if erase:
                row.needs_erased_at = event.ends_at + timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS)
            rows.append(row)
            previous = row
        if offered:
            # The place became free when someone cancelled this morning; the offer runs for ``offer_hours``.
            freed_at = now - timedelta(hours=10)
            freed = max((r for r in rows if r.status == Status.CANCELLED), key=lambda r: r.created_at, default=None)
            if freed is not None:
                freed_at = max(freed_at, freed.created_at + timedelta(minutes=30))
                freed.cancelled_at = freed_at
            for row in rows:
                if row.status == Status.OFFERED:
                    row.offer_expires_at = min(freed_at + timedelta(hours=event.offer_hours), event.starts_at)
        Registration.objects.bulk_create(rows)
        self.registrations += len(rows)
        if workshops:
            self._choices(rows, workshops, choose or {})
        return rows

    def _needs(self, event: Event, row: Registration) -> None:
        rng = self.rng
        kinds = rng.sample(["interpreting", "accessibility", "childcare", "dietary", "dietary"], rng.choice([1, 1, 2]))
        if "interpreting" in kinds and event.interpreting:
            row.interpreting_language = rng.choice(event.interpreting)
        if event.is_on_site:
            if "accessibility" in kinds:
                row.accessibility_needs = rng.choice(ACCESSIBILITY_NEEDS)
            if "childcare" in kinds:
                row.childcare = rng.choice(CHILDCARE)
            if "dietary" in kinds:
                row.dietary_needs = rng.choice(DIETARY)

    def _choices(
        self,
        rows: list[Registration],
        workshops: Sequence[tuple[TimeSlot, list[Session]]],
        choose: dict[str, dict[int, str]],
    ) -> None:
        """Everyone chooses a workshop per slot; the confirmed get a seat while there is one, in order of registration."""
        rng = self.rng
        seated: Counter[int] = Counter()
        choices = []
        for row in sorted(rows, key=lambda r: (r.created_at, r.pk)):
            if row.status == Status.CANCELLED:
                continue
            wished = choose.get(row.user.email, {})
            for index, (slot, sessions) in enumerate(workshops):
                if index not in wished and rng.random() < 0.05:
                    continue  # no workshop chosen in this slot
                weights = [TOPICS[s.title].popularity if s.title in TOPICS else 1.0 for s in sessions]
                session = (
                    next((s for s in sessions if s.title == wished.get(index)), None)
                    or rng.choices(sessions, weights=weights)[0]
                )
                status = Seat.WAITING
                if row.status == Status.CONFIRMED:
                    if seated[session.pk] >= (session.capacity or 0) and index not in wished and rng.random() < 0.5:
                        # Full: half of the people take another workshop that still has places.
                        free = [s for s in sessions if seated[s.pk] < (s.capacity or 0)]
                        session = rng.choice(free) if free else session
                    if seated[session.pk] < (session.capacity or 0):
                        status = Seat.SEATED
                        seated[session.pk] += 1
                choices.append(
                    WorkshopChoice(
                        registration=row, session=session, slot=slot, status=status, created_at=row.created_at
                    )
                )
        WorkshopChoice.objects.bulk_create(choices)

    # --- documentation ---------------------------------------------------------------------------

    def documentation(self, event: Event, *, summary: str, body: str, published: bool = True) -> None:
        Documentation.objects.create(
            event=event, summary=summary[:500], body=richtext.sanitise(body), published=published
        )


def networking_documentation(
    town: str, participants: int, organisations: int, topics: Sequence[str], year: int
) -> tuple[str, str]:
    summary = (
        f"Beim Vernetzungstreffen {year} in {town} haben {participants} Vertreterinnen und Vertreter von "
        f"{organisations} Organisationen in {len(topics)} Workshops erarbeitet, was Migrantenorganisationen in Hessen "
        "brauchen. Die Ergebnisse wurden im Plenum vorgestellt und dem Ministerium übergeben."
    )
    parts = [
        f"<p>Am Vernetzungstreffen {year} in {town} nahmen {participants} Personen aus {organisations} Vereinen, "
        "Verbänden und Integrationsbüros teil. Nach der Begrüßung und einem Impuls zur Lage der "
        "Migrantenorganisationen in Hessen arbeiteten die Teilnehmenden in zwei Workshopphasen. Die Ergebnisse – "
        "vor allem die genannten <strong>Bedarfe</strong> – fließen in die Angebote des Kompetenzzentrums ein.</p>",
    ]
    for title in topics:
        topic = TOPICS[title]
        items = "".join(f"<li>{need}</li>" for need in topic.needs)
        parts.append(f"<h2>{title}</h2><p>{topic.result}</p><p>Genannte Bedarfe:</p><ul>{items}</ul>")
    parts.append(
        "<h2>Übergabe an das Ministerium</h2><p>Im Abschlussplenum haben Sprecherinnen und Sprecher der Workshops die "
        "Ergebnisse vorgestellt und dem Ministerium übergeben. Besonders oft genannt wurden Beratung zu Fördermitteln, "
        "feste Ansprechpersonen in den Kommunen und mehr Raum für regelmäßigen Austausch.</p>"
        "<blockquote><p>„Wir benötigen mehr Raum zum Austausch von Erfahrungen und Informationen – am liebsten "
        "regelmäßig und in unserer Region.“ (Stimme aus dem Plenum)</p></blockquote>"
        "<h2>Wie es weitergeht</h2><ul><li>Regionaltreffen in allen Teilen Hessens</li>"
        "<li>ein monatliches Vernetzungscafé online</li><li>Schulungen zu Projektanträgen und Öffentlichkeitsarbeit"
        "</li></ul>"
    )
    return summary, "".join(parts)
