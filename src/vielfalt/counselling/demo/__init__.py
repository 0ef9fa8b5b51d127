"""Synthetic demo of counselling: 40 cases of migrant organisations of the demo directory, across districts
and topics and in every status — requests still new, cases assigned, in progress, waiting for the
organisation and closed with an outcome — among them two long Prozessbegleitungen with milestones (one
reached, one overdue, more to come), a log of contacts, appointments in the coming weeks, a few
messages and confidential notes, follow-up dates; two founding groups and a request from the public form.

Everything is invented (people from ``accounts.demo``, organisations from ``organisations.demo``, texts
written for the demo). Dates are relative to today. Written with the models directly (the rules the
services keep hold: closed cases have an outcome, appointments end after they start, contacts are not
in the future); the assignments and status changes are recorded in the audit log as the services would,
so each case's timeline tells its story. Idempotent: nothing happens if cases exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any, TextIO

from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import Role, User
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.models import Appointment, Case, Contact, Message, Milestone, Note, Topic, Way
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import District

SEED = 1212
Status = Case.Status
Outcome = Case.Outcome

# (status, how many): 40 cases in all, every status of the workflow.
SPREAD = [(Status.NEW, 6), (Status.ASSIGNED, 6), (Status.IN_PROGRESS, 12), (Status.WAITING, 6), (Status.CLOSED, 10)]
TITLES = {
    "foerderantraege": ["Antrag auf Mikroprojektförderung", "Förderantrag für ein Sommerfest", "Finanzplan für den Förderantrag"],
    "vereinsrecht": ["Satzungsänderung vorbereiten", "Eintragung ins Vereinsregister", "Gemeinnützigkeit beantragen"],
    "finanzen": ["Kassenprüfung und Jahresabschluss", "Spendenquittungen richtig ausstellen", "Buchhaltung auf Software umstellen"],
    "oeffentlichkeitsarbeit": ["Pressemitteilung zum Jubiläum", "Neue Internetseite des Vereins", "Flyer in mehreren Sprachen"],
    "projektmanagement": ["Projektplan für ein Nachbarschaftscafé", "Zeitplan für ein Kulturfestival", "Wirkung eines Projekts darstellen"],
    "ehrenamt": ["Neue Ehrenamtliche gewinnen", "Ehrenamtliche halten und anerkennen", "Aufgaben im Vorstand verteilen"],
    "kommune": ["Kontakt zum Integrationsbüro", "Raum bei der Stadt anfragen", "Mitarbeit im Ausländerbeirat"],
}  # fmt: skip
RESULTS = {
    Outcome.SOLVED: "Fragen in zwei Gesprächen geklärt; der Verein macht allein weiter.",
    Outcome.APPLICATION_SUBMITTED: "Antrag fristgerecht eingereicht; Bescheid wird im Frühjahr erwartet.",
    Outcome.REFERRED: "An die Ehrenamtsagentur im Kreis verwiesen, die vor Ort begleitet.",
    Outcome.WITHDRAWN: "Der Verein hat das Vorhaben auf das nächste Jahr verschoben.",
    Outcome.NO_RESPONSE: "Nach drei Nachfragen keine Rückmeldung; Fall geschlossen.",
}
SUMMARIES = [
    "Unterlagen gemeinsam durchgesehen, offene Punkte notiert.",
    "Telefonat zu Fristen und nächsten Schritten.",
    "Entwurf besprochen; der Vorstand überarbeitet ihn bis zum nächsten Termin.",
    "Fragen zur Kassenführung beantwortet, Vorlage geschickt.",
]
NOTES = [
    "Im Vorstand gibt es Streit um die Kasse; beim nächsten Termin behutsam ansprechen.",
    "Die Vorsitzende ist neu im Amt und wünscht sich mehr Begleitung als üblich.",
    "Frist beim Land ist knapp; notfalls eine Verlängerung anfragen.",
]
PROCESS_MILESTONES = [
    ("Bestandsaufnahme mit dem Vorstand", -120, True),
    ("Satzung überarbeitet", -45, True),
    ("Mitgliederversammlung beschließt die neue Satzung", -5, False),
    ("Förderantrag eingereicht", 30, False),
    ("Vorstand gewählt und Aufgaben verteilt", 75, False),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class Demo:
    def __init__(self, stdout: TextIO) -> None:
        self.rng = random.Random(SEED)
        self.stdout = stdout
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.team = User.objects.filter(email=f"team@{DEMO_DOMAIN}").first()
        self.topics = {topic.slug: topic for topic in Topic.objects.filter(is_active=True)}
        self.counter = 0

    def organisations(self) -> list[tuple[Organisation, User]]:
        """Verified migrant organisations of the demo directory with an admin: (organisation, admin)."""
        admins = (
            Membership.objects.filter(
                role=Membership.Role.ADMIN,
                organisation__kind=Organisation.Kind.MIGRANT,
                organisation__status=Organisation.Status.VERIFIED,
                user__email__endswith=f"@{DEMO_DOMAIN}",
            )
            .select_related("organisation", "user")
            .order_by("organisation__district_id", "organisation_id")
        )
        seen: dict[int, tuple[Organisation, User]] = {}
        for membership in admins:
            seen.setdefault(membership.organisation_id, (membership.organisation, membership.user))
        pairs = list(seen.values())
        # Spread over the districts: one organisation per district first, then the others.
        by_district: dict[int | None, list[tuple[Organisation, User]]] = {}
        for pair in pairs:
            by_district.setdefault(pair[0].district_id, []).append(pair)
        spread: list[tuple[Organisation, User]] = []
        while any(by_district.values()):
            for group in by_district.values():
                if group:
                    spread.append(group.pop(0))
        return spread

    def reference(self, created: datetime) -> str:
        self.counter += 1
        return f"B-{timezone.localtime(created).year}-{self.counter:05d}"

    def case(self, *, status: str, topic: Topic, created: datetime, **fields: object) -> Case:
        case = Case.objects.create(
            reference=self.reference(created),
            status=status,
            topic=topic,
            languages=fields.pop("languages", ["de"]),
            ways=fields.pop("ways", [self.rng.choice([Way.PHONE, Way.VIDEO, Way.ON_SITE, Way.CENTRE]).value]),
            **fields,
        )
        changed = created + timedelta(days=self.rng.randint(1, 6)) if status != Status.NEW else created
        changed = min(changed, self.now - timedelta(hours=1))
        Case.objects.filter(pk=case.pk).update(created_at=created, status_changed_at=changed)
        case.created_at, case.status_changed_at = created, changed
        return case

    def history(self, case: Case, status: str) -> None:
        """The audit entries the services would have written: assigned, then the moves to ``status``."""
        if status == Status.NEW or self.team is None:
            return
        moves: list[tuple[str, str]] = []
        if status in (Status.IN_PROGRESS, Status.WAITING, Status.CLOSED):
            moves.append((Status.ASSIGNED, Status.IN_PROGRESS))
        if status == Status.WAITING:
            moves.append((Status.IN_PROGRESS, Status.WAITING))
        if status == Status.CLOSED:
            moves.append((Status.IN_PROGRESS, Status.CLOSED))
        written: list[tuple[str, dict[str, Any]]] = [
            ("counselling.case.assigned", {"assignee": self.team.pk, "previous": None, "status": "assigned"})
        ]
        for old, new in moves:
            move: dict[str, Any] = {"from": old, "to": new}
            if new == Status.CLOSED:
                move["outcome"] = case.outcome
            written.append(("counselling.case.moved", move))
        span = max((case.status_changed_at - case.created_at).total_seconds(), 3600)
        for index, (action, data) in enumerate(written):
            audit_record(actor=self.team, action=action, target=case, data=data)
            entry = AuditEntry.objects.filter(target_type="counselling.case", target_id=str(case.pk)).latest("pk")
            moment = case.created_at + timedelta(seconds=span * (index + 1) / (len(written) + 1))
            if index == len(written) - 1 and len(written) > 1:
                moment = case.status_changed_at
            AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)

    def contacts(self, case: Case, count: int, *, first: date, last: date) -> None:
        days = sorted(first + timedelta(days=self.rng.randint(0, max((last - first).days, 0))) for _ in range(count))
        for day in days:
            contact = Contact.objects.create(
                case=case,
                date=min(day, self.today),
                minutes=self.rng.choice([30, 45, 60, 60, 90, 120]),
                way=self.rng.choice([Way.PHONE, Way.VIDEO, Way.ON_SITE, Way.CENTRE, Way.EMAIL]),
                participants=self.rng.choice([1, 1, 2, 3]),
                summary=self.rng.choice(SUMMARIES),
                created_by=self.team,
            )
            contact.topics.set([case.topic])
            if self.team is not None:
                contact.staff.set([self.team])
            Contact.objects.filter(pk=contact.pk).update(created_at=_at(contact.date, 17))

    def appointment(self, case: Case, *, in_days: int, status: str, way: str = Way.VIDEO) -> None:
        starts = _at(self.today + timedelta(days=in_days), self.rng.choice([10, 14, 17]))
        Appointment.objects.create(
            case=case,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            way=way,
            place={
                Way.CENTRE: "Kompetenzzentrum Vielfalt, Beratungsraum 2",
                Way.ON_SITE: "In den Räumen des Vereins",
            }.get(Way(way), ""),
            video_url="https://video.demo.vielfalt.invalid/beratung" if way == Way.VIDEO else "",
            status=status,
            proposed_by=self.team,
            answered_by=case.requester
            if status in (Appointment.Status.ACCEPTED, Appointment.Status.DECLINED)
            else None,
            answered_at=self.now - timedelta(days=1) if status != Appointment.Status.PROPOSED else None,
        )

    def conversation(self, case: Case, requester: User) -> None:
        Message.objects.create(
            case=case, sender=self.team, from_team=True,
            body="Guten Tag, vielen Dank für Ihre Anfrage. Schicken Sie uns gern Ihren Entwurf vorab.",
        )  # fmt: skip
        Message.objects.create(
            case=case, sender=requester, from_team=False,
            body="Vielen Dank! Den Entwurf schicken wir bis Ende der Woche.",
        )  # fmt: skip


def load(stdout: TextIO) -> None:
    if Case.objects.exists():
        stdout.write("Demo counselling: cases exist already, nothing added.\n")
        return
    demo = Demo(stdout)
    pairs = demo.organisations()
    if not pairs or not demo.topics or demo.team is None or demo.team.role != Role.STAFF:
        stdout.write("Demo counselling skipped: load the demo people and directory first.\n")
        return
    rng, today, team = demo.rng, demo.today, demo.team
    topic_slugs = sorted(demo.topics)
    outcomes = list(RESULTS)
    index = 0
    for status, count in SPREAD:
        for _ in range(count):
            organisation, admin = pairs[index % len(pairs)]
            topic = demo.topics[topic_slugs[index % len(topic_slugs)]]
            age = {Status.NEW: 3, Status.ASSIGNED: 10, Status.IN_PROGRESS: 60, Status.WAITING: 50, Status.CLOSED: 300}
            created = _at(
                today - timedelta(days=rng.randint(1, age[status])), rng.randint(8, 19), rng.choice([0, 15, 30])
            )
            fields: dict[str, object] = {
                "title": rng.choice(TITLES.get(topic.slug, ["Allgemeine Beratung für den Verein"])),
                "organisation": organisation,
                "district": organisation.district,
                "requester": admin,
                "requester_language": admin.preferred_language or "de",
                "description": "Wir sind ein kleiner ehrenamtlicher Verein und brauchen Unterstützung bei diesem Vorhaben.",
                "languages": sorted({"de", rng.choice(["ar", "tr", "fa", "ru", "uk"])}),
                "assignee": None if status == Status.NEW else team,
            }
            if topic.slug == "foerderantraege":
                fields["deadline"] = today + timedelta(days=rng.randint(20, 90))
            if index == 2:  # a group founding an association: no organisation yet
                fields.update(organisation=None, founding_name="Initiative Ukrainischer Eltern in Fulda")
                fields["district"] = District.objects.filter(name__startswith="Fulda").first()
            if index == 4:  # from the public form: a visitor without an account
                fields.update(
                    requester=None, source=Case.Source.PUBLIC, requester_name="Samira Haddad",
                    requester_email=f"samira.haddad@{DEMO_DOMAIN}", requester_language="ar",
                )  # fmt: skip
            if status == Status.CLOSED:
                outcome = outcomes[index % len(outcomes)]
                fields.update(outcome=outcome, result=RESULTS[outcome])
            if status in (Status.IN_PROGRESS, Status.WAITING) and index % 3 == 0:
                fields["follow_up_on"] = today + timedelta(days=rng.randint(0, 14))
            case = demo.case(status=status, topic=topic, created=created, **fields)
            if status == Status.CLOSED:
                closed_at = min(case.created_at + timedelta(days=rng.randint(20, 90)), demo.now - timedelta(days=1))
                Case.objects.filter(pk=case.pk).update(closed_at=closed_at, status_changed_at=closed_at)
                case.status_changed_at = closed_at
            if status == Status.WAITING and index % 2 == 0:  # waiting longer than the setting: reminded
                since = demo.now - timedelta(days=20)
                Case.objects.filter(pk=case.pk).update(status_changed_at=since)
                case.status_changed_at = since
            demo.history(case, status)
            if status in (Status.IN_PROGRESS, Status.WAITING, Status.CLOSED):
                first = timezone.localdate(case.created_at) + timedelta(days=2)
                demo.contacts(case, rng.randint(1, 3), first=min(first, today), last=today - timedelta(days=1))
            if status == Status.IN_PROGRESS and index % 2 == 0:
                demo.appointment(
                    case, in_days=rng.randint(2, 21),
                    status=rng.choice([Appointment.Status.PROPOSED, Appointment.Status.ACCEPTED]),
                )  # fmt: skip
            if status in (Status.IN_PROGRESS, Status.WAITING) and index % 4 == 1 and case.requester is not None:
                demo.conversation(case, case.requester)
            if status == Status.IN_PROGRESS and index % 5 == 0:
                Note.objects.create(case=case, author=team, body=NOTES[index % len(NOTES)])
            index += 1
    process = _accompaniments(demo, pairs[index % len(pairs) :] + pairs[: index % len(pairs)])
    cases = Case.objects.count()
    stdout.write(
        f"Demo counselling: {cases} cases in {Case.objects.values('district').distinct().count()} districts, "
        f"{process} Prozessbegleitungen with milestones; team@{DEMO_DOMAIN} is assigned.\n"
    )


def _accompaniments(demo: Demo, pairs: list[tuple[Organisation, User]]) -> int:
    """Two of the in-progress cases become long Prozessbegleitungen (still 40 cases in all): months of
    contacts, milestones (reached, overdue, coming), appointments in the coming weeks."""
    today, team = demo.today, demo.team
    chosen = list(Case.objects.filter(status=Status.IN_PROGRESS, organisation__isnull=False).order_by("pk")[:2])
    titles = ["Strukturentwicklung des Vereins: neue Satzung und Förderantrag", "Vom Kulturverein zum Projektträger"]
    for case, title, started in zip(chosen, titles, (200, 150), strict=False):
        created = _at(today - timedelta(days=started), 10)
        Case.objects.filter(pk=case.pk).update(
            kind=Case.Kind.PROCESS, title=title, created_at=created, follow_up_on=today + timedelta(days=7),
            topic=demo.topics.get("vereinsrecht", case.topic),
        )  # fmt: skip
        case.refresh_from_db()
        for milestone_title, due_in, done in PROCESS_MILESTONES:
            due = today + timedelta(days=due_in)
            milestone = Milestone.objects.create(
                case=case, title=milestone_title, due_on=due, done_on=due - timedelta(days=3) if done else None
            )
            Milestone.objects.filter(pk=milestone.pk).update(created_at=created + timedelta(days=7))
        demo.contacts(case, 8, first=timezone.localdate(created) + timedelta(days=3), last=today - timedelta(days=2))
        demo.appointment(case, in_days=5, status=Appointment.Status.ACCEPTED, way=Way.ON_SITE)
        demo.appointment(case, in_days=19, status=Appointment.Status.PROPOSED, way=Way.CENTRE)
        if case.requester is not None:
            demo.conversation(case, case.requester)
        if team is not None:
            Note.objects.create(case=case, author=team, body=NOTES[0])
    return len(chosen)
