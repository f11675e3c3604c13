"""Validated cases kept between builds, keyed by the bytes they were made from.

Under `serve` every save rebuilds the whole site; parsing and validating 1,000 unchanged cases
again took about a second of each rebuild. `casebook build` validates the cases once and hands
them to the builds of both languages the same way. A case is reused only when everything its validation
read is byte for byte the same: its YAML file, each of its narrative files (and which of them
exist), the vocabulary, the file paths and today's date (dates in the future are refused).
Anything else is validated afresh, so the cache can make a rebuild faster but never staler.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from casebook.layout import case_file_names
from casebook.loader import read_file_bytes
from casebook.model import Case, Vocabulary
from casebook.parallel import map_ordered
from casebook.problems import Problem

CaseResult = tuple[Case | None, Sequence[Problem]]  # a case, or None, with the problems found in its files
CaseCheck = Callable[[tuple[str, Path]], CaseResult]  # checks one (slug, case file)


class CaseCache:
    def __init__(self) -> None:
        self._vocabulary: Vocabulary | None = None
        self._entries: dict[Path, tuple[bytes, CaseResult]] = {}
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
        if vocabulary is None or vocabulary != self._vocabulary:
            self._entries.clear()  # references are checked against the vocabulary: all answers may change
            self._vocabulary = vocabulary
        keys = {yml: _input_digest(slug, yml) for slug, yml in files}
        missing = [(slug, yml) for slug, yml in files if not self._fresh(yml, keys[yml])]
        checked = dict(zip(missing, map_ordered(check, missing) if parallel else map(check, missing), strict=True))
        results = []
        for slug, yml in files:
            if (slug, yml) in checked:
                self.misses += 1
                result = checked[slug, yml]
                if keys[yml] is not None:
                    self._entries[yml] = (keys[yml], result)
            else:
                self.hits += 1
                result = self._entries[yml][1]
            results.append(result)
        return results

    def _fresh(self, yml: Path, key: bytes | None) -> bool:
        """Whether the remembered result for this file was made from the same bytes."""
        return key is not None and yml in self._entries and self._entries[yml][0] == key


def _input_digest(slug: str, yml: Path) -> bytes | None:
    """A digest of every file the validator reads for this case (validate._load_narrative looks
    for `<slug>.md` and `<slug>.<language>.md`), or None when one cannot be read right now."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{os.getcwd()}\0{yml}\0{datetime.date.today().isoformat()}\0".encode())
    names = case_file_names(slug)
    for name in names:
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
    return digest.digest()


class PageCache:
    """Rendered case pages kept between `mkdocs serve` rebuilds.

    A page is reused only when everything it is made from is the same: the case itself (its full
    `repr`, narrative included), its related cases (theirs), and the build's "generation" (vocabulary,
    language, site settings and the source of every template). Each rebuild keeps only the pages it
    used, so the cache never grows past one site's worth of case pages.
    """

    def __init__(self) -> None:
        self._generation: bytes | None = None
        self._previous: dict[bytes, object] = {}
        self._current: dict[bytes, object] = {}
        self._digests: dict[int, tuple[object, bytes]] = {}
        self.hits = 0
        self.misses = 0

    def start_build(self, generation: bytes) -> None:
        # The last build's pages, or none when what every page depends on changed.
        self._previous = self._current if generation == self._generation else {}
        self._generation, self._current, self._digests = generation, {}, {}

    def get_or_render(self, inputs: tuple, render: Callable[[], object]) -> object:
        key = hashlib.blake2b(b"".join(self._digest(value) for value in inputs), digest_size=32).digest()
        page = self._previous.get(key)
        if page is None:
            self.misses += 1
            page = render()
        else:
            self.hits += 1
        self._current[key] = page
        return page

    def _digest(self, value: object) -> bytes:
        """A digest of the value's full `repr`, worked out once per build for each object: a case
        is among the inputs of its own page and of the pages that list it as related."""
        entry = self._digests.get(id(value))
        if entry is None or entry[0] is not value:
            entry = (value, hashlib.blake2b(repr(value).encode(), digest_size=32).digest())
            self._digests[id(value)] = entry  # the object is kept with it, so its id stays its own
        return entry[1]
