"""The editors' quadrants of the 'where to start' matrix: which scores are low, middle or high, and
which quadrant (if any) a case's two scores put it in. Every page, filter and file asks here.

The talk's slide „Wo beginnen?" has two axes (Kooperation; Einsparungen/Verbesserungen) and no
quadrants: the banding and the quadrants are the editors' reading of it. On the 1–5 scale, 3 is
the middle, so a case scored 3 on either axis lies on a middle line and in no quadrant.
"""

from __future__ import annotations

from dataclasses import dataclass

SCORES = (1, 2, 3, 4, 5)
BANDS = {"low": (1, 2), "middle": (3,), "high": (4, 5)}  # score band: the scores in it
MIDDLE_LINE = "middle-line"  # what a case on a middle line has where others have a quadrant


def band(score: int) -> str:
    """'low', 'middle' or 'high' for a score from 1 to 5."""
    for name, scores in BANDS.items():
        if score in scores:
            return name
    raise ValueError(f"a score runs from 1 to 5, not {score!r}")


@dataclass(frozen=True)
class Quadrant:
    cooperation: str  # "low" or "high"
    savings: str  # "low" or "high"

    @property
    def id(self) -> str:
        return f"cooperation-{self.cooperation}-savings-{self.savings}"

    def name(self, labels: dict[str, str]) -> str:
        """Named by its axes, in the page's language: "Kooperation hoch · Einsparungen/Verbesserungen niedrig"."""
        return labels["quadrant_name"].format(
            cooperation=labels["cooperation"],
            cooperation_band=labels[self.cooperation],
            savings=labels["savings"],
            savings_band=labels[self.savings],
        )


# In the order the pages list them: high cooperation first, then high savings/improvements first.
QUADRANTS = (
    Quadrant("high", "high"),
    Quadrant("high", "low"),
    Quadrant("low", "high"),
    Quadrant("low", "low"),
)


def quadrant(cooperation: int, savings: int) -> Quadrant | None:
    """The quadrant of two scores, or None when either is the middle (3): the case is on a middle line."""
    cooperation_band, savings_band = band(cooperation), band(savings)
    if "middle" in (cooperation_band, savings_band):
        return None
    return Quadrant(cooperation_band, savings_band)


def quadrant_id(cooperation: int, savings: int) -> str:
    """The quadrant's id, or MIDDLE_LINE: the value the filter, the open data and the drawing carry."""
    found = quadrant(cooperation, savings)
    return found.id if found else MIDDLE_LINE


def quadrant_ids() -> tuple[str, ...]:
    """Every value quadrant_id can return, in the pages' order."""
    return (*(q.id for q in QUADRANTS), MIDDLE_LINE)


def quadrant_id_name(value: str, labels: dict[str, str]) -> str:
    """The name of a value of quadrant_id, in the page's language."""
    for item in QUADRANTS:
        if item.id == value:
            return item.name(labels)
    if value == MIDDLE_LINE:
        return labels["quadrant_middle_line"]
    raise ValueError(f"no quadrant {value!r}")
