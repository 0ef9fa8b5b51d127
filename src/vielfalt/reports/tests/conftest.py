"""The reports' personas beyond the suite's: ``ministry`` is the ministry viewer (reads figures only)."""

from __future__ import annotations

import pytest

from conftest import Personas
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory


@pytest.fixture
def ministry(db: None) -> User:
    return UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)


@pytest.fixture
def everyone(personas: Personas, organisation: object, ministry: User) -> dict[str, User]:
    """Every persona: the suite's five (member and org_admin of ``organisation``) and the ministry viewer."""
    return personas.all() | {"ministry": ministry}
