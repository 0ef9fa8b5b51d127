"""A person's data: what the contacts part exports and erases. A note's text is in nobody's export."""

from __future__ import annotations

import json

import pytest

from conftest import Personas
from vielfalt.accounts import personal_data
from vielfalt.accounts.models import User
from vielfalt.accounts.services import user_delete
from vielfalt.counselling.models import Contact, Note
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Kassenwart wirkt überfordert; Vorstand nicht darauf ansprechen."


@pytest.fixture
def logged(personas: Personas, counselling: Counselling) -> tuple[Contact, Note]:
    contact = ContactFactory(case=counselling.case, created_by=personas.staff, summary="Kurz telefoniert.")
    contact.staff.set([personas.staff, counselling.colleague])
    note = NoteFactory(case=counselling.case, author=personas.staff, body=NOTE_TEXT)
    return contact, note


def test_a_team_member_gets_their_contacts_and_when_they_wrote_notes_but_not_what(
    personas: Personas, counselling: Counselling, logged: tuple[Contact, Note]
) -> None:
    contact, note = logged
    exported = personal_data.exporters()["counselling_contacts"](personas.staff)
    assert exported["contacts"] == [
        {"case": counselling.case.reference, "date": contact.date.isoformat(), "minutes": 60, "way": "phone"}
    ]
    assert exported["notes_written"] == [
        {"case": counselling.case.reference, "written_at": note.created_at.isoformat(), "edited_at": None}
    ]
    assert personal_data.exporters()["counselling_contacts"](personas.org_admin) == {
        "contacts": [],
        "notes_written": [],
    }


def test_no_ones_data_export_holds_a_note(everyone: dict[str, User], logged: tuple[Contact, Note]) -> None:
    for name, user in everyone.items():
        for section, exporter in personal_data.exporters().items():
            assert NOTE_TEXT not in json.dumps(exporter(user), default=str), (name, section)


def test_account_deletion_takes_the_person_out_of_the_log_and_keeps_the_notes(
    personas: Personas, counselling: Counselling, logged: tuple[Contact, Note]
) -> None:
    contact, note = logged
    user_delete(user=personas.staff)
    contact.refresh_from_db()
    note.refresh_from_db()
    assert list(contact.staff.all()) == [counselling.colleague] and contact.created_by is None
    assert note.author is None and note.body == NOTE_TEXT
