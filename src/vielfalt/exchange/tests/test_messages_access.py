"""Whom a person may write to or block (``exchange.access``): decided there, not in the views."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange import access
from vielfalt.exchange.messages import services as messaging
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_messages_reach_active_accounts_only(personas: Personas) -> None:
    assert access.get_person_to_write_to(personas.member, personas.outsider.public_id) == personas.outsider
    for gone in (UserFactory(is_active=False), UserFactory(deleted_at=timezone.now())):
        with pytest.raises(Http404):
            access.get_person_to_write_to(personas.member, gone.public_id)
    with pytest.raises(Http404):
        access.get_person_to_write_to(personas.member, uuid.uuid4())
    with pytest.raises(Http404):
        access.get_person_to_write_to(AnonymousUser(), personas.outsider.public_id)


def test_only_verified_organisations_take_messages(personas: Personas) -> None:
    verified = OrganisationFactory()
    assert access.get_organisation_to_write_to(personas.member, verified.slug) == verified

    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    with pytest.raises(Http404):
        access.get_organisation_to_write_to(personas.staff, pending.slug)  # the team sees it, yet it takes none


def test_one_may_block_only_people_met_in_a_conversation(personas: Personas) -> None:
    with pytest.raises(Http404):
        access.get_person_for_blocking(personas.member, personas.outsider.pk)  # never met: no names by number

    messaging.message_to_person(sender=personas.outsider, recipient=personas.member, body="Hallo Mina")

    assert access.get_person_for_blocking(personas.member, personas.outsider.pk) == (personas.outsider, False)
    with pytest.raises(Http404):
        access.get_person_for_blocking(personas.member, personas.member.pk)  # not oneself
    with pytest.raises(Http404):
        access.get_person_for_blocking(personas.member, 987654)


def test_a_blocked_person_can_be_unblocked_without_a_conversation(personas: Personas) -> None:
    messaging.block_create(blocker=personas.member, blocked=personas.staff)

    assert access.get_person_for_blocking(personas.member, personas.staff.pk) == (personas.staff, True)
