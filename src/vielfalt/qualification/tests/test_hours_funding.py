"""Funding figures of a Träger's year (XLSX, one row per course run) and the figures per Träger without names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.qualification.hours import selectors, services
from vielfalt.qualification.models import Attendance
from vielfalt.qualification.tests.factories import (
    CourseRunFactory,
    CourseSessionFactory,
    LotseFactory,
    ServiceHoursFactory,
    attend,
    registration_for,
)

pytestmark = pytest.mark.django_db


def _run(organisation, starts: datetime, sessions: list[str], present: int, excused: int = 0):  # type: ignore[no-untyped-def]
    run = CourseRunFactory(
        event__organiser=organisation,
        event__starts_at=starts,
        event__ends_at=starts.replace(hour=17),
        event__kind="training",
        module__title=f"Modul {starts:%m}",
    )
    made = [CourseSessionFactory(run=run, units=Decimal(units), starts_at=starts) for units in sessions]
    for _n in range(present):
        registration = registration_for(run)
        attend(made[0], registration)  # present in at least one session
    for _n in range(excused):
        Attendance.objects.create(
            session=made[0], registration=registration_for(run), status=Attendance.Status.EXCUSED, units=0
        )
    return run


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 9))


def test_funding_rows_and_the_rate_at_the_start(network, personas) -> None:  # type: ignore[no-untyped-def]
    services.funding_rate_create(valid_from=date(2024, 7, 1), per_unit_participant=Decimal("12.50"), by=personas.staff)
    spring = _run(network.trager, _at(2024, 3, 5), ["4", "4", "2.5"], present=3, excused=2)
    autumn = _run(network.trager, _at(2024, 9, 10), ["8"], present=5)
    _run(network.trager, _at(2023, 9, 10), ["8"], present=5)  # another year
    _run(network.other_trager, _at(2024, 9, 10), ["8"], present=5)  # another Träger

    rows = selectors.funding_rows(organisation=network.trager, year=2024)

    assert [row.run.pk for row in rows] == [spring.pk, autumn.pk]
    first, second = rows
    assert (first.units, first.participants, first.unit_participants) == (Decimal("10.5"), 3, Decimal("31.5"))
    assert (first.rate, first.cost) == (Decimal("10"), Decimal("315.00"))
    assert (second.units, second.participants, second.rate, second.cost) == (
        Decimal("8"), 5, Decimal("12.50"), Decimal("500.00"),
    )  # fmt: skip


def test_the_funding_xlsx_opens_and_sums(client, network) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    _run(network.trager, _at(2024, 3, 5), ["4", "4"], present=3)
    _run(network.trager, _at(2024, 9, 10), ["8"], present=5)
    login(client, network.coordinator)
    response = client.get(reverse("qualification:funding_xlsx", kwargs={"slug": network.trager.slug, "year": 2024}))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    header = next(n for n, row in enumerate(rows) if row[0] == "Modul")
    body, total = rows[header + 1 : -1], rows[-1]
    assert len(body) == 2
    assert total[0] == "Summe"
    assert total[7] == pytest.approx(64) and total[9] == pytest.approx(640)
    assert isinstance(body[0][3], datetime)  # dates are dates


def test_the_funding_xlsx_takes_the_same_queries_for_few_and_many_runs(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.coordinator)
    url = reverse("qualification:funding_xlsx", kwargs={"slug": network.trager.slug, "year": 2024})
    _run(network.trager, _at(2024, 3, 5), ["4"], present=2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(4, 10):
        _run(network.trager, _at(2024, month, 5), ["4", "2"], present=4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_figures_per_trager_count_but_name_nobody(client, network) -> None:  # type: ignore[no-untyped-def]
    _run(network.trager, _at(2024, 3, 5), ["4"], present=3)
    role = LotseFactory(organisation=network.trager, user=UserFactory(name="Geheime Lotsin"), since=date(2020, 1, 1))
    ServiceHoursFactory(lotse=role, date=date(2024, 5, 3), hours=Decimal("20"))
    services.months_approve(
        organisation=network.trager, month=date(2024, 5, 1), lotse_ids=[role.pk], by=network.coordinator
    )
    figures = {row.organisation_id: row for row in selectors.figures_by_trager(year=2024)}
    mine = figures[network.trager.pk]
    assert (mine.lotsen, mine.hours_logged, mine.hours_approved, mine.allowance) == (
        2, Decimal("20"), Decimal("20"), Decimal("60"),
    )  # fmt: skip
    assert (mine.runs, mine.participants, mine.unit_participants, mine.funding) == (1, 3, Decimal("12"), Decimal("120"))
    assert figures[network.other_trager.pk].runs == 0

    login(client, network.ministry)
    page = client.get(reverse("qualification:hours_figures", kwargs={"year": 2024}))
    assert page.status_code == 200
    text = page.content.decode()
    assert network.trager.name in text
    assert "Geheime Lotsin" not in text and "Leyla Lotsin" not in text
    assert reverse("qualification:trager_hours", kwargs={"slug": network.trager.slug}) not in text
