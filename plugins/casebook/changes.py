"""What a change does to the collection: `casebook diff BASE`, and the cases `validate --changed-since` checks."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from casebook.catalog import build_catalog
from casebook.gitfiles import GitFailed, changed_files, files_at, top_level
from casebook.layout import CASES_DIR, VOCABULARY_FILE, is_slug
from casebook.loader import read_file_bytes
from casebook.model import LANGUAGES, Collection
from casebook.pages import SiteRenderer
from casebook.urls import page_url
from casebook.validate import Sources, load_collection

# Changes to these mean every case must be checked again, not only the changed ones.
SCHEMA_DIR = Path(__file__).parent / "schema"


def case_slug(path: Path, cases_dir: Path) -> str | None:
    """The slug a file in cases/ belongs to (`x.yml`, `x.md`, `x.de.md` -> `x`), or None."""
    if path.resolve().parent != cases_dir.resolve() or path.suffix not in (".yml", ".md"):
        return None
    slug = path.name.split(".")[0]
    return slug if is_slug(slug) else None


def cases_to_check(files: list[Path], sources: Sources) -> set[str] | None:
    """The slugs whose files changed; None (check everything) when the vocabulary or the schema changed."""
    slugs = set()
    for path in files:
        resolved = path.resolve()
        if resolved == sources.vocabulary_file.resolve() or resolved.parent == SCHEMA_DIR.resolve():
            return None
        slug = case_slug(path, sources.cases_dir)
        if slug:
            slugs.add(slug)
    return slugs


def pull_request_scope(args: argparse.Namespace, sources: Sources) -> set[str] | None:
    """`validate --changed-since BASE` / `--files F...`: the slugs to check, or None for all of them."""
    if getattr(args, "changed_since", None):
        root = top_level(sources.cases_dir if sources.cases_dir.is_dir() else Path.cwd())
        return cases_to_check(changed_files(root, args.changed_since), sources)
    if getattr(args, "files", None):
        return cases_to_check([Path(name) for name in args.files], sources)
    return None


def add_scope_options(validate: argparse.ArgumentParser) -> None:
    scope = validate.add_mutually_exclusive_group()
    scope.add_argument(
        "--changed-since",
        metavar="BASE",
        help="check only the cases changed since git revision BASE (e.g. origin/main), "
        "plus the vocabulary they refer to",
    )
    scope.add_argument(
        "--files",
        nargs="+",
        metavar="FILE",
        help="check only the cases these files belong to (e.g. from a pre-commit hook)",
    )


@dataclass
class Summary:
    """Added, changed and removed items of one kind; `changed` maps an item to what changed in it."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _case_files(cases_dir: Path) -> dict[str, dict[str, bytes]]:
    """slug -> {file name: content} for every case file pair in a folder."""
    found: dict[str, dict[str, bytes]] = {}
    if cases_dir.is_dir():
        for path in sorted(cases_dir.iterdir()):
            slug = case_slug(path, cases_dir)
            if slug:
                try:
                    found.setdefault(slug, {})[path.name] = read_file_bytes(path)
                except OSError:
                    continue  # a link, a pipe or a huge file: the validator reports it
    return {slug: files for slug, files in found.items() if f"{slug}.yml" in files}


def _yaml(content: bytes | None) -> Any:
    try:
        return yaml.safe_load(content) if content else None
    except yaml.YAMLError:
        return None


