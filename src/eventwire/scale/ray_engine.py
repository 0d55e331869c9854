"""Coding on Ray: a pool of stateful actors, each holding one Pipeline, fed chunks in a bounded, ordered window.

Actors, not Ray Data. The ingest job hands the coder a lazy Python iterator whose next item
depends on what has already been stored (it skips articles that are unchanged or copies of
earlier ones), and it needs one result per input, in order, as soon as possible, with a
bounded number in flight. An actor pool fed from the driver does exactly that in one short class:
the driver pulls a chunk only when the window has room, every actor keeps one Pipeline loaded
for the whole run, results come back in input order, and a dead actor costs its own chunk, whose
articles come back as errors. Ray Data (`from_items` or a generator datasource, then
`map_batches` on an actor pool with `preserve_order`) is built for a different shape: a
dataset that Ray reads itself, whose rows are plain columns, with its own executor deciding
what runs ahead and how much. Feeding it from the job's iterator means materialising the input
or writing a datasource around a stateful generator; mixed Article/IngestError items would have
to become columns and back; and a batch that kills its actor is retried by Ray Data or, past its
limits, fails the whole dataset, instead of becoming errors in its place. Ray Data would pay off for a corpus that
already sits in Parquet shards on shared storage, read and written by the cluster without the
driver; that path does not exist yet (see docs/scale.md).

Ray is imported only when this engine is used: the package does not depend on it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from typing import Any

from eventwire.scale.chunks import CHUNK_SIZE, DIED, Chunk, Item, Result, chunked, resolve_workers

CONNECT_HINT = (
    "is `ray start --head` running there, with the same Ray and Python versions? a cluster with token "
    "authentication also needs RAY_AUTH_MODE=token and its token in ~/.ray/auth_token or RAY_AUTH_TOKEN"
)
KNOWLEDGE_ENV = ("EVENTWIRE_ACTORS", "EVENTWIRE_PATTERNS")  # paths of user tables (eventwire.tables)
READY_TIMEOUT = 600.0  # seconds for every actor to load the pipeline (a cluster may first have to start nodes)


class CodingActor:
    """One Pipeline, loaded once when the actor starts; Ray calls `code` with one chunk's articles."""

    def __init__(self, batch_size: int = 32) -> None:
        from eventwire.scale.worker import load_pipeline

        self.pipeline = load_pipeline(batch_size)

    def ready(self) -> int:
        return os.getpid()

    def code(self, articles: list[Any]) -> list[Any]:
        return list(self.pipeline.code(articles))

    def stage_seconds(self) -> dict[str, float]:
        return dict(self.pipeline.stage_seconds)


@dataclass(slots=True)
class _Call:
    chunk: Chunk
    actor: int | None  # index of the actor coding it; None: nothing to code
    ref: Any = None  # ObjectRef of its results


