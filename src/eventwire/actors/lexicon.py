"""The actor knowledge tables: countries, named organisations and role nouns.

Three TSV files ship in `eventwire/data/`; users add their own named actors in
the `organisations.tsv` format through the `EVENTWIRE_ACTORS` environment
variable (paths separated by the OS path separator) or `eventwire code --actors`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventwire.tables import read_table, user_files

USER_ACTORS_ENV = "EVENTWIRE_ACTORS"
PERSON_ID = "person:"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a surface form names: a country, a seat of power, an organisation or a group."""

    name: str
    country: str | None
    role: str | None
    kind: str
    label: str  # spaCy entity label the ruler gives it: GPE, NORP or ORG


@dataclass(frozen=True, slots=True)
class PersonSpell:
    """A known political figure in one office for some years."""

    name: str
    country: str | None
    role: str
    start: int
    end: int | None

    def distance(self, year: int | None) -> int:
        """How far a year lies from this spell (0 inside it); no year prefers the latest spell."""
        if year is None:
            return 3000 - (self.end or 3000)
        if year < self.start:
            return self.start - year
        return 0 if self.end is None or year <= self.end else year - self.end


@dataclass(frozen=True, slots=True)
class RoleNoun:
    role: str
    kind: str  # group or person
    title: bool  # used before a name: "President Ana Ruiz"


class ActorLexicon:
    def __init__(self, user_files: tuple[Path, ...] = ()) -> None:
        self.surface: dict[str, ActorEntry] = {}
        self.country_names: dict[str, str] = {}
        self.roles: dict[str, RoleNoun] = {}
        self._load_countries()
        for path in ("organisations.tsv", *user_files):
            self._load_organisations(path)
        for row in read_table("roles.tsv"):
            self.roles[row["noun"].lower()] = RoleNoun(row["role"], row["kind"], row["title"] == "yes")
        self.max_role_words = max((len(noun.split()) for noun in self.roles), default=1)
        self.role_first_words = frozenset(noun.split()[0] for noun in self.roles)
        self.people: dict[str, list[PersonSpell]] = defaultdict(list)  # full names and aliases
        self.surnames: dict[str, list[PersonSpell]] = defaultdict(list)
        self._load_people()

    def _load_people(self) -> None:
        for row in read_table("people.tsv"):
            spell = PersonSpell(
                row["name"],
                row["country"] or None,
                row["role"],
                int(row["start"]),
                int(row["end"]) if row["end"] else None,
            )
            for form in [row["name"], *_split(row["aliases"])]:
                self.people[form].append(spell)
            for form in _split(row["surname"]):
                self.surnames[form].append(spell)

    def person(self, text: str, year: int | None) -> PersonSpell | None:
        """The known figure a name (or, failing that, a lone surname) denotes in a given year."""
        spells = self.people.get(text) or (self.surnames.get(text) if " " not in text else None)
        return min(spells, key=lambda s: s.distance(year)) if spells else None

    def _load_countries(self) -> None:
        for row in read_table("countries.tsv"):
            iso3, name = row["iso3"], row["name"]
            self.country_names[iso3] = name
            state = ActorEntry(name, iso3, None, "state", "GPE")
            for form in [name, *_split(row["aliases"])]:
                self.surface.setdefault(form, state)
            for form in _split(row["demonyms"]):
                self.surface.setdefault(form, ActorEntry(name, iso3, None, "group", "NORP"))
            for form in _split(row["metonyms"]):
                # Capitals and seats of power stand for the government in news copy.
                self.surface.setdefault(form, ActorEntry(f"{name} government", iso3, "GOV", "state", "GPE"))

    def _load_organisations(self, path: str | Path) -> None:
        for row in read_table(path):
            entry = ActorEntry(
                row["name"], row["country"] or None, row["role"] or None, row["kind"] or "organisation", "ORG"
            )
            self.surface[row["pattern"]] = entry

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Entity-ruler patterns; `id` keys the match back to its entry (people by their full names only)."""
        patterns = [{"label": e.label, "pattern": form, "id": form} for form, e in self.surface.items()]
        patterns += [{"label": "PERSON", "pattern": form, "id": PERSON_ID + form} for form in self.people]
        return patterns

    def role_of(self, phrase: str) -> RoleNoun | None:
        return self.roles.get(phrase.lower())


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@cache
def _lexicon(user_files: tuple[Path, ...]) -> ActorLexicon:
    return ActorLexicon(user_files)


def actor_lexicon() -> ActorLexicon:
    """The lexicon for this process: the package's tables plus the user's files."""
    return _lexicon(user_files(USER_ACTORS_ENV))


@cache
def irregular_past_forms() -> frozenset[str]:
    """Irregular past forms ("overthrew", "fought"), to recognise verbs the tagger mislabels."""
    return frozenset(row["past"] for row in read_table("verb_forms.tsv") if row.get("past"))
