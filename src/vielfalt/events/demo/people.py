"""The demo's people: who registers for the events, and the representatives of organisations the
demo adds for it (invented names, addresses ending in ``demo.vielfalt.invalid``)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from vielfalt.accounts.models import Role, User
from vielfalt.events.demo.data import (
    FIRST_NAMES,
    LANGUAGES,
    LAST_NAMES,
    SPOKEN,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

EXTRA_PEOPLE = 140  # synthetic representatives of organisations, besides the accounts of accounts.demo


@dataclass(frozen=True)
class Person:
    """Someone who registers, and the organisation they register for."""

    user: User
    organisation: Organisation | None

    @property
    def district_id(self) -> int | None:
        return self.organisation.district_id if self.organisation else None


def _ascii(text: str) -> str:
    text = text.replace("ı", "i").replace("ß", "ss").replace("ł", "l").replace(" ", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def extra_people(rng: random.Random, organisations: list[Organisation]) -> list[Person]:
    """Representatives of organisations (one or two per organisation), created in bulk if missing."""
    names: list[str] = []
    emails: list[str] = []
    while len(names) < EXTRA_PEOPLE:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"
        if email not in emails:
            names.append(f"{first} {last}")
            emails.append(email)
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo's people share one password
    new = [
        User(
            email=email,
            name=name,
            password=password,
            role=Role.MEMBER,
            preferred_language=rng.choice(LANGUAGES),
            spoken_languages=sorted({"de", *rng.sample(SPOKEN, rng.randint(1, 2))}),
            date_joined=timezone.now() - timedelta(days=rng.randint(760, 1100)),  # before the first event
        )
        for name, email in zip(names, emails, strict=True)
        if email not in existing
    ]
    User.objects.bulk_create(new)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    created = [users[user.email] for user in new]
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in created
    )
    privacy = legal_document_current(kind="privacy")
    if privacy is not None:
        ConsentRecord.objects.bulk_create(ConsentRecord(user=user, document=privacy) for user in created)
    # The first ones represent an organisation each; the rest are a second person of an organisation.
    people = []
    for index, email in enumerate(emails):
        organisation = organisations[index % min(len(organisations), 110)] if organisations else None
        people.append(Person(users[email], organisation))
    Membership.objects.bulk_create(
        [
            Membership(organisation=p.organisation, user=p.user, role=Membership.Role.MEMBER)
            for p in people
            if p.organisation
        ],
        ignore_conflicts=True,
    )
    return people
