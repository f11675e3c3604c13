"""Validated cases and rendered case pages, kept by a digest of what they were made from.

In memory they last for every rebuild of `mkdocs serve`, and the cases for both languages of
`casebook build`; a build saves them once its pages are rendered and lets go (`SiteCache.forget`).
On disk, between builds, in `.cache/plugin/casebook/` beside mkdocs.yml (the
folder Material's own plugins use under `.cache/plugin/`).

A validated case is found by a digest of everything its validation read: its YAML file, each of
its narrative files (and which of them exist), the vocabulary, the file paths, the working folder
(problems name files relative to it) and the code (`code_digest`). A case with problems is kept
for the day it was checked only: a date in the future is refused, and tomorrow it may not be. A
valid case stays valid as its dates only move further into the past.

A rendered case page is found by a digest of everything it shows: the case, its related cases and
the build's "generation" (`PageCache.start_build`: vocabulary, language, site settings, templates,
code). Anything else is made afresh, so the cache can make a build faster but never staler. Each
build keeps only what it used: neither grows past one collection.

The files are JSON, not pickle: a cache restored from elsewhere (CI) supplies values, never code.
The loader makes only the model's classes, field by field as `model.py` declares them
(`_decoder`); a file whose checksum, format, structure or types are not exactly what this code
writes is ignored whole, and its entries are made afresh.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from casebook.layout import case_file_names
from casebook.loader import read_file_bytes
from casebook.model import Case, Vocabulary
from casebook.parallel import map_ordered
from casebook.problems import Problem

CASES_FILE = "cases.json"
FORMAT = "casebook-cache-1"  # the files' layout; a file with another is ignored
MAX_CACHE_BYTES = 1 << 30  # a cache file is read whole; this bounds what a strange file can cost

CaseResult = tuple[Case | None, Sequence[Problem]]  # a case, or None, with the problems found in its files
CaseCheck = Callable[[tuple[str, Path]], CaseResult]  # checks one (slug, case file)


def pages_file(language: str) -> str:
    return f"pages-{language}.json"


class SiteCache:
    """The caches of one site's builds, and the folder where they last between builds."""

    def __init__(self, folder: Path, language: str, shared_cases: CaseCache | None = None):
        self.folder, self.language, self.shared_cases = folder, language, shared_cases
        self.cases = shared_cases if shared_cases is not None else CaseCache()
        self.pages = PageCache()
        self._own_cases = shared_cases is None  # else whoever handed them in loads and saves them

    @property
    def made_for(self) -> tuple[Path, str, CaseCache | None]:
        return self.folder, self.language, self.shared_cases

    def load(self) -> None:
        """Add what earlier builds left in the folder (each file is read once)."""
        if self._own_cases:
            self.cases.load(self.folder / CASES_FILE)
        self.pages.load(self.folder / pages_file(self.language))

    def save(self) -> None:
        """Keep what this build used, for the next one."""
        if self._own_cases:
            self.cases.save(self.folder / CASES_FILE)
        self.pages.save(self.folder / pages_file(self.language))

    def forget(self) -> None:
        """Let go of what is in memory (after `save`): a build that keeps nothing for a next one in
        this process need not hold every case and page to its end. A next build reads the folder."""
        if self._own_cases:
            self.cases.forget()
        self.pages.forget()


