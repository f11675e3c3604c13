"""The MkDocs adapter: validates the collection and feeds the generated pages to MkDocs' file API.

Thin on purpose: loading, validation, relations and rendering live in modules that know
nothing of MkDocs, so the same pages can be exported for a builder without Python plugins.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from casebook.cache import CaseCache, PageCache
from casebook.catalog import build_catalog
from casebook.htmlblocks import restore_blocks, stash_blocks
from casebook.model import LANGUAGES
from casebook.pages import SiteRenderer
from casebook.problems import format_problems
from casebook.validate import Sources, load_collection

log = get_plugin_logger(__name__)

ASSETS = ("casebook.css", "casebook.js")
ASSET_DIR = "assets/casebook"


def asset_bytes(name: str) -> bytes:
    return resources.files("casebook").joinpath("assets", name).read_bytes()


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
        self.generated: set[str] = set()  # source paths of this build's generated pages
        self.stashed: dict[str, list[str]] = {}  # their HTML blocks, between Markdown and content
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
        collection, problems = load_collection(self.sources, cache=self.case_cache)
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
        for page in renderer.pages():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"casebook: {config.docs_dir}/{page.path} has the same path as a generated "
                    "page; rename or remove the hand-written file"
                )
            inclusion = InclusionLevel.INCLUDED if page.listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.content, inclusion=inclusion))
            self.generated.add(page.path)
        for asset in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=asset_bytes(asset)))
        log.debug("generated %d pages from %d cases", len(files), len(collection.cases))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self.generated:
            return markdown
        markdown, self.stashed[page.file.src_uri] = stash_blocks(markdown)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.stashed.pop(page.file.src_uri, None)
        return html if blocks is None else restore_blocks(html, blocks)

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        # Rebuild when a case or the vocabulary changes, not only the hand-written pages.
        server.watch(str(self.sources.cases_dir))
        server.watch(str(self.sources.vocabulary_file))
        return server
