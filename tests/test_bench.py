"""The benchmark's synthetic cases are valid cases: what it measures is a real collection."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from casebook.validate import Sources, load_collection

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("casebook_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_cases_validate_without_problems(project: Path) -> None:
    bench = _bench()
    sources = Sources(project / "cases", project / "vocabulary.yml")
    seeds = len(load_collection(sources)[0].cases)
    slugs = bench.generate_cases(project / "cases", 12, project / "vocabulary.yml")
    collection, problems = load_collection(sources)
    assert problems == []
    assert len(collection.cases) == seeds + 12
    generated = [case for case in collection.cases if case.slug in slugs]
    assert all(len(case.narrative.get("de").split()) >= 450 for case in generated)
    assert len({case.country for case in generated}) > 3


def test_a_synthetic_case_is_the_same_at_every_collection_size() -> None:
    bench = _bench()
    vocabulary = bench.load_vocabulary(Path(bench.ROOT) / "vocabulary.yml")
    assert bench.synthetic_case(7, vocabulary) == bench.synthetic_case(7, vocabulary)
    assert bench.synthetic_case(7, vocabulary) != bench.synthetic_case(8, vocabulary)
