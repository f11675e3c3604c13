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
