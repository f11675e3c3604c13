"""Hostile contributions: every XSS payload in tests/hostile/xss.txt, in every text field and in the
narrative, is either refused by the validator with its line, or built into a site where nothing runs."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from casebook.sanitize import narrative_html, plain_title
from casebook.site import Project, build_site
from casebook.validate import ATTRIBUTE_LIST, MARKUP_IN_SHORT_TEXT, UNSAFE_URL, Sources, load_collection
from conftest import CHROMIUM, CHROMIUM_ARGS, copy_project, serve

HOSTILE = Path(__file__).parent / "hostile"
MARKER = re.compile(r"(?i)pwned")


def read_payloads() -> list[str]:
    lines = (HOSTILE / "xss.txt").read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("# ")]


PAYLOADS = read_payloads()


@dataclass(frozen=True)
class TextField:
    """A text field of a case file: its path (as the validator names it) and whether it is one-line."""

    name: str
    short: bool


# Every text field of the case schema (the localised ones in both languages for the title).
TEXT_FIELDS = (
    TextField("title.de", True),
    TextField("title.en", True),
    TextField("place", True),
    TextField("summary", False),
    TextField("matrix.cooperation_reason", False),
    TextField("matrix.savings_reason", False),
    TextField("sources[1].title", True),
    TextField("sources[1].citation", False),
    TextField("organisations[1]", True),
    TextField("outcomes[1]", False),
    TextField("contributors[1]", True),
)

CASE_TEMPLATE = """\
title:
  de: {title.de}
  en: {title.en}
language: en
place: {place}
country: GB
phases: [co-assessment]
instruments: [social-media]
summary: {summary}
policy_areas: [complaints-and-customer-service]
matrix:
  cooperation: 2
  cooperation_reason: {matrix.cooperation_reason}
  savings: 4
  savings_reason: {matrix.savings_reason}
  basis: editorial
sources:
  - title: {sources[1].title}
    citation: {sources[1].citation}
    url: https://example.org/source
organisations:
  - {organisations[1]}
outcomes:
  - {outcomes[1]}
added: '2026-01-01'
last_reviewed: '2026-01-01'
contributors:
  - {contributors[1]}
"""


def field_positions() -> dict[str, tuple[int, int]]:
    """(line, column) where each field's value starts in CASE_TEMPLATE."""
    positions = {}
    for number, line in enumerate(CASE_TEMPLATE.splitlines(), start=1):
        for field in TEXT_FIELDS:
            placeholder = "{" + field.name + "}"
            if placeholder in line:
                positions[field.name] = (number, line.index(placeholder) + 1)
    assert len(positions) == len(TEXT_FIELDS)
    return positions


def refused(payload: str, field: TextField | None) -> bool:
    """What the validator must refuse (field None = the narrative): script-bearing URLs anywhere;
    markup, character references, line breaks and a trailing attribute list in one-line fields.
    Everything else is built and made safe."""
    if UNSAFE_URL.search(payload):
        return True
    one_line = bool(field and field.short)
    return one_line and bool(MARKUP_IN_SHORT_TEXT.search(payload) or "\n" in payload or ATTRIBUTE_LIST.search(payload))


def slug(number: int) -> str:
    return f"hostile-{number:02d}"


def case_yaml(number: int, payload: str, *, only_accepted: bool) -> str:
    values = {}
    for field in TEXT_FIELDS:
        text = f"Case {number} {field.name}: {payload}"
        if only_accepted and refused(payload, field):
            text = f"Case {number} {field.name}"
        # A JSON string is a valid YAML double-quoted scalar, whatever the payload holds.
        values[field.name] = json.dumps(text)
    text = CASE_TEMPLATE
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def narrative(number: int, payload: str) -> str:
    """The payload in the Markdown contexts a narrative offers."""
    return (
        f"Narrative of case {number}.\n\n{payload}\n\n- item: {payload}\n\n> {payload}\n\n"
        f'| column |\n| --- |\n| {payload} |\n\n[link text {payload}](https://example.org/ "{payload}")\n\n'
        f"## Heading {payload}\n\nEnd of case {number}.\n"
    )


def write_hostile_cases(cases_dir: Path, *, only_accepted: bool) -> None:
    for number, payload in enumerate(PAYLOADS, start=1):
        (cases_dir / f"{slug(number)}.yml").write_text(
            case_yaml(number, payload, only_accepted=only_accepted), encoding="utf-8"
        )
        text = narrative(number, payload)
        if only_accepted and refused(payload, None):
            text = f"Narrative of case {number}.\n"
        (cases_dir / f"{slug(number)}.md").write_text(text, encoding="utf-8")


