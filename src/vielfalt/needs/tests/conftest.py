from __future__ import annotations

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa", "ministry"]


@pytest.fixture
def ministry(db: None) -> User:
    return UserFactory.create(email="ministerium@example.org", name="Mia Ministerium", role=Role.MINISTRY)


def as_persona(client: Client, personas: Personas, persona: str, ministry: User) -> Client:
    if persona == "ministry":
        return login(client, ministry)
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client
