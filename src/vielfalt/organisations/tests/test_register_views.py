"""Registering an organisation: the form, its validation (bad input saves nothing), the pending state."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from conftest import login
from vielfalt.core.testing.layout import in_layout
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation, TargetGroup
from vielfalt.regions.models import Municipality

REGISTER = "/de/organisationen/registrieren/"


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST and run what the services deferred until commit (the emails)."""

    def post(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post


def form_data(**overrides):
    """A complete, valid profile as the browser sends it."""
    data = {
        "name": "Deutsch-Türkischer Kulturverein Gießen e.V.",
        "short_name": "DTK Gießen",
        "kind": "migrant",
        "legal_form": "ev",
        "register_court": "Amtsgericht Gießen",
        "register_number": "VR 4711",
        "founded_year": "1998",
        "description": "Wir bringen Familien zusammen: Hausaufgabenhilfe, Sprachcafé und Feste.",
        "description_en": "We bring families together: homework help, language café and festivals.",
        "municipality": str(Municipality.objects.get(ags="06531005").pk),  # Gießen
        "street": "Marktplatz 1",
        "postcode": "35390",
        "languages": ["tr", "de"],
        "communities": "türkeistämmige Familien",
        "fields_of_action": [str(FieldOfAction.objects.get(slug="bildung").pk)],
        "target_groups": [str(TargetGroup.objects.get(slug="familien").pk)],
        "offers": "Räume für Treffen",
        "needs": "Ehrenamtliche für die Hausaufgabenhilfe",
        "web_address": "https://dtk-giessen.example.org",
        "social_links": "https://www.instagram.com/dtk.giessen\nfacebook.com/dtkgiessen\n",
        "contact_email": "vorstand@dtk-giessen.example.org",
        "members_count": "11-50",
        "volunteers_count": "1-10",
    }
    data.update(overrides)
    return data


def image_file(fmt="PNG", size=(1200, 800), name="logo.png", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_everyone_signed_in_may_register(client, personas, persona):
    login(client, personas.all()[persona])

    response = client.get(REGISTER)

    content = response.content.decode()
    assert response.status_code == 200
    assert in_layout(response)
    assert content.count("<h1") == 1
    assert 'enctype="multipart/form-data"' in content
    assert "<optgroup" in content  # municipalities grouped by district
    assert 'name="description_ar"' in content and 'dir="rtl"' in content
    assert '<details class="kern-accordion"' in content
    assert f'value="{personas.all()[persona].email}"' in content  # contact address suggested


# --- registering ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registering_creates_a_pending_profile_with_the_person_as_admin(client, submit, personas, mailbox, settings):
    login(client, personas.outsider)

    response = submit(REGISTER, form_data())

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/de/organisationen/{organisation.slug}/"
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.district.name == "Gießen"  # derived from the municipality
    assert organisation.register_number == "VR 4711"
    assert organisation.languages == ["de", "tr"]
    assert organisation.description_translations == {
        "en": "We bring families together: homework help, language café and festivals."
    }
    assert organisation.website == "https://dtk-giessen.example.org"
    assert organisation.social_links == ["https://www.instagram.com/dtk.giessen", "https://facebook.com/dtkgiessen"]
    assert [term.slug for term in organisation.fields_of_action.all()] == ["bildung"]
    assert Membership.objects.get(organisation=organisation).user == personas.outsider
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.ADMIN
    [notice] = mailbox
    assert notice.to == [settings.STAFF_EMAIL]
    assert organisation.name in notice.subject
    assert f"/de/organisationen/{organisation.slug}/" in notice.body

    page = client.get(response["Location"]).content.decode()
    assert "Dieses Profil wartet auf die Prüfung durch das Team." in page
    assert "Danke! Ihre Organisation ist registriert." in page


@pytest.mark.django_db
def test_a_pending_profile_is_invisible_to_the_public_and_to_outsiders(client, submit, personas):
    login(client, personas.org_admin)
    submit(REGISTER, form_data())
    path = f"/de/organisationen/{Organisation.objects.get().slug}/"
    assert client.get(path).status_code == 200

    client.logout()
    assert client.get(path).status_code == 404
    login(client, personas.outsider)
    assert client.get(path).status_code == 404
    login(client, personas.staff)
    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("register_number", "12345", "Bitte geben Sie die Registernummer wie im Register an"),
        ("register_number", "VR 12345678", "Bitte geben Sie die Registernummer wie im Register an"),
        ("founded_year", "2999", "Das Gründungsjahr darf nicht in der Zukunft liegen."),
        ("founded_year", "1200", ""),
        ("description", "Hallo <script>alert(1)</script>", "Bitte schreiben Sie nur Text"),
        ("description_tr", "<b>Merhaba</b>", "Bitte schreiben Sie nur Text"),
        ("name", "<img src=x onerror=alert(1)>", "Bitte schreiben Sie nur Text"),
        ("municipality", "999999", "Bitte wählen Sie eine Gemeinde aus der Liste."),
        ("municipality", "Gießen", ""),
        ("kind", "spaceship", ""),
        ("languages", ["de", "klingon"], ""),
        ("fields_of_action", [], ""),
        ("web_address", "javascript:alert(1)", ""),
        ("social_links", "https://ok.example.org\nnot a url", "Zeile 2 ist keine gültige Internetadresse"),
        ("social_links", "javascript:alert(1)", "Zeile 1 ist keine gültige Internetadresse"),
        ("postcode", "3539", "Fünf Ziffern, bitte."),
        ("contact_email", "", ""),
        ("contact_email", "not-an-email", ""),
        ("name", "x" * 201, ""),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(client, submit, personas, mailbox, field, value, message):
    login(client, personas.outsider)

    response = submit(REGISTER, form_data(**{field: value}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bitte korrigieren Sie die folgenden Angaben:" in content
    assert f'href="#id_{field}' in content  # the summary links to the field
    assert message in content
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0
    assert mailbox == []


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(client, submit, personas):
    login(client, personas.outsider)

    content = submit(REGISTER, form_data(founded_year="2999")).content.decode()

    assert 'value="Deutsch-Türkischer Kulturverein Gießen e.V."' in content
    assert "We bring families together" in content
    assert '<details class="kern-accordion" open>' in content  # translations stay visible


@pytest.mark.django_db
def test_two_organisations_with_the_same_name_get_different_addresses(client, submit, personas):
    login(client, personas.outsider)

    submit(REGISTER, form_data())
    submit(REGISTER, form_data())

    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "deutsch-tuerkischer-kulturverein-giessen-ev",
        "deutsch-tuerkischer-kulturverein-giessen-ev-2",
    ]


# --- the logo ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_large_png_logo_is_resized_and_stripped_of_metadata(client, submit, personas):
    login(client, personas.outsider)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jemand Privates")
    logo = image_file("PNG", (1200, 800), pnginfo=info)

    response = submit(REGISTER, form_data(logo=logo))

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("logos/") and organisation.logo.name.endswith(".png")
    with Image.open(organisation.logo.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == (512, 341)
        assert "Author" not in stored.info
    page = client.get(response["Location"]).content.decode()
    assert organisation.logo.url in page


@pytest.mark.django_db
def test_a_jpeg_logo_loses_its_exif_data(client, submit, personas):
    login(client, personas.outsider)
    exif = Image.Exif()
    exif[0x013B] = "Jemand Privates"  # Artist
    logo = image_file("JPEG", (300, 200), name="logo.jpg", exif=exif)

    submit(REGISTER, form_data(logo=logo))

    with Image.open(Organisation.objects.get().logo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (300, 200)
        assert not stored.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"<?php echo 'no image'; ?>", content_type="image/png"), "kein lesbares Bild"),
        (
            SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, content_type="image/png"),
            "kein lesbares Bild",
        ),
        (SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"), "kein lesbares Bild"),
        ("gif", "PNG, JPEG oder WebP"),
        ("huge", "zu groß"),
    ],
)
def test_a_logo_that_is_not_an_allowed_image_is_refused(client, submit, personas, upload, message):
    login(client, personas.outsider)
    if upload == "gif":
        upload = image_file("GIF", (50, 50), name="logo.gif")
    elif upload == "huge":
        upload = SimpleUploadedFile("logo.png", b"\0" * (2 * 1024 * 1024 + 1), content_type="image/png")

    response = submit(REGISTER, form_data(logo=upload))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.count() == 0