class CaseCache:
    def __init__(self) -> None:
        # digest of the inputs -> (result, the day it holds for; None: every day from then on)
        self._entries: dict[str, tuple[CaseResult, str | None]] = {}
        self._loaded: set[Path] = set()
        self.changed = False  # since the last save
        self.hits = 0
        self.misses = 0

    def load_cases(
        self,
        files: Sequence[tuple[str, Path]],
        vocabulary: Vocabulary | None,
        check: CaseCheck,
        *,
        parallel: bool = False,
    ) -> list[CaseResult]:
        """`check((slug, yml))` for each file, or its remembered result for the same inputs.
        `parallel` checks the others in worker processes where that pays (parallel.py)."""
        context = _digest(code_digest(), repr(vocabulary).encode(), os.getcwd().encode())
        today = datetime.date.today().isoformat()
        keys = [_input_digest(slug, yml, context) for slug, yml in files]
        known = [self._entry(key, today) for key in keys]
        missing = [file for file, entry in zip(files, known, strict=True) if entry is None]
        checked = iter(map_ordered(check, missing) if parallel else map(check, missing))
        used: dict[str, tuple[CaseResult, str | None]] = {}
        results = []
        for key, entry in zip(keys, known, strict=True):
            if entry is None:
                self.misses += 1
                result = next(checked)
                entry = (result, today if result[1] else None)
            else:
                self.hits += 1
            if key is not None:
                used[key] = entry
            results.append(entry[0])
        self.changed = self.changed or bool(missing) or used.keys() != self._entries.keys()
        self._entries = used
        return results

    def _entry(self, key: str | None, today: str) -> tuple[CaseResult, str | None] | None:
        entry = self._entries.get(key) if key is not None else None
        return entry if entry is not None and entry[1] in (None, today) else None

    def load(self, path: Path) -> None:
        """Add what a previous build left in the file `path` (read once; nothing if it is unusable)."""
        if path in self._loaded:
            return
        self._loaded.add(path)
        try:
            entries = {key: (_RESULT(result), _optional_day(day)) for key, (day, result) in _read(path).items()}
        except (TypeError, ValueError):
            return  # from another version, or damaged: validate afresh
        self._entries = {**entries, **self._entries}

    def save(self, path: Path) -> None:
        if self.changed or not path.is_file():
            _write(path, ((key, [day, _encode(result)]) for key, (result, day) in self._entries.items()))
            self.changed = False

    def forget(self) -> None:
        self._entries, self._loaded = {}, set()


