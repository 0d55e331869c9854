"""The HTTP API, over a real `eventwire serve` process and a real DuckDB file holding the sample articles."""

from __future__ import annotations

import json
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import duckdb
import httpx
import pytest

from eventwire import __version__
from eventwire.ingest import article_id
from eventwire.model import Article
from eventwire.samples import sample_articles
from serving import fill_database, free_port, listening_addresses, running_server

TOKEN = "s3cret-test-token"
# Written for these tests: one short article besides the samples that ship with the package.
KENYA_TITLE = "Kenyan police fire tear gas at protesters in Nairobi"
KENYA = (
    f"{KENYA_TITLE}\n\nNAIROBI, June 25 - Kenyan police fired tear gas at thousands of protesters in Nairobi on "
    "Tuesday as demonstrators marched on parliament over a new finance bill. The opposition leader condemned the "
    "police and demanded that the government withdraw the bill."
)
CHILE = {
    "title": "Chile and Argentina sign water accord",
    "text": "Chile and Argentina sign water accord\n\nSANTIAGO, May 6 - The foreign ministers of Chile and Argentina "
    "signed an agreement on shared water resources in Santiago on Monday.",
    "published": "2024-05-07",
}
ENDPOINTS = ["/health", "/events", "/events/{event_id}", "/articles/{article_id}", "/actors", "/dyads", "/series"]
ENDPOINTS += ["/places", "/code", "/categories"]


def _kenya() -> Article:
    return Article(id=article_id(KENYA), text=KENYA, title=KENYA_TITLE, published=date(2024, 6, 25), origin="kenya")


@pytest.fixture(scope="module")
def database(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    fill_database(path, pipeline.code, [*sample_articles(), _kenya()])
    with duckdb.connect(str(path), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "articles")}
        ids = {row[0] for row in con.execute("SELECT id FROM events").fetchall()}
    return path, counts, ids


@pytest.fixture(scope="module")
def api(database):
    path, _, _ = database
    with running_server(path, path.parent) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def writable(database, tmp_path_factory):
    """A second server, with a write token, over a copy of the database (a DuckDB file has one writer)."""
    folder = tmp_path_factory.mktemp("api-rw")
    copy = folder / "events.duckdb"
    shutil.copy(database[0], copy)
    with running_server(copy, folder, token=TOKEN) as base, httpx.Client(base_url=base, timeout=120) as client:
        yield client


def ok(response: httpx.Response, status: int = 200) -> httpx.Response:
    assert "Traceback" not in response.text
    assert response.status_code == status, response.text
    return response


def error_of(response: httpx.Response, status: int) -> str:
    ok(response, status)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


def test_health_reports_database_counts_and_version(api, database):
    path, counts, _ = database
    body = ok(api.get("/health")).json()
    assert body["status"] == "ok" and body["version"] == __version__
    assert body["database"] == str(path) and body["writable"] is False
    assert body["events"] == counts["events"] and body["articles"] == counts["articles"] == 7


def test_pages_of_events_visit_every_event_once(api, database):
    _, counts, ids = database
    seen, cursor, pages = [], None, 0
    while True:
        body = ok(api.get("/events", params={"limit": 9, **({"cursor": cursor} if cursor else {})})).json()
        assert len(body["events"]) <= 9
        seen += [e["id"] for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == counts["events"]
    assert set(seen) == ids
    assert pages == -(-counts["events"] // 9)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"category": "protest,coerce"}, lambda e: e["category"] in ("PROTEST", "COERCE")),
        ({"quad": "4"}, lambda e: e["quad_class"] == 4),
        ({"quad_class": "1,2"}, lambda e: e["quad_class"] in (1, 2)),
        ({"since": "2024-06-01", "until": "2024-06-30"}, lambda e: "2024-06-01" <= e["event_date"] <= "2024-06-30"),
        ({"text": "tear gas"}, lambda e: "tear gas" in e["evidence"].lower()),
        ({"article": article_id(KENYA)}, lambda e: e["article_id"] == article_id(KENYA)),
        ({"modality": "asserted", "min_confidence": "0.5"}, lambda e: e["confidence"] >= 0.5),
    ],
)
def test_filters_select_matching_events(api, params, check):
    events = ok(api.get("/events", params={**params, "limit": 1000})).json()["events"]
    assert events, params
    assert all(check(e) for e in events)


