"""Load and validate the whole collection: the vocabulary and every case, all problems in one run."""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from casebook import countries, worldmap
from casebook.cache import CaseCache, CaseResult
from casebook.characters import FORBIDDEN_CHARACTER, character_problem
from casebook.layout import SLUG_MAX_LENGTH, TEMPLATE_SLUG, is_slug, narrative_file
from casebook.loader import Document, field_name, load_yaml, read_text
from casebook.model import (
    LANGUAGES,
    Case,
    Collection,
    Example,
    Figure,
    Instrument,
    InstrumentUse,
    Location,
    MatrixPosition,
    Operator,
    Outcome,
    Phase,
    PolicyArea,
    Source,
    Status,
    Text,
    Vocabulary,
)
from casebook.narrative_leftovers import leftovers
from casebook.parallel import map_ordered
from casebook.problems import Problem
from casebook.references import narrative_references
from casebook.sanitize import (
    MAX_MARKDOWN_WORK,
    MAX_NARRATIVE_CHARACTERS,
    MAX_PARAGRAPH_CHARACTERS,
    markdown_cost,
)
from casebook.schema import CASE_SCHEMA, VOCABULARY_SCHEMA, check_schema, one_line_texts

# Link targets and raw HTML that could run script in a reader's browser. A scheme starts a word, and
# a `data:` URL goes on with a media type or a comma: "The metadata: it matters" and "Our data: 70
# councils" are prose, which no browser would read as a URL either.
# The lookahead only lets the engine skip ahead to a possible first letter: a third faster on a
# narrative, the same matches.
UNSAFE_URL = re.compile(r"(?i)(?=[jvd])(?<![\w+.\-])(?:javascript\s*:|vbscript\s*:|data\s*:\s*(?:[a-z0-9.+\-]+/|[,;]))")
# One-line fields are printed by the theme in places it does not escape (<title>, the header);
# they are plain text, so markup and character references have no business there.
MARKUP_IN_SHORT_TEXT = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*;)")
# A trailing "{: ... }" or "{ ... }" is an attribute list to Markdown's attr_list in a heading line:
# it would set attributes, event handlers included, on the heading.
ATTRIBUTE_LIST = re.compile(r"\{[^{}\n]*\}\s*$")
# Python-Markdown parses nested lists recursively: a few hundred levels exhaust Python's stack and
# crash the build, so narratives may nest lists and quotes this deep at most.
MAX_NARRATIVE_NESTING = 40
_CONTAINER_MARKER = re.compile(r" *(?:(?:[-*+]|\d{1,9}[.)])(?= |$)|>)")
_NESTING_STARTS = frozenset(" \t>-*+0123456789")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Sources:
    """Where the collection lives."""

    cases_dir: Path
    vocabulary_file: Path


def display_path(path: Path) -> str:
    """The path as problems show it: relative to the working folder when inside it."""
    return _display_folder(path.parent, os.getcwd()) + path.name


@functools.lru_cache(maxsize=64)
def _display_folder(folder: Path, working_folder: str) -> str:
    # Once per folder, not per file (thousands of files share a folder).
    relative = os.path.relpath(folder, working_folder)
    shown = folder.as_posix() if relative.startswith("..") else Path(relative).as_posix()
    return "" if shown == "." else shown + "/"


def load_collection(
    sources: Sources, only: set[str] | None = None, cache: CaseCache | None = None, *, parallel: bool = False
) -> tuple[Collection | None, list[Problem]]:
    """Validate everything; `only` limits the case checks to these slugs (pull-request mode);
    `cache` reuses the cases whose files have not changed since the last call (`mkdocs serve`, and
    the second language of `casebook build`);
    `parallel` checks the case files in worker processes where that is safe (see parallel.py)."""
    problems: list[Problem] = []
    all_files = _case_files(sources.cases_dir, problems)
    vocabulary = _load_vocabulary(sources.vocabulary_file, problems, {slug for slug, _ in all_files})
    files = [(slug, yml) for slug, yml in all_files if only is None or slug in only]
    check = partial(_load_case_alone, vocabulary)
    if cache is not None:
        results: Iterable[CaseResult] = cache.load_cases(files, vocabulary, check, parallel=parallel)
    else:
        results = map_ordered(check, files) if parallel else map(check, files)
    cases = []
    for case, case_problems in results:
        cases.append(case)
        problems.extend(case_problems)
    cases = [case for case in cases if case is not None]
    if problems or vocabulary is None:
        return None, problems
    return Collection(vocabulary, tuple(sorted(cases, key=lambda case: case.slug))), []


