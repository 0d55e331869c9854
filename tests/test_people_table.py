"""Integrity of people.tsv, the table of well-known political figures used by the actor resolver.

The table is read with the plain csv module (not the package loader) so that a malformed row fails here,
with the row named, before any resolver code sees it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data"
COLUMNS = ["name", "aliases", "country", "role", "start", "end", "surname"]
ROLES = {"GOV", "MIL", "REB", "OPP", "IGO", "JUD", "LEG"}
# Only these roles may leave the country empty: international organisations and courts, and transnational
# jihadist groups (al-Qaeda, Islamic State), which organisations.tsv also codes without a country.
STATELESS_ROLES = {"IGO", "JUD", "REB"}
FIRST_YEAR, LAST_YEAR = 1900, 2026
# Second-mention forms that are nicknames rather than words of any written name form.
NICKNAMES = {
    "AMLO", "ATT", "Farmajo", "Farmaajo", "Goni", "Hemedti", "Hemeti", "IBK", "Jokowi", "MBS", "MBZ",
    "Prachanda", "SBY", "Timochenko", "Zia",
}  # fmt: skip
G20_P5 = ["ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
          "RUS", "SAU", "TUR", "USA", "ZAF"]  # fmt: skip
AFRICA = [
    "AGO", "BDI", "BEN", "BFA", "BWA", "CAF", "CIV", "CMR", "COD", "COG", "COM", "CPV", "DJI", "DZA", "EGY",
    "ERI", "ETH", "GAB", "GHA", "GIN", "GMB", "GNB", "GNQ", "KEN", "LBR", "LBY", "LSO", "MAR", "MDG", "MLI",
    "MOZ", "MRT", "MUS", "MWI", "NAM", "NER", "NGA", "RWA", "SDN", "SEN", "SLE", "SOM", "SSD", "STP", "SWZ",
    "SYC", "TCD", "TGO", "TUN", "TZA", "UGA", "ZAF", "ZMB", "ZWE",
]  # fmt: skip
MIDDLE_EAST = ["ARE", "BHR", "EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU", "SYR",
               "TUR", "YEM"]  # fmt: skip
SOUTH_ASIA = ["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"]
LATIN_AMERICA = [
    "ARG", "BOL", "BRA", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "GTM", "GUY", "HND", "HTI", "MEX", "NIC",
    "PAN", "PER", "PRY", "SLV", "SUR", "URY", "VEN",
]  # fmt: skip
# Years with no state government to list: the Taliban are coded REB since 2021, Palestine had no government
# before the 1994 Authority, Somalia none in 1998-1999, South Sudan and Eritrea did not yet exist.
NO_GOVERNMENT = {
    "AFG": set(range(2022, 2026)),
    "PSE": set(range(1990, 1994)),
    "SOM": {1998, 1999},
    "SSD": set(range(1990, 2011)),
    "ERI": {1990},
}


@cache
def _rows() -> tuple[dict[str, str], ...]:
    """Data rows of people.tsv; `#` lines are comments."""
    with (DATA / "people.tsv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    header, *body = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert header == COLUMNS, f"people.tsv header is {header}"
    for number, cells in enumerate(body, start=1):
        assert len(cells) == len(COLUMNS), f"people.tsv data row {number}: {len(cells)} cells: {cells}"
    return tuple(dict(zip(COLUMNS, cells, strict=True)) for cells in body)


@cache
def _iso3() -> frozenset[str]:
    with (DATA / "countries.tsv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return frozenset(row["iso3"] for row in rows)


def _split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _forms(row: dict[str, str]) -> list[str]:
    """Every full written form of a row's person: the name and its aliases."""
    return [row["name"], *_split(row["aliases"])]


def _label(row: dict[str, str]) -> str:
    return f"{row['name']} ({row['country'] or '-'} {row['role']} {row['start']})"


def _years(row: dict[str, str]) -> range:
    return range(int(row["start"]), int(row["end"] or LAST_YEAR) + 1)


def test_file_opens_with_a_comment_header() -> None:
    text = (DATA / "people.tsv").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("#"), "people.tsv must open with its # comment header"
    assert any("surname" in line for line in comments), "the header must explain the surname column"


