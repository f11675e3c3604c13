"""The `casebook` command: validate, export, build and scaffold from the shell."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casebook.problems import Problem, format_problems
from casebook.validate import Sources, load_collection


def _sources(args: argparse.Namespace) -> Sources:
    return Sources(Path(args.cases), Path(args.vocabulary))


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", default="cases", help="folder of case files (default: cases)")
    parser.add_argument("--vocabulary", default="vocabulary.yml", help="vocabulary file (default: vocabulary.yml)")


def report(problems: list[Problem], *, annotate: bool) -> None:
    """Print problems for people, and for GitHub Actions as annotations on the diff line."""
    print(format_problems(problems), file=sys.stderr)
    if annotate:
        for problem in sorted(problems):
            print(problem.as_github_annotation())


def cmd_validate(args: argparse.Namespace) -> int:
    collection, problems = load_collection(_sources(args))
    if problems:
        report(problems, annotate=args.github or os.environ.get("GITHUB_ACTIONS") == "true")
        return 1
    assert collection is not None
    vocabulary = collection.vocabulary
    print(f"OK: {len(collection.cases)} cases, {len(vocabulary.instruments)} instruments, "
          f"{len(vocabulary.phases)} phases, {len(vocabulary.policy_areas)} policy areas — no problems found.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every case and the vocabulary; exit 1 on any problem")
    _add_source_options(validate)
    validate.add_argument("--github", action="store_true",
                          help="also print GitHub Actions annotations (automatic inside Actions)")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
