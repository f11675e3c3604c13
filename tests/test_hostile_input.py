"""Hostile input, round two: invisible characters, attribute lists in names, front matter that cannot
be broken, headings built from names; each class checked as a class, not only for one string."""

from __future__ import annotations

import json
import sys
import unicodedata
from html import unescape
from pathlib import Path

import markdown
import pytest
from casebook.characters import FORBIDDEN_CHARACTER
from casebook.frontmatter import front_matter
from casebook.sanitize import heading_text
from casebook.validate import Sources, load_collection
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

TEMPLATES = Path(__file__).resolve().parent.parent / "plugins" / "casebook" / "templates"

# One of each kind of character a text may not hold.
FORBIDDEN_SAMPLES = {
    "NUL": "\x00",
    "BEL": "\x07",
    "VT": "\x0b",
    "CR": "\r",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1 NEL": "\x85",
    "C1 APC": "\x9f",
    "noncharacter FDD0": "\ufdd0",
    "noncharacter FFFE": "\ufffe",
    "noncharacter FFFF": "\uffff",
    "noncharacter 10FFFF": "\U0010ffff",
    "lone surrogate": "\ud800",
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
}
ALLOWED_SAMPLES = ("\t", "ü", "ß", "„quoted“", "\u00a0", "\u200b", "\u200f", "😀", "\U0010fffd", "\u2028")

# The Markdown attribute lists that set an event handler on a heading (Python-Markdown's attr_list).
ATTRIBUTE_LISTS = (
    "{: onfocus=window.__pwned=1 autofocus tabindex=0 }",
    '{ onclick="window.__pwned=2" }',
    "{:.x #y onmouseover=window.__pwned=3}",
)


def is_forbidden(code: int) -> bool:
    """The rule, written a second way: controls but tab and newline, surrogates, noncharacters, and
    the bidirectional formatting characters that embed, override or isolate (not the two marks)."""
    category = unicodedata.category(chr(code))
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    bidi_control = unicodedata.bidirectional(chr(code)) in (
        "LRE",
        "RLE",
        "LRO",
        "RLO",
        "PDF",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
    )
    return (category == "Cc" and chr(code) not in "\t\n") or category == "Cs" or noncharacter or bidi_control


def test_the_character_rule_is_exactly_controls_surrogates_noncharacters_and_bidi_controls() -> None:
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if bool(FORBIDDEN_CHARACTER.match(chr(code))) != is_forbidden(code)
    ]
    assert wrong == []


# --- a case written by the test ---------------------------------------------------------------

CASE = """\
title: {title}
language: en
place: {place}
country: GB
phases: [co-assessment]
instruments: [social-media]
summary: {summary}
policy_areas: [complaints-and-customer-service]
matrix:
  cooperation: 2
  cooperation_reason: Reason.
  savings: 4
  savings_reason: Reason.
  basis: editorial
sources:
  - title: {source_title}
    url: {url}
organisations: [{organisation}]
added: '2026-01-01'
last_reviewed: '2026-01-01'
contributors: [{contributor}]
"""
CASE_LINES = {
    "title": 1,
    "place": 3,
    "summary": 7,
    "source_title": 16,
    "url": 17,
    "organisation": 18,
    "contributor": 21,
}
FIELD_NAMES = {
    "title": "title",
    "place": "place",
    "summary": "summary",
    "source_title": "sources[1].title",
    "url": "sources[1].url",
    "organisation": "organisations[1]",
    "contributor": "contributors[1]",
}


def write_case(cases: Path, slug: str = "hostile-case", narrative: str = "A story.\n", **values: str) -> Path:
    """A valid case, with the given fields replaced by these (already YAML-quoted) values."""
    fields = {
        "title": "A title",
        "place": "A place",
        "summary": "A summary.",
        "source_title": "A source",
        "url": "https://example.org/source",
        "organisation": "An organisation",
        "contributor": "A contributor",
    }
    fields.update(values)
    path = cases / f"{slug}.yml"
    path.write_text(CASE.format(**fields), encoding="utf-8")
    (cases / f"{slug}.md").write_text(narrative, encoding="utf-8")
    return path


