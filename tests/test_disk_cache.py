"""The cache on disk (`.cache/plugin/casebook/`): real builds of the fixture project, one after another.

A build with the cache must write the site a build without it writes, byte for byte; an unchanged
case is neither validated nor rendered again; a file that is not exactly what the cache writes is
ignored; `cache: false` writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from casebook import cache as cache_module
from casebook import validate
from casebook.cache import CASES_FILE, FORMAT, CaseCache, PageCache, _decoder, _encode, pages_file
from casebook.catalog import build_catalog
from casebook.layout import CACHE_DIR
from casebook.model import Case
from casebook.pages import SiteRenderer
from casebook.plugin import CasebookPlugin
from casebook.problems import Problem
from casebook.site import Project, build_site
from casebook.validate import Sources, load_collection
from conftest import ROOT

SLUG = "camden-twitter-complaints"
PLUGIN_OPTIONS = "    vocabulary: vocabulary.yml\n"  # the casebook plugin's last option in mkdocs.yml


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the sitemap's date: two builds, one date


def _mkdocs_build(project: Path, site: str) -> CasebookPlugin:
    """A strict `mkdocs build` of the German site, in this process, as a new process would make it:
    MkDocs keeps the plugin's instance (and with it the cache in memory) for every build in one
    process, as under `serve`, so it is dropped first and only the disk is left. The plugin
    returned holds the counters of this one build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site), strict=True)
    plugin = config.plugins["casebook"]
    assert isinstance(plugin, CasebookPlugin)
    plugin.cache = None
    build(config)
    return plugin


def _counts(plugin: CasebookPlugin) -> tuple[int, int, int, int]:
    """(cases validated, cases reused, case pages rendered, case pages reused) by this build."""
    assert plugin.cache is not None
    cases, pages = plugin.cache.cases, plugin.cache.pages
    return cases.misses, cases.hits, pages.misses, pages.hits


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def _set_plugin_options(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert PLUGIN_OPTIONS in text
    config.write_text(text.replace(PLUGIN_OPTIONS, PLUGIN_OPTIONS + options), encoding="utf-8")


def _catalog(project: Path):
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert problems == []
    return build_catalog(collection)


def test_a_second_build_validates_and_renders_no_case_and_writes_the_same_site(project: Path) -> None:
    cases = len(_catalog(project).cases)
    assert _counts(_mkdocs_build(project, "site-1")) == (cases, 0, cases, 0)
    folder = project / CACHE_DIR
    assert sorted(path.name for path in folder.iterdir()) == [CASES_FILE, pages_file("de")]

    assert _counts(_mkdocs_build(project, "site-2")) == (0, cases, 0, cases)
    assert _files(project / "site-2") == _files(project / "site-1")


def test_editing_one_case_renders_only_the_pages_that_show_it(project: Path) -> None:
    _mkdocs_build(project, "site-1")
    narrative = project / "cases" / f"{SLUG}.de.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nEin Satz, der neu ist.\n", encoding="utf-8")
    catalog = _catalog(project)
    # The case's own page, and every page that lists it among its related cases.
    showing = 1 + sum(SLUG in {case.slug for case in related} for related in catalog.related.values())
    assert 1 < showing < len(catalog.cases)

    built = _counts(_mkdocs_build(project, "site-2"))
    assert built == (1, len(catalog.cases) - 1, showing, len(catalog.cases) - showing)
    page = (project / "site-2" / "cases" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Ein Satz, der neu ist." in page

    _set_plugin_options(project, "    cache: false\n")
    _mkdocs_build(project, "site-fresh")
    assert _files(project / "site-2") == _files(project / "site-fresh")


def _change_template(project: Path) -> None:
    override = project / "overrides" / "casebook" / "case.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    template = ROOT / "plugins" / "casebook" / "templates" / "case.md.j2"
    override.write_text(template.read_text(encoding="utf-8") + "\n<p>Geänderte Vorlage</p>\n", encoding="utf-8")


def _change_vocabulary(project: Path) -> None:
    vocabulary = project / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "name: {de: Nutzung neuer sozialer Medien," in text
    vocabulary.write_text(text.replace("{de: Nutzung neuer sozialer Medien,", "{de: Soziale Medien (neu),"))


@pytest.mark.parametrize(
    ("change", "validated_again"),
    [(_change_template, False), (_change_vocabulary, True), ("code", True)],
    ids=["template", "vocabulary", "code"],
)
def test_a_changed_template_vocabulary_or_code_renders_every_case_page_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, change, validated_again: bool
) -> None:
    _mkdocs_build(project, "site-1")
    if change == "code":  # a new version of the package, or of a library it requires
        monkeypatch.setattr(cache_module, "code_digest", lambda: b"the next version")
    else:
        change(project)
    cases = len(_catalog(project).cases)
    validated = cases if validated_again else 0
    assert _counts(_mkdocs_build(project, "site-2")) == (validated, cases - validated, cases, 0)
    page = (project / "site-2" / "cases" / SLUG / "index.html").read_text(encoding="utf-8")
    if change is _change_template:
        assert "Geänderte Vorlage" in page
    if change is _change_vocabulary:
        assert "Soziale Medien (neu)" in page


