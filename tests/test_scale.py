"""The engines agree: local, a 2-process pool and Ray write identical rows for the same articles.

Slow by nature (three full runs over 300 articles, a Ray start, worker processes loading spaCy):
about two to three minutes on two cores.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from eventwire.ingest import IngestError
from eventwire.ingest.job import IngestJob
from eventwire.model import Article, CodedArticle
from eventwire.scale import DIED, coder_for, open_engine
from eventwire.scale.chunks import Chunk, chunked
from eventwire.scale.local import LocalPool
from eventwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402  (bench/corpus.py, the benchmark's generator)

N_ARTICLES = 300
WORDS = 200  # shorter than the benchmark's 500 words, to keep three full runs within the time budget
BOOKKEEPING = {"articles": {"run_id", "coded_at"}, "failures": {"run_id", "failed_at"}}
READ_ERROR = IngestError("feed.jsonl:11", "invalid JSON")
EMPTY = Article(id="furniture-only", text="Share this article\n\nAccept all cookies\n", origin="page.html")


def _stream() -> list[Article | IngestError]:
    """300 articles with a read error and an article that cleans to nothing, each in the middle."""
    items: list[Article | IngestError] = list(corpus.generate(N_ARTICLES, seed=11, words=WORDS))
    items.insert(10, READ_ERROR)
    items.insert(150, EMPTY)
    return items


def _key(item: Article | CodedArticle | IngestError) -> str:
    if isinstance(item, CodedArticle):
        item = item.article
    return item.origin if isinstance(item, IngestError) else item.origin or item.id


class Recorded:
    """An ingest run through one engine, with what went into the coder and what came out, in order."""

    def __init__(self, engine: str, workers: int, path: Path, items: list[Article | IngestError]) -> None:
        self.sent: list[str] = []
        self.got: list[str] = []
        self.coded: list[CodedArticle] = []
        with Store.open(path) as store, open_engine(engine, workers) as running:

            def coder(stream: Iterable[Article | IngestError]) -> Iterator[CodedArticle | IngestError]:
                for result in running.code(self._tap(stream)):
                    self.got.append(_key(result))
                    if isinstance(result, CodedArticle) and len(self.coded) < 5:
                        self.coded.append(result)
                    yield result

            self.summary = IngestJob(store, coder, ["bench"], engine=f"{engine}:{workers}").run(items)
            self.tables = _dump(store)

    def _tap(self, stream: Iterable[Article | IngestError]) -> Iterator[Article | IngestError]:
        for item in stream:
            self.sent.append(_key(item))
            yield item


def _dump(store: Store) -> dict[str, list[tuple]]:
    """Every table but the run log, without run bookkeeping columns, rows sorted."""
    db = store.db
    tables = [t for (t,) in db.rows("SELECT table_name FROM information_schema.tables ORDER BY table_name")]
    out = {}
    for table in tables:
        if table == "ingest_runs":
            continue
        columns = db.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        )
        keep = [c for (c,) in columns if c not in BOOKKEEPING.get(table, set())]
        out[table] = sorted(db.rows(f"SELECT {', '.join(keep)} FROM {table}"), key=repr)
    return out


@pytest.fixture(scope="module")
def stream() -> list[Article | IngestError]:
    return _stream()


@pytest.fixture(scope="module")
def local(stream, tmp_path_factory) -> Recorded:
    return Recorded("local", 1, tmp_path_factory.mktemp("local") / "x.duckdb", stream)


def _assert_same_rows(run: Recorded, reference: Recorded) -> None:
    assert run.summary.counts() == reference.summary.counts()
    assert run.tables.keys() == reference.tables.keys()
    for table, rows in reference.tables.items():
        assert len(run.tables[table]) == len(rows), table
        assert run.tables[table] == rows, f"{table} differs"


def _assert_in_order(run: Recorded) -> None:
    assert run.got == run.sent  # one result per input, in input order
    assert run.got.index(READ_ERROR.origin) == 10
    assert run.got.index(EMPTY.origin) == 150
    assert run.summary.read == N_ARTICLES + 2 and run.summary.coded + run.summary.failed == run.summary.read
    assert run.summary.failed >= 2 and run.summary.coded > 0.95 * N_ARTICLES


def test_local_engine_codes_everything_in_order(local):
    _assert_in_order(local)
    assert len(local.tables["events"]) > N_ARTICLES  # the corpus is dense in events: the comparison has teeth
    assert {READ_ERROR.origin, EMPTY.origin} <= {origin for origin, _ in local.tables["failures"]}
    assert "nothing left" in dict(local.tables["failures"])[EMPTY.origin]


def test_results_pickle(local):
    """What travels between processes must come back equal."""
    for item in [*local.coded, READ_ERROR, EMPTY]:
        assert pickle.loads(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)) == item


def test_two_process_pool_writes_identical_rows(local, stream, tmp_path):
    pool = Recorded("local", 2, tmp_path / "x.duckdb", stream)
    _assert_in_order(pool)
    _assert_same_rows(pool, local)


def test_ray_writes_identical_rows(local, stream, tmp_path):
    try:
        run = Recorded("ray", 2, tmp_path / "x.duckdb", stream)  # starts a local Ray with num_cpus=2
    except RuntimeError as err:
        if "could not start a local Ray" in str(err) or "needs Ray" in str(err):
            pytest.skip(f"Ray cannot start here: {err}")
        raise
    _assert_in_order(run)
    _assert_same_rows(run, local)


def test_pool_survives_a_killed_worker():
    """Kill a worker mid-chunk: that chunk fails, everything else is coded, the pool goes on."""
    size, window = 4, 8
    articles = corpus.generate(48, seed=5, words=150)
    pulled = 0

    def feed() -> Iterator[Article]:
        nonlocal pulled
        for article in articles:
            pulled += 1
            yield article

    results, ahead = [], []
    with LocalPool(2, chunk_size=size, window=window) as pool:
        before = pool.pids()
        for result in pool.code(feed()):
            results.append(result)
            ahead.append(pulled - len(results))
            if len(results) == 1:
                while not (running := pool.busy()):  # a worker that has started a chunk
                    time.sleep(0.005)
                seq, pid = running[0]
                os.kill(pid, signal.SIGKILL)
        assert pool.restarts == 1 and pool.pids() != before and pid not in pool.pids()
        again = list(pool.code(articles[:4]))  # the replacement works
    assert [_key(r) for r in results] == [_key(a) for a in articles]
    failed = [i for i, r in enumerate(results) if isinstance(r, IngestError)]
    assert failed == list(range(seq * size, (seq + 1) * size))  # exactly the chunk it was coding
    assert all(DIED in results[i].reason and "exit code -9" in results[i].reason for i in failed)
    assert all(isinstance(r, CodedArticle) for r in again)
    assert max(ahead) <= (window + 1) * size  # the input is read at most one window ahead


def test_parent_never_loads_the_pipeline(tmp_path):
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
        "import corpus\n"
        "from eventwire.scale import coder_for\n"
        "if __name__ == '__main__':\n"
        "    with coder_for('local', 2) as coder:\n"
        "        results = list(coder(corpus.generate(4, seed=1, words=80)))\n"
        "    assert len(results) == 4 and all(r.events is not None for r in results)\n"
        "    print('pipeline' if 'eventwire.pipeline' in sys.modules else 'clean')\n"
    )
    script = tmp_path / "probe.py"  # spawn re-imports the main module: it must be a file
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "clean"


def test_chunks_are_read_lazily_and_merge_in_place():
    def items() -> Iterator[Article | IngestError]:
        yield Article(id="a", text="x", origin="a.txt")
        yield IngestError("b.txt", "empty")
        yield Article(id="c", text="y")
        raise AssertionError("read past the first chunk")

    first = next(chunked(items(), 3))
    assert [a.id for a in first.articles] == ["a", "c"]
    merged = first.merge(["A", "C"])  # type: ignore[list-item]
    assert merged[0] == "A" and merged[1] == IngestError("b.txt", "empty") and merged[2] == "C"
    lost = first.failed(DIED)
    assert [e.origin for e in lost] == ["a.txt", "b.txt", "c"] and lost[1].reason == "empty"
    assert all(isinstance(e, IngestError) for e in first.merge(["A"]))  # a missing result never shifts rows
    assert Chunk(0, []).merge([]) == []


def test_bad_engine_arguments_say_why():
    with pytest.raises(ValueError, match="unknown engine"), coder_for("spark"):
        pass
    with pytest.raises(ValueError, match="--engine ray"), coder_for("local", 2, "auto"):
        pass
    with pytest.raises(RuntimeError, match=r"nothing answers at 127\.0\.0\.1:9"), coder_for("ray", 1, "127.0.0.1:9"):
        pass  # fails at once, not after Ray's minutes of retrying
