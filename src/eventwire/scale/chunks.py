"""Chunks: the unit of work a worker codes, and how its results go back in their places.

A chunk holds a run of consecutive inputs. Only its articles travel to a worker; read errors
stay with the parent and are put back in their places when the chunk's results arrive, so a
worker never sees (or loses) them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count

from eventwire.ingest.readers import IngestError
from eventwire.model import Article, CodedArticle

Item = Article | IngestError
Result = CodedArticle | IngestError

CHUNK_SIZE = 16  # articles per task: large enough that pickling and messaging cost little next to coding
DIED = "worker died while coding"


@dataclass(slots=True)
class Chunk:
    seq: int
    items: list[Item]

    @property
    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]

    def merge(self, coded: list[Result]) -> list[Result]:
        """One result per item in input order: errors in their places, each article's result in its own."""
        n_articles = sum(isinstance(item, Article) for item in self.items)
        if len(coded) != n_articles:  # a worker that loses or invents results must not shift every later row
            return self.failed(f"coding failed: {len(coded)} results for {n_articles} articles")
        results = iter(coded)
        return [item if isinstance(item, IngestError) else next(results) for item in self.items]

    def failed(self, reason: str) -> list[Result]:
        """The chunk's results when its worker is gone: every article becomes an error naming it."""
        return [_error(item, reason) for item in self.items]


def _error(item: Item, reason: str) -> IngestError:
    return item if isinstance(item, IngestError) else IngestError(item.origin or item.id, reason)


def chunked(items: Iterable[Item], size: int, seqs: Iterator[int] | None = None) -> Iterator[Chunk]:
    """Consecutive chunks of `size` items, read lazily: nothing is pulled before it is needed."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    seqs = seqs if seqs is not None else count()
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield Chunk(next(seqs), batch)
            batch = []
    if batch:
        yield Chunk(next(seqs), batch)


def resolve_workers(workers: int | None) -> int:
    """`None` or below 1 means one worker per core."""
    return workers if workers and workers > 0 else os.cpu_count() or 1
