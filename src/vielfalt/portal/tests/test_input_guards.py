"""NUL bytes in input and the upload budget (issue 9: finding 5 and a low one), on every database."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login
from vielfalt.core.lib import uploads
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.models import Organisation
from vielfalt.pages.models import ContactMessage

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_check_in_search_is_not_an_error(client, personas, organisation):
    """``?q=%00`` gave a 500 on PostgreSQL (text cannot hold NUL there)."""
    event = EventFactory(organiser=organisation)
    login(client, personas.org_admin)

    response = client.get(f"/de/veranstaltungen/{event.slug}/einlass/?q=%00")
    with_text = client.get(f"/de/veranstaltungen/{event.slug}/einlass/?q=Ay%00lin")

    assert response.status_code == 200
    assert with_text.status_code == 200


@pytest.mark.parametrize("path", ["/de/verzeichnis/?q=%00", "/de/veranstaltungen/?q=%00", "/de/?%00=1"])
def test_nul_bytes_in_public_searches(client, path):
    assert client.get(path).status_code == 200


def test_a_nul_byte_in_a_form_field_is_removed(client):
    data = {
        "name": "Olena\x00 Kovalenko",
        "email": "olena@example.org",
        "subject": "Frage",
        "message": "Guten\x00 Tag.",
    }

    response = client.post("/de/kontakt/", data)

    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert (message.name, message.message) == ("Olena Kovalenko", "Guten Tag.")


def test_a_nul_byte_in_the_path_is_not_found(client):
    assert client.get("/de/organisationen/a%00b/").status_code == 404


def png() -> SimpleUploadedFile:
    from vielfalt.organisations.tests.test_register_views import image_file

    return image_file()


def test_uploads_are_counted_before_any_image_is_decoded(client, settings, personas, organisation, monkeypatch):
    """A 165 KB image cost 2.6 s of decoding before the posting limit was even asked."""
    from vielfalt.organisations.tests.test_profile_views import edit, form_data

    settings.UPLOAD_RATE = "2/h"
    decoded = []
    original = uploads.reencode_image
    monkeypatch.setattr(uploads, "reencode_image", lambda *a, **kw: decoded.append(1) or original(*a, **kw))
    monkeypatch.setattr("vielfalt.organisations.forms.reencode_image", uploads.reencode_image)
    login(client, personas.org_admin)

    statuses = [
        client.post(edit(organisation), form_data(name=organisation.name, logo=png())).status_code for _ in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(decoded) == 2
    assert "sehr viele Dateien" in client.post(edit(organisation), form_data(name="Neu", logo=png())).content.decode()
    assert Organisation.objects.get(pk=organisation.pk).name == organisation.name  # nothing written
    # Other people keep their budget; forms without files are not counted.
    assert client.post(edit(organisation), form_data(name=organisation.name)).status_code == 302
    login(client, personas.staff)
    assert client.post(edit(organisation), form_data(name=organisation.name, logo=png())).status_code == 302
