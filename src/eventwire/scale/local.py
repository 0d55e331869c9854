"""A pool of local worker processes, each with its own Pipeline, fed chunks in a bounded window.

Why not `multiprocessing.Pool` or `ProcessPoolExecutor`: a `Pool` whose worker is killed loses
the task and waits for it forever, and an executor whose worker dies breaks as a whole, failing
every pending task without saying which one was running. Here every worker has its own pair of
pipes, so the parent always knows which chunks a worker holds and which one it had started; a
dead worker costs exactly that one chunk (its articles come back as errors) and is replaced.

Workers are started with "spawn": a fresh interpreter that loads the Pipeline itself. Forking a
parent that has loaded spaCy is unsafe (threads, locks, copy-on-write pages touched by refcounts),
and the parent never loads the pipeline at all: it only reads, chunks, merges and writes.

Messages, worker → parent: ("ready", pid) | ("failed", why) | ("start", seq) | ("done", seq, results)
| ("stages", seconds per stage). Parent → worker: (seq, articles) | None to stop.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import count
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from eventwire.scale.chunks import CHUNK_SIZE, DIED, Chunk, Item, Result, chunked

START_TIMEOUT = 600.0  # seconds for every worker to load the pipeline; a cold disk can be slow
STOP_TIMEOUT = 30.0  # seconds a worker may take to finish its chunk and report when the pool closes


class PoolError(RuntimeError):
    """The pool cannot code: its workers fail to start, or keep dying."""


# --- the worker process ------------------------------------------------------------------------


def serve(tasks: Connection, results: Connection, batch_size: int) -> None:
    """Worker main: load the pipeline once, then code chunks in the order they arrive."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent decides
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    # Drain the task pipe all the time, so that the parent's send never waits on this worker's
    # own send of results: with both pipes full that would be a deadlock.
    threading.Thread(target=_pump, args=(tasks, inbox), daemon=True).start()
    try:
        from eventwire.scale.worker import load_pipeline

        pipeline = load_pipeline(batch_size)
    except BaseException as err:  # report why, instead of dying silently
        results.send(("failed", f"{type(err).__name__}: {err}"))
        return
    results.send(("ready", os.getpid()))
    while (task := inbox.get()) is not None:
        seq, articles = task
        results.send(("start", seq))
        results.send(("done", seq, list(pipeline.code(articles))))
    results.send(("stages", dict(pipeline.stage_seconds)))


