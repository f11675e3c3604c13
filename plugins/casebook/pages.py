"""Render the catalog into page bodies (Markdown with HTML blocks) through Jinja2 templates.

Knows nothing of MkDocs: the plugin feeds these pages to MkDocs, `casebook export` writes them
to disk. Every untrusted string is autoescaped by Jinja; narratives go through `sanitize`.
Case text is only ever passed to templates as data, never compiled as a template.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
from markupsafe import Markup

from casebook import matrix, metadata, opendata, worldmap
from casebook.cache import PageCache
from casebook.catalog import Catalog
from casebook.countries import country_name
from casebook.finding import case_facet_values, facets
from casebook.frontmatter import front_matter
from casebook.labels import LABELS, format_date, plural, plural_forms_json
from casebook.model import LANGUAGES, Case, Text
from casebook.parallel import map_ordered
from casebook.quadrants import BANDS, QUADRANTS, quadrant_id_name, quadrant_ids
from casebook.references import link_references, reference_link, source_anchor
from casebook.sanitize import heading_text, narrative_html, paragraphs_html, plain_title
from casebook.urls import (
    CASES_INDEX,
    COUNTRIES,
    DATA,
    FEED,
    INSTRUMENTS_INDEX,
    MAP,
    PHASES_INDEX,
    WHERE_TO_START,
    case_path,
    facet_path,
    file_url,
    instrument_path,
    page_url,
    phase_path,
    relative_url,
)


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # where the page sits in the site's source tree, e.g. "cases/camden-talking.md"
    content: str
    listed: bool = False  # an index page the sidebar may list; detail pages stay out of it


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
        env.filters["t"] = self.text  # one-line text
        # Text of several paragraphs: <p>…</p> without a blank line between, so it stays in its HTML
        # block; `inline=True` joins them with <br> inside a line (a list item with its references).
        env.filters["paragraphs"] = lambda value, inline=False: paragraphs_html(self.text(value), inline=inline)
        env.filters["json"] = lambda value: Markup(json.dumps(value, ensure_ascii=False))
        env.filters["plain_title"] = lambda value: plain_title(self.text(value))
        env.filters["heading"] = lambda value: heading_text(self.text(value))  # text on a `#` line
        env.globals["front_matter"] = front_matter
        env.filters["country"] = lambda code: country_name(code, self.language)
        env.filters["script_json"] = metadata.script_json
        env.filters["date"] = lambda value: format_date(value, self.language)
        env.filters["phase_name"] = lambda phase_id: self.text(self.catalog.phase(phase_id).name)
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
            MAP=MAP,
            DATA=DATA,
            FEED=FEED,
            opendata=opendata,
            facet_values=case_facet_values,
            facet_path=facet_path,
            site=self.site,
            country_name=country_name,
            plural=partial(plural, self.language),
            plural_forms=partial(plural_forms_json, self.language),
            quadrants=QUADRANTS,
            quadrant_bands=BANDS,
            quadrant_name=lambda value: quadrant_id_name(value, self.labels),
            quadrant_values=quadrant_ids(),
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
        env.globals["where"] = self.where
        env.globals["reference_link"] = reference_link
        env.globals["source_anchor"] = source_anchor
        env.globals["matrix_layout"] = matrix.layout
        return env

    def text(self, value: Text | str | None) -> str:
        if isinstance(value, Text):
            return value.get(self.language)
        return value or ""

    def where(self, case: Case, *, country: bool = True) -> str:
        """Where a case works, as lists and the matrix show it: the place (local or regional) with
        its country, or the country alone with the word for nationwide. `country=False`: the place
        alone, or the country for a national case (the matrix's short label)."""
        if case.scope == "national":
            name = country_name(case.country, self.language)
            return f"{name} ({self.labels['scope_national']})" if country else name
        place = self.text(case.place)
        return f"{place}, {country_name(case.country, self.language)}" if country else place

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
        worker processes where that pays (see parallel.py); the pages are the same either way.
        A case page the page cache holds for the same inputs is taken from it, not rendered."""
        jobs = self._jobs()  # the case pages come first, in the catalog's order
        cache = self.page_cache
        keys = [cache.key(self._case_inputs(case)) for case in self.catalog.cases] if cache is not None else []
        done: dict[int, GeneratedPage] = {}
        for index, (case, key) in enumerate(zip(self.catalog.cases, keys, strict=False)):  # no keys: no cache
            if cache is not None and (content := cache.get(key)) is not None:
                done[index] = GeneratedPage(case_path(case.slug), content)
        todo = [index for index in range(len(jobs)) if index not in done]
        work = [jobs[index] for index in todo]
        done.update(zip(todo, map_ordered(_call, work) if parallel else [job() for job in work], strict=True))
        if cache is not None:
            cache.end_build({key: done[index].content for index, key in enumerate(keys)})
        return [done[index] for index in range(len(jobs))]

    def _jobs(self) -> list[Callable[[], GeneratedPage]]:
        """The pages as independent pieces of work, in site order."""
        catalog = self.catalog
        jobs: list[Callable[[], GeneratedPage]] = [partial(self.case_page, case) for case in catalog.cases]
        for instrument in catalog.instruments:
            jobs.append(
                self._job(
                    "instrument.md.j2",
                    instrument_path(instrument.id),
                    instrument=instrument,
                    cases=catalog.cases_by_instrument.get(instrument.id, ()),
                    co_used=catalog.co_used.get(instrument.id, ()),
                )
            )
        for phase in catalog.phases:
            jobs.append(
                self._job(
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
            self._job(
                "cases_index.md.j2", CASES_INDEX, listed=True, cases=catalog.cases, facets=case_facets, layout=layout
            )
        )
        for facet in case_facets:
            for value in facet.values:
                jobs.append(self._job("facet.md.j2", value.path, facet=facet, value=value))
        jobs.append(self._job("instruments_index.md.j2", INSTRUMENTS_INDEX, listed=True))
        jobs.append(self._job("phases_index.md.j2", PHASES_INDEX, listed=True))
        jobs.append(self._job("countries.md.j2", COUNTRIES, listed=True, countries=catalog.cases_by_country))
        jobs.append(self._job("map.md.j2", MAP, listed=True, **self._map_context()))
        jobs.append(self._job("where_to_start.md.j2", WHERE_TO_START, listed=True, cases=catalog.cases, layout=layout))
        # Open data, the data page and the feed.
        for path, make in opendata.DATA_FILES.items():
            jobs.append(partial(self._data_file, path, make))
        jobs.append(self._job("data.md.j2", DATA, listed=True, fields=opendata.field_docs(self.language)))
        newest_first = sorted(
            catalog.cases, key=lambda case: (max(case.added or "", case.last_reviewed), case.slug), reverse=True
        )
        jobs.append(self._job("feed.xml.j2", FEED, cases=newest_first))
        return jobs

    def _job(self, template: str, path: str, *, listed: bool = False, **context: object) -> Callable[[], GeneratedPage]:
        return partial(self.render, template, path, listed=listed, **context)

    def _data_file(self, path: str, make: Callable[[Catalog, bool], str]) -> GeneratedPage:
        return GeneratedPage(path, make(self.catalog, self.use_directory_urls))

    def _generation(self) -> bytes:
        """Everything besides the case and its related cases that a case page depends on (for the
        page cache, which adds the code): the settings, the vocabulary and the source of every
        template, the site's overrides included."""
        digest = hashlib.blake2b(digest_size=32)
        settings = (self.language, self.use_directory_urls, self.site, self.catalog.collection.vocabulary)
        digest.update(repr(settings).encode())
        for name in sorted(self.env.list_templates()):
            digest.update(f"\0{name}\0{self.env.loader.get_source(self.env, name)[0]}".encode())
        return digest.digest()

    def _case_inputs(self, case: Case) -> tuple[Case, ...]:
        """What a case page shows besides the generation: the case and its related cases."""
        return (case, *self.catalog.related.get(case.slug, ()))

    def case_page(self, case: Case) -> GeneratedPage:
        return self._render_case_page(case, self.catalog.related.get(case.slug, ()))

    def _map_context(self) -> dict[str, object]:
        countries = self.catalog.cases_by_country
        view = worldmap.overview(worldmap.located(self.catalog.cases), countries)
        return {
            "view": view,
            "countries": countries,
            "counts": {code: len(cases) for code, cases in countries.items()},
            "mark_of": {case.slug: mark for mark in view.marks for case in mark.cases},
        }

    def _render_case_page(self, case: Case, related: tuple[Case, ...]) -> GeneratedPage:
        narrative, narrative_language = case.narrative.resolve(self.language)
        page = page_url(case_path(case.slug), self.use_directory_urls)
        missing = [value for value in (case.title, case.summary, case.narrative) if not value.has(self.language)]
        return self.render(
            "case.md.j2",
            case_path(case.slug),
            case=case,
            narrative=Markup(link_references(narrative_html(narrative), len(case.sources), self.labels["source_ref"])),
            narrative_language=narrative_language,
            translation_missing=bool(missing),
            related=related,
            case_page_url=page,
            citations=metadata.citations(case, self.language, self.site, page),
            locator=worldmap.locator(case.country, worldmap.point(case)),
            json_ld=metadata.json_ld(
                case,
                self.language,
                self.site,
                page,
                [self.text(self.catalog.instrument(i).name) for i in case.instruments],
                country_name(case.country, self.language),
            ),
        )


def _call(job: Callable[[], GeneratedPage]) -> GeneratedPage:
    return job()