def _load_case_alone(vocabulary: Vocabulary | None, file: tuple[str, Path]) -> tuple[Case | None, list[Problem]]:
    problems: list[Problem] = []
    return _load_case(*file, vocabulary, problems), problems


def _case_files(cases_dir: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    """(slug, case file) for every case in the folder; every file that looks like a case or a
    narrative but cannot be one (a link, a wrong name, a reserved slug) is a problem, never skipped."""
    if not cases_dir.is_dir():
        problems.append(
            Problem(
                display_path(cases_dir),
                1,
                1,
                "",
                "the cases folder does not exist",
                "create it, or fix `cases_dir` in mkdocs.yml",
            )
        )
        return []
    found: dict[str, Path] = {}
    narratives: list[Path] = []
    reserved = reserved_slugs()
    # By name: the files share a folder, and comparing names is much cheaper than comparing paths.
    # scandir: whether an entry is a link or a regular file comes with the listing, without a stat.
    for entry in sorted(os.scandir(cases_dir), key=_entry_name):
        name, path = entry.name, cases_dir / entry.name
        lower = name.lower()
        if not lower.endswith((".yml", ".yaml", ".md")):
            continue
        if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
            link = entry.is_symlink()
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    "is a symbolic link; case files must be plain files" if link else "is not a regular file",
                    "replace the link with the file itself (a link could publish any file of the build machine)"
                    if link
                    else "case files and narratives are plain text files",
                )
            )
            continue
        if lower.endswith(".md"):
            narratives.append(path)
            continue
        stem = name.rsplit(".", 1)[0]
        if not name.endswith(".yml") or stem != stem.lower():
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    "case files are named `<slug>.yml` in lower case",
                    f"rename it to {stem.lower()}.yml",
                )
            )
            continue
        if stem == TEMPLATE_SLUG:
            continue
        if not is_slug(stem):
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    f"{stem!r} is not a valid slug",
                    f"name the file with lower-case letters, digits and single hyphens, at most "
                    f"{SLUG_MAX_LENGTH} characters, e.g. camden-twitter-complaints.yml",
                )
            )
            continue
        if stem in reserved:
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    "",
                    f"the slug {stem!r} is reserved: the site has a page or folder of that name beside the case pages",
                    "choose another name; reserved are: " + ", ".join(sorted(reserved)),
                )
            )
            continue
        found[stem] = path
    for path in narratives:
        _check_narrative_name(path, found, problems)
    return sorted(found.items())


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


_NARRATIVE_NAME = re.compile(r"^(?P<slug>[^.]+)(?:\.(?P<language>[^.]+))?\.md$")


def _check_narrative_name(path: Path, cases: dict[str, Path], problems: list[Problem]) -> None:
    """A Markdown file in cases/ is `<slug>.md` or `<slug>.<language>.md` beside `<slug>.yml`."""
    name = path.name
    match = _NARRATIVE_NAME.match(name.lower())
    slug = match.group("slug") if match else name.split(".")[0]
    language = match.group("language") if match else None
    if slug == TEMPLATE_SLUG:
        return
    if match is None or name != name.lower() or (language is not None and language not in LANGUAGES):
        right = f"{slug.lower()}.{language}.md" if language in LANGUAGES else f"{slug.lower()}.md"
        problems.append(
            Problem(
                display_path(path),
                1,
                1,
                "",
                "narratives are named `<slug>.md`, `<slug>.de.md` or `<slug>.en.md`, in lower case",
                f"rename it to {right}",
            )
        )
    elif slug not in cases:
        problems.append(
            Problem(
                display_path(path),
                1,
                1,
                "",
                "this narrative has no case file beside it",
                f"add {slug}.yml (see cases/_template.yml) or remove the Markdown file",
            )
        )


