"""Integrity of the event-coding tables: cameo.tsv, event_patterns.tsv and verb_forms.tsv."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

import pytest

from eventwire.events.lexicon import EventLexicon, verb_forms
from eventwire.ontology.plover import Ontology
from eventwire.tables import data_path, read_table

CODE = re.compile(r"^(0[1-9]|1\d|20)(\d{1,2})?$")
LEMMA = re.compile(r"^[a-z][a-z0-9-]*$")
ROOTS = [f"{n:02d}" for n in range(1, 21)]
PATTERN_COLUMNS = ["trigger", "pos", "with", "cameo", "of_role", "note"]
FORM_COLUMNS = ["lemma", "past", "past_participle", "third_person", "gerund"]
# Weights conventionally attached to the roots and a few codes (Goldstein scale as used with CAMEO).
CONVENTIONAL_WEIGHTS = {"01": 0.0, "03": 4.0, "04": 1.0, "042": 1.9, "05": 3.5, "057": 8.0, "06": 6.0, "07": 7.0}
CONVENTIONAL_WEIGHTS |= {"08": 5.0, "0874": 10.0, "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0}
CONVENTIONAL_WEIGHTS |= {"14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0}
IRREGULAR = {"overthrew": "overthrow", "struck": "strike", "withdrawn": "withdraw", "kidnapped": "kidnap"}
IRREGULAR |= {"banned": "ban", "vetoes": "veto", "held": "hold", "fought": "fight", "cancelled": "cancel"}


@cache
def cameo() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_table("cameo.tsv")}


@cache
def patterns() -> list[dict[str, str]]:
    return list(read_table("event_patterns.tsv"))


@cache
def forms() -> list[dict[str, str]]:
    return list(read_table("verb_forms.tsv"))


def header(name: str) -> list[str]:
    with data_path(name).open(encoding="utf-8") as handle:
        first = next(line for line in handle if line.strip() and not line.startswith("#"))
    return first.rstrip("\n").split("\t")


def raw_rows(name: str) -> list[str]:
    with data_path(name).open(encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")][1:]


# --- cameo.tsv ---------------------------------------------------------------------


def test_cameo_codes_are_well_formed_and_unique() -> None:
    assert header("cameo.tsv") == ["code", "name", "goldstein"]
    codes = [line.split("\t")[0] for line in raw_rows("cameo.tsv")]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert CODE.match(code), code
    for row in cameo().values():
        assert row["name"].strip(), row
        assert -10.0 <= float(row["goldstein"]) <= 10.0, row


def test_cameo_has_every_root_and_a_parent_for_every_subcode() -> None:
    codes = cameo()
    assert all(root in codes for root in ROOTS)
    for code in codes:
        if len(code) > 2:
            assert code[:-1] in codes or code[:2] in codes, code
        if len(code) == 4:
            assert code[:3] in codes, code
    for root in ROOTS:
        assert any(len(c) == 3 and c.startswith(root) for c in codes), root
    assert sum(len(c) == 4 for c in codes) >= 90  # the 4-digit subcodes of 02, 03, 08, 10-14, 16-18, 20


@pytest.mark.parametrize(("code", "weight"), sorted(CONVENTIONAL_WEIGHTS.items()))
def test_conventional_goldstein_weights(code: str, weight: float) -> None:
    assert float(cameo()[code]["goldstein"]) == weight


def test_ontology_reads_the_cameo_table() -> None:
    onto = Ontology()
    assert onto.goldstein("FIGHT", "195") == -10.0
    assert onto.cameo_names["0874"]


# --- event_patterns.tsv ----------------------------------------------------------


def test_pattern_header_and_no_duplicate_rows() -> None:
    assert header("event_patterns.tsv") == PATTERN_COLUMNS
    lines = raw_rows("event_patterns.tsv")
    repeated = [line for line, n in Counter(lines).items() if n > 1]
    assert not repeated
    keys = Counter((r["trigger"], r["pos"], r["with"]) for r in patterns())
    assert not [k for k, n in keys.items() if n > 1], "same trigger and `with` list coded twice"


def test_pattern_rows_are_well_formed() -> None:
    for row in patterns():
        words = row["trigger"].split(" ")
        assert 1 <= len(words) <= 2 and all(LEMMA.match(w) for w in words), row
        assert row["pos"] in ("V", "N"), row
        assert len(words) == 1 or row["pos"] == "V", row  # particles belong to verbs
        lemmas = row["with"].split("|") if row["with"] else []
        assert all(LEMMA.match(w) for w in lemmas), row
        assert len(lemmas) == len(set(lemmas)), row
        assert row["note"].strip(), row
        if row["pos"] == "N":
            assert row["of_role"] in ("source", "target"), row
        else:
            assert row["of_role"] == "", row


def test_every_pattern_code_exists_and_statements_only_hold_what_they_govern() -> None:
    codes = cameo()
    for row in patterns():
        assert CODE.match(row["cameo"]), row
        assert row["cameo"] in codes, row
        # a statement (01) is not an event: its rows must name what it governs, which it keeps from being coded
        assert row["cameo"][:2] != "01" or (row["with"] and row["pos"] == "V"), row


def test_appeals_and_demands_stay_apart() -> None:
    # PLOVER drops appeals (CAMEO 02) and keeps demands (10): the verb's force decides, not what is asked for
    roots: dict[str, set[str]] = defaultdict(set)
    for row in patterns():
        roots[row["trigger"]].add(row["cameo"][:2])
    for appeal in ("urge", "call for", "call on", "appeal for", "ask for", "request"):
        assert "10" not in roots[appeal] and "02" in roots[appeal], appeal
    for demand in ("demand", "insist on"):
        assert "02" not in roots[demand] and "10" in roots[demand], demand


def test_every_root_from_03_to_20_has_many_triggers() -> None:
    triggers: dict[str, set[str]] = defaultdict(set)
    for row in patterns():
        triggers[row["cameo"][:2]].add(row["trigger"])
    for root in ROOTS[2:]:
        assert len(triggers[root]) >= 10, (root, sorted(triggers[root]))
    assert len(patterns()) >= 700


# --- verb_forms.tsv -------------------------------------------------------------


def test_verb_forms_are_well_formed() -> None:
    assert header("verb_forms.tsv") == FORM_COLUMNS
    lemmas = [row["lemma"] for row in forms()]
    assert len(lemmas) == len(set(lemmas))
    for row in forms():
        assert all(re.fullmatch(r"[a-z]+", row[c]) for c in FORM_COLUMNS), row
        assert row["third_person"].endswith("s") and row["gerund"].endswith("ing"), row


def test_verb_forms_cover_only_verbal_triggers_the_rules_get_wrong() -> None:
    verbal = {row["trigger"].split(" ")[0] for row in patterns() if row["pos"] == "V"}
    for row in forms():
        assert row["lemma"] in verbal, row
        listed = {row[c] for c in FORM_COLUMNS[1:]}
        assert listed - verb_forms(row["lemma"]), f"{row['lemma']}: the regular rules already give these forms"


@pytest.mark.parametrize(("form", "lemma"), sorted(IRREGULAR.items()))
def test_lexicon_knows_irregular_forms(form: str, lemma: str) -> None:
    assert (lemma, "V") in EventLexicon().candidates(form)
