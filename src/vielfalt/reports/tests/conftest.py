"""Test figures for the annual report (the real ones are registered by the apps themselves).

``report_figures`` empties the registry for the test and registers two areas with four figures over
two districts; the registry is restored afterwards. The values are chosen so that suppression shows:
3 organisations in Gießen is "< 5", and one more cell must be hidden so the total does not tell it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import Personas
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core import figures as registry

YEAR = date.today().year - 1  # a finished year the page offers
GIESSEN = "06531"
DARMSTADT = "06411"
KASSEL = "06611"

# (year, district, category) -> value
ORGANISATIONS = {
    (YEAR, GIESSEN, ""): 3,
    (YEAR, DARMSTADT, ""): 40,
    (YEAR, KASSEL, ""): 12,
    (YEAR - 1, DARMSTADT, ""): 30,
    (YEAR - 1, KASSEL, ""): 2,
}
EVENTS = {(YEAR, GIESSEN, ""): 3, (YEAR, "", ""): 7, (YEAR - 2, DARMSTADT, ""): 11}
PARTICIPANTS = {(YEAR, GIESSEN, ""): 30, (YEAR, DARMSTADT, ""): 120, (YEAR, "", ""): 2}
KINDS = {(YEAR, GIESSEN, "verein"): 2, (YEAR, DARMSTADT, "verein"): 25, (YEAR, DARMSTADT, "initiative"): 15}


def _constant(values: dict[tuple[int, str, str], int]) -> Any:
    def compute(years: Sequence[int]) -> dict[tuple[int, str, str], int]:
        return {cell: value for cell, value in values.items() if cell[0] in years}

    return compute


@dataclass
class ReportFigures:
    calls: list[tuple[str, tuple[int, ...]]]


@pytest.fixture
def report_figures(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReportFigures]:
    monkeypatch.setattr(registry, "_figures", {})
    monkeypatch.setattr(registry, "_areas", {})
    calls: list[tuple[str, tuple[int, ...]]] = []

    def recorded(key: str, values: dict[tuple[int, str, str], int]) -> Any:
        inner = _constant(values)

        def compute(years: Sequence[int]) -> dict[tuple[int, str, str], int]:
            calls.append((key, tuple(years)))
            return inner(years)  # type: ignore[no-any-return]

        return compute

    registry.register_area("test_directory", label="Verzeichnis (Test)", order=1)
    registry.register_area("test_events", label="Veranstaltungen (Test)", order=2)
    registry.register(
        registry.Figure(
            key="test.organisations",
            area="test_directory",
            label="Organisationen im Verzeichnis",
            unit=registry.ORGANISATIONS,
            compute=recorded("test.organisations", ORGANISATIONS),
            description="Geprüfte Organisationen am Jahresende.",
            order=1,
        )
    )
    registry.register(
        registry.Figure(
            key="test.kinds",
            area="test_directory",
            label="Organisationen nach Art",
            unit=registry.ORGANISATIONS,
            compute=recorded("test.kinds", KINDS),
            description="Geprüfte Organisationen nach ihrer Art.",
            categories=lambda: {"verein": "Verein", "initiative": "Initiative"},
            order=2,
        )
    )
    registry.register(
        registry.Figure(
            key="test.events",
            area="test_events",
            label="Veranstaltungen",
            unit=registry.COUNT,
            compute=recorded("test.events", EVENTS),
            description="Stattgefundene Veranstaltungen.",
            order=1,
        )
    )
    registry.register(
        registry.Figure(
            key="test.participants",
            area="test_events",
            label="Teilnehmende",
            unit=registry.PEOPLE,
            compute=recorded("test.participants", PARTICIPANTS),
            description="Anwesende Teilnehmende.",
            order=2,
        )
    )
    yield ReportFigures(calls=calls)


@pytest.fixture
def ministry(db: None) -> User:
    return UserFactory.create(email="ministerium@example.org", name="Mia Ministerium", role=Role.MINISTRY)


@pytest.fixture
def private_root(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture
def everyone(personas: Personas, organisation: object, ministry: User) -> dict[str, User]:
    """Every persona: the suite's five (member and org_admin of ``organisation``) and the ministry viewer."""
    return personas.all() | {"ministry": ministry}
