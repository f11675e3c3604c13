"""Render the catalog into page bodies (Markdown with HTML blocks) through Jinja2 templates.

Knows nothing of MkDocs: the plugin feeds these pages to MkDocs, `casebook export` writes them
to disk. Every untrusted string is autoescaped by Jinja; narratives go through `sanitize`.
Case text is only ever passed to templates as data, never compiled as a template.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from casebook import matrix, metadata, opendata
from casebook.cache import PageCache
from casebook.catalog import Catalog
from casebook.countries import country_name
from casebook.finding import case_facet_values, facets
from casebook.frontmatter import front_matter
from casebook.labels import LABELS
from casebook.model import LANGUAGES, Case, Text
from casebook.parallel import InOrder
from casebook.sanitize import heading_text, narrative_html, plain_title

WHERE_TO_START = "where-to-start.md"
CASES_INDEX = "cases/index.md"
INSTRUMENTS_INDEX = "instruments/index.md"
PHASES_INDEX = "phases/index.md"
COUNTRIES = "countries.md"
DATA = "data.md"
FEED = "feed.xml"
# Marks where a page's text for the search index ends. What follows repeats other pages' titles
# (lists of cases, a case's related cases) or the page's own (a case's citation): the plugin keeps
# it from the search plugin, which so neither indexes nor parses it. The lists and blocks after it
# also carry data-search-exclude, for builds of `casebook export` without the plugin.
UNSEARCHED = "<!-- casebook: not searched from here -->"


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # where the page sits in the site's source tree, e.g. "cases/camden-talking.md"
    content: str
    listed: bool = False  # an index page the sidebar may list; detail pages stay out of it


@dataclass(frozen=True)
class Job:
    """One generated page or file to render."""

    render: Callable[[], GeneratedPage]
    # Its path, for a page or file that may be rendered in the background (see Rendering); None
    # for a page in the sidebar, which MkDocs needs before it builds any page.
    pending_path: str | None = None


@dataclass(frozen=True)
class PendingPage:
    """A page or file that is still being rendered: its path is known, `take()` waits for it and
    returns it with what Rendering's `prepare` made of it. Take it once."""

    path: str
    take: Callable[[], tuple[GeneratedPage, Any]]


class Rendering:
    """The generated pages of one site, in site order, while they are rendered.

    The pages and files whose paths are known up front (cases, instruments, phases, facet values,
    open data, the feed) are the bulk. Worker processes render them in the background (see
    parallel.InOrder), and each is a `PendingPage` until it is taken, so the rendering overlaps the
    caller's work on what comes before it. The workers take the files that are not pages first (a
    site copies those before it builds its pages), then the pages in site order. `prepare(page)`,
    if given, runs right after each of them is rendered, in the same worker: the caller's own
    further work on it. Meanwhile this process renders the pages in the sidebar, which MkDocs needs
    before it builds any page. Close it (or use it as a context manager) to stop the workers.
    """

    def __init__(
        self,
        jobs: list[Job],
        *,
        parallel: bool,
        prepare: Callable[[GeneratedPage], Any] | None = None,
    ):
        pending = [job for job in jobs if job.pending_path is not None]
        pending.sort(key=lambda job: (job.pending_path or "").endswith(".md"))  # stable: site order within each
        slots = {id(job): slot for slot, job in enumerate(pending)}
        self._work = InOrder(partial(_render_and_prepare, prepare), pending, parallel=parallel)
        self.pages: list[GeneratedPage | PendingPage] = []  # in site order
        for job in jobs:
            if job.pending_path is None:
                self.pages.append(job.render())
            else:
                self.pages.append(PendingPage(job.pending_path, partial(self._work.result, slots[id(job)])))

    def close(self) -> None:
        self._work.close()

    def __enter__(self) -> Rendering:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def case_path(slug: str) -> str:
    return f"cases/{slug}.md"


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


