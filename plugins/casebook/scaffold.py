"""`casebook new`: ask for (or take as flags) the basics of a case and write its commented file pair."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.case_input import InputRefused, check_slug, existing_files, gather
from casebook.case_skeleton import TEMPLATE_NARRATIVE, NewCase, VocabularyChoices, case_yaml
from casebook.layout import CASES_DIR, TEMPLATE_SLUG, VOCABULARY_FILE, case_file, narrative_file
from casebook.loader import load_yaml
from casebook.problems import Problem, format_problems
from casebook.schema import VOCABULARY_SCHEMA, check_schema
from casebook.validate import display_path


def read_choices(vocabulary_file: Path) -> tuple[VocabularyChoices | None, list[Problem]]:
    document, problems = load_yaml(vocabulary_file, display_path(vocabulary_file))
    if document is None or problems:
        return None, problems
    problems = check_schema(document, VOCABULARY_SCHEMA)
    return (None, problems) if problems else (VocabularyChoices.from_data(document.data), [])


def write_case(cases_dir: Path, case: NewCase, choices: VocabularyChoices) -> list[Path]:
    """Write <slug>.yml and an empty <slug>.md; refuse if any file of that case exists."""
    check_slug(case.slug)
    for existing in existing_files(cases_dir, case.slug)[:1]:
        raise FileExistsError(
            str(
                Problem(
                    display_path(existing),
                    1,
                    1,
                    "",
                    "a case with this slug already exists; nothing was written",
                    "choose another slug with --slug, or edit the existing case instead",
                )
            )
        )
    yml, narrative = case_file(cases_dir, case.slug), narrative_file(cases_dir, case.slug)
    with yml.open("x", encoding="utf-8") as file:
        file.write(case_yaml(case, choices))
    with narrative.open("x", encoding="utf-8") as file:
        file.write("")  # empty on purpose: `casebook validate` reports it until the story is written
    return [yml, narrative]


def write_template(cases_dir: Path, choices: VocabularyChoices) -> list[Path]:
    """The web-editor template pair, regenerated from the vocabulary (cases/_template.*)."""
    yml, narrative = case_file(cases_dir, TEMPLATE_SLUG), narrative_file(cases_dir, TEMPLATE_SLUG)
    yml.write_text(case_yaml(NewCase(), choices), encoding="utf-8")
    narrative.write_text(TEMPLATE_NARRATIVE, encoding="utf-8")
    return [yml, narrative]


def cmd_new(args: argparse.Namespace) -> int:
    cases_dir, vocabulary = Path(args.cases), Path(args.vocabulary)
    choices, problems = read_choices(vocabulary)
    if choices is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if not cases_dir.is_dir():
        print(
            f"casebook new: --cases: the folder {cases_dir} does not exist — run the command in the "
            "repository's top folder, or give --cases",
            file=sys.stderr,
        )
        return 1
    try:
        if args.template:
            written = write_template(cases_dir, choices)
        else:
            interactive = sys.stdin.isatty() and not args.no_input
            written = write_case(cases_dir, gather(args, choices, interactive, cases_dir), choices)
    except (InputRefused, FileExistsError) as refusal:
        print(refusal, file=sys.stderr)
        return 1
    except EOFError:
        print("casebook new: stopped: no answer given; nothing was written", file=sys.stderr)
        return 1
    yml, narrative = (display_path(path) for path in written)
    print(f"Wrote {yml} and {narrative}.")
    if not args.template:
        print(
            f"Next: fill in the empty fields of {yml} (each has a comment saying what goes there),\n"
            f"write the story of the case in {narrative}, and run `make validate` until it says OK.\n"
            "CONTRIBUTING.md explains each step; `make serve` shows the page as it will look."
        )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `casebook new` to the command's subcommands."""
    new = commands.add_parser("new", help="start a new case: writes cases/<slug>.yml and cases/<slug>.md")
    new.add_argument("--title", help="the case's title, in the case's language")
    new.add_argument("--place", help="municipality or borough, e.g. 'Camden, London'")
    new.add_argument("--country", help="two-letter ISO 3166-1 code, e.g. DE or GB")
    new.add_argument("--phase", action="append", metavar="ID", help="a phase id (repeat for more than one)")
    new.add_argument("--instrument", action="append", metavar="ID", help="an instrument id (repeat for more)")
    new.add_argument("--slug", help="the file name, e.g. repair-cafe-musterstadt (default: made from the title)")
    new.add_argument("--language", help="de or en: the language you write the case in")
    new.add_argument("--no-input", action="store_true", help="never ask; missing values are an error")
    new.add_argument(
        "--template",
        action="store_true",
        help="maintainers: rewrite cases/_template.yml and _template.md from the vocabulary",
    )
    new.add_argument("--cases", default=CASES_DIR, help=f"folder of case files (default: {CASES_DIR})")
    new.add_argument("--vocabulary", default=VOCABULARY_FILE, help=f"vocabulary file (default: {VOCABULARY_FILE})")
    new.set_defaults(run=cmd_new)
