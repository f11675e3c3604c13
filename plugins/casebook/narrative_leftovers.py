"""What the narrative template leaves behind in a story: its instruction comment, and headings with
no text under them (both would be published as they are: an empty section, or a hidden note)."""

from __future__ import annotations

import re

from casebook.case_skeleton import TEMPLATE_NARRATIVE_MARKS

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def leftovers(text: str) -> list[tuple[int, str, str]]:
    """(line, message, hint) for each leftover of the template in a narrative's Markdown."""
    found = []
    for comment in _COMMENT.finditer(text):
        if any(mark in comment.group(0) for mark in TEMPLATE_NARRATIVE_MARKS):
            found.append(
                (
                    text.count("\n", 0, comment.start()) + 1,
                    "the template's instructions are still in the story",
                    "delete the comment from `<!--` to `-->` (it is for you, not for readers)",
                )
            )
    found.extend(_empty_headings(_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)))
    return found


def _empty_headings(text: str) -> list[tuple[int, str, str]]:
    """Headings followed by nothing but blank lines before the next heading of their level or above."""
    open_headings: list[tuple[int, int, str, bool]] = []  # (level, line, title, has text)
    empty: list[tuple[int, str, str]] = []
    fence = ""

    def close(down_to: int) -> None:
        while open_headings and open_headings[-1][0] >= down_to:
            level, line, title, has_text = open_headings.pop()
            if not has_text:
                empty.append(
                    (
                        line,
                        f"the heading “{title}” has no text under it" if title else "this heading has no text",
                        "write the section, or delete the heading (an empty section is published as it is)",
                    )
                )
            elif open_headings:
                open_headings[-1] = (*open_headings[-1][:3], True)

    for number, line in enumerate(text.splitlines(), 1):
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
            continue
        heading = _HEADING.match(line) if line.lstrip(" ").startswith("#") else None
        if heading:
            close(len(heading.group(1)))
            open_headings.append((len(heading.group(1)), number, (heading.group(2) or "").strip(), False))
            continue
        if line.strip():
            if fence_match := _FENCE.match(line):
                fence = fence_match.group(1)
            if open_headings:
                open_headings[-1] = (*open_headings[-1][:3], True)
    close(1)
    return sorted(empty)
