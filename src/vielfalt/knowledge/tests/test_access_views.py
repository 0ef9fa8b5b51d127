"""Every library page as anonymous, outsider, member, org_admin, staff and staff_no_mfa."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login, refused_status
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item
from vielfalt.knowledge.tests.factories import PDF_BYTES, make_item, pdf_upload

PERSONAS = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]


@pytest.fixture
def library(organisation):
    public = make_item(title="Werte-Barometer")
    members = make_item(title="Fallbesprechung nach dem Ampelprinzip", visibility=Item.Visibility.MEMBERS)
    draft = make_item(title="Netzwerkkarte im Entwurf", publish=False)
    for item in (public, members, draft):
        services.item_file_add(item=item, upload=pdf_upload(), title="Arbeitsblatt", by=None)
    return {"public": public, "members": members, "draft": draft}


def client_for(client, personas, persona):
    if persona == "anonymous":
        return client
    user = getattr(personas, persona)
    return login(client, user, second_factor=persona != "staff_no_mfa")


def file_url(item):
    found = item.files.get()
    return reverse("knowledge:file", kwargs={"slug": item.slug, "public_id": found.public_id})


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_item_its_page_versions_and_file_are_for_everyone(client, personas, library, persona):
    browser = client_for(client, personas, persona)
    item = library["public"]

    assert browser.get(reverse("knowledge:index")).status_code == 200
    assert browser.get(reverse("knowledge:methods")).status_code == 200
    page = browser.get(reverse("knowledge:detail", kwargs={"slug": item.slug}))
    assert page.status_code == 200
    assert "Werte-Barometer" in page.content.decode()
    assert browser.get(reverse("knowledge:versions", kwargs={"slug": item.slug})).status_code == 200
    assert browser.get(reverse("knowledge:version", kwargs={"slug": item.slug, "number": 1})).status_code == 200
    download = browser.get(file_url(item))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_only_item_and_its_file_are_refused_to_visitors(client, personas, library, persona):
    browser = client_for(client, personas, persona)
    item = library["members"]
    urls = [
        reverse("knowledge:detail", kwargs={"slug": item.slug}),
        reverse("knowledge:versions", kwargs={"slug": item.slug}),
        reverse("knowledge:version", kwargs={"slug": item.slug, "number": 1}),
        file_url(item),
    ]
    for url in urls:
        response = browser.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "next=" in response["Location"], url
            assert not getattr(response, "streaming", False)
        else:
            assert response.status_code == 200, url
    listed = browser.get(reverse("knowledge:index")).content.decode()
    assert ("Fallbesprechung" in listed) == (persona != "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_and_its_file_exist_only_for_the_team(client, personas, library, persona):
    browser = client_for(client, personas, persona)
    item = library["draft"]
    page = browser.get(reverse("knowledge:detail", kwargs={"slug": item.slug}))
    download = browser.get(file_url(item))
    if persona == "staff":
        assert page.status_code == 200
        assert "Entwurf" in page.content.decode()
        assert download.status_code == 200
    else:
        assert page.status_code == 404
        assert download.status_code == 404
    assert "Netzwerkkarte" not in browser.get(reverse("knowledge:index")).content.decode()


def test_a_file_address_needs_its_item_and_a_real_id(client, library):
    public, members = library["public"], library["members"]
    other_file = members.files.get()
    # The members-only file under the public item's address: not found, never served.
    url = reverse("knowledge:file", kwargs={"slug": public.slug, "public_id": other_file.public_id})
    assert client.get(url).status_code == 404
    assert client.get(f"/de/wissen/{public.slug}/dateien/{other_file.pk}/").status_code == 404
    assert client.get(f"/de/wissen/{public.slug}/dateien/not-a-uuid/").status_code == 404


def test_an_unknown_version_is_not_found(client, library):
    url = reverse("knowledge:version", kwargs={"slug": library["public"].slug, "number": 7})
    assert client.get(url).status_code == 404


STAFF_GETS = ["knowledge_items", "knowledge_create", "knowledge_edit", "knowledge_files", "knowledge_translations"]
STAFF_POSTS = ["knowledge_publish", "knowledge_unpublish", "knowledge_translation_unlink"]


def staff_url(name, item):
    if name in ("knowledge_items", "knowledge_create"):
        return reverse(f"staff:{name}")
    return reverse(f"staff:{name}", kwargs={"pk": item.pk})


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_pages_are_for_the_team_with_a_second_factor(client, personas, library, persona):
    browser = client_for(client, personas, persona)
    item = library["draft"]
    for name in STAFF_GETS:
        response = browser.get(staff_url(name, item))
        if persona == "staff":
            assert response.status_code == 200, name
        elif persona == "anonymous":
            assert response.status_code == 302 and "next=" in response["Location"], name
        else:
            assert response.status_code == refused_status(persona), name
    file_pk = item.files.get().pk
    posts = [staff_url(name, item) for name in STAFF_POSTS]
    posts.append(reverse("staff:knowledge_file_delete", kwargs={"pk": item.pk, "file_pk": file_pk}))
    for url in posts:
        response = browser.post(url)
        if persona == "staff":
            assert response.status_code == 302, url
        elif persona == "anonymous":
            assert response.status_code == 302 and "next=" in response["Location"], url
        else:
            assert response.status_code == refused_status(persona), url
    item.refresh_from_db()
    if persona != "staff":
        assert item.status == Item.Status.DRAFT and item.files.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
def test_nobody_but_the_team_can_create_an_item(client, personas, persona):
    browser = client_for(client, personas, persona)
    response = browser.post(
        reverse("staff:knowledge_create"),
        {"title": "Fremd", "kind": "method", "language": "de", "visibility": "public"},
    )
    assert response.status_code == refused_status(persona)
    assert not Item.objects.filter(title="Fremd").exists()


def test_staff_pages_only_answer_get_and_post(client, personas, library):
    browser = client_for(client, personas, "staff")
    assert browser.get(reverse("staff:knowledge_publish", kwargs={"pk": library["draft"].pk})).status_code == 405
    assert browser.post(reverse("knowledge:index")).status_code == 405
