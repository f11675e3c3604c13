"""Read YAML files safely into plain data, remembering where every value came from.

Case files come from strangers' pull requests, so the loader accepts only plain YAML:
no tags beyond the core types, no anchors or aliases (the "billion laughs" bomb), no
duplicate keys, a bounded size and depth. Every refusal is a located `Problem`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.characters import first_forbidden_character
from casebook.problems import Problem
from casebook.yaml_messages import syntax_problem

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40

JsonPath = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {_CORE + "seq", _CORE + "map"}


@dataclass
class Document:
    """A parsed YAML file: its data plus the (line, column) of every value and key."""

    path: str
    data: Any
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """The position of a value (or its key), falling back to the nearest located parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(where)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, where: JsonPath, message: str, hint: str = "", *, key: bool = False) -> Problem:
        """A problem with the value (or key) at `where`, located and named as contributors read it."""
        line, column = self.locate(where, key=key)
        return Problem(self.path, line, column, _field_name(where), message, hint)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, hint: str):
        self.mark, self.message, self.hint = mark, message, hint


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing, before any expansion."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # noqa: D401
        if self.check_event(AliasEvent):
            raise _Refused(
                self.peek_event().start_mark,
                "YAML aliases (*name) are not allowed",
                "write the value out in full instead of referring to an anchor",
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    self.peek_event().start_mark,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure; case files need only a few levels",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class UnreadableFile(OSError):
    """A file the loader will not read: a symbolic link, not a regular file, or too large."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, never through a symbolic link.

    A link in a pull request could publish any file of the machine that builds the site (the CI
    checkout's token in .git/config), and a FIFO or a device such as /dev/zero would hang the build
    or fill its memory. So the file is opened without following a link and without blocking, and
    checked to be a regular file of bounded size before a byte is read; FileNotFoundError passes.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile(
                "is a symbolic link; case files and the vocabulary must be plain files",
                "replace the link with the file itself (a link could publish any file of the build machine)",
            ) from None
        raise
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile("is not a regular file (a folder, pipe or device)", "case files are plain text files")
        if status.st_size > limit:
            raise _too_large(status.st_size, limit)
        chunks, size = [], 0
        while chunk := os.read(descriptor, limit + 1 - size):  # a file that grows is cut off, not read on
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise _too_large(None, limit)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _too_large(size: int | None, limit: int) -> UnreadableFile:
    """`size` None: the file grew past the limit while it was read."""
    return UnreadableFile(
        f"the file is {'more than ' + format(limit, ',') if size is None else format(size, ',')} bytes; "
        f"the limit is {limit:,}",
        "shorten it: a case needs a few pages of text at most",
    )


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file (a leading BOM is accepted), or explain why it cannot be read."""
    try:
        raw = read_file_bytes(path)
    except UnreadableFile as refusal:
        return None, [Problem(display, 1, 1, "", refusal.message, refusal.hint)]
    except OSError as error:
        return None, [Problem(display, 1, 1, "", f"cannot be read ({error.strerror})", "")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                display,
                line,
                column,
                "",
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
            )
        ]
    text = text.replace("\r\n", "\n")  # Windows line ends; a lone CR is refused by the validator
    forbidden = first_forbidden_character(display, text)
    if forbidden is not None:
        return None, [forbidden]
    return text, []


def load_yaml(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file into a `Document`, or return the problems that prevent it."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(display, 1, 1, "", "the file is empty", "fill in the fields; see cases/_template.yml")]
    try:
        node = _compose(text)
    except _Refused as refusal:
        return None, [_at(display, refusal.mark, "", refusal.message, refusal.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(display, error, text)]
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        return None, [Problem(display, 1, 1, "", f"is not valid YAML ({error})", "check the syntax")]
    if node is None:
        return None, [Problem(display, 1, 1, "", "the file holds no data", "fill in the fields")]
    document = Document(display, None)
    problems = []
    document.data = _convert(node, (), document, problems)
    return document, problems


_LIBYAML = getattr(yaml, "CSafeLoader", None)  # PyYAML's binding to libyaml, when it was built with it


def _compose(text: str) -> Node | None:
    """The node tree of `text`: through libyaml when the text is plainly acceptable (about ten times
    faster, which matters at thousands of cases), else through `_PlainLoader`, so every refusal
    and every syntax message is the pure-Python loader's own."""
    if _LIBYAML is not None:
        try:
            if _plain_events(text):
                return yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_PlainLoader)


def _plain_events(text: str) -> bool:
    """No alias and no deep nesting, checked on libyaml's event stream (iterative, so even a
    hostile nesting cannot exhaust the stack) before anything is composed."""
    depth = 0
    for event in yaml.parse(text, Loader=_LIBYAML):
        if isinstance(event, AliasEvent):
            return False
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth >= MAX_DEPTH:
                return False
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return True


def _at(display: str, mark: yaml.Mark | None, field_name: str, message: str, hint: str) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(display, line, column, field_name, message, hint)


def _convert(node: Node, where: JsonPath, document: Document, problems: list[Problem]) -> Any:
    document.positions[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    name = _field_name(where)
    if node.tag not in _ALLOWED_TAGS:
        problems.append(
            _at(
                document.path,
                node.start_mark,
                name,
                f"the YAML tag {node.tag!r} is not allowed",
                "remove the tag; write plain text, numbers, lists and mappings only",
            )
        )
        return None
    if isinstance(node, ScalarNode):
        if node.tag == _CORE + "timestamp":
            return node.value  # dates stay text; the validator checks they are real dates
        if node.tag == _CORE + "str":
            return _joined_surrogates(node.value) if _SURROGATE.search(node.value) else node.value
        try:
            return SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value
    if isinstance(node, SequenceNode):
        return [_convert(item, (*where, index), document, problems) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(
                    _at(document.path, key_node.start_mark, name, "a key must be plain text", "write `name: value`")
                )
                continue
            key = key_node.value
            key_where = (*where, key)
            if key in result:
                first_line = document.key_positions[key_where][0]
                problems.append(
                    _at(
                        document.path,
                        key_node.start_mark,
                        _field_name(key_where),
                        f"the field appears twice (first on line {first_line})",
                        "keep one of them",
                    )
                )
                continue
            document.key_positions[key_where] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, key_where, document, problems)
        return result
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _joined_surrogates(text: str) -> str:
    """A text with JSON-style escapes of a character beyond the BMP ("\\ud83d\\ude00", which YAML
    reads as two halves) holding the character itself; lone halves stay for the validator to refuse."""
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return text


def _field_name(where: JsonPath) -> str:
    """`("sources", 0, "url")` -> `sources[1].url` (1-based, as people count)."""
    text = ""
    for part in where:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


field_name = _field_name
