"""The MkDocs adapter: validates the collection and feeds the generated pages to MkDocs' file API.

Thin on purpose: loading, validation, relations and rendering live in modules that know
nothing of MkDocs, so the same pages can be exported for a builder without Python plugins.

How a build goes: `on_files` validates the cases (in worker processes) and starts rendering
(pages.Rendering): the pages in the sidebar at once, the rest in a worker process beside MkDocs.
MkDocs gets every page as a file up front; a page still being rendered is a `PendingFile`, and its
`CasebookPage` is read and rendered only in `on_page_context`, just before MkDocs puts it into the
theme's template, unless another plugin reads pages earlier. There, too, the end of a page that
the search index should not have (pages.UNSEARCHED) is set aside while the search plugin reads it.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from casebook.cache import CaseCache, PageCache
from casebook.catalog import build_catalog
from casebook.htmlblocks import BlockRenderer, Body
from casebook.model import LANGUAGES
from casebook.pages import UNSEARCHED, GeneratedPage, PendingPage, Rendering, SiteRenderer
from casebook.problems import format_problems
from casebook.validate import Sources, load_collection

log = get_plugin_logger(__name__)

ASSETS = ("casebook.css", "casebook.js")
ASSET_DIR = "assets/casebook"
# The events in which MkDocs reads pages, before it builds any (see CasebookPlugin._pages_can_wait).
READING_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")


def asset_bytes(name: str) -> bytes:
    return resources.files("casebook").joinpath("assets", name).read_bytes()


@dataclass(frozen=True)
class Prepared:
    """What MkDocs' `Page.read_source` and `CasebookPage.render` make of a generated page, made in
    the worker process that rendered it (pages.Rendering's `prepare`)."""

    markdown: str
    meta: dict[str, Any]
    body: Body | None  # None: the page needs MkDocs' own Markdown pass (see htmlblocks)


class PendingFile(File):
    """A generated page whose source is still being rendered (pages.PendingPage): reading it waits for it."""

    pending: PendingPage | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, page: PendingPage) -> PendingFile:
        file = cls.generated(config, page.path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(file, PendingFile)
        file.pending = page
        return file

    def take(self) -> Prepared | None:
        """Wait for the page's source and keep it; return what the worker prepared of it, or None
        when the source has been read already (or nothing was prepared)."""
        if self.pending is None:
            return None
        generated, prepared = self.pending.take()
        self.content_string, self.pending = generated.content, None
        return prepared  # type: ignore[no-any-return]

    @property
    def content_string(self) -> str:
        self.take()
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        self.take()
        return super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    def copy_file(self, dirty: bool = False) -> None:
        self.take()
        super().copy_file(dirty)


class CasebookPage(Page):
    """A page the plugin made: its headings and HTML blocks skip MkDocs' full Markdown pass (see htmlblocks).

    A page read `later` is neither read nor rendered in MkDocs' reading pass, which would wait for
    every page to be rendered: the plugin finishes it in `on_page_context`, just before MkDocs puts
    it into the theme's template, with what the worker that rendered it prepared, and the pages
    after it are rendered meanwhile.
    """

    def __init__(self, file: File, config: MkDocsConfig, renderer: BlockRenderer, *, later: bool = False):
        super().__init__(None, file, config)  # also sets file.page, so MkDocs builds this page object
        self.renderer = renderer
        self.later = later
        self._files: Files | None = None
        self.unsearched = ""  # the end of the page, set aside while the search plugin reads it

    def read_source(self, config: MkDocsConfig) -> None:
        if self.later:
            self.markdown, self.meta = "", {}
            return
        super().read_source(config)

    def finish(self, config: MkDocsConfig) -> None:
        """Read and render a page left for later; nothing for any other page."""
        if not self.later:
            return
        assert self._files is not None, "MkDocs renders every page before it builds any"
        self.later = False
        prepared = self.file.take() if isinstance(self.file, PendingFile) else None
        if prepared is None:
            self.read_source(config)
            self.render(config, self._files)
            return
        self.markdown, self.meta = prepared.markdown, prepared.meta
        if prepared.body is None:
            super().render(config, self._files)
        else:
            self._show(prepared.body)

    @staticmethod
    def prepare(renderer: BlockRenderer, page: GeneratedPage) -> Prepared | None:
        """In a worker: what `read_source` and `render` would make of the page (without the
        `page_read_source` event, which no other plugin handles when pages are read later)."""
        if not page.path.endswith(".md"):
            return None  # a file that is not a page: copied as it is
        markdown_text, page_meta = meta.get_data(page.content)
        return Prepared(markdown_text, page_meta, renderer.render(markdown_text))

    def hide_unsearched(self) -> None:
        """Set aside the end of the page that the search index should not have (pages.UNSEARCHED),
        so the search plugin neither indexes nor parses it; `restore_unsearched` puts it back."""
        assert self.content is not None
        index = self.content.rfind(UNSEARCHED)
        if index >= 0:
            self.content, self.unsearched = self.content[:index], self.content[index:]

    def restore_unsearched(self) -> None:
        if self.unsearched:
            self.content, self.unsearched = (self.content or "") + self.unsearched, ""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.later:
            self._files, self.content = files, ""
            return
        assert self.markdown is not None
        body = self.renderer.render(self.markdown)
        if body is None:
            super().render(config, files)
        else:
            self._show(body)

    def _show(self, body: Body) -> None:
        self.content = body.html
        self.toc = get_toc(body.toc_tokens)
        self.present_anchor_ids = body.anchor_ids


class CasebookConfig(base.Config):
    cases_dir = opt.Type(str, default="cases")
    """Folder of case files, relative to mkdocs.yml."""
    vocabulary = opt.Type(str, default="vocabulary.yml")
    """The vocabulary file (phases, instruments, policy areas), relative to mkdocs.yml."""


class CasebookPlugin(BasePlugin[CasebookConfig]):
    serving = False  # under `mkdocs serve`: everything in this process, with the caches (and a server thread)
    case_cache: CaseCache | None = None  # validated cases: kept by `serve`, or handed in by `casebook build`
    page_cache: PageCache | None = None
    rendering: Rendering | None = None  # the detail pages still being rendered, from on_files to on_post_build
    frozen = False  # whether on_files set the build's objects aside from the garbage collector

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds, and with it the caches.
        self.serving = command == "serve"
        self.case_cache = CaseCache() if self.serving else None
        self.page_cache = PageCache() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.sources = Sources(root / self.config.cases_dir, root / self.config.vocabulary)
        self.language = config.theme.get("language", "de")
        if self.language not in LANGUAGES:
            raise PluginError(f"casebook: theme.language is {self.language!r}; use one of {', '.join(LANGUAGES)}")
        for asset in ASSETS:
            if asset.endswith(".css") and f"{ASSET_DIR}/{asset}" not in config.extra_css:
                config.extra_css.append(f"{ASSET_DIR}/{asset}")
            scripts = [str(script) for script in config.extra_javascript]
            if asset.endswith(".js") and f"{ASSET_DIR}/{asset}" not in scripts:
                script = ExtraScriptValue(f"{ASSET_DIR}/{asset}")
                script.defer = True  # runs after parsing, without holding up the page
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        collection, problems = load_collection(self.sources, cache=self.case_cache, parallel=not self.serving)
        if problems:
            raise PluginError("casebook: the case collection has problems:\n" + format_problems(problems))
        assert collection is not None
        custom_dir = config.theme.custom_dir
        renderer = SiteRenderer(
            build_catalog(collection),
            self.language,
            use_directory_urls=config.use_directory_urls,
            override_dirs=[Path(custom_dir) / "casebook"] if custom_dir else [],
            site_name=config.site_name,
            site_url=config.site_url,
            page_cache=self.page_cache,
        )
        blocks = BlockRenderer(
            lambda: markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        )
        self._end_build()  # a `serve` rebuild after a failed one
        later = self._pages_can_wait(config)
        prepare = partial(CasebookPage.prepare, blocks) if later else None
        self.rendering = renderer.start(parallel=not self.serving, prepare=prepare)
        for page in self.rendering.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"casebook: {config.docs_dir}/{page.path} has the same path as a generated "
                    "page; rename or remove the hand-written file"
                )
            if isinstance(page, PendingPage):
                file: File = PendingFile.of(config, page)
                if file.is_documentation_page():
                    CasebookPage(file, config, blocks, later=later)
            else:
                inclusion = InclusionLevel.INCLUDED if page.listed else InclusionLevel.NOT_IN_NAV
                file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
                if file.is_documentation_page():
                    CasebookPage(file, config, blocks)
            files.append(file)
        for asset in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=asset_bytes(asset)))
        log.debug("generated %d pages from %d cases", len(files), len(collection.cases))
        # What is alive now (the collection, the catalog, every file and page, and under `serve`
        # the caches) stays alive until the build ends. Set aside from the garbage collector, its
        # full passes do not walk it again every few hundred pages: about 0.1 s at 1,000 cases.
        # on_post_build lets go, and the next full pass collects what the build left behind.
        gc.freeze()
        self.frozen = True
        return files

    def _pages_can_wait(self, config: MkDocsConfig) -> bool:
        """Whether detail pages may be read and rendered as late as `on_page_context`: only when no
        other plugin looks at pages while MkDocs reads them, none sees the page context before this
        plugin, and no site template override could choose another theme template in front matter
        (MkDocs picks the template before `on_page_context`)."""
        events = config.plugins.events
        others_read = any(
            getattr(handler, "__self__", None) is not self for event in READING_EVENTS for handler in events[event]
        )
        first_context = events["page_context"][0] if events["page_context"] else None
        overrides = config.theme.custom_dir and (Path(config.theme.custom_dir) / "casebook").is_dir()
        return not others_read and getattr(first_context, "__self__", None) is self and not overrides

    @event_priority(100)  # first: the search plugin and the theme need the finished page
    def _finish_page(self, context, *, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        if isinstance(page, CasebookPage):
            page.finish(config)
            page.hide_unsearched()
        return context

    @event_priority(-100)  # last: after the search plugin, before the theme's template
    def _restore_unsearched(self, context, *, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
        if isinstance(page, CasebookPage):
            page.restore_unsearched()
        return context

    on_page_context = CombinedEvent(_finish_page, _restore_unsearched)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._end_build()

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def _end_build(self) -> None:
        """Stop the rendering workers and give the build's objects back to the garbage collector."""
        if self.rendering is not None:
            self.rendering.close()
            self.rendering = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # Rebuild when a case or the vocabulary changes, not only the hand-written pages.
        server.watch(str(self.sources.cases_dir))
        server.watch(str(self.sources.vocabulary_file))
        return server
