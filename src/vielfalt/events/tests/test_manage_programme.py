"""The programme editor: time slots and their sessions, who may change them, and what is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login, refused_status
from vielfalt.events.models import Session, TimeSlot
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.events.tests.manage_support import (
    ALL,
    as_persona,
    expected_status,
    manage_url,
    obeys_csp,
    register,
)


@pytest.fixture
def event(organisation):
    return EventFactory(organiser=organisation)


@pytest.fixture
def slot(event):
    return TimeSlotFactory(event=event)  # 13:00–14:30


@pytest.fixture
def workshop(slot):
    return SessionFactory(slot=slot, title="Fördermittel finden")  # 5 places


def day(event):
    return timezone.localtime(event.starts_at).date().isoformat()


def slot_data(event, **overrides):
    data = {"form": "slot", "slot-day": day(event), "slot-starts_at": "11:00", "slot-ends_at": "12:30"}
    data.update(overrides)
    return data


def session_data(slot, **overrides):
    data = {
        "form": "session",
        "session-slot": str(slot.pk),
        "session-kind": "workshop",
        "session-title": "Öffentlichkeitsarbeit für Vereine",
        "session-capacity": "12",
        "session-room": "Raum 2",
    }
    data.update(overrides)
    return data


# --- who -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", ["programme", "slot_edit", "slot_delete", "session_edit", "session_delete"])
def test_only_organisers_open_the_programme_pages(client, personas, event, slot, workshop, persona, page):
    as_persona(client, personas, persona)
    kwargs = {"pk": slot.pk} if page.startswith("slot") else {"pk": workshop.pk} if page != "programme" else {}

    response = client.get(manage_url(event, page, **kwargs))

    assert response.status_code == expected_status(persona)
    if response.status_code == 200:
        assert obeys_csp(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "staff_no_mfa"])
def test_outsiders_change_nothing(client, personas, event, slot, workshop, persona):
    login(client, personas.all()[persona])

    responses = [
        client.post(manage_url(event, "programme"), slot_data(event)),
        client.post(manage_url(event, "programme"), session_data(slot)),
        client.post(manage_url(event, "slot_delete", pk=slot.pk)),
        client.post(manage_url(event, "session_delete", pk=workshop.pk)),
        client.post(manage_url(event, "session_edit", pk=workshop.pk), {"kind": "break", "title": "Pause"}),
    ]

    assert {r.status_code for r in responses} == {refused_status(persona)}
    assert TimeSlot.objects.count() == 1
    assert list(Session.objects.values_list("title", flat=True)) == ["Fördermittel finden"]


# --- the page --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_programme_shows_slots_sessions_and_places(client, personas, event, slot, workshop):
    SessionFactory(slot=slot, title="Vereinsrecht kompakt", capacity=8)
    SessionFactory(slot=TimeSlotFactory(event=event, starts_at=event.starts_at), kind="plenary", title="Begrüßung",
                   capacity=None, speakers="Leitung des Kompetenzzentrums")  # fmt: skip
    register(event, workshops=[workshop])
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "programme")).content.decode()

    assert content.count("<h1") == 1
    assert content.index("Begrüßung") < content.index("Fördermittel finden")  # in time order
    assert "Leitung des Kompetenzzentrums" in content
    assert "1 von 5 Plätzen belegt" in content
    assert "0 von 8 Plätzen belegt" in content
    assert "Hier laufen 2 Workshops parallel." in content
    assert 'name="session-slot"' in content and 'name="slot-starts_at"' in content


@pytest.mark.django_db
def test_an_empty_programme_offers_only_a_slot(client, personas, event):
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "programme")).content.decode()

    assert "Noch gibt es kein Programm." in content
    assert 'name="session-title"' not in content
    # A one-day event: nothing to choose, the day is given.
    assert f'type="hidden" name="slot-day" value="{day(event)}"' in content


@pytest.mark.django_db
def test_a_meeting_over_two_days_asks_for_the_day(client, personas, organisation):
    event = EventFactory(organiser=organisation)
    event.ends_at += timedelta(days=1)
    event.save()
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "programme")).content.decode()

    assert '<select name="slot-day"' in content
    second = (timezone.localtime(event.starts_at) + timedelta(days=1)).date().isoformat()
    response = client.post(manage_url(event, "programme"), slot_data(event, **{"slot-day": second}))
    assert response.status_code == 302
    assert timezone.localtime(TimeSlot.objects.get().starts_at).date().isoformat() == second


# --- slots -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_organiser_adds_a_slot(client, personas, event):
    login(client, personas.org_admin)

    response = client.post(
        manage_url(event, "programme"), slot_data(event, **{"slot-title": "Ankommen", "slot-title_en": "Arrival"})
    )

    slot = TimeSlot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == manage_url(event, "programme") + f"#slot-{slot.pk}"
    assert slot.title == "Ankommen" and slot.title_translations == {"en": "Arrival"}
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    assert (start.hour, start.minute, end.hour, end.minute) == (11, 0, 12, 30)  # Berlin time


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slot-starts_at": "08:00"}, "Der Programmpunkt muss innerhalb der Veranstaltung liegen."),
        ({"slot-ends_at": "17:00"}, "Der Programmpunkt muss innerhalb der Veranstaltung liegen."),
        ({"slot-ends_at": "10:30"}, "Das Ende muss nach dem Beginn liegen."),
        ({"slot-day": "2001-01-01"}, "Bitte eine gültige Auswahl treffen."),
        ({"slot-starts_at": "elf Uhr"}, "Bitte eine gültige Uhrzeit eingeben."),
    ],
)
def test_a_bad_slot_is_explained_and_not_saved(client, personas, event, overrides, message):
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "programme"), slot_data(event, **overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "vf-error-summary" in response.content.decode()
    assert not TimeSlot.objects.exists()


@pytest.mark.django_db
def test_the_organiser_moves_a_slot(client, personas, event, slot):
    login(client, personas.org_admin)

    page = client.get(manage_url(event, "slot_edit", pk=slot.pk)).content.decode()
    response = client.post(
        manage_url(event, "slot_edit", pk=slot.pk),
        {"day": day(event), "starts_at": "14:00", "ends_at": "15:30", "title": "Workshop-Phase 2"},
    )

    assert 'value="13:00"' in page and 'value="Workshop-Phase"' in page
    assert response.status_code == 302
    slot.refresh_from_db()
    assert timezone.localtime(slot.starts_at).hour == 14
    assert slot.title == "Workshop-Phase 2"


@pytest.mark.django_db
def test_a_slot_is_not_moved_out_of_the_event(client, personas, event, slot):
    login(client, personas.org_admin)

    response = client.post(
        manage_url(event, "slot_edit", pk=slot.pk), {"day": day(event), "starts_at": "15:00", "ends_at": "18:00"}
    )

    assert response.status_code == 400
    assert "Der Programmpunkt muss innerhalb der Veranstaltung liegen." in response.content.decode()
    slot.refresh_from_db()
    assert timezone.localtime(slot.starts_at).hour == 13


@pytest.mark.django_db
def test_deleting_a_slot_asks_first_then_removes_it_with_its_sessions(client, personas, event, slot, workshop):
    login(client, personas.org_admin)

    page = client.get(manage_url(event, "slot_delete", pk=slot.pk)).content.decode()
    response = client.post(manage_url(event, "slot_delete", pk=slot.pk))

    assert "mit allen seinen Programmpunkten löschen?" in page
    assert response.status_code == 302
    assert not TimeSlot.objects.exists() and not Session.objects.exists()


@pytest.mark.django_db
def test_a_slot_people_chose_workshops_in_stays(client, personas, event, slot, workshop):
    register(event, workshops=[workshop])
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "slot_delete", pk=slot.pk))

    assert response.status_code == 400
    assert "haben schon Personen einen Workshop gewählt" in response.content.decode()
    assert TimeSlot.objects.filter(pk=slot.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["slot_edit", "slot_delete"])
def test_a_slot_of_another_event_is_not_found(client, personas, event, page):
    other = TimeSlotFactory()  # another event (of the centre)
    login(client, personas.staff)

    assert client.get(manage_url(event, page, pk=other.pk)).status_code == 404
    assert client.post(manage_url(event, page, pk=other.pk), {"day": day(event)}).status_code == 404
    assert TimeSlot.objects.filter(pk=other.pk).exists()


# --- sessions --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_organiser_adds_a_workshop(client, personas, event, slot, workshop):
    login(client, personas.org_admin)

    response = client.post(
        manage_url(event, "programme"),
        session_data(slot, **{"session-speakers": "Aylin Kaya", "session-title_tr": "Dernekler için halkla ilişkiler"}),
    )

    assert response.status_code == 302
    session = Session.objects.get(title="Öffentlichkeitsarbeit für Vereine")
    assert session.slot == slot and session.event == event
    assert session.kind == "workshop" and session.capacity == 12
    assert session.speakers == "Aylin Kaya" and session.room == "Raum 2"
    assert session.title_translations == {"tr": "Dernekler için halkla ilişkiler"}
    assert session.position == 1  # after the workshop already there


@pytest.mark.django_db
def test_a_link_preselects_the_slot(client, personas, event, slot):
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "programme") + f"?zeitfenster={slot.pk}").content.decode()

    assert f'<option value="{slot.pk}" selected>' in content


@pytest.mark.django_db
def test_a_break_has_no_places(client, personas, event, slot):
    login(client, personas.org_admin)

    client.post(
        manage_url(event, "programme"), session_data(slot, **{"session-kind": "break", "session-title": "Mittagessen"})
    )

    assert Session.objects.get().capacity is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"session-capacity": ""}, "Bitte geben Sie an, wie viele Plätze der Workshop hat."),
        ({"session-title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"session-kind": "party"}, "Bitte eine gültige Auswahl treffen."),
        ({"session-slot": "OTHER"}, "Bitte wählen Sie ein Zeitfenster dieser Veranstaltung."),
    ],
)
def test_a_bad_session_is_explained_and_not_saved(client, personas, event, slot, overrides, message):
    if overrides.get("session-slot") == "OTHER":
        overrides["session-slot"] = str(TimeSlotFactory().pk)  # a slot of another event
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "programme"), session_data(slot, **overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_the_organiser_edits_a_session(client, personas, event, workshop):
    login(client, personas.org_admin)

    page = client.get(manage_url(event, "session_edit", pk=workshop.pk)).content.decode()
    response = client.post(
        manage_url(event, "session_edit", pk=workshop.pk),
        {"kind": "workshop", "title": "Fördermittel finden und beantragen", "capacity": "6", "room": "Saal"},
    )

    assert 'value="Fördermittel finden"' in page
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Fördermittel finden und beantragen"
    assert workshop.capacity == 6 and workshop.room == "Saal"


@pytest.mark.django_db
def test_a_workshop_keeps_room_for_the_people_in_it(client, personas, event, workshop):
    for _n in range(3):
        register(event, workshops=[workshop])
    login(client, personas.org_admin)

    response = client.post(
        manage_url(event, "session_edit", pk=workshop.pk), {"kind": "workshop", "title": "Kleiner", "capacity": "2"}
    )

    assert response.status_code == 400
    assert "Es haben bereits 3 Personen einen Platz." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.capacity == 5 and workshop.title != "Kleiner"


@pytest.mark.django_db
def test_a_chosen_workshop_is_not_deleted(client, personas, event, workshop):
    register(event, workshops=[workshop])
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "session_delete", pk=workshop.pk))

    assert response.status_code == 400
    assert "Er kann nicht gelöscht werden." in response.content.decode()
    assert Session.objects.filter(pk=workshop.pk).exists()


@pytest.mark.django_db
def test_the_organiser_deletes_a_session(client, personas, event, workshop):
    login(client, personas.staff)

    page = client.get(manage_url(event, "session_delete", pk=workshop.pk)).content.decode()
    response = client.post(manage_url(event, "session_delete", pk=workshop.pk))

    assert "„Fördermittel finden“ löschen?" in page
    assert response.status_code == 302
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["session_edit", "session_delete"])
def test_a_session_of_another_event_is_not_found(client, personas, event, page):
    other = SessionFactory()  # a workshop of another event (of the centre)
    login(client, personas.staff)

    assert client.get(manage_url(event, page, pk=other.pk)).status_code == 404
    assert client.post(manage_url(event, page, pk=other.pk), {"kind": "break", "title": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.kind == "workshop"