@functools.cache
def reserved_slugs() -> frozenset[str]:
    """Slugs a case may not have: the names of the generated pages and folders that sit beside the
    case pages (the cases index, one folder per facet), read from where those paths are made."""
    from casebook.catalog import build_catalog
    from casebook.finding import facets
    from casebook.labels import LABELS
    from casebook.urls import CASES_INDEX, case_path, facet_path

    folder = posixpath.dirname(case_path("x")) + "/"
    empty = build_catalog(Collection(Vocabulary((), (), ()), ()))
    generated = [CASES_INDEX] + [facet_path(facet.id, "x") for facet in facets(empty, "de", LABELS["de"])]
    return frozenset(
        posixpath.splitext(path[len(folder) :].split("/")[0])[0] for path in generated if path.startswith(folder)
    )


def _load_vocabulary(path: Path, problems: list[Problem], case_slugs: set[str]) -> Vocabulary | None:
    """The vocabulary, or None; `case_slugs` are the cases that examples may link to (`case:`)."""
    document, load_problems = load_yaml(path, display_path(path))
    problems.extend(load_problems)
    if document is None or load_problems:
        return None
    before = len(problems)
    _check_characters(document, problems)
    schema_problems = check_schema(document, VOCABULARY_SCHEMA)
    problems.extend(schema_problems)
    if schema_problems:
        return None
    data = document.data
    own = "de"  # vocabulary names are bilingual; plain descriptions are taken as German
    for section in ("phases", "instruments", "policy_areas"):
        _no_duplicate_ids(document, section, problems)
    for index, instrument in enumerate(data["instruments"]):
        for number, example in enumerate(instrument.get("examples", [])):
            if "url" in example:
                _check_url(document, ("instruments", index, "examples", number, "url"), example["url"], problems)
            if "case" in example and example["case"] not in case_slugs:
                close = difflib.get_close_matches(example["case"], sorted(case_slugs), n=1, cutoff=0.6)
                problems.append(
                    document.problem(
                        ("instruments", index, "examples", number, "case"),
                        f"there is no case {example['case']!r} in the cases folder",
                        f"did you mean {close[0]!r}?"
                        if close
                        else "write the case's file name without .yml, or remove `case:`",
                    )
                )
    _check_unsafe_text(document, problems)
    _check_short_text(document, VOCABULARY_SCHEMA, problems)
    if len(problems) > before:
        return None
    return Vocabulary(
        phases=tuple(
            Phase(p["id"], Text.from_data(p["name"], own), Text.from_data(p["description"], own))
            for p in data["phases"]
        ),
        instruments=tuple(
            Instrument(
                id=i["id"],
                name=Text.from_data(i["name"], own),
                phases=tuple(i["phases"]),
                description=Text.from_data(i["description"], own),
                how_to_start=Text.from_data(i["how_to_start"], own),
                examples=tuple(
                    Example(Text.from_data(e["title"], own), e.get("url"), e.get("case")) for e in i.get("examples", [])
                ),
                in_the_talk=Text.from_data(i.get("in_the_talk"), own),
            )
            for i in data["instruments"]
        ),
        policy_areas=tuple(PolicyArea(a["id"], Text.from_data(a["name"], own)) for a in data["policy_areas"]),
    )


def _no_duplicate_ids(document: Document, section: str, problems: list[Problem]) -> None:
    first: dict[str, int] = {}
    for index, entry in enumerate(document.data[section]):
        if entry["id"] in first:
            first_line = document.locate((section, first[entry["id"]], "id"))[0]
            problems.append(
                document.problem(
                    (section, index, "id"),
                    f"the id {entry['id']!r} is used twice (first on line {first_line})",
                    "give each entry its own id",
                )
            )
        first.setdefault(entry["id"], index)


