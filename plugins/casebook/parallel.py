"""Spread independent work over the machine's cores with forked worker processes.

Validating and rendering 1,000 cases are a thousand independent, deterministic calls, and MkDocs
uses one core. A forked worker starts with everything the parent has loaded (vocabulary, catalog,
templates), so nothing but the results crosses between processes, and the results come back in
order: the output is byte for byte the serial output.

Two ways to use the workers: `map_ordered` when the caller waits for all the results (one worker
per core), and `InOrder` when the caller goes on with its own work and takes the results one by
one as it needs them (one worker per other core: the caller keeps one for itself). The plugin
validates the cases the first way, then renders the pages the second way while MkDocs builds.

Forking is used only where it is safe and pays off: on Linux, with a core to spare, with no other
thread running (a fork copies only the calling thread, so `mkdocs serve`, which runs a server
thread, stays serial), and for enough items to outweigh starting the workers.
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
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

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
    with InOrder(function, items, min_items=min_items, caller_works=False) as work:
        return [work.result(index) for index in range(len(items))]


class InOrder(Generic[Item, Result]):
    """function(item) for each item, started at once and collected one at a time.

    Worker processes (where that is safe and pays, as for map_ordered) work through the items in
    order while the caller goes on with its own work on its own core; `result(i)` waits only for
    item i. Otherwise each item is computed in this process when it is asked for. Use it as a
    context manager, or call `close()`: that stops the workers, also when the caller gives up.
    """

    def __init__(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        *,
        min_items: int = MIN_ITEMS,
        parallel: bool = True,
        caller_works: bool = True,
    ):
        self._function = function
        self._items = items
        self._executor: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[Any]] | None] = []
        self._untaken: list[int] = []
        self._chunk = 1
        workers = min(worker_count(len(items), min_items, caller_works=caller_works), len(items)) if parallel else 0
        if workers == 0:
            return
        # Items go to the workers in chunks, to spend less on passing them, but small ones: the caller
        # gets the first items soon, and one slow chunk does not leave the other workers idle at the end.
        self._chunk = max(1, min(len(items) // (workers * 16), MAX_CHUNK))
        # Objects the workers inherit stay out of their garbage collector: it would touch every one
        # of them and so copy the parent's memory page by page. With fork, the executor starts all
        # its workers on the first submit, so the parent can collect its own garbage again after
        # (unless its caller had set objects aside itself).
        frozen_before = gc.get_freeze_count()
        gc.freeze()
        try:
            # An executor, not a Pool: if a worker dies (out of memory), it raises instead of waiting forever.
            # With fork, initargs are inherited, not pickled: the workers start with the function and items.
            self._executor = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_inherit,
                initargs=(function, items),
            )
            starts = range(0, len(items), self._chunk)
            self._futures = [
                self._executor.submit(_call_chunk, start, min(start + self._chunk, len(items))) for start in starts
            ]
            self._untaken = [min(self._chunk, len(items) - start) for start in starts]
        finally:
            if not frozen_before:
                gc.unfreeze()

    def result(self, index: int) -> Result:
        """Item `index`'s result, waiting for it if need be. Ask once for each item: a chunk's
        results are let go of as soon as all of them are taken."""
        if self._executor is None:
            return self._function(self._items[index])
        chunk = index // self._chunk
        future = self._futures[chunk]
        assert future is not None, f"item {index}'s result was taken already"
        result = future.result()[index % self._chunk]
        self._untaken[chunk] -= 1
        if self._untaken[chunk] == 0:
            self._futures[chunk] = None
        if isinstance(result, _Failed):
            raise result.error
        return result  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> InOrder[Item, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def worker_count(items: int, min_items: int = MIN_ITEMS, *, caller_works: bool = False) -> int:
    """How many worker processes to start for `items` items; 0 means none, do the work in this process.

    A caller that waits for the results leaves its core free: one worker per core, and only with
    two cores or more. A caller that works on meanwhile (`caller_works`) keeps its core: one worker
    per other core.
    """
    setting = os.environ.get("CASEBOOK_WORKERS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        wanted = int(setting) if int(setting) > 1 else 0
    elif items < min_items:
        return 0
    else:
        cores = min(usable_cores(), MAX_WORKERS)
        wanted = cores - 1 if caller_works else (cores if cores > 1 else 0)
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
    _work = (function, items)


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
