"""YAML syntax errors in plain words: what to do, at the line where the mistake is.

PyYAML reports what its parser expected ("could not find expected ':'", "expected <block end>") and
often where it noticed the mistake, which is one line too late. The common mistakes of people who
write case files are recognisable from the document around that mark, so each is named here with
the fix, and the parser's own words are kept short at the end of the hint.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from casebook.problems import Problem

# `  key: value` or `  - key: value` (a list item that is a mapping): indentation, dash, key.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?: |$)")
_BLOCK_TEXT = re.compile(r":\s+[>|][-+]?\d?\s*(?:#.*)?$")  # `summary: >-` and its kin


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def key(self) -> str | None:
        match = _KEY_LINE.match(self.text)
        return match.group("key") if match else None

    @property
    def key_column(self) -> int:
        """0-based column where the line's key (or content) starts, after any list dash."""
        match = _KEY_LINE.match(self.text)
        return match.start("key") if match else self.indent

    @property
    def blank(self) -> bool:
        stripped = self.text.strip()
        return not stripped or stripped.startswith("#")


def syntax_problem(display: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The located, plain-language problem for one PyYAML syntax error in `text`."""
    lines = [_Line(number, line) for number, line in enumerate(text.split("\n"), 1)]
    problem = (error.problem or "invalid syntax").strip()
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    said = f" (YAML syntax error: {problem})"
    context = (error.context or "").strip()
    for explain in (
        _tab,
        _unclosed,
        _block_text_not_indented,
        _missing_colon,
        _colon_or_key,
        _out_of_line,
        _after_quote,
        _cannot_start,
    ):
        found = explain(lines, error, problem, context, line, column)
        if found:
            where, field, message, hint = found
            return Problem(display, where[0], where[1], field, message, hint + said)
    return Problem(
        display,
        line,
        column,
        "",
        "the YAML here cannot be read",
        "check the indentation and quotes on this line and the one above" + said,
    )


_Found = tuple[tuple[int, int], str, str, str] | None


def _tab(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    if "'\\t'" not in problem and "tab" not in problem:
        return None
    text = lines[line - 1].text if line <= len(lines) else ""
    position = text.find("\t") if "\t" in text else column - 1
    # Named as if the tab were spaces: the field the contributor meant.
    spaced = [*lines[: line - 1], _Line(line, text.replace("\t", "  ")), *lines[line:]]
    if text[:position].strip():
        return (
            (line, position + 1),
            _field_of(spaced, line),
            "there is a tab character here",
            "replace the tab with a space; YAML files use spaces only",
        )
    return (
        (line, position + 1),
        _field_of(spaced, line),
        "this line is indented with a tab",
        "indent with spaces, not tabs (two spaces per level)",
    )


def _unclosed(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """An open quote or bracket: PyYAML notices at the end of the file or at a later line; the
    mistake is where it opens."""
    opening = error.context_mark
    if opening is None or not context.startswith(("while scanning a quoted", "while parsing a flow")):
        return None
    if context.startswith("while parsing a flow") and opening.line + 1 == line and "stream end" not in problem:
        return None
    where = (opening.line + 1, opening.column + 1)
    field = _field_of(lines, where[0])
    opener = lines[opening.line].text[opening.column : opening.column + 1] if opening.line < len(lines) else ""
    if context.startswith("while scanning a quoted"):
        return (
            where,
            field,
            f"the quote {opener} that opens here is never closed",
            f"end the text with {opener} too, or write it without quotes",
        )
    example = "title: {de: …, en: …}" if opener == "{" else "phases: [co-design, co-delivery]"
    return (
        where,
        field,
        f"the {opener} that opens here is not closed on its line",
        f"close it with {'}' if opener == '{' else ']'} at the end of the line, e.g. {example}",
    )


def _block_text_not_indented(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """A line of text under `summary: >-` that is not indented further than `summary`."""
    if "could not find expected ':'" not in problem or error.context_mark is None:
        return None
    real = error.context_mark.line + 1
    owner = _block_text_owner(lines, real)
    if owner is None:
        return None
    want = owner.key_column + 2
    opened = f"{owner.key}: {owner.text.split(':', 1)[1].split('#')[0].strip()}"
    return (
        (real, 1),
        _field_of(lines, owner.number),
        f"this line belongs to the text under `{opened}` but is not indented enough",
        f"indent the text under `{opened}` two more spaces than `{owner.key}` ({want} spaces in all), on every line",
    )


def _block_text_owner(lines: list[_Line], number: int) -> _Line | None:
    """The `key: >-` line whose text `number` was meant to continue: the nearest key line above,
    when it opens a block text and nothing between them is a key line."""
    here = lines[number - 1]
    for above in reversed(lines[: number - 1]):
        if above.blank:
            continue
        if above.key is not None:
            if _BLOCK_TEXT.search(above.text) and here.indent <= above.key_column:
                return above
            return None
    return None


def _missing_colon(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """`place Camden` (no colon), or a plain text that goes on at a line PyYAML cannot join."""
    if "could not find expected ':'" not in problem or error.context_mark is None:
        return None
    real = error.context_mark.line + 1
    here = lines[real - 1]
    words = here.text.strip().split(" ", 1)
    if len(words) == 2 and words[0] in _known_fields():
        return (
            (real, here.indent + 1),
            words[0],
            f"`{words[0]}` has no colon after it",
            f"write `{words[0]}: {words[1].strip()}` (a colon and a space after the field name)",
        )
    above = next((line for line in reversed(lines[: real - 1]) if not line.blank), None)
    if above is not None and above.key is not None:
        return (
            (real, here.indent + 1),
            _field_of(lines, above.number),
            f"this line looks like more text for `{above.key}:`, which YAML cannot join to it",
            f"write a longer text on the lines under `{above.key}: >-`, each indented two more spaces "
            f"than `{above.key}`",
        )
    return (
        (real, here.indent + 1),
        _field_of(lines, real),
        "this line is not a `field: value` line",
        "write `field: value`, or indent the line if it continues the text above",
    )


def _colon_or_key(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """'mapping values are not allowed here': a `: ` inside a text, or a key indented deeper than
    the field above it (YAML then reads it as part of that field's text)."""
    if "mapping values are not allowed" not in problem:
        return None
    here = lines[line - 1]
    before = here.text[: column - 1]
    match = _KEY_LINE.match(here.text)
    if match and match.end("key") == column - 1 and match.group("key") in _known_fields():
        sibling = _sibling_above(lines, here)
        if sibling is not None:
            return _line_up(lines, here, sibling)
    field = _field_of(lines, line)
    key = match.group("key") if match and match.end("key") < column - 1 else field.split(".")[-1] or "the field"
    value = before[match.end() :].strip() if match else before.strip()
    whole = f"{value}{here.text[column - 1 :].rstrip()}"
    # The line itself as the example, when it is short enough to read and holds no double quote.
    shown = f'{key}: "{whole}"' if value and len(whole) <= 80 and '"' not in whole else f'{key}: "…: …"'
    return (
        (line, column),
        field,
        f"the text of `{key}` contains `: `, which YAML reads as the start of a new field",
        f"put text that contains `: ` in quotes ({shown}), or write it on the lines under `{key}: >-`",
    )


def _out_of_line(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """'expected <block end>, but found <block mapping start>': a key indented less than the
    field above it, but more than the one that holds them both."""
    if "expected <block end>" not in problem or "block mapping start" not in problem:
        return None
    here = lines[line - 1]
    if here.key is None:
        return None
    sibling = _sibling_above(lines, here)
    return _line_up(lines, here, sibling) if sibling is not None else None


def _after_quote(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """`title: "Quoted" and more`, or an apostrophe inside single quotes: text after the closing quote."""
    if "expected <block end>" not in problem or "<scalar>" not in problem:
        return None
    here = lines[line - 1]
    match = _KEY_LINE.match(here.text)
    if not match:
        return None
    value = here.text[match.end() :].strip()
    key = match.group("key")
    if value.startswith("'"):
        return (
            (line, match.end() + 1),
            _field_of(lines, line),
            "an apostrophe inside single quotes ends the text early",
            f"write the apostrophe twice (''), or put the text in double quotes: {key}: \"{value.strip(chr(39))}\"",
        )
    if value.startswith('"'):
        return (
            (line, match.end() + 1),
            _field_of(lines, line),
            "the text goes on after its closing quote",
            "put the whole text in quotes, or write it on the lines under "
            f"`{key}: >-`, where quotation marks need no escaping",
        )
    return None


def _cannot_start(lines: list[_Line], error, problem: str, context: str, line: int, column: int) -> _Found:
    """`title: @camdentalking answers`: YAML keeps @ and ` for itself at the start of a value."""
    found = re.search(r"found character '(.)' that cannot start any token", problem)
    if not found:
        return None
    here = lines[line - 1]
    match = _KEY_LINE.match(here.text)
    key = match.group("key") if match else "field"
    value = here.text[column - 1 :].split(" #")[0].strip()
    return (
        (line, column),
        _field_of(lines, line),
        f"a text cannot start with {found.group(1)} unless it is in quotes",
        f'put the text in quotes: {key}: "{value}"',
    )


def _sibling_above(lines: list[_Line], here: _Line) -> _Line | None:
    """The key line above that `here` most likely belongs beside: the nearest one at another
    indentation whose parent holds `here` too."""
    for above in reversed(lines[: here.number - 1]):
        if above.blank or above.key is None:
            continue
        if above.key_column == here.key_column:
            return None  # already in line with its neighbour: not this mistake
        return above
    return None


def _line_up(lines: list[_Line], here: _Line, sibling: _Line) -> _Found:
    spaces = sibling.key_column
    # Named where it belongs once lined up: beside its sibling, not inside it.
    beside = _field_of(lines, sibling.number).removesuffix(str(sibling.key)).removesuffix(".")
    name = f"{beside}.{here.key}" if beside else str(here.key)
    where = "at the start of the line" if spaces == 0 else f"{spaces} space{'s' if spaces != 1 else ''} before it"
    return (
        (here.number, here.key_column + 1),
        name,
        f"`{here.key}:` is not in line with `{sibling.key}:` above it",
        f"line `{here.key}:` up with `{sibling.key}:` ({where}, like `{sibling.key}:`)",
    )


def _field_of(lines: list[_Line], number: int) -> str:
    """The field a line belongs to, named as problems name fields (`sources[1].title`), worked out
    from the indentation of the lines above it."""
    if not 1 <= number <= len(lines):
        return ""
    here = lines[number - 1]
    parts: list[str | int] = [here.key] if here.key else []
    column = here.key_column
    if _is_item(here):
        parts.insert(0, _item_number(lines, here))
        column = here.indent
    for above in reversed(lines[: number - 1]):
        if column == 0:
            break
        if above.blank:
            continue
        if above.key and above.key_column < column:
            parts.insert(0, above.key)
            column = above.key_column
        if _is_item(above) and above.indent < column:
            parts.insert(0, _item_number(lines, above))
            column = above.indent
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _is_item(line: _Line) -> bool:
    return line.text.lstrip(" ").startswith("- ") or line.text.strip() == "-"


def _item_number(lines: list[_Line], item: _Line) -> int:
    """Which item of its list `item` is (1 = the first), counting the dashes at its indentation."""
    count = 1
    for above in reversed(lines[: item.number - 1]):
        if above.blank or above.indent > item.indent:
            continue
        if above.indent < item.indent or not _is_item(above):
            break
        count += 1
    return count


@functools.cache
def _known_fields() -> frozenset[str]:
    """Every field name the case and vocabulary schemas know (nested ones too)."""
    from casebook.schema import CASE_SCHEMA, VOCABULARY_SCHEMA, load_schema  # the schema module needs the loader

    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            names.update(value.get("properties", {}) if isinstance(value.get("properties"), dict) else ())
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(load_schema(CASE_SCHEMA))
    walk(load_schema(VOCABULARY_SCHEMA))
    return frozenset(names)