def _load_case(slug: str, yml: Path, vocabulary: Vocabulary | None, problems: list[Problem]) -> Case | None:
    document, load_problems = load_yaml(yml, display_path(yml))
    problems.extend(load_problems)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.append(
            Problem(
                document.path, 1, 1, "", "the file should hold `field: value` lines", "start from cases/_template.yml"
            )
        )
        return None
    before = len(problems)
    problems.extend(check_schema(document, CASE_SCHEMA))
    data = document.data
    language = data.get("language") if data.get("language") in LANGUAGES else "en"
    source_count = len(data["sources"]) if isinstance(data.get("sources"), list) else None
    narrative = _load_narrative(yml, slug, language, problems, source_count)
    if vocabulary is not None:
        _check_references(
            document, "instruments", vocabulary.instrument_by_id, "vocabulary.yml `instruments`", problems
        )
        _check_references(
            document, "policy_areas", vocabulary.policy_area_by_id, "vocabulary.yml `policy_areas`", problems
        )
    for key in ("added", "last_reviewed"):
        _check_date(document, key, problems)
    _check_country(document, problems)
    for where in _as_of_fields(data):
        _check_as_of(document, where, problems)
    if source_count is not None:
        _check_source_numbers(document, source_count, problems)
    for where, value in _urls(data):
        _check_url(document, where, value, problems)
    _check_unsafe_text(document, problems)
    _check_short_text(document, CASE_SCHEMA, problems)
    _check_characters(document, problems)
    _check_location(document, problems)
    if len(problems) > before or load_problems or narrative is None:
        return None
    return _build_case(slug, document, narrative)


def _check_location(document: Document, problems: list[Problem]) -> None:
    """A point must lie in the case's country: a swapped latitude and longitude usually does not."""
    location, country = document.data.get("location"), document.data.get("country")
    if not isinstance(location, dict) or not isinstance(country, str) or not worldmap.known_country(country):
        return
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in (latitude, longitude)):
        return  # the schema already reports it
    if not worldmap.near_country(country, longitude, latitude):
        problems.append(
            document.problem(
                ("location",),
                f"latitude {latitude}, longitude {longitude} is not in or near {country}",
                "check the numbers and their order: latitude is north–south (e.g. 51.55 for London), "
                "longitude east–west (e.g. -0.14)",
            )
        )


def _load_narrative(
    yml: Path, slug: str, language: str, problems: list[Problem], source_count: int | None
) -> Text | None:
    """The narrative in each language it is written in; `source_count` checks its `[@N]` references
    (None: the sources are themselves broken, so the references are not checked)."""
    folder = yml.parent
    plain = narrative_file(folder, slug)
    per_language = {lang: narrative_file(folder, slug, lang) for lang in LANGUAGES}
    values: dict[str, str] = {}
    ok = True
    if plain.exists() and per_language[language].exists():
        problems.append(
            Problem(
                display_path(plain),
                1,
                1,
                "",
                f"both {plain.name} and {per_language[language].name} hold the same language",
                f"keep one of them (the case's language is {language!r})",
            )
        )
        ok = False
    candidates = [(language, plain)] + list(per_language.items())
    for lang, path in candidates:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            ok = False  # the listing of the folder reports it (_case_files); it is never read
            continue
        if not path.exists():
            continue
        text, read_problems = read_text(path, display_path(path))
        problems.extend(read_problems)
        if text is None:
            ok = False
            continue
        if not HTML_COMMENT.sub("", text).strip():  # a template's instructions alone are no story
            problems.append(
                Problem(
                    display_path(path), 1, 1, "", "the narrative is empty", "write the story of the case in Markdown"
                )
            )
            ok = False
            continue
        for match in UNSAFE_URL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            problems.append(
                Problem(
                    display_path(path),
                    line,
                    column,
                    "",
                    f"{match.group(0)!r} links are not allowed",
                    "link only to http:// or https:// pages",
                )
            )
            ok = False
        deep = next(
            (
                (number, depth)
                for number, line in enumerate(text.splitlines(), start=1)
                # A line that opens with none of these nests nothing (see _nesting_depth).
                if line[:1] in _NESTING_STARTS and (depth := _nesting_depth(line)) > MAX_NARRATIVE_NESTING
            ),
            None,
        )
        if deep:
            problems.append(
                Problem(
                    display_path(path),
                    deep[0],
                    1,
                    "",
                    f"lists or quotes are nested {deep[1]} levels deep here (at most {MAX_NARRATIVE_NESTING})",
                    "flatten the lists; a story needs a few levels",
                )
            )
            ok = False
        if not _renders_in_bounded_time(text, display_path(path), problems):
            ok = False
            continue  # the checks below read the text again: a pathological one stops here
        for line, message, hint in leftovers(text):
            problems.append(Problem(display_path(path), line, 1, "", message, hint))
            ok = False
        if source_count is not None and not _references_exist(path, text, source_count, problems):
            ok = False
        values[lang] = text
    if not values and ok:
        problems.append(
            Problem(
                display_path(yml),
                1,
                1,
                "",
                f"the narrative {slug}.md is missing",
                f"write it in cases/{slug}.md (or {slug}.de.md / {slug}.en.md)",
            )
        )
        return None
    return Text(values) if ok else None


