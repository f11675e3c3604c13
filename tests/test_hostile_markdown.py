"""Pathological Markdown: Python-Markdown is quadratic on runs of `[`, open links, `<` without `>`
and long paragraphs of emphasis or escapes. The validator bounds the work per narrative (size,
paragraph length, the scanners' steps), each with a located message, so whatever it accepts renders
in time linear in its length."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from casebook.sanitize import (
    MAX_MARKDOWN_WORK,
    MAX_NARRATIVE_CHARACTERS,
    MAX_PARAGRAPH_CHARACTERS,
    markdown_cost,
    narrative_html,
)
from casebook.validate import Sources, load_collection
from test_hostile_input import write_case

# Each repeats a unit that one of Python-Markdown's scanners handles badly (measured: see SECURITY.md).
PATTERNS = {
    "open brackets": "[",
    "open images": "![",
    "open footnote-like brackets": "[^",
    "open links": "[a](",
    "matched nested brackets": None,  # "[" * n + "]" * n
    "reference-like brackets": "[x]",
    "open tags": "<a ",
    "angle brackets": "<",
    "open comments": "<!--",
    "emphasis": "*a",
    "underscores": "_a",
    "strong and emphasis": "**_",
    "code spans": "`a",
    "backslashes": "\\",
    "ampersands": "&",
    "stars": "*",
    "backticks": "`",
}


def pathological(pattern: str, length: int) -> str:
    unit = PATTERNS[pattern]
    if unit is None:
        return "[" * (length // 2) + "]" * (length // 2)
    return unit * (length // len(unit))


def problems_for(project: Path, narrative: str) -> list:
    write_case(project / "cases", narrative=narrative)
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    return [p for p in problems if Path(p.path).name.startswith("hostile-case.")]


def render_seconds(text: str) -> float:
    narrative_html.cache_clear()
    started = time.perf_counter()
    narrative_html(text)
    return time.perf_counter() - started


def accepted(text: str) -> bool:
    cost = markdown_cost(text)
    return (
        len(text) <= MAX_NARRATIVE_CHARACTERS
        and cost.longest <= MAX_PARAGRAPH_CHARACTERS
        and cost.work <= MAX_MARKDOWN_WORK
    )


def largest_accepted(make, limit: int) -> str:
    low, high = 0, limit
    if accepted(make(high)):
        return make(high)
    while high - low > 8:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(make(middle)) else (low, middle)
    return make(low)


@pytest.fixture(scope="module")
def prose_seconds() -> float:
    """A story of the largest accepted size, with links, emphasis and code: this machine's yardstick."""
    paragraph = " ".join(
        f"The council [asked residents](https://example.org/{n}) what *mattered*, and **{n} of them** "
        "answered (see `the report`)."
        for n in range(12)
    )
    text = "\n\n".join([paragraph] * (MAX_NARRATIVE_CHARACTERS // (len(paragraph) + 2)))
    narrative_html("warm up")
    return max(render_seconds(text), 0.05)


@pytest.mark.parametrize("pattern", list(PATTERNS))
@pytest.mark.parametrize("shape", ["one paragraph", "paragraphs"])
def test_the_costliest_accepted_narrative_renders_about_as_fast_as_prose(
    pattern: str, shape: str, prose_seconds: float
) -> None:
    def make(length: int) -> str:
        paragraph = pathological(pattern, length)
        if shape == "one paragraph" or not paragraph:
            return paragraph
        return "\n\n".join([paragraph] * (MAX_NARRATIVE_CHARACTERS // (len(paragraph) + 2)))

    text = largest_accepted(make, MAX_PARAGRAPH_CHARACTERS)
    seconds = render_seconds(text)
    # measured: at most about 8.5 times such a story (see SECURITY.md)
    assert seconds <= 15 * prose_seconds + 0.5, (pattern, len(text), seconds, prose_seconds)


@pytest.mark.parametrize(
    "pattern", ["open brackets", "open images", "open links", "matched nested brackets", "open tags"]
)
def test_a_quadratic_narrative_is_refused_at_its_paragraph(project: Path, pattern: str) -> None:
    narrative = "A fine first paragraph with [a link](https://example.org/).\n\nSecond.\n\n" + pathological(
        pattern, 3000
    )
    problems = problems_for(project, narrative + "\n")
    assert [(p.line, p.column) for p in problems] == [(5, 1)], problems
    assert "steps" in problems[0].message and problems[0].hint


def test_a_paragraph_too_long_is_refused_at_its_line(project: Path) -> None:
    narrative = "First.\n\n" + "word " * (MAX_PARAGRAPH_CHARACTERS // 5 + 10) + "\n"
    problems = problems_for(project, narrative)
    assert [(p.line, p.column) for p in problems] == [(3, 1)], problems
    assert "split it" in problems[0].hint


def test_a_narrative_too_long_is_refused(project: Path) -> None:
    paragraph = "A sentence of the story. " * 100
    narrative = "\n\n".join([paragraph] * (MAX_NARRATIVE_CHARACTERS // len(paragraph) + 2))
    problems = problems_for(project, narrative)
    assert [(p.line, p.column) for p in problems] == [(1, 1)], problems
    assert f"{MAX_NARRATIVE_CHARACTERS:,}" in problems[0].message


def test_a_long_story_with_many_links_citations_and_markup_is_accepted(project: Path) -> None:
    paragraph = " ".join(
        f"See [source {n}](https://example.org/{n}) [@1], *a* **b** `c` and x < y > z, a\\[n] (note {n})."
        for n in range(20)
    )
    narrative = "\n\n".join([f"## Part {n}\n\n{paragraph}" for n in range(12)]) + "\n"
    assert len(narrative) > 20_000
    assert problems_for(project, narrative) == []


def test_narrative_headings_get_ids_that_no_page_section_and_no_contributor_can_set() -> None:
    html = narrative_html(
        '## Quellen\n\nText.\n\n## Quellen\n\n<h2 id="source-1">Eigene Id</h2>\n\n### Ä & <em>Ö</em>\n\n### ???'
    )
    ids = re.findall(r'<h\d id="([^"]+)"', html)
    assert ids == ["section-quellen", "section-quellen-2", "section-eigene-id", "section-a-o", "section-heading"]
    assert "source-1" not in html, "a contributor's id does not reach the page, so it cannot take a page anchor"
