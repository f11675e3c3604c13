"""The mistakes contributors actually make get plain advice at the right line: country codes, hints
without internal words, the template's leftovers in a narrative. Every case here is written by the test."""

from __future__ import annotations

import pytest
from casebook import countries
from casebook.case_input import InputRefused, check_country
from casebook.cli import main
from small_collection import CASE, VOCABULARY, add_case, line_of, problems_of, with_line, write_collection


@pytest.fixture
def collection(tmp_path):
    return write_collection(tmp_path / "project")


def only_problem(folder, field=None):
    problems = [p for p in problems_of(folder) if field is None or p.field == field]
    assert len(problems) == 1, [str(p) for p in problems_of(folder)]
    return problems[0]


# --- country codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("UK", "UK → use GB"),
        ("EL", "EL → use GR"),
        ("gb", "gb → use GB"),
        ("DEU", "DEU → use DE"),
        ("Germany", "Germany → use DE"),
        ("Deutschland", "Deutschland → use DE"),
        ("England", "England → use GB"),
        ("Österreich", "Österreich → use AT"),
    ],
)
def test_a_wrong_country_code_names_the_right_one_at_its_line(collection, written, advice):
    case = with_line(CASE, "country:", f"country: {written}")
    add_case(collection, case)
    problem = only_problem(collection)
    assert (problem.line, problem.column, problem.field) == (line_of(case, "country:"), 10, "country")
    assert problem.message == f"{written!r} is not a country code"
    assert problem.hint.startswith(advice), problem.hint


@pytest.mark.parametrize("written", ["XK", "EU", "QO", "ZZ"])
def test_codes_that_are_no_iso_country_are_refused(collection, written):
    # Babel's CLDR territories hold XK, EU and QO too; the ISO 3166-1 list does not.
    add_case(collection, with_line(CASE, "country:", f"country: {written}"))
    problem = only_problem(collection)
    assert problem.field == "country" and "not a country code" in problem.message
    assert "ISO 3166-1" in problem.hint and "→" not in problem.hint


def test_every_iso_code_is_accepted_and_named_in_both_languages(collection):
    assert len(countries.ISO_CODES) > 240 and {"GB", "DE", "AT", "CH", "GR"} <= countries.ISO_CODES
    assert "UK" not in countries.ISO_CODES and "EL" not in countries.ISO_CODES
    for code in countries.ISO_CODES:
        for language in ("de", "en"):
            assert countries.country_name(code, language) != code, (code, language)
    add_case(collection, with_line(CASE, "country:", "country: AT"))
    assert problems_of(collection) == []


def test_country_names_come_from_cldr_in_german_and_english():
    assert countries.country_name("GB", "de") == "Vereinigtes Königreich"
    assert countries.country_name("GB", "en") == "United Kingdom"
    assert countries.country_name("CH", "de") == "Schweiz"
    assert countries.country_name("IS", "de") == "Island"  # a country the old hand-written table lacked


def test_casebook_new_refuses_uk_and_names_gb(tmp_path, capsys):
    folder = write_collection(tmp_path / "project", case=CASE)
    code = main(
        [
            "new",
            "--no-input",
            "--title",
            "Street champions",
            "--place",
            "Exampletown",
            "--country",
            "UK",
            "--language",
            "en",
            "--phase",
            "co-assessment",
            "--instrument",
            "social-media",
            "--cases",
            str(folder / "cases"),
            "--vocabulary",
            str(folder / "vocabulary.yml"),
        ]
    )
    assert code == 1
    error = capsys.readouterr().err
    assert "--country: 'UK' is not a country code — UK → use GB" in error
    assert sorted(path.name for path in (folder / "cases").iterdir()) == ["example.md", "example.yml"]


def test_casebook_new_takes_a_code_in_lower_case():
    assert check_country("gb") == "GB"
    assert check_country(" de ") == "DE"
    with pytest.raises(InputRefused, match="EL → use GR"):
        check_country("EL")


def test_vocabulary_of_the_small_collection_is_valid(collection):
    # The fixture the tests above change must itself be valid, or they would test nothing.
    assert VOCABULARY and problems_of(collection) == []


# --- hints in plain words ----------------------------------------------------------------------

# Words of the implementation, not of the contributor: none may appear in a message, a hint or a
# schema description (editors show the descriptions as the field's help).
INTERNAL_WORDS = ("Localised", "localised", "plain-string", "plain string", "a mapping", "in the schema", "JSON")