def _renders_in_bounded_time(text: str, path: str, problems: list[Problem]) -> bool:
    """The size and complexity limits of a narrative (see sanitize.markdown_cost), each located."""
    if len(text) > MAX_NARRATIVE_CHARACTERS:
        problems.append(
            Problem(
                path,
                1,
                1,
                "",
                f"the narrative has {len(text):,} characters (at most {MAX_NARRATIVE_CHARACTERS:,})",
                "shorten it: a case study needs a few pages",
            )
        )
        return False
    cost = markdown_cost(text)
    if cost.longest > MAX_PARAGRAPH_CHARACTERS:
        problems.append(
            Problem(
                path,
                text.count("\n", 0, cost.longest_at) + 1,
                1,
                "",
                f"this paragraph has {cost.longest:,} characters (at most {MAX_PARAGRAPH_CHARACTERS:,})",
                "split it with blank lines",
            )
        )
        return False
    if cost.work > MAX_MARKDOWN_WORK:
        problems.append(
            Problem(
                path,
                text.count("\n", 0, cost.costliest_at) + 1,
                1,
                "",
                f"this Markdown would take the site's renderer {cost.work:,} steps (at most "
                f"{MAX_MARKDOWN_WORK:,}): brackets [ ] or ( ) left open, or a < with no >, from here on",
                "close each [ with ] and each ( with ); write \\[ or \\< for one that is only text",
            )
        )
        return False
    return True


def _nesting_depth(line: str) -> int:
    """How deep a Markdown line nests: its indentation in steps of four columns, plus the list and
    quote markers it opens itself ("- - > x" opens three)."""
    text = line.expandtabs(4)
    stripped = text.lstrip(" ")
    depth, position = (len(text) - len(stripped)) // 4, 0
    while (marker := _CONTAINER_MARKER.match(stripped, position)) and marker.end() > position:
        depth, position = depth + 1, marker.end()
    return depth


def _references_exist(path: Path, text: str, source_count: int, problems: list[Problem]) -> bool:
    """Whether every `[@N]` of a narrative names one of the case's sources; a problem for each that does not."""
    ok = True
    for number, line, column in narrative_references(text):
        if not 1 <= number <= source_count:
            problems.append(
                Problem(
                    display_path(path),
                    line,
                    column,
                    "",
                    f"[@{number}] refers to source {number}, but the case lists {_sources_word(source_count)}",
                    _source_number_hint(source_count),
                )
            )
            ok = False
    return ok


def _sources_word(count: int) -> str:
    return "1 source" if count == 1 else f"{count} sources"


def _source_number_hint(count: int) -> str:
    numbers = "1" if count == 1 else f"a number from 1 to {count}"
    return f"use {numbers} (the sources under `sources:` count from 1), or add the missing source"


def _check_references(document: Document, key: str, known: dict[str, Any], where: str, problems: list[Problem]) -> None:
    values = document.data.get(key)
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        at: tuple = (key, index)
        if isinstance(value, dict) and isinstance(value.get("id"), str):  # {id: ..., how: ..., sources: ...}
            value, at = value["id"], (key, index, "id")
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else f"use an id from {where}"
            problems.append(document.problem(at, f"{value!r} is not in the vocabulary", hint))


