"""The map's layout (worldmap.py): projection, clustering, clipping and sizes, without a build."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from casebook import worldmap

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class FakeCase:
    slug: str


def located(slug: str, longitude: float, latitude: float) -> worldmap.Located:
    return worldmap.Located(FakeCase(slug), longitude, latitude)  # type: ignore[arg-type]


LONDON = [located("camden", -0.14, 51.55), located("lambeth", -0.12, 51.46), located("tower-hamlets", -0.03, 51.52)]
STOCKPORT = located("stockport", -2.16, 53.41)
ULM = located("ulm", 9.99, 48.40)


def test_marks_that_would_overlap_share_one_mark_with_all_their_cases():
    view = worldmap.overview([*LONDON, STOCKPORT, ULM], ["GB", "DE"])
    by_size = sorted(len(mark.cases) for mark in view.marks)
    assert by_size == [1, 1, 3]
    cluster = next(mark for mark in view.marks if len(mark.cases) == 3)
    assert {case.slug for case in cluster.cases} == {"camden", "lambeth", "tower-hamlets"}


def test_marks_far_apart_stay_apart_and_keep_a_tap_sized_distance():
    view = worldmap.overview([STOCKPORT, ULM, *LONDON], ["GB", "DE"])
    for first in view.marks:
        for second in view.marks:
            if first is not second:
                distance = ((first.x - second.x) ** 2 + (first.y - second.y) ** 2) ** 0.5
                assert distance >= worldmap.CLUSTER_RADIUS / 2


def test_every_mark_lies_inside_the_drawing():
    view = worldmap.overview([*LONDON, STOCKPORT, ULM], ["GB", "DE"])
    for mark in view.marks:
        assert 0 <= mark.x <= view.width and 0 <= mark.y <= view.height


def test_the_same_collection_gives_the_same_map_in_any_order():
    first = worldmap.overview([*LONDON, STOCKPORT, ULM], ["GB", "DE"])
    second = worldmap.overview([ULM, STOCKPORT, *reversed(LONDON)], ["DE", "GB"])
    assert first == second


def test_countries_with_cases_are_highlighted_and_the_rest_drawn_plain():
    view = worldmap.overview([STOCKPORT], ["GB"])
    highlighted = {outline.code for outline in view.outlines if outline.has_cases}
    assert highlighted == {"GB"}
    assert any(outline.code == "IE" and not outline.has_cases for outline in view.outlines)


def test_a_country_without_located_cases_still_frames_the_map():
    view = worldmap.overview([], ["DE"])
    assert view.marks == ()
    assert any(outline.code == "DE" and outline.has_cases for outline in view.outlines)


def test_paths_are_clipped_to_the_view():
    """Russia reaches into a map of Germany; only the part in view is drawn."""
    view = worldmap.overview([ULM], ["DE"])
    for outline in view.outlines:
        numbers = re.findall(r"-?\d+(?:\.\d+)?", outline.path)
        assert len(numbers) < 2000, outline.code
    assert sum(len(outline.path) for outline in view.outlines) < 40_000


@pytest.mark.parametrize("code", ["GB", "DE", "FR", "US", "NO", "AT", "CH"])
def test_a_locator_is_small_and_shows_its_country(code):
    point = worldmap.country_centre(code)
    view = worldmap.locator(code, point)
    assert view is not None
    assert any(outline.code == code and outline.has_cases for outline in view.outlines)
    assert sum(len(outline.path) for outline in view.outlines) < 6_000
    assert len(view.marks) == 1


def test_a_locator_without_a_point_has_no_mark():
    view = worldmap.locator("GB", None)
    assert view is not None and view.marks == ()


def test_an_unknown_country_has_no_locator():
    assert worldmap.locator("ZZ", None) is None
    assert not worldmap.known_country("ZZ")


def test_simplify_keeps_the_ends_and_drops_points_on_a_straight_line():
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (3.0, 5.0)]
    assert worldmap.simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
