"""Which characters a text may hold: one rule for case files, the vocabulary and narratives."""

from __future__ import annotations

import re

from casebook.problems import Problem

# Refused: control characters (C0 but tab and newline, DEL, C1), lone surrogate halves and Unicode
# noncharacters. They are invisible, make YAML front matter and feed.xml unreadable, end up raw in
# links and CSV cells, and a lone surrogate cannot be written as UTF-8 at all. A carriage return is
# refused too: the loader turns Windows line ends (CR LF) into LF first, so only a stray one is left.
# Also refused: the bidirectional embedding, override and isolate controls (U+202A-U+202E,
# U+2066-U+2069). They are invisible and change the order in which the text around them is shown,
# so a title or a link text could read differently from what it says. (The marks U+200E and U+200F,
# which only hint a direction, are allowed.)
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
}
_HINT = (
    "delete it: it is invisible, so retype the text around it or search for the code point in your "
    "editor (in a quoted YAML text, an escape such as \\x07 or \\u0085 makes the same character)"
)


def describe_character(character: str) -> str:
    """An invisible character, named so a contributor can find it: `U+0007 (a control character, BEL)`."""
    code = ord(character)
    if code < 0x20 or code == 0x7F:
        kind = "a control character" + (f", {_CONTROL_NAMES[code]}" if code in _CONTROL_NAMES else "")
    elif code <= 0x9F:
        kind = "a C1 control character"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "a bidirectional control character, which changes the order the text is shown in"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "half of a surrogate pair, not a character on its own"
    else:
        kind = "a Unicode noncharacter"
    return f"U+{code:04X} ({kind})"


def character_problem(
    path: str, line: int, column: int, field: str, text: str, offset: int, *, say_which: bool = False
) -> Problem:
    """The located problem for the forbidden character at `offset` of `text`; `say_which` adds
    which character of the text it is, for a position that is the text's start, not its own."""
    count = len(FORBIDDEN_CHARACTER.findall(text))
    which = f", character {offset + 1} of the text," if say_which else ""
    more = f" ({count} such characters in this {'text' if say_which else 'file'})" if count > 1 else ""
    message = f"{describe_character(text[offset])}{which} is not allowed{more}"
    return Problem(path, line, column, field, message, _HINT)


def first_forbidden_character(path: str, text: str) -> Problem | None:
    """The problem with a file's first forbidden character, at its own line and column, if it has one."""
    match = FORBIDDEN_CHARACTER.search(text)
    if match is None:
        return None
    offset = match.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return character_problem(path, line, column, "", text, offset)
