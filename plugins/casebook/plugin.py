"""The MkDocs adapter: validates the collection and hands MkDocs the generated pages as files.

Thin on purpose: loading, validation, relations and rendering live in modules that know
nothing of MkDocs, so the same pages can be exported for a builder without Python plugins.

How a build goes, on MkDocs' documented lifecycle: `on_files` validates the cases, renders
every generated page (both in worker processes where that pays, see parallel.py), writes each
one to a build folder of its own and adds it as `File.generated(config, path, abs_src_path=...)`.
MkDocs then reads and renders them like any page, from a file as it reads the hand-written ones,
and every plugin sees their Markdown and their HTML. (Handed over as `content=`, every page
would stay in memory twice, as the file's content and as the page's Markdown, until the build
ends: at 10,000 cases about a quarter of the build's memory.) The one difference is how a generated
page turns into HTML: `CasebookPage.render` makes the HTML and table of contents of its headings
and HTML blocks directly (htmlblocks.py), and falls back to MkDocs' Markdown pass for anything else.
"""

from __future__ import annotations

import hashlib
import tempfile
from importlib import resources
from pathlib import Path

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from casebook.cache import CaseCache, SiteCache
from casebook.catalog import build_catalog
from casebook.htmlblocks import BlockRenderer
from casebook.layout import CACHE_DIR, CASES_DIR, VOCABULARY_FILE
from casebook.model import LANGUAGES
from casebook.pages import SiteRenderer
from casebook.problems import format_problems
from casebook.validate import Sources, load_collection

log = get_plugin_logger(__name__)

ASSETS = ("casebook.css", "casebook.js")
ASSET_DIR = "assets/casebook"


def asset_bytes(name: str) -> bytes:
    return resources.files("casebook").joinpath("assets", name).read_bytes()


class CasebookPage(Page):
    """A generated page. MkDocs reads its source as any page's; `render` turns headings and HTML
    blocks into HTML without a full Markdown pass (see htmlblocks), whatever Markdown it is given
    by then (other plugins may have changed it), and leaves anything else to MkDocs' own pass."""

    def __init__(self, file: File, config: MkDocsConfig, blocks: BlockRenderer):
        super().__init__(None, file, config)  # also sets file.page, so MkDocs builds this page object
        self.blocks = blocks

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.markdown is not None, "MkDocs reads a page before it renders it"
        body = self.blocks.render(self.markdown)
        if body is None:
            super().render(config, files)
            return
        self.content = body.html
        self.toc = get_toc(body.toc_tokens)
        self.present_anchor_ids = body.anchor_ids


class PageFiles:
    """The folder the generated pages are written to, for MkDocs to read them from. A page is
    written only when its content differs from what was written there before: under `mkdocs
    serve`, which keeps this folder for all its rebuilds, an unchanged page keeps its file and its
    file's time (which is what `serve --dirty` compares)."""

    def __init__(self) -> None:
        # Removed by `remove`, or when the process ends (a build stopped by SIGTERM included).
        self._folder = tempfile.TemporaryDirectory(prefix="casebook-pages-")
        self.folder = Path(self._folder.name)
        self._written: dict[str, bytes] = {}  # page path -> digest of the content written there

    def write(self, path: str, content: str) -> str:
        data = content.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        target = self.folder / path
        if self._written.get(path) != digest:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self._written[path] = digest
        return str(target)

    def remove(self) -> None:
        self._folder.cleanup()


class CasebookConfig(base.Config):
    cases_dir = opt.Type(str, default=CASES_DIR)
    """Folder of case files, relative to mkdocs.yml."""
    vocabulary = opt.Type(str, default=VOCABULARY_FILE)
    """The vocabulary file (phases, instruments, policy areas), relative to mkdocs.yml."""
    cache = opt.Type(bool, default=True)
    """Keep validated cases and rendered case pages: in memory under `serve`, in `cache_dir` between builds."""
    cache_dir = opt.Type(str, default=CACHE_DIR)
    """Where the cache is kept between builds, relative to mkdocs.yml."""


class CasebookPlugin(BasePlugin[CasebookConfig]):
    serving = False  # under `mkdocs serve`: everything in this process (a server thread runs beside it)
    shared_cases: CaseCache | None = None  # handed in by `casebook build`, which loads and saves them itself
    cache: SiteCache | None = None
    page_files: PageFiles | None = None  # for one build, or for every rebuild of `serve`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds, and with it the cache.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.sources = Sources(root / self.config.cases_dir, root / self.config.vocabulary)
        self.language = config.theme.get("language", "de")
        if self.language not in LANGUAGES:
            raise PluginError(f"casebook: theme.language is {self.language!r}; use one of {', '.join(LANGUAGES)}")
        wanted = (root / self.config.cache_dir, self.language, self.shared_cases)
        if not self.config.cache:
            self.cache = None
        elif self.cache is None or self.cache.made_for != wanted:  # else the one kept from the last build
            self.cache = SiteCache(*wanted)
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
        if self.cache is not None:
            self.cache.load()
        cases = self.cache.cases if self.cache is not None else self.shared_cases
        collection, problems = load_collection(self.sources, cache=cases, parallel=not self.serving)
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
            page_cache=self.cache.pages if self.cache is not None else None,
        )
        blocks = BlockRenderer(
            lambda: markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        )
        pages = renderer.pages(parallel=not self.serving)
        if self.cache is not None and not self.serving:
            # Saved now, not when the build ends, and then let go: the pages are files from here on.
            self.cache.save()
            self.cache.forget()
        if self.page_files is None:
            self.page_files = PageFiles()
        for page in pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"casebook: {config.docs_dir}/{page.path} has the same path as a generated "
                    "page; rename or remove the hand-written file"
                )
            inclusion = InclusionLevel.INCLUDED if page.listed else InclusionLevel.NOT_IN_NAV
            source = self.page_files.write(page.path, page.content)
            file = File.generated(config, page.path, abs_src_path=source, inclusion=inclusion)
            if file.is_documentation_page():
                CasebookPage(file, config, blocks)
            files.append(file)
        for asset in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=asset_bytes(asset)))
        log.debug("generated %d pages from %d cases", len(pages), len(collection.cases))
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.serving:  # `serve` keeps the folder for its rebuilds, and the cache in memory
            self._remove_page_files()

    def on_build_error(self, error: Exception) -> None:
        if not self.serving:
            self._remove_page_files()

    def on_shutdown(self) -> None:
        self._remove_page_files()
        if self.cache is not None and self.serving:
            self.cache.save()

    def _remove_page_files(self) -> None:
        if self.page_files is not None:
            self.page_files.remove()
            self.page_files = None

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # Rebuild when a case or the vocabulary changes, not only the hand-written pages.
        server.watch(str(self.sources.cases_dir))
        server.watch(str(self.sources.vocabulary_file))
        return server
