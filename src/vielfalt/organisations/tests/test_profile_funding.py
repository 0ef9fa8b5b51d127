"""WIR funding on a profile: admins and staff record it; the profile shows only what is public."""

import pytest
from django.urls import reverse

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import FieldOfAction, FundingRecord
from vielfalt.organisations.selectors import organisation_similar
from vielfalt.organisations.tests.factories import OrganisationFactory, set_fields_of_action

pytestmark = pytest.mark.django_db


def add_url(organisation):
    return reverse("organisations:funding_add", args=[organisation.slug])


def funding_post(**overrides):
    data = {"funding-programme": "WIR-Mikroprojekt", "funding-year": "2025", "funding-public": "on"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_admin_and_staff_record_funding(client, personas, organisation, persona):
    login(client, getattr(personas, persona))
    response = client.post(add_url(organisation), funding_post())
    assert response.status_code == 302
    record = FundingRecord.objects.get(organisation=organisation)
    assert (record.programme, record.year, record.public) == ("WIR-Mikroprojekt", 2025, True)
    assert AuditEntry.objects.filter(action="organisation.funding_added").exists()
    page = client.get(reverse("organisations:detail", args=[organisation.slug])).content.decode()
    assert "WIR-Mikroprojekt (2025)" in page


@pytest.mark.parametrize("persona", ["outsider", "member", "staff_no_mfa"])
def test_others_cannot_record_funding(client, personas, organisation, persona):
    login(client, getattr(personas, persona))
    assert client.post(add_url(organisation), funding_post()).status_code == 403
    assert not FundingRecord.objects.exists()


def test_anonymous_cannot_record_funding(client, organisation):
    response = client.post(add_url(organisation), funding_post())
    assert response.status_code in (302, 403)
    assert not FundingRecord.objects.exists()


def test_private_funding_stays_off_the_profile(client, personas, organisation):
    FundingRecord.objects.create(organisation=organisation, programme="WIR-Qualifizierung", year=2024, public=False)
    page = client.get(reverse("organisations:detail", args=[organisation.slug])).content.decode()
    assert "WIR-Qualifizierung" not in page


@pytest.mark.parametrize(
    "overrides",
    [{"funding-programme": ""}, {"funding-year": "1999"}, {"funding-year": "abc"}, {"funding-year": "2099"}],
)
def test_bad_funding_input_changes_nothing(client, personas, organisation, overrides):
    login(client, personas.org_admin)
    response = client.post(add_url(organisation), funding_post(**overrides))
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert not FundingRecord.objects.exists()


def test_remove_funding(client, personas, organisation):
    record = FundingRecord.objects.create(organisation=organisation, programme="WIR", year=2024)
    url = reverse("organisations:funding_remove", args=[organisation.slug, record.pk])
    login(client, personas.member)
    assert client.post(url).status_code == 403
    login(client, personas.org_admin)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not FundingRecord.objects.exists()


def test_similar_organisations_prefer_same_then_neighbouring_district(organisation):
    from vielfalt.regions.models import Municipality

    field = FieldOfAction.objects.get(slug="bildung")
    set_fields_of_action(organisation, [field])

    def near(ags, name):
        other = OrganisationFactory(name=name, municipality=Municipality.objects.get(ags=ags))
        set_fields_of_action(other, [field])
        return other

    far = near("06633009", "Fern in Fuldatal e.V.")  # Landkreis Kassel, far north
    neighbour = near("06532011", "Nachbar in Haiger e.V.")  # Lahn-Dill-Kreis, next to Gießen
    same = near("06531014", "Nebenan in Pohlheim e.V.")  # Landkreis Gießen
    assert organisation_similar(organisation=organisation) == [same, neighbour, far]
