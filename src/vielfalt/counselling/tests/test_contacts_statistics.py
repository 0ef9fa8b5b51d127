"""The statistics page and its files: counts without names, small counts withheld, constant queries."""

from __future__ import annotations

import csv
from datetime import date, datetime
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.core.lib.suppression import Mark
from vielfalt.counselling.contacts import selectors
from vielfalt.counselling.models import Case, Topic, Way
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import CaseFactory, ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db

SECRET = "Geheimer Vorstandsstreit"


def _at(year: int, month: int) -> datetime:
    return datetime(year, month, 15, 12, tzinfo=timezone.get_current_timezone())


def _cases(count: int, *, topic: Topic, year: int, month: int = 3, closed: bool = False, **fields: Any) -> list[Case]:
    cases = []
    for _ in range(count):
        case = CaseFactory(
            topic=topic,
            description=SECRET,
            requester_name="Rana Vorstand",
            status=Case.Status.CLOSED if closed else Case.Status.IN_PROGRESS,
            outcome=Case.Outcome.SOLVED if closed else "",
            **fields,
        )
        Case.objects.filter(pk=case.pk).update(
            created_at=_at(year, month), closed_at=_at(year, month + 1) if closed else None
        )
        ContactFactory(case=case, date=date(year, month, 20), minutes=90, way=Way.PHONE, summary=SECRET)
        NoteFactory(case=case, body=SECRET)
        cases.append(case)
    return cases


@pytest.fixture
def year_of_cases(counselling: Counselling) -> int:
    """Last year: 8 requests on Förderanträge (6 of them closed), 3 on Vereinsrecht, 1 the year before."""
    year = timezone.localdate().year - 1
    funding = Topic.objects.get(slug="foerderantraege")
    statutes = Topic.objects.exclude(pk=funding.pk).order_by("order").first()
    assert statutes is not None
    _cases(6, topic=funding, year=year, closed=True, organisation=counselling.organisation)
    _cases(2, topic=funding, year=year, month=5, organisation=counselling.organisation)
    _cases(3, topic=statutes, year=year, kind=Case.Kind.PROCESS, organisation=counselling.organisation)
    _cases(1, topic=statutes, year=year - 1, organisation=counselling.organisation)
    return year


def _table(statistics: selectors.Statistics, key: str) -> selectors.Table:
    return next(table for table in statistics.tables if table.key == key)


def test_the_counts_of_a_year_with_small_ones_withheld(year_of_cases: int) -> None:
    data = selectors.statistics(year=year_of_cases)
    topics = _table(data, "topic")
    assert [row.label for row in topics.rows] == ["Förderanträge", "Vereinsrecht und Satzung"]
    funding, statutes = topics.rows
    # requests, closed, contacts, hours
    assert [cell.value for cell in funding.cells] == [8, 6, 8, 12]
    assert [cell.mark for cell in funding.cells] == [Mark.HIDDEN, Mark.SHOWN, Mark.HIDDEN, Mark.HIDDEN]
    assert [cell.mark for cell in statutes.cells] == [Mark.SMALL, Mark.SHOWN, Mark.SMALL, Mark.HIDDEN]
    assert [cell.value for cell in topics.total.cells] == [11, 6, 11, 16.5]
    assert all(cell.shown for cell in topics.total.cells)
    kinds = _table(data, "kind")
    assert [cell.value for cell in kinds.rows[1].cells] == [3, 0, 3, 4.5]
    months = _table(data, "month")
    assert months.rows[2].cells[0].value == 9 and months.rows[4].cells[0].mark is Mark.SMALL  # March, May
    outcomes = _table(data, "outcome")
    assert outcomes.rows[0].cells[0].value == 6 and outcomes.rows[0].cells[0].shown
    assert data.withheld


def test_a_year_without_anything_is_all_zero(counselling: Counselling) -> None:
    data = selectors.statistics(year=2001)
    assert _table(data, "topic").rows == ()
    assert all(cell.value == 0 and cell.shown for row in _table(data, "month").rows for cell in row.cells)
    assert not data.withheld


def test_the_page_and_the_files_carry_no_names_and_no_texts(
    client: Client, personas: Personas, counselling: Counselling, year_of_cases: int
) -> None:
    login(client, counselling.ministry)
    page = client.get(reverse("counselling:statistics"), {"jahr": year_of_cases}).content.decode()
    csv_file = client.get(reverse("counselling:statistics_csv", args=[year_of_cases]))
    xlsx_file = client.get(reverse("counselling:statistics_xlsx", args=[year_of_cases]))
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx_file.content))
    xlsx_text = " ".join(
        str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )
    csv_text = csv_file.content.decode("utf-8-sig")
    for text in (page, csv_text, xlsx_text):
        for secret in (
            SECRET, "Rana", counselling.organisation.name, counselling.case.title, counselling.case.reference,
            personas.staff.name,
        ):  # fmt: skip
            assert secret not in text
    assert "&lt; 5" in page and "×" in page
    assert csv_file["Content-Type"].startswith("text/csv") and f"{year_of_cases}.csv" in csv_file["Content-Disposition"]
    rows = list(csv.reader(StringIO(csv_text), delimiter=";"))
    assert ["Förderanträge", "x", "6", "x", "x"] in rows
    assert ["Vereinsrecht und Satzung", "< 5", "0", "< 5", "x"] in rows
    assert ["Summe", "11", "6", "11", "16,50"] in rows
    sheet = workbook["nach Thema"]
    assert list(sheet.iter_rows(values_only=True))[1] == ("Förderanträge", "x", 6, "x", "x")


def test_the_year_is_chosen_and_a_bad_one_is_explained(
    client: Client, counselling: Counselling, year_of_cases: int
) -> None:
    login(client, counselling.colleague)
    url = reverse("counselling:statistics")
    earlier = client.get(url, {"jahr": year_of_cases - 1}).content.decode()
    assert f"Beratung in Zahlen {year_of_cases - 1}" in earlier
    for bad in ("1999", "abc", str(timezone.localdate().year + 1)):
        response = client.get(url, {"jahr": bad})
        assert response.status_code == 200
        assert "Für dieses Jahr gibt es keine Zahlen" in response.content.decode()
    assert client.get(reverse("counselling:statistics_csv", args=[1999])).status_code == 404


def test_the_statistics_read_a_fixed_number_of_queries(client: Client, counselling: Counselling) -> None:
    login(client, counselling.colleague)
    topic = Topic.objects.get(slug="foerderantraege")
    year = timezone.localdate().year - 1
    url = reverse("counselling:statistics")

    def queries() -> int:
        client.get(url, {"jahr": year})
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, {"jahr": year}).status_code == 200
        return len(context.captured_queries)

    _cases(3, topic=topic, year=year, organisation=counselling.organisation)
    few = queries()
    _cases(20, topic=topic, year=year, closed=True)
    assert queries() == few
    assert few <= 12


def test_the_figures_are_kept_until_a_contact_is_logged(
    write_watcher: None,
    counselling: Counselling,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    counted: list[int] = []
    real = selectors.statistics_of
    monkeypatch.setattr(selectors, "statistics_of", lambda *, year: counted.append(year) or real(year=year))
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    year = timezone.localdate().year
    selectors.statistics(year=year)
    selectors.statistics(year=year)
    assert len(counted) == 1
    with django_capture_on_commit_callbacks(execute=True):
        ContactFactory.create(case=counselling.case)
    selectors.statistics(year=year)
    assert len(counted) == 2
