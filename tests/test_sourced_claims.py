"""Claims that cite their sources: the validator's checks of source numbers, `[@N]` and `as_of`."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from casebook.model import Figure, InstrumentUse, Operator, Outcome, Status
from casebook.references import link_references, narrative_references
from casebook.validate import Sources, load_collection
from conftest import copy_vocabulary

ROOT = Path(__file__).resolve().parent.parent

# A case in the long forms the schema allows; line numbers below refer to this text.
SOURCED_CASE = """\
title: {de: Meldeportal, en: Reporting portal}
language: en
scope: regional
place: Brandenburg
country: DE
operator:
  name: {de: Land Brandenburg, en: State of Brandenburg}
  kind: public-agency
status:
  state: running
  as_of: '2024'
  sources: [2]
phases: [co-assessment]
instruments:
  - id: social-media
    how: Residents report problems on a map.
    sources: [1]
  - active-complaint-management
summary: Residents report damage; the council answers in public.
policy_areas: [complaints-and-customer-service]
matrix:
  cooperation: 3
  cooperation_reason: "Editors' judgement: residents report, staff decide."
  savings: 2
  savings_reason: "Editors' judgement: no figures on savings."
  basis: editorial
sources:
  - title: First source
    url: https://example.org/one
  - title: Second source
    url: https://example.org/two
outcomes:
  - A plain outcome, as before.
  - {de: Ein zweisprachiges Ergebnis, en: A bilingual outcome}
  - text: Answers come faster.
    sources: [1, 2]
figures:
  - text: 70 municipalities take part
    as_of: '2015'
    sources: [2]
