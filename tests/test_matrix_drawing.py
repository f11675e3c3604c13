"""The 'where to start' matrix as drawn: legible and tappable on a phone, cases of one cell told
apart, marks centred, the editors' quadrants shaded distinctly as their rule says, in a real Chromium
on a site of test-written cases, and the layout itself for any number of cases in a cell."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from casebook import matrix
from casebook.quadrants import MIDDLE_LINE, QUADRANTS, quadrant_id
from practitioner_site import CROWDED, LONG_CASE, SHARP_S, practitioner_url


@dataclass(frozen=True)
class Scores:
    cooperation: int
    savings: int


@dataclass(frozen=True)
class Placed:
    """What the layout reads of a case: its slug and its two scores."""

    slug: str
    matrix: Scores


def case_at(slug: str, *, cooperation: int, savings: int) -> Placed:
    return Placed(slug, Scores(cooperation, savings))


SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
PAGES = ("where-to-start/", "cases/")

# Every text of the drawing with the size it is drawn at (its font size times the drawing's scale),
# and every link's box on the screen.
DRAWN = """svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
        scale,
        texts: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent,
            size: parseFloat(getComputedStyle(t).fontSize) * scale})),
        links: [...svg.querySelectorAll('a')].map(a => {
            const r = a.getBoundingClientRect();
            return {slug: a.dataset.slug || null, width: r.width, height: r.height,
                text: a.querySelector('text').textContent, name: a.getAttribute('aria-label')};
        }),
    };
}"""


def open_page(page, language: str, path: str, screen: str):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{practitioner_url()}/{language}/{path}", wait_until="load")
    return page.locator("svg.casebook-matrix").first


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_text_below_12_px_and_every_mark_a_24_px_target(page, path: str, screen: str) -> None:
    drawn = open_page(page, "de", path, screen).evaluate(DRAWN)
    assert drawn["texts"] and drawn["links"]
    small = [text for text in drawn["texts"] if text["size"] < 12]
    assert small == [], small
    tiny = [link for link in drawn["links"] if link["width"] < 24 or link["height"] < 24]
    assert tiny == [], tiny
    legend = page.locator(".casebook-matrix-legend li").first
    assert float(legend.evaluate("li => parseFloat(getComputedStyle(li).fontSize)")) >= 12


@pytest.mark.parametrize("screen", list(SCREENS))
def test_table_under_the_drawing_is_not_cut(page, screen: str) -> None:
    open_page(page, "de", "where-to-start/", screen)
    table = page.locator(".casebook-matrix-table table")
    box = table.evaluate(
        "t => ({scroll: t.scrollWidth, client: t.clientWidth, right: t.getBoundingClientRect().right})"
    )
    assert box["scroll"] <= box["client"] + 1, "no column hidden to the side"
    assert box["right"] <= SCREENS[screen][0]


@pytest.mark.parametrize("language", ["de", "en"])
def test_cases_in_one_crowded_cell_are_told_apart(page, language: str) -> None:
    drawn = open_page(page, language, "where-to-start/", "desktop").evaluate(DRAWN)
    marks = [link for link in drawn["links"] if link["slug"] in CROWDED]
    more = [link for link in drawn["links"] if link["slug"] is None]
    assert len(marks) == matrix.MARKS_PER_CELL - 1 and len(more) == 1
    assert more[0]["text"] == f"+{len(CROWDED) - len(marks)}"
    numbers = [mark["text"] for mark in marks]
    assert len(set(numbers)) == len(numbers) and all(number.isdigit() for number in numbers)
    assert all(mark["name"].startswith(mark["text"] + ": ") for mark in marks), "the name starts with the label"
    assert len({mark["name"] for mark in marks}) == len(marks)
    # The table under the drawing gives each number its case.
    rows = page.locator(".casebook-matrix-table tr[data-slug]")
    by_slug = dict(rows.evaluate_all("rs => rs.map(r => [r.dataset.slug, r.cells[0].textContent.trim()])"))
    assert {by_slug[mark["slug"]] for mark in marks} == set(numbers)
    assert set(CROWDED) <= set(by_slug), "every case of the cell is in the table"


def test_quadrants_are_shaded_distinctly_where_the_rule_puts_them(page) -> None:
    svg = open_page(page, "de", "where-to-start/", "desktop")
    rects = svg.locator("rect[data-quadrant]").evaluate_all(
        "rs => rs.map(r => ({id: r.dataset.quadrant, fill: getComputedStyle(r).fill,"
        " x: r.x.baseVal.value, y: r.y.baseVal.value, w: r.width.baseVal.value, h: r.height.baseVal.value}))"
    )
    assert sorted(rect["id"] for rect in rects) == sorted(q.id for q in QUADRANTS)
    fills = {rect["fill"] for rect in rects}
    assert len(fills) == len(QUADRANTS) and "rgba(0, 0, 0, 0)" not in fills, fills
    frame = matrix.layout([])
    for cooperation in range(1, 6):
        for savings in range(1, 6):
            x0, y0 = frame.cell_origin(savings, cooperation)
            centre = (x0 + frame.cell / 2, y0 + frame.cell / 2)
            inside = [
                r["id"]
                for r in rects
                if r["x"] <= centre[0] <= r["x"] + r["w"] and r["y"] <= centre[1] <= r["y"] + r["h"]
            ]
            expected = quadrant_id(cooperation, savings)
            assert inside == ([] if expected == MIDDLE_LINE else [expected]), (cooperation, savings)
    legend = page.locator(".casebook-matrix-legend li[data-quadrant]")
    legend_fills = legend.evaluate_all("ls => ls.map(l => [l.dataset.quadrant, getComputedStyle(l).backgroundColor])")
    assert {quadrant for quadrant, _ in legend_fills} == {q.id for q in QUADRANTS} | {MIDDLE_LINE}


@pytest.mark.parametrize("count", range(1, 9))
def test_marks_sit_centred_in_their_cell_and_inside_it(count: int) -> None:
    cases = [case_at(f"case-{n}", cooperation=2, savings=4) for n in range(count)]
    layout = matrix.layout(cases)
    x0, y0 = layout.cell_origin(4, 2)
    spots = [(mark.x, mark.y) for mark in layout.marks] + [(more.x, more.y) for more in layout.overflows]
    assert len(spots) == min(count, matrix.MARKS_PER_CELL)
    centre_x = sum(x for x, _ in spots) / len(spots)
    rows = sorted({y for _, y in spots})
    assert abs(centre_x - (x0 + layout.cell / 2)) < layout.cell / 4
    assert abs((rows[0] + rows[-1]) / 2 - (y0 + layout.cell / 2)) < 1e-6
    for x, y in spots:
        assert x0 <= x - layout.radius and x + layout.radius <= x0 + layout.cell
        assert y0 <= y - layout.radius and y + layout.radius <= y0 + layout.cell
    for (xa, ya), (xb, yb) in ((a, b) for i, a in enumerate(spots) for b in spots[i + 1 :]):
        assert (xa - xb) ** 2 + (ya - yb) ** 2 >= (2 * layout.radius) ** 2, "marks do not overlap"
    assert sorted(layout.numbers.values()) == list(range(1, len(layout.marks) + 1))
    if layout.overflows:
        assert layout.overflows[0].count == count - len(layout.marks)


@pytest.mark.parametrize("language", ["de", "en"])
def test_case_page_names_its_quadrant_by_the_rule(page, language: str) -> None:
    from casebook.labels import LABELS
    from casebook.quadrants import quadrant_id_name

    for slug, cooperation, savings in ((CROWDED[0], 4, 2), (SHARP_S, 5, 5), (LONG_CASE, 1, 4)):
        page.goto(f"{practitioner_url()}/{language}/cases/{slug}/", wait_until="load")
        named = page.locator(".casebook-position .casebook-quadrant")
        assert named.is_visible()
        assert quadrant_id_name(quadrant_id(cooperation, savings), LABELS[language]) in named.inner_text()


def test_numbers_run_as_the_drawing_is_read_row_by_row_left_to_right() -> None:
    """Cell by cell, the top row first and each row from the left; inside a cell, as its marks lie."""
    cells = [(5, 4), (5, 3), (4, 2), (4, 3), (4, 3), (4, 3), (3, 1), (3, 5), (2, 4), (2, 2), (1, 1)]
    cases = [case_at(f"case-{n}", cooperation=c, savings=s) for n, (c, s) in enumerate(cells)]
    layout = matrix.layout(cases)
    reading = sorted(
        layout.marks, key=lambda mark: (-mark.case.matrix.cooperation, mark.case.matrix.savings, mark.y, mark.x)
    )
    assert [mark.number for mark in reading] == list(range(1, len(cells) + 1))
    assert [case.slug for case in layout.cases] == [mark.case.slug for mark in reading], "the table's order"
