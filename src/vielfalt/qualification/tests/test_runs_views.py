"""The pages of the runs part, tried by every persona of issue 11: a new run, a run's dates and
attendance, closing and the team's correction, a Träger's dashboard and Lotsen, "Meine Qualifizierung".
All of them work without JavaScript (plain forms, no inline scripts)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event
from vielfalt.events.tests.manage_support import event_form_data, obeys_csp
from vielfalt.organisations.models import Membership
from vielfalt.qualification.models import Attendance, CourseRun, Lotse
from vielfalt.qualification.tests.factories import (
    LotseFactory,
    ModuleFactory,
    attend,
    curriculum_with,
    registration_for,
    run_with_sessions,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("issue_due_calls")]

PERSONAS = [
    "anonymous", "outsider", "member", "org_admin", "lotse", "coordinator", "other_coordinator", "staff_no_mfa",
    "staff", "ministry",
]  # fmt: skip
# Who runs a course of the network's Träger: its coordinator (an admin of the organiser) and the team.
RUNS_IT = {"coordinator", "staff"}


def as_persona(client, everyone, persona):
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


def expected(persona: str, allowed: set[str]) -> int:
    if persona == "anonymous":
        return 302
    if persona == "staff_no_mfa":
        return 302  # sent to set up the second factor first
    return 200 if persona in allowed else 403


@pytest.fixture
def run(network):
    """A published run of the network's Träger: four dates a day apart from two days ago (the last one
    lies ahead); the Lotsin has a place."""
    course, sessions = run_with_sessions(days_ago=2, sessions=4, organiser=network.trager, reference="BQ-1")
    registration_for(course, network.lotse)
    course.sessions_list = sessions
    return course


def url(name, run, **kwargs):
    return reverse(f"qualification:{name}", kwargs={"slug": run.event.slug, **kwargs})


# --- who may open which page ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["run_detail", "run_session_add", "run_session_edit", "run_attendance", "run_close"])
def test_the_pages_of_a_run_are_for_whoever_runs_it(client, everyone, run, persona, page):
    kwargs = {"pk": run.sessions_list[0].pk} if page in {"run_session_edit", "run_attendance"} else {}
    as_persona(client, everyone, persona)

    response = client.get(url(page, run, **kwargs))

    assert response.status_code == expected(persona, RUNS_IT)
    if response.status_code == 200:
        assert obeys_csp(response.content.decode())


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pages_of_a_draft_run_are_hidden_from_whoever_does_not_run_it(client, everyone, run, persona):
    Event.objects.filter(pk=run.event_id).update(status=Event.Status.DRAFT)
    as_persona(client, everyone, persona)
    status = client.get(url("run_detail", run)).status_code
    assert status == (404 if expected(persona, RUNS_IT) == 403 else expected(persona, RUNS_IT))


def test_a_date_of_another_run_is_not_found(client, network, run):
    _other, (session, *_rest) = run_with_sessions(organiser=network.trager)
    login(client, network.coordinator)
    assert client.get(url("run_attendance", run, pk=session.pk)).status_code == 404
    assert client.get(reverse("qualification:run_detail", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_creating_a_run_is_for_the_team_and_admins_of_verified_organisations(client, everyone, organisation, persona):
    as_persona(client, everyone, persona)
    response = client.get(reverse("qualification:run_create"))
    allowed = {"coordinator", "other_coordinator", "org_admin", "staff"}
    assert response.status_code == expected(persona, allowed)
    if response.status_code == 403:
        assert "Sie können keine Kurse anlegen." in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_trager_dashboard_is_for_its_coordinators_and_the_team(client, everyone, network, persona):
    as_persona(client, everyone, persona)
    for page in ("trager_dashboard", "trager_lotsen"):
        response = client.get(reverse(f"qualification:{page}", kwargs={"slug": network.trager.slug}))
        assert response.status_code == expected(persona, {"coordinator", "staff"})
        if response.status_code == 200:
            assert obeys_csp(response.content.decode())


def test_a_coordinator_sees_only_their_own_trager(client, network):
    login(client, network.other_coordinator)
    assert (
        client.get(reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug})).status_code == 403
    )
    lotse_end = reverse(
        "qualification:trager_lotse_end", kwargs={"slug": network.trager.slug, "pk": network.lotse_role.pk}
    )
    assert client.post(lotse_end).status_code == 403
    network.lotse_role.refresh_from_db()
    assert network.lotse_role.active
    mine = reverse("qualification:trager_dashboard", kwargs={"slug": network.other_trager.slug})
    assert client.get(mine).status_code == 200


def test_an_organisation_that_is_no_trager_has_no_dashboard(client, personas, organisation):
    login(client, personas.staff)
    response = client.get(reverse("qualification:trager_dashboard", kwargs={"slug": organisation.slug}))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_qualification_needs_an_account(client, everyone, persona):
    as_persona(client, everyone, persona)
    response = client.get(reverse("qualification:my_qualification"))
    assert response.status_code == (302 if persona == "anonymous" else 200)


# --- a new run --------------------------------------------------------------------------------------------


def _run_form(module, organiser, **overrides):
    starts = (timezone.localtime() + timedelta(days=14)).replace(hour=10, minute=0)
    data = event_form_data(
        organiser=str(organiser.pk),
        module=str(module.pk),
        reference="BQ-2025-3",
        title="",
        day=starts.date().isoformat(),
        session_starts_at="10:00",
        session_ends_at="13:00",
        units="3,5",
        kind=None,
        starts_at=None,
        ends_at=None,
    )
    data.update(overrides)
    return data


def test_a_coordinator_creates_a_run_of_a_module_for_their_trager(client, network):
    module = ModuleFactory(title="Werte und Vielfalt")
    login(client, network.coordinator)
    page = client.get(reverse("qualification:run_create") + f"?modul={module.slug}")
    assert page.status_code == 200
    assert f'<option value="{module.pk}" selected>' in page.content.decode()

    response = client.post(reverse("qualification:run_create"), _run_form(module, network.trager))

    run = CourseRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("run_detail", run)
    assert run.event.organiser == network.trager
    assert run.event.kind == Event.Kind.TRAINING
    assert run.event.title == "Werte und Vielfalt"
    [session] = run.sessions.all()
    assert session.units == Decimal("3.5")
    assert timezone.localtime(session.starts_at).hour == 10
    assert (run.event.starts_at, run.event.ends_at) == (session.starts_at, session.ends_at)


def test_a_duplicated_run_is_refused_on_the_form(client, network):
    module = ModuleFactory()
    login(client, network.coordinator)
    client.post(reverse("qualification:run_create"), _run_form(module, network.trager))

    response = client.post(reverse("qualification:run_create"), _run_form(module, network.trager))

    assert response.status_code == 200
    assert "Für dieses Modul gibt es schon einen Kurs mit der Kursnummer BQ-2025-3." in response.content.decode()
    assert CourseRun.objects.count() == 1


def test_a_coordinator_cannot_create_a_run_for_another_trager(client, network):
    login(client, network.coordinator)
    response = client.post(reverse("qualification:run_create"), _run_form(ModuleFactory(), network.other_trager))
    assert response.status_code == 200
    assert not CourseRun.objects.exists()


def test_a_run_form_with_an_end_before_its_beginning_is_refused(client, network):
    login(client, network.coordinator)
    response = client.post(
        reverse("qualification:run_create"), _run_form(ModuleFactory(), network.trager, session_ends_at="09:00")
    )
    assert response.status_code == 200
    assert "Der Termin muss enden, nachdem er begonnen hat." in response.content.decode()
    assert not Event.objects.exists()


# --- dates and attendance ---------------------------------------------------------------------------------


def test_dates_are_added_edited_and_deleted_on_the_run_page(client, network, run):
    login(client, network.coordinator)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        url("run_session_add", run), {"day": day, "starts_at": "18:00", "ends_at": "20:00", "units": "2"}
    )
    assert response.status_code == 302
    added = run.sessions.order_by("-starts_at").first()
    run.event.refresh_from_db()
    assert run.event.ends_at == added.ends_at

    response = client.post(
        url("run_session_edit", run, pk=added.pk), {"day": day, "starts_at": "18:00", "ends_at": "21:00", "units": "-2"}
    )
    assert response.status_code == 200
    assert "Die Unterrichtseinheiten können nicht negativ sein." in response.content.decode()

    response = client.post(url("run_session_delete", run, pk=added.pk))
    assert response.status_code == 302
    assert not run.sessions.filter(pk=added.pk).exists()


def test_attendance_is_taken_per_date_without_javascript(client, network, run, issue_due_calls):
    other = registration_for(run)
    lotsin = run.event.registrations.get(user=network.lotse)
    first = run.sessions_list[0]
    login(client, network.coordinator)
    page = client.get(url("run_attendance", run, pk=first.pk)).content.decode()
    assert f'name="status_{lotsin.pk}"' in page and f'name="units_{other.pk}"' in page

    response = client.post(
        url("run_attendance", run, pk=first.pk),
        {
            f"status_{lotsin.pk}": "present",
            f"units_{lotsin.pk}": "",
            f"status_{other.pk}": "present",
            f"units_{other.pk}": "2,5",
        },
    )

    assert response.status_code == 302
    assert {a.registration_id: a.units for a in Attendance.objects.all()} == {
        lotsin.pk: Decimal("4"),
        other.pk: Decimal("2.5"),
    }
    assert issue_due_calls[-1]["user_ids"] == sorted([network.lotse.pk, other.user_id])
    overview = client.get(url("run_detail", run)).content.decode()
    assert "anwesend (<bdi>2,5</bdi>)" in overview


@pytest.mark.parametrize(
    ("units", "message"),
    [("5", "Es können höchstens die 4 UE des Termins erfasst werden."), ("-1", "nicht negativ"), ("viel", "Zahl")],
)
def test_bad_units_on_the_attendance_form_are_refused(client, network, run, units, message):
    lotsin = run.event.registrations.get(user=network.lotse)
    login(client, network.coordinator)
    response = client.post(
        url("run_attendance", run, pk=run.sessions_list[0].pk),
        {f"status_{lotsin.pk}": "present", f"units_{lotsin.pk}": units},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_a_date_ahead_is_refused(client, network, run):
    lotsin = run.event.registrations.get(user=network.lotse)
    ahead = run.sessions_list[3]
    login(client, network.coordinator)
    page = client.get(url("run_attendance", run, pk=ahead.pk)).content.decode()
    assert "Dieser Termin hat noch nicht begonnen." in page
    response = client.post(url("run_attendance", run, pk=ahead.pk), {f"status_{lotsin.pk}": "present"})
    assert response.status_code == 400
    assert "Dieser Termin hat noch nicht begonnen." in response.content.decode()
    assert not Attendance.objects.exists()


def test_closing_locks_attendance_and_only_staff_correct_with_a_reason(client, network, personas):
    run, (first, second) = run_with_sessions(days_ago=10, organiser=network.trager)
    lotsin = registration_for(run, network.lotse)
    attend(first, lotsin)
    correct = url("run_attendance_correct", run, pk=second.pk, registration=lotsin.pk)
    login(client, network.coordinator)
    assert client.get(correct).status_code == 403  # not closed yet, and not the team

    assert client.post(url("run_close", run)).status_code == 302
    run.refresh_from_db()
    assert run.is_closed
    page = client.get(url("run_attendance", run, pk=second.pk)).content.decode()
    assert "Die Anwesenheit ist festgeschrieben" in page
    assert client.post(url("run_attendance", run, pk=second.pk), {f"status_{lotsin.pk}": "present"}).status_code == 400
    assert client.get(correct).status_code == 403

    client.logout()
    login(client, personas.staff)
    assert "Korrigieren" in client.get(url("run_detail", run)).content.decode()
    response = client.post(correct, {"status": "present", "units": "", "reason": ""})
    assert response.status_code == 200
    response = client.post(correct, {"status": "present", "units": "3", "reason": "Unterschriftenliste nachgereicht"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=second).units == Decimal("3")
    assert AuditEntry.objects.get(action="attendance.corrected").data["reason"] == "Unterschriftenliste nachgereicht"


def test_the_run_page_reads_a_fixed_number_of_queries(client, network):
    def read(participants: int) -> int:
        run, sessions = run_with_sessions(days_ago=5, sessions=3, organiser=network.trager)
        for _ in range(participants):
            registration = registration_for(run)
            for session in sessions:
                attend(session, registration)
        client.get(url("run_detail", run))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("run_detail", run)).status_code == 200
        return len(queries)

    login(client, network.coordinator)
    assert read(2) == read(15)


# --- the event page and the organisation profile ----------------------------------------------------------


def test_the_event_page_names_the_module_and_leads_its_organisers_to_attendance(client, network, run):
    detail = reverse("events:detail", kwargs={"slug": run.event.slug})
    public = client.get(detail).content.decode()
    assert run.module.title in public
    assert url("run_detail", run) not in public
    login(client, network.coordinator)
    assert url("run_detail", run) in client.get(detail).content.decode()


def test_a_trager_profile_leads_coordinators_and_the_team_to_the_dashboard(client, network, personas):
    profile = reverse("organisations:detail", kwargs={"slug": network.trager.slug})
    dashboard = reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug})
    for person, shown in ((network.coordinator, True), (personas.staff, True), (network.lotse, False), (None, False)):
        client.logout()
        if person is not None:
            login(client, person)
        assert (dashboard in client.get(profile).content.decode()) is shown


# --- the Träger's dashboard and Lotsen --------------------------------------------------------------------


def _lotsen(trager, count: int, modules) -> None:
    run, sessions = run_with_sessions(days_ago=30, sessions=len(modules), organiser=trager, module=modules[0])
    for _ in range(count):
        person = UserFactory()
        Membership.objects.create(organisation=trager, user=person, role=Membership.Role.MEMBER)
        LotseFactory(organisation=trager, user=person)
        registration = registration_for(run, person)
        for session in sessions:
            attend(session, registration)


def test_the_dashboard_shows_progress_runs_and_figures_in_constant_queries(client, network):
    modules = [ModuleFactory(units=Decimal("4")), ModuleFactory(units=Decimal("4"))]
    curriculum_with(modules, title="Basisqualifizierung WIR-Lotsen", min_units=Decimal("8"))
    curriculum_with([ModuleFactory(audiences=["mo_volunteers"])], title="Vereinsmanagement")
    dashboard = reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug})
    login(client, network.coordinator)

    def read() -> int:
        client.get(dashboard)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(dashboard)
        assert response.status_code == 200
        return len(queries)

    _lotsen(network.trager, 3, modules)
    few = read()
    _lotsen(network.trager, 17, modules)
    many = read()

    assert few == many
    content = client.get(dashboard).content.decode()
    assert "Basisqualifizierung WIR-Lotsen" in content
    assert "Vereinsmanagement" not in content  # not for Lotsen
    assert "Leyla Lotsin" in content
    assert content.count("<progress") == 21
    # 4 of 8 UE: two dates of 4 UE in the first module count its 4 UE only.
    assert '<progress max="100" value="50"' in content


def test_the_dashboard_counts_the_years_runs_units_and_participants(client, network):
    run, sessions = run_with_sessions(days_ago=3, sessions=2, organiser=network.trager, units="3")
    for _ in range(2):
        attend(sessions[0], registration_for(run))
    run_with_sessions(days_ago=-20, organiser=network.trager)  # open, ahead: counts as a run, not as units yet
    run_with_sessions(days_ago=3, organiser=network.other_trager)  # another Träger's
    login(client, network.coordinator)
    response = client.get(reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug}))
    figures = response.context["dashboard"].figures
    if timezone.localtime().month == 1 and timezone.localtime().day <= 3:
        pytest.skip("the first run began last year")
    assert (figures.runs, figures.participants) == (2, 2)
    assert figures.units == Decimal("6")
    assert len(response.context["dashboard"].runs) == 2


def test_a_coordinator_adds_members_as_lotsen_and_ends_their_role(client, network, personas, organisation):
    member = UserFactory(name="Mehmet Mitglied")
    Membership.objects.create(organisation=network.trager, user=member, role=Membership.Role.MEMBER)
    lotsen = reverse("qualification:trager_lotsen", kwargs={"slug": network.trager.slug})
    login(client, network.coordinator)
    page = client.get(lotsen).content.decode()
    assert "Mehmet Mitglied" in page
    assert "Mina Mitglied" not in page  # a member of another organisation

    refused = client.post(lotsen, {"user": str(personas.member.pk), "since": "2025-03-01"})
    assert refused.status_code == 200
    assert "Bitte wählen Sie eine Person aus der Liste." in refused.content.decode()

    assert client.post(lotsen, {"user": str(member.pk), "since": "2025-03-01"}).status_code == 302
    role = Lotse.objects.get(user=member)
    assert role.active

    end = reverse("qualification:trager_lotse_end", kwargs={"slug": network.trager.slug, "pk": role.pk})
    assert client.post(end).status_code == 302
    role.refresh_from_db()
    assert not role.active


# --- my qualification -------------------------------------------------------------------------------------


def test_my_qualification_shows_my_runs_and_progress(client, network):
    modules = [ModuleFactory(title="Rolle und Haltung", units=Decimal("4")), ModuleFactory(title="Datenschutz")]
    curriculum_with(modules, title="Basisqualifizierung", min_units=Decimal("8"))
    past, sessions = run_with_sessions(days_ago=20, module=modules[0], organiser=network.trager)
    registration = registration_for(past, network.lotse)
    attend(sessions[0], registration)
    attend(sessions[1], registration, units=Decimal("0"))
    upcoming, _ = run_with_sessions(days_ago=-10, module=modules[1])
    registration_for(upcoming, network.lotse)
    login(client, network.lotse)

    response = client.get(reverse("qualification:my_qualification"))

    content = response.content.decode()
    mine = response.context["mine"]
    assert [item.run for item in mine.upcoming] == [upcoming]
    assert [item.run for item in mine.past] == [past]
    [progress] = mine.progress
    assert progress.units_done == Decimal("4") and progress.modules_done == 1
    assert "Basisqualifizierung" in content
    assert '<progress max="100" value="50"' in content
    assert "<bdi>4</bdi> von <bdi>8</bdi> UE" in content
    assert "Als WIR-Lotsin oder -Lotse" in content
    assert obeys_csp(content)


def test_my_qualification_reads_a_fixed_number_of_queries(client, network):
    login(client, network.lotse)
    module = ModuleFactory()
    curriculum_with([module])

    def read() -> int:
        client.get(reverse("qualification:my_qualification"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("qualification:my_qualification"))
        return len(queries)

    run, sessions = run_with_sessions(days_ago=5, module=module)
    attend(sessions[0], registration_for(run, network.lotse))
    few = read()
    for _ in range(5):
        run, sessions = run_with_sessions(days_ago=5, module=module)
        attend(sessions[0], registration_for(run, network.lotse))
    assert read() == few


def test_with_the_cache_on_the_dashboard_shows_new_attendance_at_once(
    client, network, write_watcher, django_capture_on_commit_callbacks
):
    """The catalogue, the progress and the year's figures are cached (pagecache.cached) until their
    tables are written: attendance taken shows on the next view."""
    module = ModuleFactory(units=Decimal("4"))
    curriculum_with([module], title="Basisqualifizierung WIR-Lotsen", min_units=Decimal("4"))
    run, sessions = run_with_sessions(days_ago=3, sessions=1, organiser=network.trager, units="4", module=module)
    registration = registration_for(run, network.lotse)
    dashboard = reverse("qualification:trager_dashboard", kwargs={"slug": network.trager.slug})
    login(client, network.coordinator)
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    before = client.get(dashboard).content.decode()
    assert '<progress max="100" value="0"' in before

    with django_capture_on_commit_callbacks(execute=True):
        attend(sessions[0], registration)

    after = client.get(dashboard).content.decode()
    assert '<progress max="100" value="100"' in after