def _pump(tasks: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    try:
        while (task := tasks.recv()) is not None:
            inbox.put(task)
    except (EOFError, OSError):  # the parent is gone: stop too
        pass
    inbox.put(None)


# --- the parent side ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    tasks: Connection  # parent → worker
    results: Connection  # worker → parent
    chunks: deque[Chunk] = field(default_factory=deque)  # sent and not yet returned, in the order sent
    running: int | None = None  # seq of the chunk it started and has not returned
    ready: bool = False
    failure: str | None = None  # why it could not load the pipeline


class LocalPool:
    """`with LocalPool(2) as pool: for result in pool.code(items): ...`"""

    def __init__(
        self, workers: int, chunk_size: int = CHUNK_SIZE, window: int | None = None, batch_size: int = 32
    ) -> None:
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, not {workers}")
        self.chunk_size = chunk_size
        self.window = window or 2 * workers  # chunks in flight: enough to keep every worker busy, and bounded
        self.batch_size = batch_size
        self.stage_seconds: dict[str, float] = defaultdict(float)  # summed over workers, filled in at close()
        self.restarts = 0
        self._context = get_context("spawn")
        self._seqs = count()
        self._live: set[int] = set()  # chunks the current code() call waits for
        self._done: dict[int, list[Result]] = {}
        self._deaths_in_a_row = 0
        self._workers: list[_Worker] = []
        try:
            self._workers = [self._spawn() for _ in range(workers)]
            self._await_ready()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pids(self) -> list[int | None]:
        return [w.process.pid for w in self._workers]

    def busy(self) -> list[tuple[int, int | None]]:
        """(seq, worker pid) of each chunk a worker has started and not returned, as far as the pool knows now."""
        self._collect(timeout=0)
        return [(w.running, w.process.pid) for w in self._workers if w.running is not None]

    # -- coding ------------------------------------------------------------------------------

    def code(self, items: Iterable[Item]) -> Iterator[Result]:
        """One result per item, in input order, with at most `window` chunks in flight."""
        chunks = chunked(items, self.chunk_size, self._seqs)
        waiting: deque[Chunk] = deque()
        try:
            while True:
                self._fill(waiting, chunks)
                if not waiting:
                    return
                head = waiting.popleft()
                while head.seq not in self._done:
                    self._collect(timeout=None)
                self._collect(timeout=0)  # take what else is ready, so finished workers are not kept waiting
                self._live.discard(head.seq)
                yield from self._done.pop(head.seq)
        finally:  # abandoned midway: results still to come for these chunks are dropped
            self._live.difference_update(c.seq for c in waiting)
            for chunk in waiting:
                self._done.pop(chunk.seq, None)

    def _fill(self, waiting: deque[Chunk], chunks: Iterator[Chunk]) -> None:
        while len(waiting) < self.window:
            chunk = next(chunks, None)
            if chunk is None:
                return
            waiting.append(chunk)
            self._live.add(chunk.seq)
            if chunk.articles:
                self._send(chunk)
            else:  # only read errors: nothing to code
                self._done[chunk.seq] = chunk.merge([])

    def _send(self, chunk: Chunk) -> None:
        worker = min(self._workers, key=lambda w: len(w.chunks))
        worker.chunks.append(chunk)
        try:
            worker.tasks.send((chunk.seq, chunk.articles))
        except OSError:  # it died; the chunk goes to its replacement with the rest of its queue
            self._replace(worker)

    def _collect(self, timeout: float | None) -> None:
        """Wait for messages or deaths; record finished chunks; replace dead workers."""
        by_conn = {w.results: w for w in self._workers}
        by_sentinel = {w.process.sentinel: w for w in self._workers}
        dead: list[_Worker] = []
        for ready in wait([*by_conn, *by_sentinel], timeout):
            worker = by_conn.get(ready) or by_sentinel[ready]  # type: ignore[call-overload]
            # read what it sent before it died, so that a finished chunk is not counted as lost
            if not self._receive(worker) or ready in by_sentinel:
                dead.append(worker)
        for worker in dict.fromkeys(dead):
            self._replace(worker)

    def _receive(self, worker: _Worker) -> bool:
        """Handle every message waiting from this worker; False if its pipe is closed (it died)."""
        try:
            while worker.results.poll():
                self._handle(worker, worker.results.recv())
        except (EOFError, OSError):
            return False
        return worker.failure is None

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready = True
        elif kind == "failed":
            worker.failure = message[1]
        elif kind == "start":
            worker.running = message[1]
        elif kind == "done":
            chunk = next(c for c in worker.chunks if c.seq == message[1])
            worker.chunks.remove(chunk)
            worker.running = None
            self._deaths_in_a_row = 0
            if chunk.seq in self._live:
                self._done[chunk.seq] = chunk.merge(message[2])
        elif kind == "stages":
            for stage, seconds in message[1].items():
                self.stage_seconds[stage] += seconds

    def _replace(self, worker: _Worker) -> None:
        """A worker died: fail the chunk it was coding, start another worker, resend the rest of its queue."""
        if worker not in self._workers:  # already replaced, from a send to it that failed meanwhile
            return
        worker.process.join(timeout=5)
        self._receive(worker)  # what it said before dying: which chunk it had started, which it finished
        why = worker.failure or f"exit code {worker.process.exitcode}"
        _close(worker)
        self._deaths_in_a_row += 1
        if self._deaths_in_a_row > 2 * len(self._workers) + 2:
            raise PoolError(f"coding workers keep dying ({self._deaths_in_a_row} in a row, last: {why})")
        self._workers[self._workers.index(worker)] = self._spawn()
        self.restarts += 1
        for chunk in worker.chunks:
            if chunk.seq == worker.running:
                if chunk.seq in self._live:
                    self._done[chunk.seq] = chunk.failed(f"{DIED} ({why})")
            elif chunk.seq in self._live:
                self._send(chunk)

    # -- starting and stopping -------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        task_read, task_write = self._context.Pipe(duplex=False)
        result_read, result_write = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=serve, args=(task_read, result_write, self.batch_size), name="eventwire-coder", daemon=True
        )
        process.start()
        # close the parent's copies of the worker's ends: then a dead worker reads as EOF, not as silence
        task_read.close()
        result_write.close()
        return _Worker(process, task_write, result_read)

    def _await_ready(self) -> None:
        waiting = list(self._workers)
        while waiting:
            by_conn = {w.results: w for w in waiting}
            ready = wait(list(by_conn), START_TIMEOUT)
            if not ready:
                raise PoolError(f"coding workers did not load the pipeline within {START_TIMEOUT:g} s")
            for conn in ready:
                worker = by_conn[conn]  # type: ignore[index]
                alive = self._receive(worker)
                if not alive:
                    worker.process.join(timeout=5)
                    why = worker.failure or f"exit code {worker.process.exitcode}"
                    raise PoolError(f"a coding worker could not start: {why}")
                if worker.ready:
                    waiting.remove(worker)

    def close(self) -> None:
        """Stop every worker (after its current chunk) and gather its stage timings."""
        for worker in self._workers:
            with suppress(OSError):  # already dead
                worker.tasks.send(None)
        for worker in self._workers:
            self._drain(worker)
            worker.process.join(timeout=STOP_TIMEOUT)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            _close(worker)
        self._workers = []

    def _drain(self, worker: _Worker) -> None:
        """Read until the worker closes its pipe, so that its last ("stages") message is counted."""
        try:
            while worker.results.poll(STOP_TIMEOUT):
                message = worker.results.recv()
                if message[0] == "stages":
                    self._handle(worker, message)
        except (EOFError, OSError):
            pass


def _close(worker: _Worker) -> None:
    worker.tasks.close()
    worker.results.close()