def _descriptions(value):
    if isinstance(value, dict):
        if isinstance(value.get("description"), str):
            yield value["description"]
        for item in value.values():
            yield from _descriptions(item)
    elif isinstance(value, list):
        for item in value:
            yield from _descriptions(item)


def test_no_schema_description_uses_internal_words():
    from casebook.schema import CASE_SCHEMA, VOCABULARY_SCHEMA, load_schema

    descriptions = [*_descriptions(load_schema(CASE_SCHEMA)), *_descriptions(load_schema(VOCABULARY_SCHEMA))]
    assert len(descriptions) > 20
    for description in descriptions:
        assert not any(word in description for word in INTERNAL_WORDS), description


def test_an_empty_case_gets_plain_hints_only(collection):
    # Every field present but empty: the template as a contributor first sees it.
    empty = "\n".join(f"{line.split(':')[0]}:" for line in CASE.splitlines() if line and not line.startswith(" "))
    add_case(collection, empty + "\n")
    problems = problems_of(collection)
    assert len(problems) >= 10
    for problem in problems:
        assert not any(word in str(problem) for word in INTERNAL_WORDS), str(problem)


def test_an_empty_language_lists_de_and_en(collection):
    case = with_line(CASE, "language:", "language:")
    add_case(collection, case)
    problem = only_problem(collection)
    assert (problem.line, problem.field, problem.message) == (line_of(case, "language:"), "language", "is empty")
    assert "de" in problem.hint.split() or "de," in problem.hint
    assert "write one of: de, en" in problem.hint and "German" in problem.hint and "English" in problem.hint


def test_missing_contributors_points_where_they_go_with_an_example_of_the_list(collection):
    case = with_line(CASE, "contributors:", "")
    add_case(collection, case)
    problem = only_problem(collection)
    assert problem.field == "contributors" and problem.message == "is missing"
    assert problem.line == line_of(case, "last_reviewed:"), "at the field it goes after, not the top of the file"
    assert "add `contributors:` after `last_reviewed:`" in problem.hint
    assert '["Jane Doe"]' in problem.hint


def test_a_missing_matrix_score_is_placed_inside_the_matrix(collection):
    case = with_line(CASE, "savings:", "")
    add_case(collection, case)
    problem = only_problem(collection)
    assert problem.field == "matrix.savings"
    assert problem.line == line_of(case, "cooperation_reason:")
    assert "1 (low) to 5 (high)" in problem.hint


def test_contributors_as_text_asks_for_the_list_form(collection):
    add_case(collection, with_line(CASE, "contributors:", "contributors: Jane Doe"))
    problem = only_problem(collection)
    assert problem.field == "contributors" and "should be a list" in problem.message
    assert '["Jane Doe"]' in problem.hint


# --- the narrative template's leftovers --------------------------------------------------------


def test_a_story_that_still_holds_the_template_comment_is_refused_at_the_comment(collection):
    from casebook.case_skeleton import TEMPLATE_NARRATIVE

    story = "## The starting point\n\nResidents complained.\n\n" + TEMPLATE_NARRATIVE
    add_case(collection, CASE, narrative=story)
    problem = only_problem(collection)
    assert problem.path.endswith("example.md") and problem.line == 5
    assert "template's instructions" in problem.message and "<!--" in problem.hint


def test_an_empty_heading_is_refused_at_its_line(collection):
    story = "## The starting point\n\nResidents complained.\n\n## What it achieved\n\n## Lessons\n\nStart small.\n"
    add_case(collection, CASE, narrative=story)
    problem = only_problem(collection)
    assert problem.path.endswith("example.md") and problem.line == 5
    assert problem.message == "the heading “What it achieved” has no text under it"
    assert "delete the heading" in problem.hint


def test_the_template_headings_alone_are_refused_each_at_its_line(collection):
    headings = ["The starting point", "What happened", "What it achieved", "Lessons"]
    add_case(collection, CASE, narrative="\n\n".join(f"## {title}" for title in headings) + "\n")
    problems = problems_of(collection)
    assert [(p.line, p.message) for p in problems] == [
        (1 + 2 * index, f"the heading “{title}” has no text under it") for index, title in enumerate(headings)
    ]


def test_a_heading_whose_subsections_have_text_is_not_empty_nor_a_hash_in_code(collection):
    story = "# Story\n\n## Start\n\nText.\n\n```sh\n# a shell comment, not a heading\n```\n\n<!-- a note -->\nMore.\n"
    add_case(collection, CASE, narrative=story)
    assert problems_of(collection) == []
