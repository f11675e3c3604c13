"""Shared fixtures: a copy of the project to change, real builds of it, a local server, a real Chromium.

Code tests run on the fixture collection in tests/fixtures/project/ (its cases, vocabulary and
hand-written pages) with the repository's real code and configuration (mkdocs*.yml, overrides),
never on the live cases/: a contributor who adds, changes or removes a case changes no code test.
The live collection is checked by the content checks (tests/test_collection.py)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from casebook.site import Project, build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "project"
# The site's code and configuration, always the repository's own.
CODE_FILES = ("mkdocs.yml", "mkdocs.en.yml")
CODE_DIRS = ("overrides",)
# What a collection consists of: the fixture's in code tests, the repository's in content checks.
COLLECTION_FILES = ("vocabulary.yml",)
COLLECTION_DIRS = ("content", "cases")
# The case templates are the scaffold's output (code), not cases: every copy gets the repository's.
TEMPLATES = ("_template.yml", "_template.md")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(target: Path) -> Path:
    """A project a test may change freely: the repository's code with the fixture collection."""
    _copy_code(target)
    for name in COLLECTION_FILES:
        shutil.copy2(FIXTURE / name, target / name)
    for name in COLLECTION_DIRS:
        shutil.copytree(FIXTURE / name, target / name)
    # A hand-written page the repository has and the fixture does not (a page added to the nav
    # since) comes from the repository, so the configuration's nav always finds its pages.
    for page in (ROOT / "content").rglob("*"):
        copy = target / "content" / page.relative_to(ROOT / "content")
        if page.is_file() and not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, copy)
    _copy_templates(target)
    return target


def copy_live_project(target: Path) -> Path:
    """A copy of the repository as it is, with its live collection: for the content checks only."""
    _copy_code(target)
    for name in COLLECTION_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in COLLECTION_DIRS:
        shutil.copytree(ROOT / name, target / name)
    return target


def _copy_code(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in CODE_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in CODE_DIRS:
        shutil.copytree(ROOT / name, target / name)


def _copy_templates(target: Path) -> None:
    for name in TEMPLATES:
        if (ROOT / "cases" / name).is_file():
            shutil.copy2(ROOT / "cases" / name, target / "cases" / name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture project (see the module's docstring)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project's site, built once per test run (both languages, strict)."""
    root = tmp_path_factory.mktemp("built")
    project_dir = copy_project(root / "project")
    site = root / "site"
    build_site(Project(project_dir), site)
    return site


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on localhost."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (its own browser download is never used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser page that refuses every request not going to localhost."""
    context = browser.new_context()
    context.route("**/*", _only_localhost)
    page = context.new_page()
    yield page
    context.close()


def _only_localhost(route) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "about:", "blob:")):
        route.continue_()
    else:
        route.abort()
