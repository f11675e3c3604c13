"""Valid cases written by the tests, varied on purpose: each number gives another mix of language,
narrative form, text form, phases, instruments, country and matrix cell, all drawn from the
vocabulary the project has (so they stay valid whatever cases or vocabulary entries it holds)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

COUNTRIES = ("GB", "DE", "AT", "CH", "NL", "SE", "FR", "DK")
# A link from a hand-written page to a case page, and a vocabulary example that names its case.
CASE_LINK = re.compile(r"\((?:\.\./)*cases/([a-z0-9][a-z0-9-]*)\.md[)#]")
VOCABULARY_CASE = re.compile(r"^\s*(?:-\s+)?case:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)


@dataclass(frozen=True)
class VocabularyIds:
    phases: tuple[str, ...]
    instruments: tuple[tuple[str, tuple[str, ...]], ...]  # (id, its phases)
    policy_areas: tuple[str, ...]


def vocabulary_ids(vocabulary: Path) -> VocabularyIds:
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    return VocabularyIds(
        tuple(phase["id"] for phase in data["phases"]),
        tuple((item["id"], tuple(item.get("phases") or ())) for item in data["instruments"]),
        tuple(area["id"] for area in data["policy_areas"]),
    )


def linked_case_slugs(project: Path) -> set[str]:
    """The case slugs the hand-written pages and the vocabulary's examples link to."""
    slugs = set()
    for page in (project / "content").rglob("*.md"):
        slugs |= set(CASE_LINK.findall(page.read_text(encoding="utf-8")))
    if (project / "vocabulary.yml").is_file():
        slugs |= set(VOCABULARY_CASE.findall((project / "vocabulary.yml").read_text(encoding="utf-8")))
    return slugs - {"index"}


def _both(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


def case_fields(number: int, ids: VocabularyIds) -> tuple[dict, str]:
    """The YAML fields of generated case `number` and its language."""
    language = ("de", "en")[number % 2]
    plain = number % 3 == 0  # text fields as plain text in the case's language (else both languages)

    def text(de: str, en: str) -> str | dict[str, str]:
        return (de if language == "de" else en) if plain else _both(de, en)

    phases = [ids.phases[number % len(ids.phases)]]
    if number % 4 == 1 and len(ids.phases) > 1:
        phases.append(ids.phases[(number + 1) % len(ids.phases)])
    fitting = [instrument for instrument, its in ids.instruments if set(its) & set(phases)] or [
        instrument for instrument, _ in ids.instruments
    ]
    instruments = sorted({fitting[number % len(fitting)], fitting[(number * 7 + 3) % len(fitting)]})
    place = f"Teststadt {number}"

    def reason() -> str | dict[str, str]:  # a new value each time: YAML would write a shared one as an alias
        return text("Einschätzung der Redaktion: ein Testwert.", "Editors' judgement: a test value.")

    fields = {
        "title": text(f"Erzeugter Testfall {number} in {place}", f"Generated test case {number} in {place}"),
        "language": language,
        "place": text(place, place),
        "country": COUNTRIES[number % len(COUNTRIES)],
        "phases": phases,
        "instruments": instruments,
        "summary": text(
            f"Ein erzeugter Testfall (Nummer {number}): Bürgerinnen und Bürger arbeiten mit der Verwaltung.",
            f"A generated test case (number {number}): residents work with the council.",
        ),
        "policy_areas": [ids.policy_areas[number % len(ids.policy_areas)]],
        "matrix": {
            "cooperation": 1 + number % 5,
            "cooperation_reason": reason(),
            "savings": 1 + (number // 5) % 5,
            "savings_reason": reason(),
            "basis": "editorial",
        },
        "sources": [{"title": text("Testquelle", "Test source"), "url": f"https://www.example.org/case-{number}"}],
        "added": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "last_reviewed": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "contributors": [f"Test contributor {number}"],
    }
    if number % 5 == 2:
        fields["year_started"] = 2000 + number % 20
        fields["organisations"] = [text(f"Verwaltung {number}", f"Council {number}")]
    return fields, language


def write_case(cases: Path, slug: str, number: int, ids: VocabularyIds) -> None:
    """One generated case: `<slug>.yml` and its narrative, in one file or one per language."""
    fields, language = case_fields(number, ids)
    (cases / f"{slug}.yml").write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
    stories = {
        "de": f"Die Geschichte des erzeugten Falls {number}.\n\n## Was geschah\n\nBürgerinnen und Bürger halfen mit.\n",
        "en": f"The story of generated case {number}.\n\n## What happened\n\nResidents helped.\n",
    }
    if number % 2 == 0:  # one narrative in the case's language
        (cases / f"{slug}.md").write_text(stories[language], encoding="utf-8")
    else:
        for lang, story in stories.items():
            (cases / f"{slug}.{lang}.md").write_text(story, encoding="utf-8")


def add_cases(project: Path, count: int, prefix: str = "generated") -> list[str]:
    """`count` varied valid cases added to the project's cases/; returns their slugs."""
    ids = vocabulary_ids(project / "vocabulary.yml")
    slugs = [f"{prefix}-case-{number}" for number in range(1, count + 1)]
    for number, slug in enumerate(slugs, start=1):
        write_case(project / "cases", slug, number, ids)
    return slugs
