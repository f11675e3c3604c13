"""The site is safe by construction, not only because the validator refuses: with the character and
one-line checks switched off, titles and vocabulary names that once ran script (an invisible
character that broke the front matter, a trailing attribute list on a heading) are built, and in
Chromium no handler fires and no element carries an injected attribute."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from casebook import validate
from casebook.site import Project, build_site
from conftest import copy_project, serve
from test_hostile_input import write_case

# Each sets window.__pwned when it runs; autofocus makes onfocus fire on load, with no interaction.
HANDLER = "onfocus=window.__pwned={n} autofocus tabindex=0"
INVISIBLE = ("\x7f", "\x85", "\ufffe", "\x1b")


def hostile_title(number: int, character: str) -> str:
    return f"Hostile {number}{character} {{: {HANDLER.format(n=number)} }}"


def hostile_name(number: int) -> str:
    return f"Hostile name {number} {{: {HANDLER.format(n=number)} }}"


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A site built from hostile titles and vocabulary names, with the checks that refuse them off."""
    root = tmp_path_factory.mktemp("unchecked")
    project = copy_project(root / "project")
    for number, character in enumerate(INVISIBLE, start=1):
        write_case(project / "cases", slug=f"hostile-{number}", title=json.dumps(hostile_title(number, character)))
    vocabulary = project / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    # The first phase's and the case's policy area's English names (the German ones stay).
    for number, old in ((11, "en: Co-assessment}"), (12, "en: Complaints and customer service}")):
        assert old in text, f"vocabulary.yml no longer has {old!r}; update this test's anchor"
        text = text.replace(old, f"en: {json.dumps(hostile_name(number))}}}", 1)
    vocabulary.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "_check_short_text", lambda *args: None)
        patch.setattr(validate, "_check_characters", lambda *args: None)
        site = root / "site"
        build_site(Project(project), site)
    yield site


def pages_with(site: Path, marker: str) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if marker in path.read_text(encoding="utf-8"))


def test_the_hostile_texts_reach_the_pages_as_text(unchecked_site: Path) -> None:
    pages = pages_with(unchecked_site / "en", "window.__pwned")
    names = {path.relative_to(unchecked_site).as_posix() for path in pages}
    assert {f"en/cases/hostile-{n}/index.html" for n in range(1, len(INVISIBLE) + 1)} <= names
    assert {"en/phases/index.html", "en/instruments/index.html", "en/phases/co-assessment/index.html"} <= names
    # the policy area's own page, whose `#` heading is built from the name
    assert any("Hostile name 12" in path.read_text(encoding="utf-8").split("<h1", 1)[-1][:300] for path in pages)


@pytest.fixture(scope="module")
def unchecked_url(unchecked_site: Path) -> Iterator[str]:
    server, url = serve(unchecked_site)
    yield url
    server.shutdown()


INJECTED = """() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    handlers: [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes]
        .filter((a) => a.name.startsWith('on')).map((a) => element.tagName + ' ' + a.name)),
    autofocus: document.querySelectorAll('[autofocus]').length,
    headings: [...document.querySelectorAll('h1, h2')].map((h) => h.textContent).filter((t) => t.includes('Hostile')),
})"""


def test_no_handler_fires_and_no_attribute_is_injected_in_chromium(
    unchecked_site: Path, unchecked_url: str, page
) -> None:
    pages = pages_with(unchecked_site, "window.__pwned")
    assert len(pages) >= 8
    headings_seen = []
    for path in pages:
        url = f"{unchecked_url}/{path.relative_to(unchecked_site).parent.as_posix()}/"
        page.goto(url, wait_until="load")
        page.keyboard.press("Tab")  # focus moves through the page: an onfocus handler would fire
        state = page.evaluate(INJECTED)
        assert state["pwned"] is None, (url, state)
        assert state["handlers"] == [], (url, state)
        assert state["autofocus"] == 0, (url, state)
        headings_seen += state["headings"]
    # The attribute lists are shown as the text they are, in the headings built from them.
    assert any("{: onfocus=window.__pwned=12" in heading for heading in headings_seen), headings_seen
    assert any("{: onfocus=window.__pwned=11" in heading for heading in headings_seen), headings_seen
    assert any("{: onfocus=window.__pwned=1 " in heading for heading in headings_seen), headings_seen


def test_casebook_export_writes_the_same_unbreakable_front_matter(tmp_path: Path) -> None:
    from casebook.site import export_site
    from mkdocs.utils.meta import get_data

    project = copy_project(tmp_path / "project")
    title = hostile_title(1, "\x7f")
    write_case(project / "cases", slug="hostile-1", title=json.dumps(title))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "_check_short_text", lambda *args: None)
        patch.setattr(validate, "_check_characters", lambda *args: None)
        export_site(Project(project), tmp_path / "export")
    for language in ("de", "en"):
        page = (tmp_path / "export" / language / "cases" / "hostile-1.md").read_text(encoding="utf-8")
        body, meta = get_data(page)
        assert meta["title"] == title and "{: onfocus" not in body.split("<h1", 1)[0], page[:400]
        assert page.split("\n---\n", 1)[0].isascii()
