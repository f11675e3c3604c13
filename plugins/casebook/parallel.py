"""Spread independent work over the machine's cores with forked worker processes.

Validating and rendering 1,000 cases are a thousand independent, deterministic calls, and MkDocs
uses one core. A forked worker starts with everything the parent has loaded (vocabulary, catalog,
templates), so nothing but the results crosses between processes, and the results come back in
order: the output is byte for byte the serial output. The caller waits for all the results.

Forking is used only where it is safe and pays off: on Linux, with a core to spare, with no other
thread running (a fork copies only the calling thread, so `mkdocs serve`, which runs a server
thread, stays serial), and for enough items to outweigh starting the workers.
`CASEBOOK_WORKERS=1` turns it off (for profiling or debugging); `CASEBOOK_WORKERS=N` sets the
number of worker processes.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import pickle
import signal
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
MAX_CHUNK = 16  # items a worker takes at a time: a case takes a millisecond or two
CPU_QUOTA = Path("/sys/fs/cgroup/cpu.max")  # "<quota> <period>" or "max <period>" (cgroup v2)


def map_ordered(
    function: Callable[[Item], Result], items: Sequence[Item], *, min_items: int = MIN_ITEMS
) -> list[Result]:
    """[function(item) for item in items], computed by worker processes when that is safe and pays:
    for at least `min_items` items (fewer, when each item is a long piece of work)."""
    workers = min(worker_count(len(items), min_items), len(items))
    if workers == 0:
        return [function(item) for item in items]
    # Items go to the workers in chunks, to spend less on passing them, but small ones: one slow
    # chunk does not leave the other workers idle at the end.
    chunk = max(1, min(len(items) // (workers * 16), MAX_CHUNK))
    # An executor, not a Pool: if a worker dies (out of memory), it raises instead of waiting forever.
    # With fork, initargs are inherited, not pickled: the workers start with the function and items.
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_inherit,
        initargs=(function, items),
    )
    try:
        futures = [
            executor.submit(_call_chunk, start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)
        ]
        results: list[Result] = []
        for future in futures:
            for result in future.result():
                if isinstance(result, _Failed):
                    raise result.error
                results.append(result)
        return results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)  # also when a worker failed: stop the rest


def worker_count(items: int, min_items: int = MIN_ITEMS) -> int:
    """How many worker processes to start for `items` items; 0 means none, do the work in this process.
    The caller waits for the results and so leaves its core free: one worker per core, and only
    with two cores or more."""
    setting = os.environ.get("CASEBOOK_WORKERS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        wanted = int(setting) if int(setting) > 1 else 0
    elif items < min_items:
        return 0
    else:
        cores = min(usable_cores(), MAX_WORKERS)
        wanted = cores if cores > 1 else 0
    # Linux only: macOS offers fork too, but its system libraries may crash in a forked child.
    can_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    return wanted if can_fork else 0


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


# What a worker works on: set once, as the worker starts.
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _inherit(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _work
    _die_with_parent()
    _work = (function, items)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent() -> None:
    """Make this worker end when the process that started it ends, even by SIGKILL: otherwise a
    killed build leaves its workers running on (Linux's prctl; elsewhere nothing is done). SIGTERM
    ends a worker at once, whatever handler the parent had set for it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent.pid:  # it was gone before the request took effect
        os._exit(1)


def _call_chunk(start: int, stop: int) -> list[Any]:
    assert _work is not None, "each worker is given its work as it starts"
    function, items = _work
    results: list[Any] = []
    for index in range(start, stop):
        try:
            results.append(function(items[index]))
        except Exception as error:
            results.append(_Failed(error))
    return results
