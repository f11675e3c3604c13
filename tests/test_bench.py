"""The benchmark's synthetic cases are valid and as varied as contributors' cases: what it measures
is a collection a real one could be, not one shaped for the plugin's fast paths."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from casebook.validate import Sources, load_collection
from conftest import copy_project

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"
GENERATED = 60


def _bench():
    spec = importlib.util.spec_from_file_location("casebook_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list[str]]:
    """The validated synthetic cases (and their slugs), beside the fixture collection."""
    project = copy_project(tmp_path_factory.mktemp("bench"))
    slugs = _bench().generate_cases(project / "cases", GENERATED, project / "vocabulary.yml")
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert problems == [], problems[:5]
    cases = {case.slug: case for case in collection.cases}
    return [cases[slug] for slug in slugs], slugs


def _texts(text) -> list[str]:
    return list(text.values.values())


def test_generated_cases_validate_without_problems(generated) -> None:
    cases, slugs = generated
    assert len(cases) == len(slugs) == GENERATED


def test_text_fields_have_several_paragraphs_in_some_cases(generated) -> None:
    cases, _ = generated
    fields = [
        text
        for case in cases
        for value in (case.summary, case.matrix.cooperation_reason, case.matrix.savings_reason)
        for text in _texts(value)
    ]
    several = [text for text in fields if "\n\n" in text.strip()]
    assert several and len(several) < len(fields), "some text fields have blank-line paragraphs, some one"


def test_narratives_have_headings_lists_quotes_tables_and_references(generated) -> None:
    cases, _ = generated
    narratives = [text for case in cases for text in _texts(case.narrative)]
    for name, pattern in {
        "## heading": r"^## \S",
        "### heading": r"^### \S",
        "bulleted list": r"^- \S",
        "nested list": r"^    - \S",
        "numbered list": r"^1\. \S",
        "block quote": r"^> \S",
        "table": r"^\| --- \|",
        "link": r"\]\(https://",
        "emphasis": r"\*\*\w|\*\w|_\w+_",
        "source reference": r"\[@\d+\]",
    }.items():
        assert any(re.search(pattern, text, re.MULTILINE) for text in narratives), name
    assert any(case.narrative.has("de") and case.narrative.has("en") for case in cases)
    assert any(len(case.narrative.values) == 1 for case in cases), "some stories are in one language only"


def test_narratives_and_titles_differ_in_length(generated) -> None:
    cases, _ = generated
    words = [len(text.split()) for case in cases for text in _texts(case.narrative)]
    assert min(words) < 250 and max(words) > 600
    titles = [len(text) for case in cases for text in _texts(case.title)]
    assert min(titles) < 60 and max(titles) > 250


def test_cases_vary_in_instruments_phases_scope_and_optional_fields(generated) -> None:
    cases, _ = generated
    assert {len(case.instruments) for case in cases} == {1, 2, 3}
    assert {len(case.phases) for case in cases} == {1, 2}
    assert {case.scope for case in cases} == {"local", "regional", "national"}
    for name in ("location", "figures", "outcomes", "status", "operator", "website"):
        present = [bool(getattr(case, name)) for case in cases]
        assert any(present) and not all(present), f"{name} is present in some cases only"
    assert any(outcome.sources for case in cases for outcome in case.outcomes)


def test_a_few_places_hold_many_cases(generated) -> None:
    cases, _ = generated
    places = Counter(case.place.get("en") or case.place.get("de") for case in cases if case.scope == "local")
    (_, most), *_ = places.most_common(1)
    assert most >= GENERATED // 10, "the most crowded place holds a tenth of the cases or more"
    assert len(places) > 8


def test_a_synthetic_case_is_the_same_at_every_collection_size(tmp_path: Path) -> None:
    bench = _bench()
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    bench.generate_cases(small, 5)
    bench.generate_cases(large, 12)
    assert len(list(large.iterdir())) > len(list(small.iterdir()))
    for path in small.iterdir():
        assert path.read_bytes() == (large / path.name).read_bytes(), path.name
