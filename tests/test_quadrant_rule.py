"""The matrix's middle score is the middle: one quadrant rule, the same in the drawing, the filter,
the open data and the case page. Runs on cases the test writes; asserts only about them."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from casebook.labels import LABELS
from casebook.quadrants import MIDDLE_LINE, QUADRANTS, band, quadrant, quadrant_id, quadrant_id_name, quadrant_ids
from casebook.site import Project, build_site
from conftest import copy_project
from written_case import write_case

# (cooperation, savings) -> the quadrant the rule gives: 1-2 low, 3 middle, 4-5 high.
SCORES = {
    (3, 3): MIDDLE_LINE,
    (3, 5): MIDDLE_LINE,
    (5, 3): MIDDLE_LINE,
    (5, 5): "cooperation-high-savings-high",
    (4, 1): "cooperation-high-savings-low",
    (2, 4): "cooperation-low-savings-high",
    (1, 2): "cooperation-low-savings-low",
}


def slug(cooperation: int, savings: int) -> str:
    return f"zz-quadrant-test-{cooperation}-{savings}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quadrants")
    project = copy_project(root / "project")
    vocabulary = yaml.safe_load((project / "vocabulary.yml").read_text(encoding="utf-8"))
    instrument = vocabulary["instruments"][0]
    for cooperation, savings in SCORES:
        write_case(
            project / "cases",
            slug(cooperation, savings),
            cooperation=cooperation,
            savings=savings,
            phases=instrument["phases"][:1],
            instruments=[instrument["id"]],
            policy_area=vocabulary["policy_areas"][0]["id"],
        )
    build_site(Project(project), root / "site")
    return root / "site"


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def elements(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_the_middle_score_is_its_own_band():
    assert [band(score) for score in (1, 2, 3, 4, 5)] == ["low", "low", "middle", "high", "high"]
    with pytest.raises(ValueError):
        band(6)


@pytest.mark.parametrize(("scores", "expected"), SCORES.items())
def test_rule_places_scores(scores, expected):
    assert quadrant_id(*scores) == expected
    assert (quadrant(*scores) is None) == (expected == MIDDLE_LINE)


def test_quadrants_are_named_by_their_axes_in_each_language():
    for language, labels in LABELS.items():
        for item in QUADRANTS:
            name = quadrant_id_name(item.id, labels)
            assert labels["cooperation"] in name and labels["savings"] in name
            assert labels[item.cooperation] in name and labels[item.savings] in name
        names = [quadrant_id_name(value, labels) for value in quadrant_ids()]
        assert len(set(names)) == len(names), language


def test_drawing_puts_each_case_in_the_area_of_its_quadrant(site):
    tags = elements(site / "de" / "where-to-start" / "index.html")
    areas = {
        attrs["data-quadrant"]: tuple(float(attrs[key]) for key in ("x", "y", "width", "height"))
        for tag, attrs in tags
        if tag == "rect" and "data-quadrant" in attrs
    }
    assert set(areas) == {item.id for item in QUADRANTS}
    for (cooperation, savings), expected in SCORES.items():
        index = next(
            i
            for i, (tag, attrs) in enumerate(tags)
            if tag == "a" and attrs.get("data-slug") == slug(cooperation, savings)
        )
        assert tags[index][1]["data-quadrant"] == expected
        circle = next(attrs for tag, attrs in tags[index:] if tag == "circle")
        x, y = float(circle["cx"]), float(circle["cy"])
        inside = {
            name
            for name, (left, top, width, height) in areas.items()
            if left < x < left + width and top < y < top + height
        }
        assert inside == (set() if expected == MIDDLE_LINE else {expected}), (cooperation, savings)


def test_filter_lists_each_case_under_its_quadrant_only(site):
    rows = {
        attrs["data-slug"]: attrs["data-quadrant"]
        for tag, attrs in elements(site / "de" / "cases" / "index.html")
        if tag == "tr" and "data-slug" in attrs
    }
    for (cooperation, savings), expected in SCORES.items():
        assert rows[slug(cooperation, savings)] == expected
        for value in quadrant_ids():
            page = site / "de" / "cases" / "quadrant" / value / "index.html"
            listed = page.exists() and f"/{slug(cooperation, savings)}/" in page.read_text(encoding="utf-8")
            assert listed == (value == expected), (cooperation, savings, value)


def test_open_data_carries_the_same_quadrant(site):
    for language in ("de", "en"):
        records = json.loads((site / language / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
        by_slug = {record["slug"]: record["matrix"]["quadrant"] for record in records}
        rows = {
            row["slug"]: row["quadrant"]
            for row in csv.DictReader(io.StringIO((site / language / "data" / "cases.csv").read_text(encoding="utf-8")))
        }
        schema = json.loads((site / language / "data" / "cases.schema.json").read_text(encoding="utf-8"))
        enum = schema["properties"]["cases"]["items"]["properties"]["matrix"]["properties"]["quadrant"]["enum"]
        for scores, expected in SCORES.items():
            assert by_slug[slug(*scores)] == rows[slug(*scores)] == expected
            assert expected in enum


def test_case_page_names_the_quadrant_the_rule_gives(site):
    for language in ("de", "en"):
        for scores, expected in SCORES.items():
            page = site / language / "cases" / slug(*scores) / "index.html"
            marks = [
                attrs for tag, attrs in elements(page) if tag == "p" and "casebook-quadrant" in attrs.get("class", "")
            ]
            assert [mark["data-quadrant"] for mark in marks] == [expected]
            assert quadrant_id_name(expected, LABELS[language]) in page.read_text(encoding="utf-8")
