"""The contacts log and confidential notes: the rules, the audit, and nothing half-saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.contacts import services
from vielfalt.counselling.contacts.services import ContactInput
from vielfalt.counselling.models import Contact, Note, Topic, Way
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db


def _input(personas: Personas, **changes: object) -> ContactInput:
    data = ContactInput(
        date=timezone.localdate(),
        minutes=90,
        way=Way.VIDEO,
        topics=(Topic.objects.get(slug="foerderantraege"),),
        staff=(personas.staff,),
        participants=2,
        participant_names="  Rana Vorstand, Ali Kasse ",
        summary=" Antrag besprochen. ",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def test_the_team_logs_a_contact(personas: Personas, counselling: Counselling) -> None:
    contact = services.contact_create(case=counselling.case, by=personas.staff, data=_input(personas))
    assert contact.minutes == 90 and contact.participants == 2
    assert contact.participant_names == "Rana Vorstand, Ali Kasse" and contact.summary == "Antrag besprochen."
    assert list(contact.staff.all()) == [personas.staff]
    assert contact.created_by == personas.staff
    entry = AuditEntry.objects.get(action="counselling.contact.created")
    assert entry.target_id == str(counselling.case.pk)
    assert "Rana" not in str(entry.data) and "Antrag" not in str(entry.data)  # no names, no texts


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": timezone.localdate() + timedelta(days=1)}, "date"),
        ({"date": timezone.localdate() - timedelta(days=31)}, "date"),
        ({"minutes": 4}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"way": "pigeon"}, "way"),
        ({"topics": ()}, "topics"),
        ({"staff": ()}, "staff"),
        ({"participants": 0}, "participants"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_is_saved(
    personas: Personas, counselling: Counselling, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ApplicationError) as refusal:
        services.contact_create(case=counselling.case, by=personas.staff, data=_input(personas, **changes))
    assert refusal.value.field == field
    assert not Contact.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="counselling.").exists()


def test_only_team_members_take_part_and_only_the_team_logs(personas: Personas, counselling: Counselling) -> None:
    with pytest.raises(ApplicationError):
        services.contact_create(
            case=counselling.case, by=personas.staff, data=_input(personas, staff=(personas.member,))
        )
    for person in (personas.member, personas.org_admin, personas.staff_no_mfa, counselling.ministry):
        with pytest.raises(ApplicationError):
            services.contact_create(case=counselling.case, by=person, data=_input(personas))
    assert not Contact.objects.exists()


def test_an_inactive_topic_is_refused_but_stays_on_a_contact_that_has_it(
    personas: Personas, counselling: Counselling
) -> None:
    old = Topic.objects.create(slug="alt", name="Altes Thema", is_active=False)
    with pytest.raises(ApplicationError):
        services.contact_create(case=counselling.case, by=personas.staff, data=_input(personas, topics=(old,)))
    contact = ContactFactory(case=counselling.case)
    contact.topics.set([old])
    services.contact_update(contact=contact, by=personas.staff, data=_input(personas, topics=(old,), minutes=30))
    contact.refresh_from_db()
    assert contact.minutes == 30


def test_a_colleague_corrects_and_deletes_a_contact(personas: Personas, counselling: Counselling) -> None:
    contact = services.contact_create(case=counselling.case, by=personas.staff, data=_input(personas))
    services.contact_update(
        contact=contact, by=counselling.colleague, data=_input(personas, minutes=45, staff=(counselling.colleague,))
    )
    contact.refresh_from_db()
    assert contact.minutes == 45 and list(contact.staff.all()) == [counselling.colleague]
    services.contact_delete(contact=contact, by=counselling.colleague)
    assert not Contact.objects.exists()
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "counselling.contact.created",
        "counselling.contact.updated",
        "counselling.contact.deleted",
    ]


def test_nothing_changes_on_an_anonymised_case(personas: Personas, counselling: Counselling) -> None:
    contact = ContactFactory(case=counselling.case)
    note = NoteFactory(case=counselling.case, author=personas.staff)
    counselling.case.anonymised_at = timezone.now()
    counselling.case.save()
    calls = [
        lambda: services.contact_create(case=counselling.case, by=personas.staff, data=_input(personas)),
        lambda: services.contact_update(contact=contact, by=personas.staff, data=_input(personas)),
        lambda: services.contact_delete(contact=contact, by=personas.staff),
        lambda: services.note_create(case=counselling.case, by=personas.staff, body="Neu"),
        lambda: services.note_update(note=note, by=personas.staff, body="Neu"),
    ]
    for call in calls:
        with pytest.raises(ApplicationError) as refusal:
            call()
        assert refusal.value.code == "anonymised"


def test_notes_are_written_and_edited_by_their_author_only(personas: Personas, counselling: Counselling) -> None:
    note = services.note_create(case=counselling.case, by=personas.staff, body="  Vorstand zerstritten.  ")
    assert note.body == "Vorstand zerstritten." and note.edited_at is None
    with pytest.raises(ApplicationError):
        services.note_update(note=note, by=counselling.colleague, body="Überschrieben")
    services.note_update(note=note, by=personas.staff, body="Vorstand wieder einig.")
    note.refresh_from_db()
    assert note.body == "Vorstand wieder einig." and note.edited_at is not None
    for body in ("   ", "x" * 5001):
        with pytest.raises(ApplicationError) as refusal:
            services.note_create(case=counselling.case, by=personas.staff, body=body)
        assert refusal.value.field == "body"
    with pytest.raises(ApplicationError):
        services.note_create(case=counselling.case, by=personas.org_admin, body="Von außen")
    assert Note.objects.count() == 1
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "data"))
    assert entries == [("counselling.note.created", {"note": note.pk}), ("counselling.note.updated", {"note": note.pk})]