def problems_of(project: Path, name: str = "hostile-case") -> list:
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    return [p for p in problems if Path(p.path).name.startswith(name + ".") or Path(p.path).name == name]


def yaml_escape(character: str) -> str:
    """The character as a YAML double-quoted escape (how a hostile file writes an invisible one)."""
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def test_a_valid_hostile_case_template_is_accepted(project: Path) -> None:
    write_case(project / "cases")
    assert problems_of(project) == []


@pytest.mark.parametrize("field", list(FIELD_NAMES))
@pytest.mark.parametrize("kind", list(FORBIDDEN_SAMPLES))
def test_every_forbidden_character_is_refused_in_every_case_field_with_its_code_point(
    project: Path, field: str, kind: str
) -> None:
    character = FORBIDDEN_SAMPLES[kind]
    value = f'"x{yaml_escape(character)}y"' if field != "url" else f'"https://example.org/{yaml_escape(character)}"'
    write_case(project / "cases", **{field: value})
    problems = problems_of(project)
    assert len(problems) >= 1
    located = [p for p in problems if p.field == FIELD_NAMES[field] and f"U+{ord(character):04X}" in p.message]
    assert len(located) == 1, problems
    assert located[0].line == CASE_LINES[field]
    assert f"character {2 if field != 'url' else 21} of the text" in located[0].message
    assert located[0].hint


@pytest.mark.parametrize("kind", [kind for kind in FORBIDDEN_SAMPLES if kind != "lone surrogate"])
def test_every_forbidden_character_is_refused_in_a_narrative_at_its_line_and_column(project: Path, kind: str) -> None:
    character = FORBIDDEN_SAMPLES[kind]  # for CR: a stray one; CR LF line ends are accepted (below)
    write_case(project / "cases", narrative=f"First line.\n\nSome{character} text.\n")
    problems = problems_of(project)
    assert [(p.line, p.column) for p in problems] == [(3, 5)], problems
    assert f"U+{ord(character):04X}" in problems[0].message


@pytest.mark.parametrize("kind", ["DEL", "C1 NEL", "noncharacter FFFE", "ESC"])
def test_a_raw_forbidden_character_in_a_case_file_is_located_in_its_column(project: Path, kind: str) -> None:
    character = FORBIDDEN_SAMPLES[kind]
    write_case(project / "cases", title=f"A{character}B")
    problems = problems_of(project)
    assert [(p.line, p.column) for p in problems] == [(1, 9)], problems
    assert f"U+{ord(character):04X}" in problems[0].message


def test_windows_line_ends_and_allowed_characters_are_accepted(project: Path) -> None:
    allowed = "".join(ALLOWED_SAMPLES)
    write_case(
        project / "cases",
        title=json.dumps(f"Title {allowed.replace(chr(9), ' ')}"),
        summary=json.dumps(f"Line one\twith a tab.\n\nParagraph {allowed}."),
        narrative=f"First line.\r\n\r\nSecond {allowed}.\r\n",
    )
    assert problems_of(project) == []


def replace_phase_name(project: Path, english: str) -> int:
    """Give the first phase this (already YAML-quoted) English name; return its line."""
    path = project / "vocabulary.yml"
    text = path.read_text(encoding="utf-8")
    old = "name: {de: Mitentwickeln, en: Co-design}"
    assert old in text, "the first phase of the vocabulary changed; update this test's anchor"
    text = text.replace(old, f"name: {{de: Mitentwickeln, en: {english}}}", 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index("name: {de: Mitentwickeln")].count("\n") + 1


@pytest.mark.parametrize("kind", list(FORBIDDEN_SAMPLES))
def test_every_forbidden_character_is_refused_in_the_vocabulary(project: Path, kind: str) -> None:
    line = replace_phase_name(project, f'"Co{yaml_escape(FORBIDDEN_SAMPLES[kind])}design"')
    problems = problems_of(project, "vocabulary.yml")
    assert [(p.line, p.field) for p in problems] == [(line, "phases[1].name.en")], problems
    assert f"U+{ord(FORBIDDEN_SAMPLES[kind]):04X}" in problems[0].message


