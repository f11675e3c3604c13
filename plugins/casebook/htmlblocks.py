"""Keep the generated pages' finished HTML out of Python-Markdown's way.

A generated page is a few Markdown headings around HTML blocks that templates have already
escaped and sanitized. Python-Markdown would parse every block again with `html.parser`
only to pass it through unchanged: more than half of a 1,000-case build. The plugin swaps
each block for a placeholder comment before Markdown runs and puts it back afterwards. The
export keeps the blocks inline, so its Markdown stays complete for other builders.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

_PARAGRAPHS = re.compile(r"(\n[ \t]*\n)")
_BLOCK_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s/>]")
_PLACEHOLDER = re.compile(r"<!--casebook-block-(\d+)-->")


def stash_blocks(markdown: str) -> tuple[str, list[str]]:
    """Replace each paragraph that is one raw HTML block with a placeholder; return both."""
    blocks: list[str] = []
    parts = _PARAGRAPHS.split(markdown)
    for index in range(0, len(parts), 2):  # odd indexes are the blank-line separators
        paragraph = parts[index]
        start = _BLOCK_START.match(paragraph)
        # Only block-level tags: Markdown would wrap a paragraph starting with an inline tag in <p>.
        if start and start.group(1).lower() in BLOCK_LEVEL_ELEMENTS and _balanced(paragraph, start.group(1)):
            block = paragraph.rstrip()
            parts[index] = f"<!--casebook-block-{len(blocks)}-->" + paragraph[len(block) :]
            blocks.append(block)
    return "".join(parts), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)


def _balanced(paragraph: str, tag: str) -> bool:
    """The block closes its first tag by its end, as Markdown's raw-HTML rule needs."""
    return paragraph.rstrip().endswith(f"</{tag}>") or tag.lower() in ("hr",)
