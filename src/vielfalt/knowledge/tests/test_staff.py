"""The team's pages: creating, revising, publishing, files and translation links; bad input changes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import login
from vielfalt.knowledge import forms, services
from vielfalt.knowledge.models import Item, ItemFile
from vielfalt.knowledge.tests.factories import PDF_BYTES, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, personas):
    return login(client, personas.staff)


def form_data(**changes):
    data = {"title": "Sprachenporträt", "kind": "method", "language": "de", "visibility": "public", "summary": "Malen",
            "body": "<h2>Ziel</h2><p>Mehrsprachigkeit zeigen</p>", "duration_minutes": "45", "group_size_min": "4",
            "group_size_max": "20", "materials": "Buntstifte", "steps": "Malen\nErzählen"}  # fmt: skip
    data.update(changes)
    return data


def test_the_team_creates_publishes_and_revises_an_item(team, personas):
    response = team.post(reverse("staff:knowledge_create"), form_data())
    item = Item.objects.get(title="Sprachenporträt")
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff:knowledge_edit", kwargs={"pk": item.pk}
    )
    assert item.status == Item.Status.DRAFT and item.created_by == personas.staff

    team.post(reverse("staff:knowledge_publish", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.is_published and item.version == 1

    edit = reverse("staff:knowledge_edit", kwargs={"pk": item.pk})
    refused = team.post(edit, form_data(summary="Malen und erzählen"))
    assert refused.status_code == 200
    assert "Bitte schreiben Sie kurz, was Sie geändert haben." in refused.content.decode()
    item.refresh_from_db()
    assert item.summary == "Malen" and item.version == 1

    team.post(edit, form_data(summary="Malen und erzählen", change_note="Erzählrunde ergänzt"))
    item.refresh_from_db()
    assert item.summary == "Malen und erzählen" and item.version == 2
    assert item.versions.get(number=2).change_note == "Erzählrunde ergänzt"

    team.post(reverse("staff:knowledge_unpublish", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"title": "<script>alert(1)</script>"}, "ohne HTML"),
        ({"title": "x" * 201}, "höchstens 200 Zeichen"),
        ({"body": "x" * 100_001}, "höchstens 100000 Zeichen"),
        (
            {"group_size_min": "30", "group_size_max": "5"},
            "Die größte Gruppe kann nicht kleiner sein als die kleinste.",
        ),
        ({"kind": "video", "video_url": ""}, "Bitte geben Sie die Adresse des Videos an."),
        ({"position": "2"}, "Eine Kapitelnummer gibt es nur für ein Kapitel."),
    ],
)
def test_bad_item_input_gets_a_clear_message_and_saves_nothing(team, changes, message):
    response = team.post(reverse("staff:knowledge_create"), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert not Item.objects.exists()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_files_are_checked_by_content(team):
    item = make_item()
    url = reverse("staff:knowledge_files", kwargs={"pk": item.pk})

    fake = SimpleUploadedFile("arbeitsblatt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = team.post(url, {"title": "Arbeitsblatt", "file": fake})
    assert response.status_code == 200
    assert "Der Inhalt der Datei passt nicht zur Endung" in response.content.decode()

    renamed = SimpleUploadedFile("tabelle.xlsx", docx_bytes(), content_type="application/vnd.ms-excel")
    assert "passt nicht zur Endung" in team.post(url, {"title": "Tabelle", "file": renamed}).content.decode()

    image = SimpleUploadedFile("foto.png", b"\x89PNG\r\n", content_type="image/png")
    assert "Dieser Dateityp ist nicht erlaubt" in team.post(url, {"title": "Foto", "file": image}).content.decode()
    assert not ItemFile.objects.exists()

    real = SimpleUploadedFile("Ablauf Rollenspiel.pdf", PDF_BYTES, content_type="application/octet-stream")
    assert team.post(url, {"title": "Arbeitsblatt", "file": real}).status_code == 302
    docx = SimpleUploadedFile("vorlage.docx", docx_bytes(), content_type="application/octet-stream")
    assert team.post(url, {"title": "Vorlage", "file": docx}).status_code == 302
    stored = list(item.files.order_by("position"))
    assert [f.name for f in stored] == ["Ablauf Rollenspiel.pdf", "vorlage.docx"]
    assert "Ablauf" not in stored[0].file.name  # stored under a random name


def test_an_oversized_file_is_refused(team, monkeypatch):
    monkeypatch.setattr(forms, "FILE_MAX_BYTES", 10)
    item = make_item()
    big = SimpleUploadedFile("gross.pdf", PDF_BYTES, content_type="application/pdf")
    response = team.post(reverse("staff:knowledge_files", kwargs={"pk": item.pk}), {"title": "Groß", "file": big})
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not ItemFile.objects.exists()


def test_a_file_is_deleted_from_the_list_and_the_storage(team, private_files):
    item = make_item()
    real = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    team.post(reverse("staff:knowledge_files", kwargs={"pk": item.pk}), {"title": "A", "file": real})
    stored = item.files.get()
    path = private_files / stored.file.name
    assert path.exists()
    team.post(reverse("staff:knowledge_file_delete", kwargs={"pk": item.pk, "file_pk": stored.pk}))
    assert not item.files.exists()


def test_translation_links_refuse_the_item_itself_and_a_second_language(team):
    german = make_item()
    turkish = make_item(title="Rol oyunu", language="tr")
    second = make_item(title="Rol oyunu 2", language="tr")
    url = reverse("staff:knowledge_translations", kwargs={"pk": turkish.pk})

    itself = team.post(url, {"other": turkish.slug})
    assert "Ein Eintrag kann nicht mit sich selbst verknüpft werden." in itself.content.decode()
    unknown = team.post(url, {"other": "gibt-es-nicht"})
    assert "Es gibt keinen Eintrag mit dieser Adresse." in unknown.content.decode()
    assert team.post(url, {"other": f"https://vielfalt.example/de/wissen/{german.slug}/"}).status_code == 302
    turkish.refresh_from_db()
    assert turkish.translation_of == german

    clash = team.post(reverse("staff:knowledge_translations", kwargs={"pk": second.pk}), {"other": german.slug})
    assert "Eine Sprache gibt es nur einmal." in clash.content.decode()
    second.refresh_from_db()
    assert second.translation_of is None

    team.post(reverse("staff:knowledge_translation_unlink", kwargs={"pk": turkish.pk}))
    turkish.refresh_from_db()
    assert turkish.translation_of is None


def test_the_staff_list_filters_and_the_dashboard_tile(team, django_assert_max_num_queries):
    make_item(title="Veröffentlichte Methode")
    make_item(title="Entwurf einer Checkliste", kind="checklist", publish=False)
    page = team.get(reverse("staff:knowledge_items"), {"status": "draft"}).content.decode()
    assert "Entwurf einer Checkliste" in page and "Veröffentlichte Methode" not in page
    dashboard = team.get(reverse("staff:dashboard")).content.decode()
    assert "Wissen: Bibliothek" in dashboard and "1 Entwurf" in dashboard


def test_a_chapter_is_chosen_from_guides(team):
    guide = make_item(title="Leitfaden", kind="guide")
    response = team.post(
        reverse("staff:knowledge_create"), form_data(title="Modul 1", kind="guide", parent=str(guide.pk), position="1")
    )
    assert response.status_code == 302
    assert Item.objects.get(title="Modul 1").parent == guide
    services.item_publish(item=Item.objects.get(title="Modul 1"), by=None)
