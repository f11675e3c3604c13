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
        return f"{text} — {self.hint}" if self.hint else text

    def as_github_annotation(self) -> str:
        """The workflow command GitHub Actions turns into an annotation on the diff line."""
        text = f"{self.field or '(file)'}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return f"::error file={_escape_property(self.path)},line={self.line},col={self.column}::{_escape_data(text)}"


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
    count = len(problems)
    lines = [str(problem) for problem in sorted(problems)]
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines)
