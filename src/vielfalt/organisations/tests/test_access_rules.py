"""Who may leave or remove people, and who is offered to take over a profile (``organisations.access``)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.organisations import access
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ADMIN, MEMBER = Membership.Role.ADMIN, Membership.Role.MEMBER


def _join(user, organisation, role=MEMBER):
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def test_everyone_may_leave_but_only_admins_and_the_team_remove_others(personas):
    organisation = OrganisationFactory()
    admin = _join(personas.org_admin, organisation, ADMIN)
    member = _join(personas.member, organisation)
    colleague = _join(UserFactory(), organisation)

    assert access.can_remove_member(personas.member, organisation, member)  # leaving
    assert not access.can_remove_member(personas.member, organisation, colleague)
    assert access.can_remove_member(personas.org_admin, organisation, colleague)
    assert access.can_remove_member(personas.org_admin, organisation, admin)  # leaving (the service keeps one admin)
    assert access.can_remove_member(personas.staff, organisation, colleague)
    assert not access.can_remove_member(personas.outsider, organisation, colleague)


def test_a_public_profile_without_admin_is_offered_to_outsiders_only(personas):
    organisation = OrganisationFactory()

    assert access.can_claim(personas.outsider, organisation, membership=None, has_admin=False)
    assert not access.can_claim(personas.outsider, organisation, membership=None, has_admin=True)
    assert not access.can_claim(personas.staff, organisation, membership=None, has_admin=False)
    member = _join(personas.member, organisation)
    assert not access.can_claim(personas.member, organisation, membership=member, has_admin=False)
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    assert not access.can_claim(personas.outsider, pending, membership=None, has_admin=False)


def test_claiming_is_for_public_profiles_and_not_for_their_own_people(personas):
    organisation = OrganisationFactory()
    _join(personas.member, organisation)

    assert access.get_organisation_for_claiming(personas.outsider, organisation.slug) == organisation
    with pytest.raises(PermissionDenied):
        access.get_organisation_for_claiming(personas.member, organisation.slug)
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    _join(personas.org_admin, pending, ADMIN)
    with pytest.raises(Http404):
        access.get_organisation_for_claiming(personas.org_admin, pending.slug)  # visible to them, not public
