"""The demo directory: about 300 plausible, synthetic organisations in every district; loads once."""

import io

import pytest

from vielfalt.accounts import demo as accounts_demo
from vielfalt.organisations import demo
from vielfalt.organisations.models import ClaimRequest, FieldOfAction, Membership, Organisation
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module (it takes a few seconds), roll back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        accounts_demo.load(out)
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_about_300_verified_organisations_in_all_26_districts(loaded):
    verified = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
    assert 280 <= verified.count() <= 320
    assert verified.values("district").distinct().count() == District.objects.count() == 26
    assert Organisation.objects.filter(status=Organisation.Status.PENDING).count() >= 5
    assert "Demo directory:" in loaded


def test_every_district_has_its_vielfaltszentrum_and_an_integration_office(loaded):
    for district in District.objects.all():
        kinds = set(Organisation.objects.filter(district=district).values_list("kind", flat=True))
        assert {"vielfaltszentrum", "integration_office", "migrant", "lotsen"} <= kinds, district
    assert Organisation.objects.filter(name="WIR-Vielfaltszentrum Landkreis Gießen").exists()
    assert Organisation.objects.filter(name="WIR-Vielfaltszentrum Frankfurt am Main").exists()


def test_profiles_are_rich_and_synthetic(loaded):
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert sum("e.V." in name for name in names) > 150
    for organisation in Organisation.objects.prefetch_related("fields_of_action", "target_groups")[:50]:
        assert organisation.description
        assert organisation.fields_of_action.all()
        assert "de" in organisation.languages
        assert organisation.contact_email.endswith("@" + organisation.contact_email.split("@")[1])
        assert organisation.contact_email.split("@")[1].endswith("demo.vielfalt.invalid")
        assert organisation.search_text  # findable
    assert Organisation.objects.exclude(website="").exclude(website__contains=".example.org").count() == 0


def test_demo_accounts_run_and_join_organisations(loaded):
    admins = Membership.objects.filter(role=Membership.Role.ADMIN, user__email__startswith="mitglied-")
    assert admins.count() >= 20
    assert Membership.objects.filter(role=Membership.Role.MEMBER, user__email__startswith="mitglied-").count() >= 40
    pending = Organisation.objects.filter(status=Organisation.Status.PENDING)
    assert all(Membership.objects.filter(organisation=o, role="admin").exists() for o in pending)
    assert Membership.objects.filter(user__email__startswith="kommune-", role="admin").count() >= 20
    assert ClaimRequest.objects.filter(status=ClaimRequest.Status.OPEN).count() == 3


def test_loading_again_adds_nothing(loaded):
    before = Organisation.objects.count(), Membership.objects.count()
    out = io.StringIO()
    demo.load(out)
    assert (Organisation.objects.count(), Membership.objects.count()) == before
    assert "nothing added" in out.getvalue()


def test_vocabulary_is_created_when_missing():
    FieldOfAction.objects.all().delete()
    demo._ensure_vocabulary()
    assert FieldOfAction.objects.filter(slug="bildung", name="Bildung").exists()
