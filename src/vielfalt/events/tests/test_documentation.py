"""An event's documentation: who sees it, editing the text, photos and files, and bad uploads."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, PngImagePlugin

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.events.models import Documentation, DocumentationFile, DocumentationImage, Event
from vielfalt.events.tests.factories import EventFactory

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]
MANAGERS = {"org_admin", "staff"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def as_persona(client, personas, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def days_ago(days, hour=10):
    moment = timezone.localtime() - timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def event(organisation):
    """A public event last week, organised by ``organisation`` (org_admin runs it)."""
    return EventFactory(organiser=organisation, starts_at=days_ago(7), ends_at=days_ago(7, 16))


@pytest.fixture
def upcoming(organisation):
    return EventFactory(organiser=organisation)


def url(event, part=""):
    return f"/de/veranstaltungen/{event.slug}/dokumentation/{part}"


def stored_files(settings):
    root = settings.MEDIA_ROOT / "events"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def image_file(fmt="PNG", size=(1200, 800), name="foto.png", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def pdf_file(name="protokoll.pdf", padding=0):
    content = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * padding + b"\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_file(name, entries, *, mimetype=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def docx_file(name="ergebnisse.docx", **extra):
    return zip_file(name, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", **extra})


def odt_file(name="ergebnisse.odt"):
    return zip_file(
        name, {"content.xml": "<office:document-content/>"}, mimetype="application/vnd.oasis.opendocument.text"
    )


def published_documentation(event, **fields):
    values = {"summary": "Fünfzig Menschen aus 40 Vereinen.", "body": "<p>Ein guter Tag.</p>", "published": True}
    values.update(fields)
    return Documentation.objects.create(event=event, **values)


# --- the page: who sees what ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_a_published_documentation_is_seen_by_everyone_who_sees_the_event(client, personas, event, persona):
    documentation = published_documentation(
        event, body='<h2>Ergebnisse</h2><p onclick="steal()">Mehr Raum zum <strong>Austausch</strong>.</p>'
    )
    DocumentationImage.objects.create(
        documentation=documentation,
        image="events/images/foto.png",
        alt_text="Teilnehmende arbeiten an Plakaten",
        caption="Workshop 2 am Nachmittag",
        consent_confirmed=True,
    )
    DocumentationFile.objects.create(
        documentation=documentation, file="events/files/abc.pdf", title="Präsentation Fördermittel", size=250_000
    )
    as_persona(client, personas, persona)

    response = client.get(url(event))

    content = response.content.decode()
    assert response.status_code == 200
    assert in_layout(response)
    assert content.count("<h1") == 1
    assert "Fünfzig Menschen aus 40 Vereinen." in content
    assert '<h2 class="kern-heading-medium">Ergebnisse</h2>' in content
    assert "<strong>Austausch</strong>" in content
    assert "steal()" not in content and "onclick" not in content
    assert 'alt="Teilnehmende arbeiten an Plakaten"' in content
    assert "<figcaption" in content and "Workshop 2 am Nachmittag" in content
    assert "der Veröffentlichung ihrer Fotos zugestimmt" in content
    assert "Präsentation Fördermittel" in content
    assert "PDF-Dokument" in content and "244,1\xa0KB" in content
    assert 'download="prasentation-fordermittel.pdf"' in content
    assert "noch nicht veröffentlicht" not in content
    assert ("Dokumentation bearbeiten" in content) == (persona in MANAGERS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_an_unpublished_documentation_is_seen_only_by_whoever_runs_the_event(client, personas, event, persona):
    published_documentation(event, published=False, summary="Noch im Entwurf")
    as_persona(client, personas, persona)

    response = client.get(url(event))

    if persona in MANAGERS:
        content = response.content.decode()
        assert response.status_code == 200
        assert "Diese Dokumentation ist noch nicht veröffentlicht." in content
        assert "Noch im Entwurf" in content
    else:
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_without_documentation_only_managers_get_a_page(client, personas, event, persona):
    as_persona(client, personas, persona)

    response = client.get(url(event))

    assert response.status_code == (200 if persona in MANAGERS else 404)
    if persona in MANAGERS:
        assert "Die Dokumentation hat noch keinen Inhalt." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("audience", "status", "expected"),
    [
        ("members", "published", {"anonymous": 404, "outsider": 200, "member": 200, "org_admin": 200, "staff": 200,
                                   "staff_no_mfa": 200}),
        ("invited", "published", {"anonymous": 404, "outsider": 404, "member": 404, "org_admin": 200, "staff": 200,
                                   "staff_no_mfa": 404}),
        ("public", "draft", {"anonymous": 404, "outsider": 404, "member": 404, "org_admin": 200, "staff": 200,
                             "staff_no_mfa": 404}),
    ],
)  # fmt: skip
@pytest.mark.parametrize("persona", ALL)
def test_the_documentation_follows_who_may_see_the_event(client, personas, event, audience, status, expected, persona):
    Event.objects.filter(pk=event.pk).update(audience=audience, status=status)
    published_documentation(event)
    as_persona(client, personas, persona)

    assert client.get(url(event)).status_code == expected[persona]


@pytest.mark.django_db
def test_the_page_reads_a_fixed_number_of_queries(client, personas, event, django_assert_max_num_queries):
    documentation = published_documentation(event)
    for n in range(10):
        DocumentationImage.objects.create(
            documentation=documentation, image=f"events/images/{n}.png", alt_text=f"Bild {n}", consent_confirmed=True
        )
        DocumentationFile.objects.create(documentation=documentation, file=f"events/files/{n}.pdf", title=f"Datei {n}")

    with django_assert_max_num_queries(8):
        response = client.get(url(event))

    assert response.status_code == 200
    assert response.content.decode().count("<figure") == 10


# --- editing: who may ------------------------------------------------------------------------------------

EDIT_PARTS = ["bearbeiten/", "bild/", "datei/"]


@pytest.mark.django_db
@pytest.mark.parametrize("part", EDIT_PARTS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("org_admin", 200), ("staff", 200)],
)
def test_only_whoever_runs_the_event_may_edit(client, personas, event, part, persona, expected):
    as_persona(client, personas, persona)

    response = client.get(url(event, part), follow=persona in MANAGERS)

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/de/accounts/login/")
    if expected == 200:
        content = response.content.decode()
        assert content.count("<h1") == 1
        assert 'name="body"' in content and 'name="image-image"' in content and 'name="file-file"' in content
        assert content.count('enctype="multipart/form-data"') == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "expected"), [("outsider", 404), ("member", 404), ("org_admin", 200)])
def test_editing_a_draft_is_not_found_for_people_who_cannot_see_it(client, personas, event, persona, expected):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    login(client, personas.all()[persona])

    assert client.get(url(event, "bearbeiten/")).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["bearbeiten/", "bild/", "datei/", "bild/1/loeschen/", "datei/1/loeschen/"])
@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 302), ("outsider", 403), ("member", 403)])
def test_others_cannot_write(client, personas, event, part, persona, expected):
    documentation = published_documentation(event, summary="Bleibt so")
    DocumentationImage.objects.create(
        pk=1, documentation=documentation, image="events/images/a.png", alt_text="A", consent_confirmed=True
    )
    DocumentationFile.objects.create(pk=1, documentation=documentation, file="events/files/a.pdf", title="A")
    as_persona(client, personas, persona)
    data = {
        "summary": "Gehackt",
        "body": "<p>x</p>",
        "published": "on",
        "image-image": image_file(),
        "image-alt_text": "x",
        "image-consent": "on",
        "file-title": "x",
        "file-file": pdf_file(),
    }

    response = client.post(url(event, part), data)

    assert response.status_code == expected
    documentation.refresh_from_db()
    assert documentation.summary == "Bleibt so"
    assert DocumentationImage.objects.count() == 1 and DocumentationFile.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="event.documentation").exists()


# --- editing the text ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_managers_write_and_publish_the_documentation(client, personas, event, persona):
    login(client, personas.all()[persona])

    response = client.post(
        url(event, "bearbeiten/"),
        {"summary": "  Ein voller Saal.  ", "body": "<h2>Workshops</h2><p>Drei Workshops.</p>", "published": "on"},
    )

    assert response.status_code == 302
    documentation = Documentation.objects.get(event=event)
    assert documentation.summary == "Ein voller Saal."
    assert documentation.body == "<h2>Workshops</h2><p>Drei Workshops.</p>"
    assert documentation.published
    entry = AuditEntry.objects.get(action="event.documentation_published")
    assert entry.actor == personas.all()[persona]
    page = client.get(url(event)).content.decode()
    assert "Drei Workshops." in page


@pytest.mark.django_db
def test_scripts_and_event_handlers_are_removed_from_the_body(client, personas, event):
    login(client, personas.org_admin)
    body = (
        '<p onmouseover="steal()" style="color:red">Gut.</p><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">Klick</a>'
        '<a href="https://wir.example.org" onclick="x()">WIR</a>'
    )

    client.post(url(event, "bearbeiten/"), {"summary": "", "body": body, "published": "on"})

    stored = Documentation.objects.get(event=event).body
    for fragment in ("script", "alert", "onmouseover", "onerror", "onclick", "style", "javascript", "<img"):
        assert fragment not in stored
    assert '<a href="https://wir.example.org" rel="nofollow noopener">WIR</a>' in stored
    page = client.get(url(event)).content.decode()
    assert "alert(" not in page and "steal()" not in page


@pytest.mark.django_db
def test_the_body_is_sanitised_again_when_shown(client, personas, event):
    # A row written around the service (an import, the admin) still cannot bring a script to the page.
    published_documentation(event, body='<p>Text</p><script>alert("x")</script><p onclick="x()">Mehr</p>')

    content = client.get(url(event)).content.decode()

    assert 'alert("x")' not in content and "onclick" not in content
    assert '<p class="kern-body">Mehr</p>' in content


@pytest.mark.django_db
def test_the_help_text_explains_the_allowed_tags(client, personas, event):
    login(client, personas.org_admin)

    content = client.get(url(event, "bearbeiten/")).content.decode()

    assert "<code>&lt;h2&gt;</code>" in content and "<code>&lt;a href&gt;</code>" in content
    assert "Skripte" in content


@pytest.mark.django_db
def test_publishing_before_the_event_began_is_refused_and_nothing_is_written(client, personas, upcoming):
    login(client, personas.org_admin)

    response = client.post(url(upcoming, "bearbeiten/"), {"summary": "Vorab", "body": "", "published": "on"})

    content = response.content.decode()
    assert response.status_code == 400
    assert "erst veröffentlicht werden, wenn die Veranstaltung begonnen hat" in content
    assert "vf-error-summary" in content
    assert not Documentation.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_documentation_of_a_draft_cannot_be_published(client, personas, event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    login(client, personas.staff)

    response = client.post(url(event, "bearbeiten/"), {"summary": "S", "body": "", "published": "on"})

    assert response.status_code == 400
    assert "Bitte veröffentlichen Sie zuerst die Veranstaltung" in response.content.decode()
    assert not Documentation.objects.exists()


@pytest.mark.django_db
def test_a_documentation_can_be_prepared_before_the_event(client, personas, upcoming):
    login(client, personas.org_admin)

    response = client.post(url(upcoming, "bearbeiten/"), {"summary": "Vorab", "body": "<p>Ablauf</p>"})

    assert response.status_code == 302
    documentation = Documentation.objects.get(event=upcoming)
    assert documentation.summary == "Vorab" and not documentation.published
    assert AuditEntry.objects.filter(action="event.documentation_updated").count() == 1
    assert client.get(url(upcoming)).status_code == 200
    client.logout()
    assert client.get(url(upcoming)).status_code == 404


@pytest.mark.django_db
def test_withdrawing_a_documentation_hides_it_again(client, personas, event):
    published_documentation(event)
    login(client, personas.staff)

    client.post(url(event, "bearbeiten/"), {"summary": "S", "body": ""})

    assert not Documentation.objects.get(event=event).published
    assert AuditEntry.objects.filter(action="event.documentation_withdrawn").exists()
    client.logout()
    assert client.get(url(event)).status_code == 404


@pytest.mark.django_db
def test_a_summary_that_is_too_long_is_refused(client, personas, event):
    login(client, personas.org_admin)

    response = client.post(url(event, "bearbeiten/"), {"summary": "x" * 501, "body": ""})

    assert response.status_code == 400
    assert not Documentation.objects.exists()


# --- photos ----------------------------------------------------------------------------------------------


def image_data(**overrides):
    data = {
        "image-image": image_file(),
        "image-alt_text": "Teilnehmende im Plenum",
        "image-caption": "Begrüßung",
        "image-consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_a_photo_is_re_encoded_without_metadata_and_shown_with_its_alt_text(client, personas, event, settings, persona):
    login(client, personas.all()[persona])
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jemand Privates")

    response = client.post(
        url(event, "bild/"), image_data(**{"image-image": image_file(size=(4000, 2000), pnginfo=info)})
    )

    assert response.status_code == 302
    image = DocumentationImage.objects.get()
    assert image.consent_confirmed and image.alt_text == "Teilnehmende im Plenum" and image.caption == "Begrüßung"
    assert image.image.name.startswith("events/images/") and image.image.name.endswith(".png")
    assert "foto" not in image.image.name  # a random name: not guessable before publication
    with Image.open(image.image.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == (2400, 1200)
        assert "Author" not in stored.info
    assert AuditEntry.objects.filter(action="event.documentation_image_added", actor=personas.all()[persona]).exists()
    edit_page = client.get(url(event, "bearbeiten/")).content.decode()
    assert 'alt="Teilnehmende im Plenum"' in edit_page


@pytest.mark.django_db
def test_a_jpeg_loses_its_exif_data(client, personas, event):
    login(client, personas.org_admin)
    exif = Image.Exif()
    exif[0x013B] = "Jemand Privates"  # Artist

    client.post(url(event, "bild/"), image_data(**{"image-image": image_file("JPEG", (300, 200), "f.jpg", exif=exif)}))

    with Image.open(DocumentationImage.objects.get().image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"image-alt_text": ""}, "Bitte beschreiben Sie das Bild in einem Alternativtext."),
        ({"image-alt_text": "   "}, "Bitte beschreiben Sie das Bild in einem Alternativtext."),
        ({"image-consent": None}, "Bitte bestätigen Sie das Einverständnis der abgebildeten Personen."),
        ({"image-image": None}, "Bild: "),
        (
            {"image-image": SimpleUploadedFile("foto.png", b"<?php system($_GET['c']); ?>", content_type="image/png")},
            "kein lesbares Bild",
        ),
        ({"image-image": SimpleUploadedFile("foto.svg", b"<svg onload='alert(1)'></svg>")}, "kein lesbares Bild"),
        ({"image-image": "gif"}, "PNG, JPEG oder WebP"),
        ({"image-image": "huge"}, "zu groß"),
    ],
)
def test_a_photo_without_alt_text_consent_or_as_a_bad_file_is_refused(
    client, personas, event, settings, overrides, message
):
    login(client, personas.org_admin)
    if overrides.get("image-image") == "gif":
        overrides["image-image"] = image_file("GIF", (50, 50), "foto.gif")
    elif overrides.get("image-image") == "huge":
        overrides["image-image"] = SimpleUploadedFile(
            "foto.png", b"\0" * (5 * 1024 * 1024 + 1), content_type="image/png"
        )

    response = client.post(url(event, "bild/"), image_data(**overrides))

    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert "vf-error-summary" in content
    assert not DocumentationImage.objects.exists()
    assert not Documentation.objects.exists()
    assert stored_files(settings) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_photo_is_deleted_with_its_file(client, personas, event, settings, django_capture_on_commit_callbacks):
    login(client, personas.org_admin)
    client.post(url(event, "bild/"), image_data())
    image = DocumentationImage.objects.get()
    assert stored_files(settings)

    assert client.get(url(event, f"bild/{image.pk}/loeschen/")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event, f"bild/{image.pk}/loeschen/"))

    assert response.status_code == 302
    assert not DocumentationImage.objects.exists()
    assert stored_files(settings) == []
    assert AuditEntry.objects.filter(action="event.documentation_image_removed").exists()


@pytest.mark.django_db
def test_a_photo_of_another_event_cannot_be_deleted_through_this_one(client, personas, event, organisation):
    other = EventFactory(organiser=None, starts_at=days_ago(3), ends_at=days_ago(3, 16))
    image = DocumentationImage.objects.create(
        documentation=published_documentation(other), image="events/images/x.png", alt_text="x", consent_confirmed=True
    )
    login(client, personas.org_admin)

    response = client.post(url(event, f"bild/{image.pk}/loeschen/"))

    assert response.status_code == 404
    assert DocumentationImage.objects.filter(pk=image.pk).exists()


# --- files -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "extension", "label"),
    [
        (pdf_file, "pdf", "PDF-Dokument"),
        # Larger than Django keeps in memory: the upload arrives as a temporary file.
        (lambda: pdf_file("gross.pdf", padding=3 * 1024 * 1024), "pdf", "PDF-Dokument"),
        (docx_file, "docx", "Word-Dokument (DOCX)"),
        (
            lambda: zip_file("t.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
            "xlsx",
            "Excel-Tabelle (XLSX)",
        ),
        (
            lambda: zip_file("p.pptx", {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}),
            "pptx",
            "PowerPoint-Präsentation (PPTX)",
        ),
        (odt_file, "odt", "OpenDocument-Text (ODT)"),
        (
            lambda: zip_file(
                "t.ods", {"content.xml": "<c/>"}, mimetype="application/vnd.oasis.opendocument.spreadsheet"
            ),
            "ods",
            "OpenDocument-Tabelle (ODS)",
        ),
        (
            lambda: zip_file(
                "p.odp", {"content.xml": "<c/>"}, mimetype="application/vnd.oasis.opendocument.presentation"
            ),
            "odp",
            "OpenDocument-Präsentation (ODP)",
        ),
    ],
)
def test_documents_of_the_allowed_types_are_attached(client, personas, event, make, extension, label):
    published_documentation(event)
    login(client, personas.org_admin)
    upload = make()

    response = client.post(url(event, "datei/"), {"file-title": "Ergebnisse der Workshops", "file-file": upload})

    assert response.status_code == 302
    attached = DocumentationFile.objects.get()
    assert attached.title == "Ergebnisse der Workshops"
    assert attached.file.name.startswith("events/files/") and attached.file.name.endswith(f".{extension}")
    assert attached.size == upload.size
    assert AuditEntry.objects.filter(action="event.documentation_file_added").exists()
    client.logout()
    page = client.get(url(event)).content.decode()
    assert "Ergebnisse der Workshops" in page and label in page
    assert f'download="ergebnisse-der-workshops.{extension}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("protokoll.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"),
            "Der Inhalt der Datei passt nicht zur Endung „.pdf“",
        ),
        (
            SimpleUploadedFile("protokoll.pdf", b"<script>alert(1)</script>%PDF-1.4", content_type="application/pdf"),
            "passt nicht zur Endung",
        ),
        (SimpleUploadedFile("bericht.docx", b"MZ\x90\x00 this is a program"), "passt nicht zur Endung „.docx“"),
        ("plain_zip", "passt nicht zur Endung „.docx“"),
        ("macros", "passt nicht zur Endung „.docx“"),
        ("odt_as_ods", "passt nicht zur Endung „.ods“"),
        ("docx_as_odt", "passt nicht zur Endung „.odt“"),
        (SimpleUploadedFile("seite.html", b"<html><script>x</script></html>"), "Dieser Dateityp ist nicht erlaubt"),
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "Dieser Dateityp ist nicht erlaubt"),
        (SimpleUploadedFile("ohne-endung", b"%PDF-1.4"), "Dieser Dateityp ist nicht erlaubt"),
        ("huge", "Die Datei ist zu groß. Erlaubt sind höchstens 10,0\xa0MB."),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_written(
    client, personas, event, settings, upload, message
):
    login(client, personas.org_admin)
    if upload == "plain_zip":
        upload = zip_file("bericht.docx", {"script.sh": "rm -rf /"})
    elif upload == "macros":
        upload = docx_file("bericht.docx", **{"word/vbaProject.bin": "macro"})
    elif upload == "odt_as_ods":
        upload = odt_file("tabelle.ods")
    elif upload == "docx_as_odt":
        upload = docx_file("text.odt")
    elif upload == "huge":
        upload = pdf_file(padding=10 * 1024 * 1024)

    response = client.post(url(event, "datei/"), {"file-title": "Protokoll", "file-file": upload})

    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert "vf-error-summary" in content
    assert not DocumentationFile.objects.exists()
    assert not Documentation.objects.exists()
    assert stored_files(settings) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_file_needs_a_title(client, personas, event):
    login(client, personas.org_admin)

    response = client.post(url(event, "datei/"), {"file-title": "", "file-file": pdf_file()})

    assert response.status_code == 400
    assert "Titel der Datei" in response.content.decode()
    assert not DocumentationFile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_a_file_is_deleted_with_its_stored_copy(
    client, personas, event, settings, persona, django_capture_on_commit_callbacks
):
    login(client, personas.all()[persona])
    client.post(url(event, "datei/"), {"file-title": "Protokoll", "file-file": pdf_file()})
    attached = DocumentationFile.objects.get()

    assert client.get(url(event, f"datei/{attached.pk}/loeschen/")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event, f"datei/{attached.pk}/loeschen/"))

    assert response.status_code == 302
    assert not DocumentationFile.objects.exists()
    assert stored_files(settings) == []
    assert AuditEntry.objects.filter(action="event.documentation_file_removed").exists()