def _claims(data: dict[str, Any]) -> list[tuple[tuple, dict[str, Any]]]:
    """Every mapping that may cite sources or carry `as_of`, with its path: status, instruments,
    outcomes and figures given in their long form."""
    found: list[tuple[tuple, dict[str, Any]]] = []
    if isinstance(data.get("status"), dict):
        found.append((("status",), data["status"]))
    for key in ("instruments", "outcomes", "figures"):
        values = data.get(key)
        if isinstance(values, list):
            found += [((key, index), value) for index, value in enumerate(values) if isinstance(value, dict)]
    return found


def _as_of_fields(data: dict[str, Any]) -> list[tuple]:
    return [(*where, "as_of") for where, claim in _claims(data) if "as_of" in claim]


def _check_source_numbers(document: Document, source_count: int, problems: list[Problem]) -> None:
    """Each number under a claim's `sources` names one of the case's sources, at the number's line."""
    for where, claim in _claims(document.data):
        numbers = claim.get("sources")
        if not isinstance(numbers, list):
            continue
        for index, number in enumerate(numbers):
            if isinstance(number, int) and not isinstance(number, bool) and number > source_count:
                problems.append(
                    document.problem(
                        (*where, "sources", index),
                        f"source {number} does not exist: the case lists {_sources_word(source_count)}",
                        _source_number_hint(source_count),
                    )
                )


def _check_as_of(document: Document, where: tuple, problems: list[Problem]) -> None:
    """`as_of` is a real year or date, and not in the future (the schema checks its form)."""
    value = _value_at(document.data, where)
    if not isinstance(value, str) or not re.match(r"^\d{4}(-\d{2}-\d{2})?$", value):
        return
    today = datetime.date.today()
    if len(value) == 4:
        if int(value) < 1900:
            problems.append(
                document.problem(where, f"{value} is not a plausible year", "write the year as YYYY, e.g. '2015'")
            )
        elif int(value) > today.year:
            problems.append(
                document.problem(where, f"{value} is in the future", "use the year the source reports the fact for")
            )
        return
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(document.problem(where, f"{value} is not a real date", "check the month and day"))
        return
    if date > today + datetime.timedelta(days=1):
        problems.append(
            document.problem(where, f"{value} is in the future", "use the date the source reports the fact for")
        )


def _value_at(data: Any, where: tuple) -> Any:
    for part in where:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _check_date(document: Document, key: str, problems: list[Problem]) -> None:
    value = document.data.get(key)
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return  # the schema already reports a missing or malformed date
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(document.problem((key,), f"{value} is not a real date", "check the month and day"))
        return
    if date > datetime.date.today() + datetime.timedelta(days=1):
        problems.append(
            document.problem(
                (key,), f"{value} is in the future", "use the date the case was actually added or reviewed"
            )
        )


def _check_country(document: Document, problems: list[Problem]) -> None:
    value = document.data.get("country")
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
        return  # the schema already reports a missing value or one that is not two capitals
    refused = countries.refusal(value)
    if refused:
        problems.append(document.problem(("country",), *refused))


def _urls(data: dict[str, Any]) -> list[tuple[tuple, str]]:
    found = []
    if isinstance(data.get("website"), str):
        found.append((("website",), data["website"]))
    location = data.get("location")
    if isinstance(location, dict) and isinstance(location.get("url"), str):
        found.append((("location", "url"), location["url"]))
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(source, dict) and isinstance(source.get("url"), str):
            found.append((("sources", index, "url"), source["url"]))
    return found


def _check_url(document: Document, where: tuple, url: str, problems: list[Problem]) -> None:
    if not re.match(r"^https?://", url):
        return  # the schema's pattern already reports it
    parts = urlsplit(url)
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith(".") or parts.username or parts.password:
        problems.append(
            document.problem(
                where, f"{url!r} has no valid host name", "write a full URL such as https://www.example.org/page"
            )
        )


def _check_unsafe_text(document: Document, problems: list[Problem]) -> None:
    """Refuse script-bearing URLs hidden in any text field (Markdown links, raw HTML)."""

    def walk(value: Any, where: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*where, index))
        elif isinstance(value, str) and UNSAFE_URL.search(value) and where[-1] != "url" and where[:1] != ("website",):
            problems.append(
                document.problem(
                    where,
                    "contains a javascript:, vbscript: or data: URL",
                    "remove it; link only to http:// or https:// pages",
                )
            )

    walk(document.data, ())


