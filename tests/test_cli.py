import json

from eventwire.cli import main
from eventwire.output import validate


def test_bad_inputs_reported_and_good_ones_coded(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Army Shells Rebel Positions\n\nThe army shelled rebel positions near the town on Tuesday.\n")
    bad = tmp_path / "bad.pdf"
    bad.write_text("x")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code = main(
        [
            "code",
            str(bad),
            str(empty),
            str(tmp_path / "nope.txt"),
            str(good),
            "--format",
            "json",
            "--published",
            "2023-02-01",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.strip()]
    assert len(errors) == 3
    assert any("bad.pdf" in e and "extension" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    article = json.loads(captured.out)
    validate(article)
    assert article["title"] == "Army Shells Rebel Positions"


def test_jsonl_output_one_line_per_article(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": "Police arrested 12 protesters in the capital.", "published": "2022-04-02"})
        + "\n"
        + json.dumps(
            {"id": "b", "text": "The two foreign ministers met in Cairo on Sunday.", "published": "2022-04-04"}
        )
        + "\n"
    )
    assert main(["code", str(feed), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]


def test_schema_command_prints_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "eventwire coded article"


def test_demo_codes_samples_into_a_database(tmp_path, capsys):
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db), "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "asserted events by PLOVER category" in out and "busiest dyads" in out
    from eventwire.store import Store

    with Store.open(db, read_only=True) as store:
        assert store.db.scalar("SELECT COUNT(*) FROM articles") == 6
        events = store.db.scalar("SELECT COUNT(*) FROM events")
    assert f"events      {events:,}" in out.replace("│", " ") or str(events) in out
    assert main(["demo", "--db", str(db), "--no-serve"]) == 0  # again: nothing new
    assert "0 articles coded now, 6 already stored" in capsys.readouterr().out


def test_demo_ends_by_serving_the_dashboard(tmp_path):
    import os
    import re
    import subprocess
    import sys

    import httpx

    command = [sys.executable, "-m", "eventwire.cli", "demo", "--db", str(tmp_path / "d.duckdb"), "--port", "8765"]
    demo = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    try:
        address = None
        for line in demo.stdout:
            found = re.search(r"dashboard: (http://127\.0\.0\.1:\d+/)", line)
            if found:
                address = found.group(1)
                break
        assert address, "the demo never printed the dashboard's address"
        for _ in range(50):
            try:
                page = httpx.get(address, timeout=2)
                break
            except httpx.TransportError:
                import time

                time.sleep(0.2)
        assert page.status_code == 200 and "eventwire" in page.text
        health = httpx.get(address + "health", timeout=5).json()
        assert health["events"] > 0
    finally:
        demo.terminate()
        demo.wait(timeout=20)


def test_users_add_actors_and_categories_without_editing_the_package(tmp_path, capsys, monkeypatch):
    actors = tmp_path / "actors.tsv"
    actors.write_text("pattern\tname\tcountry\trole\tkind\nBlue Falcon Brigade\tBlue Falcon Brigade\tSYR\tREB\tgroup\n")
    patterns = tmp_path / "patterns.tsv"
    patterns.write_text(
        "trigger\tpos\twith\tcameo\tof_role\tnote\nhack\tV\tserver|network|website\tCYBER\t\thacked the servers\n"
    )
    article = tmp_path / "a.txt"
    article.write_text(
        "Brigade Hacks Ministry\n\nThe Blue Falcon Brigade hacked the servers of Jordan's foreign ministry.\n"
    )
    monkeypatch.delenv("EVENTWIRE_ACTORS", raising=False)
    monkeypatch.delenv("EVENTWIRE_PATTERNS", raising=False)
    args = ["code", str(article), "--format", "json", "--actors", str(actors), "--patterns", str(patterns)]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    (event,) = [e for e in result["events"] if e["category"] == "CYBER"]
    assert event["source"][0]["country"] == "SYR" and event["source"][0]["role"] == "REB"
    assert event["target"][0]["country"] == "JOR"


def test_min_confidence_keeps_only_surer_events(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(
        "Border Clashes\n\nTroops from Armenia and Azerbaijan clashed on the border on Monday. "
        "Armenia's foreign minister condemned the attack and met the French ambassador.\n"
    )
    assert main(["code", str(article), "--format", "json", "--published", "2022-09-14"]) == 0
    everything = json.loads(capsys.readouterr().out)["events"]
    threshold = sorted(e["confidence"] for e in everything)[len(everything) // 2]
    assert (
        main(
            ["code", str(article), "--format", "json", "--published", "2022-09-14", "--min-confidence", str(threshold)]
        )
        == 0
    )
    kept = json.loads(capsys.readouterr().out)["events"]
    assert 0 < len(kept) < len(everything) or len(set(e["confidence"] for e in everything)) == 1
    assert all(e["confidence"] >= threshold for e in kept)