def test_table_is_large_enough() -> None:
    assert len(_rows()) >= 1200


def test_cells_are_clean() -> None:
    for row in _rows():
        for column, cell in row.items():
            assert cell == cell.strip(), f"{_label(row)}: {column} has stray spaces"
            assert "  " not in cell, f"{_label(row)}: {column} has a double space"
        assert row["name"] and "|" not in row["name"], f"{_label(row)}: bad name"
        for column in ("aliases", "surname"):
            pieces = _split(row[column])
            assert all(piece.strip() == piece and piece for piece in pieces), f"{_label(row)}: empty {column}"
            assert len(pieces) == len(set(pieces)), f"{_label(row)}: repeated {column} form"


def test_countries_exist_in_countries_table() -> None:
    for row in _rows():
        if row["country"]:
            assert row["country"] in _iso3(), f"{_label(row)}: unknown country code"
        else:
            assert row["role"] in STATELESS_ROLES, f"{_label(row)}: only IGO/JUD/REB rows may lack a country"


def test_igo_heads_have_no_country() -> None:
    for row in _rows():
        if row["role"] == "IGO":
            assert not row["country"], f"{_label(row)}: IGO heads are coded without a country"


def test_roles_are_valid() -> None:
    for row in _rows():
        assert row["role"] in ROLES, f"{_label(row)}: role {row['role']!r}"


def test_years_are_well_formed() -> None:
    for row in _rows():
        assert re.fullmatch(r"\d{4}", row["start"]), f"{_label(row)}: start {row['start']!r}"
        assert FIRST_YEAR <= int(row["start"]) <= LAST_YEAR, f"{_label(row)}: start out of range"
        if row["end"]:
            assert re.fullmatch(r"\d{4}", row["end"]), f"{_label(row)}: end {row['end']!r}"
            assert int(row["start"]) <= int(row["end"]) <= LAST_YEAR, f"{_label(row)}: end before start"


def test_no_duplicate_name_country_start() -> None:
    seen: set[tuple[str, str, str]] = set()
    for row in _rows():
        key = (row["name"], row["country"], row["start"])
        assert key not in seen, f"duplicate row {key}"
        seen.add(key)


def test_spells_in_one_role_do_not_overlap() -> None:
    spells: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for row in _rows():
        spells[(row["name"], row["country"], row["role"])].append((int(row["start"]), int(row["end"] or 9999)))
    for key, ranges in spells.items():
        ranges.sort()
        for (_, end), (start, _) in pairwise(ranges):
            assert start >= end, f"{key}: spells overlap ({ranges})"


def test_rows_are_sorted_by_country_then_start() -> None:
    keys = [(row["country"], int(row["start"])) for row in _rows()]
    assert keys == sorted(keys)


def test_surname_comes_from_a_name_form_or_is_a_known_nickname() -> None:
    for row in _rows():
        forms = _forms(row)
        for surname in _split(row["surname"]):
            # Case-insensitive so a capitalised particle ("De Klerk") matches the name's "de Klerk".
            word = re.compile(rf"(?<!\w){re.escape(surname)}(?!\w)", re.IGNORECASE)
            found = any(word.search(form) for form in forms)
            assert found or surname in NICKNAMES, f"{_label(row)}: surname {surname!r} is in no name form"


def test_aliases_are_not_the_name_or_a_bare_surname() -> None:
    for row in _rows():
        aliases = _split(row["aliases"])
        assert row["name"] not in aliases, f"{_label(row)}: alias repeats the name"
        bare = set(aliases) & set(_split(row["surname"]))
        assert not bare, f"{_label(row)}: bare surname in aliases {bare}"


def test_one_person_is_written_the_same_on_every_row() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for row in _rows():
        written = (row["aliases"], row["surname"])
        assert seen.setdefault(row["name"], written) == written, f"{_label(row)}: aliases/surname differ"


def test_a_name_form_belongs_to_one_person() -> None:
    owner: dict[str, str] = {}
    for row in _rows():
        for form in _forms(row):
            assert owner.setdefault(form, row["name"]) == row["name"], f"{form!r}: {owner[form]} and {row['name']}"