def _check_short_text(document: Document, schema_name: str, problems: list[Problem]) -> None:
    """Refuse markup, character references, line breaks and trailing attribute lists in one-line
    fields (titles, places, names: the schema says which)."""
    for where, text in one_line_texts(document.data, schema_name):
        markup = MARKUP_IN_SHORT_TEXT.search(text)
        attributes = ATTRIBUTE_LIST.search(text)
        if markup:
            problems.append(
                document.problem(
                    where,
                    f"{markup.group(0)!r} is not allowed in a one-line field (it is plain text, not HTML)",
                    "remove the markup; write the character itself (&, ‹ ›) "
                    "instead of an HTML entity or angle brackets",
                )
            )
        elif "\n" in text:
            problems.append(
                document.problem(
                    where, "a one-line field holds a line break", "write it on one line (a title, name or place)"
                )
            )
        elif attributes:
            problems.append(
                document.problem(
                    where,
                    f"{attributes.group(0).strip()!r} at the end of a one-line field is not allowed "
                    "(Markdown reads it as HTML attributes of a heading)",
                    "remove the braces, or use round brackets ( ) instead",
                )
            )


def _check_characters(document: Document, problems: list[Problem]) -> None:
    """Refuse forbidden characters in every text and key of a YAML document, located at the value:
    a character the YAML wrote as an escape has no column of its own."""

    def walk(value: Any, where: tuple, *, key: bool = False) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(name, (*where, name), key=True)
                walk(item, (*where, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*where, index))
        elif isinstance(value, str) and (match := FORBIDDEN_CHARACTER.search(value)):
            line, column = document.locate(where, key=key)
            problems.append(
                character_problem(document.path, line, column, field_name(where), value, match.start(), say_which=True)
            )

    walk(document.data, ())


def _build_case(slug: str, document: Document, narrative: Text) -> Case:
    data = document.data
    own = data["language"]

    def text(value: Any) -> Text:
        return Text.from_data(value, own)

    def numbers(claim: dict[str, Any]) -> tuple[int, ...]:
        return tuple(claim.get("sources", ()))

    def instrument_use(entry: str | dict[str, Any]) -> InstrumentUse:
        if isinstance(entry, str):
            return InstrumentUse(entry, Text({}))
        return InstrumentUse(entry["id"], text(entry.get("how")), numbers(entry))

    def outcome(entry: Any) -> Outcome:
        # The long form is the one mapping with a `text` key; {de: ..., en: ...} is a text itself.
        if isinstance(entry, dict) and "text" in entry:
            return Outcome(text(entry["text"]), numbers(entry))
        return Outcome(text(entry))

    matrix = data["matrix"]
    operator, status = data.get("operator"), data.get("status")
    return Case(
        slug=slug,
        source_path=document.path,
        language=own,
        title=text(data["title"]),
        place=text(data.get("place")),
        country=data["country"],
        phases=tuple(data["phases"]),
        instrument_uses=tuple(instrument_use(entry) for entry in data.get("instruments", [])),
        summary=text(data["summary"]),
        policy_areas=tuple(data["policy_areas"]),
        matrix=MatrixPosition(
            matrix["cooperation"],
            matrix["savings"],
            text(matrix["cooperation_reason"]),
            text(matrix["savings_reason"]),
            matrix["basis"],
        ),
        sources=tuple(Source(text(s["title"]), s.get("url"), text(s.get("citation"))) for s in data["sources"]),
        narrative=narrative,
        last_reviewed=data["last_reviewed"],
        contributors=tuple(data["contributors"]),
        website=data.get("website"),
        year_started=data.get("year_started"),
        location=Location(**data["location"]) if "location" in data else None,
        organisations=tuple(text(o) for o in data.get("organisations", [])),
        outcomes=tuple(outcome(entry) for entry in data.get("outcomes", [])),
        added=data.get("added"),
        scope=data.get("scope", "local"),
        operator=Operator(text(operator["name"]), operator["kind"]) if operator else None,
        status=Status(status["state"], status["as_of"], numbers(status)) if status else None,
        figures=tuple(Figure(text(f["text"]), f["as_of"], numbers(f)) for f in data.get("figures", [])),
    )
