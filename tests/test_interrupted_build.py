"""A build killed half-way (SIGTERM from a cancelled CI job, SIGKILL) leaves no workers running, and
the next build cleans up after it: no staging folder stays, and a swap cut between its two renames
is undone, so the previous site is never lost."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from casebook.site import Project, build_site, recover_interrupted_build

CASEBOOK = Path(sys.executable).parent / "casebook"


def children_of(pid: int) -> set[int]:
    """Every process below `pid` (children, grandchildren), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir() if path.name.startswith(f".{site.name}-"))


def start_build(project: Path, site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(CASEBOOK), "build", "--project", str(project), "--site-dir", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CASEBOOK_WORKERS": "2"},  # workers even on a one-core machine
    )


def wait_for_workers(build: subprocess.Popen[bytes], site: Path) -> set[int]:
    """The build's worker processes, once it has some and its staging folder exists."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        workers = children_of(build.pid)
        if workers and any(name.startswith(f".{site.name}-building-") for name in leftovers(site)):
            return workers
        assert build.poll() is None, "the build ended before it started any worker"
        time.sleep(0.05)
    raise AssertionError("the build started no worker in two minutes")


def wait_until_gone(pids: set[int], seconds: float = 20) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    return {pid for pid in pids if alive(pid)}


@pytest.fixture
def built(project: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    site = tmp_path / "site"
    build_site(Project(project), site)
    return site, digest(site)


def test_sigkill_leaves_no_worker_and_the_next_build_removes_the_staging_folder(
    project: Path, built: tuple[Path, dict[str, str]]
) -> None:
    site, before = built
    build = start_build(project, site)
    workers = wait_for_workers(build, site)
    build.kill()
    build.wait()
    assert wait_until_gone(workers) == set(), "workers lived on after their build was killed"
    assert digest(site) == before  # the kill came before the swap
    assert any(name.startswith(f".{site.name}-building-") for name in leftovers(site))
    build_site(Project(project), site)
    assert leftovers(site) == []
    assert digest(site) == before  # the same sources build the same site


def test_sigterm_stops_the_workers_and_removes_the_staging_folder_at_once(
    project: Path, built: tuple[Path, dict[str, str]]
) -> None:
    site, before = built
    build = start_build(project, site)
    workers = wait_for_workers(build, site)
    build.terminate()
    assert build.wait(timeout=30) == 128 + signal.SIGTERM
    assert wait_until_gone(workers) == set()
    assert leftovers(site) == []
    assert digest(site) == before


def test_a_swap_cut_between_its_renames_is_undone_by_the_next_build(
    project: Path, built: tuple[Path, dict[str, str]]
) -> None:
    site, before = built
    site.rename(site.with_name(f".{site.name}-previous"))  # what a kill after the first rename leaves
    (project / "cases" / "broken.yml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - any failure: the point is what it leaves
        build_site(Project(project), site)
    assert digest(site) == before, "the previous site was not put back"
    assert leftovers(site) == []


def test_a_swap_cut_after_its_renames_leaves_the_new_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("new", encoding="utf-8")
    previous = tmp_path / ".site-previous"
    previous.mkdir()
    (previous / "index.html").write_text("old", encoding="utf-8")
    recover_interrupted_build(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new" and not previous.exists()


def test_only_the_staging_folders_of_ended_builds_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    running = subprocess.Popen(["sleep", "30"])
    ended = subprocess.Popen(["true"])
    ended.wait()
    try:
        for pid in (running.pid, ended.pid):
            (tmp_path / f".site-building-{pid}-abc").mkdir()
        (tmp_path / ".site-building-old").mkdir()  # the form before the pid was in the name
        (tmp_path / ".other-building-1-abc").mkdir()  # another site's
        recover_interrupted_build(site)
        assert leftovers(site) == [f".site-building-{running.pid}-abc"]
        assert (tmp_path / ".other-building-1-abc").exists()
    finally:
        running.kill()
        running.wait()
