"""Qualification's personas, beyond the suite's (outsider, member, org_admin, staff, staff_no_mfa).

``trager`` is a verified Lotsen-Träger whose coordinator (organisation admin) is ``coordinator``;
``lotse`` serves there; ``other_coordinator`` coordinates another Träger; ``ministry`` is the
ministry viewer. Issue 11 asks every view to be tried by all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import Personas
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.qualification.models import Lotse
from vielfalt.qualification.tests.factories import LotseFactory, TragerFactory


@dataclass
class Network:
    trager: Organisation
    other_trager: Organisation
    coordinator: User
    other_coordinator: User
    lotse: User
    lotse_role: Lotse
    ministry: User


@pytest.fixture
def network(personas: Personas) -> Network:
    trager = TragerFactory.create(name="Freiwilligenzentrum Mittelhessen e.V.", slug="freiwilligenzentrum-mittelhessen")
    other = TragerFactory.create(name="Ehrenamtsagentur Nordhessen e.V.", slug="ehrenamtsagentur-nordhessen")
    coordinator = UserFactory.create(email="koordination@example.org", name="Kora Koordination")
    other_coordinator = UserFactory.create(email="koordination-nord@example.org", name="Nils Nord")
    lotse = UserFactory.create(email="lotsin@example.org", name="Leyla Lotsin")
    Membership.objects.create(organisation=trager, user=coordinator, role=Membership.Role.ADMIN)
    Membership.objects.create(organisation=other, user=other_coordinator, role=Membership.Role.ADMIN)
    Membership.objects.create(organisation=trager, user=lotse, role=Membership.Role.MEMBER)
    role = LotseFactory.create(organisation=trager, user=lotse)
    ministry = UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
    return Network(
        trager=trager,
        other_trager=other,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        lotse=lotse,
        lotse_role=role,
        ministry=ministry,
    )


@pytest.fixture
def everyone(personas: Personas, network: Network) -> dict[str, User]:
    """Every persona issue 11 names, by name: the suite's five and qualification's four."""
    return personas.all() | {
        "lotse": network.lotse,
        "coordinator": network.coordinator,
        "other_coordinator": network.other_coordinator,
        "ministry": network.ministry,
    }


# --- runs ---


@pytest.fixture
def issue_due_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What attendance changes ask the certificates part (``certificates_issue_due``) to issue, recorded
    instead of issued; stands in for that part's module while it is not installed."""
    import sys
    import types

    calls: list[dict[str, object]] = []

    def issue_due(*, user_ids: object, by: object) -> list[object]:
        calls.append({"user_ids": sorted(user_ids), "by": by})  # type: ignore[call-overload]
        return []

    name = "vielfalt.qualification.certificates.services"
    try:
        module = __import__(name, fromlist=["certificates_issue_due"])
    except ImportError:
        module = types.ModuleType(name)
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(module, "certificates_issue_due", issue_due, raising=False)
    return calls
