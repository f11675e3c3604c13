"""Instruments a case used vs instruments the talk lists for a phase: a case appears only on the pages
of the instruments it lists; a phase page lists every instrument of the phase from the vocabulary;
relations between instruments come only from what cases used. Asserts only about test-written cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from casebook.catalog import build_catalog
from casebook.site import Project, build_site
from casebook.validate import Sources, load_collection
from conftest import copy_project, copy_vocabulary
from written_case import write_case

ONE = "zz-uses-one-instrument"
TWO = "zz-uses-two-instruments"


def phase_with_instruments(vocabulary: dict) -> tuple[str, list[str]]:
    """A phase and its instruments, from the vocabulary: the first phase with at least two."""
    for phase in vocabulary["phases"]:
        ids = [item["id"] for item in vocabulary["instruments"] if phase["id"] in item["phases"]]
        if len(ids) >= 2:
            return phase["id"], ids
    raise AssertionError("the vocabulary has no phase with two instruments")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("instruments")
    project = copy_project(root / "project")
    vocabulary = yaml.safe_load((project / "vocabulary.yml").read_text(encoding="utf-8"))
    phase, ids = phase_with_instruments(vocabulary)
    area = vocabulary["policy_areas"][0]["id"]
    write_case(project / "cases", ONE, phases=[phase], instruments=[ids[0]], policy_area=area)
    write_case(project / "cases", TWO, phases=[phase], instruments=ids[:2], policy_area=area)
    return project, vocabulary


@pytest.fixture(scope="module")
def site(written, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, _ = written
    out = tmp_path_factory.mktemp("instruments-site") / "site"
    build_site(Project(project), out)
    return out


def cases_listed(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    return {slug for slug in (ONE, TWO) if f"/cases/{slug}/" in text}


def test_a_case_is_on_the_pages_of_the_instruments_it_used_only(site, written):
    _, vocabulary = written
    _, ids = phase_with_instruments(vocabulary)
    for language in ("de", "en"):
        for item in vocabulary["instruments"]:
            listed = cases_listed(site / language / "instruments" / item["id"] / "index.html")
            expected = {ONE, TWO} if item["id"] == ids[0] else {TWO} if item["id"] == ids[1] else set()
            assert listed == expected, (language, item["id"])


def test_a_phase_page_lists_every_instrument_the_talk_lists_for_it(site, written):
    _, vocabulary = written
    for language in ("de", "en"):
        for phase in vocabulary["phases"]:
            text = (site / language / "phases" / phase["id"] / "index.html").read_text(encoding="utf-8")
            for item in vocabulary["instruments"]:
                linked = f'href="../../instruments/{item["id"]}/"' in text
                assert linked == (phase["id"] in item["phases"]), (language, phase["id"], item["id"])


def test_a_case_page_tags_only_the_instruments_it_used(site, written):
    _, vocabulary = written
    _, ids = phase_with_instruments(vocabulary)
    text = (site / "de" / "cases" / ONE / "index.html").read_text(encoding="utf-8")
    tags = text[text.index('class="md-tags casebook-tags"') :].split("</nav>", 1)[0]
    tagged = {item["id"] for item in vocabulary["instruments"] if f'/instruments/{item["id"]}/"' in tags}
    assert tagged == {ids[0]}


def test_open_data_lists_a_case_under_the_instruments_it_used_only(site, written):
    _, vocabulary = written
    _, ids = phase_with_instruments(vocabulary)
    document = json.loads((site / "en" / "data" / "instruments.json").read_text(encoding="utf-8"))
    using = {item["id"] for item in document["instruments"] if ONE in item["cases"]}
    assert using == {ids[0]}
    cases = json.loads((site / "en" / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
    used = next(case for case in cases if case["slug"] == ONE)["instruments"]
    assert [item["id"] if isinstance(item, dict) else item for item in used] == [ids[0]]


def test_instruments_used_together_come_from_the_cases_that_used_both(written, tmp_path):
    project, vocabulary = written
    _, ids = phase_with_instruments(vocabulary)
    only_written = tmp_path / "cases"
    only_written.mkdir()
    for slug in (ONE, TWO):
        for suffix in (".yml", ".md"):
            (only_written / f"{slug}{suffix}").write_text((project / "cases" / f"{slug}{suffix}").read_text())
    # The vocabulary without its examples' links to cases, which are not in this folder.
    collection, problems = load_collection(Sources(only_written, copy_vocabulary(tmp_path / "vocabulary")))
    assert problems == []
    catalog = build_catalog(collection)
    assert [(other.id, count) for other, count in catalog.co_used[ids[0]]] == [(ids[1], 1)]
    assert [(other.id, count) for other, count in catalog.co_used[ids[1]]] == [(ids[0], 1)]
    assert not any(catalog.co_used.get(item_id) for item_id in ids[2:])
