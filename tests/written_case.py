"""A minimal valid case that a test writes into a project copy, so it asserts about its own data."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_case(
    cases: Path,
    slug: str,
    *,
    cooperation: int = 2,
    savings: int = 2,
    phases: list[str],
    instruments: list[str],
    policy_area: str,
) -> None:
    data = {
        "title": {"de": f"Testfall {slug}", "en": f"Test case {slug}"},
        "language": "en",
        "place": "Testtown",
        "country": "DE",
        "phases": phases,
        "instruments": instruments,
        "summary": {"de": "Ein Testfall.", "en": "A test case."},
        "policy_areas": [policy_area],
        "matrix": {
            "cooperation": cooperation,
            "cooperation_reason": "Test reason.",
            "savings": savings,
            "savings_reason": "Test reason.",
            "basis": "editorial",
        },
        "sources": [{"title": "Test source", "url": "https://example.org/"}],
        "last_reviewed": "2026-01-05",
        "contributors": ["Test"],
    }
    (cases / f"{slug}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (cases / f"{slug}.md").write_text("A test narrative.\n", encoding="utf-8")
