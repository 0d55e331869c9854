"""An ingest run: read sources → skip what is stored or copied → code → store in committed batches.

Memory stays flat: articles stream from the readers through the pipeline, and only the
batch not yet committed is held. Each commit is one transaction, so a run killed at any
point leaves whole articles or none; the rerun skips what was committed and codes the rest.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.dedup.across import minhash, similarity
from eventwire.ingest.readers import IngestError
from eventwire.model import Article, CodedArticle
from eventwire.store.store import DUPLICATE_JACCARD, Store, band_keys

COMMIT_EVERY = 64  # articles per transaction: small enough to lose little, large enough to write fast


@dataclass(slots=True)
class IngestSummary:
    """What a run did. `read` = `coded` + `unchanged` + `duplicate` + `failed`."""

    run_id: int
    read: int = 0
    coded: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: int = 0
    events: int = 0
    failure_reasons: Counter[str] = field(default_factory=Counter)
    failure_examples: list[IngestError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        keys = ("read", "coded", "unchanged", "duplicate", "failed", "events")
        return {k: getattr(self, k) for k in keys}

    def add_failure(self, error: IngestError) -> None:
        self.failed += 1
        self.failure_reasons[_reason_kind(error.reason)] += 1
        if len(self.failure_examples) < 20:
            self.failure_examples.append(error)


Coder = Callable[[Iterable[Article | IngestError]], Iterator[CodedArticle | IngestError]]
OnProgress = Callable[[IngestSummary], None]


class IngestJob:
    """One run over the given items into the store; `run()` returns its summary."""

    def __init__(self, store: Store, coder: Coder, sources: list[str], engine: str = "local") -> None:
        self.store = store
        self.coder = coder
        self.summary = IngestSummary(run_id=store.start_run(sources, engine))
        self._pending: dict[str, tuple[int, ...]] = {}  # id → signature, read but not yet committed
        self._pending_bands: dict[tuple[int, str], list[str]] = {}
        self._batch: list[CodedArticle] = []
        self._failures: list[IngestError] = []
        self._in_flight: deque[str | None] = deque()  # ids sent to the coder, in order (None: a read error)
        self._replacing: set[str] = set()  # stored under an older text: their old rows go in the same transaction

    def run(self, items: Iterable[Article | IngestError], on_progress: OnProgress | None = None) -> IngestSummary:
        for result in self.coder(self._triage(items)):
            sent = self._in_flight.popleft()  # the coder keeps the order of its inputs
            if isinstance(result, IngestError):
                self._fail(result)
                if sent is not None:
                    self._forget(sent)  # a failed article is no one's original
            else:
                self.summary.coded += 1
                self.summary.events += len(result.events)
                self._batch.append(result)
            if len(self._batch) + len(self._failures) >= COMMIT_EVERY:
                self._commit()
            if on_progress:
                on_progress(self.summary)
        self._commit()
        self.store.finish_run(self.summary.run_id, self.summary.counts())
        return self.summary

    def _triage(self, items: Iterable[Article | IngestError]) -> Iterator[Article | IngestError]:
        """Pass on what needs coding; count and set aside the rest."""
        for item in items:
            self.summary.read += 1
            if isinstance(item, IngestError):
                self._in_flight.append(None)
                yield item  # through the coder, so that it is counted in its place
                continue
            if item.id in self._pending or self.store.stored_run(item.id) == self.summary.run_id:
                self.summary.duplicate += 1  # the same article twice in one run
                continue
            status = self.store.status(item)
            if status == "unchanged":
                self.summary.unchanged += 1
                continue
            if status == "changed":
                self._replacing.add(item.id)
            signature = minhash(item.text)
            original = self._pending_copy(signature) or self.store.find_copy(signature, exclude=item.id)
            self._hold(item.id, signature, duplicate=original is not None)
            if original is not None:
                self.summary.duplicate += 1
                self._batch.append(CodedArticle(item, [], [], [], [], [], duplicate_of=original))
                continue
            self._in_flight.append(item.id)
            yield item

    def _hold(self, article_id: str, signature: tuple[int, ...], duplicate: bool) -> None:
        self._pending[article_id] = signature
        if not duplicate:
            for key in enumerate(band_keys(signature)):
                self._pending_bands.setdefault(key, []).append(article_id)

    def _pending_copy(self, signature: tuple[int, ...]) -> str | None:
        candidates = sorted({a for key in enumerate(band_keys(signature)) for a in self._pending_bands.get(key, [])})
        for article_id in candidates:
            if similarity(signature, self._pending[article_id]) >= DUPLICATE_JACCARD:
                return article_id
        return None

    def _fail(self, error: IngestError) -> None:
        self.summary.add_failure(error)
        self._failures.append(error)

    def _commit(self) -> None:
        if not self._batch and not self._failures:
            return
        self.store.save(self._batch, self.summary.run_id, self._failures, self._pending, self._replacing)
        for coded in self._batch:
            self._forget(coded.article.id)
            self._replacing.discard(coded.article.id)
        self._batch, self._failures = [], []

    def _forget(self, article_id: str) -> None:
        signature = self._pending.pop(article_id, None)
        if signature is None:
            return
        for key in enumerate(band_keys(signature)):
            ids = self._pending_bands.get(key)
            if ids and article_id in ids:
                ids.remove(article_id)
                if not ids:
                    del self._pending_bands[key]


def _reason_kind(reason: str) -> str:
    """Group failures by the start of their reason ('not UTF-8 text (...)' → 'not UTF-8 text')."""
    return reason.split(" (")[0].split(":")[0][:60]
