"""Helpers shared by the tests of the organiser pages (test_manage_*.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration import services
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import Municipality

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]
# Who runs an event of ``organisation``: its admin (the organiser) and the team.
MANAGERS = {"org_admin", "staff"}


def as_persona(client: Client, personas: Personas, persona: str) -> Client:
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def staff_without_totp() -> User:
    return UserFactory.create(email="new-staff@example.org", name="Nora Neu", role=Role.STAFF)


def expected_status(persona: str, *, draft: bool = False) -> int:
    """What a GET of an organiser page answers each persona (for an event of ``organisation``)."""
    if persona == "anonymous":
        return 302
    if persona in MANAGERS:
        return 200
    if persona == "staff_no_mfa":  # sent to set up the second factor first
        return 302
    return 404 if draft else 403


def local(value: datetime) -> str:
    """As ``<input type="datetime-local">`` sends it."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def giessen() -> Municipality:
    return Municipality.objects.get(ags="06531005")


def event_form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid event form as the browser sends it (in three weeks, in Gießen)."""
    starts = (timezone.localtime() + timedelta(days=21)).replace(hour=10, minute=0, second=0, microsecond=0)
    data: dict[str, Any] = {
        "kind": "regional",
        "title": "Regionaltreffen Mittelhessen",
        "description": "Wir lernen uns kennen und planen gemeinsame Projekte.",
        "starts_at": local(starts),
        "ends_at": local(starts.replace(hour=16)),
        "venue_name": "Bürgerhaus Gießen",
        "street": "Marktplatz 1",
        "postcode": "35390",
        "municipality": str(giessen().pk),
        "languages": ["tr", "de"],
        "audience": "public",
        "capacity": "40",
        "waiting_list_limit": "",
        "promotion": "confirm",
        "offer_hours": "48",
        "reminder_days": "2",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register(event: Event, user: User | None = None, **kwargs: Any) -> Registration:
    """Register ``user`` (a new person if None) through the service, as the registration page does."""
    user = user or UserFactory.create()
    return services.registration_create(event=event, user=user, **kwargs)[0]


def member_of(organisation: Organisation, **user: Any) -> User:
    person = UserFactory.create(**user)
    Membership.objects.create(organisation=organisation, user=person, role=Membership.Role.MEMBER)
    return person


def manage_url(event: Event, name: str, **kwargs: Any) -> str:
    return reverse(f"events:{name}", kwargs={"slug": event.slug, **kwargs})


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def obeys_csp(content: str) -> bool:
    """No inline script, no inline style (the Content Security Policy would block them)."""
    return not _INLINE_SCRIPT.search(content) and "style=" not in content and "<style" not in content
