"""Query budgets of counselling's pages: each is read by someone allowed to see it (a link from an email
anonymously, with a valid token) and keeps to the number of queries it needs today.

A page that lists rows (the topics, the team's forms with their lists of topics, organisations and
colleagues, the statistics files) is read once with few rows and once with many, every relation a row
shows filled, and must cost the same both times (no N+1). A page about one thing (a form or a question
about a case, an appointment, one file) is held to its count."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib.uploads import private_storage
from vielfalt.core.testing.queries import body_within, page_within, same_queries_for_few_and_many
from vielfalt.counselling.cases.services import confirm_token
from vielfalt.counselling.conversation.services import appointment_token
from vielfalt.counselling.models import Appointment, Case, MessageAttachment, Topic, Way
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ContactFactory,
    MessageFactory,
    MilestoneFactory,
    NoteFactory,
    TopicFactory,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

# A visitor's page reads the topics (the list, the form's choices) and the districts. Signed in, the layout's
# session, person, privacy consent and unread counts come on top, and the organisations the person may ask for.
START_PAGE_QUERIES = {"anonymous": 3, "member": 11}


@pytest.fixture
def one_topic(db: None) -> Topic:
    """Of the starting topics only "Förderanträge" stays: the lists begin with one row."""
    Topic.objects.exclude(slug="foerderantraege").delete()
    return Topic.objects.get()


def _more_topics(count: int, *, cases: int = 0) -> None:
    for number in range(count):
        topic = TopicFactory.create(
            slug=f"weiteres-thema-{number}",
            name=f"Weiteres Thema {number}",
            name_translations={"en": f"Another topic {number}", "ar": "موضوع آخر"},
            order=10 + number,
        )
        CaseFactory.create_batch(cases, topic=topic)


def _more_colleagues(count: int) -> list[User]:
    """``count`` more people of the team: the forms' lists of the team grow."""
    return [UserFactory.create(name=f"Weitere Kollegin {number}", role=Role.STAFF) for number in range(count)]


def _as_team(client: Client, personas: Personas) -> None:
    agree_to_privacy(personas.staff)
    login(client, personas.staff)


# --- the topics ---------------------------------------------------------------------------------------------


def test_the_team_s_topics_read_the_same_queries_for_one_and_seven(
    client: Client, personas: Personas, one_topic: Topic
) -> None:
    CaseFactory.create(topic=one_topic)
    url = reverse("staff:counselling_topics")
    login(client, personas.staff)

    def more_topics_and_cases() -> None:
        _more_topics(6, cases=2)
        CaseFactory.create(topic=one_topic)

    page = same_queries_for_few_and_many(client, url, add=more_topics_and_cases, limit=7)
    assert len(re.findall(r"/de/staff/beratung/themen/\d+/", page)) == 7


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_start_page_reads_the_same_queries_for_one_and_seven_topics(
    client: Client,
    personas: Personas,
    organisation: Organisation,
    one_topic: Topic,
    persona: str,
) -> None:
    """Signed in, the form also offers each organisation the person belongs to."""
    url = reverse("counselling:start")
    if persona == "member":
        login(client, personas.member)

    def more_topics_and_organisations() -> None:
        _more_topics(6)
        for _ in range(6):
            Membership.objects.create(
                organisation=OrganisationFactory.create(), user=personas.member, role=Membership.Role.MEMBER
            )

    page = same_queries_for_few_and_many(
        client, url, add=more_topics_and_organisations, limit=START_PAGE_QUERIES[persona]
    )
    assert page.count("Weiteres Thema") == 6 * 2  # in the list of topics and in the form
    if persona == "member":
        assert page.count("Kulturverein Brücke") == 7


def test_a_topic_s_forms_keep_to_their_queries(client: Client, personas: Personas) -> None:
    """A new topic and a topic's changes: a plain form (the name in each language, the order)."""
    _as_team(client, personas)
    topic = Topic.objects.get(slug="foerderantraege")
    # Session, person, the privacy notice, the layout's two unread counts; for a change the topic.
    page = page_within(client, reverse("staff:counselling_topic_create"), limit=5)
    assert 'name="name"' in page and 'name="order"' in page
    url = reverse("staff:counselling_topic_edit", args=[topic.pk])
    page = page_within(client, url, limit=6)
    assert 'value="Förderanträge"' in page


