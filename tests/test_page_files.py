"""The generated pages reach MkDocs as files in a folder of the build's own, which no build leaves
behind; under `serve`, a page's file is written again only when the page changed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from casebook.plugin import CasebookPlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

SLUG = "camden-twitter-complaints"


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder for this test alone, so that what a build leaves there shows."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _config(project: Path, site: str = "site"):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site), strict=True)
    plugin = config.plugins["casebook"]
    assert isinstance(plugin, CasebookPlugin)
    plugin.cache = None  # MkDocs keeps the instance for this process's builds: start from the disk
    return config, plugin


def test_a_build_reads_every_generated_page_from_a_file_and_leaves_no_file_behind(
    project: Path, temp_root: Path
) -> None:
    config, plugin = _config(project)
    seen: list[Path] = []

    def note(files, config):  # runs after the casebook plugin's on_files: the files it handed over
        pages = [file for file in files if file.generated_by == "casebook" and file.is_documentation_page()]
        assert pages and all(file.abs_src_path and Path(file.abs_src_path).is_file() for file in pages)
        seen.extend(Path(file.abs_src_path) for file in pages)
        return files

    config.plugins.events["files"].append(note)
    try:
        build(config)
    finally:
        config.plugins.events["files"].remove(note)
    assert any(path.name == f"{SLUG}.md" for path in seen), "the case pages are among them"
    page = (project / "site" / "cases" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page
    assert list(temp_root.iterdir()) == [], "the folder of page files is removed when the build ends"
    assert plugin.page_files is None


def test_a_failed_build_leaves_no_page_files_behind(project: Path, temp_root: Path) -> None:
    clash = project / "content" / "de" / "cases" / f"{SLUG}.md"
    clash.parent.mkdir(parents=True, exist_ok=True)
    clash.write_text("# Von Hand\n", encoding="utf-8")
    config, _ = _config(project)
    with pytest.raises(Abort):  # MkDocs reports the plugin's error (the clash) and stops
        build(config)
    assert list(temp_root.iterdir()) == []


def test_serve_rewrites_only_the_page_files_whose_page_changed(project: Path, temp_root: Path) -> None:
    config, plugin = _config(project)
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config)
        assert plugin.page_files is not None
        folder = plugin.page_files.folder
        times = {path: path.stat().st_mtime_ns for path in folder.rglob("*.md")}
        narrative = project / "cases" / f"{SLUG}.de.md"
        narrative.write_text(narrative.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
        build(config)
        rewritten = {path for path, time in times.items() if path.stat().st_mtime_ns != time}
        assert folder / "cases" / f"{SLUG}.md" in rewritten
        assert "Ein neuer Satz." in (folder / "cases" / f"{SLUG}.md").read_text(encoding="utf-8")
        assert len(rewritten) < len(times) / 2, "the pages that do not show the narrative keep their files"
        plugin.on_shutdown()
        assert not folder.exists(), "serve removes the folder when it stops"
    finally:
        plugin.serving = False  # MkDocs keeps the instance for this process's next builds
        plugin.page_files = None
