import json

from eventwire.cli import main
from eventwire.evaluate.sentences import evaluate_file, gold_countries


def write_gold(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")


def test_evaluate_scores_categories_detection_and_countries(tmp_path, pipeline):
    gold = tmp_path / "mini.dev.jsonl"
    write_gold(
        gold,
        [
            {
                "id": "a",
                "lang": "en",
                "text": "Egypt expelled Turkey's ambassador on Friday.",
                "plover": ["SANCTION"],
                "source": [{"code": "EGY"}],
                "target": [{"code": "TUR"}],
            },
            {"id": "b", "lang": "en", "text": "Shares in the carmaker rose sharply on Monday.", "plover": []},
            {"id": "c", "lang": "en", "text": "Rebels attacked an army base near Goma.", "plover": ["PROTEST"]},
            {"id": "d", "lang": "es", "text": "La policía detuvo a diez manifestantes.", "plover": ["COERCE"]},
        ],
    )
    report = evaluate_file(gold, pipeline)
    assert (report.n, report.skipped) == (3, 1)
    assert report.tp["SANCTION"] == 1 and report.fn["PROTEST"] == 1 and report.fp["FIGHT"] == 1
    assert report.detection_scores() == (1.0, 1.0, 1.0)
    figures = report.as_dict()
    assert figures["source_country_accuracy"] == 1.0 and figures["target_country_accuracy"] == 1.0
    assert sum(row["n"] for row in figures["calibration"]) == 2
    assert report.misses[0]["id"] == "c"


def test_legacy_and_sector_codes_map_to_countries():
    assert gold_countries([{"code": "JAPGOV"}, {"code": "IGO"}, {"code": "---REB"}, {"code": None}]) == {"JPN"}


def test_eval_command_writes_json(tmp_path, capsys):
    gold = tmp_path / "one.dev.jsonl"
    write_gold(
        gold, [{"id": "x", "lang": "en", "text": "Police arrested 12 protesters in Lagos.", "plover": ["COERCE"]}]
    )
    out = tmp_path / "figures.json"
    assert main(["eval", str(gold), "--json", str(out), "--misses", "5"]) == 0
    assert json.loads(out.read_text())[0]["category"]["f1"] == 1.0
    assert "detection" in capsys.readouterr().out


def test_a_set_with_coarse_classes_only_is_scored_for_detection(tmp_path, pipeline, capsys):
    gold = tmp_path / "coarse.dev.jsonl"
    write_gold(
        gold,
        [
            {"id": "e", "text": "Rebels attacked an army base near Goma.", "plover": None, "pentaclass": 4},
            {"id": "s", "text": "The minister said the economy was growing.", "plover": None, "pentaclass": 0},
            {"id": "u", "text": "Police arrested 12 protesters in Lagos.", "plover": None},  # no label at all
        ],
    )
    report = evaluate_file(gold, pipeline)
    assert (report.n, report.skipped, report.detection_only) == (2, 1, 2)
    assert report.detection_scores() == (1.0, 1.0, 1.0)
    assert not (report.tp or report.fp or report.fn)  # no category is scored against a coarse class
    assert main(["eval", str(gold)]) == 0
    assert "coarse classes only" in capsys.readouterr().out
