"""Query budgets of qualification's pages: each is read by someone allowed to see it, once with one or two
rows and once with several (each with what its row shows: its run, its curricula, its Träger …). The page
keeps to a fixed number of queries, and that number does not grow with the rows: a relation a row shows
that the page's selector does not read along would cost a query per row.

Forms that list rows to choose from (modules, topics, kinds, organisations) and downloads that list rows
(the certificate's modules, a statement's entries) are read the same way; a page of one thing (a plain
form, a question before a change, the upload form of the import) is held to its count."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import body_within, page_within, same_queries_for_few_and_many
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.models import FieldOfAction, Membership
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.qualification.certificates.services import certificate_revoke, certificates_issue_participation
from vielfalt.qualification.hours.services import months_approve
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


def _as(client: Client, person: User) -> Client:
    """Signed in as ``person``, who has agreed to the privacy notice (else the banner costs a query)."""
    agree_to_privacy(person)
    return login(client, person)


def _as_team(client: Client, personas: Personas) -> Client:
    return _as(client, personas.staff)


def _queries_and_file(client: Client, url: str) -> tuple[int, bytes]:
    """The queries one GET of a download costs (it must answer 200), and the file."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response.content


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _in_days(days: int) -> datetime:
    return (timezone.localtime() + timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)


def _run_of(module: Module, *, starts_in: int, title: str) -> None:
    """A coming course run of ``module`` with two dates, organised by a new organisation, one place taken."""
    starts = _in_days(starts_in)
    run = CourseRunFactory.create(
        module=module,
        event=EventFactory.create(
            kind="training",
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(days=7, hours=3),
            organiser=OrganisationFactory.create(),
        ),
    )
    for week in range(2):
        CourseSessionFactory.create(run=run, starts_at=starts + timedelta(days=7 * week), units=Decimal("2"))
    registration_for(run)


# --- the catalogue ------------------------------------------------------------------------------------------


def test_the_team_s_catalogue_reads_the_same_queries_for_one_and_seven_modules(
    client: Client, personas: Personas
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            module = ModuleFactory.create(title_translations={"en": "Intercultural communication"})
            CourseRunFactory.create(module=module)
            curriculum_with(
                [module, ModuleFactory.create(is_active=False)], min_modules=1, title_translations={"ar": "تأهيل"}
            )

    url = reverse("staff:catalogue")
    login(client, personas.staff)
    add(1)
    page = same_queries_for_few_and_many(client, url, add=lambda: add(6), limit=8)
    assert len(re.findall(r"/de/staff/qualifizierung/katalog/module/\d+/", page)) == 14
    assert len(re.findall(r"/de/staff/qualifizierung/katalog/qualifizierungsgaenge/\d+/", page)) == 7


def test_a_module_page_reads_the_same_queries_for_one_and_five_runs(client: Client, personas: Personas) -> None:
    module = ModuleFactory.create(slug="gespraechsfuehrung", title="Gesprächsführung", languages=["de", "ar"])

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
            module = ModuleFactory.create(title=f"Baustein {position}", title_translations={"en": f"Part {position}"})
            curriculum.entries.create(module=module, position=position, required=position % 2 == 0)
            _run_of(module, starts_in=14 + position, title=f"Kurs zum Baustein {position}")

    url = reverse("qualification:curriculum", kwargs={"slug": curriculum.slug})
    login(client, personas.member)
    add(1)
    page = same_queries_for_few_and_many(client, url, add=lambda: add(6), limit=9)
    assert page.count("/de/qualifizierung/module/") >= 7
    assert page.count("Kurs zum Baustein") == 7


# --- the team's catalogue forms ------------------------------------------------------------------------------


def _more_topics(count: int) -> list[FieldOfAction]:
    start = FieldOfAction.objects.count()
    return [
        FieldOfAction.objects.create(slug=f"q-budget-feld-{start + n}", name=f"Handlungsfeld {start + n}")
        for n in range(count)
    ]


def test_a_new_module_s_form_reads_the_same_queries_for_few_and_many_topics(client: Client, personas: Personas) -> None:
    _more_topics(1)
    _as_team(client, personas)
    page = same_queries_for_few_and_many(
        client,
        reverse("staff:catalogue_module_create"),
        add=lambda: _more_topics(8),
        # Session, person, the privacy notice, the layout's two unread counts; the topics to choose from.
        limit=6,
    )
    assert page.count('name="topics"') == FieldOfAction.objects.count() >= 9


def test_a_module_s_form_reads_the_same_queries_for_few_and_many_topics_and_curricula(
    client: Client, personas: Personas
) -> None:
    """The module names the curricula it belongs to (also those outside the catalogue)."""
    module = ModuleFactory.create(title="Gesprächsführung")
    module.topics.set(_more_topics(1))
    curriculum_with([module], title="Basisqualifizierung")
    _as_team(client, personas)

    def more_topics_and_curricula() -> None:
        module.topics.add(*_more_topics(8)[::2])
        for number in range(6):
            curriculum_with([module], title=f"Aufbaukurs {number}", is_active=number % 2 == 0)

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:catalogue_module_edit", kwargs={"pk": module.pk}),
        add=more_topics_and_curricula,
        # Session, person; the module, its topics (the form's choice), the curricula it belongs to; the
        # privacy notice, the layout's two unread counts; the topics to choose from.
        limit=9,
    )
    assert page.count('name="topics"') == FieldOfAction.objects.count()
    assert len(re.findall(r'name="topics" value="\d+" id="[^"]+" checked', page)) == 1 + 4
    assert len(re.findall(r"/de/staff/qualifizierung/katalog/qualifizierungsgaenge/\d+/", page)) == 7


