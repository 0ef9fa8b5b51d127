"""Surveys' personas beyond the suite's: the ministry viewer."""

from __future__ import annotations

import pytest

from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory


@pytest.fixture
def ministry(db: None) -> User:
    return UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
