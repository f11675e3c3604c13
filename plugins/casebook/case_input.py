"""What `casebook new` asks for: prompts in a terminal, flags elsewhere, each answer checked before use."""

from __future__ import annotations

import argparse
import datetime
import difflib
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from casebook import countries
from casebook.case_skeleton import NewCase, VocabularyChoices, VocabularyEntry
from casebook.layout import case_file_names, is_slug
from casebook.model import LANGUAGES
from casebook.validate import reserved_slugs


class InputRefused(Exception):
    """A value given on the command line (or at a prompt) cannot be used."""

    def __init__(self, option: str, message: str, hint: str):
        super().__init__(f"casebook new: {option}: {message} — {hint}")


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
    if not is_slug(slug):
        better = suggest_slug(slug) or "repair-cafe-musterstadt"
        raise InputRefused(
            "--slug",
            f"{slug!r} is not a valid slug",
            f"use lower-case letters, digits and single hyphens, e.g. {better}",
        )
    if slug in reserved_slugs():
        raise InputRefused(
            "--slug",
            f"the slug {slug!r} is reserved: the site has a page or folder of that name beside the case pages",
            "choose another; reserved are: " + ", ".join(sorted(reserved_slugs())),
        )
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
    """An ISO 3166-1 code, written in any case (`gb` becomes GB); anything else is refused with the
    code that was most likely meant (UK -> GB)."""
    upper = code.strip().upper()
    if countries.is_country_code(upper):
        return upper
    raise InputRefused("--country", *(countries.refusal(code.strip()) or ("is not a country code", "")))


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InputRefused("--language", f"{language!r} is not a language Casebook knows", "use de or en")
    return language


def check_text(option: str, value: str) -> str:
    if not value.strip():
        raise InputRefused(option, "is empty", f'give {option} "..."')
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
    names = [*case_file_names(slug), f"{slug}.yaml"]  # a .yaml file of that name would be refused beside it
    return [path for path in (cases_dir / name for name in names) if path.exists()]


def _free_slug(cases_dir: Path, slug: str) -> str:
    """For prompts: a valid slug that no case uses yet (flags get the located message of `write_case`)."""
    check_slug(slug)
    if existing_files(cases_dir, slug):
        raise InputRefused("--slug", f"a case {slug!r} already exists", "choose another slug")
    return slug


def gather(args: argparse.Namespace, choices: VocabularyChoices, interactive: bool, cases_dir: Path) -> NewCase:
    """Each missing value is asked for in a terminal; elsewhere it must come as a flag."""

    def value(option: str, given: str | None, question: str, check: Callable[[str], object], default: str = "") -> str:
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
    place = check_text(
        "--place", value("--place", args.place, "Place (municipality or borough)", lambda v: check_text("--place", v))
    )
    country = check_country(value("--country", args.country, "Country (two-letter code, e.g. DE or GB)", check_country))
    phases = check_ids(
        "--phase",
        args.phase or (_ask_ids("Phases of co-production:", "--phase", choices.phases) if interactive else []),
        choices.phases,
    )
    # The instruments of the chosen phases come first in the list, the others after them.
    ordered = tuple(sorted(choices.instruments, key=lambda entry: not set(entry.phases) & set(phases)))
    instruments = check_ids(
        "--instrument",
        args.instrument or (_ask_ids("Instruments the case used:", "--instrument", ordered) if interactive else []),
        choices.instruments,
    )
    # A slug names place and subject, like camden-twitter-complaints.
    place_slug, title_slug = suggest_slug(place.split(",")[0]), suggest_slug(title)
    proposal = title_slug if place_slug in title_slug else suggest_slug(place_slug, title_slug)
    check = check_slug if args.slug is not None else (lambda slug: _free_slug(cases_dir, slug))
    slug = value("--slug", args.slug, "File name (slug)", check, proposal)
    return NewCase(
        slug=slug,
        title=title,
        place=place,
        country=country,
        language=language,
        phases=phases,
        instruments=instruments,
        today=datetime.date.today().isoformat(),
    )
