"""Where coding runs: this process, a pool of local processes, or a Ray cluster.

Every engine is a *coder*: a function from a stream of articles to a stream of results,
one result per input and in the same order, so the ingest job above it never changes.

    local, 1 worker    Pipeline().code in this process
    local, N workers   N spawned processes, one Pipeline each (eventwire.scale.local)
    ray                N Ray actors, one Pipeline each, on a local Ray or a cluster (eventwire.scale.ray_engine)

The parallel engines send chunks of `CHUNK_SIZE` articles, keep at most 2×N chunks in flight
(memory stays flat however long the input), and put the results back in input order. A worker
that dies costs the chunk it was coding: those articles come back as errors ("worker died while
coding") and the run goes on. `workers` below 1 means one per core (or per CPU of the Ray cluster).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from eventwire.scale.chunks import CHUNK_SIZE, DIED, resolve_workers

if TYPE_CHECKING:
    from eventwire.ingest.job import Coder
    from eventwire.ingest.readers import IngestError
    from eventwire.model import Article, CodedArticle

ENGINES = ("local", "ray")

__all__ = ["CHUNK_SIZE", "DIED", "ENGINES", "Engine", "coder_for", "open_engine"]


class Engine(Protocol):
    """What every engine offers: the coder, and seconds per pipeline stage (summed over workers)."""

    stage_seconds: Mapping[str, float]

    def code(self, items: Iterable[Article | IngestError]) -> Iterator[CodedArticle | IngestError]: ...


@contextmanager
def open_engine(
    engine: str = "local",
    workers: int | None = 1,
    address: str | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
    window: int | None = None,
) -> Iterator[Engine]:
    """The engine itself (its `code` is the coder); on exit its workers stop, and a Ray it started shuts down.

    Raises RuntimeError if the workers cannot start (or Ray cannot start or be reached), saying why.
    """
    if engine == "local":
        if address:
            raise ValueError("--address names a Ray cluster: use it with --engine ray")
        n = resolve_workers(workers)
        if n == 1:
            from eventwire.scale.worker import load_pipeline

            yield load_pipeline()
            return
        from eventwire.scale.local import LocalPool

        with LocalPool(n, chunk_size=chunk_size, window=window) as pool:
            yield pool
    elif engine == "ray":
        from eventwire.scale.ray_engine import ray_pool

        with ray_pool(workers, address, chunk_size=chunk_size, window=window) as pool:
            yield pool
    else:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


@contextmanager
def coder_for(engine: str = "local", workers: int | None = 1, address: str | None = None) -> Iterator[Coder]:
    """The coder for `eventwire ingest --engine ENGINE --workers N [--address ADDR]`."""
    with open_engine(engine, workers, address) as running:
        yield running.code
