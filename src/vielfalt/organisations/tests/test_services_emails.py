"""The directory's emails (rendered from its templates) and the starting vocabulary."""

import pytest
from django.conf import settings

from vielfalt.core.lib.emails import render_email
from vielfalt.organisations import services
from vielfalt.organisations.models import ClaimRequest, FieldOfAction, Membership, Organisation, TargetGroup
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.organisations.vocabulary.starting_terms import FIELDS_OF_ACTION, TARGET_GROUPS

PREFIXES = {
    "staff_new_registration": {},
    "verified": {},
    "rejected": {"reason": "Bitte ergänzen Sie die Beschreibung."},
    "invitation": {"inviter_name": "Ada", "token": "abc123", "expires_at": "2030-01-01T00:00:00+00:00"},
    "claim_decided": {"approved": True},
    "contact": {"sender_name": "Olena", "sender_email": "olena@example.org", "message": "Hallo!"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_email_renders_in_every_language(prefix, language):
    context = {"organisation_name": "Verein & Co. e.V.", "organisation_slug": "verein-co-ev", **PREFIXES[prefix]}

    message = render_email(f"organisations/emails/{prefix}", context, language=language)

    assert message["subject"] and "\n" not in message["subject"]
    assert "Verein & Co. e.V." in message["subject"] + message["text"]  # plain text is not HTML-escaped
    assert "&amp;" not in message["text"]
    assert f'<html lang="{language}"' in message["html"]
    if prefix == "invitation":
        assert f"{settings.SITE_URL}/{language}/organisationen/einladung/abc123/" in message["text"]
    elif prefix != "contact":
        assert f"{settings.SITE_URL}/{language}/organisationen/verein-co-ev/" in message["text"]


@pytest.mark.django_db
def test_a_latin_name_in_an_arabic_plain_text_email_is_isolated():
    """Without the isolation marks an Arabic mail program shows "Arabischer Bildungsverein e.V." as
    ".Arabischer Bildungsverein e.V"; the HTML part isolates it with <bdi>."""
    context = {"organisation_name": "Arabischer Bildungsverein e.V.", "organisation_slug": "abv"}

    message = render_email("organisations/emails/verified", context, language="ar")

    isolated = "\u2068Arabischer Bildungsverein e.V.\u2069"
    assert f"«{isolated}»" in message["subject"]
    assert f"«{isolated}»" in message["text"]
    assert "<bdi>Arabischer Bildungsverein e.V.</bdi>" in message["html"]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.mark.django_db
def test_verifying_tells_the_admins_in_their_language(personas, organisation, mailbox, run_on_commit):
    personas.org_admin.preferred_language = "tr"
    personas.org_admin.save()
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    organisation.refresh_from_db()

    run_on_commit(services.organisation_verify, organisation=organisation, by=personas.staff)

    [mail] = mailbox
    assert mail.to == [personas.org_admin.email]
    assert f"/tr/organisationen/{organisation.slug}/" in mail.body
    assert '<html lang="tr"' in mail.alternatives[0][0]


@pytest.mark.django_db
def test_a_rejection_carries_the_reason(personas, organisation, mailbox, run_on_commit):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    organisation.refresh_from_db()

    run_on_commit(
        services.organisation_reject, organisation=organisation, by=personas.staff, reason="Kein Bezug zu Hessen <b>"
    )

    [mail] = mailbox
    assert "Kein Bezug zu Hessen <b>" in mail.body
    assert "Kein Bezug zu Hessen &lt;b&gt;" in mail.alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(("approve", "words"), [(True, "Sie verwalten jetzt"), (False, "nicht angenommen")])
def test_the_person_who_claimed_hears_the_decision(personas, mailbox, run_on_commit, approve, words):
    organisation = OrganisationFactory()
    claim = services.claim_request_create(organisation=organisation, user=personas.outsider, message="Ich bin es.")

    run_on_commit(services.claim_request_decide, claim=claim, approve=approve, by=personas.staff)

    [mail] = mailbox
    assert mail.to == [personas.outsider.email]
    assert words in mail.subject + mail.body
    assert ClaimRequest.objects.get().status == ("approved" if approve else "declined")
    assert Membership.objects.filter(organisation=organisation, user=personas.outsider).exists() is approve


@pytest.mark.django_db
def test_registering_works_for_a_brand_new_organisation(personas, run_on_commit, mailbox):
    """The service sets the district from the municipality of an organisation that does not exist yet."""
    from vielfalt.regions.models import Municipality

    organisation = run_on_commit(
        services.organisation_register,
        user=personas.outsider,
        data=services.ProfileInput(
            name="Neuer Verein",
            kind="migrant",
            municipality=Municipality.objects.get(ags="06531005"),
            contact_email="neu@example.org",
        ),
    )

    assert organisation.district.name == "Gießen"
    assert [mail.to for mail in mailbox] == [[settings.STAFF_EMAIL]]


# --- the starting vocabulary (data migration) -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "terms"), [(FieldOfAction, FIELDS_OF_ACTION), (TargetGroup, TARGET_GROUPS)])
def test_the_starting_vocabulary_exists_in_order_and_in_every_language(model, terms):
    stored = list(model.objects.order_by("position"))

    assert [(term.slug, term.name) for term in stored] == terms
    for term in stored:
        assert set(term.name_translations) == {"en", "tr", "ar", "fa", "ru", "uk"}
        assert all(text.strip() for text in term.name_translations.values())
    assert FieldOfAction.objects.get(slug="bildung").localized_name("en").text == "Education"


def test_every_fixed_path_under_organisationen_is_a_reserved_slug():
    """A profile named like a page (``/organisationen/meine/``) would be unreachable."""
    from vielfalt.organisations import services, urls

    fixed = {str(p.pattern).split("/")[0] for p in urls.urlpatterns if not str(p.pattern).startswith("<")}
    assert fixed <= services.RESERVED_SLUGS


@pytest.mark.django_db
def test_an_organisation_called_like_a_page_gets_another_address():
    from vielfalt.organisations.services import _unique_slug

    assert _unique_slug("Meine") == "meine-2"


@pytest.mark.django_db
def test_an_organisation_named_in_another_script_gets_a_readable_address(personas, run_on_commit):
    from vielfalt.regions.models import Municipality

    organisation = run_on_commit(
        services.organisation_register,
        user=personas.outsider,
        data=services.ProfileInput(
            name="Українська громада Гессен",
            kind="migrant",
            municipality=Municipality.objects.get(ags="06531005"),
            contact_email="hromada@example.org",
        ),
    )
    assert organisation.slug == "ukrainska-gromada-gessen"
