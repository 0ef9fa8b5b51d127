"""Suspended means suspended: a suspended person reads, but no write anywhere on the platform passes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.core.testing.urls import every_named_url
from vielfalt.events.models import Event
from vielfalt.exchange.middleware import may_write_while_suspended
from vielfalt.exchange.models import Group, GroupMembership, Suspension
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory
from vielfalt.organisations.models import Invitation, Organisation
from vielfalt.pages.models import ContactMessage

pytestmark = pytest.mark.django_db
REFUSAL = "Ihr Konto ist gesperrt"


def suspend(user: User, days: int = 3) -> Suspension:
    return Suspension.objects.create(user=user, until=timezone.now() + timedelta(days=days), reason="Werbung")


WRITES = [(name, kwargs) for name, kwargs in every_named_url() if not may_write_while_suspended(name)]


def test_the_list_covers_the_write_views_of_every_app() -> None:
    names = {name.split(":")[0] for name, _kwargs in WRITES if ":" in name}
    assert {"accounts", "staff", "organisations", "events", "exchange", "pages", "notifications"} <= names
    assert len(WRITES) > 100


@pytest.mark.parametrize(("name", "kwargs"), WRITES, ids=[name for name, _kwargs in WRITES])
def test_every_write_is_refused(client: Client, personas: Personas, name: str, kwargs: dict[str, Any]) -> None:
    suspend(personas.member)
    login(client, personas.member)

    response = client.post(reverse(name, kwargs=kwargs), {"body": "Kauft bei mir!"})

    assert response.status_code == 403
    assert REFUSAL in response.content.decode()


def test_reading_and_looking_after_ones_account_still_work(client: Client, personas: Personas) -> None:
    suspend(personas.member)
    login(client, personas.member)

    assert client.get("/de/austausch/gruppen/").status_code == 200
    response = client.post("/de/benachrichtigungen/alle-gelesen/")
    assert response.status_code == 302
    assert client.post("/de/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.fixture
def suspended_admin(personas: Personas, organisation: Organisation) -> Any:
    """org_admin speaks for ``organisation``, moderates a group, and is suspended."""
    group = GroupFactory(slug="nachbarschaft", description="Die alte Beschreibung.")
    GroupMembershipFactory(group=group, user=personas.org_admin, role=GroupMembership.Role.MODERATOR)
    suspend(personas.org_admin)
    return personas.org_admin


def test_a_suspended_moderator_changes_no_group_description(client, personas, suspended_admin):
    login(client, suspended_admin)

    response = client.post("/de/austausch/gruppen/nachbarschaft/bearbeiten/", {"description": "Spam!"})

    assert response.status_code == 403
    assert Group.objects.get(slug="nachbarschaft").description == "Die alte Beschreibung."


def test_a_suspended_moderator_invites_nobody(client, personas, suspended_admin):
    login(client, suspended_admin)

    response = client.post(
        "/de/austausch/gruppen/nachbarschaft/mitglieder/einladen/", {"email": "outsider@example.org"}
    )

    assert response.status_code == 403
    assert not GroupMembership.objects.filter(user=personas.outsider).exists()


def test_a_suspended_admin_changes_no_organisation_and_invites_nobody(client, personas, organisation, suspended_admin):
    login(client, suspended_admin)

    edit = client.post(f"/de/organisationen/{organisation.slug}/bearbeiten/", {"name": "Spam e. V."})
    invite = client.post(
        f"/de/organisationen/{organisation.slug}/mitglieder/einladen/", {"email": "neu@example.org", "role": "admin"}
    )

    assert edit.status_code == invite.status_code == 403
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name
    assert not Invitation.objects.exists()


def test_a_suspended_admin_creates_no_event(client, personas, organisation, suspended_admin):
    login(client, suspended_admin)

    response = client.post("/de/veranstaltungen/neu/", {"title": "Werbung", "organiser": organisation.pk})

    assert response.status_code == 403
    assert not Event.objects.exists()


def test_a_suspended_person_uses_no_contact_form(client, personas, organisation, suspended_admin, mailbox):
    login(client, suspended_admin)
    data = {"name": "Ada", "email": "admin@example.org", "subject": "Angebot", "message": "Kauft bei mir!"}

    site = client.post("/de/kontakt/", data)
    profile = client.post(f"/de/organisationen/{organisation.slug}/kontakt/", data)

    assert site.status_code == profile.status_code == 403
    assert not ContactMessage.objects.exists()
    assert mailbox == []


def test_when_the_suspension_ends_writing_works_again(client, personas, suspended_admin):
    Suspension.objects.filter(user=suspended_admin).update(until=timezone.now() - timedelta(minutes=1))
    login(client, suspended_admin)

    response = client.post("/de/austausch/gruppen/nachbarschaft/bearbeiten/", {"description": "Neu"})

    assert response.status_code != 403
