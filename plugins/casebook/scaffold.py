"""`casebook new`: ask for (or take as flags) the basics of a case and write its commented file pair."""

from __future__ import annotations

import argparse
import datetime
import difflib
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from casebook.case_skeleton import NewCase, VocabularyChoices, VocabularyEntry, case_yaml
from casebook.loader import load_yaml
from casebook.model import LANGUAGES
from casebook.problems import Problem, format_problems
from casebook.schema import VOCABULARY_SCHEMA, check_schema
from casebook.validate import SLUG, TEMPLATE_FILES, display_path

TEMPLATE_NARRATIVE = """<!--
The story of the case, in Markdown. Save it as cases/<slug>.md in the case's language, or as
cases/<slug>.de.md and cases/<slug>.en.md to give both languages. Replace this whole comment.

Suggested sections (## headings), each a few short paragraphs:
  ## The starting point   (Ausgangslage)     what problem the council and citizens faced
  ## What happened        (Was geschah)      who did what: citizens, staff, organisations
  ## What it achieved     (Ergebnisse)       only what the sources report
  ## Lessons              (Was andere lernen können)

Every fact comes from a source listed in the case's YAML file. Link to web pages with
[text](https://...); no raw HTML is needed.
-->
"""


class InputRefused(Exception):
    """A value given on the command line (or at a prompt) cannot be used."""

    def __init__(self, option: str, message: str, hint: str):
        super().__init__(f"casebook new: {option}: {message} — {hint}")


def read_choices(vocabulary_file: Path) -> tuple[VocabularyChoices | None, list[Problem]]:
    document, problems = load_yaml(vocabulary_file, display_path(vocabulary_file))
    if document is None or problems:
        return None, problems
    problems = check_schema(document, VOCABULARY_SCHEMA)
    return (None, problems) if problems else (VocabularyChoices.from_data(document.data), [])


def suggest_slug(*words: str) -> str:
    text = " ".join(words).lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", text))
    while len(slug) > 60 and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def check_slug(slug: str) -> str:
    if slug in TEMPLATE_FILES or not SLUG.match(slug) or len(slug) > 80:
        better = suggest_slug(slug) or "repair-cafe-musterstadt"
        raise InputRefused("--slug", f"{slug!r} is not a valid slug",
                           f"use lower-case letters, digits and single hyphens, e.g. {better}")
    return slug


def check_ids(option: str, given: list[str], entries: tuple[VocabularyEntry, ...]) -> tuple[str, ...]:
    known = [entry.id for entry in entries]
    if not given:
        raise InputRefused(option, "needs at least one id", "choose from: " + ", ".join(known))
    for value in given:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else "choose from: " + ", ".join(known)
            raise InputRefused(option, f"{value!r} is not in vocabulary.yml", hint)
    return tuple(dict.fromkeys(given))


