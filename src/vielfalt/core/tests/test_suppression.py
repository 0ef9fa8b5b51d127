"""The small-count suppression: a pure function, tried on the columns that go wrong in practice."""

from __future__ import annotations

import random

import pytest

from vielfalt.core.lib.suppression import (
    Column,
    Mark,
    TableMarks,
    _small_cell_revealed,
    follow,
    follow_table,
    shown_all,
    suppress,
    suppress_table,
)

S, SMALL, H = Mark.SHOWN, Mark.SMALL, Mark.HIDDEN


def test_counts_of_five_and_more_and_zero_are_shown() -> None:
    assert suppress([0, 5, 12]) == Column(cells=(S, S, S), total=S)


def test_counts_under_five_are_small() -> None:
    assert suppress([3, 2, 40]).cells == (SMALL, SMALL, S)


def test_a_single_small_count_hides_a_second_cell_so_the_total_does_not_reveal_it() -> None:
    marks = suppress([3, 20, 7, 40])
    assert marks.cells == (SMALL, S, H, S)  # the smallest other cell
    assert marks.total is S


def test_two_small_counts_that_could_only_be_ones_hide_a_third_cell() -> None:
    # 1 + 1 = 2: both "< 5" would still be worked out as 1 from the total.
    assert suppress([1, 1, 50]) == Column(cells=(SMALL, SMALL, H), total=S)


def test_two_small_counts_that_could_only_be_fours_hide_a_third_cell() -> None:
    assert suppress([4, 4, 50, 60]).cells == (SMALL, SMALL, H, S)


def test_a_hidden_cell_of_exactly_five_would_still_reveal_a_one() -> None:
    # 1 + 5 = 6 with "< 5" and a hidden cell of at least 5: only 1 + 5 fits, so one more is hidden.
    assert suppress([1, 5, 100, 200]).cells == (SMALL, H, H, S)


def test_two_small_counts_with_room_between_them_stay_as_they_are() -> None:
    assert suppress([2, 3, 100]) == Column(cells=(SMALL, SMALL, S), total=S)


def test_a_small_total_is_small_and_nothing_else_is_hidden() -> None:
    assert suppress([1, 0, 2]) == Column(cells=(SMALL, S, SMALL), total=SMALL)


def test_without_a_cell_left_to_hide_the_total_is_hidden() -> None:
    # [3, 6]: hiding 6 leaves 3 + x = 9 with x >= 5, so 3 is at most 4 and at least 1 - fine;
    # but [1, 5]: hiding 5 still gives 1 + 5 = 6, and there is nothing else to hide.
    assert suppress([1, 5]) == Column(cells=(SMALL, H), total=H)


def test_an_empty_column() -> None:
    assert suppress([]) == Column(cells=(), total=S)


def test_hours_follow_the_marks_of_their_contacts() -> None:
    assert follow(Column(cells=(S, SMALL, H), total=S)) == Column(cells=(S, H, H), total=S)
    assert follow(Column(cells=(SMALL,), total=SMALL)).total is H


# --- tables with both margins (the figures dashboard and the annual report) ---------------------------------


def _withheld_cell_can_be_worked_out(table: list[list[int]], marks: TableMarks) -> bool:
    """Brute force over what a reader knows: every line with a shown total, the rule's bounds. A withheld
    cell is revealed when only one value fits it in some line (the check the dashboard relies on)."""
    width = len(table[0])
    lines = [(table[r], list(marks.cells[r]), sum(table[r]), marks.rows[r]) for r in range(len(table))]
    lines += [
        ([row[c] for row in table], [marks.cells[r][c] for r in range(len(table))], 0, marks.columns[c])
        for c in range(width)
    ]
    lines += [([sum(row) for row in table], list(marks.rows), 0, marks.total)]
    lines += [([sum(row[c] for row in table) for c in range(width)], list(marks.columns), 0, marks.total)]
    return any(
        total_mark is Mark.SHOWN and _small_cell_revealed(values, line_marks, 5, protect_hidden=True)
        for values, line_marks, _t, total_mark in lines
    )


def test_a_table_without_small_counts_shows_everything() -> None:
    assert suppress_table([[5, 6], [7, 0]]) == shown_all(2, 2)


def test_a_small_cell_in_a_table_hides_a_second_cell_in_its_row_and_its_column() -> None:
    table = [[3, 20, 30], [40, 50, 60], [70, 80, 90]]
    marks = suppress_table(table)
    assert marks.cells[0][0] is SMALL
    assert sum(mark is not S for mark in marks.cells[0]) >= 2  # the row's total would reveal it otherwise
    assert sum(marks.cells[r][0] is not S for r in range(3)) >= 2  # and the column's
    assert not _withheld_cell_can_be_worked_out(table, marks)


def test_the_hidden_cells_protecting_a_small_one_are_protected_too() -> None:
    # 2 is small; hiding 20 beside it is not enough if 20 is then the only withheld cell of its column.
    table = [[2, 20, 100], [50, 60, 70]]
    marks = suppress_table(table)
    assert not _withheld_cell_can_be_worked_out(table, marks)
    assert marks.total is S  # Hessen's total stays shown


def test_a_district_total_that_would_reveal_a_small_cell_is_hidden() -> None:
    # A district with one small count and nothing else: the district's total is that count.
    table = [[3, 0], [40, 50], [60, 70]]
    marks = suppress_table(table)
    assert marks.cells[0] == (SMALL, S)
    assert marks.rows[0] is SMALL  # the total says no more than "< 5"
    # Hessen's total minus the other districts would give the 3: a second district is hidden.
    assert sum(mark is not S for mark in marks.rows) >= 2
    assert not _withheld_cell_can_be_worked_out(table, marks)


def test_a_single_column_table_is_the_districts_with_their_total() -> None:
    table = [[3], [40], [60], [0]]
    marks = suppress_table(table)
    assert [row[0] for row in marks.cells] == list(marks.rows)  # a row's total is its only cell
    assert marks.rows[0] is SMALL and marks.rows[1] is H and marks.rows[2] is S and marks.rows[3] is S
    assert not _withheld_cell_can_be_worked_out(table, marks)


def test_random_tables_never_reveal_a_withheld_cell() -> None:
    rng = random.Random(13)
    for _ in range(300):
        rows, columns = rng.randint(1, 6), rng.randint(1, 5)
        table = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _c in range(columns)] for _r in range(rows)]
        marks = suppress_table(table)
        assert not _withheld_cell_can_be_worked_out(table, marks), table
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if 0 < value < 5:
                    assert marks.cells[r][c] is SMALL
                if value == 0:
                    assert marks.cells[r][c] is S


def test_follow_table_hides_whatever_the_count_withholds() -> None:
    marks = suppress_table([[3, 20], [40, 50]])
    followed = follow_table(marks)
    for count_row, follower_row in zip(marks.cells, followed.cells, strict=True):
        for count, follower in zip(count_row, follower_row, strict=True):
            assert follower is (S if count is S else H)
    assert followed.total is (S if marks.total is S else H)


def test_rows_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
