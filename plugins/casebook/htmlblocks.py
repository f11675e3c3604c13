"""Turn a generated page into HTML without a full Markdown pass.

A generated page is Markdown headings around HTML blocks that the templates have already escaped
and sanitized. A full Python-Markdown pass would set up every extension again for each page and
parse every block with `html.parser` only to pass it through unchanged: at 1,000 cases, more time
than plain MkDocs spends on the same narratives. `BlockRenderer` keeps the blocks as they are and
converts each heading line with a real converter configured like the site's (so ids, permalinks
and the table of contents are what Markdown would make), once per distinct line. A page with
anything else in it (a site owner's template may add Markdown) gets None: MkDocs renders that
page the ordinary way. `casebook export` writes the same Markdown for builders without the plugin.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions.toc import nest_toc_tokens
from markdown.util import BLOCK_LEVEL_ELEMENTS

_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_HEADING = re.compile(r"#{1,6} [^\n]+")
_LINK = re.compile(r"\]\(|\]\[")  # MkDocs rewrites links in Markdown; headings with links take its path
_BLOCK_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s/>]")
_COMMENT = re.compile(r"<!--(?:(?!-->).)*-->")  # one comment on one line: Markdown passes it through
# md_in_html would parse a block with this attribute as Markdown. Only inside a tag: text is escaped,
# so a `<` in a page always opens a tag, and the templates escape `>` in attribute values.
_MARKDOWN_INSIDE = re.compile(r"<[^>]*\smarkdown\s*=")
# The templates write every attribute double-quoted, and escape quotes in values.
_ANCHOR = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"|<a\b[^>]*?\sname="([^"]*)"')


@dataclass(frozen=True)
class Body:
    """What MkDocs' `Page.render` would have set: the HTML, the heading tokens, the anchor ids."""

    html: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: set[str]


class BlockRenderer:
    def __init__(self, converter: Callable[[], markdown.Markdown]):
        self._converter = converter  # makes a Markdown instance configured like the site's
        self._markdown: markdown.Markdown | None = None
        self._headings: dict[str, tuple[str, dict[str, Any]]] = {}

    def render(self, source: str) -> Body | None:
        """The page's HTML, exactly as Markdown would make it, or None if it is not only headings and blocks."""
        html: list[str] = []
        tokens: list[dict[str, Any]] = []
        anchors: set[str] = set()
        for paragraph in _PARAGRAPHS.split(source):
            paragraph = paragraph.strip("\n")
            if not paragraph.strip():
                continue
            if _HEADING.fullmatch(paragraph) and not _LINK.search(paragraph):
                heading, token = self._heading(paragraph)
                if token["id"] in anchors:
                    return None  # Markdown would make the second id unique ("_1"); let it
                anchors.add(token["id"])
                tokens.append(token)
                html.append(heading + "\n")
            elif _COMMENT.fullmatch(paragraph):
                html.append(paragraph + "\n\n")
            elif _is_html_block(paragraph):
                anchors.update(match.group(1) or match.group(2) for match in _ANCHOR.finditer(paragraph))
                html.append(paragraph + "\n\n")
            else:
                return None
        return Body("".join(html).strip("\n"), nest_toc_tokens(tokens), anchors)

    def _heading(self, line: str) -> tuple[str, dict[str, Any]]:
        if line not in self._headings:
            if self._markdown is None:
                self._markdown = self._converter()
            html = self._markdown.reset().convert(line)
            (token,) = self._markdown.toc_tokens  # type: ignore[attr-defined]
            self._headings[line] = (html, token)
        html, token = self._headings[line]
        return html, {**token, "children": []}


def _is_html_block(paragraph: str) -> bool:
    """A paragraph Markdown passes through as raw HTML: it opens with a block-level tag."""
    start = _BLOCK_START.match(paragraph)
    return (
        start is not None and start.group(1).lower() in BLOCK_LEVEL_ELEMENTS and not _MARKDOWN_INSIDE.search(paragraph)
    )