def _what_changed(slug: str, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    parts = []
    old_data, new_data = _yaml(old.get(f"{slug}.yml")), _yaml(new.get(f"{slug}.yml"))
    if isinstance(old_data, dict) and isinstance(new_data, dict):
        fields = sorted(key for key in old_data.keys() | new_data.keys() if old_data.get(key) != new_data.get(key))
        parts.extend(fields)
    elif old.get(f"{slug}.yml") != new.get(f"{slug}.yml"):
        parts.append(f"{slug}.yml")
    for name in sorted((old.keys() | new.keys()) - {f"{slug}.yml"}):
        if old.get(name) != new.get(name):
            language = name.removeprefix(slug + ".").removesuffix(".md").removesuffix("md")
            parts.append(f"narrative ({language})" if language else "narrative")
    return ", ".join(parts) or "comments only"


def compare_cases(old_dir: Path, new_dir: Path) -> Summary:
    old, new = _case_files(old_dir), _case_files(new_dir)
    return Summary(
        added=sorted(new.keys() - old.keys()),
        changed={
            slug: _what_changed(slug, old[slug], new[slug])
            for slug in sorted(old.keys() & new.keys())
            if old[slug] != new[slug]
        },
        removed=sorted(old.keys() - new.keys()),
    )


def _instruments(vocabulary_file: Path) -> dict[str, Any]:
    try:
        data = _yaml(read_file_bytes(vocabulary_file))
    except OSError:
        data = None  # missing, a link, a pipe or too large: the validator reports it
    entries = data.get("instruments") if isinstance(data, dict) else None
    return {entry["id"]: entry for entry in entries or [] if isinstance(entry, dict) and "id" in entry}


def compare_instruments(old_file: Path, new_file: Path) -> Summary:
    old, new = _instruments(old_file), _instruments(new_file)
    return Summary(
        added=sorted(new.keys() - old.keys()),
        changed={
            key: ", ".join(sorted(k for k in old[key].keys() | new[key].keys() if old[key].get(k) != new[key].get(k)))
            for key in sorted(old.keys() & new.keys())
            if old[key] != new[key]
        },
        removed=sorted(old.keys() - new.keys()),
    )


def _pages(collection: Collection) -> dict[str, dict[str, str]]:
    """page URL -> {language: content} of every generated page."""
    pages: dict[str, dict[str, str]] = {}
    catalog = build_catalog(collection)
    for language in LANGUAGES:
        for page in SiteRenderer(catalog, language).pages(parallel=True):
            url = page_url(page.path) if page.path.endswith(".md") else page.path  # data files keep their name
            pages.setdefault(url, {})[language] = page.content
    return pages


def compare_pages(old: Collection, new: Collection) -> Summary:
    before, after = _pages(old), _pages(new)

    def languages(url: str) -> str:
        differ = [lang for lang in LANGUAGES if before[url].get(lang) != after[url].get(lang)]
        return "" if len(differ) == len(LANGUAGES) else f"{', '.join(differ)} only"

    return Summary(
        added=sorted(after.keys() - before.keys()),
        changed={url: languages(url) for url in sorted(before.keys() & after.keys()) if before[url] != after[url]},
        removed=sorted(before.keys() - after.keys()),
    )


@dataclass(frozen=True)
class ChangeReport:
    base: str
    cases: Summary
    instruments: Summary
    pages: Summary | None  # None: a side has problems, so its pages cannot be rendered
    problems_note: str = ""

    def lines(self, markdown: bool = False) -> list[str]:
        out = [f"{'## ' if markdown else ''}Changes since {self.base}", ""]
        sections = [("Cases", self.cases), ("Instruments", self.instruments)]
        if self.pages is not None:
            # Both sides are rendered with today's templates: the list shows what the data change does.
            sections.append(("Generated pages (in de/ and en/ unless marked)", self.pages))
        for title, summary in sections:
            counts = f"{len(summary.added)} added, {len(summary.changed)} changed, {len(summary.removed)} removed"
            out.append(f"### {title}: {counts}" if markdown else f"{title}: {counts if summary else 'no change'}")
            rows = (
                [("added", item, "") for item in summary.added]
                + [("changed", item, detail) for item, detail in summary.changed.items()]
                + [("removed", item, "") for item in summary.removed]
            )
            for kind, item, detail in rows:
                detail = f": {detail}" if detail else ""
                out.append(f"- {kind}: `{item}`{detail}" if markdown else f"  {kind:8} {item}{detail}")
            if markdown:
                out.append("")
        if self.pages is None:
            out.append(f"Generated pages: not compared — {self.problems_note}")
        return out


def compare(base: str, sources: Sources) -> ChangeReport:
    """The collection at git revision `base` against the working tree."""
    root = top_level(sources.cases_dir if sources.cases_dir.is_dir() else Path.cwd())
    cases_rel = sources.cases_dir.resolve().relative_to(root).as_posix()
    vocabulary_rel = sources.vocabulary_file.resolve().relative_to(root).as_posix()
    with tempfile.TemporaryDirectory(prefix="casebook-base-") as folder:
        snapshot = Path(folder)
        files_at(root, base, [cases_rel, vocabulary_rel], snapshot)
        old_sources = Sources(snapshot / cases_rel, snapshot / vocabulary_rel)
        cases = compare_cases(old_sources.cases_dir, sources.cases_dir)
        instruments = compare_instruments(old_sources.vocabulary_file, sources.vocabulary_file)
        old, old_problems = load_collection(old_sources, parallel=True)
    new, new_problems = load_collection(sources, parallel=True)
    if old is None or new is None:
        side = "the working tree" if new is None else base
        count = len(new_problems or old_problems)
        note = f"{side} has {count} problem{'s' if count != 1 else ''} (run `casebook validate` to see them)"
        return ChangeReport(base, cases, instruments, None, note)
    try:
        pages = compare_pages(old, new)
    except jinja2.TemplateError as error:  # a template bug, not the contributor's input
        return ChangeReport(base, cases, instruments, None, f"the pages could not be rendered ({error})")
    return ChangeReport(base, cases, instruments, pages)


def cmd_diff(args: argparse.Namespace) -> int:
    sources = Sources(Path(args.cases), Path(args.vocabulary))
    try:
        report = compare(args.base, sources)
    except (GitFailed, ValueError) as error:
        print(f"casebook diff: {error}", file=sys.stderr)
        return 1
    print("\n".join(report.lines(markdown=args.markdown)))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `casebook diff` to the command's subcommands."""
    diff = commands.add_parser("diff", help="list the cases, instruments and pages a change adds, changes or removes")
    diff.add_argument(
        "base",
        metavar="BASE",
        help="git revision to compare with, e.g. origin/main (its cases/ and "
        "vocabulary.yml; pages of both sides are rendered with the current templates)",
    )
    diff.add_argument("--markdown", action="store_true", help="print Markdown (for a pull request's job summary)")
    diff.add_argument("--cases", default=CASES_DIR, help=f"folder of case files (default: {CASES_DIR})")
    diff.add_argument("--vocabulary", default=VOCABULARY_FILE, help=f"vocabulary file (default: {VOCABULARY_FILE})")
    diff.set_defaults(run=cmd_diff)
