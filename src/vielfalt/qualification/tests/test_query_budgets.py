"""Query budgets of qualification's pages: each is read by someone allowed to see it, once with one or two
rows and once with several (each with what its row shows: its run, its curricula, its Träger …). The page
keeps to a fixed number of queries, and that number does not grow with the rows: a relation a row shows
that the page's selector does not read along would cost a query per row."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.models import FieldOfAction, Membership
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.qualification.certificates.services import certificate_revoke, certificates_issue_participation
from vielfalt.qualification.models import (
    AllowanceRate,
    Attendance,
    Certificate,
    FundingRate,
    Lotse,
    Module,
    MonthApproval,
    ServiceKind,
)
from vielfalt.qualification.tests.conftest import Network
from vielfalt.qualification.tests.factories import (
    CourseRunFactory,
    CourseSessionFactory,
    LotseFactory,
    ModuleFactory,
    ServiceHoursFactory,
    ServiceKindFactory,
    TragerFactory,
    attend,
    curriculum_with,
    registration_for,
    run_with_sessions,
)

pytestmark = pytest.mark.django_db


def _in_days(days: int) -> datetime:
    return (timezone.localtime() + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)


def _run_of(module: Module, *, starts_in: int, title: str) -> None:
    """A coming course run of ``module`` with two dates, organised by a new organisation, one place taken."""
    starts = _in_days(starts_in)
    run = CourseRunFactory(
        module=module,
        event=EventFactory(
            kind="training",
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(days=7, hours=3),
            organiser=OrganisationFactory(),
        ),
    )
    for week in range(2):
        CourseSessionFactory(run=run, starts_at=starts + timedelta(days=7 * week), units=Decimal("2"))
    registration_for(run)


# --- the catalogue ------------------------------------------------------------------------------------------


def test_the_team_s_catalogue_reads_the_same_queries_for_one_and_seven_modules(
    client: Client, personas: Personas
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            module = ModuleFactory(title_translations={"en": "Intercultural communication"})
            CourseRunFactory(module=module)
            curriculum_with([module, ModuleFactory(is_active=False)], min_modules=1, title_translations={"ar": "تأهيل"})

    url = reverse("staff:catalogue")
    login(client, personas.staff)
    add(1)
    page = same_queries_for_few_and_many(client, url, add=lambda: add(6), limit=8)
    assert len(re.findall(r"/de/staff/qualifizierung/katalog/module/\d+/", page)) == 14
    assert len(re.findall(r"/de/staff/qualifizierung/katalog/qualifizierungsgaenge/\d+/", page)) == 7


def test_a_module_page_reads_the_same_queries_for_one_and_five_runs(client: Client, personas: Personas) -> None:
    module = ModuleFactory(slug="gespraechsfuehrung", title="Gesprächsführung", languages=["de", "ar"])

    def add(count: int) -> None:
        for _ in range(count):
            number = module.runs.count()
            _run_of(module, starts_in=14 + number, title=f"Gesprächsführung in Gießen {number}")
            topic = FieldOfAction.objects.create(slug=f"q-thema-{number}", name=f"Thema {number}")
            module.topics.add(topic)
            curriculum_with([module], title_translations={"en": f"Curriculum {number}"})

    url = reverse("qualification:module", kwargs={"slug": module.slug})
    login(client, personas.member)
    add(1)
    # a module's page shows its next five runs
    page = same_queries_for_few_and_many(client, url, add=lambda: add(4), limit=10)
    assert page.count("Gesprächsführung in Gießen") == 5
    assert page.count("/de/qualifizierung/qualifizierungsgaenge/") == 5


def test_a_curriculum_page_reads_the_same_queries_for_one_and_seven_modules(client: Client, personas: Personas) -> None:
    curriculum = curriculum_with([], slug="basisqualifizierung", title="Basisqualifizierung")

    def add(count: int) -> None:
        for _ in range(count):
            position = curriculum.entries.count()
            module = ModuleFactory(title=f"Baustein {position}", title_translations={"en": f"Part {position}"})
            curriculum.entries.create(module=module, position=position, required=position % 2 == 0)
            _run_of(module, starts_in=14 + position, title=f"Kurs zum Baustein {position}")

    url = reverse("qualification:curriculum", kwargs={"slug": curriculum.slug})
    login(client, personas.member)
    add(1)
    page = same_queries_for_few_and_many(client, url, add=lambda: add(6), limit=9)
    assert page.count("/de/qualifizierung/module/") >= 7
    assert page.count("Kurs zum Baustein") == 7


# --- certificates -------------------------------------------------------------------------------------------


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _participation_certificates(network: Network, count: int, *, title: str = "Gesprächsführung") -> list[Certificate]:
    """Teilnahmebescheinigungen for ``count`` people who attended a run of the Träger."""
    module = ModuleFactory(title=title, title_translations={"en": "Conversation"})
    session = CourseSessionFactory(run__module=module, run__event__organiser=network.trager)
    people = [UserFactory() for _ in range(count)]
    for person in people:
        attend(session, registration_for(session.run, person))
    return certificates_issue_participation(
        run=session.run, user_ids=[person.pk for person in people], by=network.coordinator
    )


@pytest.mark.usefixtures("private_media")
def test_the_team_s_certificate_list_reads_the_same_queries_for_two_and_eight(
    client: Client, personas: Personas, network: Network
) -> None:
    url = reverse("staff:certificates")
    login(client, personas.staff)
    _participation_certificates(network, 2)

    def more_certificates() -> None:
        issued = _participation_certificates(network, 6, title="Vereinsrecht")
        certificate_revoke(certificate=issued[0], reason="Versehentlich ausgestellt", by=personas.staff)

    page = same_queries_for_few_and_many(client, url, add=more_certificates, limit=9)
    assert "8 Zertifikate gefunden" in page
    assert page.count("Versehentlich ausgestellt") == 1


@pytest.mark.usefixtures("private_media")
def test_the_verify_page_reads_a_fixed_number_of_queries(client: Client, network: Network) -> None:
    """The page shows one certificate; its frozen modules and the other certificates cost nothing."""
    [first] = _participation_certificates(network, 1)
    url = reverse("qualification:verify", kwargs={"code": first.code})

    def more_certificates_and_modules() -> None:
        _participation_certificates(network, 7, title="Vereinsrecht")
        first.modules = first.modules * 8
        first.save(update_fields=["modules"])

    page = same_queries_for_few_and_many(client, url, add=more_certificates_and_modules, limit=2, first_visit=False)
    assert 'data-certificate-status="valid"' in page


# --- hours --------------------------------------------------------------------------------------------------


def test_the_rates_page_reads_the_same_queries_for_one_and_seven_of_each(client: Client, personas: Personas) -> None:
    ServiceKind.objects.exclude(slug="behoerde").delete()  # the starting rates and one starting kind

    def add(count: int) -> None:
        for _ in range(count):
            number = ServiceKind.objects.count()
            AllowanceRate.objects.create(
                valid_from=date(2020 + number, 1, 1), per_hour=Decimal("5.50"), monthly_cap=Decimal("66")
            )
            FundingRate.objects.create(valid_from=date(2020 + number, 1, 1), per_unit_participant=Decimal("11"))
            ServiceKindFactory(
                slug=f"art-{number}", name=f"Begleitung {number}", name_translations={"en": f"Kind {number}"}
            )

    url = reverse("staff:hours_rates")
    login(client, personas.staff)
    page = same_queries_for_few_and_many(client, url, add=lambda: add(6), limit=9)
    assert len(re.findall(r"/de/staff/qualifizierung/saetze/begleitung/\d+/", page)) == 7
    assert page.count("<bdi>5,50</bdi>") == 6


def _last_year() -> int:
    return timezone.localdate().year - 1


def _approve(lotse: Lotse, month: date, by: Any) -> None:
    MonthApproval.objects.create(
        lotse=lotse,
        month=month,
        hours=Decimal("4"),
        rate=Decimal("5"),
        cap=Decimal("60"),
        amount=Decimal("20"),
        approved_by=by,
        approved_at=timezone.now(),
    )


def test_a_lotse_s_hours_read_the_same_queries_for_one_and_eight_entries(client: Client, network: Network) -> None:
    """The Lotsin serves at two Träger: each entry names its Träger, each approval links its statement."""
    year = _last_year()
    second = LotseFactory(user=network.lotse, organisation=TragerFactory(name="Ehrenamt Süd e.V."))
    ServiceHoursFactory(lotse=network.lotse_role, date=date(year, 2, 3))
    url = f"{reverse('qualification:my_hours')}?jahr={year}"
    login(client, network.lotse)

    def more_entries_and_approvals() -> None:
        kinds = [ServiceKind.objects.get(slug=slug) for slug in ("kita-schule", "gesundheit", "wohnen")]
        for month in (3, 4, 5, 6):
            for role, kind in ((network.lotse_role, kinds[month % 3]), (second, kinds[(month + 1) % 3])):
                ServiceHoursFactory(lotse=role, date=date(year, month, 10), kind=kind, note="Termin beim Amt")
        _approve(network.lotse_role, date(year, 3, 1), network.coordinator)
        _approve(second, date(year, 4, 1), network.coordinator)

    page = same_queries_for_few_and_many(client, url, add=more_entries_and_approvals, limit=15)
    assert page.count("Termin beim Amt") == 8
    assert page.count("Ehrenamt Süd e.V.") >= 5
    assert page.count("Abrechnung zum Unterschreiben (PDF)") == 2


def test_a_trager_s_hours_read_the_same_queries_for_one_and_seven_lotsen(client: Client, network: Network) -> None:
    year = _last_year()
    ServiceHoursFactory(lotse=network.lotse_role, date=date(year, 2, 3))
    url = f"{reverse('qualification:trager_hours', kwargs={'slug': network.trager.slug})}?jahr={year}"
    login(client, network.coordinator)

    def more_lotsen_with_hours() -> None:
        for _ in range(6):
            role = LotseFactory(organisation=network.trager, since=date(2020, 1, 1))
            for month in range(1, 13):
                ServiceHoursFactory(lotse=role, date=date(year, month, 10))
            _approve(role, date(year, 1, 1), network.coordinator)

    page = same_queries_for_few_and_many(client, url, add=more_lotsen_with_hours, limit=10)
    assert len(re.findall(rf"/stunden/{year}-\d\d/", page)) == 12


# --- runs and Lotsen ----------------------------------------------------------------------------------------


def test_a_trager_s_lotsen_read_the_same_queries_for_one_and_eight(client: Client, network: Network) -> None:
    """The list names each Lotse; the form offers each member who is not one."""

    def member(name: str) -> Any:
        person = UserFactory(name=name)
        Membership.objects.create(organisation=network.trager, user=person, role=Membership.Role.MEMBER)
        return person

    url = reverse("qualification:trager_lotsen", kwargs={"slug": network.trager.slug})
    login(client, network.coordinator)
    member("Kandidatin Eins")

    def more_lotsen_and_candidates() -> None:
        for number in range(7):
            LotseFactory(organisation=network.trager, user=member(f"Lotsin {number}"), active=number % 3 != 0)
            member(f"Kandidat {number}")

    page = same_queries_for_few_and_many(client, url, add=more_lotsen_and_candidates, limit=12)
    assert page.count("Rolle beenden") == 1 + 4
    assert page.count("Kandidat") == 8


def test_taking_attendance_reads_the_same_queries_for_one_and_eight_participants(
    client: Client, network: Network, issue_due_calls: Any
) -> None:
    run, (session, _next) = run_with_sessions(days_ago=1, organiser=network.trager)
    attend(session, registration_for(run, network.lotse))
    url = reverse("qualification:run_attendance", kwargs={"slug": run.event.slug, "pk": session.pk})
    login(client, network.coordinator)

    def more_participants() -> None:
        for number in range(7):
            registration = registration_for(run, UserFactory(name=f"Teilnehmerin {number}"))
            if number % 2:
                Attendance.objects.create(
                    session=session, registration=registration, status=Attendance.Status.EXCUSED, units=Decimal("0")
                )

    page = same_queries_for_few_and_many(client, url, add=more_participants, limit=13)
    assert page.count('type="radio"') == 8 * 3
    assert page.count(" checked") == 1 + 3
