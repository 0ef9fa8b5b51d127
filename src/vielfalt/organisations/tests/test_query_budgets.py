"""Query budgets of the directory's pages for people and the team: a fixed number of queries, however
many members, invitations, organisations or changes a page lists (no N+1).

Each test reads the page once with few rows and once with many (every relation a row shows filled),
expects the same count, and holds the page to the count it needs today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.organisations import services
from vielfalt.organisations.models import FieldOfAction, Invitation, Membership, Organisation, TargetGroup
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags, set_fields_of_action
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db


def terms(count: int) -> list[FieldOfAction]:
    return [FieldOfAction.objects.create(slug=f"budget-feld-{n}", name=f"Handlungsfeld {n}") for n in range(count)]


# --- the members page -------------------------------------------------------------------------------------


def members_url(organisation: Organisation) -> str:
    return f"/de/organisationen/{organisation.slug}/mitglieder/"


def test_the_members_page_reads_as_many_queries_for_many_members_and_invitations(
    client, personas: Personas, organisation: Organisation
):
    admin = personas.org_admin
    agree_to_privacy(admin)
    services.membership_invite(organisation=organisation, email="neu0@example.org", role="member", by=admin)
    login(client, admin)

    def more_members_and_invitations() -> None:
        for n in range(6):
            Membership.objects.create(
                organisation=organisation,
                user=UserFactory(name=f"Person {n}"),
                role=Membership.Role.ADMIN if n % 3 == 0 else Membership.Role.MEMBER,
                public_contact=n % 2 == 0,
            )
        for n in range(1, 6):
            services.membership_invite(
                organisation=organisation, email=f"neu{n}@example.org", role=["member", "admin"][n % 2], by=admin
            )

    content = same_queries_for_few_and_many(
        client,
        members_url(organisation),
        add=more_members_and_invitations,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation, who may
        # see and who may manage the members (one each), the members with their people, the invitations.
        limit=10,
    )
    assert content.count('id="member-') == 8
    assert "neu5@example.org" in content


# --- "Meine Organisationen" -------------------------------------------------------------------------------


MINE = "/de/organisationen/meine/"


def test_my_organisations_read_as_many_queries_for_many_organisations_and_invitations(
    client, personas: Personas, organisation: Organisation
):
    member = personas.member
    agree_to_privacy(member)
    Invitation.objects.create(organisation=OrganisationFactory(), email=member.email)
    login(client, member)

    def more_organisations_and_invitations() -> None:
        places = ["06531005", "06411000", "06611000", "06414000"]  # Gießen, Darmstadt, Kassel, Wiesbaden
        for n in range(6):
            other = OrganisationFactory(
                municipality=municipality_by_ags(places[n % 4]),
                status=["verified", "pending", "archived"][n % 3],
            )
            Membership.objects.create(
                organisation=other, user=member, role=Membership.Role.ADMIN if n % 2 else Membership.Role.MEMBER
            )
        for n in range(4):
            Invitation.objects.create(
                organisation=OrganisationFactory(),
                email=member.email.upper() if n % 2 else member.email,
                role="admin" if n % 2 else "member",
                expires_at=timezone.now() + timedelta(days=n + 1),
            )

    content = same_queries_for_few_and_many(
        client,
        MINE,
        add=more_organisations_and_invitations,
        # Session, person, the privacy notice, the layout's two unread counts; the invitations with their
        # organisations, the memberships with their organisations and places.
        limit=7,
    )
    assert content.count("/mitglieder/") == 7
    assert content.count("Einladung ansehen") == 5


# --- the team's page of one organisation ------------------------------------------------------------------


def test_the_teams_page_of_an_organisation_reads_as_many_queries_for_many_people_and_changes(
    client, personas: Personas, organisation: Organisation
):
    staff = personas.staff
    agree_to_privacy(staff)
    fields = terms(4)
    set_fields_of_action(organisation, fields[:1])
    url = f"/de/staff/organisationen/{organisation.pk}/"
    login(client, staff)
    services.membership_invite(organisation=organisation, email="neu0@example.org", role="member", by=staff)

    def more_people_and_changes() -> None:
        set_fields_of_action(organisation, fields)
        for n in range(6):
            Membership.objects.create(
                organisation=organisation,
                user=UserFactory(name=f"Person {n}" if n % 2 else ""),
                role=Membership.Role.ADMIN if n % 3 == 0 else Membership.Role.MEMBER,
            )
        others = [UserFactory(name=f"Team {n}", role="staff") for n in range(3)]
        for n in range(1, 8):
            services.membership_invite(
                organisation=organisation, email=f"neu{n}@example.org", role="member", by=others[n % 3]
            )
        services.organisation_archive(organisation=organisation, by=staff, reason="Doppelt angelegt")

    content = same_queries_for_few_and_many(
        client,
        url,
        add=more_people_and_changes,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation with its
        # place, its fields of action and people (one query each); the history's count and page with the
        # people who made the changes.
        limit=10,
    )
    assert content.count("Person eingeladen") == 8
    assert "Team 2" in content and "Handlungsfeld 3" in content


# --- an organisation's profile form -----------------------------------------------------------------------


def test_the_profile_form_reads_as_many_queries_for_many_fields_of_action_and_target_groups(
    client, personas: Personas, organisation: Organisation
):
    admin = personas.org_admin
    agree_to_privacy(admin)
    fields = terms(12)
    set_fields_of_action(organisation, fields[:1])
    login(client, admin)

    def more_terms_chosen() -> None:
        set_fields_of_action(organisation, fields)
        groups = [TargetGroup.objects.create(slug=f"budget-gruppe-{n}", name=f"Zielgruppe {n}") for n in range(10)]
        organisation.target_groups.set(groups[::2])

    content = same_queries_for_few_and_many(
        client,
        f"/de/organisationen/{organisation.slug}/bearbeiten/",
        add=more_terms_chosen,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation, who may
        # edit it, its chosen fields of action and target groups, the municipalities, both lists to choose
        # from — each read once, not counted first (that was two queries more a list) — and the funding
        # records.
        limit=13,
    )
    assert content.count('name="fields_of_action"') == FieldOfAction.objects.count()
    assert content.count("checked") >= 12 + 5