def _input_digest(slug: str, yml: Path, context: bytes) -> str | None:
    """A digest of every file the validator reads for this case (validate._load_narrative looks
    for `<slug>.md` and `<slug>.<language>.md`) and of `context`, or None when a file cannot be
    read right now."""
    digest = hashlib.blake2b(context, digest_size=32)
    digest.update(f"\0{yml}\0".encode())
    for name in case_file_names(slug):
        path = yml.with_name(name)
        try:
            content = read_file_bytes(path)  # bounded, never through a link (loader.py)
        except FileNotFoundError:
            digest.update(f"\0{name}:absent\0".encode())
            continue
        except OSError:
            return None
        digest.update(f"\0{name}:{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


class PageCache:
    """Rendered case pages (their Markdown) by what they show (see the module's docstring)."""

    def __init__(self) -> None:
        self._generation = b""
        self._pages: dict[str, str] = {}  # digest of the inputs -> the page's content
        self._digests: dict[int, tuple[object, bytes]] = {}
        self._loaded: set[Path] = set()
        self.changed = False  # since the last save
        self.hits = 0
        self.misses = 0

    def start_build(self, generation: bytes) -> None:
        """`generation`: a digest of everything besides the cases and the code that every case page
        depends on (SiteRenderer._generation)."""
        self._generation, self._digests = _digest(code_digest(), generation), {}

    def key(self, inputs: tuple[object, ...]) -> str:
        """The page's address: its inputs (the case, its related cases) in this build's generation."""
        parts = [self._generation, *(self._digest(value) for value in inputs)]
        return hashlib.blake2b(b"".join(parts), digest_size=32).hexdigest()

    def get(self, key: str) -> str | None:
        page = self._pages.get(key)
        if page is None:
            self.misses += 1
        else:
            self.hits += 1
        return page

    def end_build(self, pages: Mapping[str, str]) -> None:
        """Keep these pages, the ones this build used, and no others."""
        self.changed = self.changed or pages.keys() != self._pages.keys()
        self._pages = dict(pages)

    def load(self, path: Path) -> None:
        """Add the pages a previous build left in the file `path` (read once; nothing if it is unusable)."""
        if path in self._loaded:
            return
        self._loaded.add(path)
        try:
            pages = {key: _PAGE(page) for key, page in _read(path).items()}
        except (TypeError, ValueError):
            return  # from another version, or damaged: render afresh
        self._pages = {**pages, **self._pages}

    def save(self, path: Path) -> None:
        if self.changed or not path.is_file():
            _write(path, self._pages.items())
            self.changed = False

    def forget(self) -> None:
        self._pages, self._loaded, self._digests = {}, set(), {}

    def _digest(self, value: object) -> bytes:
        """A digest of the value's full `repr`, worked out once per build for each object: a case
        is among the inputs of its own page and of the pages that list it as related."""
        entry = self._digests.get(id(value))
        if entry is None or entry[0] is not value:
            entry = (value, hashlib.blake2b(repr(value).encode(), digest_size=32).digest())
            self._digests[id(value)] = entry  # the object is kept with it, so its id stays its own
        return entry[1]


@functools.cache
def code_digest() -> bytes:
    """A digest of the code that makes what the caches hold: every file of this package (its
    templates, labels, schema), the Python version, and the installed version of each library
    the package requires. A new version of any of them makes every cached entry stale."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=32)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    try:
        required = importlib.metadata.requires("casebook") or []
    except importlib.metadata.PackageNotFoundError:
        required = []  # run from a source tree: the package's files above still count
    for requirement in required:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if name and "extra ==" not in requirement:
            try:
                version = importlib.metadata.version(name.group(0))
            except importlib.metadata.PackageNotFoundError:
                version = "absent"
            digest.update(f"\0{name.group(0)}=={version}".encode())
    return digest.digest()


def _digest(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=32)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.digest()


# --- JSON ------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """The JSON form of a model value: a data class as an object of its fields, a tuple as a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the cache")


@functools.cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """A function that makes a value of `kind` (a type as the model declares its fields) from its
    JSON form, and raises ValueError for anything else. The file supplies only the values: which
    class is made where is decided here, by the declared types, so no file can name a class."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in (str, int, bool) or kind is type(None):

        def plain(value: Any) -> Any:
            if type(value) is not kind:
                raise ValueError(f"not a {kind.__name__}")
            return value

        return plain
    if kind is float:

        def number(value: Any) -> Any:
            if type(value) not in (int, float):  # kept as it came: 52 and 52.0 print differently
                raise ValueError("not a number")
            return value

        return number
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (other,) = (arg for arg in args if arg is not type(None))
        inner = _decoder(other)
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, Sequence) and (origin is Sequence or args[-1:] == (Ellipsis,)):
        each = _decoder(args[0])

        def sequence(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise ValueError("not a list")
            return tuple(each(item) for item in value)

        return sequence
    if origin is tuple:
        parts = [_decoder(arg) for arg in args]

        def fixed(value: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != len(parts):
                raise ValueError(f"not a list of {len(parts)}")
            return tuple(part(item) for part, item in zip(parts, value, strict=True))

        return fixed
    if origin in (dict, Mapping) and args[0] is str:
        each = _decoder(args[1])

        def mapping(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise ValueError("not an object")
            return {key: each(item) for key, item in value.items()}

        return mapping
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = {field.name: _decoder(hints[field.name]) for field in dataclasses.fields(kind) if field.init}

        def instance(value: Any) -> Any:
            if type(value) is not dict or value.keys() != fields.keys():
                raise ValueError(f"not a {kind.__name__}")
            return kind(**{name: make(value[name]) for name, make in fields.items()})

        return instance
    raise TypeError(f"the cache cannot keep a {kind!r}")


_RESULT = _decoder(tuple[Case | None, tuple[Problem, ...]])
_PAGE = _decoder(str)


def _optional_day(value: Any) -> str | None:
    if value is not None and (type(value) is not str or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError("not a day")
    return value


def _read(path: Path) -> dict[str, Any]:
    """The entries of a cache file, or none: the file holds a header line (the format and a
    checksum of the rest) and the entries as one JSON object; anything else counts as no file."""
    try:
        raw = read_file_bytes(path, MAX_CACHE_BYTES)  # a plain file only, never through a link
        header, _, body = raw.partition(b"\n")
        about = json.loads(header)
        if about != {"format": FORMAT, "checksum": hashlib.blake2b(body, digest_size=32).hexdigest()}:
            return {}
        entries = json.loads(body)
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, entries: Iterable[tuple[str, Any]]) -> None:
    """Write the file whole or not at all (a build that stops halfway leaves the previous one);
    a folder that cannot be written just means no cache. One entry at a time, so that the whole
    file is never in memory at once (it is tens of megabytes at 1,000 cases)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a build that was killed
            stale.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_header(""))  # of fixed length: filled in once the checksum is known
                checksum = hashlib.blake2b(digest_size=32)
                separator = b"{"
                for key, value in entries:
                    chunk = separator + json.dumps(key).encode() + b":" + _json(value)
                    checksum.update(chunk)
                    file.write(chunk)
                    separator = b","
                end = b"}" if separator == b"," else b"{}"
                checksum.update(end)
                file.write(end)
                file.seek(0)
                file.write(_header(checksum.hexdigest()))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _header(checksum: str) -> bytes:
    return json.dumps({"format": FORMAT, "checksum": checksum.rjust(64, "0")}).encode() + b"\n"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
