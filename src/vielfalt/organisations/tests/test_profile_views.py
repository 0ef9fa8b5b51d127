"""The public profile page, editing it, and what stays private."""

import re

import pytest
from django.core.cache import cache

from conftest import login
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.organisations import services
from vielfalt.organisations.models import FieldOfAction, FundingRecord, Membership, Organisation, TargetGroup
from vielfalt.organisations.tests.factories import OrganisationFactory, set_fields_of_action
from vielfalt.organisations.tests.test_register_views import form_data
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record
from vielfalt.regions.models import Municipality


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def profile(organisation):
    return f"/de/organisationen/{organisation.slug}/"


def as_persona(client, personas, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]


# --- who sees what ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_a_verified_profile_is_public(client, personas, organisation, persona):
    as_persona(client, personas, persona)

    response = client.get(profile(organisation))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert organisation.name in content
    assert organisation.description in content
    assert "Gießen" in content
    assert 'id="contact-form"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 404), ("outsider", 404), ("member", 200), ("org_admin", 200), ("staff", 200)],
)
def test_hidden_profiles_only_for_their_people_and_staff(client, personas, organisation, status, persona, expected):
    Organisation.objects.filter(pk=organisation.pk).update(status=status, status_reason="Angaben unvollständig")
    as_persona(client, personas, persona)

    response = client.get(profile(organisation))

    assert response.status_code == expected
    if expected == 200:
        content = response.content.decode()
        assert 'id="contact-form"' not in content  # hidden profiles cannot be contacted
        notice = {
            "pending": "Dieses Profil wartet auf die Prüfung durch das Team.",
            "rejected": "Angaben unvollständig",
            "archived": "Dieses Profil ist archiviert.",
        }[status]
        assert notice in content


@pytest.mark.django_db
def test_unknown_profiles_are_not_found(client):
    assert client.get("/de/organisationen/gibt-es-nicht/").status_code == 404
    assert client.get("/de/organisationen/gibt-es-nicht/bearbeiten/").status_code in (302, 404)


