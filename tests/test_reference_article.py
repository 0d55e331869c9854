"""End to end on the reference article, scored with the shared scorer (skipped without ../shared)."""

import json
import subprocess
import sys

import pytest

from eventwire.cli import main
from eventwire.output import validate


@pytest.fixture(scope="module")
def coded(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out.json"
    article = shared / "examples" / "niger_us_cooperation.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "code", str(article), "--published", "2024-03-17", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    out.write_text(proc.stdout)
    return out


def test_output_validates_against_schema(coded):
    validate(json.loads(coded.read_text()))


def test_scorer_passes_cleaning_and_negatives(shared, coded):
    gold = shared / "examples" / "niger_us_cooperation.gold.json"
    sys.path.insert(0, str(shared / "tools"))
    import score

    result = score.score_article(score.load_out(str(coded))[0], json.loads(gold.read_text()), quiet=True)
    assert result["cleaning_faults"] == 0
    assert result["negatives_violated"] == 0
    assert result["duplicates"] == 0
    assert result["found"] >= 4, result


def test_table_output_runs(shared, capsys):
    assert main(["code", str(shared / "examples" / "niger_us_cooperation.txt"), "--published", "2024-03-17"]) == 0
    assert "SANCTION" in capsys.readouterr().out
