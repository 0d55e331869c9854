"""The store under the ingest job: idempotence, replacement, copies, failures, clusters; DuckDB and PostgreSQL."""

from datetime import date

import pytest

from eventwire.ingest import IngestError
from eventwire.ingest.job import IngestJob
from eventwire.model import Article
from eventwire.store import DatabaseError, Store
from eventwire.store.rows import COLUMNS

EXPULSION = (
    "Kenya expels Ugandan diplomats\n\n"
    "Kenya expelled two Ugandan diplomats on Monday, the foreign ministry said. "
    "The ministry accused Uganda of interfering in its elections."
)
TALKS = (
    "Ghana and Togo hold border talks\n\n"
    "Ghana's president met Togo's foreign minister in Accra on Tuesday to discuss border security. "
    "Police arrested 14 protesters outside the venue."
)


def _article(text: str, article_id: str, published: date = date(2025, 3, 4)) -> Article:
    return Article(id=article_id, text=text, title=text.split("\n")[0], published=published, raw_sha256=str(hash(text)))


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request, tmp_path):
    target = str(tmp_path / "events.duckdb") if request.param == "duckdb" else request.getfixturevalue("fresh_postgres")
    with Store.open(target) as opened:
        yield opened


def _count(store: Store, table: str) -> int:
    return store.db.scalar(f"SELECT COUNT(*) FROM {table}")


def test_ingest_fills_every_table_and_counts_add_up(store, pipeline):
    items = [_article(EXPULSION, "a1"), _article(TALKS, "a2"), IngestError("feed.jsonl:3", "invalid JSON")]
    summary = IngestJob(store, pipeline.code, ["test"]).run(items)
    assert (summary.read, summary.coded, summary.failed) == (3, 2, 1)
    assert summary.read == summary.coded + summary.unchanged + summary.duplicate + summary.failed
    assert _count(store, "articles") == 2
    assert _count(store, "events") == summary.events > 0
    for table in ("sentences", "actors", "event_actors", "mentions", "quantities", "article_bands", "clusters"):
        assert _count(store, table) > 0, table
    assert store.db.rows("SELECT origin, reason FROM failures") == [("feed.jsonl:3", "invalid JSON")]
    run = store.db.dicts("SELECT * FROM ingest_runs WHERE id = ?", [summary.run_id])[0]
    assert run["finished_at"] is not None and run["articles_read"] == 3 and run["events_found"] == summary.events


def test_second_run_adds_nothing(store, pipeline):
    items = [_article(EXPULSION, "a1"), _article(TALKS, "a2")]
    IngestJob(store, pipeline.code, ["test"]).run(items)
    before = {t: _count(store, t) for t in COLUMNS}
    again = IngestJob(store, pipeline.code, ["test"]).run(items)
    assert (again.unchanged, again.coded, again.events) == (2, 0, 0)
    assert {t: _count(store, t) for t in COLUMNS} == before


def test_changed_article_replaces_its_rows(store, pipeline):
    IngestJob(store, pipeline.code, ["test"]).run([_article(EXPULSION, "a1")])
    changed = EXPULSION.replace("two Ugandan diplomats", "the Ugandan ambassador")
    summary = IngestJob(store, pipeline.code, ["test"]).run([_article(changed, "a1")])
    assert summary.coded == 1
    assert _count(store, "articles") == 1
    evidence = " ".join(row[0] for row in store.db.rows("SELECT evidence FROM mentions"))
    assert "the Ugandan ambassador" in evidence and "two Ugandan diplomats" not in evidence
    orphans = store.db.scalar(
        "SELECT COUNT(*) FROM mentions m LEFT JOIN events e ON e.id = m.event_id WHERE e.id IS NULL"
    )
    assert orphans == 0


def test_copies_are_skipped_not_coded(store, pipeline):
    story = EXPULSION + (
        " The diplomats were given 48 hours to leave the country. Uganda's foreign minister called the decision"
        " regrettable and said Kampala would respond in kind. Relations between the neighbours have been strained"
        " since a dispute over fishing rights on Lake Victoria last year."
    )
    copy = story + "\n\nThis story has been updated."
    summary = IngestJob(store, pipeline.code, ["test"]).run(
        [_article(story, "a1"), _article(story, "a1"), _article(copy, "a2")]
    )
    assert (summary.coded, summary.duplicate) == (1, 2)
    assert store.db.rows("SELECT id, duplicate_of FROM articles ORDER BY id") == [("a1", None), ("a2", "a1")]
    assert store.db.scalar("SELECT COUNT(*) FROM events WHERE article_id = 'a2'") == 0
    later = IngestJob(store, pipeline.code, ["test"]).run([_article(copy + " Again.", "a3")])
    assert later.duplicate == 1  # a copy of an article stored by an earlier run


def test_failure_is_cleared_when_the_input_is_fixed(store, pipeline):
    IngestJob(store, pipeline.code, ["test"]).run([IngestError("x.txt", "empty file")])
    assert _count(store, "failures") == 1
    fixed = _article(EXPULSION, "x")
    fixed.origin = "x.txt"
    IngestJob(store, pipeline.code, ["test"]).run([fixed])
    assert _count(store, "failures") == 0


def test_events_of_two_reports_share_a_cluster(store, pipeline):
    second = (
        "Nairobi sends Ugandan envoys home\n\n"
        "Kenya expelled two Ugandan diplomats on Monday over alleged election meddling."
    )
    IngestJob(store, pipeline.code, ["test"]).run([_article(EXPULSION, "a1"), _article(second, "a2")])
    expulsions = store.db.rows("SELECT id, cluster_id, category FROM events WHERE trigger_text LIKE ?", ["expel%"])
    assert len(expulsions) == 2 and expulsions[0][1] == expulsions[1][1] == min(e[0] for e in expulsions)
    cluster = store.db.dicts("SELECT * FROM clusters WHERE id = ?", [expulsions[0][1]])
    assert cluster[0]["articles"] == 2 and cluster[0]["category"] == expulsions[0][2]


def test_bad_database_target_names_it(tmp_path):
    with pytest.raises(DatabaseError, match=r"missing\.duckdb"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(DatabaseError, match="cannot connect"):
        Store.open("postgresql://nobody:secret@127.0.0.1:1/none")
    try:
        Store.open("postgresql://nobody:secret@127.0.0.1:1/none")
    except DatabaseError as err:
        assert "secret" not in str(err)
