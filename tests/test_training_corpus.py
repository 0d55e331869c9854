"""Checks on eventwire's hand-written training corpus (training/sentences/*.jsonl).

The corpus trains the sentence-level event classifier, so a malformed line, a label outside PLOVER, a CAMEO code
that contradicts its label or a duplicated sentence would silently teach the model the wrong thing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "training" / "sentences"
PLOVER_TSV = ROOT / "src" / "eventwire" / "data" / "plover.tsv"

KEYS = {"text", "plover", "cameo", "modality", "source", "target"}
MODALITIES = {"asserted", "negated", "hypothetical", "future", "reported"}
NOT_ASSERTED = {"negated", "hypothetical", "future"}
# PLOVER files "sign formal agreement" (CAMEO 057) under AGREE although the 05 root is SUPPORT.
CAMEO_EXCEPTIONS = {"057": "AGREE"}
MIN_PER_CATEGORY = 100
MIN_SMALL_CATEGORY = {"CRIME": 80, "MOBILIZE": 80}
MIN_TOTAL = 3000
MIN_NEGATIVE_SHARE = 0.30
MIN_NON_ASSERTED = 300
ISO3 = re.compile(r"[A-Z]{3}")
CAMEO = re.compile(r"\d{2,4}")


def _plover_table() -> tuple[set[str], dict[str, str]]:
    """Category names and CAMEO prefix -> category, read from the package's own table."""
    categories: set[str] = set()
    prefixes: dict[str, str] = {}
    lines = [ln for ln in PLOVER_TSV.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        categories.add(row["category"].strip())
        for prefix in row.get("cameo", "").split("|"):
            if prefix.strip():
                prefixes[prefix.strip()] = row["category"].strip()
    prefixes.update(CAMEO_EXCEPTIONS)
    return categories, prefixes


CATEGORIES, PREFIXES = _plover_table()


def _category_of(cameo: str) -> str | None:
    """Longest listed prefix wins, as in eventwire.ontology."""
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in PREFIXES:
            return PREFIXES[cameo[:n]]
    return None


def _records() -> list[tuple[str, int, dict]]:
    out = []
    for path in sorted(SENTENCES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            out.append((path.name, number, json.loads(line)))
    return out


@pytest.fixture(scope="module")
def records() -> list[tuple[str, int, dict]]:
    return _records()


def test_there_are_several_files_and_every_line_parses() -> None:
    files = sorted(SENTENCES.glob("*.jsonl"))
    assert len(files) >= 10
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert line.strip(), f"{path.name}:{number} is blank"
            assert isinstance(json.loads(line), dict), f"{path.name}:{number} is not an object"


def test_records_have_exactly_the_expected_fields(records: list[tuple[str, int, dict]]) -> None:
    for name, number, rec in records:
        assert set(rec) == KEYS, f"{name}:{number} has fields {sorted(rec)}"
        text = rec["text"]
        assert isinstance(text, str) and text == text.strip() and text, f"{name}:{number} bad text"
        assert "\n" not in text, f"{name}:{number} text spans lines"


def test_labels_are_plover_categories(records: list[tuple[str, int, dict]]) -> None:
    assert len(CATEGORIES) >= 18
    for name, number, rec in records:
        labels = rec["plover"]
        assert isinstance(labels, list), f"{name}:{number}"
        assert len(labels) == len(set(labels)), f"{name}:{number} repeats a label"
        unknown = set(labels) - CATEGORIES
        assert not unknown, f"{name}:{number} unknown labels {unknown}"


def test_cameo_codes_are_well_formed_and_agree_with_labels(records: list[tuple[str, int, dict]]) -> None:
    for name, number, rec in records:
        cameo = rec["cameo"]
        if cameo is None:
            continue
        assert isinstance(cameo, str) and CAMEO.fullmatch(cameo), f"{name}:{number} bad cameo {cameo!r}"
        assert 1 <= int(cameo[:2]) <= 20, f"{name}:{number} cameo root out of range"
        if rec["plover"]:
            assert _category_of(cameo) in rec["plover"], f"{name}:{number} cameo {cameo} vs {rec['plover']}"


def test_crime_has_no_cameo_root(records: list[tuple[str, int, dict]]) -> None:
    # CAMEO has no root for ordinary crime, so a CRIME-only sentence cannot carry a code.
    for name, number, rec in records:
        if rec["plover"] == ["CRIME"]:
            assert rec["cameo"] is None, f"{name}:{number}"


def test_modality_rules(records: list[tuple[str, int, dict]]) -> None:
    for name, number, rec in records:
        modality = rec["modality"]
        assert modality in MODALITIES, f"{name}:{number} modality {modality!r}"
        if modality in NOT_ASSERTED:
            assert rec["plover"] == [], f"{name}:{number} a {modality} event is not an asserted event"
        if modality == "reported":
            assert rec["plover"], f"{name}:{number} reported but no event"


def test_actors_are_iso_alpha3_or_null(records: list[tuple[str, int, dict]]) -> None:
    for name, number, rec in records:
        for key in ("source", "target"):
            value = rec[key]
            assert value is None or (isinstance(value, str) and ISO3.fullmatch(value)), f"{name}:{number} {key}"


def test_no_duplicate_texts(records: list[tuple[str, int, dict]]) -> None:
    seen: dict[str, str] = {}
    for name, number, rec in records:
        key = " ".join(rec["text"].lower().split())
        assert key not in seen, f"{name}:{number} duplicates {seen[key]}"
        seen[key] = f"{name}:{number}"


def test_every_category_has_enough_positives(records: list[tuple[str, int, dict]]) -> None:
    counts = Counter(label for _, _, rec in records for label in rec["plover"])
    for category in CATEGORIES:
        minimum = MIN_SMALL_CATEGORY.get(category, MIN_PER_CATEGORY)
        assert counts[category] >= minimum, f"{category}: {counts[category]} < {minimum}"


def test_size_negatives_and_modality_balance(records: list[tuple[str, int, dict]]) -> None:
    total = len(records)
    negatives = sum(1 for _, _, rec in records if not rec["plover"])
    non_asserted = sum(1 for _, _, rec in records if rec["modality"] != "asserted")
    multi = sum(1 for _, _, rec in records if len(rec["plover"]) > 1)
    assert total >= MIN_TOTAL
    assert negatives / total >= MIN_NEGATIVE_SHARE
    assert non_asserted >= MIN_NON_ASSERTED
    assert all(sum(1 for _, _, r in records if r["modality"] == m) >= 50 for m in MODALITIES - {"asserted"})
    assert multi >= 100