class RayPool:
    """N actors on a running Ray; `code()` streams chunks to them and yields results in input order."""

    def __init__(
        self, workers: int, chunk_size: int = CHUNK_SIZE, window: int | None = None, batch_size: int = 32
    ) -> None:
        import ray

        self._ray = ray
        self.chunk_size = chunk_size
        self.window = window or 2 * workers  # two chunks queued per actor: it never waits for the driver
        self.stage_seconds: dict[str, float] = defaultdict(float)  # summed over actors, filled in at close()
        self._seqs = count()
        self._deaths_in_a_row = 0
        # max_restarts=-1: Ray brings a dead actor back (reloading its Pipeline); max_task_retries=0: the
        # chunk it was coding is not retried, because a chunk that killed one actor may kill the next too
        remote = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=0)(CodingActor)
        self._actors = [remote.remote(batch_size) for _ in range(workers)]
        self._load = [0] * workers  # chunks in flight per actor
        self._down: dict[int, Any] = {}  # actor → ObjectRef of a ready() call: restarting after a death
        self._await_ready()

    def _await_ready(self) -> None:
        ray = self._ray
        try:
            ray.get([a.ready.remote() for a in self._actors], timeout=READY_TIMEOUT)
        except ray.exceptions.GetTimeoutError as err:
            self.close()
            raise RuntimeError(
                f"{len(self._actors)} Ray actors did not load the pipeline within {READY_TIMEOUT:g} s "
                f"(the cluster has {ray.cluster_resources().get('CPU', 0):g} CPUs; each actor needs 1)"
            ) from err
        except ray.exceptions.RayError as err:
            self.close()
            raise RuntimeError(f"the Ray coding actors could not start: {_first_line(err)}") from err

    def code(self, items: Iterable[Item]) -> Iterator[Result]:
        chunks = chunked(items, self.chunk_size, self._seqs)
        waiting: deque[_Call] = deque()
        while True:
            while len(waiting) < self.window and (chunk := next(chunks, None)) is not None:
                waiting.append(self._submit(_Call(chunk, None)))
            if not waiting:
                return
            call = waiting.popleft()
            yield from self._results(call, waiting)

    def _submit(self, call: _Call) -> _Call:
        if not call.chunk.articles:
            return call
        up = self._up()
        call.actor = min(up, key=self._load.__getitem__)
        self._load[call.actor] += 1
        call.ref = self._actors[call.actor].code.remote(call.chunk.articles)
        return call

    def _up(self) -> list[int]:
        """Actors that answer; waits for a restarting one only when none does."""
        ray = self._ray
        while True:
            for actor, probe in list(self._down.items()):
                if ray.wait([probe], timeout=0)[0]:
                    try:
                        ray.get(probe)
                        del self._down[actor]
                    except ray.exceptions.RayError:  # still restarting: ask again
                        self._down[actor] = self._actors[actor].ready.remote()
            up = [i for i in range(len(self._actors)) if i not in self._down]
            if up:
                return up
            ray.wait(list(self._down.values()), num_returns=1)

    def _results(self, call: _Call, waiting: deque[_Call]) -> list[Result]:
        """Wait for the oldest chunk (the others keep running meanwhile)."""
        ray = self._ray
        lost = (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError, ray.exceptions.OutOfMemoryError)
        if call.actor is None:
            return call.chunk.merge([])
        self._load[call.actor] -= 1
        try:
            results = call.chunk.merge(ray.get(call.ref))
        except lost as err:
            self._died(call.actor, waiting, err)
            return call.chunk.failed(f"{DIED} ({type(err).__name__})")
        except ray.exceptions.RayTaskError as err:  # an exception the pipeline did not catch itself
            return call.chunk.failed(f"coding failed: {_first_line(err)}")
        self._deaths_in_a_row = 0
        return results

    def _died(self, actor: int, waiting: deque[_Call], err: Exception) -> None:
        """The actor died on the oldest chunk. Ray restarts it; until it answers, nothing more goes to it,
        and the chunks queued behind that one (which fail with it) go to the other actors."""
        self._deaths_in_a_row += 1
        if self._deaths_in_a_row > 2 * len(self._actors) + 2:
            raise RuntimeError(f"Ray coding actors keep dying ({self._deaths_in_a_row} in a row): {_first_line(err)}")
        self._down[actor] = self._actors[actor].ready.remote()
        for queued in waiting:
            if queued.actor == actor:
                self._load[actor] -= 1
                self._submit(queued)

    def close(self) -> None:
        """Collect stage timings, then end the actors."""
        ray = self._ray
        for ref in [a.stage_seconds.remote() for a in self._actors]:
            try:
                for stage, value in ray.get(ref, timeout=30).items():
                    self.stage_seconds[stage] += value
            except ray.exceptions.RayError:
                pass  # timings are a nicety; a dead or stuck actor must not block the exit
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []


@contextmanager
def ray_pool(
    workers: int | None, address: str | None, chunk_size: int = CHUNK_SIZE, window: int | None = None
) -> Iterator[RayPool]:
    """Connect to Ray (or start a local one), run a pool of actors, and shut down what was started."""
    ray = _import_ray()
    started = _connect(ray, workers, address)
    try:
        n = workers if workers and workers > 0 else int(ray.cluster_resources().get("CPU", 1))
        with _closing(RayPool(n, chunk_size, window)) as pool:
            yield pool
    finally:
        if started:
            ray.shutdown()


@contextmanager
def _closing(pool: RayPool) -> Iterator[RayPool]:
    try:
        yield pool
    finally:
        pool.close()


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as err:
        raise RuntimeError("the ray engine needs Ray: pip install 'ray[default]'") from err
    return ray


def _connect(ray: Any, workers: int | None, address: str | None) -> bool:
    """Start or join Ray; True if this process started it (and so must shut it down)."""
    if ray.is_initialized():
        return False  # the caller already runs Ray (a notebook, a test): use it as it is
    options: dict[str, Any] = {
        "logging_level": logging.WARNING,
        "log_to_driver": False,  # actors print nothing useful; their failures come back as exceptions
    }
    # the user's own tables, named by environment variables, must reach the actors on every node; only
    # these two are forwarded (other EVENTWIRE_ variables, such as the API's write token, stay here)
    env = {k: os.environ[k] for k in KNOWLEDGE_ENV if k in os.environ}
    if env:
        options["runtime_env"] = {"env_vars": env}
    if address:
        what = f"could not connect to the Ray cluster at {address!r} ({CONNECT_HINT})"
    else:
        options |= {"num_cpus": resolve_workers(workers), "include_dashboard": False}
        what = f"could not start a local Ray with {options['num_cpus']} CPUs"
    if address:
        _check_reachable(address, what)
    try:
        ray.init(address=address, **options)
    except Exception as err:  # Ray raises ConnectionError, RuntimeError, ValueError... say which and why
        raise RuntimeError(f"{what}: {type(err).__name__}: {_first_line(err)}") from err
    return True


def _check_reachable(address: str, what: str) -> None:
    """Fail fast on a host:port where nothing listens: Ray itself retries such an address for minutes."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit() or address == "auto":
        return  # "auto" and other forms are Ray's to resolve
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as err:
        raise RuntimeError(f"{what}: nothing answers at {host}:{port} ({err})") from err


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
