"""Turn untrusted case text into HTML that cannot run script in a reader's browser."""

from __future__ import annotations

import functools
import re

import markdown
import nh3
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
    """Markdown to HTML, then through an allow-list sanitizer; headings shift down under the page's h2s.

    A pure function of the text, so it is cached by the text: a `mkdocs serve` rebuild converts
    only the narratives that changed. The bound keeps a 10,000-case build from holding every
    narrative twice (~17 MB per 1,000 cases). One converter, reset for each text, saves setting
    up the extensions a thousand times.
    """
    html = _markdown().reset().convert(source)
    html = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


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
