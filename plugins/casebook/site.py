"""Build the whole bilingual site, or export it as plain Markdown for builders without Python plugins.

A build renders both languages into a temporary folder beside the target and swaps it in only
when everything succeeded, so a failed build never leaves a half-written or broken site.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from casebook.cache import CASES_FILE, CaseCache
from casebook.catalog import Catalog, build_catalog
from casebook.layout import CACHE_DIR, CASES_DIR, CONFIG_FILES, VOCABULARY_FILE
from casebook.model import LANGUAGES
from casebook.pages import SiteRenderer
from casebook.parallel import map_ordered
from casebook.plugin import ASSET_DIR, ASSETS, CasebookPlugin, asset_bytes
from casebook.problems import ProblemsFound
from casebook.validate import Sources, load_collection

DEFAULT_LANGUAGE = "de"


class BuildFailed(Exception):
    """The site could not be built; the message says why, the previous site is untouched."""


@dataclass(frozen=True)
class Project:
    root: Path

    def config_file(self, language: str) -> Path:
        return self.root / CONFIG_FILES[language]


def build_site(project: Project, site_dir: Path, *, strict: bool = True, site_url: str | None = None) -> None:
    """Build /de/ and /en/ plus the language-choosing root page into `site_dir`, atomically.

    `site_url` is where the site will be published (e.g. the GitHub Pages address); MkDocs needs
    it for the sitemap and for the links of the 404 page, which are absolute."""
    _ensure_mkdocs_logging()
    date_before = _pin_build_date(project)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_build(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(site_dir)}{os.getpid()}-", dir=site_dir.parent))
    try:
        # Both languages usually read the same cases: validated once, here (with the disk cache of the
        # first config that names them), and handed to each build.
        settings = {language: _raw_config(project.config_file(language)) for language in LANGUAGES}
        sources = {language: _sources(project, settings[language]) for language in LANGUAGES}
        shared: dict[Sources, tuple[CaseCache, Path | None]] = {}
        for language, where in sources.items():
            if where not in shared:
                cache, cache_file = CaseCache(), _cases_cache_file(project, settings[language])
                if cache_file is not None:
                    cache.load(cache_file)
                load_collection(where, cache=cache, parallel=True)  # problems: each build reports them
                shared[where] = (cache, cache_file)
        caches = {language: shared[where][0] for language, where in sources.items()}
        # The languages are independent builds: each in a process of its own where that is safe
        # (parallel.py), since most of a build is MkDocs' own work in a single process.
        map_ordered(partial(_build_language, project, staging, strict, site_url, caches), LANGUAGES, min_items=2)
        (staging / "index.html").write_text(root_page(), encoding="utf-8")
        _swap_in(staging, site_dir)
        for cache, cache_file in shared.values():
            if cache_file is not None:
                cache.save(cache_file)
    finally:
        _restore_build_date(date_before)
        shutil.rmtree(staging, ignore_errors=True)


def _build_language(
    project: Project,
    staging: Path,
    strict: bool,
    site_url: str | None,
    caches: dict[str, CaseCache],
    language: str,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    errors = _ErrorCollector()
    logging.getLogger("mkdocs").addHandler(errors)
    plugin = None
    try:
        options = {"site_url": site_url.rstrip("/") + f"/{language}/"} if site_url else {}
        config = load_config(
            str(project.config_file(language)), site_dir=str(staging / language), strict=strict, **options
        )
        plugin = config.plugins.get("casebook")
        if isinstance(plugin, CasebookPlugin):
            # The cases validated above; a case whose files changed since is validated afresh.
            plugin.shared_cases = caches[language]
        build(config)
    except (Abort, ConfigurationError) as error:
        details = "\n".join(errors.messages) or str(error)
        raise BuildFailed(f"the {language} site failed to build:\n{details}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
        if isinstance(plugin, CasebookPlugin):
            plugin.shared_cases = None  # MkDocs keeps the instance for the process's next build


class _ErrorCollector(logging.Handler):
    """Keeps MkDocs' warnings and errors so a failed build can say exactly why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Two renames: the old site aside, the new one in. A build killed between them leaves no site
    folder and the old site aside, which the next build puts back first (recover_interrupted_build)."""
    old = None
    if site_dir.exists():
        old = _previous(site_dir)
        shutil.rmtree(old, ignore_errors=True)
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _previous(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-previous")


def _staging_prefix(site_dir: Path) -> str:
    """Staging folders are `.<site>-building-<pid>-<random>`: the pid tells whose build it is."""
    return f".{site_dir.name}-building-"


def recover_interrupted_build(site_dir: Path) -> None:
    """Undo what a killed build left behind: put the previous site back if the swap stopped between
    its two renames, drop the previous site if it stopped after them, and remove the staging
    folders of builds whose process is gone (a running build's are left alone)."""
    previous = _previous(site_dir)
    if previous.is_dir() and not previous.is_symlink():
        if not site_dir.exists():
            previous.rename(site_dir)
        else:
            shutil.rmtree(previous, ignore_errors=True)
    prefix = _staging_prefix(site_dir)
    for folder in site_dir.parent.glob(f"{glob.escape(prefix)}*"):
        owner = folder.name[len(prefix) :].split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and not (owner.isdigit() and _running(int(owner))):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return pid != os.getpid()  # a folder with this process's own pid is from a build that was killed


# Sources that decide the fallback build date when the project is not a git checkout.
_DATED_SOURCES = ("*.yml", "content/**/*", "cases/**/*", "overrides/**/*")


def _pin_build_date(project: Project) -> str | None:
    """MkDocs stamps the build date into the sitemap (gzip header, and `lastmod` once `site_url` is
    set) unless SOURCE_DATE_EPOCH is set. Pin it to the date of the sources, so that two builds of
    one commit are byte-identical: the last commit's time, else the newest source file's mtime."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:
        os.environ["SOURCE_DATE_EPOCH"] = _source_date(project.root)
    return before


def _restore_build_date(before: str | None) -> None:
    if before is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _source_date(root: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    mtimes = [path.stat().st_mtime for pattern in _DATED_SOURCES for path in root.glob(pattern) if path.is_file()]
    return str(int(max(mtimes, default=0)))


def _ensure_mkdocs_logging() -> None:
    """Show MkDocs' warnings and errors when building from our own command."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def root_page() -> str:
    """The site root: sends a visitor to their browser's language, with plain links as fallback."""
    return """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Casebook – Koproduktion / Co-production</title>
<link rel="alternate" hreflang="de" href="de/">
<link rel="alternate" hreflang="en" href="en/">
<script>
  // Only the language choice runs here; without JavaScript the links below do the job.
  var wanted = (navigator.languages || [navigator.language || "de"]).map(function (l) { return l.slice(0, 2); });
  var target = wanted.indexOf("en") !== -1 && wanted.indexOf("de") === -1 ? "en/" : "de/";
  window.location.replace(target);
</script>
</head>
<body>
<main>
<h1>Casebook</h1>
<ul>
<li><a href="de/" hreflang="de" lang="de">Deutsch: Fallstudien zur Koproduktion</a></li>
<li><a href="en/" hreflang="en" lang="en">English: co-production case studies</a></li>
</ul>
</main>
</body>
</html>
"""


def export_site(project: Project, target: Path) -> list[Path]:
    """Write each language's full source tree (hand-written plus generated pages, as Markdown) and an
    mkdocs config without the casebook plugin, so another builder can build the same site."""
    written = []
    catalogs: dict[Sources, Catalog] = {}  # both languages usually read the same collection: validate it once
    for language in LANGUAGES:
        settings = _raw_config(project.config_file(language))
        sources = _sources(project, settings)
        if sources not in catalogs:
            collection, problems = load_collection(sources, parallel=True)
            if problems:
                raise ProblemsFound(problems)
            assert collection is not None
            catalogs[sources] = build_catalog(collection)
        docs = target / language
        if docs.exists():
            shutil.rmtree(docs)
        shutil.copytree(project.root / settings["docs_dir"], docs)
        custom_dir = settings.get("theme", {}).get("custom_dir")
        renderer = SiteRenderer(
            catalogs[sources],
            language,
            use_directory_urls=settings.get("use_directory_urls", True),
            override_dirs=[project.root / custom_dir / "casebook"] if custom_dir else [],
            site_name=settings.get("site_name", "Casebook"),
            site_url=settings.get("site_url"),
        )
        for page in renderer.pages(parallel=True):
            path = docs / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.content, encoding="utf-8")
            written.append(path)
        for asset in ASSETS:
            path = docs / ASSET_DIR / asset
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(asset_bytes(asset))
        if custom_dir:
            shutil.copytree(project.root / custom_dir, target / "overrides", dirs_exist_ok=True)
        config_path = target / f"mkdocs.{language}.yml"
        config_path.write_text(_exported_config(settings, language), encoding="utf-8")
        written.append(config_path)
    return written


