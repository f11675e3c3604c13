"""Layout of the 'where to start' matrix: where each case's point and label go in the SVG."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casebook.model import Case

CELL = 120  # pixels per score step: room for five labels and a quadrant name
GRID = 5  # scores run 1..5
LEFT, TOP = 70, 10  # room for the vertical axis label and the top edge
LINE = 16  # label line height inside a cell
MAX_LABELS_PER_CELL = 5  # more than this shows "+ N more", so labels never overlap


@dataclass(frozen=True)
class Point:
    case: Case
    x: float
    y: float
    label_x: float


@dataclass(frozen=True)
class Overflow:
    count: int
    x: float
    y: float


@dataclass(frozen=True)
class MatrixLayout:
    points: tuple[Point, ...]
    overflows: tuple[Overflow, ...]
    size: int = GRID * CELL
    left: int = LEFT
    top: int = TOP
    cell: int = CELL
    grid: int = GRID

    @property
    def width(self) -> int:
        return self.left + self.size + 10

    @property
    def height(self) -> int:
        return self.top + self.size + 50

    def cell_origin(self, savings: int, cooperation: int) -> tuple[int, int]:
        """Top-left corner of a cell: savings runs left to right, cooperation bottom to top (as in the talk)."""
        return self.left + (savings - 1) * self.cell, self.top + (self.grid - cooperation) * self.cell


def layout(cases: tuple[Case, ...] | list[Case]) -> MatrixLayout:
    """Stack the cases of each cell as a list of labelled points, in title order."""
    by_cell: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for case in cases:
        by_cell[(case.matrix.savings, case.matrix.cooperation)].append(case)
    points, overflows = [], []
    frame = MatrixLayout((), ())
    for (savings, cooperation), members in sorted(by_cell.items()):
        x0, y0 = frame.cell_origin(savings, cooperation)
        shown = members[:MAX_LABELS_PER_CELL]
        for row, case in enumerate(shown):
            y = y0 + 14 + row * LINE
            points.append(Point(case, x0 + 10, y, x0 + 18))
        if len(members) > len(shown):
            overflows.append(Overflow(len(members) - len(shown), x0 + 10, y0 + 14 + len(shown) * LINE))
    return MatrixLayout(tuple(points), tuple(overflows))
