"""Builds spread over worker processes (parallel.py): the same site byte for byte, and every failure
raised in the parent, never a hung build.

Each check runs in a fresh Python process: forking is refused while another thread runs, and this
test session runs threads (the local web server, Playwright), so in here everything stays serial.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from casebook.layout import CACHE_DIR
from test_site_quality import tree_bytes

BUILD_AND_COUNT_POOLS = """
import sys
from pathlib import Path
import casebook.parallel as parallel
from casebook.site import Project, build_site

class CountingExecutor(parallel.ProcessPoolExecutor):
    # A line per pool, in whichever process makes it (the language processes make their own).
    def __init__(self, *args, **kwargs):
        with open(sys.argv[3], "a", encoding="utf-8") as log:
            log.write("pool\\n")
        super().__init__(*args, **kwargs)

parallel.ProcessPoolExecutor = CountingExecutor
build_site(Project(Path(sys.argv[1])), Path(sys.argv[2]))
"""


def run_python(code: str, *args: str, workers: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CASEBOOK_WORKERS": workers}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,  # a hung pool fails the test instead of the whole run
    )


def test_a_build_in_worker_processes_is_the_serial_build_byte_for_byte(project: Path, tmp_path: Path) -> None:
    pools = {"1": tmp_path / "serial.log", "2": tmp_path / "parallel.log"}
    for workers, log in pools.items():
        log.touch()
        shutil.rmtree(project / CACHE_DIR, ignore_errors=True)  # each build starts cold: no case comes cached
        site = tmp_path / f"site-{workers}"
        result = run_python(BUILD_AND_COUNT_POOLS, str(project), str(site), str(log), workers=workers)
        assert result.returncode == 0, result.stderr
    assert pools["1"].read_text(encoding="utf-8") == ""
    # One pool validates the cases for both languages, one builds the two side by side, and in each
    # language one renders the pages (the cases come validated).
    assert pools["2"].read_text(encoding="utf-8").split() == ["pool"] * 4
    assert tree_bytes(tmp_path / "site-2") == tree_bytes(tmp_path / "site-1")


def test_a_failing_language_fails_the_whole_build_in_worker_processes(project: Path, tmp_path: Path) -> None:
    (project / "content" / "en" / "network.md").write_text("[broken](missing-page.md)\n", encoding="utf-8")
    old_site = tmp_path / "site"
    old_site.mkdir()
    (old_site / "keep.txt").write_text("the previous site", encoding="utf-8")
    check = """
        import sys
        from pathlib import Path
        from casebook.site import BuildFailed, Project, build_site
        try:
            build_site(Project(Path(sys.argv[1])), Path(sys.argv[2]))
        except BuildFailed as error:
            print(error)
    """
    result = run_python(check, str(project), str(old_site), workers="2")
    assert result.returncode == 0, result.stderr
    assert "the en site failed to build" in result.stdout and "missing-page.md" in result.stdout
    assert [path.name for path in old_site.iterdir()] == ["keep.txt"], "the previous site is untouched"


def test_worker_processes_report_the_same_problems_as_one_process(project: Path) -> None:
    (project / "cases" / "camden-twitter-complaints.yml").write_text("title: [unclosed\n", encoding="utf-8")
    broken = project / "cases" / "tower-hamlets-street-champions.yml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("[co-commissioning]", "[co-comissioning]"), encoding="utf-8"
    )
    check = """
        import sys
        from pathlib import Path
        from casebook.validate import Sources, load_collection
        root = Path(sys.argv[1])
        collection, problems = load_collection(Sources(root / "cases", root / "vocabulary.yml"), parallel=True)
        assert collection is None
        print("\\n".join(str(problem) for problem in problems))
    """
    serial = run_python(check, str(project), workers="1")
    parallel = run_python(check, str(project), workers="2")
    assert serial.returncode == 0 and parallel.returncode == 0, serial.stderr + parallel.stderr
    assert "camden-twitter-complaints.yml" in serial.stdout and "co-comissioning" in serial.stdout
    assert parallel.stdout == serial.stdout


def test_a_failing_or_dying_worker_fails_the_call_and_never_hangs() -> None:
    check = """
        import os
        from concurrent.futures.process import BrokenProcessPool
        from casebook.parallel import map_ordered

        class Odd(Exception):  # cannot be unpickled: it needs two arguments
            def __init__(self, message, code):
                super().__init__(message)

        def fail(item):
            if item == 5:
                raise Odd("five is odd", 1)
            return item

        def die(item):
            if item == 3:
                os._exit(3)
            return item

        assert map_ordered(lambda item: item * 2, list(range(50))) == [item * 2 for item in range(50)]
        try:
            map_ordered(fail, list(range(10)))
        except RuntimeError as error:
            assert "Odd: five is odd" in str(error), error
        else:
            raise AssertionError("no error")
        try:
            map_ordered(lambda item: 1 / (item - 7), list(range(10)))
        except ZeroDivisionError:
            pass
        else:
            raise AssertionError("no error")
        try:
            map_ordered(die, list(range(10)))
        except BrokenProcessPool:
            print("ok")
    """
    result = run_python(check, workers="2", timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_fork_while_another_thread_runs() -> None:
    check = """
        import threading, time
        from casebook.parallel import worker_count
        assert worker_count(1000) == 2
        threading.Thread(target=time.sleep, args=(2,), daemon=True).start()
        print(worker_count(1000))
    """
    result = run_python(check, workers="2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0", "no workers: everything runs in this process"


def test_one_worker_per_core_and_none_for_a_few_items(monkeypatch) -> None:
    import casebook.parallel as parallel

    monkeypatch.delenv("CASEBOOK_WORKERS", raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # this test session runs threads
    for cores, workers in [(1, 0), (2, 2), (4, 4), (64, 8)]:
        monkeypatch.setattr(parallel, "usable_cores", lambda cores=cores: cores)
        assert parallel.worker_count(1000) == workers, cores
        assert parallel.worker_count(10) == 0, "too few items to pay for workers"


def test_workers_respect_a_container_cpu_quota(tmp_path: Path, monkeypatch) -> None:
    import casebook.parallel as parallel

    quota = tmp_path / "cpu.max"
    monkeypatch.setattr(parallel, "CPU_QUOTA", quota)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: set(range(64)), raising=False)
    quota.write_text("150000 100000\n", encoding="ascii")  # one and a half cores
    assert parallel.usable_cores() == 2
    quota.write_text("max 100000\n", encoding="ascii")
    assert parallel.usable_cores() == 64
    quota.unlink()
    assert parallel.usable_cores() == 64
