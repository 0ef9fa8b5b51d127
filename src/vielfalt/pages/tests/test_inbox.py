from datetime import UTC, datetime

import pytest
from django.utils import timezone

from conftest import login, refused_status
from vielfalt.core.models import AuditEntry
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage
from vielfalt.pages.tests.factories import AccessibilityFeedbackFactory, ContactMessageFactory

HANDLED = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
BOXES = {
    "barrierefreiheit": (AccessibilityFeedbackFactory, AccessibilityFeedback),
    "kontakt": (ContactMessageFactory, ContactMessage),
}


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_staff_read_the_inbox(staff_client, box):
    factory, _model = BOXES[box]
    item = factory(name="Rania Nasser", email="rania@example.org", message="Bitte größere Schrift.", language="ar")

    response = staff_client.get(f"/de/staff/posteingang/{box}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<bdi>Rania Nasser</bdi> &lt;<bdi>rania@example.org</bdi>&gt;" in content
    assert '<div class="kern-body" lang="ar"><p>Bitte größere Schrift.</p></div>' in content
    assert f'action="/de/staff/posteingang/{box}/{item.pk}/erledigt/"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_messages_from_the_public_are_shown_as_text(staff_client, box):
    factory, _model = BOXES[box]
    factory(name="<b>Mallory</b>", message="<script>alert('x')</script>")

    content = staff_client.get(f"/de/staff/posteingang/{box}/").content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in content


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_empty_inbox(staff_client, box):
    assert "Keine Einträge." in staff_client.get(f"/de/staff/posteingang/{box}/").content.decode()


@pytest.mark.django_db
def test_open_items_come_first(staff_client):
    handled = ContactMessageFactory(subject="Erledigte Anfrage", handled_at=timezone.now())
    ContactMessageFactory(subject="Offene Anfrage")

    content = staff_client.get("/de/staff/posteingang/kontakt/").content.decode()

    assert content.index("Offene Anfrage") < content.index("Erledigte Anfrage")
    assert f"/{handled.pk}/erledigt/" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_staff_mark_an_item_handled(staff_client, personas, box):
    factory, model = BOXES[box]
    item, other = factory(), factory()

    response = staff_client.post(f"/de/staff/posteingang/{box}/{item.pk}/erledigt/")

    assert response.status_code == 302
    assert response["Location"] == f"/de/staff/posteingang/{box}/"
    assert model.objects.get(pk=item.pk).handled_at is not None
    assert model.objects.get(pk=other.pk).handled_at is None
    assert "Als erledigt markiert." in staff_client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="inbox.handled", actor=personas.staff, target_id=str(item.pk)).count() == 1


@pytest.mark.django_db
def test_marking_twice_keeps_the_first_time(staff_client):
    item = AccessibilityFeedbackFactory()
    staff_client.post(f"/de/staff/posteingang/barrierefreiheit/{item.pk}/erledigt/")
    first = AccessibilityFeedback.objects.get(pk=item.pk).handled_at

    staff_client.post(f"/de/staff/posteingang/barrierefreiheit/{item.pk}/erledigt/")

    assert AccessibilityFeedback.objects.get(pk=item.pk).handled_at == first
    assert AuditEntry.objects.filter(action="inbox.handled").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_mark_handled_needs_post(staff_client, box):
    factory, model = BOXES[box]
    item = factory()

    response = staff_client.get(f"/de/staff/posteingang/{box}/{item.pk}/erledigt/")

    assert response.status_code == 405
    assert model.objects.get(pk=item.pk).handled_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/de/staff/posteingang/spam/",
        "/de/staff/posteingang/spam/1/erledigt/",
        "/de/staff/posteingang/kontakt/999999/erledigt/",
    ],
)
def test_unknown_inbox_or_item_is_404(staff_client, path):
    method = staff_client.post if path.endswith("erledigt/") else staff_client.get

    assert method(path).status_code == 404


@pytest.mark.django_db
def test_message_in_one_inbox_cannot_be_handled_through_the_other(staff_client):
    feedback = AccessibilityFeedbackFactory()
    ContactMessage.objects.filter(pk=feedback.pk).delete()

    response = staff_client.post(f"/de/staff/posteingang/kontakt/{feedback.pk}/erledigt/")

    assert response.status_code == 404
    assert AccessibilityFeedback.objects.get(pk=feedback.pk).handled_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
@pytest.mark.parametrize("box", BOXES)
def test_others_cannot_read_or_handle(client, personas, persona, box):
    factory, model = BOXES[box]
    item = factory(message="Vertraulich: meine Telefonnummer ist 0151 000000.")
    login(client, getattr(personas, persona))

    response = client.get(f"/de/staff/posteingang/{box}/")
    assert response.status_code == refused_status(persona)
    assert "Vertraulich" not in response.content.decode()
    assert client.post(f"/de/staff/posteingang/{box}/{item.pk}/erledigt/").status_code == refused_status(persona)
    assert model.objects.get(pk=item.pk).handled_at is None
    assert model.objects.get(pk=item.pk).handled_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_anonymous_is_sent_to_login(client, box):
    item = BOXES[box][0]()

    for response in (
        client.get(f"/de/staff/posteingang/{box}/"),
        client.post(f"/de/staff/posteingang/{box}/{item.pk}/erledigt/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/de/accounts/login/?next=/de/staff/posteingang/")


@pytest.mark.django_db
@pytest.mark.parametrize("box", BOXES)
def test_inbox_queries_do_not_grow_with_the_items(staff_client, personas, box, django_assert_max_num_queries):
    factory, _model = BOXES[box]
    factory.create_batch(30, user=personas.member)
    factory.create_batch(5, handled_at=HANDLED)

    with django_assert_max_num_queries(10):
        response = staff_client.get(f"/de/staff/posteingang/{box}/")
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        response = staff_client.get(f"/de/staff/posteingang/{box}/?page=2")
    assert response.status_code == 200


@pytest.mark.django_db
def test_inbox_is_paginated(staff_client):
    ContactMessageFactory.create_batch(30)

    first = staff_client.get("/de/staff/posteingang/kontakt/").content.decode()
    second = staff_client.get("/de/staff/posteingang/kontakt/?page=2").content.decode()

    assert first.count('class="kern-card"') == 25
    assert second.count('class="kern-card"') == 5


@pytest.mark.django_db
def test_dashboard_counts_open_items(staff_client, django_assert_max_num_queries):
    AccessibilityFeedbackFactory.create_batch(3)
    ContactMessageFactory.create_batch(2)
    AccessibilityFeedbackFactory(handled_at=HANDLED)

    # One or two counts per card: inbox, undeliverable emails, counselling, the library, funding, news,
    # the newsletter and surveys (the figures card counts nothing).
    # One query per tile that counts (the needs' tile is the 23rd).
    with django_assert_max_num_queries(23):
        content = staff_client.get("/de/staff/").content.decode()

    assert "3 offene Rückmeldungen" in content
    assert "2 offene Anfragen" in content
