"""Every page of the contacts part, tried by every persona issue 12 names; the sections on the case page
(through a stand-in of the case page that renders ``CASE_SECTIONS`` as the real one will)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.counselling.models import Contact, Note, Topic, Way
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import CaseFactory, ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous", "outsider", "member", "org_admin", "requester", "other_admin", "staff_no_mfa", "staff",
    "colleague", "ministry",
]  # fmt: skip
LOGIN = 302  # anonymous: to the login; staff without the second factor: to it
TEAM_PAGE = {"staff": 200, "colleague": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}
OWN_NOTE = {"staff": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}  # the note's author only
STATISTICS = {"staff": 200, "colleague": 200, "ministry": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}

NOTE_TEXT = "Vorstand wirkt zerstritten; behutsam nach der Satzung fragen."
SUMMARY = "Finanzplan für den Förderantrag durchgesehen."
NAMES = "Rana Vorstand und Ali Kasse"


def _as(client: Client, everyone: dict[str, User], persona: str) -> Client:
    client.logout()
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


@pytest.fixture
def logged(personas: Personas, counselling: Counselling) -> tuple[Contact, Note]:
    contact = ContactFactory(case=counselling.case, summary=SUMMARY, participant_names=NAMES, participants=2)
    contact.topics.set([counselling.case.topic])
    contact.staff.set([personas.staff])
    note = NoteFactory(case=counselling.case, author=personas.staff, body=NOTE_TEXT)
    return contact, note


def _form(personas: Personas, **changes: Any) -> dict[str, Any]:
    data = {
        "contact-date": timezone.localdate().isoformat(),
        "contact-minutes": "75",
        "contact-way": Way.PHONE,
        "contact-topics": [Topic.objects.get(slug="foerderantraege").pk],
        "contact-staff": [personas.staff.pk],
        "contact-participants": "1",
        "contact-participant_names": "",
        "contact-summary": "Telefonat zur Frist.",
    }
    data.update({f"contact-{key}": value for key, value in changes.items()})
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(
    client: Client, everyone: dict[str, User], counselling: Counselling, logged: tuple[Contact, Note], persona: str
) -> None:
    contact, note = logged
    reference = counselling.case.reference
    year = timezone.localdate().year
    pages = [
        (reverse("counselling:contact_add", args=[reference]), TEAM_PAGE),
        (reverse("counselling:contact_edit", args=[reference, contact.pk]), TEAM_PAGE),
        (reverse("counselling:contact_delete", args=[reference, contact.pk]), TEAM_PAGE),
        (reverse("counselling:note_add", args=[reference]), TEAM_PAGE),
        (reverse("counselling:note_edit", args=[reference, note.pk]), OWN_NOTE),
        (reverse("counselling:statistics"), STATISTICS),
        (reverse("counselling:statistics_csv", args=[year]), STATISTICS),
        (reverse("counselling:statistics_xlsx", args=[year]), STATISTICS),
    ]
    _as(client, everyone, persona)
    for url, expected in pages:
        assert client.get(url).status_code == expected.get(persona, 403), (url, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_team_logs_contacts_and_writes_notes(
    client: Client, everyone: dict[str, User], personas: Personas, counselling: Counselling, persona: str
) -> None:
    reference = counselling.case.reference
    _as(client, everyone, persona)
    contact = client.post(reverse("counselling:contact_add", args=[reference]), _form(personas))
    note = client.post(reverse("counselling:note_add", args=[reference]), {"note-body": "Nur für uns."})
    team = persona in ("staff", "colleague")
    assert contact.status_code == note.status_code == (302 if team else TEAM_PAGE.get(persona, 403))
    assert Contact.objects.exists() is team and Note.objects.exists() is team
    if team:
        assert contact["Location"].endswith("#kontakte") and note["Location"].endswith("#notizen")


def test_the_case_page_shows_the_org_side_contacts_without_notes_summaries_or_names(
    client: Client, everyone: dict[str, User], counselling: Counselling, logged: tuple[Contact, Note]
) -> None:
    url = reverse("counselling:case", args=[counselling.case.reference])
    for persona in ("org_admin", "requester"):
        page = _as(client, everyone, persona).get(url).content.decode()
        assert 'id="kontakte"' in page and "60 Minuten" in page
        assert NOTE_TEXT not in page and 'id="notizen"' not in page
        assert SUMMARY not in page and NAMES not in page
        assert 'name="contact-date"' not in page  # no form for the organisation side
    for persona in ("staff", "colleague"):
        page = _as(client, everyone, persona).get(url).content.decode()
        assert NOTE_TEXT in page and SUMMARY in page and NAMES in page
        assert 'name="contact-date"' in page and 'name="note-body"' in page
        assert 'name="csrfmiddlewaretoken" value=""' not in page


def test_only_the_author_is_offered_to_edit_a_note(
    client: Client, everyone: dict[str, User], counselling: Counselling, logged: tuple[Contact, Note]
) -> None:
    _contact, note = logged
    url = reverse("counselling:case", args=[counselling.case.reference])
    edit = reverse("counselling:note_edit", args=[counselling.case.reference, note.pk])
    assert edit in _as(client, everyone, "staff").get(url).content.decode()
    assert edit not in _as(client, everyone, "colleague").get(url).content.decode()
    assert client.post(edit, {"note-body": "Überschrieben"}).status_code == 403
    note.refresh_from_db()
    assert note.body == NOTE_TEXT


def test_a_note_is_edited(client: Client, everyone: dict[str, User], counselling: Counselling, logged: Any) -> None:
    _contact, note = logged
    _as(client, everyone, "staff")
    response = client.post(
        reverse("counselling:note_edit", args=[counselling.case.reference, note.pk]), {"note-body": "Geklärt."}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Geklärt." and note.edited_at is not None


def test_the_form_for_a_new_contact_starts_with_today_the_cases_topic_and_the_person_logging_it(
    client: Client, everyone: dict[str, User], personas: Personas, counselling: Counselling
) -> None:
    _as(client, everyone, "staff")

    page = client.get(reverse("counselling:contact_add", args=[counselling.case.reference])).content.decode()

    assert f'name="contact-date" value="{timezone.localdate().isoformat()}"' in page
    assert re.search(rf'<input [^>]*name="contact-topics" value="{counselling.case.topic_id}"[^>]* checked>', page)
    assert re.search(rf'<input [^>]*name="contact-staff" value="{personas.staff.pk}"[^>]* checked>', page)
    assert re.search(r'<input [^>]*name="contact-participants" value="1"', page)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "Zukunft"),
        ({"minutes": "2"}, "zwischen 5 und 600 Minuten"),
        ({"minutes": "viel"}, "ganze Zahl von Minuten"),
        ({"topics": []}, "mindestens ein Thema"),
        ({"date": "gestern"}, "gültiges Datum"),
        ({"summary": "<script>alert(1)</script>"}, ""),
    ],
)
def test_bad_input_shows_the_form_again_with_a_message_and_saves_nothing(
    client: Client, everyone: dict[str, User], personas: Personas, counselling: Counselling, changes: Any, message: str
) -> None:
    _as(client, everyone, "staff")
    response = client.post(
        reverse("counselling:contact_add", args=[counselling.case.reference]), _form(personas, **changes)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "vf-error-summary" in page and message in page
    assert not Contact.objects.exists()


def test_a_contact_is_corrected_and_deleted(
    client: Client, everyone: dict[str, User], personas: Personas, counselling: Counselling, logged: Any
) -> None:
    contact, _note = logged
    reference = counselling.case.reference
    _as(client, everyone, "colleague")
    edit = client.get(reverse("counselling:contact_edit", args=[reference, contact.pk])).content.decode()
    assert SUMMARY in edit
    response = client.post(
        reverse("counselling:contact_edit", args=[reference, contact.pk]), _form(personas, minutes="30")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.minutes == 30
    assert client.post(reverse("counselling:contact_delete", args=[reference, contact.pk])).status_code == 302
    assert not Contact.objects.exists()


def test_a_contact_of_another_case_is_not_found(
    client: Client, everyone: dict[str, User], counselling: Counselling, logged: Any
) -> None:
    contact, note = logged
    other = CaseFactory()
    _as(client, everyone, "staff")
    assert client.get(reverse("counselling:contact_edit", args=[other.reference, contact.pk])).status_code == 404
    assert client.get(reverse("counselling:note_edit", args=[other.reference, note.pk])).status_code == 404
    assert client.get(reverse("counselling:contact_add", args=["B-1999-00000"])).status_code == 404


def test_an_anonymised_case_offers_no_forms(
    client: Client, everyone: dict[str, User], personas: Personas, counselling: Counselling, logged: Any
) -> None:
    counselling.case.anonymised_at = timezone.now()
    counselling.case.save()
    _as(client, everyone, "staff")
    page = client.get(reverse("counselling:case", args=[counselling.case.reference])).content.decode()
    assert 'name="contact-date"' not in page and 'name="note-body"' not in page
    response = client.post(reverse("counselling:contact_add", args=[counselling.case.reference]), _form(personas))
    assert response.status_code == 400 and "anonymisiert" in response.content.decode()
    assert Contact.objects.count() == 1


def test_the_contacts_section_reads_a_fixed_number_of_queries(
    client: Client,
    everyone: dict[str, User],
    personas: Personas,
    counselling: Counselling,
) -> None:
    def add_contacts(count: int) -> None:
        for _ in range(count):
            contact = ContactFactory(case=counselling.case)
            contact.topics.set([counselling.case.topic])
            contact.staff.set([personas.staff, counselling.colleague])
            NoteFactory(case=counselling.case, author=personas.staff)

    def queries() -> int:
        client.get(url)  # the read is audited once an hour: not part of what is compared
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        assert page.count("<time datetime=") >= contacts
        return len(captured)

    _as(client, everyone, "staff")
    url = reverse("counselling:case", args=[counselling.case.reference])
    add_contacts(1)
    contacts = 1
    with_one = queries()
    # The contact form's lists of topics and colleagues are read once each, not counted first (which
    # was two queries more a list).
    assert with_one <= 19
    add_contacts(29)
    contacts = 30
    assert queries() == with_one