def test_a_surname_form_never_spans_two_countries() -> None:
    """People of one country may share a surname (dates tell them apart); people of two countries may not."""
    homes: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        homes[row["name"]].add(row["country"])
    # An IGO head who also held a national office counts as from that country.
    home = {name: ({c for c in countries if c} or {""}) for name, countries in homes.items()}
    users: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        for surname in _split(row["surname"]):
            users[surname].add(row["name"])
    for surname, names in users.items():
        countries = set().union(*(home[name] for name in names))
        assert len(names) == 1 or len(countries) == 1, f"{surname!r} used in {sorted(countries)} by {sorted(names)}"


def _uncovered(country: str, first: int) -> list[int]:
    """Years from `first` to 2025 in which no state leader (GOV or MIL row) of the country is listed."""
    covered = {
        year for row in _rows() if row["country"] == country and row["role"] in {"GOV", "MIL"} for year in _years(row)
    }
    return [year for year in range(first, 2026) if year not in covered | NO_GOVERNMENT.get(country, set())]


@pytest.mark.parametrize("country", G20_P5)
def test_g20_and_p5_leaders_cover_every_year_since_1980(country: str) -> None:
    assert not _uncovered(country, 1980), f"{country}: no leader listed in {_uncovered(country, 1980)}"


@pytest.mark.parametrize("country", sorted(set(AFRICA + MIDDLE_EAST + SOUTH_ASIA + LATIN_AMERICA)))
def test_regional_leaders_cover_every_year_since_1990(country: str) -> None:
    assert not _uncovered(country, 1990), f"{country}: no leader listed in {_uncovered(country, 1990)}"


def _by_surname(surname: str, year: int) -> set[tuple[str, str, str]]:
    """(name, country, role) of every row whose surname forms include `surname` and whose spell covers `year`."""
    return {
        (row["name"], row["country"], row["role"])
        for row in _rows()
        if surname in _split(row["surname"]) and year in _years(row)
    }


@pytest.mark.parametrize(
    ("surname", "year", "expected"),
    [
        ("Putin", 2022, ("Vladimir Putin", "RUS", "GOV")),
        ("Museveni", 2016, ("Yoweri Museveni", "UGA", "GOV")),
        ("Mubarak", 2005, ("Hosni Mubarak", "EGY", "GOV")),
        ("Bouteflika", 2010, ("Abdelaziz Bouteflika", "DZA", "GOV")),
        ("Xi", 2020, ("Xi Jinping", "CHN", "GOV")),
        ("Lula", 2024, ("Luiz Inácio Lula da Silva", "BRA", "GOV")),
        ("Clinton", 1998, ("Bill Clinton", "USA", "GOV")),
        ("Clinton", 2011, ("Hillary Clinton", "USA", "GOV")),
        ("Navalny", 2020, ("Alexei Navalny", "RUS", "OPP")),
        ("Suu Kyi", 2010, ("Aung San Suu Kyi", "MMR", "OPP")),
        ("Nasrallah", 2010, ("Hassan Nasrallah", "LBN", "REB")),
        ("Guterres", 2020, ("António Guterres", "", "IGO")),
        ("Gaddafi", 2005, ("Muammar Gaddafi", "LBY", "GOV")),
        ("Qaddafi", 2005, ("Muammar Gaddafi", "LBY", "GOV")),
    ],
)
def test_well_known_surnames_resolve(surname: str, year: int, expected: tuple[str, str, str]) -> None:
    assert _by_surname(surname, year) == {expected}


@pytest.mark.parametrize("form", ["Bill Clinton", "Vladimir V. Putin", "Recep Tayyip Erdogan", "Abu Mazen"])
def test_full_forms_are_listed(form: str) -> None:
    assert any(form in _forms(row) for row in _rows())


@pytest.mark.parametrize("ambiguous", ["May", "Major", "Brown", "Johnson", "Li", "Singh", "Hague"])
def test_ambiguous_words_are_not_surnames(ambiguous: str) -> None:
    assert not [row["name"] for row in _rows() if ambiguous in _split(row["surname"])]