def test_country_and_dyad_filters(api):
    dyad = ok(api.get("/dyads", params={"limit": 1})).json()["dyads"][0]
    pair = f"{dyad['source_country']}-{dyad['target_country']}"
    events = ok(api.get("/events", params={"dyad": pair, "limit": 1000})).json()["events"]
    assert len(events) == dyad["events"]
    for event in events:
        detail = ok(api.get(f"/events/{event['id']}")).json()
        assert dyad["source_country"] in {a["country"] for a in detail["source"]}
        assert dyad["target_country"] in {a["country"] for a in detail["target"]}
    by_country = ok(api.get("/events", params={"country": "ken", "limit": 1000})).json()["events"]
    assert {e["article_id"] for e in by_country} == {article_id(KENYA)}


def test_csv_format_has_a_header_and_the_page(api):
    response = ok(api.get("/events", params={"format": "csv", "limit": 5}))
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0].split(",")[:2] == ["id", "article_id"]
    assert len(lines) == 6  # the evidence has no line breaks
    assert response.headers["x-next-cursor"]


def test_event_and_article_detail_offsets_point_into_the_text(api):
    event_id = ok(api.get("/events", params={"article": article_id(KENYA), "limit": 1})).json()["events"][0]["id"]
    event = ok(api.get(f"/events/{event_id}")).json()
    article = ok(api.get(f"/articles/{event['article_id']}")).json()
    text = article["text"]
    assert event["article"]["title"] == KENYA_TITLE
    for mention in event["mentions"]:
        trigger = mention["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        sentence = article["sentences"][mention["sentence_index"]]
        assert sentence["start"] <= trigger["start"] < sentence["end"]
    for actor in event["source"] + event["target"]:
        assert text[actor["start"] : actor["end"]] == actor["text"]
    assert event_id in {e["id"] for e in article["events"]}


def test_aggregates_add_up(api, database):
    _, counts, _ = database
    total = counts["events"]
    by_category = ok(api.get("/series", params={"period": "month", "by": "category"})).json()
    assert sum(r["events"] for r in by_category["series"]) == total
    by_quad = ok(api.get("/series", params={"period": "year", "by": "quad_class"})).json()["series"]
    assert {r["key"] for r in by_quad} <= {"1", "2", "3", "4", None}
    plain = ok(api.get("/series", params={"period": "week", "by": "none"})).json()["series"]
    assert sum(r["events"] for r in plain) == total
    gold = ok(api.get("/series", params={"metric": "goldstein", "period": "year"})).json()["series"]
    assert sum(r["events"] for r in gold) == total
    actors = ok(api.get("/actors", params={"limit": 5})).json()["actors"]
    assert len(actors) == 5 and [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    for dyad in ok(api.get("/dyads")).json()["dyads"]:
        assert sum(dyad[f"quad{i}"] for i in range(1, 5)) <= dyad["events"]
    places = ok(api.get("/places")).json()["places"]
    assert "Nairobi" in {p["place_name"] for p in places}
    assert all(p["latitude"] is not None and p["longitude"] is not None for p in places)
    kenya = ok(api.get("/places", params={"country": "KEN"})).json()["places"]
    assert [p["place_name"] for p in kenya] == ["Nairobi"]
    categories = ok(api.get("/categories")).json()["categories"]
    assert {"PROTEST", "AGREE"} <= {c["name"] for c in categories}


@pytest.mark.parametrize(
    ("path", "params", "status", "names"),
    [
        ("/events", {"since": "2024-02-30"}, 400, "since"),
        ("/events", {"since": "2024-05-01", "until": "2024-01-01"}, 400, "since"),
        ("/events", {"limit": "abc"}, 400, "limit"),
        ("/events", {"limit": "0"}, 400, "limit"),
        ("/events", {"limit": "100000"}, 400, "limit"),
        ("/events", {"cursor": "not-a-cursor!"}, 400, "cursor"),
        ("/events", {"quad": "9"}, 400, "quad"),
        ("/events", {"quad_class": "x"}, 400, "quad_class"),
        ("/events", {"min_confidence": "high"}, 400, "min_confidence"),
        ("/events", {"country": "Kenya"}, 400, "country"),
        ("/events", {"dyad": "USA"}, 400, "dyad"),
        ("/events", {"modality": "maybe"}, 400, "modality"),
        ("/events", {"format": "xml"}, 400, "format"),
        ("/series", {"period": "decade"}, 400, "period"),
        ("/series", {"by": "colour"}, 400, "by"),
        ("/series", {"metric": "sum"}, 400, "metric"),
        ("/actors", {"limit": "-3"}, 400, "limit"),
        ("/events/no-such-event", {}, 404, "no-such-event"),
        ("/articles/no-such-article", {}, 404, "no-such-article"),
        ("/no/such/page", {}, 404, "not found"),
    ],
)
def test_bad_requests_get_json_errors_naming_the_parameter(api, path, params, status, names):
    message = error_of(api.get(path, params=params), status)
    assert names.lower() in message.lower()


def test_code_returns_what_the_cli_prints(api, tmp_path, capsys):
    from eventwire.cli import main

    feed = tmp_path / "chile.jsonl"
    feed.write_text(json.dumps(CHILE) + "\n", encoding="utf-8")
    assert main(["code", str(feed), "--format", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    got = ok(api.post("/code", json=CHILE)).json()
    assert got == expected
    assert got["events"] and got["published"] == "2024-05-07"


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"title": "no text"}, 400, "text"),
        ({"text": ""}, 400, "text"),
        ({"text": 42}, 400, "text"),
        ({"text": "Some text.", "published": "2024-13-01"}, 400, "published"),
        ([1, 2], 400, "body"),
    ],
)
def test_code_rejects_bad_bodies(api, body, status, names):
    assert names in error_of(api.post("/code", json=body), status)


