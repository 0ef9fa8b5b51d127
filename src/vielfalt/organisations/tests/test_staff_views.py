"""The team's directory pages: who may open them, verifying, rejecting, archiving, adding, claims."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login, refused_status
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import ClaimRequest, FieldOfAction, ImportJob, Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    # Pages are checked in German (URLs and texts), whatever an earlier test left active.
    with translation.override("de"):
        yield


# (method, url name, kwargs factory): every page of the team's directory area.
PAGES = [
    ("get", "staff:organisations", lambda o, t, j, c: {}),
    ("get", "staff:organisations_queue", lambda o, t, j, c: {}),
    ("get", "staff:organisation", lambda o, t, j, c: {"pk": o.pk}),
    ("post", "staff:organisation_verify", lambda o, t, j, c: {"pk": o.pk}),
    ("get", "staff:organisation_reject", lambda o, t, j, c: {"pk": o.pk}),
    ("post", "staff:organisation_reject", lambda o, t, j, c: {"pk": o.pk}),
    ("get", "staff:organisation_archive", lambda o, t, j, c: {"pk": o.pk}),
    ("post", "staff:organisation_archive", lambda o, t, j, c: {"pk": o.pk}),
    ("post", "staff:organisation_restore", lambda o, t, j, c: {"pk": o.pk}),
    ("get", "staff:organisation_create", lambda o, t, j, c: {}),
    ("get", "staff:organisation_claims", lambda o, t, j, c: {}),
    ("post", "staff:organisation_claim_decide", lambda o, t, j, c: {"pk": c.pk}),
    ("get", "staff:organisations_export", lambda o, t, j, c: {}),
    ("get", "staff:organisations_import", lambda o, t, j, c: {}),
    ("get", "staff:organisations_import_template", lambda o, t, j, c: {}),
    ("get", "staff:organisations_import_preview", lambda o, t, j, c: {"pk": j.pk}),
    ("get", "staff:organisations_import_status", lambda o, t, j, c: {"pk": j.pk}),
    ("get", "staff:vocabulary", lambda o, t, j, c: {}),
    ("get", "staff:vocabulary_create", lambda o, t, j, c: {"kind": "handlungsfelder"}),
    ("get", "staff:vocabulary_edit", lambda o, t, j, c: {"kind": "handlungsfelder", "pk": t.pk}),
    ("post", "staff:vocabulary_delete", lambda o, t, j, c: {"kind": "handlungsfelder", "pk": t.pk}),
]


@pytest.fixture
def objects(organisation, personas):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    term, _created = FieldOfAction.objects.get_or_create(slug="testfeld", defaults={"name": "Testfeld"})
    job = ImportJob.objects.create(created_by=personas.staff, file_name="liste.csv", rows=[], total=0)
    claim = ClaimRequest.objects.create(
        organisation=organisation, user=personas.outsider, message="Ich bin im Vorstand."
    )
    return pending, term, job, claim


def _call(client, method, name, kwargs, **extra):
    return getattr(client, method)(reverse(name, kwargs=kwargs), **extra)


@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES, ids=[f"{m} {n}" for m, n, _k in PAGES])
def test_anonymous_is_sent_to_login(client, objects, method, name, kwargs):
    response = _call(client, method, name, kwargs(*objects))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
@pytest.mark.parametrize(("method", "name", "kwargs"), PAGES, ids=[f"{m} {n}" for m, n, _k in PAGES])
def test_only_staff_may_enter(client, personas, objects, persona, method, name, kwargs):
    login(client, getattr(personas, persona))
    assert _call(client, method, name, kwargs(*objects)).status_code == refused_status(persona)
    pending, term, _job, claim = objects
    pending.refresh_from_db()
    claim.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    assert claim.status == ClaimRequest.Status.OPEN
    assert FieldOfAction.objects.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("method", "name", "kwargs"),
    [page for page in PAGES if page[0] == "get"],
    ids=[f"{m} {n}" for m, n, _k in PAGES if m == "get"],
)
def test_staff_open_every_page(client, personas, objects, method, name, kwargs):
    login(client, personas.staff)
    response = _call(client, method, name, kwargs(*objects), follow=True)  # the import status sends to the preview
    assert response.status_code == 200


def test_staff_without_mfa_set_up_are_asked_to_set_it_up(client, objects):
    login(client, UserFactory(role="staff"))
    response = client.get(reverse("staff:organisations_queue"))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


# --- verification ----------------------------------------------------------------------------------


def test_queue_lists_pending_profiles_oldest_first_with_claims(client, personas, organisation):
    newer = OrganisationFactory(name="Neuer Verein", status=Organisation.Status.PENDING)
    older = OrganisationFactory(name="Älterer Verein", status=Organisation.Status.PENDING)
    Organisation.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=5))
    Membership.objects.create(organisation=newer, user=personas.outsider, role=Membership.Role.ADMIN)
    ClaimRequest.objects.create(organisation=organisation, user=personas.outsider, message="Bitte übertragen.")
    login(client, personas.staff)

    content = client.get(reverse("staff:organisations_queue")).content.decode()

    assert content.index("Älterer Verein") < content.index("Neuer Verein")
    assert organisation.name not in content.split("Profile warten auf Prüfung")[1]  # verified: not in the queue
    assert "outsider@example.org" in content  # who registered it
    assert "1 Übernahme-Anfrage wartet auf eine Entscheidung." in content


def test_staff_verify_a_profile_and_its_admins_are_told(client, personas, mailbox, django_capture_on_commit_callbacks):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    Membership.objects.create(organisation=pending, user=personas.org_admin, role=Membership.Role.ADMIN)
    login(client, personas.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:organisation_verify", args=[pending.pk]))

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.VERIFIED
    assert pending.verified_at is not None
    entry = AuditEntry.objects.get(action="organisation.verified")
    assert entry.actor == personas.staff and entry.target_id == str(pending.pk)
    assert [message.to for message in mailbox] == [[personas.org_admin.email]]


def test_verifying_twice_is_a_message_not_an_error(client, personas, organisation):
    login(client, personas.staff)
    response = client.post(reverse("staff:organisation_verify", args=[organisation.pk]), follow=True)
    assert response.status_code == 200
    assert "Nur wartende oder abgelehnte Profile können geprüft werden." in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_rejecting_needs_a_reason(client, personas):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    login(client, personas.staff)

    response = client.post(reverse("staff:organisation_reject", args=[pending.pk]), {"reason": "   "})

    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_staff_reject_with_a_reason_and_the_admins_read_it(
    client, personas, mailbox, django_capture_on_commit_callbacks
):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    Membership.objects.create(organisation=pending, user=personas.org_admin, role=Membership.Role.ADMIN)
    login(client, personas.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:organisation_reject", args=[pending.pk]), {"reason": "Bitte ergänzen Sie die Beschreibung."}
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED
    assert pending.status_reason == "Bitte ergänzen Sie die Beschreibung."
    entry = AuditEntry.objects.get(action="organisation.rejected")
    assert entry.data["reason"] == "Bitte ergänzen Sie die Beschreibung."
    assert len(mailbox) == 1
    assert "Bitte ergänzen Sie die Beschreibung." in mailbox[0].body


def test_archive_with_reason_and_restore(client, personas, organisation):
    login(client, personas.staff)

    response = client.post(reverse("staff:organisation_archive", args=[organisation.pk]), {"reason": "aufgelöst"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ARCHIVED
    assert organisation.status_reason == "aufgelöst"

    response = client.post(reverse("staff:organisation_restore", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "organisation.archived",
        "organisation.restored",
    ]
    detail = client.get(reverse("staff:organisation", args=[organisation.pk])).content.decode()
    assert "Profil archiviert" in detail and "aufgelöst" in detail
    assert "Profil wiederhergestellt" in detail


def test_archive_without_reason_is_fine_but_not_twice(client, personas, organisation):
    login(client, personas.staff)
    client.post(reverse("staff:organisation_archive", args=[organisation.pk]), {"reason": ""})
    response = client.post(reverse("staff:organisation_archive", args=[organisation.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Das Profil ist bereits archiviert." in response.content.decode()
    assert AuditEntry.objects.filter(action="organisation.archived").count() == 1


def test_restoring_a_verified_profile_is_refused(client, personas, organisation):
    login(client, personas.staff)
    response = client.post(reverse("staff:organisation_restore", args=[organisation.pk]), follow=True)
    assert "Nur archivierte Profile können wiederhergestellt werden." in response.content.decode()


def test_unknown_organisation_is_404(client, personas):
    login(client, personas.staff)
    assert client.get(reverse("staff:organisation", args=[999999])).status_code == 404
    assert client.post(reverse("staff:organisation_verify", args=[999999])).status_code == 404


# --- list ------------------------------------------------------------------------------------------


def test_list_filters_by_status_and_name(client, personas, organisation, django_assert_max_num_queries):
    OrganisationFactory.create_batch(60)
    OrganisationFactory(name="Eritreische Gemeinschaft Gießen e.V.", status=Organisation.Status.PENDING)
    OrganisationFactory(name="Archivierter Verein", status=Organisation.Status.ARCHIVED)
    login(client, personas.staff)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:organisations"), {"status": "pending"})
    content = response.content.decode()
    assert "Eritreische Gemeinschaft" in content
    assert "Archivierter Verein" not in content and organisation.name not in content

    content = client.get(reverse("staff:organisations"), {"q": "eritreische"}).content.decode()
    assert "Eritreische Gemeinschaft" in content and "Archivierter Verein" not in content
    assert "1 Organisation gefunden" in content

    with django_assert_max_num_queries(10):
        response = client.get(reverse("staff:organisations"))
    assert "63 Organisationen gefunden" in response.content.decode()
    assert 'href="?page=2"' in response.content.decode()


def test_list_keeps_the_filter_in_pagination_and_export_links(client, personas):
    OrganisationFactory.create_batch(55)
    login(client, personas.staff)
    content = client.get(reverse("staff:organisations"), {"status": "verified", "q": "Brücke"}).content.decode()
    assert "?status=verified&amp;q=Br%C3%BCcke&amp;page=2" in content
    assert "/de/staff/organisationen/export/?status=verified&amp;q=Br%C3%BCcke&amp;format=xlsx" in content


def test_bad_filter_values_do_not_break_the_list(client, personas, organisation):
    login(client, personas.staff)
    response = client.get(reverse("staff:organisations"), {"status": "nonsense", "q": "x" * 500, "page": "abc"})
    assert response.status_code == 200


def test_queue_and_claims_have_bounded_queries(client, personas, django_assert_max_num_queries):
    for index in range(15):
        pending = OrganisationFactory(status=Organisation.Status.PENDING)
        pending.fields_of_action.set(FieldOfAction.objects.all()[:3])
        person = UserFactory()
        Membership.objects.create(organisation=pending, user=person, role=Membership.Role.ADMIN)
        ClaimRequest.objects.create(organisation=OrganisationFactory(), user=person, message=f"Anfrage {index}")
    login(client, personas.staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:organisations_queue")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("staff:organisation_claims")).status_code == 200


# --- creating --------------------------------------------------------------------------------------


def _create_data(**overrides):
    data = {
        "name": "Afghanischer Frauenverein Kassel e.V.",
        "kind": "migrant",
        "legal_form": "ev",
        "municipality": str(Municipality.objects.get(ags="06611000").pk),
        "description": "Frauenfrühstück und Sprachcafé.",
        "contact_email": "kontakt@frauenverein.example",
        "fields_of_action": [
            str(pk) for pk in FieldOfAction.objects.filter(slug="frauen").values_list("pk", flat=True)
        ],
    }
    data.update(overrides)
    return data


def test_create_form_groups_municipalities_by_district(client, personas):
    login(client, personas.staff)
    content = client.get(reverse("staff:organisation_create")).content.decode()
    assert '<optgroup label="Gießen (Landkreis)">' in content
    assert '<optgroup label="Kassel">' in content


def test_staff_create_a_verified_profile(client, personas):
    FieldOfAction.objects.get_or_create(slug="frauen", defaults={"name": "Frauen"})
    login(client, personas.staff)

    response = client.post(reverse("staff:organisation_create"), _create_data())

    organisation = Organisation.objects.get(name="Afghanischer Frauenverein Kassel e.V.")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:organisation", args=[organisation.pk])
    assert organisation.status == Organisation.Status.VERIFIED
    assert organisation.district.ags == "06611"
    assert list(organisation.fields_of_action.values_list("slug", flat=True)) == ["frauen"]
    assert "frauenfrühstück" in organisation.search_text
    assert AuditEntry.objects.get(action="organisation.created").actor == personas.staff


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("kind", "verein"),
        ("municipality", "999999"),
        ("contact_email", "keine-adresse"),
        ("description", "<script>alert(1)</script>"),
        ("legal_form", "gmbh"),
    ],
)
def test_create_with_bad_input_shows_field_errors_and_saves_nothing(client, personas, field, value):
    login(client, personas.staff)
    response = client.post(reverse("staff:organisation_create"), _create_data(**{field: value}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert f'id="id_{field}_error"' in content
    assert not Organisation.objects.exists()


# --- claims ----------------------------------------------------------------------------------------


def test_staff_approve_a_claim_and_the_person_becomes_admin(
    client, personas, mailbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    claim = ClaimRequest.objects.create(
        organisation=organisation, user=personas.outsider, message="Ich bin Vorsitzende."
    )
    login(client, personas.staff)
    assert "Ich bin Vorsitzende." in client.get(reverse("staff:organisation_claims")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:organisation_claim_decide", args=[claim.pk]), {"decision": "approve"})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimRequest.Status.APPROVED
    assert Membership.objects.get(organisation=organisation, user=personas.outsider).role == Membership.Role.ADMIN
    assert AuditEntry.objects.filter(action="organisation.claim_approved").exists()
    assert [message.to for message in mailbox] == [[personas.outsider.email]]


def test_staff_decline_a_claim(client, personas):
    organisation = OrganisationFactory()
    claim = ClaimRequest.objects.create(organisation=organisation, user=personas.outsider, message="Bitte.")
    login(client, personas.staff)
    client.post(reverse("staff:organisation_claim_decide", args=[claim.pk]), {"decision": "decline"})
    claim.refresh_from_db()
    assert claim.status == ClaimRequest.Status.DECLINED
    assert not Membership.objects.filter(organisation=organisation).exists()
    response = client.post(
        reverse("staff:organisation_claim_decide", args=[claim.pk]), {"decision": "approve"}, follow=True
    )
    assert "Über diese Anfrage wurde schon entschieden." in response.content.decode()
    assert not Membership.objects.filter(organisation=organisation).exists()


def test_a_claim_decision_must_be_one_of_two(client, personas):
    claim = ClaimRequest.objects.create(organisation=OrganisationFactory(), user=personas.outsider, message="Bitte.")
    login(client, personas.staff)
    response = client.post(reverse("staff:organisation_claim_decide", args=[claim.pk]), {"decision": "maybe"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimRequest.Status.OPEN


def test_dashboard_links_to_the_directory_pages(client, personas):
    login(client, personas.staff)
    content = client.get(reverse("staff:dashboard")).content.decode()
    for name in ("organisations_queue", "organisations", "organisation_claims", "organisations_import", "vocabulary"):
        assert f'href="{reverse(f"staff:{name}")}"' in content