def test_a_new_curriculum_s_form_reads_the_same_queries_for_one_and_eight_modules(
    client: Client, personas: Personas
) -> None:
    ModuleFactory.create(title="Baustein 0")
    _as_team(client, personas)

    def more_modules() -> None:
        for number in range(1, 8):
            ModuleFactory.create(title=f"Baustein {number}", title_translations={"en": f"Part {number}"})
        ModuleFactory.create(title="Altes Modul", is_active=False)  # not offered for a new curriculum

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:catalogue_curriculum_create"),
        add=more_modules,
        # Session, person; the modules of the catalogue; the privacy notice, the layout's two unread counts.
        limit=6,
    )
    assert page.count('name="position_') == Module.objects.filter(is_active=True).count() == 8
    assert "Altes Modul" not in page


def test_a_curriculum_s_form_reads_the_same_queries_for_one_and_eight_modules(
    client: Client, personas: Personas
) -> None:
    """The curriculum holds modules of the catalogue and one that has left it (still in its table)."""
    curriculum = curriculum_with([ModuleFactory.create(title="Baustein 0")], required=1, title="Basisqualifizierung")
    _as_team(client, personas)

    def more_modules() -> None:
        for number in range(1, 8):
            module = ModuleFactory.create(title=f"Baustein {number}", is_active=number != 7)
            curriculum.entries.create(module=module, position=number, required=number % 2 == 0)
        ModuleFactory.create(title="Noch nicht dabei")

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:catalogue_curriculum_edit", kwargs={"pk": curriculum.pk}),
        add=more_modules,
        # Session, person; the curriculum, the modules (the catalogue's and its own), its entries (their
        # places and which are required); the privacy notice, the layout's two unread counts.
        limit=8,
    )
    assert page.count('name="position_') == 9
    assert page.count("(nicht im Katalog)") == 1


# --- certificates -------------------------------------------------------------------------------------------


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _participation_certificates(network: Network, count: int, *, title: str = "Gesprächsführung") -> list[Certificate]:
    """Teilnahmebescheinigungen for ``count`` people who attended a run of the Träger."""
    module = ModuleFactory.create(title=title, title_translations={"en": "Conversation"})
    session = CourseSessionFactory.create(run__module=module, run__event__organiser=network.trager)
    people = [UserFactory.create() for _ in range(count)]
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


def test_the_verify_form_keeps_to_its_queries(client: Client) -> None:
    """The form to type a code, read anonymously: no session, no query."""
    page = page_within(client, reverse("qualification:verify_form"), limit=0)
    assert 'name="code"' in page


@pytest.mark.usefixtures("private_media")
def test_a_certificate_pdf_reads_the_same_queries_for_one_and_eight_modules(client: Client, network: Network) -> None:
    """The coordinator downloads a certificate their Träger issued, rendered while no file is stored;
    its modules are frozen on it, the Träger's other certificates cost nothing."""
    [first] = _participation_certificates(network, 1)
    url = reverse("qualification:certificate_pdf", kwargs={"code": first.code})
    _as(client, network.coordinator)
    client.get(url)
    few, _pdf = _queries_and_file(client, url)

    _participation_certificates(network, 7, title="Vereinsrecht")
    first.modules = first.modules * 8
    first.save(update_fields=["modules"])
    many, pdf = _queries_and_file(client, url)

    assert few == many
    # Session, person; the certificate with the Träger that issued it, whether the person coordinates it.
    assert many <= 4
    assert _pdf_text(pdf).count("Gesprächsführung") >= 8


