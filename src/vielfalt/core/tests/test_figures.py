"""The figures registry's helpers: years, sums, stocks, and the cache of a figure's cells."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from vielfalt.core import figures
from vielfalt.core.figures import Figure


def test_tally_keeps_the_years_asked_for_and_rounds_sums():
    rows = [(2023, "06531", "a", 2), (2024, None, None, Decimal("1.5")), (2024, None, None, 1), (2019, "06531", "a", 9)]
    assert figures.tally(rows, [2023, 2024]) == {(2023, "06531", "a"): 2, (2024, "", ""): 3}  # 2.5 rounds up


def test_accumulate_adds_what_came_before_each_year():
    rows = [(2020, "06531", "a", 2), (2023, "06531", "a", 1), (2025, "06531", "a", 4)]
    assert figures.accumulate(rows, [2022, 2023, 2024]) == {
        (2022, "06531", "a"): 2,
        (2023, "06531", "a"): 3,
        (2024, "06531", "a"): 3,
    }


def test_period_runs_from_the_first_year_to_the_start_of_the_year_after_the_last():
    start, end = figures.period([2024, 2022])
    assert (start.year, start.month, start.day, end.year, end.month, end.day) == (2022, 1, 1, 2025, 1, 1)
    assert str(start.tzinfo) == "Europe/Berlin"


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        figures.register(Figure(key="x.y", area="x", label="x", unit="euros", compute=lambda years: {}))


@pytest.mark.django_db
def test_cells_are_cached_until_a_table_of_the_figure_is_written(write_watcher, django_capture_on_commit_callbacks):
    calls: list[list[int]] = []

    def compute(years):  # type: ignore[no-untyped-def]
        calls.append(list(years))
        return {(2024, "", ""): len(calls), (2023, "", ""): 0}

    figure = Figure(
        key="test.cached", area="test", label="x", unit=figures.COUNT, compute=compute, tables=("regions_district",)
    )
    figures.register(figure)
    try:
        assert figures.cells(figure, [2024, 2023, 2024]) == {(2024, "", ""): 1}  # zeros left out
        assert figures.cells(figure, [2023, 2024]) == {(2024, "", ""): 1}
        assert calls == [[2023, 2024]]
        with django_capture_on_commit_callbacks(execute=True), connection.cursor() as cursor:
            cursor.execute("UPDATE regions_district SET name = name WHERE ags = '06531'")
        assert figures.cells(figure, [2023, 2024]) == {(2024, "", ""): 2}
    finally:
        figures._figures.pop(figure.key)


def test_a_registered_figure_is_pickled_as_its_key_and_read_back_as_itself():
    import pickle

    registered = figures.figures()[0]
    assert pickle.loads(pickle.dumps(registered)) is registered
    assert len(pickle.dumps(registered)) < 200  # no label, description or categories inside
    other = Figure(key="test.unregistered", area="test", label="Test", unit=figures.PEOPLE, compute=len)
    copy = pickle.loads(pickle.dumps(other))
    assert copy == other and copy is not other
