"""Exports (`eventwire.export`) and `eventwire export`, on a real database.

Every test runs on DuckDB, and again on PostgreSQL when the `postgres_url` fixture is available.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from eventwire.cli_store import add_export, add_query
from eventwire.export import export_events, stream_export
from eventwire.export.columns import EXPORT_COLUMNS
from eventwire.export.gdelt import column_names, fips, gdelt_columns, global_event_id
from eventwire.store import Database
from eventwire.store.query import EventFilter, event_detail, find_events
from store_fixtures import INVENTED, filled_database

SCHEMA = "eventwire_test_export"  # PostgreSQL: this module's own schema in the shared test database

# GDELT 2.0's event table, as GDELT documents it (written out here to check the shipped column file)
GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]

TARGETS: dict[str, str] = {}


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def db(request, tmp_path_factory, pipeline) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    yield from filled_database(request, tmp_path_factory.mktemp("export"), pipeline, INVENTED, SCHEMA, TARGETS)


@pytest.fixture(scope="module")
def stored(db: Database) -> dict[str, dict]:
    """Every event as the export columns read straight from the tables, by id."""
    rows = db.dicts(
        "SELECT e.*, a.url AS article_url, a.title AS article_title, a.publisher AS article_publisher "
        "FROM events e LEFT JOIN articles a ON a.id = e.article_id"
    )
    assert len(rows) > 40
    return {r["id"]: r for r in rows}


def _text(db: Database, fmt: str, f: EventFilter | None = None, **options) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    written = export_events(db, f or EventFilter(), fmt, out, **options)
    text = out.getvalue()
    assert written == (len(text.splitlines()) - (1 if fmt in ("csv", "gdelt") and options.get("header", True) else 0))
    return text


# -- gdelt ------------------------------------------------------------------------------------------------


def test_the_gdelt_column_file_lists_gdelts_61_columns_in_order() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert column_names() == GDELT_COLUMNS
    assert all(c["meaning"] and c["eventwire"] for c in gdelt_columns())


def test_gdelt_export(db: Database, stored: dict[str, dict]) -> None:
    lines = _text(db, "gdelt").splitlines()
    assert lines[0].split("\t") == GDELT_COLUMNS
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert len(rows) == len(stored)
    by_gid = {global_event_id(event_id): event for event_id, event in stored.items()}
    assert len(by_gid) == len(stored), "GLOBALEVENTIDs are unique"
    for row in rows:
        assert re.fullmatch(r"\d+", row["GLOBALEVENTID"]) and 0 < int(row["GLOBALEVENTID"]) < 2**63
        event = by_gid[int(row["GLOBALEVENTID"])]
        day = event["event_date"]
        if day:
            assert re.fullmatch(r"\d{8}", row["SQLDATE"]) and row["SQLDATE"] == day.strftime("%Y%m%d")
            assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
            assert float(row["FractionDate"]) == pytest.approx(day.year + (day.month * 30 + day.day) / 365, abs=1e-4)
        else:
            assert row["SQLDATE"] == ""
        assert row["EventCode"] == (event["cameo"] or "")
        assert row["EventBaseCode"] == row["EventCode"][:3] and row["EventRootCode"] == row["EventCode"][:2]
        assert row["QuadClass"] == str(event["quad_class"]) and row["QuadClass"] in "1234"
        assert float(row["GoldsteinScale"]) == event["goldstein"]
        assert row["Actor1Code"] == (event["source_country"] or "") + (event["source_role"] or "")
        assert row["Actor1Name"] == (event["source_name"] or "").upper()
        assert row["Actor2CountryCode"] == (event["target_country"] or "")
        assert int(row["NumMentions"]) >= 1 and int(row["NumArticles"]) >= 1 and int(row["NumSources"]) >= 1
        assert re.fullmatch(r"\d{14}", row["DATEADDED"])
        assert row["SOURCEURL"] == (event["article_url"] or event["article_id"])
        assert row["IsRootEvent"] == ("1" if event["sentence_index"] < 3 else "0")
        assert row["AvgTone"] == "" and row["Actor1KnownGroupCode"] == ""
        if event["latitude"] is not None:
            assert float(row["ActionGeo_Lat"]) == pytest.approx(event["latitude"], abs=1e-4)
            assert row["ActionGeo_CountryCode"] == fips(event["place_country"])
    assert any(r["SQLDATE"] == "" for r in rows) and any(r["ActionGeo_Lat"] for r in rows)


def test_gdelt_counts_come_from_the_cluster(db: Database, stored: dict[str, dict]) -> None:
    shared = [e for e in stored.values() if e["article_id"].startswith("inv-kenya") and e["category"] == "SANCTION"]
    assert len({e["cluster_id"] for e in shared}) == 1 and len(shared) == 2
    lines = _text(db, "gdelt", EventFilter(cluster=shared[0]["cluster_id"]), header=False).splitlines()
    assert len(lines) == 2
    for line in lines:
        row = dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
        assert row["NumArticles"] == "2" and row["NumSources"] == "2"  # two publishers
        assert int(row["NumMentions"]) >= 2
        assert row["Actor1CountryCode"] == "KEN" and row["Actor2CountryCode"] == "UGA"


def test_gdelt_without_a_header_is_byte_compatible(db: Database, stored: dict[str, dict]) -> None:
    text = _text(db, "gdelt", header=False)
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(stored)
    assert all(len(line.split("\t")) == 61 for line in lines[:-1])
    assert re.fullmatch(r"\d+", lines[0].split("\t")[0])
    assert "\r" not in text


def test_fips_codes() -> None:
    assert (fips("DEU"), fips("GEO"), fips("USA"), fips(None), fips("XXX")) == ("GM", "GG", "US", "", "")


# -- csv, jsonl, parquet ----------------------------------------------------------------------------------


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def test_csv(db: Database, stored: dict[str, dict]) -> None:
    reader = csv.reader(io.StringIO(_text(db, "csv")))
    assert next(reader) == list(EXPORT_COLUMNS)
    rows = [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in reader]
    assert sorted(r["id"] for r in rows) == sorted(stored)
    for row in rows:
        assert row == {c: _as_text(stored[row["id"]][c]) for c in EXPORT_COLUMNS}
    assert _text(db, "csv", header=False).splitlines() == _text(db, "csv").splitlines()[1:]


def test_rows_come_in_date_order(db: Database) -> None:
    rows = [json.loads(line) for line in _text(db, "jsonl").splitlines()]
    dates = [r["event_date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[len(dated) :] == [None] * (len(dates) - len(dated))


def test_jsonl(db: Database, stored: dict[str, dict]) -> None:
    rows = [json.loads(line) for line in _text(db, "jsonl").splitlines()]
    assert len(rows) == len(stored)
    for row in rows:
        assert list(row) == list(EXPORT_COLUMNS)
        event = stored[row["id"]]
        assert row["event_date"] == (event["event_date"].isoformat() if event["event_date"] else None)
        assert row["confidence"] == event["confidence"] and row["quad_class"] == event["quad_class"]
        assert row["article_url"] == event["article_url"]


@pytest.mark.parametrize("chunk_size", [10_000, 7])
def test_parquet_round_trips_through_duckdb(db: Database, stored: dict[str, dict], tmp_path, chunk_size: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "events.parquet"
    assert export_events(db, EventFilter(), "parquet", path, chunk_size=chunk_size) == len(stored)
    assert not (tmp_path / "events.parquet.part").exists()
    result = duckdb.sql(f"SELECT * FROM '{path}'")
    assert result.columns == list(EXPORT_COLUMNS)
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.fetchall()]
    assert sorted(r["id"] for r in rows) == sorted(stored)
    for row in rows:
        assert row == {c: stored[row["id"]][c] for c in EXPORT_COLUMNS}
    groups = duckdb.sql(f"SELECT COUNT(DISTINCT row_group_id) FROM parquet_metadata('{path}')").fetchall()[0][0]
    assert groups == -(-len(stored) // chunk_size), "one row group per chunk"


def test_parquet_to_a_binary_stream(db: Database, stored: dict[str, dict], tmp_path) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    written = export_events(db, EventFilter(quad_classes=(1,)), "parquet", buffer)
    path = tmp_path / "q1.parquet"
    path.write_bytes(buffer.getvalue())
    assert duckdb.sql(f"SELECT COUNT(*) FROM '{path}'").fetchall()[0][0] == written
    assert written == sum(1 for e in stored.values() if e["quad_class"] == 1)


def test_exports_follow_the_filter(db: Database) -> None:
    f = EventFilter(categories=("SANCTION", "COERCE"), modalities=("asserted",))
    rows, _ = find_events(db, f, limit=10_000)
    assert rows
    exported = [json.loads(line) for line in _text(db, "jsonl", f).splitlines()]
    assert sorted(r["id"] for r in exported) == sorted(r["id"] for r in rows)
    assert {r["category"] for r in exported} <= {"SANCTION", "COERCE"}
    assert len(_text(db, "gdelt", f, header=False).splitlines()) == len(rows)
    assert _text(db, "csv", EventFilter(text="no sentence says this")).splitlines() == [",".join(EXPORT_COLUMNS)]


# -- plover -----------------------------------------------------------------------------------------------

PLOVER_FIELDS = {
    "id", "event_type", "mode", "cameo", "context", "quad_class", "goldstein", "actor_name", "actor_country",
    "actor_sector", "recipient_name", "recipient_country", "recipient_sector", "actors", "recipients", "event_date",
    "date_earliest", "date_latest", "date_precision", "publication_date", "location", "event_text", "sentence_index",
    "trigger", "story_id", "url", "title", "publisher", "modality", "confidence", "cluster_id", "coder",
}  # fmt: skip


def test_plover_records_carry_the_required_fields(db: Database, stored: dict[str, dict]) -> None:
    records = [json.loads(line) for line in _text(db, "plover").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(stored)
    for record in records:
        assert set(record) == PLOVER_FIELDS
        event = stored[record["id"]]
        detail = event_detail(db, record["id"])
        assert detail is not None
        assert record["event_type"] == event["category"] and record["cameo"] == event["cameo"]
        assert record["event_text"] == event["evidence"] and record["story_id"] == event["article_id"]
        assert record["url"] == event["article_url"] and record["confidence"] == event["confidence"]
        assert record["modality"] == event["modality"]
        assert [a["name"] for a in record["actors"]] == [a["name"] for a in detail["source"]]
        assert [a["sector"] for a in record["recipients"]] == [a["role"] for a in detail["target"]]
        assert record["actor_name"] == event["source_name"] and record["actor_country"] == event["source_country"]
        assert record["recipient_sector"] == event["target_role"]
        assert record["event_date"] == (event["event_date"].isoformat() if event["event_date"] else None)
        assert record["publication_date"] == (event["published"].isoformat() if event["published"] else None)
        if event["latitude"] is not None:
            assert record["location"]["lat"] == event["latitude"] and record["location"]["lon"] == event["longitude"]
            assert record["location"]["name"] == event["place_name"]
    assert any(len(r["actors"]) > 1 for r in records), "the data has events with several source actors"


def test_plover_chunks_never_split_an_event(db: Database) -> None:
    whole = _text(db, "plover")
    for size in (1, 2, 3):
        assert _text(db, "plover", chunk_size=size) == whole


def test_stream_export_and_bad_formats(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("csv", "jsonl", "plover", "gdelt"):
        assert "".join(stream_export(db, EventFilter(), fmt, chunk_size=5)) == _text(db, fmt)
    with pytest.raises(ValueError, match="format"):
        export_events(db, EventFilter(), "xml", io.StringIO())
    with pytest.raises(ValueError, match="format"):
        list(stream_export(db, EventFilter(), "parquet"))


def test_export_to_a_path_and_to_bytes(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "events.jsonl"
    written = export_events(db, EventFilter(), "jsonl", str(path))
    assert len(path.read_text(encoding="utf-8").splitlines()) == written
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]
    buffer = io.BytesIO()
    export_events(db, EventFilter(), "jsonl", buffer)
    assert buffer.getvalue().decode("utf-8") == path.read_text(encoding="utf-8")


# -- the command line -------------------------------------------------------------------------------------


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    sub = parser.add_subparsers(dest="command")
    add_query(sub)
    add_export(sub)
    args = parser.parse_args(argv)
    return args.run(args)


def test_cli_export_gdelt_to_a_file(db: Database, stored: dict[str, dict], tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "events.export.CSV"
    assert _run(["export", "--db", TARGETS[db.dialect], "--format", "gdelt", "--no-header", "--output", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(stored) and all(len(line.split("\t")) == 61 for line in lines)
    assert f"wrote {len(stored)} events to {out} (gdelt)" in capsys.readouterr().err


def test_cli_export_csv_to_stdout_with_filters(db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["export", "--db", TARGETS[db.dialect], "--category", "protest", "--since", "2024-01-01"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    expected, _ = find_events(db, EventFilter(categories=("PROTEST",), since=date(2024, 1, 1)), limit=1000)
    assert rows and sorted(r["id"] for r in rows) == sorted(e["id"] for e in expected)


def test_cli_export_parquet_and_plover(db: Database, stored: dict[str, dict], tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "events.parquet"
    assert _run(["export", "--db", TARGETS[db.dialect], "--format", "parquet", "-o", str(out)]) == 0
    assert duckdb.sql(f"SELECT COUNT(*) FROM '{out}'").fetchall()[0][0] == len(stored)
    assert _run(["export", "--db", TARGETS[db.dialect], "--format", "plover", "--dyad", "KEN-UGA"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and all(r["event_type"] == "SANCTION" for r in records)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--format", "parquet"], "--format parquet"),
        (["--quad", "0"], "--quad: not a quad class (1-4): '0'"),
        (["--until", "31/12/2024"], "--until"),
        (["--modality", "certain"], "--modality"),
    ],
)
def test_cli_export_errors(db: Database, capsys, argv: list[str], says: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(["export", "--db", TARGETS[db.dialect], *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("eventwire: error: ") and "\n" not in err and says in err


def test_cli_export_missing_database(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv"]) == 2
    assert "no such database file" in capsys.readouterr().err
