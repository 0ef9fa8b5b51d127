import pytest
from django.utils import translation
from django.utils.safestring import mark_safe

from conftest import login, refused_status
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.pages import services
from vielfalt.pages.models import LegalDocument
from vielfalt.pages.templatetags.legal_text import legal_text

EDIT_PRIVACY = "/de/staff/rechtstexte/privacy/"


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


@pytest.fixture
def new_privacy_text():
    return {
        "body": "Neue Datenschutzerklärung, Fassung 2.",
        "body_en": "New privacy notice, version 2.",
        "body_ar": "",
        "change_note": "Kontaktformular ergänzt",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["imprint", "privacy", "accessibility"])
def test_version_1_exists_after_migrations(kind):
    document = LegalDocument.objects.get(kind=kind, version=1)

    assert document.body
    assert document.published_by is None


@pytest.mark.django_db
def test_staff_publish_a_new_version(staff_client, personas, new_privacy_text):
    response = staff_client.post(EDIT_PRIVACY, new_privacy_text)

    assert response.status_code == 302
    assert response["Location"] == EDIT_PRIVACY
    document = LegalDocument.objects.get(kind="privacy", version=2)
    assert document.body == "Neue Datenschutzerklärung, Fassung 2."
    assert document.body_translations == {"en": "New privacy notice, version 2."}  # empty translations are left out
    assert (document.change_note, document.published_by) == ("Kontaktformular ergänzt", personas.staff)
    assert LegalDocument.objects.get(kind="privacy", version=1).body.startswith("Wir verarbeiten")
    page = staff_client.get(EDIT_PRIVACY).content.decode()
    assert "Version 2 ist veröffentlicht." in page
    assert "Kontaktformular ergänzt" in page
    assert AuditEntry.objects.filter(action="legal_document.published", actor=personas.staff).count() == 1


@pytest.mark.django_db
def test_the_new_version_is_shown_in_every_language(client, staff_client, new_privacy_text):
    staff_client.post(EDIT_PRIVACY, new_privacy_text)
    client.logout()

    german = client.get("/de/datenschutz/").content.decode()
    assert "Neue Datenschutzerklärung, Fassung 2." in german
    assert "Version 2 vom" in german

    english = client.get("/en/datenschutz/").content.decode()
    assert "New privacy notice, version 2." in english
    assert "Neue Datenschutzerklärung" not in english

    # No Turkish text yet: the German one, marked as German, with a note in Turkish.
    turkish = client.get("/tr/datenschutz/").content.decode()
    assert '<div class="vf-prose kern-body" lang="de" dir="auto">' in turkish
    assert "Neue Datenschutzerklärung, Fassung 2." in turkish
    with translation.override("tr"):
        assert (
            translation.gettext("Diesen Text gibt es noch nicht in Ihrer Sprache. Hier ist die deutsche Fassung.")
            in turkish
        )


@pytest.mark.django_db
def test_legal_text_is_shown_as_text(client, personas):
    services.legal_document_publish(
        kind="imprint",
        body="Absatz eins\n\n<script>alert(1)</script>",
        body_translations={},
        published_by=personas.staff,
    )

    content = client.get("/de/impressum/").content.decode()

    assert '<p class="kern-body">Absatz eins</p>' in content
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.django_db
def test_the_form_starts_from_the_current_version(staff_client):
    content = staff_client.get("/de/staff/rechtstexte/imprint/").content.decode()

    assert "Kompetenzzentrum Vielfalt Hessen" in content
    assert 'name="body_fa"' in content
    assert 'lang="ar" dir="rtl"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_body_is_refused(staff_client, new_privacy_text, body):
    response = staff_client.post(EDIT_PRIVACY, {**new_privacy_text, "body": body})

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert 'href="#id_body"' in content
    assert LegalDocument.objects.filter(kind="privacy").count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
def test_others_cannot_publish(client, personas, persona, new_privacy_text):
    login(client, getattr(personas, persona))

    assert client.get(EDIT_PRIVACY).status_code == refused_status(persona)
    assert client.post(EDIT_PRIVACY, new_privacy_text).status_code == refused_status(persona)
    assert LegalDocument.objects.filter(kind="privacy").count() == 1


@pytest.mark.django_db
def test_anonymous_cannot_publish(client, new_privacy_text):
    response = client.post(EDIT_PRIVACY, new_privacy_text)

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")
    assert LegalDocument.objects.filter(kind="privacy").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_kind_is_404(staff_client, method, new_privacy_text):
    response = getattr(staff_client, method)("/de/staff/rechtstexte/agb/", new_privacy_text)

    assert response.status_code == 404
    assert not LegalDocument.objects.filter(kind="agb").exists()


@pytest.mark.django_db
def test_legal_page_without_any_version_is_404(client):
    LegalDocument.objects.filter(kind="imprint").delete()

    assert client.get("/de/impressum/").status_code == 404


@pytest.mark.django_db
def test_publish_service_numbers_versions(personas):
    for expected in (3, 4):  # the migrations left versions 1 and 2
        document = services.legal_document_publish(
            kind="imprint", body="Text", body_translations={}, published_by=personas.staff
        )
        assert document.version == expected
    assert LegalDocument.objects.filter(kind="privacy").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "body", "message"), [("agb", "Text", "Unbekannte Art"), ("privacy", " ", "nicht leer")]
)
def test_publish_service_refuses_bad_input(personas, kind, body, message):
    before = LegalDocument.objects.count()
    with pytest.raises(ApplicationError, match=message):
        services.legal_document_publish(kind=kind, body=body, body_translations={}, published_by=personas.staff)
    assert LegalDocument.objects.count() == before


@pytest.mark.django_db
def test_consent_only_to_the_privacy_notice(personas):
    imprint = LegalDocument.objects.filter(kind="imprint").first()

    with pytest.raises(ApplicationError):
        services.consent_record(user=personas.member, document=imprint)


# --- asking for consent to a new privacy notice (the journey itself: test_privacy_update.py) ------


@pytest.mark.django_db
def test_no_consent_banner_for_anonymous_visitors(client, personas):
    services.legal_document_publish(kind="privacy", body="Fassung 2", body_translations={}, published_by=personas.staff)

    assert 'id="privacy-update-title"' not in client.get("/de/").content.decode()


@pytest.mark.django_db
def test_accepting_the_current_version_again_records_nothing(client, personas):
    services.consent_record(user=personas.member, document=LegalDocument.objects.get(kind="privacy"))
    login(client, personas.member)

    response = client.post("/de/datenschutz/zustimmen/")

    assert response.status_code == 302
    assert personas.member.consents.count() == 1


def test_legal_text_is_kept_per_text_and_escaped_whatever_the_value_is_marked():
    text = "## Anbieter\nKompetenzzentrum <Vielfalt>\nwww.vielfalt.invalid"
    first = legal_text(text)

    assert legal_text(text) is first  # kept: the same text gives the same HTML
    assert legal_text(mark_safe(text)) == first  # a text marked safe is escaped all the same
    assert "&lt;Vielfalt&gt;" in first
    assert legal_text(text + "\n\nNeu") != first
