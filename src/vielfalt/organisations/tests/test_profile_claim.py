"""Claiming a profile that staff created, and similar organisations."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login
from vielfalt.organisations import selectors
from vielfalt.organisations.models import ClaimRequest, FieldOfAction, Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory, set_fields_of_action
from vielfalt.regions.models import Municipality

TAKE_OVER = "Diese Organisation übernehmen"


@pytest.fixture
def unclaimed(db):
    """A verified profile the team created: nobody administers it."""
    return OrganisationFactory(name="Afrikanischer Kulturverein Marburg e.V.")


def claim(organisation):
    return f"/de/organisationen/{organisation.slug}/uebernehmen/"


@pytest.mark.django_db
def test_a_signed_in_non_member_is_offered_to_take_over_an_unclaimed_profile(client, personas, unclaimed):
    login(client, personas.outsider)

    content = client.get(f"/de/organisationen/{unclaimed.slug}/").content.decode()

    assert TAKE_OVER in content
    assert f'href="{claim(unclaimed)}"' in content


@pytest.mark.django_db
def test_anonymous_visitors_are_invited_to_log_in_first(client, unclaimed):
    content = client.get(f"/de/organisationen/{unclaimed.slug}/").content.decode()

    assert TAKE_OVER not in content
    assert f"/de/accounts/login/?next=/de/organisationen/{unclaimed.slug}/uebernehmen/" in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_a_profile_with_an_admin_offers_no_take_over(client, personas, organisation, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])

    content = client.get(f"/de/organisationen/{organisation.slug}/").content.decode()

    assert TAKE_OVER not in content
    assert "uebernehmen/" not in content


@pytest.mark.django_db
def test_claiming_sends_a_request_to_the_team(client, personas, unclaimed):
    login(client, personas.outsider)

    response = client.post(claim(unclaimed), {"message": "Ich bin die Vorsitzende des Vereins."})

    assert response.status_code == 302
    request = ClaimRequest.objects.get()
    assert (request.organisation, request.user, request.status) == (unclaimed, personas.outsider, "open")
    assert request.message == "Ich bin die Vorsitzende des Vereins."
    assert not Membership.objects.filter(organisation=unclaimed).exists()  # staff decide first
    assert "Ihre Anfrage ist beim Team." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_second_request_is_refused_with_a_message(client, personas, unclaimed):
    login(client, personas.outsider)
    client.post(claim(unclaimed), {"message": "Erste Anfrage"})

    response = client.post(claim(unclaimed), {"message": "Zweite Anfrage"})

    assert response.status_code == 200
    assert "Ihre Anfrage liegt dem Team schon vor." in response.content.decode()
    assert ClaimRequest.objects.count() == 1


@pytest.mark.django_db
def test_an_empty_message_is_refused(client, personas, unclaimed):
    login(client, personas.outsider)

    response = client.post(claim(unclaimed), {"message": "  "})

    assert response.status_code == 200
    assert "Bitte korrigieren Sie die folgenden Angaben:" in response.content.decode()
    assert not ClaimRequest.objects.exists()


@pytest.mark.django_db
def test_a_profile_with_an_admin_cannot_be_claimed(client, personas, organisation):
    login(client, personas.outsider)

    page = client.get(claim(organisation)).content.decode()
    response = client.post(claim(organisation), {"message": "Ich will das übernehmen."})

    assert "Diese Organisation wird schon von jemandem verwaltet." in page
    assert response.status_code == 200
    assert "Diese Organisation wird schon von jemandem verwaltet." in response.content.decode()
    assert not ClaimRequest.objects.exists()


@pytest.mark.django_db
def test_claiming_needs_a_login(client, unclaimed):
    response = client.get(claim(unclaimed))

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
def test_members_cannot_claim_their_own_organisation(client, personas, organisation):
    login(client, personas.member)

    assert client.get(claim(organisation)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_hidden_profiles_cannot_be_claimed(client, personas, status):
    hidden = OrganisationFactory(status=status)
    login(client, personas.outsider)

    assert client.get(claim(hidden)).status_code == 404
    login(client, personas.staff)
    assert client.get(claim(hidden)).status_code == 404


# --- similar organisations --------------------------------------------------------------------------


@pytest.fixture
def terms():
    return {term.slug: term for term in FieldOfAction.objects.all()}


def make(name, terms_, ags="06531005", status="verified"):
    organisation = OrganisationFactory(name=name, status=status, municipality=Municipality.objects.get(ags=ags))
    set_fields_of_action(organisation, terms_)
    return organisation


@pytest.mark.django_db
def test_similar_organisations_share_fields_and_the_same_district_comes_first(terms, django_assert_num_queries):
    giessen, marburg = "06531005", "06534014"
    me = make("Ich", [terms["bildung"], terms["sprache"]])
    far_two = make("A fern, zwei gleich", [terms["bildung"], terms["sprache"]], ags=marburg)
    near_one = make("B nah, eins gleich", [terms["bildung"]], ags=giessen)
    near_two = make("C nah, zwei gleich", [terms["bildung"], terms["sprache"], terms["sport"]], ags=giessen)
    make("D nah, nichts gleich", [terms["sport"]], ags=giessen)
    make("E wartet", [terms["bildung"]], status="pending")
    make("F archiviert", [terms["bildung"]], status="archived")
    far_one = make("G fern, eins gleich", [terms["sprache"]], ags=marburg)
    make("H fern, eins gleich", [terms["sprache"]], ags=marburg)

    # The fields, the district (two found), then the rest of Hessen for the other two.
    with django_assert_num_queries(3):
        similar = selectors.organisation_similar(organisation=me)
        names = [(o.name, o.district.name, o.municipality.name) for o in similar]

    assert [o.name for o in similar] == [near_two.name, near_one.name, far_two.name, far_one.name]
    assert names[0][1] == "Gießen"


@pytest.mark.django_db
def test_similar_organisations_are_ordered_by_district_distance_shared_fields_name(terms, django_assert_num_queries):
    """Same district first, then the nearest, then more shared fields, then the name (then the pk)."""
    bildung, sprache, sport = terms["bildung"], terms["sprache"], terms["sport"]
    giessen, pohlheim, marburg, kassel = "06531005", "06531014", "06534014", "06611000"

    def at(name, fields, ags, latitude, longitude, status="verified"):
        organisation = OrganisationFactory(
            name=name,
            status=status,
            municipality=Municipality.objects.get(ags=ags),
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
        set_fields_of_action(organisation, fields)
        return organisation

    me = at("Ich", [bildung, sprache], giessen, "50.58", "8.68")
    here_one = at("A hier, eins gleich", [bildung, sport], giessen, "50.58", "8.68")
    here_two = at("B hier, zwei gleich", [bildung, sprache], giessen, "50.58", "8.68")
    twin_first = at("A hier, zwei gleich", [sprache, bildung], giessen, "50.58", "8.68")
    twin_second = at("A hier, zwei gleich", [bildung, sprache, sport], giessen, "50.58", "8.68")
    district_far = at("A im Kreis, weiter weg", [bildung, sprache], pohlheim, "50.40", "8.90")
    at("A hier, nichts gleich", [sport], giessen, "50.58", "8.68")
    at("A hier, wartet", [bildung, sprache], giessen, "50.58", "8.68", status="pending")
    # Another district: after all of the own district, even at the same place.
    same_place = at("Z anderer Kreis, gleicher Ort", [sprache], marburg, "50.58", "8.68")
    marburg_one = at("A Marburg, eins gleich", [bildung], marburg, "50.80", "8.77")
    marburg_two = at("Z Marburg, zwei gleich", [bildung, sprache], marburg, "50.80", "8.77")
    at("A Kassel, zwei gleich", [bildung, sprache], kassel, "51.31", "9.49")  # the ninth: left out

    with django_assert_num_queries(2):  # the district (five), then the rest of Hessen
        similar = selectors.organisation_similar(organisation=me, field_ids=[bildung.pk, sprache.pk], limit=8)

    assert [organisation.pk for organisation in similar] == [
        twin_first.pk,
        twin_second.pk,
        here_two.pk,
        here_one.pk,
        district_far.pk,
        same_place.pk,
        marburg_two.pk,
        marburg_one.pk,
    ]


@pytest.mark.django_db
def test_a_district_with_enough_similar_organisations_is_asked_alone(terms, django_assert_num_queries):
    me = make("Ich", [terms["bildung"]])
    make("Fern, aber gleich", [terms["bildung"]], ags="06534014")  # Marburg: never reached
    near = [make(f"{letter} nah", [terms["bildung"]]) for letter in "DCBA"]

    with django_assert_num_queries(1):
        similar = selectors.organisation_similar(organisation=me, field_ids=[terms["bildung"].pk])

    assert similar == sorted(near, key=lambda organisation: organisation.name)


@pytest.mark.django_db
def test_similar_organisations_are_cached_until_the_directory_changes(
    terms, write_watcher, django_capture_on_commit_callbacks
):
    me = make("Ich", [terms["bildung"]])
    other = make("Nebenan", [terms["bildung"]])
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    assert selectors.organisation_similar(organisation=me, field_ids=[terms["bildung"].pk]) == [other]
    with CaptureQueriesContext(connection) as queries:
        assert selectors.organisation_similar(organisation=me, field_ids=[terms["bildung"].pk]) == [other]
    assert not [query for query in queries if "organisations_organisation" in query["sql"]]  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.filter(pk=other.pk).update(status=Organisation.Status.ARCHIVED)

    assert selectors.organisation_similar(organisation=me, field_ids=[terms["bildung"].pk]) == []


@pytest.mark.django_db
def test_an_organisation_without_fields_has_no_similar_ones(db):
    assert selectors.organisation_similar(organisation=make("Allein", [])) == []


@pytest.mark.django_db
def test_the_profile_shows_similar_organisations(client, terms):
    me = make("Ich", [terms["kultur"]])
    other = make("Kulturzentrum Nachbarschaft e.V.", [terms["kultur"]])
    hidden = make("Noch geheim e.V.", [terms["kultur"]], status=Organisation.Status.PENDING)

    content = client.get(f"/de/organisationen/{me.slug}/").content.decode()

    assert "Ähnliche Organisationen" in content
    assert f'href="/de/organisationen/{other.slug}/"' in content
    assert hidden.name not in content
