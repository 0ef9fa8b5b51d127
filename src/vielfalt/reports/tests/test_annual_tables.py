"""The report's content comes from the registry only, with small counts withheld."""

from __future__ import annotations

import pytest

from vielfalt.core import figures as registry
from vielfalt.reports.annual.tables import Mark, build_report
from vielfalt.reports.tests.conftest import DARMSTADT, GIESSEN, KASSEL, YEAR, ReportFigures

pytestmark = pytest.mark.django_db


def _row(report, key):  # type: ignore[no-untyped-def]
    return [row.key for row in report.rows].index(key)


def test_every_registered_figure_in_order_of_areas(report_figures: ReportFigures) -> None:
    report = build_report(year=YEAR)
    assert [area.key for area in report.areas] == ["test_directory", "test_events"]
    assert [figure.key for figure in report.areas[0].figures] == ["test.organisations", "test.kinds"]
    assert report.figure_count == 4
    # Each figure is computed once, for the year and the four before it.
    assert sorted(report_figures.calls) == sorted(
        (key, tuple(range(YEAR - 4, YEAR + 1)))
        for key in ("test.organisations", "test.kinds", "test.events", "test.participants")
    )
    # 26 districts and the row of what belongs to none.
    assert len(report.rows) == 27
    assert report.rows[-1].key == ""


def test_small_counts_of_organisations_are_withheld_with_a_second_cell(report_figures: ReportFigures) -> None:
    report = build_report(year=YEAR)
    column = report.areas[0].figures[0].columns[0]
    giessen = column.cells[_row(report, GIESSEN)]
    assert (giessen.value, giessen.mark) == (3, Mark.SMALL)
    assert giessen.text() == "< 5"
    # Total 55 is shown, so the next smallest cell (Kassel, 12) is hidden: 55 − 40 leaves 15 for two cells.
    assert column.cells[_row(report, KASSEL)].mark is Mark.HIDDEN
    assert column.cells[_row(report, DARMSTADT)].mark is Mark.SHOWN
    assert (column.total.value, column.total.mark) == (55, Mark.SHOWN)
    assert report.withheld


def test_counts_that_describe_no_person_are_shown(report_figures: ReportFigures) -> None:
    report = build_report(year=YEAR)
    events = report.areas[1].figures[0]
    assert events.columns[0].cells[_row(report, GIESSEN)].mark is Mark.SHOWN
    assert events.columns[0].cells[_row(report, "")].value == 7
    assert events.columns[0].total.value == 10


def test_trend_follows_the_marks_of_its_year(report_figures: ReportFigures) -> None:
    report = build_report(year=YEAR)
    organisations = report.areas[0].figures[0]
    trend = dict(organisations.trend)
    assert list(trend) == list(range(YEAR - 4, YEAR + 1))
    assert (trend[YEAR].value, trend[YEAR].mark) == (55, Mark.SHOWN)
    assert (trend[YEAR - 1].value, trend[YEAR - 1].mark) == (32, Mark.SHOWN)
    assert (trend[YEAR - 3].value, trend[YEAR - 3].mark) == (0, Mark.SHOWN)
    participants = dict(report.areas[1].figures[1].trend)
    assert participants[YEAR].value == 152


def test_categories_are_columns_without_a_sum_across_them(report_figures: ReportFigures) -> None:
    report = build_report(year=YEAR)
    kinds = report.areas[0].figures[1]
    assert kinds.categorised and kinds.trend == ()
    assert [column.label for column in kinds.columns] == ["Verein", "Initiative"]
    verein = kinds.columns[0]
    assert verein.cells[_row(report, GIESSEN)].mark is Mark.SMALL
    assert verein.total.value == 27


def test_a_figure_of_an_unregistered_area_still_appears(report_figures: ReportFigures) -> None:
    registry.register(
        registry.Figure(key="x.hours", area="unknown", label="Stunden", unit=registry.HOURS, compute=lambda years: {})
    )
    report = build_report(year=YEAR)
    assert report.areas[-1].key == "unknown"
    assert report.areas[-1].figures[0].columns[0].total.value == 0


def test_unknown_district_counts_as_no_district(report_figures: ReportFigures) -> None:
    registry.register(
        registry.Figure(
            key="x.count",
            area="test_events",
            label="X",
            unit=registry.COUNT,
            compute=lambda years: {(YEAR, "99999", ""): 4},
        )
    )
    report = build_report(year=YEAR)
    column = report.areas[1].figures[-1].columns[0]
    assert column.cells[_row(report, "")].value == 4


def test_no_figures_registered_gives_an_empty_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_figures", {})
    report = build_report(year=YEAR)
    assert report.areas == () and not report.withheld
