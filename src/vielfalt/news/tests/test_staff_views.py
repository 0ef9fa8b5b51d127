"""The team's news pages: only staff with the second factor; writing with translations and an image,
publishing now or later, withdrawing, deleting; bad input changes nothing and says why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login, refused_status
from vielfalt.core.models import AuditEntry
from vielfalt.news.models import Post
from vielfalt.news.tests.conftest import ALL, as_persona, image_file
from vielfalt.news.tests.factories import PostFactory, draft
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

BASE = "/de/staff/aktuelles/"


def pages(post: Post) -> list[str]:
    return [
        BASE,
        f"{BASE}neu/",
        f"{BASE}{post.pk}/",
        f"{BASE}{post.pk}/veroeffentlichen/",
        f"{BASE}{post.pk}/zurueckziehen/",
        f"{BASE}{post.pk}/loeschen/",
    ]


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "news",
        "title": "Neue Schulung: Projektanträge schreiben",
        "title_en": "New training: writing project proposals",
        "teaser": "Ab März lernen Vereine, wie ein guter Antrag aussieht.",
        "teaser_tr": "Mart ayından itibaren dernekler iyi bir başvurunun nasıl olduğunu öğreniyor.",
        "body": "<h2>Worum es geht</h2><p>Ziele, Zeitplan, Finanzplan.</p><script>alert(1)</script>",
        "body_ar": "<p>الأهداف والجدول الزمني.</p>",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


# --- access --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_only_staff_with_the_second_factor_reach_the_news_pages(client, personas, persona):
    post = PostFactory()
    as_persona(client, personas, persona)
    for path in pages(post):
        response = client.get(path)
        if persona == "staff":
            assert response.status_code == 200, path
        elif persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], path
        else:
            assert response.status_code == refused_status(persona), path


@pytest.mark.parametrize("persona", [p for p in ALL if p != "staff"])
def test_nobody_else_can_write_publish_withdraw_or_delete(client, personas, persona):
    post = draft(title="Unangetastet")
    as_persona(client, personas, persona)
    client.post(f"{BASE}neu/", form_data())
    client.post(f"{BASE}{post.pk}/", form_data(title="Geändert"))
    client.post(f"{BASE}{post.pk}/veroeffentlichen/", {"when": "now"})
    client.post(f"{BASE}{post.pk}/loeschen/")
    post.refresh_from_db()
    assert post.title == "Unangetastet" and post.status == Post.Status.DRAFT
    assert Post.objects.count() == 1


def test_the_dashboard_has_a_news_tile_with_counts(staff_client, django_assert_max_num_queries):
    PostFactory()
    draft()
    from vielfalt.core import composition

    tile = next(block for block in composition.STAFF_DASHBOARD.blocks() if block.name == "news")
    with django_assert_max_num_queries(1):
        context = tile.context(None)
    assert (context["counts"].drafts, context["counts"].published) == (1, 1)
    page = staff_client.get("/de/staff/").content.decode()
    assert 'href="/de/staff/aktuelles/neu/"' in page and "1 Entwurf" in page


# --- writing --------------------------------------------------------------------------------------------------


def test_staff_write_a_draft_with_translations_topics_and_districts(staff_client, personas):
    topic = FieldOfAction.objects.order_by("position")[0]
    giessen = District.objects.get(name="Gießen")
    response = staff_client.post(f"{BASE}neu/", form_data(topics=[topic.pk], districts=[giessen.pk]))

    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{post.pk}/"
    assert post.status == Post.Status.DRAFT and post.published_at is None
    assert post.slug == "neue-schulung-projektantraege-schreiben"
    assert post.title_translations == {"en": "New training: writing project proposals"}
    assert post.teaser_translations == {
        "tr": "Mart ayından itibaren dernekler iyi bir başvurunun nasıl olduğunu öğreniyor."
    }
    assert post.body == "<h2>Worum es geht</h2><p>Ziele, Zeitplan, Finanzplan.</p>"
    assert post.body_translations == {"ar": "<p>الأهداف والجدول الزمني.</p>"}
    assert list(post.topics.all()) == [topic] and list(post.districts.all()) == [giessen]
    assert post.created_by == personas.staff
    assert AuditEntry.objects.filter(action="news.post_created", target_id=str(post.pk)).exists()


def test_the_form_shows_every_language_and_the_image_fields(staff_client):
    page = staff_client.get(f"{BASE}neu/").content.decode()
    for name in ("title_ar", "teaser_fa", "body_uk", "image_alt_ru"):
        assert f'name="{name}"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="image"' in page


def test_editing_keeps_the_address_and_changes_the_texts(staff_client):
    post = PostFactory(title="Alter Titel", slug="alter-titel")
    response = staff_client.post(f"{BASE}{post.pk}/", form_data(title="Neuer Titel", title_en=""))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Neuer Titel" and post.slug == "alter-titel" and post.title_translations == {}
    assert post.status == Post.Status.PUBLISHED  # editing does not withdraw


def test_an_image_is_stored_re_encoded_with_its_description(staff_client, settings):
    staff_client.post(
        f"{BASE}neu/",
        form_data(image=image_file(size=(4000, 1000)), image_alt="Gruppenfoto", image_alt_en="Group photo"),
    )
    post = Post.objects.get()
    assert post.image.name.startswith("news/") and post.image.name.endswith(".png")
    assert "foto" not in post.image.name  # a random name, not the uploaded one
    assert (post.image.width, post.image.height) == (2000, 500)
    assert post.image_alt == "Gruppenfoto" and post.image_alt_translations == {"en": "Group photo"}


def test_an_image_can_be_replaced_and_removed(staff_client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{BASE}neu/", form_data(image=image_file(), image_alt="Erstes Bild"))
    post = Post.objects.get()
    first = settings.MEDIA_ROOT / post.image.name
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"{BASE}{post.pk}/", form_data(image=image_file(fmt="JPEG", name="b.jpg"), image_alt="Zweites")
        )
    post.refresh_from_db()
    assert post.image.name.endswith(".jpg") and not first.exists()
    second = settings.MEDIA_ROOT / post.image.name
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{BASE}{post.pk}/", form_data(remove_image="on", image_alt="Zweites"))
    post.refresh_from_db()
    assert not post.image and post.image_alt == "" and not second.exists()


# --- bad input -------------------------------------------------------------------------------------------------


def _refused(response, message: str) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="kern-alert kern-alert--danger"' in page or "kern-error" in page


def test_a_file_that_is_not_an_image_is_refused(staff_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
    response = staff_client.post(f"{BASE}neu/", form_data(image=fake, image_alt="Ein Bild"))
    _refused(response, "Diese Datei ist kein lesbares Bild")
    assert not Post.objects.exists()
    assert not (settings.MEDIA_ROOT / "news").exists()


def test_an_image_needs_a_description(staff_client, settings):
    response = staff_client.post(f"{BASE}neu/", form_data(image=image_file(), image_alt=""))
    _refused(response, "Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können.")
    assert not Post.objects.exists()


def test_keeping_an_image_while_deleting_its_description_is_refused(staff_client):
    post = PostFactory(image="news/alt.png", image_alt="Beschreibung")
    response = staff_client.post(f"{BASE}{post.pk}/", form_data(image_alt=""))
    _refused(response, "Bitte beschreiben Sie das Bild")
    post.refresh_from_db()
    assert post.image_alt == "Beschreibung"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "x" * 201}, "höchstens 200 Zeichen"),
        ({"title_ru": "я" * 201}, "höchstens 200 Zeichen"),
        ({"teaser": "x" * 401}, "höchstens 400 Zeichen"),
        ({"body": "<p>" + "x" * 40001 + "</p>"}, "höchstens 40000 Zeichen"),
        ({"image_alt": "x" * 301, "image": "skip"}, "höchstens 300 Zeichen"),
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"teaser": "  "}, "Dieses Feld ist zwingend erforderlich."),
        ({"body": "<p> </p><script>alert(1)</script>"}, "Bitte schreiben Sie den Text des Beitrags."),
        ({"title": "<b>fett</b>"}, "Bitte schreiben Sie nur Text"),
        ({"kind": "blog"}, "Bitte eine gültige Auswahl treffen"),
        ({"topics": ["999999"]}, "Bitte eine gültige Auswahl treffen"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(staff_client, overrides, message):
    if overrides.get("image") == "skip":
        overrides = {**overrides, "image": image_file()}
    response = staff_client.post(f"{BASE}neu/", form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


# --- publishing --------------------------------------------------------------------------------------------------


def test_publishing_now_puts_the_post_on_the_public_pages(staff_client, client):
    post = draft(title="Jetzt raus damit")
    response = staff_client.post(f"{BASE}{post.pk}/veroeffentlichen/", {"when": "now"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at <= timezone.now()
    assert AuditEntry.objects.filter(action="news.post_published").exists()


def test_a_scheduled_post_shows_from_its_time_on_not_earlier(staff_client, personas):
    from django.test import Client

    post = draft(title="Pressemitteilung zum Vernetzungstreffen")
    at = timezone.localtime() + timedelta(days=2)
    response = staff_client.post(
        f"{BASE}{post.pk}/veroeffentlichen/", {"when": "later", "at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.published_at == at.replace(second=0, microsecond=0)
    assert AuditEntry.objects.filter(action="news.post_scheduled").exists()

    visitor = Client()
    for path in ("/de/aktuelles/", "/de/aktuelles/feed/", f"/de/aktuelles/{post.slug}/", "/de/"):
        assert "Pressemitteilung zum Vernetzungstreffen" not in visitor.get(path).content.decode(), path
    assert visitor.get(f"/de/aktuelles/{post.slug}/").status_code == 404

    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))  # its time came
    for path in ("/de/aktuelles/", "/de/aktuelles/feed/", f"/de/aktuelles/{post.slug}/", "/de/"):
        assert "Pressemitteilung zum Vernetzungstreffen" in visitor.get(path).content.decode(), path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"when": "later"}, "Bitte geben Sie an, wann der Beitrag erscheinen soll."),
        ({"when": "later", "at": "31.02.2027 10:00"}, "Bitte ein gültiges Datum und Uhrzeit eingeben."),
        ({"when": "soon"}, "Bitte eine gültige Auswahl treffen"),
    ],
)
def test_a_bad_publication_time_is_refused(staff_client, data, message):
    post = draft()
    response = staff_client.post(f"{BASE}{post.pk}/veroeffentlichen/", data)
    assert response.status_code == 400 and message in response.content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_withdrawing_makes_the_post_a_draft_again(staff_client, client):
    post = PostFactory(title="Zurückgezogen")
    assert staff_client.get(f"{BASE}{post.pk}/zurueckziehen/").status_code == 200
    response = staff_client.post(f"{BASE}{post.pk}/zurueckziehen/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT and post.published_at is None
    staff_client.post(f"{BASE}{post.pk}/zurueckziehen/")  # twice: a message, no error
    assert AuditEntry.objects.filter(action="news.post_unpublished").count() == 1


def test_deleting_asks_first_then_removes_the_post_and_its_image(
    staff_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"{BASE}neu/", form_data(image=image_file(), image_alt="Bild"))
    post = Post.objects.get()
    stored = settings.MEDIA_ROOT / post.image.name
    page = staff_client.get(f"{BASE}{post.pk}/loeschen/").content.decode()
    assert "Das Löschen lässt sich nicht rückgängig machen." in page and Post.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{BASE}{post.pk}/loeschen/")
    assert response.status_code == 302 and response["Location"] == BASE
    assert not Post.objects.exists() and not stored.exists()
    assert AuditEntry.objects.filter(action="news.post_deleted").exists()
    assert staff_client.post(f"{BASE}{post.pk}/loeschen/").status_code == 404


def test_the_staff_list_shows_drafts_scheduled_and_published_posts(staff_client, django_assert_max_num_queries):
    draft(title="Ein Entwurf")
    PostFactory(title="Schon draußen")
    PostFactory(title="Kommt noch", published_at=timezone.now() + timedelta(days=3))
    for n in range(20):
        PostFactory(title=f"Alt {n}")
    with django_assert_max_num_queries(12):
        page = staff_client.get(BASE).content.decode()
    assert page.index("Ein Entwurf") < page.index("Kommt noch") < page.index("Schon draußen")
    assert "erscheint am" in page
    only_drafts = staff_client.get(BASE, {"state": "draft"}).content.decode()
    assert "Ein Entwurf" in only_drafts and "Schon draußen" not in only_drafts
