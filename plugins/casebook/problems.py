"""Located problems: errors are values until the edge (CLI or plugin) reports them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, with where it is and how to fix it."""

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.field or '(file)'}: {self.message}"
        return printable_line(f"{text} — {self.hint}" if self.hint else text)

    def as_github_annotation(self) -> str:
        """The workflow command GitHub Actions turns into an annotation on the diff line."""
        text = f"{self.field or '(file)'}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        path, text = _visible(self.path, keep="\r\n"), _visible(text, keep="\r\n")  # %-escaped below
        return f"::error file={_escape_property(path)},line={self.line},col={self.column}::{_escape_data(text)}"


def printable_line(text: str) -> str:
    """One line safe to print to a terminal or a CI log, where a file name is a stranger's text:
    every invisible or line-breaking character is shown as an escape (so a name cannot start a new
    line, move the cursor, or fail to encode), and a line that would begin with `::`, a GitHub
    Actions workflow command, is indented."""
    line = _visible(text)
    return " " + line if line.lstrip().startswith("::") else line


def printable(text: str) -> str:
    """`printable_line` for each line of a text whose own line breaks are meant (a build's report)."""
    return "\n".join(printable_line(line) for line in text.split("\n"))


def _visible(text: str, keep: str = "") -> str:
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() or character in keep else _escape_character(character)
        for character in text
    )


def _escape_character(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class ProblemsFound(Exception):
    """Raised at the edge when a collection has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """Every problem on its own line (each made printable by `Problem.__str__`), then the count."""
    count = len(problems)
    lines = [str(problem) for problem in sorted(problems)]
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines)
