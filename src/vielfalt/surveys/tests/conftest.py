"""Surveys' personas beyond the suite's: the ministry viewer."""

from __future__ import annotations

import pytest

from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory


@pytest.fixture
def ministry(db: None) -> User:
    return UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Every test answers from the same address: with a shared cache (Redis in the PostgreSQL run) the
    answers of earlier tests — and earlier runs — would count against the public answer limit."""
    from django.core.cache import cache

    cache.clear()
