"""What any valid collection must give: checks that take a project folder and return what is wrong.

Every case validates and builds, has its page in both languages, appears on its instrument, phase,
country and matrix pages, in the open data (JSON and CSV) and the feed; every internal link of the
built site resolves; and a hand-written page that links a case names one that exists. Each problem
is one line naming the file (and the link) it is about, so a failing check says what to fix.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebook.model import LANGUAGES, Collection
from casebook.site import BuildFailed, Project, build_site
from casebook.validate import Sources, load_collection

# A Markdown link target on a hand-written page: [text](target) or [text](target "title").
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CASE_PAGE = re.compile(r"^(?:\.\./)*cases/([^/#]+)\.md(?:#.*)?$")


@dataclass(frozen=True)
class Checked:
    """The outcome of the content checks on one project: the problems, and what was looked at."""

    problems: tuple[str, ...]
    cases: int
    pages: int


def check_project(project: Path, site: Path) -> Checked:
    """Validate, check the hand-written links to cases, build into `site` and check the built site."""
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    found = [str(problem) for problem in problems]
    slugs = {case.slug for case in collection.cases} if collection else set()
    found += hand_written_case_links(project, slugs)
    if collection is None or found:
        return Checked(tuple(found), len(slugs), 0)
    try:
        build_site(Project(project), site)
    except BuildFailed as error:
        return Checked((f"the site does not build: {error}",), len(slugs), 0)
    found += cases_everywhere(collection, site)
    broken, pages = internal_links(site)
    found += broken
    return Checked(tuple(found), len(slugs), pages)


def hand_written_case_links(project: Path, slugs: set[str]) -> list[str]:
    """Each link from a hand-written page to a case that does not exist, naming the page and the link."""
    found = []
    content = project / "content"
    for page in sorted(content.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in MARKDOWN_LINK.finditer(text):
            target = match.group(1)
            case = CASE_PAGE.match(target)
            if case and case.group(1) != "index" and case.group(1) not in slugs:
                line = text.count("\n", 0, match.start()) + 1
                found.append(
                    f"content/{page.relative_to(content).as_posix()}:{line}: links {target}, "
                    f"but there is no case {case.group(1)!r} in cases/"
                )
    return found


def cases_everywhere(collection: Collection, site: Path) -> list[str]:
    """Each case has its page in each language and is linked or listed wherever it belongs."""
    found = []
    for language in LANGUAGES:
        root = site / language
        links = _LinkIndex(root)
        records = json.loads((root / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
        in_json = {record["slug"] for record in records}
        rows = csv.DictReader(io.StringIO((root / "data" / "cases.csv").read_text(encoding="utf-8"), newline=""))
        in_csv = [row["slug"] for row in rows]
        feed = (root / "feed.xml").read_text(encoding="utf-8")
        for case in collection.cases:
            page = f"cases/{case.slug}/"
            if not (root / page / "index.html").is_file():
                found.append(f"{language}/{page}: case {case.slug} has no page")
                continue
            listed_on = [f"instruments/{instrument}/" for instrument in _instrument_ids(case)]
            listed_on += [f"phases/{phase}/" for phase in case.phases]
            listed_on += [f"cases/country/{case.country.lower()}/", "countries/", "where-to-start/", "cases/"]
            for listing in listed_on:
                if page not in links.targets(listing):
                    found.append(f"{language}/{listing}: does not link case {case.slug}")
            if case.slug not in in_json:
                found.append(f"{language}/data/cases.json: case {case.slug} is missing")
            if in_csv.count(case.slug) != 1:
                found.append(f"{language}/data/cases.csv: case {case.slug} has {in_csv.count(case.slug)} rows")
            if page not in feed:
                found.append(f"{language}/feed.xml: case {case.slug} is missing")
    return found


def _instrument_ids(case) -> list[str]:
    # An instrument is an id, or (the form with sources) a record that carries one.
    return [getattr(instrument, "id", instrument) for instrument in case.instruments]


def internal_links(site: Path) -> tuple[list[str], int]:
    """Every link between pages of the built site leads to a page that exists (and to an anchor on it)."""
    found = []
    # 404.html links from the site root on purpose: it is served at any depth.
    pages = sorted(page for page in site.rglob("*.html") if page.name != "404.html")
    parsed = {page.resolve(): _parse(page) for page in pages}
    for page in pages:
        for href in parsed[page.resolve()].hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("#", "data:", "mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir() or not target.suffix:
                target = target / "index.html"
            name = page.relative_to(site).as_posix()
            if not target.is_file():
                found.append(f"{name}: links {href}, which leads nowhere")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(parsed, target):
                found.append(f"{name}: links {href}, whose anchor is not on that page")
    return found, len(pages)


def _ids(parsed: dict[Path, _Page], page: Path) -> set[str]:
    if page not in parsed:
        parsed[page] = _parse(page)
    return parsed[page].ids


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


class _LinkIndex:
    """The pages each page of one language links to, as paths under the language's root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._targets: dict[str, set[str]] = {}

    def targets(self, page: str) -> set[str]:
        if page not in self._targets:
            path = self.root / page / "index.html"
            found = set()
            if path.is_file():
                for href in _parse(path).hrefs:
                    parts = urlsplit(href)
                    if parts.scheme or parts.netloc or not parts.path:
                        continue
                    target = (path.parent / parts.path).resolve()
                    try:
                        found.add(target.relative_to(self.root.resolve()).as_posix().rstrip("/") + "/")
                    except ValueError:
                        continue
            self._targets[page] = found
        return self._targets[page]
