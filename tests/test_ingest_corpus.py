"""A user's corpus end to end: 2,000 generated articles with copies and broken files, ingested by the
real command; a second run adds nothing; a run killed with SIGKILL halfway and then rerun ends with
exactly the rows of an uninterrupted run. On DuckDB and on a real PostgreSQL server."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.store import Store
from eventwire.store.rows import COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from ingest_corpus import Manifest, write_corpus

ARTICLES = 2000
BOOKKEEPING = {"articles": {"run_id", "coded_at"}, "failures": {"run_id", "failed_at"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Manifest]:
    folder = tmp_path_factory.mktemp("corpus") / "news"
    return folder, write_corpus(folder, ARTICLES, seed=7, words=(40, 180))


class Reference:
    """The uninterrupted run, started in the background so that a killed run can share the machine with it."""

    def __init__(self, folder: Path, db: str) -> None:
        self.db = db
        self.process = _ingest(folder, db)
        self.snapshot: dict[str, list[tuple]] | None = None

    def finish(self) -> dict[str, list[tuple]]:
        if self.snapshot is None:
            _, err = self.process.communicate()
            assert self.process.returncode == 1, err  # 1: some inputs failed, as they should
            self.snapshot = _snapshot(self.db)
        return self.snapshot


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Reference:
    return Reference(corpus[0], str(tmp_path_factory.mktemp("reference") / "whole.duckdb"))


def _ingest(folder: Path, db: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "eventwire.cli", "ingest", str(folder), "--db", db]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=folder.parent)


def _kill_halfway(process: subprocess.Popen, coded: int) -> None:
    """Read the progress log until `coded` articles are done, then SIGKILL: no chance to clean up."""
    for line in process.stderr:
        if " coded" in line and int(line.split(" read · ")[1].split(" coded")[0].replace(",", "")) >= coded:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()


def _snapshot(db: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that say when and by which run."""
    with Store.open(db) as store:
        tables = {}
        for table in [*COLUMNS, "clusters", "failures"]:
            columns = [c for c in _columns(store, table) if c not in BOOKKEEPING.get(table, set())]
            rows = store.db.rows(f"SELECT {', '.join(columns)} FROM {table}")
            tables[table] = sorted(rows, key=repr)
        return tables


def _columns(store: Store, table: str) -> list[str]:
    rows = store.db.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    )
    return [r[0] for r in rows]


def _last_run(db: str) -> dict:
    with Store.open(db) as store:
        return store.db.dicts("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT 1")[0]


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_kill_and_rerun_gives_the_rows_of_an_uninterrupted_run(backend, corpus, reference, tmp_path, request):
    """The PostgreSQL run is compared with the DuckDB reference: both engines must store the same rows."""
    folder, manifest = corpus
    if backend == "duckdb":
        interrupted = str(tmp_path / "interrupted.duckdb")
    else:
        interrupted = request.getfixturevalue("fresh_postgres")
    _kill_halfway(_ingest(folder, interrupted), coded=ARTICLES // 2)

    killed = _last_run(interrupted)
    assert killed["finished_at"] is None  # it really died mid-run...
    with Store.open(interrupted) as store:
        stored = store.db.scalar("SELECT COUNT(*) FROM articles")
    assert ARTICLES // 3 < stored < manifest.articles  # ...with whole batches committed

    rerun = _ingest(folder, interrupted)
    rerun.communicate()
    finished = _last_run(interrupted)
    assert finished["articles_unchanged"] >= stored and finished["articles_read"] == manifest.read
    assert _snapshot(interrupted) == reference.finish()


def test_counts_add_up_and_a_second_run_adds_nothing(corpus, reference):
    folder, manifest = corpus
    reference.finish()
    run = _last_run(reference.db)
    counts = [run[k] for k in ("articles_coded", "articles_unchanged", "articles_duplicate", "articles_failed")]
    assert run["articles_read"] == manifest.read == sum(counts)
    assert run["articles_failed"] == manifest.broken
    assert run["articles_duplicate"] == manifest.exact_copies + manifest.near_copies
    assert run["articles_coded"] == manifest.articles

    again = _ingest(folder, reference.db)
    again.communicate()
    second = _last_run(reference.db)
    assert (second["articles_coded"], second["events_found"]) == (0, 0)
    assert second["articles_failed"] == manifest.broken  # broken inputs are tried again, and fail again
    assert _snapshot(reference.db) == reference.finish()