# --- the team's forms that list topics, organisations and colleagues ---------------------------------------


def test_opening_a_case_reads_the_same_queries_for_few_and_many_topics_organisations_and_colleagues(
    client: Client, personas: Personas, organisation: Organisation, one_topic: Topic
) -> None:
    _as_team(client, personas)

    def more_to_choose_from() -> None:
        _more_topics(6)
        for number in range(6):
            OrganisationFactory.create(name=f"Weiterer Verein {number} e.V.")
        _more_colleagues(6)

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:counselling_case_open"),
        add=more_to_choose_from,
        # Session, person, the privacy notice, the layout's two unread counts; the form's topics,
        # organisations, districts and team (one query each).
        limit=9,
    )
    assert page.count("Weiteres Thema") == 6
    assert page.count("Weiterer Verein") == 6
    assert page.count("Weitere Kollegin") == 6


def test_editing_a_case_reads_the_same_queries_for_one_and_seven_topics(
    client: Client, personas: Personas, counselling: Counselling, one_topic: Topic
) -> None:
    _as_team(client, personas)
    page = same_queries_for_few_and_many(
        client,
        reverse("counselling:case_edit", args=[counselling.case.reference]),
        add=lambda: _more_topics(6),
        # Session, person, the privacy notice, the layout's two unread counts; the case with its
        # organisation, topic, assignee, district and requester; the form's topics and districts.
        limit=8,
    )
    assert page.count("Weiteres Thema") == 6


def test_logging_a_contact_reads_the_same_queries_for_few_and_many_topics_and_colleagues(
    client: Client, personas: Personas, counselling: Counselling, one_topic: Topic
) -> None:
    _as_team(client, personas)

    def more_to_choose_from() -> None:
        _more_topics(6)
        _more_colleagues(6)

    page = same_queries_for_few_and_many(
        client,
        reverse("counselling:contact_add", args=[counselling.case.reference]),
        add=more_to_choose_from,
        # Session, person, the privacy notice, the layout's two unread counts; the case with its
        # organisation, topic, assignee, district and requester; the form's topics and team.
        limit=8,
    )
    assert page.count('name="contact-topics"') == 7
    assert page.count("Weitere Kollegin") == 6


def test_correcting_a_contact_reads_the_same_queries_for_few_and_many_topics_and_colleagues(
    client: Client, personas: Personas, counselling: Counselling, one_topic: Topic
) -> None:
    """At last the contact names seven topics and seven people, one of whom has since left the team (and
    is still offered on it)."""
    contact = ContactFactory.create(case=counselling.case)
    contact.topics.set([one_topic])
    contact.staff.set([personas.staff])
    _as_team(client, personas)

    def more_topics_and_colleagues_on_the_contact() -> None:
        _more_topics(6)
        colleagues = _more_colleagues(6)
        UserFactory.create(name="Weitere Kollegin ohne Kontakt", role=Role.STAFF)
        User.objects.filter(pk=colleagues[0].pk).update(is_active=False)
        contact.topics.set(Topic.objects.all())
        contact.staff.set([personas.staff, *colleagues])

    page = same_queries_for_few_and_many(
        client,
        reverse("counselling:contact_edit", args=[counselling.case.reference, contact.pk]),
        add=more_topics_and_colleagues_on_the_contact,
        # Session, person, the privacy notice, the layout's two unread counts; the case with its
        # organisation, topic, assignee, district and requester; the contact, its topics and its team (the
        # form's values); the form's topics and team, each with the contact's own.
        limit=11,
    )
    assert page.count('name="contact-topics"') == 7
    assert page.count("Weitere Kollegin") == 7
    assert len(re.findall(r'name="contact-topics"[^>]* checked>', page)) == 7
    assert len(re.findall(r'name="contact-staff"[^>]* checked>', page)) == 7  # the one who left, too


# --- forms and questions about one case ---------------------------------------------------------------------