def test_code_rejects_invalid_json(api):
    message = error_of(api.post("/code", content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert "JSON" in message


def test_bodies_over_the_limit_get_413(api):
    huge = json.dumps({"text": "x" * 2_000_000}).encode()
    assert "too large" in error_of(api.post("/code", content=huge, headers={"content-type": "application/json"}), 413)

    def chunks():  # no Content-Length: the server counts while it reads
        for _ in range(40):
            yield b"x" * 100_000

    streamed = api.post("/code", content=chunks(), headers={"content-type": "application/json"})
    assert "too large" in error_of(streamed, 413)


def test_read_only_server_refuses_to_store(api):
    assert "read-only" in error_of(api.post("/code?store=true", json=CHILE), 403)
    with_token = api.post("/code?store=true", json=CHILE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert "read-only" in error_of(with_token, 403)


def test_storing_needs_the_right_token_and_then_shows_in_events(writable, database):
    _, counts, _ = database
    assert ok(writable.get("/health")).json()["writable"] is True
    assert error_of(writable.post("/code?store=true", json=CHILE), 401)
    wrong = writable.post("/code?store=true", json=CHILE, headers={"Authorization": "Bearer nope"})
    assert "write token" in error_of(wrong, 401)
    assert ok(writable.get("/health")).json()["articles"] == counts["articles"]
    stored = ok(writable.post("/code?store=true", json=CHILE, headers={"Authorization": f"Bearer {TOKEN}"})).json()
    events = ok(writable.get("/events", params={"article": stored["id"]})).json()["events"]
    assert {e["id"] for e in events} == {e["id"] for e in stored["events"]}
    health = ok(writable.get("/health")).json()
    assert health["articles"] == counts["articles"] + 1
    assert health["events"] == counts["events"] + len(stored["events"])


def test_concurrent_requests_each_get_their_answer(api):
    paths = ["/events?limit=3", "/series?by=quad_class", "/dyads", "/actors", "/places", "/health"] * 5
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(api.get, paths))
    assert [r.status_code for r in responses] == [200] * len(paths)
    assert all(set(r.json()) for r in responses)


def test_openapi_lists_every_endpoint_and_docs_are_local(api):
    schema = ok(api.get("/openapi.json")).json()
    assert set(ENDPOINTS) <= set(schema["paths"])
    event_params = {p["name"] for p in schema["paths"]["/events"]["get"]["parameters"]}
    assert {"since", "until", "category", "quad", "dyad", "min_confidence", "cursor", "format"} <= event_params
    assert "400" in schema["paths"]["/events"]["get"]["responses"]
    docs = ok(api.get("/docs"))
    assert docs.headers["content-type"].startswith("text/html")
    assert "http://" not in docs.text and "https://" not in docs.text
    assert ok(api.get("/static/js/docs.js")).text


def test_dashboard_and_assets_are_served_locally(api):
    page = ok(api.get("/"))
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'data-testid="timeline"' in page.text and "/static/js/main.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    script = ok(api.get("/static/js/main.js"))
    assert "javascript" in script.headers["content-type"]
    world = ok(api.get("/static/data/world.json"))
    assert len(world.content) <= 300_000
    assert len(world.json()["features"]) > 150


def test_no_cors_headers_by_default(api):
    response = ok(api.get("/health", headers={"Origin": "https://elsewhere.example"}))
    assert "access-control-allow-origin" not in response.headers


def test_unexpected_errors_are_generic_and_cors_is_opt_in(database):
    """An in-process app with a route that fails, served by uvicorn in a thread."""
    import uvicorn

    from eventwire.serve import create_app

    app = create_app(str(database[0]), cors_origins=["https://analyst.example"])

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            response = client.get("/boom")
            assert response.status_code == 500
            assert "secret" not in response.text and "Traceback" not in response.text
            assert response.json() == {"error": "internal server error; the server log has the details"}
            allowed = client.get("/health", headers={"Origin": "https://analyst.example"})
            assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
            other = client.get("/health", headers={"Origin": "https://elsewhere.example"})
            assert "access-control-allow-origin" not in other.headers
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_server_binds_loopback_by_default(api):
    port = int(str(api.base_url).rsplit(":", 1)[1].strip("/"))
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing else


def test_serve_refuses_a_public_address_without_public(capsys):
    import argparse

    from eventwire.cli_serve import add_serve

    parser = argparse.ArgumentParser()
    add_serve(parser.add_subparsers())
    defaults = parser.parse_args(["serve"])
    assert defaults.host == "127.0.0.1" and defaults.write_token_env == "EVENTWIRE_WRITE_TOKEN"
    args = parser.parse_args(["serve", "--host", "0.0.0.0", "--port", str(free_port())])
    assert args.run(args) == 2
    assert "--public" in capsys.readouterr().err


def test_serve_reports_a_missing_database(tmp_path, capsys):
    import argparse

    from eventwire.cli_serve import add_serve

    parser = argparse.ArgumentParser()
    add_serve(parser.add_subparsers())
    args = parser.parse_args(["serve", "--db", str(tmp_path / "none.duckdb")])
    assert args.run(args) == 1
    assert "no such database file" in capsys.readouterr().err


def test_postgresql_database_serves_the_same_api(fresh_postgres, pipeline, tmp_path):
    fill_database(fresh_postgres, pipeline.code, [_kenya()])
    url = fresh_postgres.replace("//eventwire@", "//eventwire:hunter2@")  # trusted anyway; it must not leak
    with running_server(url, tmp_path) as base, httpx.Client(base_url=base, timeout=60) as client:
        health = ok(client.get("/health")).json()
        assert "hunter2" not in json.dumps(health) and health["database"].startswith("postgresql://eventwire:***@")
        assert health["dialect"] == "postgresql" and health["articles"] == 1 and health["events"] > 0
        events = ok(client.get("/events", params={"limit": 2})).json()
        assert events["events"] and (events["next_cursor"] is not None) == (health["events"] > 2)
        detail = ok(client.get(f"/events/{events['events'][0]['id']}")).json()
        assert detail["article"]["title"] == KENYA_TITLE
        series = ok(client.get("/series", params={"by": "quad_class"})).json()["series"]
        assert sum(r["events"] for r in series) == health["events"]
        assert "Nairobi" in {p["place_name"] for p in ok(client.get("/places")).json()["places"]}
        assert error_of(client.get("/events", params={"since": "yesterday"}), 400).startswith("since")