@pytest.mark.usefixtures("private_media")
def test_the_team_s_revocation_form_keeps_to_its_queries(client: Client, personas: Personas, network: Network) -> None:
    [certificate] = _participation_certificates(network, 1)
    _as_team(client, personas)
    url = reverse("staff:certificate_revoke", kwargs={"code": certificate.code})
    # Session, person; the certificate; the privacy notice, the layout's two unread counts.
    page = page_within(client, url, limit=6)
    assert 'name="reason"' in page and "Gesprächsführung" in page


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
            ServiceKindFactory.create(
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
    second = LotseFactory.create(user=network.lotse, organisation=TragerFactory.create(name="Ehrenamt Süd e.V."))
    ServiceHoursFactory.create(lotse=network.lotse_role, date=date(year, 2, 3))
    url = f"{reverse('qualification:my_hours')}?jahr={year}"
    login(client, network.lotse)

    def more_entries_and_approvals() -> None:
        kinds = [ServiceKind.objects.get(slug=slug) for slug in ("kita-schule", "gesundheit", "wohnen")]
        for month in (3, 4, 5, 6):
            for role, kind in ((network.lotse_role, kinds[month % 3]), (second, kinds[(month + 1) % 3])):
                ServiceHoursFactory.create(lotse=role, date=date(year, month, 10), kind=kind, note="Termin beim Amt")
        _approve(network.lotse_role, date(year, 3, 1), network.coordinator)
        _approve(second, date(year, 4, 1), network.coordinator)

    page = same_queries_for_few_and_many(client, url, add=more_entries_and_approvals, limit=15)
    assert page.count("Termin beim Amt") == 8
    assert page.count("Ehrenamt Süd e.V.") >= 5
    assert page.count("Abrechnung zum Unterschreiben (PDF)") == 2


def test_a_trager_s_hours_read_the_same_queries_for_one_and_seven_lotsen(client: Client, network: Network) -> None:
    year = _last_year()
    ServiceHoursFactory.create(lotse=network.lotse_role, date=date(year, 2, 3))
    url = f"{reverse('qualification:trager_hours', kwargs={'slug': network.trager.slug})}?jahr={year}"
    login(client, network.coordinator)

    def more_lotsen_with_hours() -> None:
        for _ in range(6):
            role = LotseFactory.create(organisation=network.trager, since=date(2020, 1, 1))
            for month in range(1, 13):
                ServiceHoursFactory.create(lotse=role, date=date(year, month, 10))
            _approve(role, date(year, 1, 1), network.coordinator)

    page = same_queries_for_few_and_many(client, url, add=more_lotsen_with_hours, limit=10)
    assert len(re.findall(rf"/stunden/{year}-\d\d/", page)) == 12


def test_changing_an_entry_reads_the_same_queries_for_few_and_many_kinds_and_trager(
    client: Client, network: Network
) -> None:
    """The Lotsin serves at two Träger (the form offers them) and chooses among the kinds in use."""
    LotseFactory.create(user=network.lotse, organisation=TragerFactory.create(name="Ehrenamt Süd e.V."))
    entry = ServiceHoursFactory.create(lotse=network.lotse_role, note="Termin beim Amt")
    _as(client, network.lotse)

    def more_kinds_and_trager() -> None:
        for number in range(6):
            ServiceKindFactory.create(
                slug=f"art-{number}", name=f"Begleitung {number}", name_translations={"en": f"Kind {number}"}
            )
        for number in range(2):
            LotseFactory.create(user=network.lotse, organisation=TragerFactory.create(name=f"Weiterer Träger {number}"))

    page = same_queries_for_few_and_many(
        client,
        reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk}),
        add=more_kinds_and_trager,
        # Session, person; the entry with its Träger and kind, the person's Lotse roles, whether the entry's
        # month is approved; the privacy notice, the layout's two unread counts; the Träger and the kinds
        # to choose from, each twice (Django's select reads its first option to decide on ``required``,
        # then all of them).
        limit=12,
    )
    assert all(f">Begleitung {number}<" in page for number in range(6))
    assert "Weiterer Träger 1" in page and "Termin beim Amt" in page


def test_deleting_an_entry_keeps_to_its_queries(client: Client, network: Network) -> None:
    entry = ServiceHoursFactory.create(lotse=network.lotse_role, hours=Decimal("2.5"))
    _as(client, network.lotse)
    # Session, person; the entry with its Träger and kind, whether its month is approved; the privacy
    # notice, the layout's two unread counts.
    page = page_within(client, reverse("qualification:my_hours_delete", kwargs={"pk": entry.pk}), limit=7)
    assert "<bdi>2,50</bdi> Stunden" in page


