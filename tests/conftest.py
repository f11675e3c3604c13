"""Shared fixtures: a copy of the project to change, real builds of it, a local server, a real Chromium.

Code tests run on the fixture collection in tests/fixtures/project/cases/ with the repository's
code, configuration, vocabulary and hand-written pages, never on the live cases/: a contributor
who adds, changes or removes a case changes no code test. A case that a hand-written page or a
vocabulary example links and the fixture lacks gets a generated stand-in, so the pages' links
resolve. The live collection is checked by the content checks (tests/test_collection.py).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import inspect
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from casebook.site import Project, build_site
from generated_cases import linked_case_slugs, vocabulary_ids, write_case

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "project"
# The site's code, configuration, vocabulary and hand-written pages: always the repository's own.
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "vocabulary.yml")
PROJECT_DIRS = ("content", "overrides")
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


LAYERS = ("unit", "slow", "site", "browser", "content")
# Calls in a test's own source that mean it builds a site (or serves one) ...
BUILDS_A_SITE = ("build_site(", "export_site(", "SiteRenderer(", '"build"', '"export"', "mkdocs", "serve(")
# ... or takes seconds without one: other processes, worker pools.
TAKES_SECONDS = ("subprocess", "parallel=True", "CASEBOOK_WORKERS", "run_validate(")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test in one layer: its own mark, else browser if it takes a browser page, site if it builds
    a site, slow if it searches with Hypothesis or starts processes, unit otherwise."""
    for item in items:
        if any(item.get_closest_marker(layer) for layer in LAYERS):
            continue
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "page"}:
            item.add_marker(pytest.mark.browser)
        elif fixtures & {"built_site", "site_url"} or _calls(item, BUILDS_A_SITE):
            item.add_marker(pytest.mark.site)
        elif getattr(getattr(item, "function", None), "is_hypothesis_test", False) or _calls(item, TAKES_SECONDS):
            item.add_marker(pytest.mark.slow)
        else:
            item.add_marker(pytest.mark.unit)


def _calls(item: pytest.Item, calls: tuple[str, ...]) -> bool:
    return any(call in source for source in _sources(item) for call in calls)


def _sources(item: pytest.Item) -> list[str]:
    """The source of a test, of the fixtures it takes and of the test helpers these call (the tests' own
    functions, followed by name), so a test that builds through a helper counts as building."""
    fixtures = getattr(item, "_fixtureinfo", None)
    start = [getattr(item, "function", None)]
    for name in getattr(item, "fixturenames", ()):
        for definition in fixtures.name2fixturedefs.get(name, ()) if fixtures else ():
            start.append(definition.func)
    seen: set[object] = set()
    sources = []
    while start:
        function = start.pop()
        function = inspect.unwrap(function) if function is not None else None
        if function is None or function in seen or not _is_test_code(function):
            continue
        seen.add(function)
        try:
            sources.append(inspect.getsource(function))
        except (OSError, TypeError):
            continue
        names = function.__globals__
        # Unwrapped: a helper kept with functools.cache (a site built once per run) is followed too.
        called = [inspect.unwrap(names[name]) for name in function.__code__.co_names if callable(names.get(name))]
        start += [helper for helper in called if inspect.isfunction(helper)]
    return sources


def _is_test_code(function: object) -> bool:
    path = getattr(getattr(function, "__code__", None), "co_filename", "")
    return path.startswith(str(ROOT / "tests"))


def copy_project(target: Path) -> Path:
    """A project a test may change freely: the repository with the fixture collection as its cases."""
    _copy_site_sources(target)
    shutil.copytree(FIXTURE / "cases", target / "cases")
    for name in TEMPLATES:
        if (ROOT / "cases" / name).is_file():
            shutil.copy2(ROOT / "cases" / name, target / "cases" / name)
    missing = sorted(slug for slug in linked_case_slugs(target) if not (target / "cases" / f"{slug}.yml").exists())
    if missing:
        ids = vocabulary_ids(target / "vocabulary.yml")
        for number, slug in enumerate(missing, start=1000):
            write_case(target / "cases", slug, number, ids)
    return target


def copy_live_project(target: Path) -> Path:
    """A copy of the repository as it is, with its live cases: for the content checks only."""
    _copy_site_sources(target)
    shutil.copytree(ROOT / "cases", target / "cases")
    return target


def _copy_site_sources(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name)


# A vocabulary example's link to its case page: `case: <slug>` on a line of its own or in a flow mapping.
_CASE_LINE = re.compile(r"^(\s*)(-\s+)?case:\s*['\"]?[a-z0-9-]+['\"]?\s*(#.*)?$")
_CASE_IN_FLOW = re.compile(r",\s*case:\s*['\"]?[a-z0-9-]+['\"]?(?=\s*[,}])")


def copy_vocabulary(folder: Path) -> Path:
    """The repository's vocabulary in `folder`, without its examples' links to cases: for a test that
    writes its own few cases beside it (the linked cases are not there, and the validator refuses a
    link to a case that does not exist)."""
    lines = []
    for line in (ROOT / "vocabulary.yml").read_text(encoding="utf-8").splitlines(keepends=True):
        match = _CASE_LINE.match(line)
        if match:
            if match.group(2):  # `- case: x` opened the item: keep the item open
                lines.append(f"{match.group(1)}-\n")
            continue
        lines.append(_CASE_IN_FLOW.sub("", line))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocabulary.yml").write_text("".join(lines), encoding="utf-8")
    return folder / "vocabulary.yml"


@functools.cache
def plain_vocabulary() -> Path:
    """One read-only copy per run of the vocabulary without links to cases (see copy_vocabulary)."""
    root = Path(tempfile.mkdtemp(prefix="casebook-vocabulary-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return copy_vocabulary(root)


@functools.cache
def fixture_project() -> Path:
    """One copy of the fixture project per test run, to read (a test that changes files takes `project`)."""
    root = Path(tempfile.mkdtemp(prefix="casebook-fixture-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return copy_project(root / "project")


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