added: '2026-01-01'
last_reviewed: '2026-01-02'
contributors: [Test editors]
"""
NARRATIVE = "The portal started small [@1].\n\nIt grew later [@2]; see `[@9]` in code.\n"


def write_case(folder: Path, slug: str, yml: str, narrative: str = NARRATIVE) -> Path:
    cases = folder / "cases"
    cases.mkdir(parents=True, exist_ok=True)
    (cases / f"{slug}.yml").write_text(yml, encoding="utf-8")
    (cases / f"{slug}.md").write_text(narrative, encoding="utf-8")
    return cases / f"{slug}.yml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working folder
    copy_vocabulary(tmp_path)  # without links to cases the folder lacks
    return tmp_path


def check(folder: Path):
    return load_collection(Sources(folder / "cases", folder / "vocabulary.yml"))


def problems_of(folder: Path) -> list[str]:
    collection, problems = check(folder)
    assert collection is None, "expected problems"
    return [str(problem) for problem in problems]


def line_of(text: str, starts_with: str, occurrence: int = 1) -> int:
    found = [number for number, line in enumerate(text.splitlines(), 1) if line.strip().startswith(starts_with)]
    return found[occurrence - 1]


def test_the_long_forms_are_valid_and_reach_the_model(folder):
    write_case(folder, "portal", SOURCED_CASE)
    collection, problems = check(folder)
    assert problems == []
    (case,) = collection.cases
    assert case.scope == "regional" and case.place.get("en") == "Brandenburg"
    assert case.operator == Operator(case.operator.name, "public-agency")
    assert case.operator.name.get("de") == "Land Brandenburg"
    assert case.status == Status("running", "2024", (2,))
    assert case.instruments == ("social-media", "active-complaint-management")
    assert case.instrument_uses[0] == InstrumentUse(
        "social-media", case.instrument_uses[0].how, (1,)
    ) and case.instrument_uses[0].how.get("en").startswith("Residents report")
    assert case.instrument_uses[1].sources == () and not case.instrument_uses[1].how
    assert [outcome.sources for outcome in case.outcomes] == [(), (), (1, 2)]
    assert case.outcomes[1] == Outcome(case.outcomes[1].text) and case.outcomes[1].text.get("de")
    assert case.figures == (Figure(case.figures[0].text, "2015", (2,)),)


def test_old_form_files_stay_valid_with_local_scope(folder):
    data = yaml.safe_load(SOURCED_CASE)
    for key in ("scope", "operator", "status", "figures"):
        del data[key]
    data["instruments"] = ["social-media"]
    data["outcomes"] = ["A plain outcome."]
    write_case(folder, "old-form", yaml.safe_dump(data, sort_keys=False))
    collection, problems = check(folder)
    assert problems == []
    (case,) = collection.cases
    assert case.scope == "local" and case.operator is None and case.status is None and case.figures == ()


def test_a_case_may_list_no_instruments(folder):
    data = yaml.safe_load(SOURCED_CASE)
    data["instruments"] = []
    write_case(folder, "no-instruments", yaml.safe_dump(data, sort_keys=False))
    collection, problems = check(folder)
    assert problems == [] and collection.cases[0].instruments == ()


@pytest.mark.parametrize(
    ("old", "new", "field", "column"),
    [
        ("sources: [2]", "sources: [3]", "status.sources[1]", 13),
        ("sources: [1]", "sources: [7]", "instruments[1].sources[1]", 15),
        ("sources: [1, 2]", "sources: [1, 5]", "outcomes[3].sources[2]", 18),
        ("sources: [2]\nadded", "sources: [4]\nadded", "figures[1].sources[1]", 15),
    ],
)
def test_a_number_of_a_source_that_does_not_exist_is_located_at_the_number(folder, old, new, field, column):
    text = SOURCED_CASE.replace(old, new, 1)
    write_case(folder, "portal", text)
    number = re.findall(r"\d+", new)[-1]
    line = line_of(text, new.split("\n")[0])
    assert problems_of(folder) == [
        f"cases/portal.yml:{line}:{column}: {field}: source {number} does not exist: the case lists "
        "2 sources — use a number from 1 to 2 (the sources under `sources:` count from 1), or add the missing source"
    ]


def test_a_figure_needs_its_date_and_sources(folder):
    text = SOURCED_CASE.replace("    as_of: '2015'\n", "").replace("    sources: [2]\nadded", "added")
    write_case(folder, "portal", text)
    problems = problems_of(folder)
    line = line_of(text, "- text: 70 municipalities")
    assert any(p.startswith(f"cases/portal.yml:{line}:5: figures[1].as_of: is missing") for p in problems), problems
    assert any(p.startswith(f"cases/portal.yml:{line}:5: figures[1].sources: is missing") for p in problems), problems


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("'2015-02-30'", "2015-02-30 is not a real date"),
        (f"'{datetime.date.today().year + 1}'", f"{datetime.date.today().year + 1} is in the future"),
        ("'2015-13'", "'2015-13' is not a year or a date — write the year as YYYY"),
        ("2015", "should be text, not a number"),
    ],
)
def test_as_of_is_a_real_year_or_date_not_in_the_future(folder, as_of, message):
    text = SOURCED_CASE.replace("as_of: '2015'", f"as_of: {as_of}")
    write_case(folder, "portal", text)
    line = line_of(text, f"as_of: {as_of}")
    problems = problems_of(folder)
    assert len(problems) == 1 and problems[0].startswith(f"cases/portal.yml:{line}:12: figures[1].as_of: {message}")


def test_a_narrative_reference_to_a_missing_source_is_located_at_its_line_and_column(folder):
    narrative = "First line [@1].\n\nA claim ```[@7]``` in code, then a claim [@3] and [@0].\n"
    write_case(folder, "portal", SOURCED_CASE, narrative)
    assert problems_of(folder) == [
        "cases/portal.md:3:42: (file): [@3] refers to source 3, but the case lists 2 sources — use a number "
        "from 1 to 2 (the sources under `sources:` count from 1), or add the missing source",
        "cases/portal.md:3:51: (file): [@0] refers to source 0, but the case lists 2 sources — use a number "
        "from 1 to 2 (the sources under `sources:` count from 1), or add the missing source",
    ]


def test_references_in_fenced_code_are_text():
    text = "Before [@1]\n```\n[@4] in a block\n```\nAfter `[@5]` and [@2]\n"
    assert list(narrative_references(text)) == [(1, 1, 8), (2, 5, 18)]


def test_an_unknown_instrument_in_the_long_form_is_located_at_its_id(folder):
    text = SOURCED_CASE.replace("  - id: social-media", "  - id: social-medai")
    write_case(folder, "portal", text)
    line = line_of(text, "- id: social-medai")
    assert problems_of(folder) == [
        f"cases/portal.yml:{line}:9: instruments[1].id: 'social-medai' is not in the vocabulary — "
        "did you mean 'social-media'?"
    ]


def test_place_is_needed_unless_the_case_is_national(folder):
    local = SOURCED_CASE.replace("scope: regional\nplace: Brandenburg\n", "")
    write_case(folder, "portal", local)
    (problem,) = problems_of(folder)
    assert problem.startswith("cases/portal.yml:1:1: place: is missing — add `place:`")
    assert "Needed unless `scope` is national" in problem
    national = SOURCED_CASE.replace("scope: regional\nplace: Brandenburg\n", "scope: national\n")
    write_case(folder, "portal", national)
    collection, problems = check(folder)
    assert problems == [] and not collection.cases[0].place


def test_an_unknown_operator_kind_lists_the_kinds(folder):
    write_case(folder, "portal", SOURCED_CASE.replace("kind: public-agency", "kind: charty"))
    (problem,) = problems_of(folder)
    assert problem.startswith("cases/portal.yml:8:9: operator.kind: 'charty' is not allowed — did you mean 'charity'?")


def test_an_example_that_names_an_unknown_case_is_located(folder):
    write_case(folder, "portal", SOURCED_CASE)
    vocabulary = (folder / "vocabulary.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(vocabulary)
    instrument = next(entry for entry in data["instruments"] if entry.get("examples"))
    first_example = instrument["examples"][0]
    first_example["case"] = "portl"
    (folder / "vocabulary.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    written = (folder / "vocabulary.yml").read_text(encoding="utf-8")
    line = line_of(written, "case: portl")
    (problem,) = problems_of(folder)
    assert problem.startswith(f"vocabulary.yml:{line}:") or f"/vocabulary.yml:{line}:" in problem
    assert "there is no case 'portl' in the cases folder — did you mean 'portal'?" in problem
    first_example["case"] = "portal"
    (folder / "vocabulary.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    collection, problems = check(folder)
    assert problems == []
    examples = [example for item in collection.vocabulary.instruments for example in item.examples]
    assert [example.case for example in examples if example.case] == ["portal"]


def test_references_become_links_outside_code_only():
    html = (
        "<p>A claim [@1] and [@3].</p><pre><code>[@1]</code></pre>"
        '<p><a href="x" title="[@2]">[@2]</a> <code>[@2]</code> [@2]</p>'
    )
    assert link_references(html, 2, "Source {number}") == (
        '<p>A claim <a class="casebook-ref" href="#source-1" title="Source 1">[1]</a> and [@3].</p>'
        "<pre><code>[@1]</code></pre>"
        '<p><a href="x" title="[@2]">[@2]</a> <code>[@2]</code> '
        '<a class="casebook-ref" href="#source-2" title="Source 2">[2]</a></p>'
    )


def test_the_templates_commented_new_fields_validate_once_uncommented(folder):
    """Deleting the "# " in front of the template's optional lines gives fields the validator accepts."""
    template = (ROOT / "cases" / "_template.yml").read_text(encoding="utf-8")
    optional = template[template.index("# outcomes:") : template.index("# The long form")]
    instruments = template[template.index("#   instruments:") : template.index("# The date the case")]
    fields = yaml.safe_load("\n".join(line[2:] for line in optional.splitlines()))
    fields |= yaml.safe_load("\n".join(line[4:] for line in instruments.splitlines()))
    new_fields = ("outcomes", "figures", "scope", "operator", "status", "instruments")
    data = yaml.safe_load(SOURCED_CASE) | {key: value for key, value in fields.items() if key in new_fields}
    write_case(folder, "from-template", yaml.safe_dump(data, sort_keys=False))
    collection, problems = check(folder)
    assert problems == []
    (case,) = collection.cases
    assert case.scope == "regional" and case.operator.kind == "council" and case.figures[0].as_of == "2015"