def test_deleting_a_contact_and_the_confidential_notes_keep_to_their_queries(
    client: Client, personas: Personas, counselling: Counselling
) -> None:
    reference = counselling.case.reference
    contact = ContactFactory.create(case=counselling.case, minutes=75)
    note = NoteFactory.create(case=counselling.case, author=personas.staff, body="Satzung behutsam ansprechen.")
    _as_team(client, personas)
    # Session, person, the privacy notice, the layout's two unread counts; the case with its organisation,
    # topic, assignee, district and requester; the contact or the note.
    url = reverse("counselling:contact_delete", args=[reference, contact.pk])
    assert "(75 Min.)" in page_within(client, url, limit=7)
    url = reverse("counselling:note_add", args=[reference])
    assert 'name="note-body"' in page_within(client, url, limit=6)
    url = reverse("counselling:note_edit", args=[reference, note.pk])
    assert "Satzung behutsam ansprechen." in page_within(client, url, limit=7)


def test_the_milestone_forms_keep_to_their_queries(
    client: Client, personas: Personas, counselling: Counselling
) -> None:
    reference = counselling.case.reference
    milestone = MilestoneFactory.create(case=counselling.case, title="Satzung überarbeitet")
    _as_team(client, personas)
    # Session, person, the privacy notice, the layout's two unread counts; the case with its organisation,
    # topic, assignee, district and requester; the milestone.
    url = reverse("counselling:milestone_add", args=[reference])
    assert 'name="milestone-title"' in page_within(client, url, limit=6)
    url = reverse("counselling:milestone_edit", args=[reference, milestone.pk])
    assert 'value="Satzung überarbeitet"' in page_within(client, url, limit=7)
    url = reverse("counselling:milestone_delete", args=[reference, milestone.pk])
    page = page_within(client, url, limit=7)
    assert "Wollen Sie den Meilenstein" in page and "Satzung überarbeitet" in page


def test_proposing_and_cancelling_an_appointment_keep_to_their_queries(
    client: Client, personas: Personas, counselling: Counselling
) -> None:
    appointment = AppointmentFactory.create(
        case=counselling.case,
        status=Appointment.Status.ACCEPTED,
        answered_by=counselling.requester,
        answered_at=timezone.now(),
    )
    _as_team(client, personas)
    # Session, person, the privacy notice, the layout's two unread counts; the case with its organisation,
    # topic, assignee, district and requester (or the appointment with its case and who answered it).
    url = reverse("counselling:appointment_create", args=[counselling.case.reference])
    assert 'name="video_url"' in page_within(client, url, limit=6)
    url = reverse("counselling:appointment_cancel", args=[appointment.pk])
    page = page_within(client, url, limit=6)
    assert "Termin absagen" in page and "Rana Vorstand" in page


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


# Session, person; the case with its organisation, topic, assignee, district and requester (the message
# form), the appointment with its case, or the file with its message's case; for an admin of the
# organisation whether they are one (the message form asks twice: may they see the case, may they write in
# it). The message form adds the layout: the privacy notice, the two unread counts.
BOTH_SIDES_QUERIES = {
    "org_admin": {"message_create": 8, "appointment_ics": 4, "message_attachment": 4},
    "staff": {"message_create": 6, "appointment_ics": 3, "message_attachment": 3},
}


@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_what_both_sides_read_of_a_case_keeps_to_its_queries(
    client: Client,
    personas: Personas,
    counselling: Counselling,
    private_media: Any,
    persona: str,
) -> None:
    """The team and the organisation write in the conversation, download an appointment for their calendar
    and a file sent with a message."""
    budget = BOTH_SIDES_QUERIES[persona]
    person = personas.org_admin if persona == "org_admin" else personas.staff
    agree_to_privacy(person)
    login(client, person)
    reference = counselling.case.reference

    url = reverse("counselling:message_create", args=[reference])
    page = page_within(client, url, limit=budget["message_create"])
    assert 'name="attachments"' in page and reference in page

    appointment = AppointmentFactory.create(case=counselling.case)
    url = reverse("counselling:appointment_ics", args=[appointment.pk])
    ics = page_within(client, url, limit=budget["appointment_ics"])
    assert "BEGIN:VEVENT" in ics and reference in ics

    stored = private_storage().save("counselling/entwurf.pdf", ContentFile(b"%PDF-1.4\n%%EOF"))
    item = MessageAttachment.objects.create(
        message=MessageFactory.create(case=counselling.case, sender=counselling.requester),
        file=stored,
        name="entwurf.pdf",
        size=14,
        content_type="application/pdf",
    )
    url = reverse("counselling:message_attachment", args=[item.pk])
    assert body_within(client, url, limit=budget["message_attachment"]).startswith(b"%PDF-")


