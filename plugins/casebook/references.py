"""Source references: `[@N]` in a narrative cites the case's source N; pages show it as a link `[N]`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from markupsafe import Markup

REFERENCE = re.compile(r"\[@(\d{1,6})\]")
# Markdown shows code as it is written, so a `[@N]` in code is text, not a reference.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# Inside these a link cannot go: code shows text as written, and links do not nest.
_NO_LINK_TAG = re.compile(r"<(/?)(code|pre|a)\b", re.IGNORECASE)


def source_anchor(number: int) -> str:
    """The id of source `number` (1 = the first) in a case page's source list."""
    return f"source-{number}"


def reference_link(number: int, title: str, page: str = "") -> Markup:
    """The link a page shows for a reference to source `number`: on the case page itself, or on
    `page` (the case page's URL) from another page. `title` ("Source {number}") is its tooltip."""
    return Markup('<a class="casebook-ref" href="{}#{}" title="{}">[{}]</a>').format(
        page, source_anchor(number), title.format(number=number), number
    )


def narrative_references(markdown: str) -> Iterator[tuple[int, int, int]]:
    """Each `[@N]` of a Markdown text outside code, as (N, line, column), both counted from 1."""
    masked = _CODE_SPAN.sub(lambda match: _blank(match.group(0)), _without_fenced_code(markdown))
    for match in REFERENCE.finditer(masked):
        line = masked.count("\n", 0, match.start()) + 1
        column = match.start() - (masked.rfind("\n", 0, match.start()) + 1) + 1
        yield int(match.group(1)), line, column


def _blank(text: str) -> str:
    """The text with every character but line breaks replaced by a space (positions stay put)."""
    return re.sub(r"[^\n]", " ", text)


def _without_fenced_code(markdown: str) -> str:
    lines, fence = [], ""
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            lines.append(_blank(line))
        elif opening:
            fence = opening.group(1)
            lines.append(_blank(line))
        else:
            lines.append(line)
    return "\n".join(lines)


@functools.lru_cache(maxsize=2048)
def link_references(html: str, source_count: int, title: str) -> str:
    """Sanitized narrative HTML with each `[@N]` (N a source the case has) turned into its link.

    Runs on the sanitizer's output, so the links are the only markup added, and only in text:
    never inside a tag, a code span, a code block or another link. A pure function, cached like
    the narrative."""
    if "[@" not in html:
        return html
    parts, position, kept = [], 0, 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        parts.append(text if kept else _link_text(text, source_count, title))
        parts.append(tag.group(0))
        closed = _NO_LINK_TAG.match(tag.group(0))
        if closed:
            kept = max(0, kept + (-1 if closed.group(1) else 1))
        position = tag.end()
    parts.append(html[position:] if kept else _link_text(html[position:], source_count, title))
    return "".join(parts)


def _link_text(text: str, source_count: int, title: str) -> str:
    def link(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(reference_link(number, title)) if 1 <= number <= source_count else match.group(0)

    return REFERENCE.sub(link, text)
