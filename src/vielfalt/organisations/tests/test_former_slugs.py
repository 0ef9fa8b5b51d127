"""Renaming a profile keeps its old address working (issue 9): links and iCal subscriptions."""

from __future__ import annotations

import pytest

from conftest import login
from vielfalt.organisations import services
from vielfalt.organisations.models import FormerSlug, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.organisations.tests.test_register_views import form_data

pytestmark = pytest.mark.django_db


def rename(organisation: Organisation, name: str, by) -> Organisation:
    services.organisation_update(
        organisation=organisation, by=by, data=services.ProfileInput.of(organisation, name=name)
    )
    return Organisation.objects.get(pk=organisation.pk)


def test_the_old_address_redirects_permanently_to_the_new_one(client, personas, organisation):
    old = organisation.slug
    login(client, personas.org_admin)
    client.post(f"/de/organisationen/{old}/bearbeiten/", form_data(name="Brücken bauen Gießen e.V."))
    organisation.refresh_from_db()
    assert organisation.slug not in ("", old)
    client.logout()

    response = client.get(f"/de/organisationen/{old}/?von=newsletter")

    assert response.status_code == 301
    assert response["Location"] == f"/de/organisationen/{organisation.slug}/?von=newsletter"
    assert client.get(response["Location"]).status_code == 200
    # Pages below the profile and other languages too.
    assert (
        client.get(f"/en/organisationen/{old}/kontakt/")["Location"]
        == f"/en/organisationen/{organisation.slug}/kontakt/"
    )


def test_calendar_subscriptions_follow_the_renaming(client, personas, organisation):
    old = organisation.slug
    organisation = rename(organisation, "Neuer Name e.V.", personas.org_admin)

    response = client.get(f"/de/veranstaltungen/kalender/organisation/{old}.ics")

    assert response.status_code == 301
    assert response["Location"] == f"/de/veranstaltungen/kalender/organisation/{organisation.slug}.ics"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_address_is_never_given_to_another_profile(personas, organisation):
    old_name, old = organisation.name, organisation.slug
    rename(organisation, "Neuer Name e.V.", personas.org_admin)

    newcomer = services.organisation_create_by_staff(
        by=personas.staff, data=services.ProfileInput(**_profile(), name=old_name)
    )

    assert newcomer.slug != old
    assert FormerSlug.objects.get(slug=old).organisation_id == organisation.pk


def test_renaming_back_takes_the_old_address_again(client, personas, organisation):
    organisation = rename(organisation, "Sprachcafé Gießen", personas.org_admin)
    first = organisation.slug
    organisation = rename(organisation, "Zwischenname e.V.", personas.org_admin)
    between = organisation.slug
    organisation = rename(organisation, "Sprachcafé Gießen", personas.org_admin)

    assert organisation.slug == first
    assert not FormerSlug.objects.filter(slug=first).exists()
    assert client.get(f"/de/organisationen/{first}/").status_code == 200
    assert client.get(f"/de/organisationen/{between}/")["Location"] == f"/de/organisationen/{first}/"


def test_unknown_addresses_and_forms_are_not_redirected(client, personas, organisation):
    old = organisation.slug
    rename(organisation, "Neuer Name e.V.", personas.org_admin)

    assert client.get("/de/organisationen/gibt-es-nicht/").status_code == 404
    login(client, personas.org_admin)
    assert client.post(f"/de/organisationen/{old}/bearbeiten/", form_data(name="X")).status_code == 404


def _profile() -> dict:
    existing = OrganisationFactory.build()
    return {"kind": existing.kind, "municipality": existing.municipality, "description": "Ein Verein."}
