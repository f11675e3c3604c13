"""The built site as a reader's browser and a validator see it: every internal link and anchor resolves,
nothing loads from another host, two builds are byte-identical, axe-core finds no serious or critical
accessibility violation and the Nu Html Checker no error that our templates cause."""

from __future__ import annotations

import datetime
import hashlib
import json
import posixpath
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from casebook.site import Project, build_site
from conftest import ROOT, copy_project

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The pages the issue names, in the German site (the default language).
KEY_PAGES = {
    "home": "de/",
    "case": "de/cases/camden-twitter-complaints/",
    "instrument": "de/instruments/social-media/",
    "matrix": "de/where-to-start/",
    "cases index": "de/cases/",
}
# The HTML checker also reads the root page that picks the language (written by casebook.site).
CHECKED_PAGES = {**KEY_PAGES, "root": ""}


class _Links(HTMLParser):
    """Ids on the page, and every URL it refers to, with the element and attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name"):
            if name in values and (name == "id" or tag == "a"):
                self.ids.add(values[name])
        for name in ("href", "src", "xlink:href", "poster", "data", "action"):
            if name in values:
                self.refs.append((tag, name, values[name], values))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                self.refs.append((tag, "srcset", candidate.strip().split(" ")[0], values))
        if "style" in values:
            self.styles.append(values["style"])
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def parse(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    links.close()
    return links


@pytest.fixture(scope="module")
def parsed_site(built_site: Path) -> dict[str, _Links]:
    return {path.relative_to(built_site).as_posix(): parse(path) for path in sorted(built_site.rglob("*.html"))}


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(site: Path, page: str, url: str) -> tuple[Path, str]:
    """The file an internal URL points at (a folder means its index.html), and its fragment."""
    parts = urlsplit(url)
    if parts.path.startswith("/") and page.endswith("404.html"):
        # MkDocs writes the 404 page's links absolute from site_url's path (a 404 page is served at any
        # depth). With no site_url that path is "/", i.e. the root of the language's own site.
        language = posixpath.dirname(page)
        path = parts.path.split(f"/{language}/", 1)[1] if f"/{language}/" in parts.path else parts.path
        target = posixpath.normpath(posixpath.join(language, path.lstrip("/")))
    elif parts.path.startswith("/"):
        target = parts.path.lstrip("/")
    else:
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
        )
    path = site / target
    if path.is_dir() or parts.path.endswith("/") or target in ("", "."):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(built_site: Path, parsed_site: dict[str, _Links]) -> None:
    broken = []
    checked = 0
    for page, links in parsed_site.items():
        for tag, attribute, url, _ in links.refs:
            if is_external(url) or url.startswith(("mailto:", "tel:")) or (tag == "form" and attribute == "action"):
                continue
            path, fragment = resolve(built_site, page, url)
            checked += 1
            if not path.is_file():
                broken.append((page, tag, url, "no such file"))
            elif fragment and path.suffix == ".html":
                target = parsed_site.get(path.relative_to(built_site).as_posix())
                if target is not None and fragment not in target.ids:
                    broken.append((page, tag, url, "no such anchor"))
    assert checked > 1000
    assert broken == []


def test_nothing_loads_from_another_host(built_site: Path, parsed_site: dict[str, _Links]) -> None:
    """Scripts, styles, images, fonts and frames come from the site itself: no CDN, no tracker."""
    loads = []
    for page, links in parsed_site.items():
        for tag, attribute, url, values in links.refs:
            if tag == "a" or (tag == "link" and not _loads(values)):
                continue
            if is_external(url) and not url.startswith("data:"):
                loads.append((page, tag, attribute, url))
        loads += [(page, "style", "url()", style) for style in links.styles if "url(http" in style or "//" in style]
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for marker in ("url(http", "url(//", 'url("http', "url('http", '@import "http', "@import url(http"):
            if marker in text:
                loads.append((css.relative_to(built_site).as_posix(), "css", marker, ""))
    assert loads == []


def _loads(values: dict[str, str]) -> bool:
    """A <link> that makes the browser fetch something (stylesheet, icon, preload, manifest, ...)."""
    relations = set(values.get("rel", "").lower().split())
    return bool(
        relations
        & {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "prefetch",
            "manifest",
            "apple-touch-icon",
            "preconnect",
            "dns-prefetch",
        }
    )


CITATION_DOWNLOADS = ("data:application/x-bibtex;", "data:application/vnd.citationstyles.csl+json;")


def test_external_links_are_well_formed(parsed_site: dict[str, _Links]) -> None:
    bad = []
    for page, links in parsed_site.items():
        for tag, _, url, _ in links.refs:
            if url.startswith(CITATION_DOWNLOADS):
                continue  # the case's own citation, carried in the page (test_security checks these)
            if tag == "a" and is_external(url):
                parts = urlsplit(url)
                host = parts.hostname or ""
                if parts.scheme not in ("http", "https") or "." not in host or " " in url:
                    bad.append((page, url))
    assert bad == []


# --- reproducible builds ----------------------------------------------------------------------------


def tree_bytes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class _FarFuture(datetime.datetime):
    """A clock that says 2031: a build must not take its dates from the clock."""

    @classmethod
    def now(cls, tz: datetime.tzinfo | None = None) -> datetime.datetime:  # type: ignore[override]
        return datetime.datetime(2031, 5, 17, 13, 37, tzinfo=tz)


def test_two_builds_of_one_tree_are_byte_identical_whatever_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs.utils

    project = copy_project(tmp_path / "project")
    # With a site_url, MkDocs writes a <lastmod> date into every sitemap entry: the hardest case.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_name:", "site_url: https://casebook.invalid/de/\nsite_name:", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build_site(Project(project), tmp_path / "first")
    monkeypatch.setattr(mkdocs.utils, "datetime", _FarFuture)
    build_site(Project(project), tmp_path / "second")
    first, second = tree_bytes(tmp_path / "first"), tree_bytes(tmp_path / "second")
    assert first == second, sorted(name for name in first if first[name] != second.get(name))
    sitemap = (tmp_path / "first" / "de" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" in sitemap and "2031" not in sitemap


# --- accessibility (axe-core) -------------------------------------------------------------------------


def _needs(path: Path) -> None:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/ensure-browser-deps.sh (make test does)")


@pytest.fixture(scope="module")
def axe_source() -> str:
    _needs(AXE)
    return AXE.read_text(encoding="utf-8")


# Violations in markup Material writes, matched on rule and element; anything else fails the test.
AXE_MATERIAL_ONLY = {
    # Material's search overlay is role="dialog" without a name (partials/search.html); fixing it means
    # overriding that partial wholesale, which would freeze a copy of Material's search markup here.
    ("aria-dialog-name", ".md-search"),
}


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")
    serious = []
    for violation in result:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [
            node for node in violation["nodes"] if (violation["id"], node.split(" :: ")[0]) not in AXE_MATERIAL_ONLY
        ]
        if nodes:
            serious.append({**violation, "nodes": nodes})
    return serious


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_axe_finds_no_serious_or_critical_violation(
    site_url: str, browser, axe_source: str, name: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)
    outside: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{KEY_PAGES[name]}", wait_until="load")
        violations = axe_violations(page, axe_source)
    finally:
        context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
    assert outside == []


def test_matrix_points_are_reachable_by_keyboard_and_named(site_url: str, page) -> None:
    page.goto(f"{site_url}/{KEY_PAGES['matrix']}", wait_until="load")
    points = page.locator("svg.casebook-matrix a.casebook-point")
    slugs = set(points.evaluate_all("els => els.map(el => el.dataset.slug)"))
    assert slugs, "the matrix shows no case"
    names = points.evaluate_all("els => els.map(el => el.getAttribute('aria-label') || el.textContent)")
    assert all(name.strip() for name in names)
    reached = set()
    for _ in range(300):
        page.keyboard.press("Tab")
        slug = page.evaluate(
            "() => document.activeElement && document.activeElement.closest('a.casebook-point')"
            " ? document.activeElement.closest('a.casebook-point').dataset.slug : null"
        )
        if slug:
            reached.add(slug)
        if reached == slugs:
            break
    assert reached == slugs
    # The same positions as a table, for screen readers and for reading without the drawing.
    rows = page.locator("#casebook-matrix-table tr[data-slug]")
    assert set(rows.evaluate_all("els => els.map(el => el.dataset.slug)")) == slugs


# The small matrix as the browser draws it: the point's box (::after) against the cell its scores name.
MINIMATRIX_GEOMETRY = """el => {
    const point = getComputedStyle(el, '::after'), own = getComputedStyle(el);
    return {size: el.clientWidth, height: el.clientHeight, left: parseFloat(point.left),
        bottom: parseFloat(point.bottom), width: parseFloat(point.width), pointHeight: parseFloat(point.height),
        fill: point.backgroundColor, ground: own.backgroundColor,
        cooperation: own.getPropertyValue('--cooperation'), savings: own.getPropertyValue('--savings'),
        overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.mark.parametrize(("language", "width"), [("de", 1280), ("en", 390)])
def test_case_point_lies_in_its_cell_of_the_small_matrix(site_url: str, page, language: str, width: int) -> None:
    """Camden: cooperation 2 (second row from the bottom), savings 4 (fourth column from the left)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site_url}/{language}/cases/camden-twitter-complaints/", wait_until="load")
    matrix = page.locator(".casebook-minimatrix")
    for forced in ("none", "active"):
        page.emulate_media(forced_colors=forced)
        box = matrix.evaluate(MINIMATRIX_GEOMETRY)
        assert (box["cooperation"], box["savings"]) == ("2", "4")
        assert box["size"] == box["height"] > 100, "a square plot"
        cell = box["size"] / 5
        assert 3 * cell <= box["left"] and box["left"] + box["width"] <= 4 * cell, box
        assert 1 * cell <= box["bottom"] and box["bottom"] + box["pointHeight"] <= 2 * cell, box
        assert box["width"] > cell / 5, "the point is big enough to see"
        assert box["fill"] not in ("rgba(0, 0, 0, 0)", box["ground"]), f"forced colors {forced}: point invisible"
        assert box["overflow"] <= 0, "the matrix and its axis labels fit the screen"


# --- HTML validity (Nu Html Checker) --------------------------------------------------------------------

# Errors the checker reports in markup that Material for MkDocs writes, not our templates. Each is
# matched on its message and, where possible, on the markup it quotes; anything else fails the test.
MATERIAL_ONLY = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "Material's base.html puts autocomplete=off on its drawer and search toggle checkboxes (so that "
        "Firefox does not restore their state); the checker allows it only on text-like inputs.",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        'for="__toc"',
        "Material's partials/toc.html labels a __toc checkbox that it renders only with the "
        "navigation.integrate feature, which this site does not use.",
    ),
]


def known_material_issue(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(fragment in text and marker in extract for fragment, marker, _ in MATERIAL_ONLY)


@pytest.fixture(scope="module")
def vnu_messages(built_site: Path) -> dict[str, list[dict]]:
    """One run of the checker over every page of the site (one JVM start, a few seconds), by page."""
    _needs(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run scripts/ensure-browser-deps.sh (make test does)")
    pages = sorted(built_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    messages: dict[str, list[dict]] = {path.relative_to(built_site).as_posix(): [] for path in pages}
    root = built_site.resolve().as_posix()
    for message in report["messages"]:
        page = message["url"].removeprefix("file:").split(root + "/", 1)[-1]
        messages[page].append(message)
    return messages


def our_errors(messages: list[dict]) -> list[str]:
    return [
        f"{m.get('lastLine')}:{m.get('firstColumn')}: {m['message']} [{m.get('extract', '').strip()[:120]}]"
        for m in messages
        if m["type"] == "error" and not known_material_issue(m)
    ]


@pytest.mark.parametrize("name", list(CHECKED_PAGES))
def test_html_checker_finds_no_error_of_ours(vnu_messages: dict[str, list[dict]], name: str) -> None:
    assert our_errors(vnu_messages[CHECKED_PAGES[name] + "index.html"]) == []


def test_html_checker_finds_no_error_of_ours_on_any_page(vnu_messages: dict[str, list[dict]]) -> None:
    assert len(vnu_messages) > 50
    assert {page: our_errors(messages) for page, messages in vnu_messages.items() if our_errors(messages)} == {}


def test_every_known_material_issue_still_occurs(vnu_messages: dict[str, list[dict]]) -> None:
    """An exception that no longer matches anything is removed, so the list stays honest."""
    everything = [m for messages in vnu_messages.values() for m in messages]
    for fragment, marker, why in MATERIAL_ONLY:
        assert any(fragment in m.get("message", "") and marker in m.get("extract", "") for m in everything), why
