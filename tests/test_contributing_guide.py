"""CONTRIBUTING.md says what the tools do: the questions of `casebook new` in the order it asks them,
and the first lines `casebook validate` prints after the guide's own `casebook new` example."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import yaml
from casebook import case_input
from casebook.case_skeleton import VocabularyChoices
from casebook.cli import main
from conftest import copy_vocabulary
from small_collection import VOCABULARY

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
POSITION = re.compile(r"^([^:]+):\d+:\d+: ")


def documented_questions() -> list[str]:
    section = GUIDE.split("`casebook new` asks, in this order:", 1)[1].split("\n\n", 2)[1]
    return [match.group(1).rstrip(":") for match in re.finditer(r"(?m)^\d+\. \*(.+?)\*", section)]


def test_the_guide_lists_the_questions_of_casebook_new_in_the_order_it_asks_them(tmp_path, monkeypatch):
    asked: list[str] = []
    answers = iter(["en", "Answering complaints", "Exampletown", "GB", "4", "1", ""])

    def fake_input(prompt: str) -> str:
        if not prompt.startswith(" "):
            asked.append(re.sub(r"( \[[^\]]*\])?: $", "", prompt))
        return next(answers)

    def fake_print(*values: object, **_: object) -> None:
        text = " ".join(map(str, values))
        if text and not text.startswith(" "):
            asked.append(text.rstrip(":"))

    monkeypatch.setattr(case_input, "input", fake_input, raising=False)
    monkeypatch.setattr(case_input, "print", fake_print, raising=False)
    args = argparse.Namespace(
        language=None, title=None, place=None, country=None, phase=None, instrument=None, slug=None
    )
    choices = VocabularyChoices.from_data(yaml.safe_load(VOCABULARY))
    case = case_input.gather(args, choices, interactive=True, cases_dir=tmp_path)
    assert (case.language, case.country, case.phases, case.instruments) == (
        "en",
        "GB",
        ("co-assessment",),
        ("social-media",),
    )
    assert case.slug == "exampletown-answering-complaints"  # made from the place and the title, as the guide says
    assert asked == documented_questions()


def test_the_guides_example_output_is_what_validate_prints_after_its_casebook_new(tmp_path, monkeypatch, capsys):
    command = re.search(r"\.venv/bin/casebook new (--title .*?)\n```", GUIDE, re.DOTALL)
    assert command, "the guide shows `casebook new` with options"
    options = shlex.split(command.group(1).replace("\\\n", " "))
    shown = re.search(r"it begins:\n\n   ```text\n(.*?)\n   ```", GUIDE, re.DOTALL)
    assert shown, "the guide shows the first lines of `casebook validate`"
    expected = [line.strip() for line in shown.group(1).splitlines()]

    # The guide's example uses the project's own vocabulary ids; the case itself is the one it writes.
    copy_vocabulary(tmp_path)  # without links to cases the folder lacks
    (tmp_path / "cases").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["new", "--no-input", *options]) == 0
    capsys.readouterr()
    assert main(["validate", "--cases", "cases", "--vocabulary", "vocabulary.yml"]) == 1
    output = capsys.readouterr()
    printed = [line for line in (output.out + output.err).splitlines() if POSITION.match(line)]
    # Line numbers move whenever the template gains a field or the vocabulary an entry; the files,
    # fields, messages and hints must be exactly the tool's.
    assert [POSITION.sub(r"\1:L:C: ", line) for line in printed[: len(expected)]] == [
        POSITION.sub(r"\1:L:C: ", line) for line in expected
    ]


def test_the_guide_names_every_field_a_case_file_may_have():
    """A field added to the schema is explained to contributors in the same change."""
    from casebook.schema import CASE_SCHEMA, load_schema

    fields = load_schema(CASE_SCHEMA)["properties"]
    unexplained = [name for name in fields if not re.search(rf"`{name}`|\b{name}:", GUIDE)]
    assert len(fields) > 10 and unexplained == []
