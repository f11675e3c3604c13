"""YAML syntax errors read as what to do, at the line where the mistake is (PyYAML often notices it
one line later), and one broken file does not hide the problems of the others.

The files in tests/yaml_mistakes/ are the mistakes contributors make; each has its expected line,
column, field, message and advice here."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from casebook.loader import load_yaml
from small_collection import CASE, add_case, line_of, problems_of, with_line, write_collection

MISTAKES = Path(__file__).parent / "yaml_mistakes"


@dataclass(frozen=True)
class Advice:
    line: int
    column: int
    field: str
    says: str  # in the message: what is wrong
    do: str  # in the hint: what to do


EXPECTED = {
    "block-text-not-indented.yml": Advice(
        5,
        1,
        "summary",
        "belongs to the text under `summary: >-`",
        "indent the text under `summary: >-` two more spaces",
    ),
    "nested-block-text-not-indented.yml": Advice(
        5, 1, "summary.en", "the text under `en: >-`", "two more spaces than `en` (4 spaces in all)"
    ),
    "key-too-far-right.yml": Advice(
        4, 6, "sources[1].citation", "`citation:` is not in line with `title:`", "line `citation:` up with `title:`"
    ),
    "key-too-far-left.yml": Advice(
        4, 4, "sources[1].citation", "`citation:` is not in line with `title:`", "line `citation:` up with `title:`"
    ),
    "matrix-key-out-of-line.yml": Advice(
        4, 2, "matrix.savings", "not in line with `cooperation:`", "line `savings:` up with `cooperation:` (2 spaces"
    ),
    "colon-in-reason.yml": Advice(
        4,
        41,
        "matrix.cooperation_reason",
        "contains `: `",
        "put text that contains `: ` in quotes (cooperation_reason: \"Editors' judgement: residents report",
    ),
    "tab-indent.yml": Advice(3, 1, "matrix.cooperation", "indented with a tab", "indent with spaces, not tabs"),
    "unclosed-single-quote.yml": Advice(1, 8, "title", "the quote ' that opens here is never closed", "end the text"),
    "unclosed-brace.yml": Advice(1, 8, "title", "the { that opens here is not closed", "close it with }"),
    "apostrophe-in-single-quotes.yml": Advice(
        1, 8, "title", "an apostrophe inside single quotes", "write the apostrophe twice"
    ),
    "text-after-quote.yml": Advice(1, 8, "title", "goes on after its closing quote", "put the whole text in quotes"),
    "missing-colon.yml": Advice(2, 1, "place", "`place` has no colon", "write `place: Exampletown`"),
    "text-runs-on-unindented.yml": Advice(
        3, 1, "summary", "more text for `summary:`", "on the lines under `summary: >-`, each indented two more"
    ),
    "starts-with-at.yml": Advice(1, 8, "title", "cannot start with @", 'title: "@exampletown answers"'),
}

# Parser words that say nothing to a contributor, if they stand on their own.
JARGON = ("<block end>", "simple key", "block mapping", "could not find expected", "mapping values")


def test_every_mistake_file_has_its_advice():
    assert {path.name for path in MISTAKES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_syntax_mistake_is_explained_at_its_line(name):
    advice = EXPECTED[name]
    document, problems = load_yaml(MISTAKES / name, name)
    assert document is None and len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.column, problem.field) == (advice.line, advice.column, advice.field), str(problem)
    assert advice.says in problem.message, str(problem)
    assert advice.do in problem.hint, str(problem)
    # Plain words first; the parser's own words only at the end, in brackets, after the advice.
    assert not any(word in problem.message for word in JARGON), problem.message
    assert problem.hint.endswith(")") and "(YAML syntax error: " in problem.hint
    advice_part = problem.hint.split("(YAML syntax error: ")[0]
    assert not any(word in advice_part for word in JARGON), problem.hint


def test_the_parser_points_one_line_late_and_the_message_does_not():
    # PyYAML reports the unindented block text at the line after it; the mistake is the line itself.
    text = (MISTAKES / "block-text-not-indented.yml").read_text(encoding="utf-8")
    mistake = line_of(text, "where residents")
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.safe_load(text)
    assert raised.value.problem_mark.line + 1 == mistake + 1
    _, problems = load_yaml(MISTAKES / "block-text-not-indented.yml", "x.yml")
    assert problems[0].line == mistake


def test_a_long_line_is_not_copied_into_the_advice(tmp_path):
    path = tmp_path / "long.yml"
    path.write_text("title: x\nsummary: " + "B" * 5_000 + " said: tail\n", encoding="utf-8")
    _, problems = load_yaml(path, "long.yml")
    assert problems[0].line == 2 and "contains `: `" in problems[0].message
    assert len(str(problems[0])) < 400 and 'summary: "…: …"' in problems[0].hint


def test_one_syntax_error_does_not_hide_the_problems_of_other_files(tmp_path):
    folder = write_collection(tmp_path / "project")
    for name in ("colon-in-reason.yml", "unclosed-brace.yml"):
        shutil.copy2(MISTAKES / name, folder / "cases" / name)
        (folder / "cases" / name).with_suffix(".md").write_text("A story.\n", encoding="utf-8")
    uk = with_line(CASE, "country:", "country: UK")
    add_case(folder, uk, slug="wrong-country")
    (folder / "vocabulary.yml").write_text("phases:\n  - id: co-design\n   name: x\n", encoding="utf-8")
    problems = problems_of(folder)
    by_file = {Path(problem.path).name: problem for problem in problems}
    assert set(by_file) == {"colon-in-reason.yml", "unclosed-brace.yml", "wrong-country.yml", "vocabulary.yml"}, [
        str(problem) for problem in problems
    ]
    assert by_file["wrong-country.yml"].line == line_of(uk, "country:")
    assert "up with `id:`" in by_file["vocabulary.yml"].hint
    assert "contains `: `" in by_file["colon-in-reason.yml"].message


def test_unindented_text_with_a_colon_is_named_as_text_not_as_an_unknown_field(tmp_path):
    # YAML can read this line as `field: value`, so it is no syntax error; the words before `: ` are no field.
    folder = write_collection(tmp_path / "project")
    summary = "summary: >-\n  The council answers complaints about its parks\n  where residents write them.\n"
    case = CASE.replace(summary, "summary: >-\nThe council said: we answer\n")
    add_case(folder, case)
    problems = {problem.field: problem for problem in problems_of(folder)}
    assert set(problems) == {"summary", "The council said"}, problems
    text = problems["The council said"]
    assert text.line == line_of(case, "The council said") and "is text, not a field name" in text.message
    assert "indent it two more spaces" in text.hint and "in quotes" in text.hint
