"""The `casebook` command: validate, export, build and scaffold from the shell."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sys
from pathlib import Path

from casebook import changes, scaffold
from casebook.gitfiles import GitFailed
from casebook.layout import CASES_DIR, SITE_DIR, VOCABULARY_FILE
from casebook.problems import Problem, ProblemsFound, format_problems, printable, printable_line
from casebook.site import BuildFailed, Project, build_site, export_site
from casebook.translations import missing_translations
from casebook.validate import Sources, load_collection


def _sources(args: argparse.Namespace) -> Sources:
    return Sources(Path(args.cases), Path(args.vocabulary))


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", default=CASES_DIR, help=f"folder of case files (default: {CASES_DIR})")
    parser.add_argument("--vocabulary", default=VOCABULARY_FILE, help=f"vocabulary file (default: {VOCABULARY_FILE})")


def report(problems: list[Problem], *, annotate: bool) -> None:
    """Print problems for people, and for GitHub Actions as annotations on the diff line."""
    print(format_problems(problems), file=sys.stderr)
    if annotate:
        for problem in sorted(problems):
            print(problem.as_github_annotation())


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        only = changes.pull_request_scope(args, _sources(args))
    except GitFailed as error:
        print(printable(f"casebook validate: --changed-since: {error}"), file=sys.stderr)
        return 1
    collection, problems = load_collection(_sources(args), only=only, parallel=True)
    if problems:
        report(problems, annotate=args.github or os.environ.get("GITHUB_ACTIONS") == "true")
        return 1
    assert collection is not None
    vocabulary = collection.vocabulary
    if args.report_translations:
        missing = missing_translations(collection, args.vocabulary)
        for line in missing:
            print(printable_line(str(line)))
        print(f"{_count(len(missing), 'item')} with missing translations.")
    counts = [
        _count(len(collection.cases), "case"),
        _count(len(vocabulary.instruments), "instrument"),
        _count(len(vocabulary.phases), "phase"),
        _count(len(vocabulary.policy_areas), "policy area"),
    ]
    print(f"OK: {', '.join(counts)} — no problems found.")
    return 0


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM (a cancelled CI job, `kill`): stop the workers and unwind, so the build's own cleanup
    runs and removes its staging folder; the previous site stays as it was."""
    for child in multiprocessing.active_children():
        child.terminate()
    raise SystemExit(128 + signum)


def cmd_build(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        build_site(Project(Path(args.project)), Path(args.site_dir), strict=not args.no_strict, site_url=args.site_url)
    except BuildFailed as error:
        message = f"Build failed: {error}\nThe previous site in {args.site_dir}/ was left as it was."
        print(printable(message), file=sys.stderr)  # MkDocs' messages name files: strangers' text
        return 1
    print(f"Built the German and English sites into {args.site_dir}/ (open {args.site_dir}/index.html).")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    try:
        written = export_site(Project(Path(args.project)), Path(args.directory))
    except ProblemsFound as error:
        report(error.problems, annotate=False)
        return 1
    print(f"Exported {len(written)} files to {args.directory}/ (build with mkdocs -f {args.directory}/mkdocs.de.yml).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every case and the vocabulary; exit 1 on any problem")
    _add_source_options(validate)
    validate.add_argument(
        "--github", action="store_true", help="also print GitHub Actions annotations (automatic inside Actions)"
    )
    validate.add_argument(
        "--report-translations",
        action="store_true",
        help="also list which texts exist in only one language (German or English)",
    )
    changes.add_scope_options(validate)
    validate.set_defaults(run=cmd_validate)

    build = commands.add_parser("build", help="build the German and English sites into one folder, atomically")
    build.add_argument("--project", default=".", help="folder holding mkdocs.yml (default: .)")
    build.add_argument("--site-dir", default=SITE_DIR, help=f"output folder (default: {SITE_DIR})")
    build.add_argument(
        "--site-url",
        help="address the site is published at, e.g. https://example.org/casebook/ (for the sitemap and the 404 page)",
    )
    build.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
    build.set_defaults(run=cmd_build)

    export = commands.add_parser("export", help="write the whole site as plain Markdown (no plugin needed)")
    export.add_argument("directory", help="folder to write into")
    export.add_argument("--project", default=".", help="folder holding mkdocs.yml (default: .)")
    export.set_defaults(run=cmd_export)
    scaffold.register(commands)
    changes.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


def _count(number: int, thing: str) -> str:
    """'1 case', '2 cases': the command's messages are English."""
    return f"{number} {thing}{'' if number == 1 else 's'}"