def check_country(code: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", code.strip()):
        raise InputRefused("--country", f"{code!r} is not a country code",
                           "use the two-letter ISO 3166-1 code, e.g. GB, DE, AT or CH")
    return code.strip().upper()


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InputRefused("--language", f"{language!r} is not a language Casebook knows", "use de or en")
    return language


def check_text(option: str, value: str) -> str:
    if not value.strip():
        raise InputRefused(option, "is empty", f"give {option} \"...\"")
    return value.strip()


def _split(answer: str, entries: tuple[VocabularyEntry, ...]) -> list[str]:
    """Numbers (from the printed list) or ids, separated by commas or spaces."""
    chosen = []
    for part in re.split(r"[,\s]+", answer.strip()):
        if part.isdigit() and 1 <= int(part) <= len(entries):
            chosen.append(entries[int(part) - 1].id)
        elif part:
            chosen.append(part)
    return chosen


def _ask(question: str, check: Callable[[str], object], default: str = "") -> str:
    while True:
        answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip() or default
        try:
            check(answer)
            return answer
        except InputRefused as refusal:
            print(f"  {refusal}", file=sys.stderr)


def _ask_ids(question: str, option: str, entries: tuple[VocabularyEntry, ...]) -> list[str]:
    print(question)
    for number, entry in enumerate(entries, 1):
        print(f"  {number:2}. {entry.label()}")
    answer = _ask("  numbers or ids, separated by commas", lambda a: check_ids(option, _split(a, entries), entries))
    return _split(answer, entries)


def existing_files(cases_dir: Path, slug: str) -> list[Path]:
    names = [f"{slug}.{ending}" for ending in ("yml", "yaml", "md", *(f"{lang}.md" for lang in LANGUAGES))]
    return [path for path in (cases_dir / name for name in names) if path.exists()]


def _free_slug(cases_dir: Path, slug: str) -> str:
    """For prompts: a valid slug that no case uses yet (flags get the located message of `write_case`)."""
    check_slug(slug)
    if existing_files(cases_dir, slug):
        raise InputRefused("--slug", f"a case {slug!r} already exists", "choose another slug")
    return slug


def gather(args: argparse.Namespace, choices: VocabularyChoices, interactive: bool, cases_dir: Path) -> NewCase:
    """Each missing value is asked for in a terminal; elsewhere it must come as a flag."""

    def value(option: str, given: str | None, question: str, check: Callable[[str], object],
              default: str = "") -> str:
        if given is not None:
            check(given)
            return given
        if not interactive and option == "--slug":
            return check_slug(default)  # write_case reports an existing case at its file
        if not interactive:
            raise InputRefused(option, "is missing", f"give {option} (or run `casebook new` in a terminal to be asked)")
        return _ask(question, check, default)

    language = value("--language", args.language, "Language you will write in (de or en)", check_language, "de")
    title = check_text("--title", value("--title", args.title, "Title of the case", lambda v: check_text("--title", v)))
    place = check_text("--place", value("--place", args.place, "Place (municipality or borough)",
                                        lambda v: check_text("--place", v)))
    country = check_country(value("--country", args.country, "Country (two-letter code, e.g. DE or GB)",
                                  check_country))
    phases = check_ids("--phase", args.phase or (
        _ask_ids("Phases of co-production:", "--phase", choices.phases) if interactive else []), choices.phases)
    # The instruments of the chosen phases come first in the list, the others after them.
    ordered = tuple(sorted(choices.instruments, key=lambda entry: not set(entry.phases) & set(phases)))
    instruments = check_ids("--instrument", args.instrument or (
        _ask_ids("Instruments the case used:", "--instrument", ordered) if interactive else []),
        choices.instruments)
    # A slug names place and subject, like camden-twitter-complaints.
    place_slug, title_slug = suggest_slug(place.split(",")[0]), suggest_slug(title)
    proposal = title_slug if place_slug in title_slug else suggest_slug(place_slug, title_slug)
    check = check_slug if args.slug is not None else (lambda slug: _free_slug(cases_dir, slug))
    slug = value("--slug", args.slug, "File name (slug)", check, proposal)
    return NewCase(slug=slug, title=title, place=place, country=country, language=language, phases=phases,
                   instruments=instruments, today=datetime.date.today().isoformat())


def write_case(cases_dir: Path, case: NewCase, choices: VocabularyChoices) -> list[Path]:
    """Write <slug>.yml and an empty <slug>.md; refuse if any file of that case exists."""
    check_slug(case.slug)
    for existing in existing_files(cases_dir, case.slug)[:1]:
        raise FileExistsError(str(Problem(
            display_path(existing), 1, 1, "", "a case with this slug already exists; nothing was written",
            "choose another slug with --slug, or edit the existing case instead")))
    yml, narrative = cases_dir / f"{case.slug}.yml", cases_dir / f"{case.slug}.md"
    with yml.open("x", encoding="utf-8") as file:
        file.write(case_yaml(case, choices))
    with narrative.open("x", encoding="utf-8") as file:
        file.write("")  # empty on purpose: `casebook validate` reports it until the story is written
    return [yml, narrative]


def write_template(cases_dir: Path, choices: VocabularyChoices) -> list[Path]:
    """The web-editor template pair, regenerated from the vocabulary (cases/_template.*)."""
    yml, narrative = cases_dir / "_template.yml", cases_dir / "_template.md"
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
        print(f"casebook new: --cases: the folder {cases_dir} does not exist — run the command in the "
              "repository's top folder, or give --cases", file=sys.stderr)
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
        print(f"Next: fill in the empty fields of {yml} (each has a comment saying what goes there),\n"
              f"write the story of the case in {narrative}, and run `make validate` until it says OK.\n"
              "CONTRIBUTING.md explains each step; `make serve` shows the page as it will look.")
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
    new.add_argument("--template", action="store_true",
                     help="maintainers: rewrite cases/_template.yml and _template.md from the vocabulary")
    new.add_argument("--cases", default="cases", help="folder of case files (default: cases)")
    new.add_argument("--vocabulary", default="vocabulary.yml", help="vocabulary file (default: vocabulary.yml)")
    new.set_defaults(run=cmd_new)
