"""Machine-readable descriptions of a case: schema.org JSON-LD, and citations as CSL-JSON and BibTeX.

Case text is untrusted. JSON that goes into a <script> element escapes '<', '>' and '&', so no
'</script>' or '<!--' can end the element early; BibTeX escapes its special characters.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin

from markupsafe import Markup

from casebook.model import Case

_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_BIBTEX_WORDS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class SiteInfo:
    """What a citation names besides the case: the site, and its address when mkdocs.yml sets one."""

    name: str = "Casebook"
    url: str | None = None  # site_url; without it no absolute URL is known at build time

    def absolute(self, path: str) -> str | None:
        return urljoin(self.url if self.url.endswith("/") else self.url + "/", path) if self.url else None


def script_json(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/ld+json"> (and inside HTML anywhere)."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def json_ld(
    case: Case, language: str, site: SiteInfo, page: str, instrument_names: list[str], country: str
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "name": case.title.get(language),
        "headline": case.title.get(language),
        "description": case.summary.get(language),
        "inLanguage": case.title.resolve(language)[1],
        "keywords": instrument_names,
        "spatialCoverage": {
            "@type": "Place",
            "name": case.place.get(language) or country,  # a national case has no place but its country
            "address": {"@type": "PostalAddress", "addressCountry": case.country},
            "containedInPlace": {"@type": "Country", "name": country},
        },
        "dateModified": case.last_reviewed,
        # Contributors may be people or groups ("Casebook editors"); the file does not say which.
        "author": [{"name": name} for name in case.contributors],
        "isPartOf": {"@type": "WebSite", "name": site.name},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    if case.added:
        data["datePublished"] = case.added
    url = site.absolute(page)
    if url:
        data["url"] = url
    return data


def feed_id(language: str, slug: str = "") -> str:
    """A stable Atom id when the site's address is unknown: a name-based UUID, never a made-up domain."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"casebook:{language}:{slug}").urn


@dataclass(frozen=True)
class Download:
    """A file the reader downloads from a link (`<a href download>`)."""

    label: str  # the link text
    filename: str
    media_type: str
    text: str

    @property
    def url(self) -> str:
        # A data: URL carries the file in the page itself: two files per case made up a fifth of a
        # 1,000-case build. The `download` attribute saves it; browsers never render it as a page.
        return f"data:{self.media_type};charset=utf-8,{quote(self.text, safe='')}"


def citations(case: Case, language: str, site: SiteInfo, page: str) -> tuple[Download, ...]:
    """The case's citation as BibTeX and as CSL-JSON, for reference managers."""
    stem = citation_id(case)
    return (
        Download("BibTeX", f"{stem}.bib", "application/x-bibtex", bibtex(case, language, site, page)),
        Download(
            "CSL-JSON",
            f"{stem}.csl.json",
            "application/vnd.citationstyles.csl+json",
            csl_json(case, language, site, page),
        ),
    )


def citation_id(case: Case) -> str:
    return f"casebook-{case.slug}"


def csl_json(case: Case, language: str, site: SiteInfo, page: str) -> str:
    year, month, day = (int(part) for part in case.last_reviewed.split("-"))
    item: dict[str, Any] = {
        "id": citation_id(case),
        "type": "webpage",
        "title": case.title.get(language),
        "author": [{"literal": name} for name in case.contributors],
        "container-title": site.name,
        "issued": {"date-parts": [[year, month, day]]},
        "language": case.title.resolve(language)[1],
        "abstract": case.summary.get(language),
    }
    url = site.absolute(page)
    if url:
        item["URL"] = url
    return json.dumps([item], ensure_ascii=False, indent=1) + "\n"


def bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m.group(), "\\" + m.group()), " ".join(text.split()))


def bibtex(case: Case, language: str, site: SiteInfo, page: str) -> str:
    # Each contributor in braces: BibTeX must not split "Casebook editors" into first and last names.
    fields = [
        ("title", "{" + bibtex_escape(case.title.get(language)) + "}"),
        ("author", " and ".join("{" + bibtex_escape(name) + "}" for name in case.contributors)),
        ("howpublished", bibtex_escape(site.name)),
        ("year", case.last_reviewed[:4]),
        ("date", case.last_reviewed),
        ("language", case.title.resolve(language)[1]),
    ]
    url = site.absolute(page)
    if url:
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))  # url fields are verbatim
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{{citation_id(case)},\n{body}\n}}\n"
