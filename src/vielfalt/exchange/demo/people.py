"""The demo exchange's people: everyone the demo accounts and the events demo created, and the cast
the scripts name ("member", "team", "helper", "p1" …). ``DemoBase`` holds the state the other
parts of the loader build on."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.core.lib.richtext import sanitise
from vielfalt.exchange.demo.data import (
    CAST_LANGUAGES,
    BoardSpec,
    ConversationSpec,
    Reply,
)
from vielfalt.exchange.models import (
    BoardPost,
    Conversation,
    Group,
    GroupMembership,
    Message,
    Post,
    Thread,
)
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import Membership, Organisation

README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"
TEAM = f"team@{DEMO_DOMAIN}"

Role = GroupMembership.Role
Status = GroupMembership.Status
Joining = Group.Joining
Visibility = Group.Visibility


@dataclass(frozen=True)
class Person:
    user: User
    organisation: Organisation | None


def html_paragraphs(text: str) -> str:
    return sanitise("".join(f"<p>{escape(part, quote=False)}</p>" for part in text.split("\n\n")))


def url_for(name: str, **kwargs: Any) -> str:
    # ``load`` runs in German: the notification list translates the address into the reader's language.
    return reverse(name, kwargs=kwargs)


class DemoBase:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people: list[Person] = []
        self.by_email: dict[str, Person] = {}
        self.cast: dict[str, Person] = {}  # the people the scripts name (see the keys above)
        self.groups: dict[str, Group] = {}  # by slug, regional groups also by their district's AGS
        self.regional: dict[int, Group] = {}  # by district
        self.members: dict[tuple[int, int], GroupMembership] = {}  # by (group, user)
        self.saved_members: set[tuple[int, int]] = set()
        self.first_post: dict[tuple[int, int], datetime] = {}
        self.posts: list[tuple[Thread, Post, Reply | None]] = []
        self.conversations: list[tuple[Conversation, ConversationSpec, Person, Person, list[Message]]] = []
        self.board: list[tuple[BoardPost, BoardSpec]] = []
        self.notifications: list[Notification] = []
        # ``created_at`` is set on insert (``auto_now_add``): when each row really happened, set afterwards.
        self.times: dict[int, tuple[Model, datetime]] = {}

    def at(self, row: Model, moment: datetime) -> None:
        self.times[id(row)] = (row, moment)

    def when(self, row: Model) -> datetime:
        return self.times[id(row)][1]

    # --- people -----------------------------------------------------------------------------------------

    def load_people(self) -> bool:
        memberships = (
            Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}", organisation__status="verified")
            .select_related("organisation", "user")
            .only("role", "user", "organisation__name", "organisation__district_id", "organisation__status")
            .order_by("user__email", "role", "pk")  # "admin" first: the organisation someone runs
        )
        own: dict[str, Person] = {}
        for membership in memberships:
            own.setdefault(membership.user.email, Person(membership.user, membership.organisation))
        team = User.objects.filter(email=TEAM).first()
        if team is None or README_MEMBER not in own:
            return False
        own[TEAM] = Person(team, None)
        self.people = [own[email] for email in sorted(own)]
        self.by_email = own
        return True

    def ordinary(self) -> list[Person]:
        """People from organisations (not the team, the municipal actors, the README member or the spammer)."""
        spammer = self.cast["spammer"].user.pk if "spammer" in self.cast else None
        return [
            p
            for p in self.people
            if p.organisation is not None
            and p.user.pk != spammer
            and not p.user.email.startswith(("kommune-", "team@", "mitglied-01@"))
        ]

    def admin_of(self, email: str) -> Person | None:
        membership = (
            Membership.objects.filter(user__email=email, role=Membership.Role.ADMIN, organisation__status="verified")
            .select_related("organisation", "user")
            .order_by("pk")
            .first()
        )
        return Person(membership.user, membership.organisation) if membership else None

    def office_of(self, district_id: int | None) -> Person | None:
        """The integration office of a district, as its municipal demo account runs it."""
        if district_id is None:
            return None
        membership = (
            Membership.objects.filter(
                user__email__startswith="kommune-", role=Membership.Role.ADMIN,
                organisation__district_id=district_id, organisation__status="verified",
            )
            .select_related("organisation", "user")
            .order_by("pk")
            .first()
        )  # fmt: skip
        return Person(membership.user, membership.organisation) if membership else None

    def choose_cast(self) -> None:
        cast = self.cast
        cast["member"] = self.by_email[README_MEMBER]
        cast["team"] = self.by_email[TEAM]
        for n in (10, 11, 12, 13, 14):
            email = f"mitglied-{n}@{DEMO_DOMAIN}"
            admin = self.admin_of(email)
            if admin is not None:
                cast[f"org:{n}"] = admin
            person = admin or self.by_email.get(email)
            if person is not None:
                cast[f"mitglied-{n}"] = person
        host = cast.get("org:10")
        if host is not None and host.organisation is not None:
            cast["host"] = host
            office = self.office_of(host.organisation.district_id)
            if office is not None:
                cast["host-office"] = office
        member = cast["member"]
        office = self.office_of(member.organisation.district_id if member.organisation else None)
        if office is not None:
            cast["office"] = office
        # An organisation whose admin answers in Turkish.
        admins = [
            Person(m.user, m.organisation)
            for m in Membership.objects.filter(
                user__email__startswith="mitglied-", role=Membership.Role.ADMIN, organisation__status="verified"
            ).select_related("organisation", "user").order_by("user__email", "pk")
        ]  # fmt: skip
        spoken_for = {p.organisation.pk for key, p in cast.items() if key.startswith("org:") and p.organisation}
        admins = [p for p in admins if p.organisation and p.organisation.pk not in spoken_for]
        speaking = [p for p in admins if self.speaks(p.user, "tr")] or admins
        if speaking:
            cast["org:tr"] = speaking[0]
        # Everyone else is someone from the directory; the events demo made most of them.
        taken = {p.user.pk for p in cast.values()}
        others = [p for p in self.ordinary() if p.user.pk not in taken]
        self.rng.shuffle(others)
        for key in ["spammer", "helper", *[f"p{n}" for n in range(1, 17)]]:
            language = CAST_LANGUAGES.get(key, "de")
            # The spammer is nobody's demo account if it can be helped (those are for trying the platform out).
            fitting = [p for p in others if key != "spammer" or not p.user.email.startswith("mitglied-")] or others
            person = next((p for p in fitting if self.speaks(p.user, language)), fitting[0] if fitting else None)
            if person is None:
                break
            cast[key] = person
            others.remove(person)

    @staticmethod
    def first_name(user: User) -> str:
        return (user.name or "").split(" ")[0]

    @staticmethod
    def speaks(user: User, language: str) -> bool:
        return language == "de" or language in (user.spoken_languages or []) or user.preferred_language == language

    # --- groups -----------------------------------------------------------------------------------------
