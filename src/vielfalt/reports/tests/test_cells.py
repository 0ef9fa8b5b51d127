"""A figure's cells as marked tables: the views of the dashboard agree on what they withhold."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format

from vielfalt.core import figures
from vielfalt.core.figures import Figure
from vielfalt.core.lib.suppression import Mark
from vielfalt.reports.cells import Number, grouped, marked

A, B = "06531", "06611"
DISTRICTS = (A, B, "")


def _figure(unit: str = figures.PEOPLE, **kwargs: object) -> Figure:
    return Figure(key="test.figure", area="test", label="Test", unit=unit, compute=lambda years: {}, **kwargs)  # type: ignore[arg-type]


def test_small_counts_are_marked_and_a_second_cell_hides_them_from_the_totals():
    cells = {(2024, A, "x"): 3, (2024, A, "y"): 40, (2024, B, "x"): 50, (2024, B, "y"): 60}
    table = marked(_figure(), cells, years=[2024], districts=DISTRICTS, categories=("x", "y")).years[2024]
    assert table.cells[(A, "x")].mark is Mark.SMALL
    assert table.cells[(A, "y")].mark is Mark.HIDDEN  # A's total would reveal the 3
    # The same table gives Hessen by category and the districts' totals: nothing there reveals it either.
    assert table.by_category["x"].mark is not Mark.SHOWN or table.cells[(B, "x")].mark is not Mark.SHOWN
    assert table.total.shown and table.total.value == 153


def test_a_district_total_is_marked_the_same_in_its_own_table_and_on_the_map():
    cells = {(2024, A, "x"): 2, (2024, B, "x"): 30, (2024, B, "y"): 30}
    table = marked(_figure(), cells, years=[2024], districts=DISTRICTS, categories=("x", "y")).years[2024]
    assert table.total_in(A) is table.by_district[A]
    assert table.total_in(A).text() == "< 5"
    assert table.categories_in(A)["x"].text() == "< 5"
    # Hessen minus district B would be A's 2: B's total is withheld too (or Hessen's).
    assert not (table.by_district[B].shown and table.total.shown)


def test_counts_that_describe_nobody_are_shown_as_they_are():
    cells = {(2024, A, ""): 1, (2024, B, ""): 2}
    table = marked(_figure(figures.COUNT), cells, years=[2024], districts=DISTRICTS, categories=("",)).years[2024]
    assert [number.text() for number in (table.by_district[A], table.by_district[B], table.total)] == ["1", "2", "3"]


def test_a_follower_takes_the_marks_of_the_count_it_describes():
    counts = {(2024, A, "x"): 3, (2024, B, "x"): 20, (2024, B, "y"): 30}
    base = marked(_figure(), counts, years=[2024], districts=DISTRICTS, categories=("x", "y"))
    hours = {(2024, A, "x"): 9, (2024, B, "x"): 40, (2024, B, "y"): 61}
    follower = marked(
        _figure(figures.HOURS, follows="test.figure"), hours, years=[2024], districts=(), categories=(), base=base
    ).years[2024]
    for key, number in base.years[2024].cells.items():
        assert follower.cells[key].shown is number.shown
    assert follower.cells[(A, "x")].text() == "×"


def test_cells_outside_the_known_districts_and_categories_are_kept():
    table = marked(
        _figure(figures.COUNT), {(2024, "99999", "new"): 7}, years=[2024], districts=DISTRICTS, categories=("x",)
    )
    assert table.districts[-1] == "99999" and table.categories[-1] == "new"
    assert table.years[2024].total.value == 7


def test_numbers_are_written_as_the_language_groups_them():
    from django.utils import translation

    with translation.override("de"):
        assert Number(12345).text() == "12.345"
    with translation.override("en"):
        assert Number(12345).text() == "12,345"
    assert Number(3, Mark.SMALL).text() == "< 5" and Number(30, Mark.HIDDEN).text() == "×"
    assert Number(3, Mark.SMALL).visible_value is None


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_numbers_are_grouped_as_django_groups_them_in_every_language(language):
    with translation.override(language):
        for value in (0, 7, 999, 1000, -1234, 1_234_567, 10**12):
            assert grouped(value) == number_format(value, force_grouping=True)
            assert Number(value).text() == number_format(value, force_grouping=True)


def test_a_rows_numbers_are_written_in_cells_with_words_for_screen_readers():
    from vielfalt.reports.templatetags.report_numbers import numeric_cells

    with translation.override("de"):
        cells = numeric_cells([Number(1234), Number(3, Mark.SMALL), Number(9, Mark.HIDDEN)])
    assert cells.count('<td class="kern-table__cell kern-table__cell--numeric">') == 3
    assert "<bdi>1.234</bdi>" in cells
    assert '<span class="kern-sr-only">weniger als 5</span>' in cells
    assert '<span class="kern-sr-only">verdeckt</span>' in cells
