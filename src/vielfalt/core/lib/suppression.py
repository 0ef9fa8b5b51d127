"""Small-count suppression for published counts (pure functions, no Django).

A count of 1 to 4 could point at one organisation (three cases on Vereinsrecht in a small district),
so it is shown as "< 5" (*small*). Where the column's total is shown, a single small cell could be
worked out as total − the other cells; then further cells are *hidden* (shown as "×") until no small
cell can be worked out exactly any more — not even from the bounds a reader knows (a small cell is
1–4, a hidden one at least 5, a shown zero is zero). If no cell is left to hide, the total is hidden.

Zero is shown as 0: it describes no organisation. Values that belong to a count (the hours of the
contacts in a row) follow the count's marks (``follow``), since hours of "< 5" contacts would tell
about those few contacts.

A *table* of counts with both margins (districts × categories, with the districts' totals, the
categories' totals and the grand total: ``suppress_table``) is read along every row and every column,
and along both margins. There a hidden cell protects a small one in its other line, so no withheld
cell — small or hidden — may be worked out exactly from any line; the lines are gone through again
until none changes. What this does not catch: a reader solving several lines at once as a system of
equations (rare with counts this coarse; the published tables are small).

Used by the counselling statistics and by the figures dashboard and the annual report (``reports``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

THRESHOLD = 5


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: a count of 1 to THRESHOLD - 1
    HIDDEN = "hidden"  # secondary: hidden so that a small one cannot be worked out


@dataclass(frozen=True)
class Column:
    """The marks of a column's cells and of its total."""

    cells: tuple[Mark, ...]
    total: Mark


def _small_cell_revealed(
    values: Sequence[int], marks: Sequence[Mark], threshold: int, *, protect_hidden: bool = False
) -> bool:
    """Whether a reader who knows the total, the shown cells and the rule can work out a small cell
    (with ``protect_hidden``: any withheld cell)."""
    withheld = [i for i, mark in enumerate(marks) if mark is not Mark.SHOWN]
    if not withheld or (not protect_hidden and not any(marks[i] is Mark.SMALL for i in withheld)):
        return False
    remainder = sum(values[i] for i in withheld)  # total − shown cells: known to the reader
    low = {i: (1 if marks[i] is Mark.SMALL else threshold) for i in withheld}
    high = {i: (threshold - 1 if marks[i] is Mark.SMALL else None) for i in withheld}
    for i in withheld:
        if marks[i] is not Mark.SMALL and not protect_hidden:
            continue
        others = [j for j in withheld if j != i]
        others_low = sum(low[j] for j in others)
        upper = min(high[i] or remainder, remainder - others_low)
        if any(high[j] is None for j in others):
            lower = low[i]
        else:
            lower = max(low[i], remainder - sum(high[j] or 0 for j in others))
        if lower >= upper:
            return True
    return False


def suppress(values: Sequence[int], *, threshold: int = THRESHOLD) -> Column:
    """The marks of ``values`` (one column of counts) and of their total."""
    total = sum(values)
    marks = [Mark.SMALL if 0 < value < threshold else Mark.SHOWN for value in values]
    if 0 < total < threshold:
        # Every non-zero cell is small too; the total says no more than "< 5".
        return Column(cells=tuple(marks), total=Mark.SMALL)
    while _small_cell_revealed(values, marks, threshold):
        candidates = [i for i, mark in enumerate(marks) if mark is Mark.SHOWN and values[i] > 0]
        if not candidates:
            return Column(cells=tuple(marks), total=Mark.HIDDEN)
        smallest = min(candidates, key=lambda i: (values[i], i))
        marks[smallest] = Mark.HIDDEN
    return Column(cells=tuple(marks), total=Mark.SHOWN)


def follow(column: Column) -> Column:
    """The marks for values that describe a count's rows (the hours of the contacts): anything the
    count does not show is hidden."""

    def hidden(mark: Mark) -> Mark:
        return Mark.SHOWN if mark is Mark.SHOWN else Mark.HIDDEN

    return Column(cells=tuple(hidden(mark) for mark in column.cells), total=hidden(column.total))


