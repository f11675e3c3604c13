"""The map page and the case pages' locators, in a built site of cases the tests write (both languages)."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from casebook.site import Project, build_site
from conftest import copy_project, serve
from practitioner_site import _text, _write, build_once, case_data, write_cases

pytestmark = pytest.mark.site

# Three boroughs of London crowd one spot; Ulm and Stockport stand alone; one case is nationwide and
# gives no location, another gives none either: both must be listed, not dropped.
LOCATED = {
    "map-camden": ("Camden, London", "GB", 51.529, -0.1255),
    "map-lambeth": ("Lambeth, London", "GB", 51.4607, -0.1165),
    "map-tower-hamlets": ("Tower Hamlets, London", "GB", 51.5186, -0.0601),
    "map-stockport": ("Stockport", "GB", 53.40583, -2.15861),
    "map-ulm": ("Ulm", "DE", 48.3984, 9.9916),
}
UNLOCATED = {"map-nowhere": ("Arnsberg", "DE")}
# A nationwide case given a point in London: it joins the London mark and has no place to name.
NATIONAL_IN_LONDON = ("map-nationwide", 51.5072, -0.1275)


def _write_map_cases(project: Path) -> None:
    cases = project / "cases"
    for slug, (place, country, latitude, longitude) in LOCATED.items():
        title = _text(f"Kartenfall {slug}", f"Map case {slug}")
        location = {"latitude": latitude, "longitude": longitude, "url": "https://example.org/coordinates"}
        data = case_data(title, _text(place, place), cooperation=3, savings=3, country=country, location=location)
        _write(cases, slug, data)
    slug, latitude, longitude = NATIONAL_IN_LONDON
    location = {"latitude": latitude, "longitude": longitude, "url": "https://example.org/coordinates"}
    national = case_data(_text("Landesweit", "Nationwide"), {}, cooperation=3, savings=3, location=location)
    del national["place"]
    _write(cases, slug, {**national, "scope": "national"})
    for slug, (place, country) in UNLOCATED.items():
        _write(
            cases,
            slug,
            case_data(_text("Ohne Ort", "No location"), _text(place, place), cooperation=2, savings=2, country=country),
        )


@functools.cache
def map_site() -> Path:
    return build_once("casebook-map-", write_cases, _write_map_cases)


def _html(language: str, path: str) -> str:
    return (map_site() / language / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_located_case_is_on_the_map_as_a_named_link(language):
    html = _html(language, "map/index.html")
    svg = html[html.index('<svg class="casebook-map__svg"') : html.index("</svg>", html.index("casebook-map__svg"))]
    marks = re.findall(
        r'<a href="([^"]+)" class="casebook-map__mark[^"]*" data-slugs="([^"]+)" aria-label="([^"]+)"', svg
    )
    on_map = {slug for _, slugs, _ in marks for slug in slugs.split()}
    assert set(LOCATED) <= on_map
    assert not set(UNLOCATED) & on_map
    for href, slugs, label in marks:
        assert label.strip()
        if len(slugs.split()) == 1:
            assert href == f"../cases/{slugs}/"
        else:
            assert href.startswith("#casebook-map-") and f'id="{href[1:]}"' in html  # a cluster leads to its list


@pytest.mark.parametrize("language", ["de", "en"])
def test_crowded_cases_share_one_mark_with_their_count(language):
    html = _html(language, "map/index.html")
    cluster = re.search(
        r'class="casebook-map__mark casebook-map__cluster" data-slugs="([^"]+)".*?<text[^>]*>(\d+)</text>', html
    )
    assert cluster is not None
    slugs = set(cluster.group(1).split())
    assert {"map-camden", "map-lambeth", "map-tower-hamlets"} <= slugs
    assert int(cluster.group(2)) == len(slugs)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_case_is_listed_beside_the_map_the_unlocated_ones_too(language):
    html = _html(language, "map/index.html")
    listing = html[html.index('class="casebook-map__list"') :]
    cases = json.loads((map_site() / language / "data/cases.json").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        assert f'data-slug="{case["slug"]}"' in listing, case["slug"]
    not_located = {"de": "ohne Ortsangabe", "en": "no location given"}[language]
    entry = re.search(r'<li data-slug="map-nowhere".*?</li>', listing, re.S)
    assert entry is not None and not_located in entry.group(0)
    national = re.search(rf'<li data-slug="{NATIONAL_IN_LONDON[0]}".*?</li>', listing, re.S)
    assert national is not None and '<span class="casebook-place">' in national.group(0)
    place_line = national.group(0).split('<span class="casebook-place">')[1]
    assert place_line.strip() and not place_line.lstrip().startswith("·"), "no separator before the first part"


@pytest.mark.parametrize("language", ["de", "en"])
def test_countries_with_cases_link_to_their_country_section(language):
    html = _html(language, "map/index.html")
    countries = _html(language, "countries/index.html")
    links = re.findall(r'<a href="../countries/#([a-z]{2})" class="casebook-map__country"', html)
    assert set(links) == {"gb", "de"}
    for code in links:
        assert f'id="{code}"' in countries


def test_the_map_requests_nothing_from_another_host():
    html = _html("de", "map/index.html")
    figure = html[html.index('<div class="casebook-map"') : html.index('class="casebook-map__list"')]
    assert not re.search(r'(?:src|href)="(?:https?:)?//', figure)
    assert "<img" not in figure


def test_the_geojson_has_a_feature_per_case_and_points_for_the_located():
    for language in ("de", "en"):
        document = json.loads((map_site() / language / "data/cases.geojson").read_text(encoding="utf-8"))
        assert document["type"] == "FeatureCollection"
        by_slug = {feature["id"]: feature for feature in document["features"]}
        cases = json.loads((map_site() / language / "data/cases.json").read_text(encoding="utf-8"))["cases"]
        assert set(by_slug) == {case["slug"] for case in cases}
        for slug, (_, _, latitude, longitude) in LOCATED.items():
            assert by_slug[slug]["geometry"] == {"type": "Point", "coordinates": [longitude, latitude]}
        assert by_slug["map-nowhere"]["geometry"] is None


def test_a_case_page_carries_only_its_own_small_locator():
    html = _html("en", "cases/map-stockport/index.html")
    locators = re.findall(r'<svg class="casebook-locator".*?</svg>', html, re.S)
    assert len(locators) == 1
    assert len(locators[0]) < 6_000
    assert "casebook-locator__here" in locators[0]
    assert "casebook-map__mark" not in html  # no other case's mark
    assert 'href="https://example.org/coordinates"' in html  # where the coordinates come from
    unlocated = _html("en", "cases/map-nowhere/index.html")
    assert "casebook-locator__country" in unlocated and "casebook-locator__here" not in unlocated


def test_the_map_page_grows_with_the_cases_not_the_case_pages():
    """A case page's size does not depend on how many cases the map shows."""
    small = len(_html("en", "cases/map-ulm/index.html"))
    root = Path(tempfile.mkdtemp(prefix="casebook-map-more-"))
    try:
        project = copy_project(root / "project")
        write_cases(project)
        _write_map_cases(project)
        for number in range(30):
            location = {"latitude": 48.0 + number / 10, "longitude": 8.0 + number / 10}
            data = case_data(
                _text(f"Weiterer Fall {number}", f"Another case {number}"),
                _text("Ort", "Place"),
                cooperation=2,
                savings=2,
                country="DE",
                location=location,
            )
            _write(project / "cases", f"more-{number}", data)
        build_site(Project(project), root / "site")
        larger_map = len((root / "site/en/map/index.html").read_text(encoding="utf-8"))
        assert larger_map > len(_html("en", "map/index.html"))
        bigger = len((root / "site/en/cases/map-ulm/index.html").read_text(encoding="utf-8"))
        assert abs(bigger - small) < 400  # only the related-cases list may change
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_swapped_coordinates_are_refused_at_their_line(project: Path):
    write_cases(project)
    data = case_data(
        _text("Vertauscht", "Swapped"),
        _text("Camden", "Camden"),
        cooperation=2,
        savings=2,
        location={"latitude": -0.1255, "longitude": 51.529},
    )
    _write(project / "cases", "swapped", data)
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "validate"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    line = next(line for line in result.stderr.splitlines() + result.stdout.splitlines() if "swapped.yml" in line)
    assert "location" in line and "GB" in line and "latitude" in line
    text = (project / "cases/swapped.yml").read_text(encoding="utf-8").splitlines()
    number = int(line.split(":")[1])
    assert text[number - 1].strip().startswith(("location:", "latitude:"))  # the location or its first number


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_map_is_readable_and_tappable_at_phone_and_desktop_width(page, width):
    server, url = serve(map_site())
    try:
        page.set_viewport_size({"width": width, "height": 900})
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}/de/map/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        sizes = page.evaluate(
            "[...document.querySelectorAll('.casebook-map__mark')].map(m => {const r = m.getBoundingClientRect();"
            " return [r.width, r.height]})"
        )
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
        fonts = page.evaluate(
            "[...document.querySelectorAll('.casebook-map__svg text')].map(t => t.getBoundingClientRect().height)"
        )
        assert all(height >= 12 for height in fonts), fonts
        assert all(request.startswith(url) for request in requests), [r for r in requests if not r.startswith(url)]
    finally:
        server.shutdown()


@pytest.mark.browser
def test_the_cases_index_filters_carry_over_to_the_map(page):
    server, url = serve(map_site())
    try:
        page.goto(f"{url}/en/map/?country=de")
        hidden = page.evaluate(
            "[...document.querySelectorAll('.casebook-map__mark')].filter(m => m.hasAttribute('hidden'))"
            ".map(m => m.getAttribute('data-slugs'))"
        )
        assert any("map-camden" in slugs for slugs in hidden)  # a British cluster is hidden
        visible = page.evaluate(
            "[...document.querySelectorAll('li[data-slug]')].filter(li => !li.hidden).map(li => li.dataset.slug)"
        )
        assert "map-ulm" in visible and "map-stockport" not in visible
        assert page.locator("[data-casebook-map-status]").is_visible()
        # and back: the link to the cases index keeps the filter
        assert page.locator("a[data-casebook-keep-query]").first.get_attribute("href").endswith("?country=de")
    finally:
        server.shutdown()
