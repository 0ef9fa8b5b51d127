"""Staff maintain the vocabulary: German name, translations, order; delete only what nobody uses."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import login
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.organisations.services import organisation_refresh_search_text
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.organisations.vocabulary import services as vocabulary_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    # Pages are checked in German (URLs and texts), whatever an earlier test left active.
    with translation.override("de"):
        yield


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


def _term_data(**overrides):
    data = {
        "name": "Nachbarschaft",
        "position": "20",
        **{f"name_{code}": "" for code in ("en", "tr", "ar", "fa", "ru", "uk")},
    }
    data.update(overrides)
    return data


def test_the_list_shows_both_vocabularies_with_usage(staff_client, django_assert_max_num_queries):
    term = FieldOfAction.objects.create(
        slug="nachbarschaft", name="Nachbarschaft", name_translations={"en": "Neighbourhood"}
    )
    for organisation in OrganisationFactory.create_batch(3):
        organisation.fields_of_action.add(term)
    with django_assert_max_num_queries(10):  # 8 + the two unread counts in the navigation
        response = staff_client.get(reverse("staff:vocabulary"))
    content = response.content.decode()
    assert "Handlungsfelder" in content and "Zielgruppen" in content
    assert "Nachbarschaft" in content
    assert "3 Organisationen" in content


def test_staff_add_a_term_with_translations(staff_client, personas):
    response = staff_client.post(
        reverse("staff:vocabulary_create", args=["zielgruppen"]),
        _term_data(name="Menschen mit Behinderung", name_en="People with disabilities", name_ar="أشخاص ذوو إعاقة"),
    )
    assert response.status_code == 302
    term = TargetGroup.objects.get(name="Menschen mit Behinderung")
    assert term.slug == "menschen-mit-behinderung"
    assert term.name_translations == {"en": "People with disabilities", "ar": "أشخاص ذوو إعاقة"}
    assert term.position == 20
    assert term.localized_name("ar").text == "أشخاص ذوو إعاقة"
    assert term.localized_name("tr").text == "Menschen mit Behinderung"  # falls back to German
    entry = AuditEntry.objects.get(action="vocabulary.created")
    assert entry.actor == personas.staff


def test_the_form_marks_right_to_left_translations(staff_client):
    content = staff_client.get(reverse("staff:vocabulary_create", args=["handlungsfelder"])).content.decode()
    assert 'lang="ar" dir="rtl"' in content.replace('dir="rtl" lang="ar"', 'lang="ar" dir="rtl"')
    assert 'name="name_uk"' in content


def test_umlauts_become_readable_slugs():
    assert vocabulary_services.german_slug("Geflüchtete Frauen") == "gefluechtete-frauen"
    assert vocabulary_services.german_slug("Straße") == "strasse"


def test_a_name_that_exists_is_refused(staff_client):
    FieldOfAction.objects.create(slug="kunst", name="Kunst")
    response = staff_client.post(reverse("staff:vocabulary_create", args=["handlungsfelder"]), _term_data(name="kunst"))
    assert response.status_code == 200
    assert "Diese Bezeichnung gibt es schon." in response.content.decode()
    assert FieldOfAction.objects.filter(name__iexact="kunst").count() == 1


@pytest.mark.parametrize("data", [{"name": ""}, {"position": "-1"}, {"position": "abc"}, {"name": "x" * 101}])
def test_bad_input_changes_nothing(staff_client, data):
    before = FieldOfAction.objects.count()
    response = staff_client.post(reverse("staff:vocabulary_create", args=["handlungsfelder"]), _term_data(**data))
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert FieldOfAction.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_unknown_vocabulary_is_404(staff_client):
    assert staff_client.get(reverse("staff:vocabulary_create", args=["farben"])).status_code == 404


def test_renaming_keeps_the_slug_and_refreshes_the_search_text(staff_client, django_capture_on_commit_callbacks):
    term = FieldOfAction.objects.create(slug="nachbarschaft", name="Nachbarschaft")
    organisation = OrganisationFactory()
    organisation.fields_of_action.add(term)
    organisation_refresh_search_text(organisation=organisation)

    response = staff_client.post(
        reverse("staff:vocabulary_edit", args=["handlungsfelder", term.pk]),
        _term_data(name="Nachbarschaftshilfe", name_tr="Komşuluk yardımı", position="3"),
    )

    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.slug, term.name, term.position) == ("nachbarschaft", "Nachbarschaftshilfe", 3)
    assert term.name_translations == {"tr": "Komşuluk yardımı"}
    organisation.refresh_from_db()
    assert "nachbarschaftshilfe" in organisation.search_text
    assert "komşuluk yardımı" in organisation.search_text
    assert AuditEntry.objects.get(action="vocabulary.updated").data == {
        "fields": ["name", "name_translations", "position"]
    }


def test_saving_without_changes_records_nothing(staff_client):
    term = FieldOfAction.objects.create(slug="nachbarschaft", name="Nachbarschaft", position=20)
    staff_client.post(reverse("staff:vocabulary_edit", args=["handlungsfelder", term.pk]), _term_data())
    assert not AuditEntry.objects.exists()


def test_a_term_in_use_cannot_be_deleted(staff_client):
    term = FieldOfAction.objects.create(slug="nachbarschaft", name="Nachbarschaft")
    OrganisationFactory().fields_of_action.add(term)

    page = staff_client.get(reverse("staff:vocabulary_edit", args=["handlungsfelder", term.pk])).content.decode()
    assert "kann deshalb nicht gelöscht werden" in page
    response = staff_client.post(reverse("staff:vocabulary_delete", args=["handlungsfelder", term.pk]), follow=True)

    assert (
        "„Nachbarschaft“ wird noch von 1 Eintrag verwendet und kann nicht gelöscht werden." in response.content.decode()
    )
    assert FieldOfAction.objects.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.exists()


def test_an_unused_term_can_be_deleted(staff_client, personas):
    term = TargetGroup.objects.create(slug="testgruppe", name="Testgruppe")
    response = staff_client.post(reverse("staff:vocabulary_delete", args=["zielgruppen", term.pk]))
    assert response.status_code == 302
    assert not TargetGroup.objects.filter(pk=term.pk).exists()
    entry = AuditEntry.objects.get(action="vocabulary.deleted")
    assert entry.target_label == "Testgruppe" and entry.actor == personas.staff


def test_the_audit_log_names_vocabulary_changes_in_german(staff_client):
    staff_client.post(reverse("staff:vocabulary_create", args=["handlungsfelder"]), _term_data())
    with translation.override("de"):
        assert AuditEntry.objects.get().action_label == "Begriff angelegt"


def test_terms_read_their_name_through_the_shared_localized_text():
    term = FieldOfAction(name="Bildung", name_translations={"tr": "Eğitim"})

    assert term.localized_name("tr") == LocalizedText("Eğitim", "tr")
    assert term.localized_name("ru").is_fallback
    with translation.override("tr"):
        assert str(term) == "Eğitim"
