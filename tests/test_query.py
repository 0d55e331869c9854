"""The query layer (`eventwire.store.query`) and `eventwire query`, on a real database.

Every test runs on DuckDB, and again on PostgreSQL when the `postgres_url` fixture is available.
Expectations come from a plain-Python reading of every event through `event_detail`.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from eventwire.cli_store import add_export, add_query, sparkline
from eventwire.store import Database
from eventwire.store.query import (
    EventFilter,
    FilterError,
    article_detail,
    count_series,
    event_detail,
    find_events,
    goldstein_series,
    located_events,
    top_actors,
    top_dyads,
)
from store_fixtures import INVENTED, filled_database

SCHEMA = "eventwire_test_query"  # PostgreSQL: this module's own schema in the shared test database
TARGETS: dict[str, str] = {}


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def db(request, tmp_path_factory, pipeline) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    yield from filled_database(request, tmp_path_factory.mktemp("query"), pipeline, INVENTED, SCHEMA, TARGETS)


@pytest.fixture(scope="module")
def events(db: Database) -> list[dict]:
    """Every event through event_detail: the ground truth the query functions are checked against."""
    ids = [r[0] for r in db.rows("SELECT id FROM events")]
    found = [event_detail(db, i) for i in ids]
    assert len(found) > 40 and all(found)
    return found  # type: ignore[return-value]


def _ids(db: Database, f: EventFilter) -> list[str]:
    rows, cursor = find_events(db, f, limit=100_000)
    assert cursor is None
    return [r["id"] for r in rows]


# -- a plain-Python reading of each filter ----------------------------------------------------------------


def reference(e: dict, f: EventFilter) -> bool:
    day = e["event_date"]
    checks = [
        not f.since or (day is not None and day >= f.since),
        not f.until or (day is not None and day <= f.until),
        not f.categories or e["category"] in f.categories,
        not f.quad_classes or e["quad_class"] in f.quad_classes,
        not f.modalities or e["modality"] in f.modalities,
        e["confidence"] >= f.min_confidence,
        not f.cluster or e["cluster_id"] == f.cluster,
        not f.article or e["article_id"] == f.article,
        not f.text or f.text.lower() in e["evidence"].lower(),
        not f.place or _place_matches(e, f.place),
    ]
    either = [a for a in e["source"] + e["target"] if _actor_matches(a, f.country, f.role, f.actor)]
    source_dyad, target_dyad = f.dyad or (None, None)
    sources = [
        a for a in e["source"] if _actor_matches(a, f.source_country, f.source_role) and _actor_matches(a, source_dyad)
    ]
    targets = [
        a for a in e["target"] if _actor_matches(a, f.target_country, f.target_role) and _actor_matches(a, target_dyad)
    ]
    checks += [
        not (f.country or f.role or f.actor) or bool(either),
        not (f.source_country or f.source_role or source_dyad) or bool(sources),
        not (f.target_country or f.target_role or target_dyad) or bool(targets),
    ]
    return all(checks)


def _place_matches(e: dict, place: str) -> bool:
    if place.lower() in (e["place_name"] or "").lower():
        return True
    return len(place) == 3 and place.isalpha() and e["place_country"] == place.upper()


def _actor_matches(a: dict, country: str | None, role: str | None = None, name: str | None = None) -> bool:
    return (
        (not country or a["country"] == country)
        and (not role or a["role"] == role)
        and (not name or name.lower() in a["name"].lower())
    )


def _most(values: list) -> object:
    return Counter(v for v in values if v).most_common(1)[0][0]


def _dated(events: list[dict]) -> list[date]:
    return sorted(e["event_date"] for e in events if e["event_date"])


def _foreign_pairs(events: list[dict]) -> list[tuple[str, str]]:
    """(source country, target country) of every two actors of an event, between two countries."""
    return [
        (s["country"], t["country"])
        for e in events
        for s in e["source"]
        for t in e["target"]
        if s["country"] and t["country"] and s["country"] != t["country"]
    ]


# Each case builds a filter from the data (so that it matches some events but not all).
FILTER_CASES = {
    "since": lambda ev: EventFilter(since=_dated(ev)[len(_dated(ev)) // 2]),
    "until": lambda ev: EventFilter(until=_dated(ev)[len(_dated(ev)) // 3]),
    "since+until": lambda ev: EventFilter(since=_dated(ev)[5], until=_dated(ev)[-10]),
    "categories": lambda ev: EventFilter(categories=(str(_most([e["category"] for e in ev])).lower(), "protest")),
    "quad_classes": lambda ev: EventFilter(quad_classes=(1, 3)),
    "country": lambda ev: EventFilter(country=_most([a["country"] for e in ev for a in e["source"] + e["target"]])),
    "source_country": lambda ev: EventFilter(source_country=_most([a["country"] for e in ev for a in e["source"]])),
    "target_country": lambda ev: EventFilter(target_country=_most([a["country"] for e in ev for a in e["target"]])),
    "role": lambda ev: EventFilter(role=_most([a["role"] for e in ev for a in e["source"] + e["target"]])),
    "source_role": lambda ev: EventFilter(source_role=_most([a["role"] for e in ev for a in e["source"]])),
    "target_role": lambda ev: EventFilter(target_role=_most([a["role"] for e in ev for a in e["target"]])),
    "country+role (one actor)": lambda ev: EventFilter(country="USA", role="GOV"),
    "actor": lambda ev: EventFilter(actor=str(_most([a["name"] for e in ev for a in e["source"]])).upper()[:6]),
    "dyad": lambda ev: EventFilter(dyad=("RUS", "EST")),
    "dyad (most common pair)": lambda ev: EventFilter(dyad=_most(_foreign_pairs(ev))),
    "place name": lambda ev: EventFilter(place=str(_most([e["place_name"] for e in ev])).lower()[:5]),
    "place ISO3": lambda ev: EventFilter(place=str(_most([e["place_country"] for e in ev])).lower()),
    "text": lambda ev: EventFilter(text="AMBASSADOR"),
    "modalities": lambda ev: EventFilter(modalities=("future", "negated")),
    "min_confidence": lambda ev: EventFilter(min_confidence=0.6),
    "cluster": lambda ev: EventFilter(cluster=_most([e["cluster_id"] for e in ev if len(e["cluster_articles"]) > 1])),
    "article": lambda ev: EventFilter(article="inv-kenya-1"),
    "several at once": lambda ev: EventFilter(quad_classes=(3, 4), modalities=("asserted",), min_confidence=0.3),
}


@pytest.mark.parametrize("case", list(FILTER_CASES))
def test_each_filter_narrows_to_exactly_the_matching_events(db: Database, events: list[dict], case: str) -> None:
    f = FILTER_CASES[case](events)
    expected = {e["id"] for e in events if reference(e, f)}
    assert 0 < len(expected) < len(events), f"{case}: the test data should match some events but not all"
    assert set(_ids(db, f)) == expected


def test_an_empty_filter_matches_everything(db: Database, events: list[dict]) -> None:
    assert EventFilter().where() == ("TRUE", [])
    assert sorted(_ids(db, EventFilter())) == sorted(e["id"] for e in events)


def test_country_and_role_must_hold_for_one_actor(db: Database, events: list[dict]) -> None:
    f = EventFilter(country="USA", role="GOV")
    loose = {
        e["id"]
        for e in events
        if any(a["country"] == "USA" for a in e["source"] + e["target"])
        and any(a["role"] == "GOV" for a in e["source"] + e["target"])
    }
    strict = set(_ids(db, f))
    assert strict <= loose
    assert all(
        any(a["country"] == "USA" and a["role"] == "GOV" for a in e["source"] + e["target"])
        for e in events
        if e["id"] in strict
    )


def test_user_text_is_a_parameter_never_sql(db: Database, events: list[dict]) -> None:
    for text in ("'; DROP TABLE events; --", "100%", "what?", "_", "%"):
        f = EventFilter(text=text, actor=text)
        assert set(_ids(db, f)) == {e["id"] for e in events if reference(e, f)}
    assert db.scalar("SELECT COUNT(*) FROM events") == len(events)
    sql, params = EventFilter.parse(country="usa", text="50% ? off", place="x").where()
    assert "50%" not in sql and sql.count("?") == len(params)


def test_where_has_one_parameter_per_placeholder() -> None:
    f = EventFilter.parse(
        since="2024-01-01", until="2024-12-31", category="protest,assault", quad="1,4", country="USA",
        source_country="RUS", target_country="UKR", role="GOV", source_role="MIL", target_role="CVL",
        actor="putin", dyad="RUS-UKR", place="kyiv", text="shell", modality="asserted", min_confidence="0.5",
        cluster="c1", article="a1",
    )  # fmt: skip
    sql, params = f.where()
    assert sql.count("?") == len(params) == 21
    assert "putin" not in sql and "kyiv" not in sql


# -- parsing and bad input --------------------------------------------------------------------------------


def test_parse_normalises_strings() -> None:
    f = EventFilter.parse(
        category="protest, Assault", quad="1,4", dyad="usa,ner", modality="Asserted", min_confidence="0.5",
        since="2024-01-01", until=None, place="  ", text="", country="ner", **{"source-role": "gov"},
    )  # fmt: skip
    assert f == EventFilter(
        categories=("PROTEST", "ASSAULT"),
        quad_classes=(1, 4),
        dyad=("USA", "NER"),
        modalities=("asserted",),
        min_confidence=0.5,
        since=date(2024, 1, 1),
        country="NER",
        source_role="GOV",
    )
    assert EventFilter.parse(dyad="RUS-UKR").dyad == ("RUS", "UKR")
    assert EventFilter(categories=("fight",)).categories == ("FIGHT",)


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ({"since": "2024-13-01"}, "since", "2024-13-01"),
        ({"until": "yesterday"}, "until", "yesterday"),
        ({"quad": "5"}, "quad", "5"),
        ({"quad_classes": "one"}, "quad_classes", "one"),
        ({"country": "US"}, "country", "US"),
        ({"source_country": "U1A"}, "source_country", "U1A"),
        ({"target_country": "france"}, "target_country", "france"),
        ({"dyad": "USA"}, "dyad", "USA"),
        ({"dyad": "USA-NER-FRA"}, "dyad", "USA-NER-FRA"),
        ({"min_confidence": "high"}, "min_confidence", "high"),
        ({"min_confidence": "1.5"}, "min_confidence", "1.5"),
        ({"modality": "asserted,maybe"}, "modality", "maybe"),
        ({"category": "PRO TEST"}, "category", "PRO TEST"),
        ({"role": "G-V"}, "role", "G-V"),
        ({"colour": "red"}, "colour", "red"),
        ({"since": "2024-05-01", "until": "2024-04-01"}, "since", "2024-05-01"),
    ],
)
def test_parse_rejects_bad_values_naming_the_field(raw: dict, field: str, value: str) -> None:
    with pytest.raises(ValueError, match=re.escape(field)) as caught:
        EventFilter.parse(**raw)
    assert isinstance(caught.value, FilterError)
    assert caught.value.field == field
    assert value in str(caught.value)


def test_constructor_checks_values_too() -> None:
    with pytest.raises(ValueError, match="quad_classes"):
        EventFilter(quad_classes=(0,))
    with pytest.raises(ValueError, match="min_confidence"):
        EventFilter(min_confidence=-0.1)
    with pytest.raises(ValueError, match="country"):
        EventFilter(country="Niger")


def test_bad_arguments_of_the_query_functions(db: Database) -> None:
    f = EventFilter()
    forged = base64.urlsafe_b64encode(b'{"not": "a cursor"}').decode()
    for cursor in ("not-a-cursor", "!!!", forged, base64.urlsafe_b64encode(b'["2024-99-01","x"]').decode()):
        with pytest.raises(ValueError, match="after"):
            find_events(db, f, after=cursor)
    with pytest.raises(ValueError, match="limit"):
        find_events(db, f, limit=0)
    with pytest.raises(ValueError, match="period"):
        count_series(db, f, period="decade")
    with pytest.raises(ValueError, match="by"):
        count_series(db, f, by="actor")
    with pytest.raises(ValueError, match="period"):
        goldstein_series(db, f, period="hour")
    with pytest.raises(ValueError, match="limit"):
        top_actors(db, f, limit=-1)


# -- listing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [1, 4, 9])
def test_pagination_visits_every_event_once_in_order(db: Database, events: list[dict], page: int) -> None:
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = find_events(db, EventFilter(), limit=page, after=cursor)
        assert len(rows) <= page
        seen += rows
        pages += 1
        if cursor is None:
            break
        assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor), "the cursor goes in a URL as it is"
    assert [r["id"] for r in seen] == _ids(db, EventFilter())
    assert sorted(r["id"] for r in seen) == sorted(e["id"] for e in events)
    assert pages == -(-len(events) // page)
    dates = [r["event_date"] for r in seen]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True), "newest first"
    assert None in dates and dates.index(None) == len(dated), "undated events come last"


def test_pagination_with_a_filter(db: Database, events: list[dict]) -> None:
    f = EventFilter(quad_classes=(4,))
    seen, cursor = [], None
    while True:
        rows, cursor = find_events(db, f, limit=3, after=cursor)
        seen += [r["id"] for r in rows]
        if not cursor:
            break
    assert len(seen) == len(set(seen))
    assert set(seen) == {e["id"] for e in events if e["quad_class"] == 4}


def test_listing_rows_carry_the_article(db: Database) -> None:
    rows, _ = find_events(db, EventFilter(article="inv-kenya-2"), limit=10)
    assert rows and all(r["article_url"] == "https://example.com/news/nairobi-envoy" for r in rows)
    assert all(r["article_title"] == "Nairobi orders Uganda's envoy out" for r in rows)


# -- detail -----------------------------------------------------------------------------------------------


def test_event_detail_is_whole_and_consistent(db: Database, events: list[dict]) -> None:
    texts: dict[str, str] = {}
    for e in events:
        text = texts.setdefault(e["article_id"], db.scalar("SELECT text FROM articles WHERE id = ?", [e["article_id"]]))
        assert e["article"]["id"] == e["article_id"]
        assert e["article_id"] in e["cluster_articles"]
        assert e["mentions"] and e["mentions"][0]["evidence"] == e["evidence"]
        assert e["source"][0]["name"] == e["source_name"] if e["source"] else e["source_name"] is None
        assert e["target"][0]["name"] == e["target_name"] if e["target"] else e["target_name"] is None
        for actor in e["source"] + e["target"]:
            assert text[actor["start"] : actor["end"]] == actor["text"]
        for mention in e["mentions"]:
            trigger = mention["trigger"]
            assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        for quantity in e["quantities"]:
            assert text[quantity["start"] : quantity["end"]] == quantity["text"]
    assert any(e["quantities"] for e in events)
    assert event_detail(db, "no-such-event") is None


def test_one_event_reported_by_two_articles_shares_a_cluster(db: Database, events: list[dict]) -> None:
    shared = [e for e in events if e["cluster_articles"] == ["inv-kenya-1", "inv-kenya-2"]]
    assert {e["article_id"] for e in shared} == {"inv-kenya-1", "inv-kenya-2"}
    assert all(e["category"] == "SANCTION" for e in shared)
    assert set(_ids(db, EventFilter(cluster=shared[0]["cluster_id"]))) == {e["id"] for e in shared}


def test_article_detail(db: Database, events: list[dict]) -> None:
    article = article_detail(db, "inv-kenya-1")
    assert article is not None
    assert article["url"] == "https://example.org/world/kenya-expels-envoy"
    assert article["publisher"] == "Example Wire" and article["published"] == date(2025, 2, 11)
    text = article["text"]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in article["sentences"])
    assert all(text[a["start"] : a["end"]] == a["text"] for a in article["actors"])
    assert {e["id"] for e in article["events"]} == {e["id"] for e in events if e["article_id"] == "inv-kenya-1"}
    for e in article["events"]:
        assert {
            "id",
            "category",
            "cameo",
            "modality",
            "confidence",
            "sentence_index",
            "trigger_start",
            "trigger_end",
        } <= set(e)
        assert text[e["trigger_start"] : e["trigger_end"]] == e["trigger_text"]
        assert all(text[a["start"] : a["end"]] == a["text"] for a in e["source"] + e["target"])
    assert article_detail(db, "no-such-article") is None


def test_article_detail_quotes_and_quantities(db: Database) -> None:
    article_id = db.scalar("SELECT article_id FROM quotes GROUP BY article_id ORDER BY COUNT(*) DESC, article_id")
    article = article_detail(db, article_id)
    assert article is not None and article["quotes"] and article["quantities"]
    text = article["text"]
    assert all(text[q["start"] : q["end"]] == q["text"] for q in article["quotes"])
    assert all(text[q["start"] : q["end"]] == q["text"] for q in article["quantities"])
    assert any(q["speaker"] for q in article["quotes"])


def test_a_duplicate_article_points_to_its_original(db: Database) -> None:
    copy = article_detail(db, "inv-kenya-copy")
    assert copy is not None
    assert copy["duplicate_of"] == "inv-kenya-1"
    assert copy["events"] == []


# -- aggregates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["day", "week", "month", "year"])
@pytest.mark.parametrize("by", [None, "category", "quad_class"])
def test_count_series_adds_up_to_the_filtered_count(db: Database, events: list[dict], period: str, by) -> None:  # type: ignore[no-untyped-def]
    f = EventFilter(modalities=("asserted", "future"))
    expected = [e for e in events if reference(e, f)]
    rows = count_series(db, f, period, by)
    assert sum(r["events"] for r in rows) == len(expected)
    if by == "category":
        totals = Counter()
        for r in rows:
            totals[r["key"]] += r["events"]
        assert totals == Counter(e["category"] for e in expected)
    if by is None:
        assert {r["key"] for r in rows} == {None}
    for r in rows:
        if r["period"] is None:
            continue
        start = date.fromisoformat(r["period"])
        assert {
            "day": True,
            "week": start.weekday() == 0,
            "month": start.day == 1,
            "year": start.timetuple().tm_yday == 1,
        }[period]


def test_count_series_periods_hold_their_events(db: Database, events: list[dict]) -> None:
    rows = count_series(db, EventFilter(), "month", None)
    by_month = Counter(e["event_date"].replace(day=1).isoformat() if e["event_date"] else None for e in events)
    assert {r["period"]: r["events"] for r in rows} == dict(by_month)
    assert rows[-1]["period"] is None, "undated events are counted, last"


def test_count_series_by_dyad_counts_each_pair_once(db: Database, events: list[dict]) -> None:
    pairs = Counter()
    for e in events:
        found = {
            (s["country"], t["country"]) for s in e["source"] for t in e["target"] if s["country"] and t["country"]
        }
        pairs.update(f"{a}-{b}" for a, b in found)
    rows = count_series(db, EventFilter(), "year", "dyad")
    totals = Counter()
    for r in rows:
        totals[r["key"]] += r["events"]
    assert totals == pairs


def test_goldstein_series_totals(db: Database, events: list[dict]) -> None:
    f = EventFilter(quad_classes=(3, 4))
    expected = [e for e in events if reference(e, f)]
    rows = goldstein_series(db, f, "month")
    assert sum(r["events"] for r in rows) == len(expected)
    assert sum(r["goldstein_total"] for r in rows) == pytest.approx(sum(e["goldstein"] or 0 for e in expected))
    for r in rows:
        assert r["goldstein_mean"] == pytest.approx(r["goldstein_total"] / r["events"])
        assert r["goldstein_mean"] < 0, "conflict events score below zero"


def test_goldstein_series_of_a_dyad(db: Database, events: list[dict]) -> None:
    f = EventFilter(dyad=("KEN", "UGA"))
    rows = goldstein_series(db, f, "year")
    expected = [e for e in events if reference(e, f)]
    assert len(expected) >= 2
    assert rows == [
        {
            "period": "2025-01-01",
            "events": len(expected),
            "goldstein_total": pytest.approx(sum(e["goldstein"] for e in expected)),
            "goldstein_mean": pytest.approx(sum(e["goldstein"] for e in expected) / len(expected)),
        }
    ]


def test_top_actors(db: Database, events: list[dict]) -> None:
    rows = top_actors(db, EventFilter(), limit=10)
    assert len(rows) == 10
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    for r in rows:
        key = (r["name"], r["country"], r["role"])
        involved = [
            e for e in events if any((a["name"], a["country"], a["role"]) == key for a in e["source"] + e["target"])
        ]
        as_source = [e for e in events if any((a["name"], a["country"], a["role"]) == key for a in e["source"])]
        as_target = [e for e in events if any((a["name"], a["country"], a["role"]) == key for a in e["target"])]
        assert (r["events"], r["as_source"], r["as_target"]) == (len(involved), len(as_source), len(as_target))


def test_top_dyads(db: Database, events: list[dict]) -> None:
    rows = top_dyads(db, EventFilter(), limit=100)
    assert rows and rows[0]["events"] >= rows[-1]["events"]
    for r in rows:
        pair = (r["source_country"], r["target_country"])
        members = [
            e
            for e in events
            if any(s["country"] == pair[0] for s in e["source"]) and any(t["country"] == pair[1] for t in e["target"])
        ]
        assert r["events"] == len(members)
        assert r["quad1"] + r["quad2"] + r["quad3"] + r["quad4"] == len(members)
        assert r["goldstein_mean"] == pytest.approx(sum(e["goldstein"] for e in members) / len(members))
    assert len(top_dyads(db, EventFilter(), limit=2)) == 2


def test_located_events(db: Database, events: list[dict]) -> None:
    rows = located_events(db, EventFilter())
    located = [e for e in events if e["latitude"] is not None and e["longitude"] is not None]
    assert sum(r["events"] for r in rows) == len(located)
    for r in rows:
        assert r["latitude"] is not None and r["longitude"] is not None
        here = [
            e
            for e in located
            if (e["place_name"], e["latitude"], e["longitude"]) == (r["place_name"], r["latitude"], r["longitude"])
        ]
        assert r["events"] == len(here)
    assert rows[0]["events"] == max(r["events"] for r in rows)


# -- the command line -------------------------------------------------------------------------------------


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    sub = parser.add_subparsers(dest="command")
    add_query(sub)
    add_export(sub)
    args = parser.parse_args(argv)
    return args.run(args)


def _target(db: Database) -> str:
    return TARGETS[db.dialect]


def test_cli_lists_events_as_json_and_pages(db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["query", "--db", _target(db), "--format", "json", "--limit", "5"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(first["events"]) == 5 and first["next"]
    assert _run(["query", "--db", _target(db), "--format", "json", "--limit", "5", "--after", first["next"]]) == 0
    second = json.loads(capsys.readouterr().out)
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    assert [e["id"] for e in first["events"] + second["events"]] == _ids(db, EventFilter())[:10]


def test_cli_filters_like_the_library(db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["query", "--db", _target(db), "--format", "json", "--limit", "1000", "--category", "sanction"]
    assert _run([*argv, "--country", "ken", "--quad", "4"]) == 0
    listed = [e["id"] for e in json.loads(capsys.readouterr().out)["events"]]
    assert listed and listed == _ids(db, EventFilter(categories=("SANCTION",), country="KEN", quad_classes=(4,)))


def test_cli_table(db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["query", "--db", _target(db), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "category" in out and "evidence" in out and "--after" in out
    newest = _ids(db, EventFilter())[0]
    assert event_detail(db, newest)["category"] in out  # type: ignore[index]


def test_cli_counts_as_csv_and_table(db: Database, events: list[dict], capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["query", "--db", _target(db), "--count", "month", "--by", "category", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "period,key,events"
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == len(events)
    assert _run(["query", "--db", _target(db), "--count", "month"]) == 0
    out = capsys.readouterr().out
    assert "events per month by category" in out
    assert any(ch in out for ch in "▁▂▃▄▅▆▇█")


def test_cli_goldstein_and_top(db: Database, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["query", "--db", _target(db), "--goldstein", "year", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == goldstein_series(db, EventFilter(), "year")
    assert _run(["query", "--db", _target(db), "--goldstein", "month", "--dyad", "KEN-UGA"]) == 0
    assert "2025-02-01" in capsys.readouterr().out
    assert _run(["query", "--db", _target(db), "--top", "actors", "--format", "json", "--limit", "3"]) == 0
    assert json.loads(capsys.readouterr().out) == top_actors(db, EventFilter(), 3)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--quad", "9"], "--quad: not a quad class (1-4): '9'"),
        (["--dyad", "USA"], "--dyad"),
        (["--since", "2024-02-30"], "--since: not a YYYY-MM-DD date: '2024-02-30'"),
        (["--source-country", "Niger"], "--source-country"),
        (["--min-confidence", "2"], "--min-confidence"),
        (["--after", "xyz"], "--after"),
        (["--by", "dyad"], "--by"),
    ],
)
def test_cli_bad_values_are_one_line_and_exit_2(db: Database, capsys, argv: list[str], says: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(["query", "--db", _target(db), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("eventwire: error: ") and "\n" not in err
    assert says in err


def test_cli_missing_database(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nothing.duckdb"
    assert _run(["query", "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "no such database" in err and str(missing) in err
    assert not missing.exists(), "a query never creates a database"


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([3, 3]) == "██"
    assert sparkline([]) == ""
    assert len(sparkline(list(range(100)), width=10)) == 10


def test_dyad_series_keeps_the_busiest_dyads(db):
    every = count_series(db, EventFilter(), "year", "dyad")
    totals: dict[str, int] = {}
    for row in every:
        totals[row["key"]] = totals.get(row["key"], 0) + row["events"]
    busiest = sorted(totals, key=lambda k: (-totals[k], k))[:2]
    top = count_series(db, EventFilter(), "year", "dyad", top=2)
    assert {row["key"] for row in top} == set(busiest)
    assert top == [row for row in every if row["key"] in busiest]
    with pytest.raises(ValueError, match="top"):
        count_series(db, EventFilter(), "year", "dyad", top=0)
