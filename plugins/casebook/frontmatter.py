"""Write the front matter of generated pages: every value quoted so that no text can break out of it.

If MkDocs cannot read a page's front matter, it leaves it in the page as Markdown, where a title's
trailing `{: onfocus=... }` becomes an attribute list. So every value is written in pure ASCII, as
a double-quoted YAML scalar with every other character escaped: nothing a value holds can end the
string, the line or the block, or be refused by the YAML reader.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_KEY = re.compile(r"^[a-z_]+$")
_PLAIN = re.compile(r"[\x20-\x7e]")  # printable ASCII; `"` and `\` are escaped below


def front_matter(**fields: object) -> Markup:
    """The `---` block for these fields; a mapping value becomes an indented block of its own."""
    lines = ["---", *_lines(fields, "")]
    lines.append("---")
    return Markup("\n".join(lines))


def _lines(fields: dict[str, object], indent: str) -> list[str]:
    lines = []
    for key, value in fields.items():
        if not _KEY.match(key):
            raise ValueError(f"front matter keys are fixed names, not {key!r}")
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.extend(_lines(value, indent + "  "))
        else:
            lines.append(f"{indent}{key}: {yaml_scalar(value)}")
    return lines


def yaml_scalar(value: object) -> str:
    """A YAML scalar for a string, number, truth value or nothing, in printable ASCII only."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(item) for item in value) + "]"
    return '"' + "".join(map(_escape, str(value))) + '"'


def _escape(character: str) -> str:
    if character in '"\\':
        return "\\" + character
    if _PLAIN.match(character):
        return character
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"  # a lone surrogate half (the validator refuses it): libyaml would refuse the escape
    # YAML's \U takes eight digits: a character beyond the BMP stays one character, where JSON's
    # surrogate pair of \u escapes would be read back as two lone surrogates.
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
