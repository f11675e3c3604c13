"""Layout of the 'where to start' matrix: where each case's numbered mark goes in the SVG.

The drawing is laid out in CSS pixels of a phone: about 340 units wide, so on a 390 px screen it is
drawn at least at full size, its text at 12 px or more and each mark a 24 px target to tap; on a
wide screen it grows. A mark carries a number, and the table under the drawing gives the number's
case, so cases from one place in one cell stay apart. A cell holds up to four marks, centred; a
fuller cell shows three and a "+N" mark that leads to the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casebook.model import Case

GRID = 5  # scores run 1..5
CELL = 60  # units per score step: two rows of two marks
MARK = 12  # a mark's radius: 24 units across
STEP = 28  # from one mark's centre to the next in a cell
MARKS_PER_CELL = 4
LEFT, TOP = 34, 6  # room for the vertical axis (its name and the scores) and the top edge
BOTTOM = 46  # room for the scores and the name of the horizontal axis


@dataclass(frozen=True)
class Mark:
    case: Case
    number: int
    x: float
    y: float


@dataclass(frozen=True)
class Overflow:
    """The "+N" mark of a cell with more cases than marks."""

    count: int
    x: float
    y: float


@dataclass(frozen=True)
class MatrixLayout:
    marks: tuple[Mark, ...]
    overflows: tuple[Overflow, ...]
    numbers: dict[str, int]  # case slug -> its mark's number (cases in a "+N" have none)
    cases: tuple[Case, ...] = ()  # every case, in table order
    size: int = GRID * CELL
    left: int = LEFT
    top: int = TOP
    cell: int = CELL
    grid: int = GRID
    radius: int = MARK

    @property
    def width(self) -> int:
        return self.left + self.size + 8

    @property
    def height(self) -> int:
        return self.top + self.size + BOTTOM

    def cell_origin(self, savings: int, cooperation: int) -> tuple[int, int]:
        """Top-left corner of a cell: savings runs left to right, cooperation bottom to top (as in the talk)."""
        return self.left + (savings - 1) * self.cell, self.top + (self.grid - cooperation) * self.cell

    def column_centre(self, savings: int) -> float:
        return self.left + (savings - 0.5) * self.cell

    def row_centre(self, cooperation: int) -> float:
        return self.top + (self.grid - cooperation + 0.5) * self.cell


def table_order(cases: tuple[Case, ...] | list[Case]) -> list[Case]:
    """The order of the table under the drawing, and of the marks' numbers: the drawing read as a page,
    the top row (highest cooperation) first, each row from left to right (lowest savings/improvements
    first), then by slug, so the numbers run left to right, row by row."""
    return sorted(cases, key=lambda case: (-case.matrix.cooperation, case.matrix.savings, case.slug))


def _offsets(count: int) -> list[tuple[float, float]]:
    """Mark centres relative to the cell's centre, for 1 to 4 marks: one row of two, then a second."""
    half = STEP / 2
    if count == 1:
        return [(0, 0)]
    if count == 2:
        return [(-half, 0), (half, 0)]
    if count == 3:
        return [(-half, -half), (half, -half), (0, half)]
    return [(-half, -half), (half, -half), (-half, half), (half, half)]


def layout(cases: tuple[Case, ...] | list[Case]) -> MatrixLayout:
    """Number the cases in table order and place each cell's marks around the cell's centre."""
    ordered = table_order(cases)
    by_cell: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for case in ordered:
        by_cell[(case.matrix.savings, case.matrix.cooperation)].append(case)
    shown: dict[str, tuple[float, float]] = {}
    overflows = []
    frame = MatrixLayout((), (), {})
    for (savings, cooperation), members in by_cell.items():
        x, y = frame.column_centre(savings), frame.row_centre(cooperation)
        full = len(members) > MARKS_PER_CELL
        marked = members[: MARKS_PER_CELL - 1] if full else members
        slots = _offsets(len(marked) + (1 if full else 0))
        for case, (dx, dy) in zip(marked, slots, strict=False):
            shown[case.slug] = (x + dx, y + dy)
        if full:
            dx, dy = slots[-1]
            overflows.append(Overflow(len(members) - len(marked), x + dx, y + dy))
    marks, numbers = [], {}
    for case in ordered:
        if case.slug in shown:
            numbers[case.slug] = len(numbers) + 1
            marks.append(Mark(case, numbers[case.slug], *shown[case.slug]))
    return MatrixLayout(tuple(marks), tuple(overflows), numbers, tuple(ordered))
