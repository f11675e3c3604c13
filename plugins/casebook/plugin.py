"""The MkDocs adapter: validates the collection and feeds the generated pages to MkDocs' file API.

Thin on purpose: loading, validation, relations and rendering live in modules that know
nothing of MkDocs, so the same pages can be exported for a builder without Python plugins.
"""

from __future__ import annotations

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

from casebook.cache import CaseCache, PageCache
from casebook.catalog import build_catalog
from casebook.htmlblocks import BlockRenderer
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
    """A page the plugin made: its headings and HTML blocks skip MkDocs' full Markdown pass (see htmlblocks)."""

    def __init__(self, file: File, config: MkDocsConfig, renderer: BlockRenderer):
        super().__init__(None, file, config)  # also sets file.page, so MkDocs builds this page object
        self.renderer = renderer

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.markdown is not None
        body = self.renderer.render(self.markdown)
        if body is None:
            super().render(config, files)
            return
        self.content = body.html
        self.toc = get_toc(body.toc_tokens)
        self.present_anchor_ids = body.anchor_ids


class CasebookConfig(base.Config):
    cases_dir = opt.Type(str, default="cases")
    """Folder of case files, relative to mkdocs.yml."""
    vocabulary = opt.Type(str, default="vocabulary.yml")
    """The vocabulary file (phases, instruments, policy areas), relative to mkdocs.yml."""


class CasebookPlugin(BasePlugin[CasebookConfig]):
    case_cache: CaseCache | None = None
    page_cache: PageCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds, and with it the cache.
        self.case_cache = CaseCache() if command == "serve" else None
        self.page_cache = PageCache() if command == "serve" else None

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
        # The serve caches live in this process, so serve renders here; a build uses all cores.
        parallel = self.case_cache is None and self.page_cache is None
        collection, problems = load_collection(self.sources, cache=self.case_cache, parallel=parallel)
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
        for page in renderer.pages(parallel=parallel):
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"casebook: {config.docs_dir}/{page.path} has the same path as a generated "
                    "page; rename or remove the hand-written file"
                )
            inclusion = InclusionLevel.INCLUDED if page.listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
            files.append(file)
            if file.is_documentation_page():
                CasebookPage(file, config, blocks)
        for asset in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=asset_bytes(asset)))
        log.debug("generated %d pages from %d cases", len(files), len(collection.cases))
        return files

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # Rebuild when a case or the vocabulary changes, not only the hand-written pages.
        server.watch(str(self.sources.cases_dir))
        server.watch(str(self.sources.vocabulary_file))
        return server