@dataclass(frozen=True)
class TableMarks:
    """The marks of a table of counts: its cells (row by row), the rows' totals, the columns' totals
    and the grand total."""

    cells: tuple[tuple[Mark, ...], ...]
    rows: tuple[Mark, ...]
    columns: tuple[Mark, ...]
    total: Mark


def _initial(value: int, threshold: int) -> Mark:
    return Mark.SMALL if 0 < value < threshold else Mark.SHOWN


def suppress_table(table: Sequence[Sequence[int]], *, threshold: int = THRESHOLD) -> TableMarks:
    """The marks of ``table`` (rows of counts, all of the same length) and of its margins: every line
    (a row with its total, a column with its total, the rows' totals with the grand total, the
    columns' totals with the grand total) is safe on its own, with hidden cells protected too."""
    width = len(table[0]) if table else 0
    if any(len(row) != width for row in table):
        raise ValueError("all rows of a table must have the same length")
    # Every value and mark in one list: the cells row by row, then the rows', the columns' and the
    # grand total. A line is the positions of its cells and the position of its total.
    cell_count = len(table) * width
    values = [value for row in table for value in row]
    values += [sum(row) for row in table]
    values += [sum(row[column] for row in table) for column in range(width)]
    values.append(sum(values[:cell_count]))
    marks = [_initial(value, threshold) for value in values]
    row_total = cell_count
    column_total = cell_count + len(table)
    grand = len(values) - 1
    lines = [([r * width + c for c in range(width)], row_total + r) for r in range(len(table))]
    lines += [([r * width + c for r in range(len(table))], column_total + c) for c in range(width)]
    lines += [(list(range(row_total, column_total)), grand), (list(range(column_total, grand)), grand)]
    changed = True
    while changed:
        changed = False
        for positions, total in lines:
            if marks[total] is not Mark.SHOWN:
                continue  # a reader who does not know the total learns nothing from the line
            line_values = [values[i] for i in positions]
            line_marks = [marks[i] for i in positions]
            while _small_cell_revealed(line_values, line_marks, threshold, protect_hidden=True):
                candidates = [i for i, mark in enumerate(line_marks) if mark is Mark.SHOWN and line_values[i] > 0]
                if not candidates:
                    marks[total] = Mark.HIDDEN
                    changed = True
                    break
                smallest = min(candidates, key=lambda i: (line_values[i], i))
                line_marks[smallest] = Mark.HIDDEN
                marks[positions[smallest]] = Mark.HIDDEN
                changed = True
    return TableMarks(
        cells=tuple(tuple(marks[r * width : (r + 1) * width]) for r in range(len(table))),
        rows=tuple(marks[row_total:column_total]),
        columns=tuple(marks[column_total:grand]),
        total=marks[grand],
    )


def follow_table(marks: TableMarks) -> TableMarks:
    """``follow`` for a table: values that describe a count's cells take its marks, hidden where not shown."""

    def hidden(mark: Mark) -> Mark:
        return Mark.SHOWN if mark is Mark.SHOWN else Mark.HIDDEN

    return TableMarks(
        cells=tuple(tuple(hidden(mark) for mark in row) for row in marks.cells),
        rows=tuple(hidden(mark) for mark in marks.rows),
        columns=tuple(hidden(mark) for mark in marks.columns),
        total=hidden(marks.total),
    )


def shown_all(rows: int, columns: int) -> TableMarks:
    """The marks of a table nothing is withheld from (counts that describe no person)."""
    return TableMarks(
        cells=tuple((Mark.SHOWN,) * columns for _ in range(rows)),
        rows=(Mark.SHOWN,) * rows,
        columns=(Mark.SHOWN,) * columns,
        total=Mark.SHOWN,
    )