def _exported_config(settings: dict[str, Any], language: str) -> str:
    exported = {key: value for key, value in settings.items() if key not in ("plugins", "watch", "INHERIT")}
    exported["docs_dir"] = language
    exported["site_dir"] = f"site/{language}"
    exported["plugins"] = {
        name: options for name, options in (settings.get("plugins") or {}).items() if name != "casebook"
    }
    own_css = [f"{ASSET_DIR}/{asset}" for asset in ASSETS if asset.endswith(".css")]
    exported["extra_css"] = list(settings.get("extra_css", [])) + own_css
    own_js = [{"path": f"{ASSET_DIR}/{asset}", "defer": True} for asset in ASSETS if asset.endswith(".js")]
    exported["extra_javascript"] = list(settings.get("extra_javascript", [])) + own_js
    if "custom_dir" in exported.get("theme", {}):
        exported["theme"]["custom_dir"] = "overrides"
    header = "# Exported by `casebook export`: the same site as plain Markdown, built without the casebook plugin.\n"
    return header + yaml.safe_dump(exported, allow_unicode=True, sort_keys=False)


def _sources(project: Project, settings: dict[str, Any]) -> Sources:
    """Where the plugin of a config (`_raw_config`) reads the cases and the vocabulary."""
    options = (settings.get("plugins") or {}).get("casebook") or {}
    root = project.root.resolve()  # as the plugin resolves it: the case cache knows files by their paths
    return Sources(root / options.get("cases_dir", CASES_DIR), root / options.get("vocabulary", VOCABULARY_FILE))


def _cases_cache_file(project: Project, settings: dict[str, Any]) -> Path | None:
    """The file where the plugin of a config (`_raw_config`) keeps validated cases, or None with `cache: false`."""
    options = (settings.get("plugins") or {}).get("casebook") or {}
    if not options.get("cache", True):
        return None
    return project.root.resolve() / options.get("cache_dir", CACHE_DIR) / CASES_FILE


def _raw_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, with INHERIT merged (the configs use no custom YAML tags)."""
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parent = settings.get("INHERIT")
    if parent:
        return _merge(_raw_config(path.parent / parent), settings)
    return settings


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
