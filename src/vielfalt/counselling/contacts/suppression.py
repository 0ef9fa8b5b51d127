"""Small-count suppression for published counts (pure functions, no Django).

A count of 1 to 4 could point at one organisation (three cases on Vereinsrecht in a small district),
so it is shown as "< 5" (*small*). Where the column's total is shown, a single small cell could be
worked out as total − the other cells; then further cells are *hidden* (shown as "×") until no small
cell can be worked out exactly any more — not even from the bounds a reader knows (a small cell is
1–4, a hidden one at least 5, a shown zero is zero). If no cell is left to hide, the total is hidden.

Zero is shown as 0: it describes no organisation. Values that belong to a count (the hours of the
contacts in a row) follow the count's marks (``follow``), since hours of "< 5" contacts would tell
about those few contacts.
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


def _small_cell_revealed(values: Sequence[int], marks: Sequence[Mark], threshold: int) -> bool:
    """Whether a reader who knows the total, the shown cells and the rule can work out a small cell."""
    withheld = [i for i, mark in enumerate(marks) if mark is not Mark.SHOWN]
    if not any(marks[i] is Mark.SMALL for i in withheld):
        return False
    remainder = sum(values[i] for i in withheld)  # total − shown cells: known to the reader
    low = {i: (1 if marks[i] is Mark.SMALL else threshold) for i in withheld}
    high = {i: (threshold - 1 if marks[i] is Mark.SMALL else None) for i in withheld}
    for i in withheld:
        if marks[i] is not Mark.SMALL:
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