# Spreadsheet formula injection: text that a spreadsheet would run when the open-data CSV is opened.
FORMULAS = ['=HYPERLINK("http://evil.example/pwned","click")', "+1+1", "-2+3", "@SUM(1,2)", "=cmd|' /C calc'!A0"]


def write_formula_case(cases_dir: Path) -> None:
    values = {field.name: json.dumps(FORMULAS[index % len(FORMULAS)]) for index, field in enumerate(TEXT_FIELDS)}
    text = CASE_TEMPLATE
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    (cases_dir / "hostile-formulas.yml").write_text(text, encoding="utf-8")
    (cases_dir / "hostile-formulas.md").write_text(f"{FORMULAS[0]}\n", encoding="utf-8")


# --- the validator refuses what must not reach a page, at the right line -------------------------


def test_validator_refuses_script_urls_everywhere_and_markup_in_one_line_fields(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    write_hostile_cases(project / "cases", only_accepted=False)
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    found = {(p.path.split("/")[-1], p.field, p.line, p.column) for p in problems}
    positions = field_positions()
    expected = set()
    for number, payload in enumerate(PAYLOADS, start=1):
        for field in TEXT_FIELDS:
            if refused(payload, field):
                expected.add((f"{slug(number)}.yml", field.name, *positions[field.name]))
    by_file = {(name, field) for name, field, _, _ in found if name.endswith(".yml")}
    assert expected <= found, sorted(expected - found)[:10]
    # Nothing else in the YAML files is refused: payloads without script URLs are welcome in long fields.
    assert by_file == {(name, field) for name, field, _, _ in expected}
    narratives = {p.path.split("/")[-1] for p in problems if p.path.endswith(".md")}
    assert narratives == {f"{slug(n)}.md" for n, payload in enumerate(PAYLOADS, start=1) if refused(payload, None)}
    assert all(p.line >= 1 and p.column >= 1 and p.message and p.hint for p in problems)


def test_narrative_problems_point_at_the_line_of_the_script_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "cases" / "camden-twitter-complaints.en.md").write_text(
        "Fine.\n\nStill fine, and then\nsee [this](JavaScript:alert(1)).\n", encoding="utf-8"
    )
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert [(p.path.split("/")[-1], p.line, p.column) for p in problems] == [("camden-twitter-complaints.en.md", 4, 12)]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(1, len(PAYLOADS) + 1))
def test_sanitizer_alone_neutralises_every_payload(payload: str) -> None:
    """Defence in depth: even payloads the validator refuses come out of the sanitizer harmless."""
    elements = parse_html(narrative_html(narrative(0, payload)))
    for element in elements:
        assert element.tag not in FORBIDDEN_IN_CONTENT | {"button", "details", "svg"}, element
        for name, value in element.attrs:
            assert not name.startswith("on"), element
            assert not (name in URL_ATTRIBUTES and is_script_url(value or "")), element


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(1, len(PAYLOADS) + 1))
def test_page_titles_are_plain_even_without_the_validator(payload: str) -> None:
    """Material prints the page title unescaped in <title> (after striptags) and in the header, so
    plain_title must leave no markup and no character reference, whatever reaches it."""
    title = plain_title(payload)
    assert "<" not in title and ">" not in title
    assert re.sub(r"&amp;", "", title).count("&") == 0
    assert html.unescape(html.unescape(title)).count("<") == 0


# --- the built site: static checks on the HTML ---------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    write_hostile_cases(project / "cases", only_accepted=True)
    write_formula_case(project / "cases")
    site = root / "site"
    build_site(Project(project), site)
    return site


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    text: str = ""
    in_content: bool = False


# Elements that run, load or submit something; none of them may come out of case text.
FORBIDDEN_IN_CONTENT = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "base",
    "form",
    "input",
    "textarea",
    "select",
    "style",
    "link",
    "meta",
    "img",
    "video",
    "audio",
    "source",
    "template",
    "math",
    "noscript",
    "body",
    "html",
    "head",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "srcdoc",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
}