# --- links from emails, read without signing in ---------------------------------------------------------------


def test_the_confirmation_link_keeps_to_its_queries(client: Client, db: None) -> None:
    case = CaseFactory.create(
        organisation=None,
        requester=None,
        requester_name="Leyla Demir",
        requester_email="leyla@example.org",
        is_verified=False,
    )
    url = reverse("counselling:confirm", args=[confirm_token(case)])
    # The request, read in a savepoint (locked, as for the confirmation itself).
    page = page_within(client, url, limit=3)
    assert "Bitte bestätigen Sie Ihre Beratungsanfrage" in page and case.reference in page


def test_the_appointment_link_keeps_to_its_queries(
    client: Client, personas: Personas, counselling: Counselling
) -> None:
    """The requester's link asks to answer, and says who answered once someone has."""
    asked = AppointmentFactory.create(case=counselling.case)
    answered = AppointmentFactory.create(
        case=counselling.case,
        status=Appointment.Status.ACCEPTED,
        answered_by=personas.org_admin,
        answered_at=timezone.now(),
    )
    # The appointment with its case and who answered it; the person the link names.
    url = reverse("counselling:appointment_by_link", args=[appointment_token(asked, counselling.requester)])
    page = page_within(client, url, limit=2)
    assert "Termin zusagen" in page and "Rana Vorstand" in page
    url = reverse("counselling:appointment_by_link", args=[appointment_token(answered, counselling.requester)])
    page = page_within(client, url, limit=2)
    assert "bereits zugesagt" in page and "Ada Admin" in page


# --- the statistics files ------------------------------------------------------------------------------------


def _requests(year: int, topic: Topic, district: District) -> None:
    """Five requests in March of ``year``, closed in April, each with a contact of 90 minutes."""
    zone = timezone.get_current_timezone()
    for _ in range(5):
        case = CaseFactory.create(
            topic=topic, organisation=None, district=district, status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED
        )
        Case.objects.filter(pk=case.pk).update(
            created_at=datetime(year, 3, 15, 12, tzinfo=zone), closed_at=datetime(year, 4, 15, 12, tzinfo=zone)
        )
        ContactFactory.create(case=case, date=date(year, 3, 20), minutes=90, way=Way.VIDEO)


def _queries_and_file(client: Client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response.content


def _labels(file_format: str, content: bytes, table: str) -> list[str]:
    """The row labels of the file's ``table`` ("nach Thema"), its sum last."""
    if file_format == "csv":
        rows = list(csv.reader(StringIO(content.decode("utf-8-sig")), delimiter=";"))
        start = next(index for index, row in enumerate(rows) if row and row[0] == table)
        end = rows.index([], start)
        return [row[0] for row in rows[start + 1 : end]]
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(content))[table]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_statistics_files_read_the_same_queries_for_one_and_seven_topics_and_districts(
    client: Client, counselling: Counselling, one_topic: Topic, file_format: str
) -> None:
    """Last year's requests, closed cases and contacts in one topic and district, then in seven of each,
    read by the ministry viewer."""
    year = timezone.localdate().year - 1
    districts = list(District.objects.order_by("ags")[:7])
    _requests(year, one_topic, districts[0])
    agree_to_privacy(counselling.ministry)
    login(client, counselling.ministry)
    url = reverse(f"counselling:statistics_{file_format}", args=[year])
    client.get(url)
    few, _content = _queries_and_file(client, url)

    _more_topics(6)
    for topic, district in zip(Topic.objects.exclude(pk=one_topic.pk), districts[1:], strict=True):
        _requests(year, topic, district)
    many, content = _queries_and_file(client, url)

    assert few == many
    # Session, person; the years to choose from; the year's requests, closed cases and contacts, each
    # counted in one grouped query; the names of their topics and of their districts.
    assert many <= 8
    topics = ["Förderanträge", *(f"Weiteres Thema {n}" for n in range(6))]
    assert _labels(file_format, content, "nach Thema") == [*topics, "Summe"]
    *places, total = _labels(file_format, content, "nach Kreis")
    assert sorted(places) == sorted(str(district) for district in districts) and total == "Summe"
