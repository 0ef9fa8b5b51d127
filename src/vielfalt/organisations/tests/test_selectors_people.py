"""The selectors other apps ask about people and their organisations (instead of querying ``Membership``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.organisations import selectors
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags
from vielfalt.regions.models import Municipality

pytestmark = pytest.mark.django_db

ADMIN, MEMBER = Membership.Role.ADMIN, Membership.Role.MEMBER


def _join(user, organisation, role=MEMBER):
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def test_organisation_ids_of_names_every_organisation_in_any_role():
    person = UserFactory()
    mine, also_mine, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    _join(person, mine)
    _join(person, also_mine, ADMIN)
    _join(UserFactory(), other)

    assert selectors.organisation_ids_of(user=person) == {mine.pk, also_mine.pk}
    assert selectors.organisation_ids_of(user=UserFactory()) == set()
    assert selectors.organisation_ids_of(user=AnonymousUser()) == set()


def test_district_ids_of_are_the_districts_of_ones_organisations():
    person = UserFactory()
    giessen = OrganisationFactory()
    kassel_town = municipality_by_ags("06611000")
    kassel = OrganisationFactory(municipality=kassel_town)
    also_giessen = OrganisationFactory()
    for organisation in (giessen, kassel, also_giessen):
        _join(person, organisation)

    assert selectors.district_ids_of(user=person) == {giessen.district_id, kassel.district_id}
    assert selectors.district_ids_of(user=AnonymousUser()) == set()


def test_is_member_in_any_role_and_never_for_anonymous_visitors():
    organisation = OrganisationFactory()
    member, admin, outsider = UserFactory(), UserFactory(), UserFactory()
    _join(member, organisation)
    _join(admin, organisation, ADMIN)

    assert selectors.is_member(user=member, organisation=organisation)
    assert selectors.is_member(user=admin, organisation=organisation)
    assert not selectors.is_member(user=outsider, organisation=organisation)
    assert not selectors.is_member(user=AnonymousUser(), organisation=organisation)


def test_members_among_picks_the_organisations_people_out_of_a_group(django_assert_num_queries):
    organisation = OrganisationFactory()
    inside, admin, outside = UserFactory(), UserFactory(), UserFactory()
    _join(inside, organisation)
    _join(admin, organisation, ADMIN)
    _join(outside, OrganisationFactory())

    with django_assert_num_queries(1):
        found = selectors.members_among(organisation=organisation, people=iter([inside, admin, outside]))

    assert found == {inside.pk, admin.pk}


def test_memberships_in_use_leave_out_archived_organisations_and_go_by_name():
    person = UserFactory()
    zebra = OrganisationFactory(name="Zebra Hilfe e.V.")
    anker = OrganisationFactory(name="Anker Verein e.V.")
    archived = OrganisationFactory(name="Alt e.V.", status=Organisation.Status.ARCHIVED)
    for organisation in (zebra, anker, archived):
        _join(person, organisation)

    memberships = selectors.memberships_in_use(user=person)

    assert [m.organisation for m in memberships] == [anker, zebra]


def test_colleague_memberships_are_the_other_active_people_by_name(django_assert_num_queries):
    admin = UserFactory(name="Ada Admin")
    organisation, elsewhere = OrganisationFactory(), OrganisationFactory()
    _join(admin, organisation, ADMIN)
    bert, anna = UserFactory(name="Bert Bauer"), UserFactory(name="Anna Arslan")
    gone = UserFactory(name="Gerd Gegangen", is_active=False)
    for person in (bert, anna, gone):
        _join(person, organisation)
    _join(UserFactory(name="Aaron Anderswo"), elsewhere)

    with django_assert_num_queries(1):
        rows = [
            (m.user.name, m.organisation.pk)
            for m in selectors.colleague_memberships(user=admin, organisation_ids=[organisation.pk])
        ]

    assert rows == [("Anna Arslan", organisation.pk), ("Bert Bauer", organisation.pk)]


def test_memberships_of_is_the_persons_memberships_only():
    person = UserFactory()
    mine = OrganisationFactory()
    _join(person, mine, ADMIN)
    _join(UserFactory(), OrganisationFactory())

    rows = list(selectors.memberships_of(user=person).values_list("organisation_id", "role"))

    assert rows == [(mine.pk, ADMIN)]


def test_has_active_admin_condition_counts_only_active_admins():
    with_admin, only_members, admin_gone = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    _join(UserFactory(), with_admin, ADMIN)
    _join(UserFactory(), only_members)
    _join(UserFactory(is_active=False), admin_gone, ADMIN)

    flags = dict(
        Organisation.objects.filter(pk__in=[with_admin.pk, only_members.pk, admin_gone.pk])
        .annotate(has_admin=selectors.has_active_admin_condition())
        .values_list("pk", "has_admin")
    )

    assert flags == {with_admin.pk: True, only_members.pk: False, admin_gone.pk: False}


def test_the_municipalities_come_grouped_by_district_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        groups = selectors.municipality_choices()

    names = [name for name, _municipalities in groups]
    assert len(groups) == 26 and names == sorted(names)
    assert "Kassel" in names and "Kassel (Landkreis)" in names  # the city and the district of the same name
    assert sum(len(municipalities) for _name, municipalities in groups) == 426
    kassel = dict(groups)["Kassel (Landkreis)"]
    assert [name for _pk, name in kassel] == sorted(name for _pk, name in kassel)
    assert Municipality.objects.get(pk=kassel[0][0]).district.name == "Kassel"
