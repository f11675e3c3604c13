"""The validator: the fixture collection is valid; every kind of bad input gives a located message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from casebook.loader import load_yaml
from casebook.validate import Sources, load_collection
from conftest import FIXTURE, fixture_project
from generated_cases import vocabulary_ids


def validate(project: Path) -> list[str]:
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    return [str(problem) for problem in problems]


def test_fixture_collection_is_valid_and_complete():
    project = fixture_project()
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert problems == []
    fixture_cases = [case for case in collection.cases if (FIXTURE / "cases" / f"{case.slug}.yml").is_file()]
    assert [case.slug for case in fixture_cases] == [
        "beispielstadt-buergerhaushalt",
        "camden-twitter-complaints",
        "exempelby-library-volunteers",
        "lambeth-peer-youth-work",
        "stockport-disability-website",
        "tower-hamlets-street-champions",
    ]
    vocabulary = vocabulary_ids(project / "vocabulary.yml")
    assert [instrument.id for instrument in collection.vocabulary.instruments] == [
        instrument for instrument, _ in vocabulary.instruments
    ]
    assert {phase.name.get("de") for phase in collection.vocabulary.phases} == {
        "Mitentwickeln",
        "Mitbeauftragen",
        "Mitumsetzen",
        "Mitbewerten",
    }
    one_language = {"beispielstadt-buergerhaushalt": "de"}  # its only narrative is <slug>.md, in German
    for case in fixture_cases:
        assert case.title.has(case.language), case.slug
        if case.slug in one_language:
            assert case.narrative.has("de") != case.narrative.has("en"), case.slug
            assert case.narrative.has(one_language[case.slug]), case.slug
        else:
            assert case.title.has("de") and case.title.has("en"), case.slug
            assert case.narrative.has("de") and case.narrative.has("en"), case.slug
        assert case.sources and case.matrix.basis == "editorial"


def test_loader_keeps_line_numbers_of_values(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("title: A\nsources:\n  - title: B\n    url: https://example.org\n")
    document, problems = load_yaml(path, "x.yml")
    assert problems == []
    assert document.locate(("sources", 0, "url")) == (4, 10)
    assert document.locate(("title",)) == (1, 8)


def test_cli_accepts_a_valid_project_with_one_summary_line(project):
    result = subprocess.run([sys.executable, "-m", "casebook", "validate"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().count("\n") == 0
    collection, _ = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    cases, instruments = len(collection.cases), len(collection.vocabulary.instruments)
    assert result.stdout.startswith(f"OK: {cases} cases, {instruments} instruments")


CAMDEN = "cases/camden-twitter-complaints.yml"


def replace_line(project: Path, starts_with: str, new: str, path: str = CAMDEN) -> int:
    """Replace the first line starting with `starts_with`; return its 1-based number."""
    file = project / path
    lines = file.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith(starts_with))
    lines[number] = new
    file.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("starts_with", "new", "expected"),
    [
        ("country:", "country: UK2", "country: 'UK2' is not a country code — use the two-letter ISO"),
        ("country:", "country: [GB]", "country: should be text, not a list"),
        ("last_reviewed:", "last_reviewed: '2026-02-30'", "last_reviewed: 2026-02-30 is not a real date"),
        ("last_reviewed:", "last_reviewed: 27.11.2026", "last_reviewed: '27.11.2026' is not a date"),
        (
            "  - social-media",
            "  - social-medai",
            "instruments[1]: 'social-medai' is not in the vocabulary — did you mean 'social-media'?",
        ),
        ("phases:", "phases: [co-desing]", "phases[1]: 'co-desing' is not allowed — did you mean 'co-design'?"),
        ("language:", "language: en\ncolour: blue", "colour: is not a known field"),
        ("language:", "language: en\n\tbad: tab", "YAML syntax error"),
        ("language:", "language: en\nlanguage: de", "language: the field appears twice (first on line"),
        ("language:", "language: en\nextra: !!python/object/apply:os.system ['true']", "is not allowed"),
        (
            "language:",
            "language: en\nwebsite: javascript:alert(1)",
            "website: 'javascript:alert(1)' uses a forbidden URL scheme",
        ),
        ("language:", "language: en\nwebsite: https://nodot", "website: 'https://nodot' has no valid host name"),
    ],
)
def test_bad_input_gives_located_message(project, starts_with, new, expected):
    line = replace_line(project, starts_with, new)
    problems = validate(project)
    assert problems, "expected a problem"
    matching = [p for p in problems if expected in p]
    assert matching, problems
    assert matching[0].startswith(f"{CAMDEN.split('/')[-1]}") or "camden-twitter-complaints.yml:" in matching[0]
    reported_line = int(matching[0].split(":")[1])
    assert reported_line in (line, line + 1), matching[0]


def test_unknown_language_key_is_located(project):
    line = replace_line(project, "place:", "place: {de: Camden, fr: Camden}")
    problems = validate(project)
    assert any(f":{line}:" in p and "place.fr: is not a language Casebook knows — use `de`" in p for p in problems), (
        problems
    )


def test_missing_required_field_names_it(project):
    replace_line(project, "country:", "# country removed")
    problems = validate(project)
    assert any("country: is missing — add `country:`" in p for p in problems), problems


def test_every_problem_is_reported_in_one_run(project):
    replace_line(project, "country:", "country: XX1")
    replace_line(project, "country:", "country: gb", path="cases/lambeth-peer-youth-work.yml")
    (project / "cases" / "stockport-disability-website.en.md").write_text("   \n")
    problems = validate(project)
    assert len(problems) >= 3
    assert {p.split(":")[0].rsplit("/", 1)[-1] for p in problems} >= {
        "camden-twitter-complaints.yml",
        "lambeth-peer-youth-work.yml",
        "stockport-disability-website.en.md",
    }


def test_missing_narrative_and_orphan_markdown(project):
    for language in ("de", "en"):
        (project / "cases" / f"camden-twitter-complaints.{language}.md").unlink()
    (project / "cases" / "orphan.md").write_text("# no yaml\n")
    problems = "\n".join(validate(project))
    assert "the narrative camden-twitter-complaints.md is missing" in problems
    assert "orphan.md:1:1: (file): this narrative has no case file beside it" in problems


def test_bad_slug_and_duplicate_slug(project):
    source = project / "cases" / "camden-twitter-complaints.yml"
    (project / "cases" / "Camden_Twitter.yml").write_text(source.read_text())
    problems = "\n".join(validate(project))
    assert "Camden_Twitter.yml:1:1: (file): case files are named `<slug>.yml` in lower case" in problems


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"title: caf\xe9\n", ":1:11: (file): byte 0xe9 is not valid UTF-8"),
        (b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", ":2:8: (file): YAML aliases (*name) are not allowed"),
        (b"title: x\n" * 70000, "the limit is"),
        (b"- just\n- a list\n", "the file should hold `field: value` lines"),
        (b"title: [unclosed\n", "YAML syntax error"),
    ],
)
def test_unreadable_case_files(project, content, expected):
    (project / "cases" / "broken.yml").write_bytes(content)
    (project / "cases" / "broken.md").write_text("Story.\n")
    problems = "\n".join(validate(project))
    assert "broken.yml:" in problems and expected in problems, problems


def test_cli_reports_problems_with_exit_1_and_no_traceback(project):
    replace_line(project, "country:", "country: 12")
    result = subprocess.run([sys.executable, "-m", "casebook", "validate"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "cases/camden-twitter-complaints.yml:" in result.stderr
    assert "country: should be text, not a number" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().endswith("1 problem found.")


def test_report_translations_lists_missing_language(project):
    path = project / "cases" / "camden-twitter-complaints.de.md"
    path.unlink()
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "validate", "--report-translations"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "case camden-twitter-complaints: no de text for narrative" in result.stdout


def test_empty_field_says_what_belongs_there(project):
    replace_line(project, "language:", "language:")
    problems = validate(project)
    assert any(
        "language: is empty — write one of: de, en (The language you write the case in" in p for p in problems
    ), problems


def test_nested_field_hint_comes_from_its_schema_description(project):
    replace_line(project, "  cooperation:", "  cooperation: two")
    problems = validate(project)
    assert any("matrix.cooperation: should be a whole number, not text — 1 (low) to 5 (high)" in p for p in problems), (
        problems
    )


def test_narrative_of_only_comments_is_empty(project):
    (project / "cases" / "camden-twitter-complaints.en.md").write_text("<!-- write the story here -->\n")
    problems = "\n".join(validate(project))
    assert "camden-twitter-complaints.en.md:1:1: (file): the narrative is empty" in problems


def test_report_translations_finds_every_text_of_a_case_in_one_language_only(project):
    """The report walks the case model: a text in any field (here an organisation's name, which
    no list of fields named) is reported when it has one language, and source titles never are."""
    path = project / "cases" / "camden-twitter-complaints.yml"
    text = path.read_text(encoding="utf-8")
    one_language = "  - {de: Bezirksverwaltung Camden (London), en: Camden Council (London)}\n"
    assert one_language in text
    path.write_text(text.replace(one_language, "  - Camden Council (London)\n"), encoding="utf-8")
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert problems == []
    from casebook.translations import missing_translations

    report = [str(entry) for entry in missing_translations(collection, "vocabulary.yml")]
    camden = [entry.split(": ", 1)[1] for entry in report if "case camden-twitter-complaints:" in entry]
    assert camden == ["case camden-twitter-complaints: no de text for organisations[1]"]
    assert not any("sources" in entry for entry in report)
