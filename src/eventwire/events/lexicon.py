"""The event-pattern lexicon: trigger words, what they must govern, and the CAMEO code they imply.

Patterns live in `data/event_patterns.tsv`; users add their own rows (same columns,
any CAMEO code or a category of their own in `cameo`) through `EVENTWIRE_PATTERNS`.
Surface forms are generated from lemmas (regular English inflection plus the
irregular forms in `data/verb_forms.tsv`), so a trigger is found even where the
tagger is wrong, as it often is in title-case headlines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventwire.tables import read_table, user_files

USER_PATTERNS_ENV = "EVENTWIRE_PATTERNS"
_VOWELS = set("aeiou")


@dataclass(frozen=True, slots=True)
class Pattern:
    trigger: str  # lemma, lower case
    particle: str | None  # "out" in "pull out"
    pos: str  # V or N
    with_lemmas: frozenset[str]  # at least one must be governed by the trigger; empty = none needed
    cameo: str
    of_role: str | None  # nominal triggers: "source" or "target" for the "X of Y" complement


class EventLexicon:
    def __init__(self, user_files: tuple[Path, ...] = ()) -> None:
        self.patterns: dict[str, list[Pattern]] = defaultdict(list)
        self.forms: dict[str, set[tuple[str, str]]] = defaultdict(set)  # surface form -> {(lemma, pos)}
        irregular = {row["lemma"]: row for row in read_table("verb_forms.tsv")}
        for path in ("event_patterns.tsv", *user_files):
            for row in read_table(path):
                self._add(_pattern(row), irregular)
        for lemma_patterns in self.patterns.values():
            # specific patterns (with a required complement) are tried first
            lemma_patterns.sort(key=lambda p: (not p.with_lemmas, p.particle is None))

    def _add(self, pattern: Pattern, irregular: dict[str, dict[str, str]]) -> None:
        self.patterns[pattern.trigger].append(pattern)
        word = pattern.trigger
        forms = verb_forms(word, irregular.get(word)) if pattern.pos == "V" else noun_forms(word)
        for form in forms:
            self.forms[form].add((word, pattern.pos))

    def candidates(self, form: str) -> set[tuple[str, str]]:
        """(lemma, pos) pairs a lower-cased surface form can be an inflection of."""
        return self.forms.get(form, set())


def _pattern(row: dict[str, str]) -> Pattern:
    words = row["trigger"].lower().split()
    return Pattern(
        trigger=words[0],
        particle=words[1] if len(words) > 1 else None,
        pos=row.get("pos", "V") or "V",
        with_lemmas=frozenset(w.strip().lower() for w in row.get("with", "").split("|") if w.strip()),
        cameo=row["cameo"],
        of_role=row.get("of_role") or None,
    )


def verb_forms(lemma: str, irregular: dict[str, str] | None = None) -> set[str]:
    """The inflected forms of an English verb."""
    forms = {lemma, _third_person(lemma), _past(lemma), _gerund(lemma)}
    if irregular:
        forms |= {irregular[k] for k in ("past", "past_participle", "third_person", "gerund") if irregular.get(k)}
    return forms


def noun_forms(lemma: str) -> set[str]:
    return {lemma, _third_person(lemma)}  # the plural follows the same spelling rule as -s


def _third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ied"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


@cache
def _lexicon(user_files: tuple[Path, ...]) -> EventLexicon:
    return EventLexicon(user_files)


def event_lexicon() -> EventLexicon:
    return _lexicon(user_files(USER_PATTERNS_ENV))