class _Collector(HTMLParser):
    """Every element with its attributes, and whether it sits inside the page's <article> (where case
    content goes), judged by its offset in the file rather than by tag nesting, which hostile markup
    could confuse."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.current_script: Element | None = None
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        start, end = text.find("<article"), text.rfind("</article>")
        self.content = range(start, end) if start != -1 and end != -1 else range(0)

    def _in_content(self) -> bool:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column in self.content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs, in_content=self._in_content())
        self.elements.append(element)
        if tag == "script":
            self.current_script = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, attrs, in_content=self._in_content()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.current_script = None

    def handle_data(self, data: str) -> None:
        if self.current_script is not None:
            self.current_script.text += data


def parse_html(text: str) -> list[Element]:
    collector = _Collector(text)
    collector.feed(text)
    collector.close()
    return collector.elements


def is_script_url(value: str) -> bool:
    # Browsers drop ASCII tabs and newlines anywhere in a URL and trim control characters and spaces.
    cleaned = (
        re.sub(r"[\t\n\r]", "", value)
        .strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
            "\x1d\x1e\x1f "
        )
        .lower()
    )
    return cleaned.startswith(("javascript:", "vbscript:", "data:"))


def is_json_data(element: Element) -> bool:
    return element.tag == "script" and dict(element.attrs).get("type") in ("application/ld+json", "application/json")


def hostile_pages(site: Path) -> Iterator[tuple[Path, list[Element], str]]:
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        yield path, parse_html(text), text


CITATION_TYPES = ("application/x-bibtex", "application/vnd.citationstyles.csl+json")


def is_citation_download(element: Element, value: str) -> bool:
    """Casebook's own citation links carry their file in a data: URL: allowed only on a download link,
    only with a citation type no browser renders as a page, and only percent-encoded (no quote, no tag)."""
    attrs = dict(element.attrs)
    media_type = value[len("data:") :].split(";", 1)[0]
    return (
        element.tag == "a"
        and bool(attrs.get("download"))
        and media_type in CITATION_TYPES
        and attrs.get("type") == media_type
        and re.fullmatch(r"data:[a-z.+/-]+;charset=utf-8,[A-Za-z0-9%._~-]*", value) is not None
    )


def test_no_event_handler_or_script_url_survives_anywhere(hostile_site: Path) -> None:
    bad = []
    downloads = 0
    for path, elements, _ in hostile_pages(hostile_site):
        for element in elements:
            for name, value in element.attrs:
                if name in URL_ATTRIBUTES and is_citation_download(element, value or ""):
                    downloads += 1
                elif name.startswith("on") or (name in URL_ATTRIBUTES and is_script_url(value or "")):
                    bad.append((path.relative_to(hostile_site).as_posix(), element.tag, name, value))
    assert bad == []
    assert downloads >= 2 * 2 * len(PAYLOADS), "each hostile case page offers its two citation downloads"


def test_case_text_adds_no_active_element_to_any_page(hostile_site: Path) -> None:
    bad = []
    for path, elements, _ in hostile_pages(hostile_site):
        where = path.relative_to(hostile_site).as_posix()
        for element in elements:
            if is_json_data(element):
                # Structured data (JSON-LD) carries case text; it must not be able to close its <script>.
                if "<" in element.text or ">" in element.text:
                    bad.append((where, "script", element.text[:80]))
                json.loads(element.text)
            elif element.in_content and element.tag in FORBIDDEN_IN_CONTENT:
                bad.append((where, element.tag, element.attrs))
            elif element.tag == "script" and (MARKER.search(element.text) or MARKER.search(str(element.attrs))):
                bad.append((where, "script", element.text[:80]))
            if element.tag == "base" or (element.tag == "meta" and dict(element.attrs).get("http-equiv")):
                bad.append((where, element.tag, element.attrs))
    assert bad == []


def test_data_files_stay_well_formed_data(hostile_site: Path) -> None:
    """The open data, feeds and citations carry case text too: they must parse, an Atom feed's HTML must
    be as clean as a page, and no CSV cell may start like a spreadsheet formula."""
    import csv
    import xml.etree.ElementTree as ElementTree

    checked = 0
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xml":
            root = ElementTree.parse(path).getroot()
            for element in root.iter():
                if element.get("type") == "html" and element.text:
                    for node in parse_html(element.text):
                        assert node.tag not in FORBIDDEN_IN_CONTENT, (path, node)
                        assert not any(name.startswith("on") for name, _ in node.attrs), (path, node)
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], (path, row)
        else:
            continue
        checked += 1
    for path, elements, _ in hostile_pages(hostile_site):
        for element in elements:
            href = dict(element.attrs).get("href") or ""
            if href.startswith("data:application/vnd.citationstyles.csl+json;"):
                json.loads(unquote(href.split(",", 1)[1]))
                checked += 1
            elif href.startswith("data:application/x-bibtex;"):
                entry = re.sub(r"\\[{}]", "", unquote(href.split(",", 1)[1]))
                assert entry.count("{") == entry.count("}"), (path, entry)
                checked += 1
    assert checked > 4 * len(PAYLOADS)
    csv_text = "".join(path.read_text(encoding="utf-8") for path in hostile_site.rglob("*.csv"))
    assert "HYPERLINK" in csv_text and "SUM(1,2)" in csv_text, "the formula case is in the CSV, defused"


def test_case_text_is_never_evaluated_as_a_template(hostile_site: Path) -> None:
    number = next(n for n, payload in enumerate(PAYLOADS, start=1) if payload.startswith("{{ 7*191 }}"))
    page = (hostile_site / "en" / "cases" / slug(number) / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*191 }} {% if true %}pwned-by-jinja{% endif %} {# comment #}" in html.unescape(page)
    assert "1337" not in page
    every_page = "".join(path.read_text(encoding="utf-8") for path in hostile_site.rglob("*.html"))
    assert "<class " not in every_page and "&lt;class " not in every_page  # {{ ''.__class__ }} not rendered


def test_front_matter_cannot_be_injected_through_a_title(hostile_site: Path) -> None:
    for number in range(1, len(PAYLOADS) + 1):
        for language in ("de", "en"):
            page = (hostile_site / language / "cases" / slug(number) / "index.html").read_text(encoding="utf-8")
            title = re.search(r"<title>(.*?)</title>", page, re.S)
            assert title and f"Case {number} title.{language}" in title.group(1), (number, language)


# --- the built site in a real Chromium ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    server, url = serve(hostile_site)
    yield url
    server.shutdown()


@dataclass
class Watch:
    """What a page did that it must not: dialogs opened, requests to other hosts."""

    dialogs: list[str]
    outside: list[str]


@pytest.fixture(scope="module")
def watched_page(browser) -> Iterator[tuple[object, Watch]]:
    """A second Debian Chromium (from the session's Playwright) that cannot resolve any host but
    127.0.0.1, so nothing leaves the machine without the cost of routing every request through
    Playwright; records dialogs and outside requests."""
    watch = Watch([], [])
    guarded = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    )
    page = guarded.new_page()

    def on_request(request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "about:", "blob:")):
            watch.outside.append(request.url)

    def on_dialog(dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", on_request)
    page.on("dialog", on_dialog)
    yield page, watch
    guarded.close()


def assert_nothing_ran(page, watch: Watch, where: str) -> None:
    state = page.evaluate(
        "() => ({pwned: window.__pwned === undefined ? null : String(window.__pwned), title: document.title})"
    )
    assert state["pwned"] is None, (where, state)
    assert state["title"].strip() != "PWNED", where
    assert watch.dialogs == [], (where, watch.dialogs)
    assert watch.outside == [], (where, watch.outside)


def visit(page, url: str) -> None:
    # `load` waits for every subresource, so onload/onerror handlers and scripts would have run by now;
    # handlers that wait for a user (onmouseover, onfocus) are ruled out by the static checks above.
    page.goto(url, wait_until="load")


def test_no_payload_runs_on_any_hostile_case_page(hostile_url: str, watched_page) -> None:
    page, watch = watched_page
    # Every field holds the same payload in both languages except the title (title.de, title.en), so
    # an English page adds something only where the payload made it into title.en.
    title_en = next(field for field in TEXT_FIELDS if field.name == "title.en")
    for number, payload in enumerate(PAYLOADS, start=1):
        languages = ("de", "en") if not refused(payload, title_en) else ("de",)
        for language in languages:
            url = f"{hostile_url}/{language}/cases/{slug(number)}/"
            visit(page, url)
            assert_nothing_ran(page, watch, url)


@pytest.mark.parametrize(
    "path",
    [
        "de/",
        "de/cases/",
        "en/cases/",
        "de/where-to-start/",
        "en/where-to-start/",
        "de/countries/",
        "de/instruments/social-media/",
        "en/phases/co-assessment/",
        "de/404.html",
    ],
)
def test_no_payload_runs_on_pages_that_list_hostile_cases(hostile_url: str, watched_page, path: str) -> None:
    page, watch = watched_page
    visit(page, f"{hostile_url}/{path}")
    assert_nothing_ran(page, watch, path)


def test_no_payload_runs_in_search_results(hostile_url: str, watched_page) -> None:
    """Material renders search results from the search index as HTML; hostile text must stay text."""
    page, watch = watched_page
    page.goto(f"{hostile_url}/en/", wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    for query in ("case", "onerror", "title", "pwned"):
        search.fill("")
        page.keyboard.type(query, delay=20)  # Material searches on key events, not on a filled value
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_timeout(200)
        assert_nothing_ran(page, watch, f"search: {query}")


def test_the_browser_check_sees_a_payload_that_runs(tmp_path: Path, watched_page) -> None:
    """A control: the same check on a page where a payload does run must fail, or the tests above prove nothing."""
    page, watch = watched_page
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>x</title><img src="x" onerror="window.__pwned=1">'
        '<img src="http://evil.example/pwned.png">',
        encoding="utf-8",
    )
    server, url = serve(tmp_path)
    try:
        visit(page, f"{url}/")
        with pytest.raises(AssertionError):
            assert_nothing_ran(page, watch, "control")
        assert watch.outside == ["http://evil.example/pwned.png"]
    finally:
        watch.outside.clear()
        server.shutdown()
