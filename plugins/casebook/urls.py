"""Where each generated page sits in the site's source tree, and the URL MkDocs gives it: the one
home of the site's page paths and URL rules (pages, open data, `casebook diff` and the reserved
slugs all ask here), for both `use_directory_urls: true` (`cases/x/`) and `false` (`cases/x.html`).
"""

from __future__ import annotations

import posixpath

WHERE_TO_START = "where-to-start.md"
CASES_INDEX = "cases/index.md"
INSTRUMENTS_INDEX = "instruments/index.md"
PHASES_INDEX = "phases/index.md"
COUNTRIES = "countries.md"
MAP = "map.md"
DATA = "data.md"
FEED = "feed.xml"


def case_path(slug: str) -> str:
    return f"cases/{slug}.md"


def facet_path(facet_id: str, value_id: str) -> str:
    """The static page of one filter value, beside the case pages (what the filters link to without JavaScript)."""
    return f"cases/{facet_id}/{value_id}.md"


def instrument_path(instrument_id: str) -> str:
    return f"instruments/{instrument_id}.md"


def phase_path(phase_id: str) -> str:
    return f"phases/{phase_id}.md"


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives a Markdown source path."""
    stem = path[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _folder(from_path: str, use_directory_urls: bool) -> str:
    """The folder a page's URL sits in ("" for the site root): what its relative links start from."""
    here = page_url(from_path, use_directory_urls)
    return here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)


def file_url(from_path: str, to_file: str, use_directory_urls: bool = True) -> str:
    """A link from a generated page to a file that is not a page (open data, the feed)."""
    return _relpath(to_file, _folder(from_path, use_directory_urls) or ".")


def relative_url(from_path: str, to_path: str, use_directory_urls: bool = True) -> str:
    """A link from one generated page to another, as the final URL (links inside HTML blocks
    are not rewritten by MkDocs, so they must already point at the built page)."""
    target = page_url(to_path, use_directory_urls)
    relative = _relpath(target or ".", _folder(from_path, use_directory_urls) or ".")
    if relative == ".":
        return "./"
    return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the site's own relative paths, without its two getcwd() calls
    (tens of thousands of links at 1,000 cases made those a measurable part of the build)."""
    if ".." in target or ".." in base:
        return posixpath.relpath(target, base)
    target_parts = [part for part in target.split("/") if part not in ("", ".")]
    base_parts = [part for part in base.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(target_parts), len(base_parts)) and target_parts[common] == base_parts[common]:
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