def _with_checksum(body: bytes) -> bytes:
    """A file as the cache writes one: its header names the format and the body's checksum."""
    header = {"format": FORMAT, "checksum": hashlib.blake2b(body, digest_size=32).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def _naming_classes(data: bytes) -> bytes:
    """Every entry replaced by JSON that names a class and a command, with a valid checksum."""
    entries = json.loads(data.partition(b"\n")[2])
    payload = {"@": "os.system", "__class__": "subprocess.Popen", "args": ["touch pwned"]}
    return _with_checksum(json.dumps({key: [None, payload] for key in entries}).encode())


DAMAGE = {
    "cut short": lambda data: data[: len(data) // 2],
    "one byte changed": lambda data: data[:-10] + bytes([data[-10] ^ 1]) + data[-9:],
    "another format": lambda data: data.replace(FORMAT.encode(), b"casebook-cache-0", 1),
    "not json": lambda data: b"\x80\x04\x95 not a cache file",
    "an empty file": lambda data: b"",
    "entries of another shape": lambda data: _with_checksum(b'{"a": 1, "b": [true, {"x": null}]}'),
    "entries naming classes": _naming_classes,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_or_foreign_cache_file_is_ignored_and_the_build_is_still_right(
    project: Path, damage, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mkdocs_build(project, "site-1")
    folder = project / CACHE_DIR
    for name in (CASES_FILE, pages_file("de")):
        (folder / name).write_bytes(damage((folder / name).read_bytes()))
    monkeypatch.chdir(project)  # where a `touch pwned` would write
    cases = len(_catalog(project).cases)
    assert _counts(_mkdocs_build(project, "site-2")) == (cases, 0, cases, 0)
    assert _files(project / "site-2") == _files(project / "site-1")
    assert not (project / "pwned").exists()
    assert _counts(_mkdocs_build(project, "site-3")) == (0, cases, 0, cases), "the next build has a cache again"


def test_a_folder_in_place_of_a_cache_file_is_no_cache(project: Path) -> None:
    (project / CACHE_DIR / CASES_FILE).mkdir(parents=True)
    cases = len(_catalog(project).cases)
    _mkdocs_build(project, "site-1")
    assert _counts(_mkdocs_build(project, "site-2")) == (cases, 0, 0, cases)


def test_a_cache_folder_that_cannot_be_written_means_no_cache(project: Path) -> None:
    _set_plugin_options(project, "    cache_dir: mkdocs.yml/cache\n")  # below a file: never a folder
    cases = len(_catalog(project).cases)
    _mkdocs_build(project, "site-1")
    assert _counts(_mkdocs_build(project, "site-2")) == (cases, 0, cases, 0)


def test_serve_keeps_the_cache_in_memory_and_writes_it_when_it_stops(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=True)
    plugin = config.plugins["casebook"]
    assert isinstance(plugin, CasebookPlugin)
    plugin.cache = None
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config)
        build(config)  # a rebuild, as serve makes one after a save: from memory
        assert not (project / CACHE_DIR).exists()
        cases = len(_catalog(project).cases)
        assert _counts(plugin) == (cases, cases, cases, cases)
        plugin.on_shutdown()
    finally:
        plugin.serving = False  # MkDocs keeps the instance for this process's next builds
    assert sorted(path.name for path in (project / CACHE_DIR).iterdir()) == [CASES_FILE, pages_file("de")]
    assert _counts(_mkdocs_build(project, "site-2")) == (0, cases, 0, cases)


def test_cache_false_keeps_nothing_and_writes_nothing(project: Path) -> None:
    _set_plugin_options(project, "    cache: false\n")
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    assert _mkdocs_build(project, "site").cache is None
    build_site(Project(project), project / "site-both")  # mkdocs.en.yml inherits the option
    after = [path for path in sorted(project.rglob("*")) if not path.is_relative_to(project / "site")]
    after = [path for path in after if not path.is_relative_to(project / "site-both")]
    assert [path.relative_to(project) for path in after] == before


def test_casebook_build_validates_and_renders_from_the_same_cache_for_both_languages(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEBOOK_WORKERS", "1")  # everything in this process, where the counters are
    cases = len(_catalog(project).cases)
    validated, rendered = [], []
    load_case, render_case_page = validate._load_case, SiteRenderer._render_case_page
    monkeypatch.setattr(
        "casebook.validate._load_case", lambda slug, *rest: validated.append(slug) or load_case(slug, *rest)
    )
    monkeypatch.setattr(
        SiteRenderer,
        "_render_case_page",
        lambda self, case, related: rendered.append(case.slug) or render_case_page(self, case, related),
    )
    build_site(Project(project), project / "site-1")
    assert (len(validated), len(rendered)) == (cases, 2 * cases)  # each case checked once, rendered per language
    assert sorted(path.name for path in (project / CACHE_DIR).iterdir()) == sorted(
        [CASES_FILE, pages_file("de"), pages_file("en")]
    )
    validated.clear(), rendered.clear()
    build_site(Project(project), project / "site-2")
    assert (validated, rendered) == ([], [])
    assert _files(project / "site-2") == _files(project / "site-1")
    # MkDocs keeps the plugin for the process's next build: a plain build keeps its own cases again.
    assert _mkdocs_build(project, "site-3").cache.shared_cases is None


# --- the file format, without a build ---------------------------------------------------------


def test_every_fixture_case_comes_back_from_json_as_it_was(project: Path) -> None:
    make = _decoder(tuple[Case | None, tuple[Problem, ...]])
    for case in _catalog(project).cases:
        back = make(json.loads(json.dumps(_encode((case, [])))))
        assert back == (case, ())
        assert repr(back[0]) == repr(case)  # what the page cache's keys are made of


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.pop("slug"),
        lambda data: data.update(extra="field"),
        lambda data: data.update(slug=7),
        lambda data: data.update(year_started=True),
        lambda data: data.update(title={"@": "builtins.eval", "values": {"de": "1"}}),
        lambda data: data["matrix"].update(cooperation="3"),
        lambda data: data["sources"].append({"__class__": "os.system"}),
    ],
    ids=["missing field", "extra field", "wrong type", "bool for int", "named class", "nested", "list item"],
)
def test_the_loader_makes_only_the_declared_classes_with_declared_types(project: Path, change) -> None:
    case = _catalog(project).cases[0]
    data = json.loads(json.dumps(_encode(case)))
    change(data)
    with pytest.raises(ValueError):
        _decoder(Case)(data)


def test_a_file_whose_entries_are_wrong_leaves_the_cache_empty(tmp_path: Path) -> None:
    path = tmp_path / CASES_FILE
    path.write_bytes(_with_checksum(json.dumps({"key": [None, {"@": "os.system"}]}).encode()))
    cache = CaseCache()
    cache.load(path)
    assert cache._entries == {}
    pages = PageCache()
    path.write_bytes(_with_checksum(json.dumps({"key": ["not", "a", "page"]}).encode()))
    pages.load(path)
    assert pages._pages == {}


def test_a_killed_build_s_temporary_file_is_removed_by_the_next_save(tmp_path: Path) -> None:
    left = tmp_path / f".{CASES_FILE}.abc123.tmp"
    left.write_text("half a file")
    cache = CaseCache()
    cache.save(tmp_path / CASES_FILE)
    assert sorted(os.listdir(tmp_path)) == [CASES_FILE]