def test_a_statement_pdf_reads_the_same_queries_for_one_and_twelve_entries(client: Client, network: Network) -> None:
    """The coordinator downloads a Lotsin's statement of a month with one entry, and of one with twelve
    (of several kinds)."""
    year = _last_year()
    kinds = [ServiceKind.objects.get(slug=slug) for slug in ("kita-schule", "gesundheit", "wohnen")]
    ServiceHoursFactory.create(lotse=network.lotse_role, date=date(year, 2, 3))
    for day in range(1, 13):
        ServiceHoursFactory.create(
            lotse=network.lotse_role, date=date(year, 3, day), kind=kinds[day % 3], hours=Decimal("1")
        )
    for month in (2, 3):
        months_approve(
            organisation=network.trager,
            month=date(year, month, 1),
            lotse_ids=[network.lotse_role.pk],
            by=network.coordinator,
        )

    def url(month: int) -> str:
        kwargs = {"slug": network.trager.slug, "month": date(year, month, 1), "lotse_id": network.lotse_role.pk}
        return reverse("qualification:hours_statement_pdf", kwargs=kwargs)

    _as(client, network.coordinator)
    client.get(url(2))
    few, _pdf = _queries_and_file(client, url(2))
    many, pdf = _queries_and_file(client, url(3))

    assert few == many
    # Session, person; the Lotse with their Träger and person, whether the person coordinates the Träger,
    # the month's approval, its entries with their kinds.
    assert many <= 6
    assert _pdf_text(pdf).count("1,00") == 12


def test_the_figures_per_trager_read_the_same_queries_for_two_and_eight_trager(
    client: Client, personas: Personas, network: Network
) -> None:
    """Each Träger with Lotsen, hours, an approved month and course runs with participants."""
    year = _last_year()
    url = reverse("qualification:hours_figures", kwargs={"year": year})
    ServiceHoursFactory.create(lotse=network.lotse_role, date=date(year, 2, 3))
    _as_team(client, personas)

    def more_trager() -> None:
        for number in range(6):
            trager = TragerFactory.create(name=f"Lotsen Nummer {number} e.V.")
            role = LotseFactory.create(organisation=trager, since=date(2020, 1, 1))
            ServiceHoursFactory.create(lotse=role, date=date(year, 5, 4), hours=Decimal("3"))
            _approve(role, date(year, 5, 1), personas.staff)
            starts = timezone.make_aware(datetime(year, 6, 1 + number, 10))
            session = CourseSessionFactory.create(
                run__event__organiser=trager,
                run__event__starts_at=starts,
                run__event__ends_at=starts + timedelta(hours=3),
                starts_at=starts,
            )
            for _ in range(2):
                attend(session, registration_for(session.run))

    page = same_queries_for_few_and_many(
        client,
        url,
        add=more_trager,
        # Session, person; the Träger, their active Lotsen, the hours logged, the hours approved with the
        # allowance (one query each, summed per Träger), the funding rates, the year's runs with their
        # units and participants; the privacy notice, the layout's two unread counts.
        limit=11,
    )
    assert page.count("Lotsen Nummer ") == 6
    assert len(re.findall(rf"/stunden/\?jahr={year}", page)) == 8


def test_the_team_s_forms_for_rates_and_kinds_keep_to_their_queries(client: Client, personas: Personas) -> None:
    """A new allowance rate, a new funding rate, a new kind and a kind's changes: plain forms. Session,
    person, the privacy notice, the layout's two unread counts; the kind to change."""
    _as_team(client, personas)
    page = page_within(client, reverse("staff:hours_allowance_rate_create"), limit=5)
    assert 'name="monthly_cap"' in page
    page = page_within(client, reverse("staff:hours_funding_rate_create"), limit=5)
    assert 'name="per_unit_participant"' in page
    page = page_within(client, reverse("staff:hours_kind_create"), limit=5)
    assert 'name="name"' in page
    kind = ServiceKind.objects.get(slug="behoerde")
    page = page_within(client, reverse("staff:hours_kind_edit", kwargs={"pk": kind.pk}), limit=6)
    assert "<code>behoerde</code>" in page


# --- runs and Lotsen ----------------------------------------------------------------------------------------


