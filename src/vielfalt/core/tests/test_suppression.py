"""The small-count suppression: a pure function, tried on the columns that go wrong in practice."""

from __future__ import annotations

from vielfalt.core.lib.suppression import Column, Mark, follow, suppress

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