class SiteRenderer:
    """Renders every generated page of one language."""

    def __init__(
        self,
        catalog: Catalog,
        language: str,
        *,
        use_directory_urls: bool = True,
        override_dirs: Iterable[Path] = (),
        site_name: str = "Casebook",
        site_url: str | None = None,
        page_cache: PageCache | None = None,
    ):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
        self.catalog = catalog
        self.language = language
        self.use_directory_urls = use_directory_urls
        self.labels = LABELS[language]
        self.site = metadata.SiteInfo(site_name, site_url)
        self.env = self._environment(override_dirs)
        self.page_cache = page_cache
        if page_cache is not None:
            page_cache.start_build(self._generation())

    def _environment(self, override_dirs: Iterable[Path]) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in override_dirs if d.is_dir()]
        loaders.append(jinja2.PackageLoader("casebook", "templates"))
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["t"] = self.text
        env.filters["json"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
        env.filters["plain_title"] = lambda value: plain_title(self.text(value))
        env.filters["heading"] = lambda value: heading_text(self.text(value))  # text on a `#` line
        env.globals["front_matter"] = front_matter
        env.filters["country"] = lambda code: country_name(code, self.language)
        env.filters["script_json"] = metadata.script_json
        env.globals.update(
            labels=self.labels,
            lang=self.language,
            catalog=self.catalog,
            case_path=case_path,
            instrument_path=instrument_path,
            phase_path=phase_path,
            WHERE_TO_START=WHERE_TO_START,
            CASES_INDEX=CASES_INDEX,
            INSTRUMENTS_INDEX=INSTRUMENTS_INDEX,
            PHASES_INDEX=PHASES_INDEX,
            COUNTRIES=COUNTRIES,
            DATA=DATA,
            FEED=FEED,
            UNSEARCHED=Markup(UNSEARCHED),
            opendata=opendata,
            facet_values=case_facet_values,
            site=self.site,
            country_name=country_name,
        )
        env.globals["url"] = jinja2.pass_context(
            lambda context, to: relative_url(context["here"], to, self.use_directory_urls)
        )
        env.globals["page_link"] = lambda path: page_url(path, self.use_directory_urls)
        env.globals["feed_id"] = lambda slug="": metadata.feed_id(self.language, slug)
        env.globals["file_url"] = jinja2.pass_context(
            lambda context, to: file_url(context["here"], to, self.use_directory_urls)
        )
        env.globals["lang_attr"] = self.lang_attr
        env.globals["matrix_layout"] = matrix.layout
        return env

    def text(self, value: Text | str | None) -> str:
        if isinstance(value, Text):
            return value.get(self.language)
        return value or ""

    def lang_attr(self, value: Text) -> Markup:
        """` lang="en"` on an element whose text is shown in the other language, else nothing.
        A function, not a Jinja macro: it runs for every case in every list, and macros are slow."""
        shown = value.resolve(self.language)[1]
        return Markup(f' lang="{shown}"') if shown != self.language and value else Markup("")

    def render(self, template: str, here: str, *, listed: bool = False, **context: object) -> GeneratedPage:
        content = self.env.get_template(template).render(here=here, **context)
        return GeneratedPage(here, content, listed)

    def pages(self, *, parallel: bool = False) -> list[GeneratedPage]:
        """Every generated page, always in the same order. `parallel` spreads the rendering over
        worker processes where that is safe (see parallel.py); the pages are the same either way."""
        with self.start(parallel=parallel) as rendering:
            return [page.take()[0] if isinstance(page, PendingPage) else page for page in rendering.pages]

    def start(self, *, parallel: bool = False, prepare: Callable[[GeneratedPage], Any] | None = None) -> Rendering:
        """Start rendering every generated page (see Rendering). Each process compiles the templates
        it uses: the workers the detail pages', this one the rest, so neither waits for the other's."""
        return Rendering(self._jobs(), parallel=parallel, prepare=prepare)

    def _jobs(self) -> list[Job]:
        """The pages as independent pieces of work, in site order."""
        catalog = self.catalog
        jobs = [Job(partial(self.case_page, case), case_path(case.slug)) for case in catalog.cases]
        for instrument in catalog.instruments:
            jobs.append(
                self._pending_job(
                    "instrument.md.j2",
                    instrument_path(instrument.id),
                    instrument=instrument,
                    cases=catalog.cases_by_instrument.get(instrument.id, ()),
                    co_used=catalog.co_used.get(instrument.id, ()),
                )
            )
        for phase in catalog.phases:
            jobs.append(
                self._pending_job(
                    "phase.md.j2",
                    phase_path(phase.id),
                    phase=phase,
                    instruments=catalog.instruments_of_phase(phase.id),
                    cases=catalog.cases_by_phase.get(phase.id, ()),
                )
            )
        case_facets = facets(catalog, self.language, self.labels)
        layout = matrix.layout(catalog.cases)
        jobs.append(
            self._listed_job("cases_index.md.j2", CASES_INDEX, cases=catalog.cases, facets=case_facets, layout=layout)
        )
        for facet in case_facets:
            for value in facet.values:
                jobs.append(self._pending_job("facet.md.j2", value.path, facet=facet, value=value))
        jobs.append(self._listed_job("instruments_index.md.j2", INSTRUMENTS_INDEX))
        jobs.append(self._listed_job("phases_index.md.j2", PHASES_INDEX))
        jobs.append(self._listed_job("countries.md.j2", COUNTRIES, countries=catalog.cases_by_country))
        jobs.append(self._listed_job("where_to_start.md.j2", WHERE_TO_START, cases=catalog.cases, layout=layout))
        # Open data, the data page and the feed.
        for path, make in opendata.DATA_FILES.items():
            jobs.append(Job(partial(self._data_file, path, make), path))
        jobs.append(self._listed_job("data.md.j2", DATA, fields=opendata.field_docs()))
        newest_first = sorted(
            catalog.cases, key=lambda case: (max(case.added or "", case.last_reviewed), case.slug), reverse=True
        )
        jobs.append(self._pending_job("feed.xml.j2", FEED, cases=newest_first))
        return jobs

    def _pending_job(self, template: str, path: str, **context: object) -> Job:
        return Job(partial(self.render, template, path, **context), path)

    def _listed_job(self, template: str, path: str, **context: object) -> Job:
        return Job(partial(self.render, template, path, listed=True, **context))

    def _data_file(self, path: str, make: Callable[[Catalog], str]) -> GeneratedPage:
        return GeneratedPage(path, make(self.catalog))

    def _generation(self) -> bytes:
        """Everything besides the case that a case page depends on (for the serve page cache)."""
        digest = hashlib.blake2b(digest_size=32)
        settings = (self.language, self.use_directory_urls, self.site, self.catalog.collection.vocabulary)
        digest.update(repr(settings).encode())
        for name in sorted(self.env.list_templates()):
            digest.update(f"\0{name}\0{self.env.loader.get_source(self.env, name)[0]}".encode())
        return digest.digest()

    def case_page(self, case: Case) -> GeneratedPage:
        related = self.catalog.related.get(case.slug, ())
        if self.page_cache is None:
            return self._render_case_page(case, related)
        return self.page_cache.get_or_render((case, *related), lambda: self._render_case_page(case, related))

    def _render_case_page(self, case: Case, related: tuple[Case, ...]) -> GeneratedPage:
        narrative, narrative_language = case.narrative.resolve(self.language)
        page = page_url(case_path(case.slug), self.use_directory_urls)
        missing = [value for value in (case.title, case.summary, case.narrative) if not value.has(self.language)]
        return self.render(
            "case.md.j2",
            case_path(case.slug),
            case=case,
            narrative=Markup(narrative_html(narrative)),
            narrative_language=narrative_language,
            translation_missing=bool(missing),
            related=related,
            case_page_url=page,
            citations=metadata.citations(case, self.language, self.site, page),
            json_ld=metadata.json_ld(
                case,
                self.language,
                self.site,
                page,
                [self.text(self.catalog.instrument(i).name) for i in case.instruments],
                country_name(case.country, self.language),
            ),
        )


def _render_and_prepare(prepare: Callable[[GeneratedPage], Any] | None, job: Job) -> tuple[GeneratedPage, Any]:
    page = job.render()
    return page, prepare(page) if prepare else None