def test_a_trager_s_lotsen_read_the_same_queries_for_one_and_eight(client: Client, network: Network) -> None:
    """The list names each Lotse; the form offers each member who is not one."""

    def member(name: str) -> Any:
        person = UserFactory.create(name=name)
        Membership.objects.create(organisation=network.trager, user=person, role=Membership.Role.MEMBER)
        return person

    url = reverse("qualification:trager_lotsen", kwargs={"slug": network.trager.slug})
    login(client, network.coordinator)
    member("Kandidatin Eins")

    def more_lotsen_and_candidates() -> None:
        for number in range(7):
            LotseFactory.create(organisation=network.trager, user=member(f"Lotsin {number}"), active=number % 3 != 0)
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
            registration = registration_for(run, UserFactory.create(name=f"Teilnehmerin {number}"))
            if number % 2:
                Attendance.objects.create(
                    session=session, registration=registration, status=Attendance.Status.EXCUSED, units=Decimal("0")
                )

    page = same_queries_for_few_and_many(client, url, add=more_participants, limit=13)
    assert page.count('type="radio"') == 8 * 3
    assert page.count(" checked") == 1 + 3


def test_a_new_run_s_form_reads_the_same_queries_for_few_and_many_modules_and_organisations(
    client: Client, network: Network
) -> None:
    """The coordinator chooses the module, the organisation that invites (each they administer) and the
    organisations invited (each verified one)."""
    module = ModuleFactory.create(slug="werte", title="Werte und Vielfalt")
    _as(client, network.coordinator)

    def more_modules_and_organisations() -> None:
        for number in range(7):
            ModuleFactory.create(title=f"Baustein {number}", title_translations={"en": f"Part {number}"})
        for number in range(3):
            other = TragerFactory.create(name=f"Weiterer Träger {number}")
            Membership.objects.create(organisation=other, user=network.coordinator, role=Membership.Role.ADMIN)
        for number in range(4):
            OrganisationFactory.create(name=f"Eingeladener Verein {number}")

    page = same_queries_for_few_and_many(
        client,
        f"{reverse('qualification:run_create')}?modul={module.slug}",
        add=more_modules_and_organisations,
        # Session, person; whether the person may create runs, the modules, the organisations they
        # administer, the municipalities, whether they moderate a group of the exchange (its link); the
        # privacy notice, the layout's two unread counts; the modules and the verified organisations as
        # the form's choices.
        limit=12,
    )
    assert f'<option value="{module.pk}" selected>' in page
    assert all(f">Baustein {number}<" in page for number in range(7))
    assert page.count('name="organiser"') == 4
    assert "Eingeladener Verein 3" in page


def test_a_run_s_forms_keep_to_their_queries(client: Client, network: Network, issue_due_calls: Any) -> None:
    """A new date, a date's changes and closing the run: plain forms under the run's heading. Session,
    person; the event, the organisations the person administers (twice: may they see it, may they run
    it), the run with its module; the privacy notice, the layout's two unread counts; the date to change."""
    run, (session, _next) = run_with_sessions(days_ago=3, organiser=network.trager, reference="BQ-7")
    registration_for(run, network.lotse)
    _as(client, network.coordinator)
    slug = run.event.slug

    page = page_within(client, reverse("qualification:run_session_add", kwargs={"slug": slug}), limit=9)
    assert 'name="units"' in page and "BQ-7" in page
    edit = reverse("qualification:run_session_edit", kwargs={"slug": slug, "pk": session.pk})
    page = page_within(client, edit, limit=10)
    assert 'value="10:00"' in page
    page = page_within(client, reverse("qualification:run_close", kwargs={"slug": slug}), limit=9)
    assert "Kurs abschließen" in page


def test_the_import_s_upload_pages_and_template_keep_to_their_queries(
    client: Client, personas: Personas, network: Network
) -> None:
    """A Träger's import (its coordinator), the centre's (the team), and the template to fill in."""
    ModuleFactory.create(slug="rolle", title="Rolle und Selbstverständnis")
    _as(client, network.coordinator)
    url = reverse("qualification:trager_run_import", kwargs={"slug": network.trager.slug})
    # Session, person; the Träger, whether the person coordinates it; the privacy notice, the layout's
    # two unread counts.
    page = page_within(client, url, limit=7)
    assert 'name="file"' in page and network.trager.name in page
    # Session, person; whether the person may create runs, the catalogue's first module (the example row).
    template = body_within(client, reverse("qualification:run_import_template"), limit=4)
    sheet = openpyxl.load_workbook(BytesIO(template)).active
    assert sheet is not None and sheet["A2"].value == "rolle"

    _as_team(client, personas)
    # Session, person; the privacy notice, the layout's two unread counts.
    page = page_within(client, reverse("staff:course_run_import"), limit=5)
    assert 'name="file"' in page and "Kompetenzzentrum Vielfalt Hessen" in page