@pytest.mark.parametrize(
    "name",
    [*ATTRIBUTE_LISTS, "<b>Co</b>", "Co &lt;design&gt;", "Co &#60;design", '"two\\nlines"'],
)
def test_markup_attribute_lists_and_line_breaks_in_vocabulary_names_are_refused(project: Path, name: str) -> None:
    quoted = name if name.startswith('"') else json.dumps(f"Co-design {name}")
    line = replace_phase_name(project, quoted)
    problems = problems_of(project, "vocabulary.yml")
    assert [(p.line, p.field) for p in problems] == [(line, "phases[1].name.en")], problems


@pytest.mark.parametrize("attributes", ATTRIBUTE_LISTS)
@pytest.mark.parametrize("field", ["title", "place", "source_title", "organisation", "contributor"])
def test_a_trailing_attribute_list_is_refused_in_every_one_line_case_field(
    project: Path, field: str, attributes: str
) -> None:
    write_case(project / "cases", **{field: json.dumps(f"Name {attributes}")})
    problems = problems_of(project)
    assert [(p.line, p.field) for p in problems] == [(CASE_LINES[field], FIELD_NAMES[field])], problems
    assert "attributes" in problems[0].message


def test_braces_inside_a_one_line_field_and_attribute_lists_in_long_text_are_accepted(project: Path) -> None:
    write_case(
        project / "cases",
        title=json.dumps("Budget {2020} review"),
        summary=json.dumps(f"A summary {ATTRIBUTE_LISTS[0]}"),
    )
    assert problems_of(project) == []


# --- front matter: one function, and nothing breaks out of it ----------------------------------


def test_every_template_writes_its_front_matter_through_the_one_function() -> None:
    for template in sorted(TEMPLATES.glob("*.md.j2")):
        lines = template.read_text(encoding="utf-8").splitlines()
        assert "---" not in lines, f"{template.name} writes front matter by hand"
        assert any(line.startswith("{{ front_matter(") for line in lines[:3]), template.name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=sys.maxunicode)))
def test_front_matter_reads_back_every_title_and_leaves_nothing_in_the_body(title: str) -> None:
    page = front_matter(title=title, search={"boost": 2}) + "\n\nBody.\n"
    body, meta = get_data(page)
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in title)
    assert meta == {"title": expected, "search": {"boost": 2}}
    assert body.strip() == "Body."
    assert page.isascii()


@pytest.mark.parametrize(
    "title", [f"T{c} {ATTRIBUTE_LISTS[0]}" for c in FORBIDDEN_SAMPLES.values()] + ["---\ntitle: x\n---"]
)
def test_front_matter_survives_the_payloads_that_broke_it(title: str) -> None:
    body, meta = get_data(front_matter(title=title) + "\n\nBody.\n")
    assert meta["title"].endswith(title[-10:]) and body.strip() == "Body."


# --- headings built from names are text only -----------------------------------------------------


def heading_html(text: str) -> str:
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", "tables"])
    return converter.convert(f"# Label: {heading_text(text)}\n")


@pytest.mark.parametrize(
    "name",
    [
        *(f"Name {a}" for a in ATTRIBUTE_LISTS),
        "[click](https://evil.example/)",
        "![img](https://evil.example/x.png)",
        "*Bürger*innen* and _under_ `code` <b>b</b> &amp; \\{: x }",
        "Name ## #",
    ],
)
def test_a_heading_built_from_a_name_shows_the_name_and_nothing_else(name: str) -> None:
    html = heading_html(name)
    opening, rest = html.split(">", 1)
    assert opening.startswith('<h1 id="') and opening.count("=") == 1, html  # an id, no other attribute
    assert rest.count("<") == 1, html  # only </h1>: no link, image, emphasis or code
    assert unescape(rest.removesuffix("</h1>")) == f"Label: {' '.join(name.split())}"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1))
def test_every_ascii_name_in_a_heading_is_shown_as_written(name: str) -> None:
    html = heading_html(name)
    opening, rest = html.split(">", 1)
    assert opening.startswith('<h1 id="') and opening.count("=") == 1, html
    assert unescape(rest.removesuffix("</h1>")).strip() == f"Label: {' '.join(name.split())}".strip()
