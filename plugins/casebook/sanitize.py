"""Turn untrusted case text into HTML that cannot run script in a reader's browser."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from markdown.extensions.toc import slugify
from markupsafe import Markup, escape

# What a narrative may use: prose, lists, quotes, tables, code, links. Nothing that loads or runs.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@functools.cache
def _markdown() -> markdown.Markdown:
    # Made when first needed: in a build, the worker processes render the narratives, so the main
    # process never pays for setting up the extensions.
    return markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


@functools.lru_cache(maxsize=2048)
def narrative_html(source: str) -> str:
    """Markdown to HTML, then through an allow-list sanitizer; headings shift down under the page's h2s
    and get ids (see `with_heading_ids`).

    A pure function of the text, so it is cached by the text: a `mkdocs serve` rebuild converts
    only the narratives that changed. The bound keeps a 10,000-case build from holding every
    narrative twice (~17 MB per 1,000 cases). One converter, reset for each text, saves setting
    up the extensions a thousand times.
    """
    html = _markdown().reset().convert(source)
    html = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return block_safe(with_heading_ids(clean))


SECTION_ID_PREFIX = "section-"
_SANITIZED_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)  # the sanitizer leaves headings no attribute
_TAG = re.compile(r"<[^>]*>")


def with_heading_ids(html: str) -> str:
    """Every heading of a narrative with an id, so that a reader can link to its part of the case and
    search finds that part as its own result (search divides a page at headings with ids). The ids
    are the heading's words, as Markdown's table of contents makes them, behind a prefix that no id
    of the page around the narrative has: a narrative heading called like one of the page's own
    sections ("Quellen") cannot take that section's id. The same words twice get -2, -3."""
    used: set[str] = set()

    def add_id(match: re.Match[str]) -> str:
        words = slugify(unescape(_TAG.sub("", match.group(2))), "-") or "heading"
        anchor = f"{SECTION_ID_PREFIX}{words}"
        number = 1
        while anchor in used:
            number += 1
            anchor = f"{SECTION_ID_PREFIX}{words}-{number}"
        used.add(anchor)
        return f'<h{match.group(1)} id="{anchor}">{match.group(2)}</h{match.group(1)}>'

    return _SANITIZED_HEADING.sub(add_id, html)


_PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
_RUN_OF_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def block_safe(html: str) -> str:
    """HTML that stays one HTML block in a Markdown page: no blank line in it. Inside `<pre>` every
    line break becomes `&#10;` (the same text, exactly); elsewhere a run of blank lines is one line
    break, which HTML shows the same way."""
    html = _PRE.sub(lambda match: match.group(0).replace("\n", "&#10;"), html)
    return _RUN_OF_BLANK_LINES.sub("\n", html)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs_html(text: str, *, inline: bool = False) -> Markup:
    """Text of one or more paragraphs (separated by blank lines) as escaped HTML without a blank line:
    each paragraph in `<p>…</p>`, or, `inline` (inside a line of other text), joined by `<br>`.
    A line break within a paragraph is a space, as HTML would show it anyway."""
    parts = [escape(" ".join(part.split())) for part in _PARAGRAPH_BREAK.split(text.strip())]
    parts = [part for part in parts if part]
    if inline:
        return Markup("<br>").join(parts)
    return Markup("").join(Markup("<p>%s</p>") % part for part in parts)


def plain_title(text: str) -> str:
    """A title that is safe in every place the theme prints it: in <title> (after `striptags`,
    which unescapes entities) and raw in the header. No angle brackets survive; `&` is escaped."""
    text = _ENTITY.sub("", text).replace("<", "").replace(">", "")
    return " ".join(text.replace("&", "&amp;").split())


# The characters Python-Markdown reads as syntax after a backslash; escaped, each is only itself.
# (`<`, `>` and `&` are HTML-escaped instead.)
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def heading_text(text: str) -> Markup:
    """Text that is only text on a Markdown heading line: every character Markdown would read as
    syntax is backslash-escaped (no attribute list `{: ... }`, link, image or emphasis can form),
    then the whole is HTML-escaped."""
    return escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split())))


# Python-Markdown's scanners are quadratic on some input: for every `[` its link patterns step,
# character by character in Python, to the matching `]` (to the end of the paragraph if there is
# none); for every `](` to the matching `)`; and its raw-HTML parser reads from every `<` to the
# next `>` (with a regular expression, about four times faster per character). So a narrative of
# 30,000 `[` kept a build busy for minutes. `markdown_cost` counts those steps in linear time, and
# the validator refuses a narrative above MAX_MARKDOWN_WORK. Its other patterns (emphasis, code,
# escapes) grow faster than linearly with the length of a paragraph: hence the two size limits.
MAX_MARKDOWN_WORK = 250_000
MAX_NARRATIVE_CHARACTERS = 50_000  # some 8,000 words; a long case study has a fifth of that
MAX_PARAGRAPH_CHARACTERS = 10_000  # a long paragraph has 1,500
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()]", re.DOTALL)
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True)
class MarkdownCost:
    """What rendering a narrative costs: the scanners' steps (an upper bound) and where the costliest
    paragraph or `<` starts; the longest paragraph and where it starts (offsets into the text)."""

    work: int
    costliest_at: int
    longest: int
    longest_at: int


def markdown_cost(text: str) -> MarkdownCost:
    total, worst, worst_at, longest, longest_at = 0, -1, 0, 0, 0
    start = 0
    for separator in [*_BLANK_LINES.finditer(text), None]:
        end = separator.start() if separator else len(text)
        work = _bracket_work(text, start, end)
        total += work
        if work > worst:
            worst, worst_at = work, start
        if end - start > longest:
            longest, longest_at = end - start, start
        start = separator.end() if separator else end
    closes = [match.start() for match in re.finditer(">", text)]
    angle, farthest, farthest_at = 0, -1, 0
    for match in _TAG_OPEN.finditer(text):
        following = bisect.bisect_left(closes, match.start())
        reach = (closes[following] if following < len(closes) else len(text)) - match.start()
        angle += reach
        if reach > farthest:
            farthest, farthest_at = reach, match.start()
    costliest_at = worst_at if worst >= farthest // 4 else farthest_at
    return MarkdownCost(total + angle // 4, costliest_at, longest, longest_at)


def _bracket_work(text: str, start: int, end: int) -> int:
    work = 0
    brackets: list[int] = []  # open `[`
    parens: list[tuple[int, bool]] = []  # open `(`: where, and whether it opens a link's target
    for match in _BRACKETS.finditer(text, start, end):
        token, at = match.group(), match.start()
        if token == "[":
            brackets.append(at)
        elif token == "]":
            if brackets:
                work += at - brackets.pop()
        elif token == "](":
            if brackets:
                work += at - brackets.pop()
            parens.append((at, True))
        elif token == "(":
            parens.append((at, False))
        elif token == ")" and parens:
            opened, link = parens.pop()
            work += at - opened if link else 0
    work += sum(end - at for at in brackets)
    work += sum(end - at for at, link in parens if link)
    return work
