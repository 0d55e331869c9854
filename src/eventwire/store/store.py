"""The event store: what is already coded, and writing coded articles in all-or-nothing batches.

Re-ingesting is a no-op because an article's id is stable (from its URL or content) and its
raw text's hash is kept: the same id and hash means nothing to do, a new hash means the old
rows are replaced, inside the same transaction as the new ones.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from eventwire.dedup.across import minhash, similarity
from eventwire.ingest import IngestError
from eventwire.model import Article, CodedArticle
from eventwire.store.clusters import recluster
from eventwire.store.database import DEFAULT_PATH, Database
from eventwire.store.rows import ARTICLE_TABLES, COLUMNS, INSERTED, article_rows

Status = Literal["new", "unchanged", "changed"]
BANDS = 16  # 64 MinHash values in 16 bands of 4: a pair at Jaccard 0.8 shares a band with probability > 0.99
DUPLICATE_JACCARD = 0.8


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """`Store.open("eventwire.duckdb")` or `Store.open("postgresql://...")`."""

    def __init__(self, database: Database) -> None:
        self.db = database

    @classmethod
    def open(cls, target: str | Path = DEFAULT_PATH, read_only: bool = False) -> Store:
        return cls(Database.open(target, read_only=read_only))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what is there ------------------------------------------------------------------

    def status(self, article: Article) -> Status:
        stored = self.db.scalar("SELECT raw_sha256 FROM articles WHERE id = ?", [article.id])
        if stored is None:
            return "new"
        return "unchanged" if stored == article.raw_sha256 else "changed"

    def stored_run(self, article_id: str) -> int | None:
        return self.db.scalar("SELECT run_id FROM articles WHERE id = ?", [article_id])

    def find_copy(self, signature: tuple[int, ...], exclude: str) -> str | None:
        """The id of a stored article that this signature's text copies, if any."""
        keys = band_keys(signature)
        clauses = " OR ".join("(b.band = ? AND b.band_key = ?)" for _ in keys)
        params = [value for pair in enumerate(keys) for value in pair]
        candidates = self.db.rows(
            f"SELECT DISTINCT a.id, a.minhash FROM article_bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE ({clauses}) AND a.id <> ? AND a.duplicate_of IS NULL ORDER BY a.id",
            [*params, exclude],
        )
        for article_id, stored in candidates:
            if stored and similarity(signature, _unpack(stored)) >= DUPLICATE_JACCARD:
                return article_id
        return None

    # -- writing --------------------------------------------------------------------------

    def save(
        self,
        batch: Sequence[CodedArticle],
        run_id: int | None,
        failures: Sequence[IngestError] = (),
        signatures: dict[str, tuple[int, ...]] | None = None,
        replacing: Collection[str] | None = None,
    ) -> None:
        """Write coded articles and failures in one transaction, replacing older versions of the articles.

        `signatures` are the MinHash signatures of the articles' texts (computed if missing): later
        copies of these articles are found through them. `replacing` names the articles known to be
        stored already (None: any may be); only their old rows are looked for and deleted, which
        spares a new article eight deletes.
        """
        now = _now()
        signatures = signatures or {}
        rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        for coded in batch:
            signature = signatures.get(coded.article.id) or minhash(coded.article.text)
            for table, table_rows in article_rows(coded, run_id, now, pack(signature)).items():
                rows[table] += table_rows
            if coded.duplicate_of is None:
                rows["article_bands"] += [(coded.article.id, i, key) for i, key in enumerate(band_keys(signature))]
        with self.db.transaction():
            stale = [c.article.id for c in batch if replacing is None or c.article.id in replacing]
            self._delete(stale)
            self._clear_failures([c.article.origin for c in batch])
            for table, table_rows in rows.items():
                self.db.insert(table, INSERTED[table], table_rows)
            self._record_failures(failures, run_id, now)

    def _delete(self, article_ids: list[str]) -> None:
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for table in ARTICLE_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)

    def _clear_failures(self, origins: list[str]) -> None:
        """An input that codes now has no failure on record any more."""
        for start in range(0, len(origins), 500):
            chunk = origins[start : start + 500]
            self.db.execute(f"DELETE FROM failures WHERE origin IN ({', '.join('?' for _ in chunk)})", chunk)

    def _record_failures(self, failures: Sequence[IngestError], run_id: int | None, now: datetime) -> None:
        origins = list(dict.fromkeys(f.origin for f in failures))
        if not origins:
            return
        marks = ", ".join("?" for _ in origins)
        self.db.execute(f"DELETE FROM failures WHERE origin IN ({marks})", origins)
        latest = {f.origin: f.reason for f in failures}
        rows = [(o, latest[o], run_id, now) for o in origins]
        self.db.insert("failures", ("origin", "reason", "run_id", "failed_at"), rows)

    # -- runs -----------------------------------------------------------------------------

    def start_run(self, sources: Sequence[str], engine: str = "local") -> int:
        with self.db.transaction():
            run_id = int(self.db.scalar("SELECT nextval('ingest_run_ids')"))
            self.db.execute(
                "INSERT INTO ingest_runs (id, started_at, sources, engine) VALUES (?, ?, ?, ?)",
                [run_id, _now(), json.dumps(list(sources)), engine],
            )
        return run_id

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.db.transaction():
            recluster(self.db)
            self.db.execute(
                "UPDATE ingest_runs SET finished_at = ?, articles_read = ?, articles_coded = ?, "
                "articles_unchanged = ?, articles_duplicate = ?, articles_failed = ?, events_found = ? WHERE id = ?",
                [_now(), *(counts.get(k, 0) for k in ("read", "coded", "unchanged", "duplicate", "failed", "events")),
                 run_id],
            )  # fmt: skip


def band_keys(signature: tuple[int, ...]) -> list[str]:
    width = len(signature) // BANDS
    return [".".join(f"{v:x}" for v in signature[i * width : (i + 1) * width]) for i in range(BANDS)]


def pack(signature: tuple[int, ...]) -> str:
    return " ".join(f"{v:x}" for v in signature)


def _unpack(text: str) -> tuple[int, ...]:
    return tuple(int(v, 16) for v in text.split())