@pytest.mark.django_db
def test_private_details_stay_private(client, personas, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(
        street="Geheimweg 7",
        postcode="35390",
        address_public=False,
        communities="jesidische Familien",
        communities_public=False,
    )
    FundingRecord.objects.create(organisation=organisation, programme="WIR-Mikroprojekt", year=2024, public=False)
    FundingRecord.objects.create(organisation=organisation, programme="WIR-Vielfaltszentrum", year=2023, public=True)

    content = client.get(profile(organisation)).content.decode()

    assert organisation.contact_email not in content
    assert "Geheimweg" not in content
    assert "jesidische" not in content
    assert "WIR-Mikroprojekt" not in content
    assert "WIR-Vielfaltszentrum (2023)" in content
    # Members are never listed publicly.
    assert personas.member.name not in content
    assert personas.org_admin.name not in content
    assert personas.org_admin.email not in content


@pytest.mark.django_db
def test_what_the_organisation_chose_to_show_is_shown(client, personas, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(
        street="Marktplatz 1",
        postcode="35390",
        address_public=True,
        communities="Familien aus Syrien",
        communities_public=True,
    )
    personas.member.spoken_languages = ["ar", "de"]
    personas.member.save()
    Membership.objects.filter(user=personas.member).update(public_contact=True)

    content = client.get(profile(organisation)).content.decode()

    assert "Marktplatz 1, 35390" in content
    assert "Familien aus Syrien" in content
    assert "Ansprechpersonen" in content
    assert "Mina Mitglied" in content
    assert "<bdi>Arabisch</bdi>, <bdi>Deutsch</bdi>" in content
    assert personas.member.email not in content
    assert personas.org_admin.name not in content


@pytest.mark.django_db
def test_the_description_comes_in_the_visitors_language_with_german_fallback(client, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(
        description="Wir sind ein Verein.", description_translations={"en": "We are an association."}
    )

    english = client.get(f"/en/organisationen/{organisation.slug}/").content.decode()
    turkish = client.get(f"/tr/organisationen/{organisation.slug}/").content.decode()

    assert 'lang="en" dir="auto"><p>We are an association.</p>' in english
    assert "Wir sind ein Verein." not in english
    assert 'lang="de" dir="auto"><p>Wir sind ein Verein.</p>' in turkish
    assert "vf-fallback-note" in turkish and "vf-fallback-note" not in english


@pytest.mark.django_db
def test_vocabulary_is_shown_in_the_visitors_language(client, organisation):
    organisation.fields_of_action.set([FieldOfAction.objects.get(slug="bildung")])
    organisation.target_groups.set([TargetGroup.objects.get(slug="familien")])

    content = client.get(f"/uk/organisationen/{organisation.slug}/").content.decode()

    assert "Освіта" in content
    assert "Сім’ї" in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff_no_mfa"])
def test_the_change_history_is_for_staff_only(client, personas, organisation, persona):
    services.organisation_update(
        organisation=organisation,
        by=personas.org_admin,
        data=services.ProfileInput.of(organisation, offers="Sprachcafé"),
    )
    as_persona(client, personas, persona)

    content = client.get(profile(organisation)).content.decode()

    assert "Änderungen (nur für das Team sichtbar)" not in content


@pytest.mark.django_db
def test_staff_see_the_change_history(client, personas, organisation):
    services.organisation_update(
        organisation=organisation,
        by=personas.org_admin,
        data=services.ProfileInput.of(organisation, offers="Sprachcafé"),
    )
    login(client, personas.staff)

    content = client.get(profile(organisation)).content.decode()

    assert "Änderungen (nur für das Team sichtbar)" in content
    assert "Profil geändert" in content
    assert "Was wir anbieten" in content  # the changed field, by its name
    assert "Ada Admin" in content


@pytest.mark.django_db
def test_actions_are_offered_to_those_who_may_use_them(client, personas, organisation):
    edit_link = f'href="/de/organisationen/{organisation.slug}/bearbeiten/"'
    members_link = f'href="/de/organisationen/{organisation.slug}/mitglieder/"'
    seen = {}
    for persona in ALL:
        client.logout()
        as_persona(client, personas, persona)
        content = client.get(profile(organisation)).content.decode()
        seen[persona] = (edit_link in content, members_link in content)

    assert seen == {
        "anonymous": (False, False),
        "outsider": (False, False),
        "member": (False, True),
        "org_admin": (True, True),
        "staff": (True, True),
        "staff_no_mfa": (False, False),
    }


# --- query budget -----------------------------------------------------------------------------------


@pytest.fixture
def busy_organisation(organisation, personas):
    """An organisation with a lot around it: vocabulary, funding, contacts, many similar ones."""
    fields = list(FieldOfAction.objects.all())
    organisation.fields_of_action.set(fields)
    organisation.target_groups.set(TargetGroup.objects.all())
    for year in range(2015, 2025):
        FundingRecord.objects.create(organisation=organisation, programme="WIR", year=year, public=True)
    for _ in range(15):
        person = UserFactory(spoken_languages=["de", "tr"])
        Membership.objects.create(organisation=organisation, user=person, public_contact=True)
    for n in range(30):
        other = OrganisationFactory()
        set_fields_of_action(other, fields[: 1 + n % 5])
    services.organisation_update(
        organisation=organisation,
        by=personas.org_admin,
        data=services.ProfileInput.of(organisation, offers="Sprachcafé"),
    )
    return organisation


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_profile_page_needs_at_most_ten_queries(
    client, personas, busy_organisation, persona, django_assert_max_num_queries
):
    if persona != "anonymous":
        # As after sign-up: the person agreed to the privacy notice (until then its banner costs a query).
        consent_record(user=personas.all()[persona], document=legal_document_current(kind="privacy"))
    as_persona(client, personas, persona)
    client.get(profile(busy_organisation))

    # Signed in: two more for the unread counts in the navigation; the team one more for the sections
    # other apps show it (the organisation's counselling cases); its admins three more for the funding
    # radar (the matching calls, their shared topics, the trainings on funding). Whether a viewer is an
    # admin the sections learn from the membership the page has read (no query).
    budget = {"anonymous": 10, "staff": 13, "org_admin": 15}.get(persona, 12)
    with django_assert_max_num_queries(budget):
        response = client.get(profile(busy_organisation))

    assert response.status_code == 200


# --- editing ----------------------------------------------------------------------------------------


def edit(organisation):
    return f"/de/organisationen/{organisation.slug}/bearbeiten/"


@pytest.mark.django_db
def test_anonymous_visitors_must_log_in_to_edit(client, organisation):
    response = client.get(edit(organisation))

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 403), ("member", 403), ("org_admin", 200), ("staff", 200)]
)
def test_only_admins_and_staff_may_edit(client, personas, organisation, persona, expected):
    login(client, personas.all()[persona])

    assert client.get(edit(organisation)).status_code == expected
    response = client.post(edit(organisation), form_data(name="Übernommen"))

    name = Organisation.objects.get(pk=organisation.pk).name
    if expected == 403:
        assert (response.status_code, name) == (403, organisation.name)
    else:
        assert (response.status_code, name) == (302, "Übernommen")


