"""Course runs, their dates and attendance, closing, the team's correction, and the Lotsen of a Träger:
what is saved, what is refused (with a clear message and nothing half-saved), what is audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import override

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event, Registration
from vielfalt.events.services import EventInput
from vielfalt.organisations.models import Membership
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags
from vielfalt.qualification.models import Attendance, CourseRun, CourseSession, Lotse
from vielfalt.qualification.runs import selectors, services
from vielfalt.qualification.runs.services import SessionInput
from vielfalt.qualification.tests.factories import (
    LotseFactory,
    ModuleFactory,
    registration_for,
    run_with_sessions,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("issue_due_calls")]


def _at(days: int, hour: int = 10) -> Any:
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _session(days: int, units: str = "4", hours: int = 3) -> SessionInput:
    return SessionInput(starts_at=_at(days), ends_at=_at(days) + timedelta(hours=hours), units=Decimal(units))


def _event_data(**overrides: Any) -> EventInput:
    data: dict[str, Any] = {
        "kind": "training",
        "starts_at": timezone.now(),
        "ends_at": timezone.now() + timedelta(hours=1),
        "title": "",
        "title_translations": {},
        "description": "",
        "description_translations": {},
        "is_online": False,
        "online_url": "",
        "venue_name": "Bürgerhaus Gießen",
        "street": "Marktplatz 1",
        "postcode": "35390",
        "municipality": municipality_by_ags("06531005"),
        "languages": ["de"],
        "interpreting": [],
        "capacity": 20,
        "waiting_list_limit": None,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "audience": "public",
        "promotion": "confirm",
        "offer_hours": 48,
        "reminder_days": 2,
    }
    data.update(overrides)
    return EventInput(**data)


# --- creating a run ---------------------------------------------------------------------------------------


def test_a_run_is_a_training_event_spanning_its_dates_and_named_after_its_module(personas):
    module = ModuleFactory(title="Rolle und Selbstverständnis", title_translations={"en": "Role and self-image"})
    sessions = [_session(10), _session(3, units="2.5"), _session(17, units="1")]

    run = services.course_run_create(
        by=personas.staff, organiser=None, module=module, reference="BQ-2025-1", event_data=_event_data(),
        sessions=sessions,
    )  # fmt: skip

    event = run.event
    assert event.kind == Event.Kind.TRAINING
    assert event.status == Event.Status.DRAFT
    assert event.title == "Rolle und Selbstverständnis"
    assert event.title_translations == {"en": "Role and self-image"}
    assert event.starts_at == sessions[1].starts_at
    assert event.ends_at == sessions[2].ends_at
    assert [s.units for s in run.sessions.all()] == [Decimal("2.5"), Decimal("4"), Decimal("1")]
    assert run.reference == "BQ-2025-1"
    assert AuditEntry.objects.filter(action="course_run.created", target_id=str(run.pk)).exists()
    assert AuditEntry.objects.filter(action="event.created", target_id=str(event.pk)).exists()


def test_a_title_of_its_own_wins_over_the_module_title(personas):
    run = services.course_run_create(
        by=personas.staff, organiser=None, module=ModuleFactory(), reference="",
        event_data=_event_data(title="Basisqualifizierung Frühjahr, Teil 1"), sessions=[_session(5)],
    )  # fmt: skip
    assert run.event.title == "Basisqualifizierung Frühjahr, Teil 1"


def test_a_duplicated_run_is_refused_in_the_persons_language_and_nothing_is_saved(personas):
    module = ModuleFactory()
    services.course_run_create(
        by=personas.staff, organiser=None, module=module, reference="BQ-7", event_data=_event_data(),
        sessions=[_session(5)],
    )  # fmt: skip
    events, runs = Event.objects.count(), CourseRun.objects.count()

    with override("en"), pytest.raises(ApplicationError) as refused:
        services.course_run_create(
            by=personas.staff, organiser=None, module=module, reference=" BQ-7 ", event_data=_event_data(),
            sessions=[_session(6)],
        )  # fmt: skip

    assert refused.value.field == "reference"
    assert "BQ-7" in str(refused.value)
    assert (Event.objects.count(), CourseRun.objects.count()) == (events, runs)
    # Another module may use the same number; runs without a number never collide.
    services.course_run_create(
        by=personas.staff, organiser=None, module=ModuleFactory(), reference="BQ-7", event_data=_event_data(),
        sessions=[_session(5)],
    )  # fmt: skip
    for _ in range(2):
        services.course_run_create(
            by=personas.staff, organiser=None, module=module, reference="", event_data=_event_data(),
            sessions=[_session(5)],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        ([], "mindestens einen Termin"),
        ([SessionInput(starts_at=_at(5, 12), ends_at=_at(5, 10), units=Decimal("2"))], "enden, nachdem"),
        ([_session(5, units="-1")], "nicht negativ"),
    ],
)
def test_a_run_without_proper_dates_is_refused(personas, sessions, message):
    with pytest.raises(ApplicationError, match=message):
        services.course_run_create(
            by=personas.staff, organiser=None, module=ModuleFactory(), reference="", event_data=_event_data(),
            sessions=sessions,
        )  # fmt: skip
    assert not Event.objects.exists()


def test_a_module_no_longer_in_the_catalogue_gets_no_new_runs(personas):
    with pytest.raises(ApplicationError, match="nicht mehr im Katalog"):
        services.course_run_create(
            by=personas.staff, organiser=None, module=ModuleFactory(is_active=False), reference="",
            event_data=_event_data(), sessions=[_session(5)],
        )  # fmt: skip


def test_an_unverified_organisation_cannot_organise_runs(personas):
    pending = OrganisationFactory(status="pending")
    with pytest.raises(ApplicationError):
        services.course_run_create(
            by=personas.org_admin, organiser=pending, module=ModuleFactory(), reference="", event_data=_event_data(),
            sessions=[_session(5)],
        )  # fmt: skip
    assert not CourseRun.objects.exists()


# --- dates ------------------------------------------------------------------------------------------------


def test_adding_changing_and_removing_dates_keeps_the_event_spanning_them(personas):
    run, (first, second) = run_with_sessions(days_ago=-10)
    later = services.session_add(run=run, by=personas.staff, session=_session(20))
    run.event.refresh_from_db()
    assert (run.event.starts_at, run.event.ends_at) == (first.starts_at, later.ends_at)

    earlier = _session(5, hours=2)
    assert services.session_update(session=first, by=personas.staff, data=earlier)
    run.event.refresh_from_db()
    assert run.event.starts_at == earlier.starts_at

    services.session_delete(session=later, by=personas.staff)
    run.event.refresh_from_db()
    assert run.event.ends_at == second.ends_at
    assert AuditEntry.objects.filter(action__startswith="course_run.session_").count() == 3
    assert not services.session_update(
        session=second,
        by=personas.staff,
        data=SessionInput(starts_at=second.starts_at, ends_at=second.ends_at, units=second.units),
    )


def test_the_last_date_and_dates_with_attendance_stay(personas):
    run, (first, second) = run_with_sessions(days_ago=3)
    Attendance.objects.create(session=first, registration=registration_for(run), status="present", units=4)

    with pytest.raises(ApplicationError, match="schon Anwesenheit"):
        services.session_delete(session=first, by=personas.staff)
    with pytest.raises(ApplicationError, match="4"):
        services.session_update(
            session=first, by=personas.staff,
            data=SessionInput(starts_at=first.starts_at, ends_at=first.ends_at, units=Decimal("3")),
        )  # fmt: skip
    services.session_delete(session=second, by=personas.staff)
    with pytest.raises(ApplicationError, match="mindestens einen Termin"):
        CourseSession.objects.filter(pk=first.pk).update()
        Attendance.objects.all().delete()
        services.session_delete(session=first, by=personas.staff)
    assert CourseSession.objects.filter(run=run).count() == 1


def test_dates_of_a_closed_run_are_fixed(personas):
    run, (first, _second) = run_with_sessions(days_ago=10)
    services.run_close(run=run, by=personas.staff)
    for attempt in (
        lambda: services.session_add(run=run, by=personas.staff, session=_session(-1)),
        lambda: services.session_delete(session=first, by=personas.staff),
        lambda: services.session_update(session=first, by=personas.staff, data=_session(-2)),
    ):
        with pytest.raises(ApplicationError, match="abgeschlossen"):
            attempt()
    assert run.sessions.count() == 2


# --- attendance -------------------------------------------------------------------------------------------


def test_attendance_is_recorded_with_default_and_partial_units_and_audited(personas, issue_due_calls):
    run, (first, _second) = run_with_sessions(days_ago=3)
    ada, ben, cem = (registration_for(run) for _ in range(3))

    changed = services.attendance_record(
        session=first,
        by=personas.staff,
        entries={ada.pk: ("present", None), ben.pk: ("present", Decimal("2.5")), cem.pk: ("excused", Decimal("4"))},
    )

    assert changed == 3
    units = {a.registration_id: (a.status, a.units) for a in Attendance.objects.filter(session=first)}
    assert units == {
        ada.pk: ("present", Decimal("4")),
        ben.pk: ("present", Decimal("2.5")),
        cem.pk: ("excused", Decimal("0")),
    }
    entry = AuditEntry.objects.get(action="attendance.recorded")
    assert entry.target_id == str(first.pk)
    assert len(entry.data["entries"]) == 3
    assert issue_due_calls == [{"user_ids": sorted([ada.user_id, ben.user_id, cem.user_id]), "by": personas.staff}]

    # Saving the same again changes nothing and asks for nothing.
    assert services.attendance_record(session=first, by=personas.staff, entries={ada.pk: ("present", None)}) == 0
    assert len(issue_due_calls) == 1
    # A change is saved and audited.
    services.attendance_record(session=first, by=personas.staff, entries={ada.pk: ("absent", None)})
    assert Attendance.objects.get(session=first, registration=ada).units == 0
    assert AuditEntry.objects.filter(action="attendance.recorded").count() == 2
    assert issue_due_calls[-1]["user_ids"] == [ada.user_id]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (("present", Decimal("4.5")), "höchstens die 4 UE"),
        (("present", Decimal("-1")), "nicht negativ"),
        (("late", None), "anwesend, entschuldigt oder abwesend"),
    ],
)
def test_bad_units_are_refused_and_nothing_is_half_saved(personas, issue_due_calls, entry, message):
    run, (first, _second) = run_with_sessions(days_ago=3)
    good, bad = registration_for(run), registration_for(run)

    with pytest.raises(ApplicationError, match=message):
        services.attendance_record(
            session=first, by=personas.staff, entries={good.pk: ("present", None), bad.pk: entry}
        )

    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action="attendance.recorded").exists()
    assert issue_due_calls == []


def test_attendance_for_a_date_that_has_not_begun_is_refused(personas):
    run, (first, _second) = run_with_sessions(days_ago=-2)
    registration = registration_for(run)
    with override("tr"), pytest.raises(ApplicationError) as refused:
        services.attendance_record(session=first, by=personas.staff, entries={registration.pk: ("present", None)})
    assert "noch nicht begonnen" not in str(refused.value)  # said in Turkish
    with pytest.raises(ApplicationError, match="noch nicht begonnen"):
        services.attendance_record(session=first, by=personas.staff, entries={registration.pk: ("present", None)})
    assert not Attendance.objects.exists()


def test_only_participants_with_a_confirmed_place_get_attendance(personas):
    run, (first, _second) = run_with_sessions(days_ago=3)
    confirmed = registration_for(run)
    waiting = Registration.objects.create(event=run.event, user=UserFactory(), status=Registration.Status.WAITING)
    other_run, _ = run_with_sessions(days_ago=3)
    stranger = registration_for(other_run)

    for outsider in (waiting, stranger):
        with pytest.raises(ApplicationError, match="bestätigtem Platz"):
            services.attendance_record(
                session=first,
                by=personas.staff,
                entries={confirmed.pk: ("present", None), outsider.pk: ("present", None)},
            )
    assert not Attendance.objects.exists()


def test_closing_locks_attendance(personas):
    run, (first, _second) = run_with_sessions(days_ago=10)
    registration = registration_for(run)
    services.run_close(run=run, by=personas.org_admin)

    with pytest.raises(ApplicationError, match="abgeschlossen"):
        services.attendance_record(session=first, by=personas.staff, entries={registration.pk: ("present", None)})
    with pytest.raises(ApplicationError, match="bereits abgeschlossen"):
        services.run_close(run=run, by=personas.staff)
    run.refresh_from_db()
    assert run.closed_by == personas.org_admin
    assert AuditEntry.objects.filter(action="course_run.closed").count() == 1


def test_a_run_with_dates_ahead_cannot_be_closed(personas):
    run, _ = run_with_sessions(days_ago=1, sessions=3)
    with pytest.raises(ApplicationError, match="noch Termine aus"):
        services.run_close(run=run, by=personas.staff)
    run.refresh_from_db()
    assert not run.is_closed


def test_after_closing_the_team_corrects_one_entry_with_a_reason(personas, issue_due_calls):
    run, (first, _second) = run_with_sessions(days_ago=10)
    registration = registration_for(run)
    services.attendance_record(session=first, by=personas.org_admin, entries={registration.pk: ("absent", None)})

    with pytest.raises(ApplicationError, match="noch offen"):
        services.attendance_correct(
            session=first, registration=registration, by=personas.staff, status="present", units=None, reason="Liste"
        )
    services.run_close(run=run, by=personas.org_admin)
    with pytest.raises(ApplicationError, match="nur das Team"):
        services.attendance_correct(
            session=first, registration=registration, by=personas.org_admin, status="present", units=None, reason="x"
        )
    with pytest.raises(ApplicationError, match="Grund"):
        services.attendance_correct(
            session=first, registration=registration, by=personas.staff, status="present", units=None, reason="  "
        )
    with pytest.raises(ApplicationError, match="höchstens"):
        services.attendance_correct(
            session=first, registration=registration, by=personas.staff, status="present", units=Decimal("9"),
            reason="Unterschriftenliste nachgereicht",
        )  # fmt: skip

    entry = services.attendance_correct(
        session=first, registration=registration, by=personas.staff, status="present", units=Decimal("3"),
        reason="Unterschriftenliste nachgereicht",
    )  # fmt: skip

    assert (entry.status, entry.units) == ("present", Decimal("3"))
    audit = AuditEntry.objects.get(action="attendance.corrected")
    assert audit.data == {
        "before": ["absent", "0.0"],
        "after": ["present", "3"],
        "reason": "Unterschriftenliste nachgereicht",
    }
    assert issue_due_calls[-1] == {"user_ids": [registration.user_id], "by": personas.staff}


def test_staff_without_a_second_factor_cannot_correct(personas):
    run, (first, _second) = run_with_sessions(days_ago=10)
    registration = registration_for(run)
    services.run_close(run=run, by=personas.staff)
    with pytest.raises(ApplicationError, match="nur das Team"):
        services.attendance_correct(
            session=first, registration=registration, by=personas.staff_no_mfa, status="present", units=None,
            reason="Liste",
        )  # fmt: skip
    assert not Attendance.objects.exists()


# --- Lotsen -----------------------------------------------------------------------------------------------


def test_a_coordinator_makes_members_lotsen_and_ends_their_role(network):
    person = UserFactory()
    Membership.objects.create(organisation=network.trager, user=person, role=Membership.Role.MEMBER)

    role = services.lotse_add(organisation=network.trager, user=person, since=date(2025, 2, 1), by=network.coordinator)
    assert role.active and role.since == date(2025, 2, 1)
    with pytest.raises(ApplicationError, match="bereits"):
        services.lotse_add(organisation=network.trager, user=person, since=date(2025, 2, 1), by=network.coordinator)

    services.lotse_end(lotse=role, by=network.coordinator)
    role.refresh_from_db()
    assert not role.active
    with pytest.raises(ApplicationError, match="bereits beendet"):
        services.lotse_end(lotse=role, by=network.coordinator)

    again = services.lotse_add(organisation=network.trager, user=person, since=date(2025, 6, 1), by=network.coordinator)
    assert again.pk == role.pk and again.active and again.since == date(2025, 6, 1)
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="lotse.").order_by("pk")] == [
        "lotse.added",
        "lotse.ended",
        "lotse.added",
    ]


def test_only_members_of_a_trager_become_its_lotsen(network, personas, organisation):
    with pytest.raises(ApplicationError, match="Nur Mitglieder"):
        services.lotse_add(
            organisation=network.trager, user=personas.outsider, since=date(2025, 1, 1), by=network.coordinator
        )
    with pytest.raises(ApplicationError, match="nur bei WIR-Lotsen-Trägern"):
        services.lotse_add(
            organisation=organisation, user=personas.member, since=date(2025, 1, 1), by=personas.org_admin
        )
    member = UserFactory()
    Membership.objects.create(organisation=network.trager, user=member, role=Membership.Role.MEMBER)
    with pytest.raises(ApplicationError, match="Zukunft"):
        services.lotse_add(
            organisation=network.trager,
            user=member,
            since=timezone.localdate() + timedelta(days=3),
            by=network.coordinator,
        )
    assert Lotse.objects.count() == 1  # the network's own


# --- personal data ----------------------------------------------------------------------------------------


def test_the_data_export_holds_lotse_roles_and_attendance_and_deletion_ends_the_roles(network):
    run, (first, second) = run_with_sessions(days_ago=5, module=ModuleFactory(title="Gesprächsführung"))
    registration = registration_for(run, network.lotse)
    Attendance.objects.create(session=first, registration=registration, status="present", units=Decimal("3"))
    Attendance.objects.create(session=second, registration=registration, status="excused", units=0)

    exported = selectors.personal_data_export(network.lotse)

    assert exported["lotse_roles"] == [
        {"organisation": network.trager.name, "since": network.lotse_role.since.isoformat(), "active": True}
    ]
    [course] = exported["attendance"]
    assert course["module"] == "Gesprächsführung"
    assert [(s["status"], s["units"]) for s in course["sessions"]] == [("present", "3.0"), ("excused", "0.0")]

    services.personal_data_erase(network.lotse)
    network.lotse_role.refresh_from_db()
    assert not network.lotse_role.active
    assert Attendance.objects.count() == 2  # figures of the programme stay, tied to the emptied account


def test_lotse_factory_roles_are_active_by_default():
    assert LotseFactory().active
