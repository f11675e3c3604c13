"""Spread independent work over the machine's cores with forked worker processes.

Validating and rendering 1,000 cases are a thousand independent, deterministic calls, and MkDocs
uses one core. A forked worker starts with everything the parent has loaded (vocabulary, catalog,
templates), so nothing but the results crosses between processes, and the results come back in
order: the output is byte for byte the serial output.

Forking is used only where it is safe and pays off: on Linux, with more than one usable core, with
no other thread running (a fork copies only the calling thread, so `mkdocs serve`, which runs a
server thread, stays serial), and for enough items to outweigh starting the workers.
`CASEBOOK_WORKERS=1` turns it off (for profiling or debugging); `CASEBOOK_WORKERS=N` sets the
number of worker processes.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 100  # below this, starting workers costs more than it saves
MAX_WORKERS = 8  # the rest of a build runs in one process; more workers would mostly wait
CPU_QUOTA = Path("/sys/fs/cgroup/cpu.max")  # "<quota> <period>" or "max <period>" (cgroup v2)

# The work of the current map_ordered call: set before the workers fork, so they inherit it.
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_ordered(
    function: Callable[[Item], Result], items: Sequence[Item], *, min_items: int = MIN_ITEMS
) -> list[Result]:
    """[function(item) for item in items], computed by worker processes when that is safe and pays:
    for at least `min_items` items (fewer, when each item is a long piece of work)."""
    global _work
    workers = min(worker_count(len(items), min_items), len(items))
    if workers <= 1:
        return [function(item) for item in items]
    _work = (function, items)
    # Objects the workers inherit stay out of their garbage collector: it would touch every one
    # of them and so copy the parent's memory page by page.
    gc.freeze()
    try:
        # An executor, not a Pool: if a worker dies (out of memory), it raises instead of waiting forever.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as executor:
            # Several chunks per worker, so one slow chunk does not leave the others idle at the end.
            results = list(executor.map(_call, range(len(items)), chunksize=max(1, len(items) // (workers * 8))))
    finally:
        _work = None
        gc.unfreeze()
    for result in results:
        if isinstance(result, _Failed):
            raise result.error
    return results


def worker_count(items: int, min_items: int = MIN_ITEMS) -> int:
    setting = os.environ.get("CASEBOOK_WORKERS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        wanted = int(setting)
    elif items < min_items:
        return 1
    else:
        wanted = min(usable_cores(), MAX_WORKERS)
    # Linux only: macOS offers fork too, but its system libraries may crash in a forked child.
    can_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    return wanted if wanted > 1 and can_fork else 1


def usable_cores() -> int:
    """The cores this process may use: its CPU affinity, and a container's CPU quota (cgroup v2's
    cpu.max), which a machine with many visible cores may set far lower."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        quota, period = CPU_QUOTA.read_text(encoding="ascii").split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


class _Failed:
    """An exception raised in a worker, on its way back to be raised in the parent."""

    def __init__(self, error: Exception):
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:
            # An exception that cannot cross would stop the pool's result thread and hang the build.
            error = RuntimeError("".join(traceback.format_exception(error)))
        self.error = error


def _call(index: int) -> Any:
    assert _work is not None, "map_ordered sets the work before its workers fork"
    function, items = _work
    try:
        return function(items[index])
    except Exception as error:
        return _Failed(error)