@pytest.mark.django_db
def test_the_edit_form_starts_with_the_profile(client, personas, organisation):
    organisation.fields_of_action.set([FieldOfAction.objects.get(slug="kultur")])
    Organisation.objects.filter(pk=organisation.pk).update(
        description_translations={"fa": "ما یک انجمن هستیم."}, social_links=["https://example.org/a"]
    )
    login(client, personas.org_admin)

    content = client.get(edit(organisation)).content.decode()

    assert f'value="{organisation.name}"' in content
    assert "ما یک انجمن هستیم." in content
    assert "https://example.org/a" in content
    kultur = FieldOfAction.objects.get(slug="kultur").pk
    bildung = FieldOfAction.objects.get(slug="bildung").pk
    assert re.search(rf'name="fields_of_action" value="{kultur}" id="[^"]+" checked', content)
    assert not re.search(rf'name="fields_of_action" value="{bildung}" id="[^"]+" checked', content)


@pytest.mark.django_db
def test_an_admin_edits_the_profile_and_the_change_is_recorded(client, personas, organisation):
    login(client, personas.org_admin)
    data = form_data(
        name=organisation.name,
        municipality=str(Municipality.objects.get(ags="06411000").pk),  # Darmstadt
        offers="Beratung auf Türkisch",
    )

    response = client.post(edit(organisation), data)

    organisation.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == profile(organisation)
    assert organisation.offers == "Beratung auf Türkisch"
    assert organisation.municipality.name == "Darmstadt"
    assert organisation.district.name == "Darmstadt"  # follows the municipality
    assert organisation.status == Organisation.Status.VERIFIED
    entry = AuditEntry.objects.filter(action="organisation.updated").get()
    assert entry.actor == personas.org_admin
    assert {"offers", "municipality"} <= set(entry.data["fields"])
    assert "Die Änderungen sind gespeichert." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_renaming_moves_the_profile_to_a_new_address(client, personas, organisation):
    login(client, personas.org_admin)

    response = client.post(edit(organisation), form_data(name="Brückenbauer Gießen e.V."))

    assert response["Location"] == "/de/organisationen/brueckenbauer-giessen-ev/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_bad_input_on_edit_changes_nothing(client, personas, organisation):
    login(client, personas.org_admin)

    response = client.post(edit(organisation), form_data(name="Neu", register_number="Nummer 5"))

    assert response.status_code == 200
    assert "Bitte geben Sie die Registernummer wie im Register an" in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name
    assert not AuditEntry.objects.filter(action="organisation.updated").exists()


@pytest.mark.django_db
def test_a_logo_can_be_replaced_and_removed(client, personas, organisation):
    from vielfalt.organisations.tests.test_register_views import image_file

    login(client, personas.org_admin)
    client.post(edit(organisation), form_data(name=organisation.name, logo=image_file()))
    organisation.refresh_from_db()
    assert organisation.logo

    content = client.get(edit(organisation)).content.decode()
    assert 'name="logo_remove"' in content
    client.post(edit(organisation), form_data(name=organisation.name, logo_remove="on"))

    organisation.refresh_from_db()
    assert not organisation.logo


@pytest.mark.django_db
def test_an_archived_profile_can_only_be_edited_by_staff(client, personas, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.ARCHIVED)

    login(client, personas.org_admin)
    assert client.get(edit(organisation)).status_code == 403
    login(client, personas.staff)
    assert client.get(edit(organisation)).status_code == 200


# --- "Meine Organisationen" -------------------------------------------------------------------------


MINE = "/de/organisationen/meine/"


@pytest.mark.django_db
def test_my_organisations_needs_a_login(client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "role"), [("member", "Mitglied"), ("org_admin", "Administration")])
def test_my_organisations_lists_memberships_with_role_and_status(client, personas, organisation, persona, role):
    pending = OrganisationFactory(name="Noch nicht geprüft e.V.", status=Organisation.Status.PENDING)
    Membership.objects.create(organisation=pending, user=personas.all()[persona])
    login(client, personas.all()[persona])

    content = client.get(MINE).content.decode()

    assert organisation.name in content
    assert "Noch nicht geprüft e.V." in content
    assert role in content
    assert "wartet auf Prüfung" in content
    assert 'aria-current="page">Meine Organisationen' in content  # the account navigation


@pytest.mark.django_db
def test_my_organisations_is_empty_for_an_outsider(client, personas, organisation):
    login(client, personas.outsider)

    content = client.get(MINE).content.decode()

    assert organisation.name not in content
    assert "Sie gehören noch zu keiner Organisation." in content
    assert 'href="/de/organisationen/registrieren/"' in content


@pytest.mark.django_db
def test_people_are_never_listed_to_a_person_who_is_no_member(client, personas, organisation):
    """Membership is sensitive (GDPR Art. 9): nothing about other people's memberships leaks."""
    login(client, personas.outsider)

    assert User.objects.filter(memberships__organisation=organisation).count() == 2
    assert personas.member.name not in client.get(MINE).content.decode()
