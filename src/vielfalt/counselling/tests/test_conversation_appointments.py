"""Appointments: the team proposes, the organisation side answers (in the case or by the email's link), the
team cancels; invitations for calendars; the reminder the day before."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.conversation import sections, services
from vielfalt.counselling.conversation.services import AppointmentInput
from vielfalt.counselling.models import Appointment, Case, Way
from vielfalt.counselling.sections import CASE_SECTIONS
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import AppointmentFactory
from vielfalt.notifications.models import Category, Notification, Preference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

SEES_CASE = {"org_admin", "staff", "requester", "colleague"}
TEAM = {"staff", "colleague"}
ORGANISATION_SIDE = {"org_admin", "requester"}


def expected(name: str, allowed: set[str]) -> int:
    return 200 if name in allowed else 302 if name == "staff_no_mfa" else 403


def soon(days: int = 3, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def video(**changes: Any) -> AppointmentInput:
    values: dict[str, Any] = {
        "starts_at": soon(),
        "ends_at": soon() + timedelta(hours=1),
        "way": Way.VIDEO,
        "video_url": "https://video.example.org/raum-7",
        "note": "Bitte den Entwurf der Satzung bereithalten.",
    }
    values.update(changes)
    return AppointmentInput(**values)


def calendar_of(message: Any) -> icalendar.Calendar:
    (ics,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return icalendar.Calendar.from_ical(ics[1])


def event_of(message: Any) -> Any:
    return calendar_of(message).walk("VEVENT")[0]


def link_in(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/\S*/termin/[^\s/]+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"counselling:{name}", kwargs=kwargs)


# --- proposing --------------------------------------------------------------------------------------------------


def test_the_team_proposes_and_the_organisation_side_gets_an_invitation(
    counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    counselling.requester.preferred_language = "en"
    counselling.requester.save()
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    assert appointment.status == Appointment.Status.PROPOSED and appointment.sequence == 0
    by_address = {m.to[0]: m for m in mailbox}
    assert set(by_address) == {personas.org_admin.email, counselling.requester.email}
    german, english = by_address[personas.org_admin.email], by_address[counselling.requester.email]
    assert german.subject.startswith("Terminvorschlag")
    assert "https://video.example.org/raum-7" in german.body
    assert "Zusagen oder ablehnen" in german.body
    assert english.subject.startswith("Proposed appointment")
    cal = calendar_of(german)
    assert cal["METHOD"] == "REQUEST"
    event = event_of(german)
    assert event["STATUS"] == "TENTATIVE"
    assert int(event["SEQUENCE"]) == 0
    assert event["UID"] == f"counselling-appointment-{appointment.pk}@vielfalt-hessen"
    assert event.decoded("DTSTART") == appointment.starts_at
    assert str(event["ATTENDEE"]) == f"mailto:{personas.org_admin.email}"
    # In-app notification too, without a second email.
    told = Notification.objects.filter(verb="counselling.appointment")
    assert {n.user_id for n in told} == {personas.org_admin.pk, counselling.requester.pk}
    assert all(n.emailed_at is not None for n in told)
    assert AuditEntry.objects.filter(action="counselling.appointment.proposed").count() == 1


def test_who_turned_counselling_emails_off_gets_the_notification_only(
    counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    Preference.objects.create(user=personas.org_admin, category=Category.COUNSELLING, mode=Preference.Mode.OFF)
    services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    assert [m.to for m in mailbox] == [[counselling.requester.email]]
    assert Notification.objects.filter(user=personas.org_admin, verb="counselling.appointment").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1), "ends_at": timezone.now()}, "starts_at"),
        ({"ends_at": soon() - timedelta(minutes=30)}, "ends_at"),
        ({"ends_at": soon()}, "ends_at"),
        ({"ends_at": soon() + timedelta(hours=13)}, "ends_at"),
        ({"video_url": ""}, "video_url"),
        ({"way": Way.ON_SITE, "place": " "}, "place"),
        ({"way": Way.EMAIL}, "way"),
    ],
)
def test_bad_appointments_are_refused(
    counselling: Counselling, personas: Personas, mailbox: list[Any], changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        services.appointment_propose(case=counselling.case, by=personas.staff, data=video(**changes))
    assert error.value.field == field
    assert not Appointment.objects.exists() and not mailbox and not Notification.objects.exists()


def test_only_the_team_proposes_and_not_on_a_closed_case(counselling: Counselling, everyone: dict[str, User]) -> None:
    for name, user in everyone.items():
        if name not in TEAM:
            with pytest.raises(ApplicationError):
                services.appointment_propose(case=counselling.case, by=user, data=video())
    case = counselling.case
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED)
    case.refresh_from_db()
    with pytest.raises(ApplicationError) as error:
        services.appointment_propose(case=case, by=everyone["staff"], data=video())
    assert error.value.code == "closed"
    assert not Appointment.objects.exists()


def test_the_form_page_shows_a_past_date_as_an_error(
    client: Client, counselling: Counselling, personas: Personas
) -> None:
    login(client, personas.staff)
    yesterday = timezone.localdate() - timedelta(days=1)
    data = {"date": yesterday.isoformat(), "starts_at": "10:00", "ends_at": "11:00", "way": "phone"}
    response = client.post(url("appointment_create", reference=counselling.case.reference), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte korrigieren Sie die folgenden Angaben" in content
    assert "in der Vergangenheit" in content
    assert not Appointment.objects.exists()

    data = {"date": soon().date().isoformat(), "starts_at": "11:00", "ends_at": "10:00", "way": "phone"}
    response = client.post(url("appointment_create", reference=counselling.case.reference), data)
    assert response.status_code == 400
    assert "enden, nachdem er begonnen hat" in response.content.decode()

    data = {"date": "31.02.2026", "starts_at": "kurz nach zehn", "ends_at": "", "way": "brieftaube"}
    response = client.post(url("appointment_create", reference=counselling.case.reference), data)
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_proposing_through_the_form(client: Client, counselling: Counselling, personas: Personas) -> None:
    login(client, personas.staff)
    day = soon().date().isoformat()
    data = {"date": day, "starts_at": "14:00", "ends_at": "15:30", "way": "on_site", "place": "Vereinsheim, Gießen"}
    response = client.post(url("appointment_create", reference=counselling.case.reference), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#termine")
    appointment = Appointment.objects.get()
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") == "14:00"
    assert appointment.place == "Vereinsheim, Gießen" and appointment.proposed_by == personas.staff


def test_every_persona_on_the_proposal_page(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    page = url("appointment_create", reference=counselling.case.reference)
    assert client.get(page).status_code == 302
    for name, user in everyone.items():
        client.logout()
        login(client, user)
        assert client.get(page).status_code == expected(name, TEAM), name


# --- answering ----------------------------------------------------------------------------------------------------


def test_the_organisation_accepts_in_the_case(
    client: Client, counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    mailbox.clear()
    login(client, personas.org_admin)
    response = client.post(url("appointment_answer", pk=appointment.pk), {"answer": "accept"})
    assert response.status_code == 302 and response["Location"].endswith("#termine")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ACCEPTED
    assert appointment.answered_by == personas.org_admin and appointment.sequence == 1
    # Both sides get the confirmed invitation, the one who accepted included.
    addresses = {m.to[0] for m in mailbox}
    assert addresses == {personas.staff.email, personas.org_admin.email, counselling.requester.email}
    event = event_of(mailbox[0])
    assert event["STATUS"] == "CONFIRMED" and int(event["SEQUENCE"]) == 1
    assert Notification.objects.filter(verb="counselling.appointment_answered", user=personas.staff).exists()


def test_a_second_answer_is_refused_with_the_first(counselling: Counselling, personas: Personas) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    services.appointment_answer(appointment=appointment, by=counselling.requester, accept=False)
    with pytest.raises(ApplicationError) as error:
        services.appointment_answer(appointment=appointment, by=personas.org_admin, accept=True)
    assert error.value.code == "answered"
    assert "bereits abgelehnt" in str(error.value)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.DECLINED and appointment.answered_by == counselling.requester


def test_declining_sends_a_cancellation_for_the_calendars(
    counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    mailbox.clear()
    services.appointment_answer(appointment=appointment, by=counselling.requester, accept=False)
    addresses = {m.to[0] for m in mailbox}
    assert addresses == {personas.staff.email, personas.org_admin.email}  # not the one who declined
    assert all(calendar_of(m)["METHOD"] == "CANCEL" for m in mailbox)


def test_a_past_appointment_cannot_be_answered(counselling: Counselling, personas: Personas) -> None:
    start = timezone.now() - timedelta(hours=2)
    appointment = AppointmentFactory.create(case=counselling.case, starts_at=start, ends_at=start + timedelta(hours=1))
    with pytest.raises(ApplicationError) as error:
        services.appointment_answer(appointment=appointment, by=personas.org_admin, accept=True)
    assert error.value.code == "past"


def test_every_persona_answering_in_the_case(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    for name, user in everyone.items():
        appointment = AppointmentFactory.create(case=counselling.case)
        client.logout()
        login(client, user)
        response = client.post(url("appointment_answer", pk=appointment.pk), {"answer": "accept"})
        allowed = name in ORGANISATION_SIDE
        assert response.status_code == (302 if allowed or name == "staff_no_mfa" else 403), name
        appointment.refresh_from_db()
        assert (appointment.status == Appointment.Status.ACCEPTED) is allowed, name


def test_answering_needs_a_post(client: Client, counselling: Counselling, personas: Personas) -> None:
    appointment = AppointmentFactory.create(case=counselling.case)
    login(client, personas.org_admin)
    assert client.get(url("appointment_answer", pk=appointment.pk)).status_code == 405
    client.post(url("appointment_answer", pk=appointment.pk), {"answer": "vielleicht"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.PROPOSED


# --- the link in the email -----------------------------------------------------------------------------------------


def test_the_link_works_signed_out_asks_first_and_says_when_it_was_used(
    client: Client, counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    message = next(m for m in mailbox if m.to == [counselling.requester.email])
    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Termin zusagen" in content and "Rana Vorstand" in content
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.PROPOSED  # a GET changes nothing

    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ACCEPTED and appointment.answered_by == counselling.requester

    # Reused (or the admin's own link after the requester answered): it says so and changes nothing.
    admin_link = link_in(next(m for m in mailbox if m.to == [personas.org_admin.email]))
    again = client.post(admin_link, {"answer": "decline"})
    content = again.content.decode()
    assert "bereits zugesagt" in content and "Rana Vorstand" in content
    assert "Termin ablehnen" not in content
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.ACCEPTED
    assert "bereits zugesagt" in client.get(link).content.decode()


def test_a_tampered_link_is_refused(client: Client, counselling: Counselling, personas: Personas) -> None:
    appointment = AppointmentFactory.create(case=counselling.case)
    token = services.appointment_token(appointment, counselling.requester)
    response = client.post(url("appointment_by_link", token=token[:-3] + "abc"), {"answer": "accept"})
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.PROPOSED


def test_a_link_of_someone_who_is_no_longer_admin_answers_nothing(
    client: Client, counselling: Counselling, personas: Personas
) -> None:
    from vielfalt.organisations.models import Membership

    appointment = AppointmentFactory.create(case=counselling.case)
    token = services.appointment_token(appointment, personas.org_admin)
    Membership.objects.filter(user=personas.org_admin).update(role=Membership.Role.MEMBER)
    response = client.post(url("appointment_by_link", token=token), {"answer": "accept"})
    assert "nicht antworten" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.PROPOSED


def test_the_link_of_a_cancelled_appointment_says_so(
    client: Client, counselling: Counselling, personas: Personas
) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    services.appointment_cancel(appointment=appointment, by=personas.staff)
    token = services.appointment_token(appointment, counselling.requester)
    assert (
        "Das Team hat diesen Termin abgesagt." in client.get(url("appointment_by_link", token=token)).content.decode()
    )


# --- cancelling ---------------------------------------------------------------------------------------------------


def test_the_team_cancels_and_calendars_drop_the_entry(
    client: Client, counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    appointment = services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    services.appointment_answer(appointment=appointment, by=personas.org_admin, accept=True)
    mailbox.clear()
    login(client, counselling.colleague)
    page = client.get(url("appointment_cancel", pk=appointment.pk))
    assert page.status_code == 200 and "Termin absagen" in page.content.decode()
    response = client.post(url("appointment_cancel", pk=appointment.pk))
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED and appointment.sequence == 2
    addresses = {m.to[0] for m in mailbox}
    assert addresses == {personas.org_admin.email, counselling.requester.email, personas.staff.email}
    for message in mailbox:
        assert calendar_of(message)["METHOD"] == "CANCEL"
        event = event_of(message)
        assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 2
    with pytest.raises(ApplicationError):
        services.appointment_cancel(appointment=appointment, by=personas.staff)


def test_every_persona_on_the_cancel_page(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    appointment = AppointmentFactory.create(case=counselling.case)
    for name, user in everyone.items():
        client.logout()
        login(client, user)
        assert client.get(url("appointment_cancel", pk=appointment.pk)).status_code == expected(name, TEAM), name
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.PROPOSED


# --- the .ics download ----------------------------------------------------------------------------------------------


def test_every_persona_downloading_the_ics(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    appointment = AppointmentFactory.create(case=counselling.case, status=Appointment.Status.ACCEPTED, sequence=1)
    address = url("appointment_ics", pk=appointment.pk)
    assert client.get(address).status_code == 302
    for name, user in everyone.items():
        client.logout()
        login(client, user)
        response = client.get(address)
        assert response.status_code == expected(name, SEES_CASE), name
        if response.status_code == 200:
            assert response["Content-Type"].startswith("text/calendar")
            cal = icalendar.Calendar.from_ical(response.content)
            assert cal["METHOD"] == "PUBLISH"
            assert cal.walk("VEVENT")[0]["STATUS"] == "CONFIRMED"


# --- the reminder the day before -------------------------------------------------------------------------------------


def test_both_sides_are_reminded_the_day_before_once(
    counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    tomorrow = AppointmentFactory.create(
        case=counselling.case, starts_at=soon(days=1), ends_at=soon(days=1) + timedelta(hours=1),
        status=Appointment.Status.ACCEPTED, proposed_by=counselling.colleague,
    )  # fmt: skip
    AppointmentFactory.create(case=counselling.case, starts_at=soon(days=3), ends_at=soon(days=3) + timedelta(hours=1),
                              status=Appointment.Status.ACCEPTED)  # fmt: skip
    AppointmentFactory.create(case=counselling.case, starts_at=soon(days=1), ends_at=soon(days=1) + timedelta(hours=1))
    assert services.appointment_reminders_send() == 1
    addresses = {m.to[0] for m in mailbox}
    assert addresses == {
        personas.org_admin.email, counselling.requester.email, personas.staff.email, counselling.colleague.email,
    }  # fmt: skip
    assert all(m.subject.startswith("Erinnerung") for m in mailbox)
    assert calendar_of(mailbox[0])["METHOD"] == "REQUEST"
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at is not None
    mailbox.clear()
    assert services.appointment_reminders_send() == 0
    assert not mailbox


def test_no_reminder_for_a_closed_case(counselling: Counselling, mailbox: list[Any]) -> None:
    AppointmentFactory.create(
        case=counselling.case, starts_at=soon(days=1), ends_at=soon(days=1) + timedelta(hours=1),
        status=Appointment.Status.ACCEPTED,
    )  # fmt: skip
    Case.objects.filter(pk=counselling.case.pk).update(status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED)
    assert services.appointment_reminders_send() == 0
    assert not mailbox


def test_the_reminder_task_is_registered() -> None:
    from vielfalt.core.lib import periodic

    assert "vielfalt.counselling.conversation.tasks.appointment_reminders" in [
        job.module_path for job in periodic.jobs()
    ]


# --- the section on the case page ---------------------------------------------------------------------------------


def _render(user: User, case: Case) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return "".join(CASE_SECTIONS.render(request, case=case))


def test_the_section_for_each_side(everyone: dict[str, User], counselling: Counselling) -> None:
    AppointmentFactory.create(case=counselling.case, place="", video_url="https://video.example.org/raum-42")
    for name, user in everyone.items():
        request = RequestFactory().get("/")
        request.user = user
        context = sections.appointments_context(request, case=counselling.case)
        assert (context is not None) is (name in SEES_CASE), name
    team = _render(everyone["staff"], counselling.case)
    assert 'id="termine"' in team
    assert "Termin vorschlagen" in team and "Termin absagen" in team and "Termin zusagen" not in team
    organisation = _render(everyone["org_admin"], counselling.case)
    assert "Termin zusagen" in organisation and "Termin ablehnen" in organisation
    assert "Termin vorschlagen" not in organisation
    assert "https://video.example.org/raum-42" in organisation
    assert url("appointment_ics", pk=Appointment.objects.get().pk) in organisation


def test_the_section_speaks_the_readers_language(counselling: Counselling, personas: Personas) -> None:
    AppointmentFactory.create(case=counselling.case)
    with translation.override("ar"):
        html = _render(counselling.requester, counselling.case)
    assert "Termin zusagen" not in html
    assert 'id="termine"' in html


@pytest.mark.parametrize("language", ["ar", "fa", "tr", "ru", "uk", "en"])
def test_the_invitation_is_in_the_recipients_language(
    counselling: Counselling, personas: Personas, mailbox: list[Any], language: str
) -> None:
    counselling.requester.preferred_language = language
    counselling.requester.save()
    services.appointment_propose(case=counselling.case, by=personas.staff, data=video())
    message = next(m for m in mailbox if m.to == [counselling.requester.email])
    assert "Terminvorschlag" not in message.subject and "Guten Tag" not in message.body
    assert f"/{language}/beratung/termin/" in message.body  # the one-click link in their language
    html = message.alternatives[0][0]
    assert "<bdi>Förderantrag für das Sommerfest</bdi>" in html  # the title isolated for RTL
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", message.body)  # ASCII digits
    with translation.override(language):
        summary = str(event_of(message)["SUMMARY"])
    assert "Beratungstermin" not in summary
