"""Counselling's personas, beyond the suite's (outsider, member, org_admin, staff, staff_no_mfa).

``case`` belongs to the suite's ``organisation`` (``org_admin`` is its admin, ``member`` a member who
did not make the request); ``requester`` made it; ``other_admin`` administers another organisation;
``staff`` is assigned to it and ``colleague`` is staff who is not; ``ministry`` is the ministry
viewer. Issue 12 asks every view to be tried by all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import Personas, give_totp
from vielfalt.accounts.access import note_second_factor
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.counselling.models import Case
from vielfalt.counselling.tests.factories import CaseFactory
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory


@dataclass
class Counselling:
    case: Case
    organisation: Organisation
    requester: User
    other_admin: User
    colleague: User
    ministry: User


@pytest.fixture
def counselling(personas: Personas, organisation: Organisation) -> Counselling:
    requester = UserFactory.create(email="vorstand@example.org", name="Rana Vorstand")
    Membership.objects.create(organisation=organisation, user=requester, role=Membership.Role.MEMBER)
    other = OrganisationFactory.create(name="Kulturbrücke Kassel e.V.", slug="kulturbruecke-kassel")
    other_admin = UserFactory.create(email="kassel@example.org", name="Kemal Kassel")
    Membership.objects.create(organisation=other, user=other_admin, role=Membership.Role.ADMIN)
    colleague = UserFactory.create(email="kollegin@example.org", name="Carla Kollegin", role=Role.STAFF)
    give_totp(colleague)
    note_second_factor(colleague, passed=True)
    ministry = UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
    case = CaseFactory.create(
        organisation=organisation,
        requester=requester,
        assignee=personas.staff,
        status=Case.Status.IN_PROGRESS,
    )
    return Counselling(
        case=case,
        organisation=organisation,
        requester=requester,
        other_admin=other_admin,
        colleague=colleague,
        ministry=ministry,
    )


@pytest.fixture
def everyone(personas: Personas, counselling: Counselling) -> dict[str, User]:
    """Every persona issue 12 names, by name: the suite's five and counselling's four."""
    return personas.all() | {
        "requester": counselling.requester,
        "other_admin": counselling.other_admin,
        "colleague": counselling.colleague,
        "ministry": counselling.ministry,
    }
