"""A small collection the contributor-message tests write themselves: a minimal vocabulary and one valid
case, which a test changes line by line to make the mistake it is about."""

from __future__ import annotations

from pathlib import Path

from casebook.problems import Problem
from casebook.validate import Sources, load_collection

VOCABULARY = """\
phases:
  - {id: co-design, name: {de: Mitentwickeln, en: Co-design}, description: Together.}
  - {id: co-commissioning, name: {de: Mitbeauftragen, en: Co-commissioning}, description: Together.}
  - {id: co-delivery, name: {de: Mitumsetzen, en: Co-delivery}, description: Together.}
  - {id: co-assessment, name: {de: Mitbewerten, en: Co-assessment}, description: Together.}
instruments:
  - id: social-media
    name: {de: Soziale Medien nutzen, en: Using social media}
    phases: [co-assessment]
    description: Listen where citizens are.
    how_to_start: Answer one question a day.
policy_areas:
  - {id: parks, name: {de: Parks, en: Parks}}
"""

# One line per field where it matters, so that a test can point at a line by its text.
CASE = """\
title: Answering complaints on social media in Exampletown
language: en
place: Exampletown
country: GB
phases: [co-assessment]
instruments: [social-media]
summary: >-
  The council answers complaints about its parks
  where residents write them.
policy_areas: [parks]
matrix:
  cooperation: 2
  cooperation_reason: >-
    Editors' judgement: residents report, the council does the work.
  savings: 3
  savings_reason: >-
    Editors' judgement: a quick answer through a cheap channel.
  basis: editorial
sources:
  - title: The council's annual report
    citation: Exampletown Council, Annual report, 2024
last_reviewed: '2025-01-15'
contributors: [Jane Doe]
"""

NARRATIVE = "## The starting point\n\nResidents complained about closed parks.\n"


def write_collection(folder: Path, case: str = CASE, narrative: str | None = NARRATIVE, slug: str = "example") -> Path:
    """A cases folder with the vocabulary beside it; returns the project folder."""
    (folder / "cases").mkdir(parents=True, exist_ok=True)
    (folder / "vocabulary.yml").write_text(VOCABULARY, encoding="utf-8")
    add_case(folder, case, narrative, slug)
    return folder


def add_case(folder: Path, case: str, narrative: str | None = NARRATIVE, slug: str = "example") -> None:
    (folder / "cases" / f"{slug}.yml").write_text(case, encoding="utf-8")
    if narrative is not None:
        (folder / "cases" / f"{slug}.md").write_text(narrative, encoding="utf-8")


def problems_of(folder: Path) -> list[Problem]:
    _, problems = load_collection(Sources(folder / "cases", folder / "vocabulary.yml"))
    return sorted(problems)


def line_of(text: str, starts_with: str) -> int:
    """The 1-based number of the first line that starts with `starts_with` (after indentation)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(starts_with))


def with_line(text: str, starts_with: str, new: str) -> str:
    """`text` with the first line starting with `starts_with` replaced by `new` (which may be several lines)."""
    lines = text.splitlines()
    lines[line_of(text, starts_with) - 1] = new
    return "\n".join(lines) + "\n"
