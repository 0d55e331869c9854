"""Peak memory of a process *and its children*: what a pool of coding workers or a local Ray really costs.

With psutil (installed, or the copy that Ray ships in `ray/thirdparty_files`), a thread samples the
resident set size of this process and of every descendant a few times a second and keeps the
highest sum. Without it, the fallback is `getrusage`: this process's own peak plus the peak of its
largest child that has exited (`RUSAGE_CHILDREN` reports the largest, not the sum), which
understates a pool. The report says which method gave the number.

A sum of RSS counts pages shared between processes (libraries, Ray's shared-memory object store)
once per process, so it overstates the memory actually in use; it is still what a capacity plan needs.
"""

from __future__ import annotations

import importlib
import importlib.util
import resource
import sys
import threading
from pathlib import Path
from types import ModuleType

MIB = 1024 * 1024
# How a descendant is told to be a coding worker (a spawned pool process or a Ray actor) and not Ray's own machinery
WORKER_MARKS = ("multiprocessing.spawn", "spawn_main", "CodingActor")


def find_psutil() -> ModuleType | None:
    """psutil if importable, else Ray's bundled copy (without importing Ray), else None."""
    try:
        return importlib.import_module("psutil")
    except ImportError:
        pass
    spec = importlib.util.find_spec("ray")
    for base in (spec.submodule_search_locations or []) if spec else []:
        third = Path(base) / "thirdparty_files"
        if (third / "psutil").is_dir():
            sys.path.append(str(third))  # last on the path: it never shadows an installed package
            try:
                return importlib.import_module("psutil")
            except ImportError:
                return None
    return None


def _maxrss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


class TreeMemory:
    """`with TreeMemory() as mem: ...`, then `mem.peak_mb` (whole tree), `mem.peak_workers_mb`, `mem.method`."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.psutil = find_psutil()
        self.peak_mb = 0.0
        self.peak_workers_mb = 0.0  # the coding workers alone, without the driver or Ray's own processes
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        if self.psutil:
            self.method = f"psutil: RSS summed over this process and all its descendants, sampled every {interval} s"
        else:
            self.method = "getrusage: own peak + peak of the largest exited child (RUSAGE_CHILDREN), a lower bound"

    def __enter__(self) -> TreeMemory:
        if self.psutil:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.psutil and self._thread.is_alive():
            self._stop.set()
            self._thread.join()
        if not self.psutil:
            self.peak_mb = _maxrss_mb(resource.RUSAGE_SELF) + _maxrss_mb(resource.RUSAGE_CHILDREN)
        # the sampler may miss a short peak of this process; getrusage never does
        self.peak_mb = max(self.peak_mb, _maxrss_mb(resource.RUSAGE_SELF))

    def now_mb(self) -> float | None:
        """The tree's current total, e.g. once the workers have loaded their models."""
        return self._sample()[0] if self.psutil else None

    def cpu_seconds(self) -> dict[int, float] | None:
        """User + system CPU seconds so far of this process and each descendant, by pid (None without psutil).

        The difference of two readings is the CPU the case really got: on a machine shared with other
        work, articles per CPU-second still tell what a core can do when it is free.
        """
        ps = self.psutil
        if ps is None:
            return None
        me = ps.Process()
        out = {}
        for process in [me, *me.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except (ps.NoSuchProcess, ps.AccessDenied, ps.ZombieProcess):
                continue
            out[process.pid] = times.user + times.system
        return out

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            total, workers, count = self._sample()
            self.peak_mb = max(self.peak_mb, total)
            self.peak_workers_mb = max(self.peak_workers_mb, workers)
            self.peak_processes = max(self.peak_processes, count)

    def _sample(self) -> tuple[float, float, int]:
        ps = self.psutil
        assert ps is not None
        me = ps.Process()
        total = workers = 0.0
        processes = [me, *me.children(recursive=True)]
        for process in processes:
            try:
                rss = process.memory_info().rss / MIB
                command = " ".join(process.cmdline())
            except (ps.NoSuchProcess, ps.AccessDenied, ps.ZombieProcess):
                continue  # it ended between the listing and the reading
            total += rss
            if process.pid != me.pid and any(mark in command for mark in WORKER_MARKS):
                workers += rss
        return total, workers, len(processes)
