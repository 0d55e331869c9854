"""Integrity of the actor knowledge tables: countries.tsv, organisations.tsv and roles.tsv.

The tables are read with the plain csv module (not the package loader) so that a malformed
row fails here, with the file and the row named, before any resolver code sees it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data"

ROLE_CODES = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "IGO", "NGO",
    "MED", "BUS", "CVL", "EDU", "REL", "LAB", "AGR", "HLH", "REF", "CRM", "UAF",
}  # fmt: skip
ORG_KINDS = {"state", "organisation", "person", "group", "igo"}
COUNTRY_COLUMNS = ["iso3", "name", "aliases", "demonyms", "metonyms"]
ORG_COLUMNS = ["pattern", "name", "country", "role", "kind"]
ROLE_COLUMNS = ["noun", "role", "kind", "title"]


@cache
def _table(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a TSV table; `#` lines are comments."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header, *body = list(reader)
    for number, cells in enumerate(body, start=2):
        assert len(cells) == len(header), f"{name} data row {number}: {len(cells)} cells, want {len(header)}: {cells}"
    return header, [dict(zip(header, cells, strict=True)) for cells in body]


def _rows(name: str) -> list[dict[str, str]]:
    return _table(name)[1]


def _split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _country_forms(row: dict[str, str]) -> list[str]:
    """Every surface form a country row contributes: name, aliases, demonyms, metonyms."""
    return [row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), *_split(row["metonyms"])]


def _by_key(name: str, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in _rows(name)}


@pytest.mark.parametrize(
    ("name", "columns"),
    [("countries.tsv", COUNTRY_COLUMNS), ("organisations.tsv", ORG_COLUMNS), ("roles.tsv", ROLE_COLUMNS)],
)
def test_header_and_comment(name: str, columns: list[str]) -> None:
    assert _table(name)[0] == columns
    assert (DATA / name).read_text(encoding="utf-8").startswith("#"), f"{name} needs a # header comment"


@pytest.mark.parametrize("name", ["countries.tsv", "organisations.tsv", "roles.tsv"])
def test_cells_are_clean(name: str) -> None:
    for row in _rows(name):
        for column, cell in row.items():
            assert cell == cell.strip(), f"{name}: padded {column} in {row}"
            assert '"' not in cell, f"{name}: quote character in {row}"
            parts = _split(cell)
            assert all(p and p == p.strip() for p in parts), f"{name}: empty or padded item in {column} of {row}"
            assert len(parts) == len(set(parts)), f"{name}: repeated item in {column} of {row}"


# --- countries -------------------------------------------------------------------------------


def test_country_codes_unique_and_complete() -> None:
    codes = [row["iso3"] for row in _rows("countries.tsv")]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert len(codes) >= 245
    assert {"USA", "NER", "NGA", "COD", "COG", "PSE", "XKX", "TWN", "HKG", "SSD"} <= set(codes)
    assert codes == sorted(codes)


def test_country_names_present_and_unique() -> None:
    names = [row["name"] for row in _rows("countries.tsv")]
    assert all(names)
    assert len(names) == len(set(names))


def test_no_surface_form_names_two_countries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in _rows("countries.tsv"):
        forms = _country_forms(row)
        assert len(forms) == len(set(forms)), f"form repeated within {row['iso3']}"
        for form in forms:
            owners[form].add(row["iso3"])
    clashes = {form: codes for form, codes in owners.items() if len(codes) > 1}
    assert not clashes


def test_shared_demonyms_go_to_one_country() -> None:
    countries = _by_key("countries.tsv", "iso3")
    assert "Congolese" in _split(countries["COD"]["demonyms"])
    assert "Dominican" in _split(countries["DOM"]["demonyms"])
    assert "Guinean" in _split(countries["GIN"]["demonyms"])
    assert "Nigerien" in _split(countries["NER"]["demonyms"])
    assert "Nigerian" in _split(countries["NGA"]["demonyms"])
    assert "Sudanese" in _split(countries["SDN"]["demonyms"])


def test_risky_forms_left_out() -> None:
    forms = {form for row in _rows("countries.tsv") for form in _country_forms(row)}
    assert not {"Korean", "Korea", "Turk", "Pole", "Finn", "Male", "Victoria", "English"} & forms
    # "Chad" is a row name and nothing more
    chad = [row["iso3"] for row in _rows("countries.tsv") if "Chad" in _country_forms(row)]
    assert chad == ["TCD"]
    assert _by_key("countries.tsv", "iso3")["TCD"]["name"] == "Chad"


@pytest.mark.parametrize(
    ("iso3", "column", "expected"),
    [
        ("USA", "aliases", {"US", "U.S.", "United States of America", "America"}),
        ("USA", "demonyms", {"American", "Americans"}),
        ("USA", "metonyms", {"Washington", "White House"}),
        ("GBR", "aliases", {"UK", "U.K.", "Britain", "Great Britain"}),
        ("GBR", "metonyms", {"London", "Downing Street", "Whitehall"}),
        ("RUS", "aliases", {"Russian Federation"}),
        ("RUS", "metonyms", {"Moscow", "Kremlin"}),
        ("FRA", "demonyms", {"French"}),
        ("FRA", "metonyms", {"Paris", "Elysee", "Élysée"}),
        ("CHN", "metonyms", {"Beijing"}),
        ("NER", "aliases", {"Republic of Niger"}),
        ("NER", "metonyms", {"Niamey"}),
        ("UKR", "metonyms", {"Kyiv", "Kiev"}),
        ("COD", "aliases", {"DRC", "Democratic Republic of the Congo", "Congo-Kinshasa"}),
    ],
)
def test_country_spot_checks(iso3: str, column: str, expected: set[str]) -> None:
    assert expected <= set(_split(_by_key("countries.tsv", "iso3")[iso3][column]))


# --- organisations ---------------------------------------------------------------------------


def test_organisation_rows_valid() -> None:
    rows = _rows("organisations.tsv")
    codes = {row["iso3"] for row in _rows("countries.tsv")}
    assert len(rows) >= 250
    for row in rows:
        assert row["pattern"] and row["name"], row
        assert row["role"] in ROLE_CODES, row
        assert row["kind"] in ORG_KINDS, row
        assert row["country"] == "" or row["country"] in codes, row


def test_organisation_patterns_unique() -> None:
    patterns = [row["pattern"] for row in _rows("organisations.tsv")]
    repeated = sorted({p for p in patterns if patterns.count(p) > 1})
    assert not repeated


def test_organisation_names_consistent() -> None:
    """All patterns of one name agree on country, role and kind."""
    seen: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in _rows("organisations.tsv"):
        seen[row["name"]].add((row["country"], row["role"], row["kind"]))
    assert not {name: v for name, v in seen.items() if len(v) > 1}


def test_igos_have_no_country() -> None:
    for row in _rows("organisations.tsv"):
        if row["kind"] == "igo":
            assert row["country"] == "", row
        if row["role"] == "IGO":
            assert row["kind"] == "igo", row


def test_organisations_agree_with_countries() -> None:
    """A form listed in both tables points at the same country."""
    country_of = {form: row["iso3"] for row in _rows("countries.tsv") for form in _country_forms(row)}
    for row in _rows("organisations.tsv"):
        if row["pattern"] in country_of:
            assert row["country"] == country_of[row["pattern"]], row


def test_organisations_sorted() -> None:
    rows = _rows("organisations.tsv")
    keys = [(r["country"], r["name"].casefold(), r["pattern"].casefold(), r["pattern"]) for r in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("pattern", "country", "role", "kind"),
    [
        ("Pentagon", "USA", "MIL", "organisation"),
        ("Department of Defense", "USA", "MIL", "organisation"),
        ("State Department", "USA", "GOV", "organisation"),
        ("US State Department", "USA", "GOV", "organisation"),
        ("White House", "USA", "GOV", "organisation"),
        ("Kremlin", "RUS", "GOV", "organisation"),
        ("Downing Street", "GBR", "GOV", "organisation"),
        ("Foreign Office", "GBR", "GOV", "organisation"),
        ("Elysee", "FRA", "GOV", "organisation"),
        ("Quai d'Orsay", "FRA", "GOV", "organisation"),
        ("Zhongnanhai", "CHN", "GOV", "organisation"),
        ("Knesset", "ISR", "LEG", "organisation"),
        ("Bundestag", "DEU", "LEG", "organisation"),
        ("Duma", "RUS", "LEG", "organisation"),
        ("CIA", "USA", "SPY", "organisation"),
        ("Mossad", "ISR", "SPY", "organisation"),
        ("FSB", "RUS", "SPY", "organisation"),
        ("Taliban", "AFG", "REB", "group"),
        ("Boko Haram", "NGA", "REB", "group"),
        ("al-Shabaab", "SOM", "REB", "group"),
        ("ISIS", "", "REB", "group"),
        ("UN", "", "IGO", "igo"),
        ("UN Security Council", "", "IGO", "igo"),
        ("ECOWAS", "", "IGO", "igo"),
        ("NATO", "", "IGO", "igo"),
        ("ICC", "", "JUD", "igo"),
        ("ICRC", "", "NGO", "organisation"),
        ("Amnesty International", "", "NGO", "organisation"),
        ("MSF", "", "NGO", "organisation"),
        ("AFP", "FRA", "MED", "organisation"),
        ("Reuters", "GBR", "MED", "organisation"),
        ("Associated Press", "USA", "MED", "organisation"),
        ("Xinhua", "CHN", "MED", "organisation"),
        ("TASS", "RUS", "MED", "organisation"),
    ],
)
def test_organisation_spot_checks(pattern: str, country: str, role: str, kind: str) -> None:
    row = _by_key("organisations.tsv", "pattern")[pattern]
    assert (row["country"], row["role"], row["kind"]) == (country, role, kind)


# --- roles -----------------------------------------------------------------------------------


def test_role_rows_valid() -> None:
    rows = _rows("roles.tsv")
    nouns = [row["noun"] for row in rows]
    assert len(rows) >= 200
    assert len(nouns) == len(set(nouns))
    for row in rows:
        assert row["noun"] == row["noun"].lower() and row["noun"], row
        assert "  " not in row["noun"], row
        assert row["role"] in ROLE_CODES, row
        assert row["kind"] in {"group", "person"}, row
        assert row["title"] in {"yes", "no"}, row


def test_roles_cover_every_sector() -> None:
    assert {row["role"] for row in _rows("roles.tsv")} == ROLE_CODES


def test_abbreviations_are_person_titles() -> None:
    abbreviations = [row for row in _rows("roles.tsv") if row["noun"].endswith(".")]
    assert {"gen.", "col.", "sen.", "rep.", "lt.", "maj."} <= {row["noun"] for row in abbreviations}
    for row in abbreviations:
        assert (row["kind"], row["title"]) == ("person", "yes"), row


def test_roles_sorted() -> None:
    keys = [(row["role"], row["noun"]) for row in _rows("roles.tsv")]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("noun", "role", "kind", "title"),
    [
        ("president", "GOV", "person", "yes"),
        ("prime minister", "GOV", "person", "yes"),
        ("secretary of state", "GOV", "person", "yes"),
        ("foreign minister", "GOV", "person", "yes"),
        ("defence minister", "MIL", "person", "yes"),
        ("spokesperson", "GOV", "person", "no"),
        ("government", "GOV", "group", "no"),
        ("junta", "MIL", "group", "no"),
        ("authority", "GOV", "group", "no"),
        ("troop", "MIL", "group", "no"),
        ("soldier", "MIL", "group", "no"),
        ("armed force", "MIL", "group", "no"),
        ("security force", "COP", "group", "no"),
        ("police", "COP", "group", "no"),
        ("judge", "JUD", "person", "yes"),
        ("parliament", "LEG", "group", "no"),
        ("senator", "LEG", "person", "yes"),
        ("rebel", "REB", "group", "no"),
        ("jihadist", "REB", "group", "no"),
        ("opposition", "OPP", "group", "no"),
        ("protester", "OPP", "group", "no"),
        ("civilian", "CVL", "group", "no"),
        ("refugee", "REF", "group", "no"),
        ("journalist", "MED", "group", "no"),
        ("gunman", "UAF", "group", "no"),
        ("pirate", "CRM", "group", "no"),
        ("intelligence agency", "SPY", "group", "no"),
    ],
)
def test_role_spot_checks(noun: str, role: str, kind: str, title: str) -> None:
    row = _by_key("roles.tsv", "noun")[noun]
    assert (row["role"], row["kind"], row["title"]) == (role, kind, title)
