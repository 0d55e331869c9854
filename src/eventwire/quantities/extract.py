"""Counts and sums of money in a parsed article: "1,000 troops", "at least 12 killed", "$1.5bn".

A count is a number phrase ("12", "several hundred", "tens of thousands") and what it counts, told by
the noun it modifies ("troops", "protesters") or by the event it takes part in: the object or passive
subject of "kill", "arrest", "displace"; the subject of "die", "flee", "march". The event wins over a
plain noun ("two soldiers were arrested" counts arrests). A number that counts something we do not
know ("3 jets") is left out, and so are years, dates, ages, percentages, times and numbers in names.
Money is found by pattern over the text: a currency symbol or word around a number and its scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from eventwire.model import Quantity
from eventwire.tables import read_table

# Entities whose numbers are not counts: dates, times, ages, percentages, ranks, names.
_NOT_COUNTS = {"DATE", "TIME", "PERCENT", "ORDINAL", "MONEY", "QUANTITY", "PERSON", "ORG", "GPE", "LOC", "FAC"}
_NOT_COUNTS |= {"PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE", "NORP"}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# What may follow a number that is not a count: "40 %", "45 years old", "8 p.m.", "9:30".
_AFTER_NOT_COUNT = {"%", "percent", "per", "pct", "a.m.", "p.m.", "am", "pm", "o'clock", ":", "years-old"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "obj"}
_COMPLEMENT_DEPS = {"oprd", "xcomp", "acomp", "ccomp"}


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, dict[str, str]]  # kind -> word -> value

    def of(self, kind: str) -> dict[str, str]:
        return self.words.get(kind, {})

    def alt(self, kind: str, bounded: bool = True) -> str:
        """A regex alternation, longest first; alphabetic ends get word boundaries when `bounded`."""
        found = sorted(self.of(kind), key=len, reverse=True)
        return "|".join(_bounded(w) if bounded else re.escape(w) for w in found)


def _bounded(word: str) -> str:
    left = r"\b" if word[0].isalpha() else ""
    right = r"\b" if word[-1].isalpha() else ""
    return f"{left}{re.escape(word)}{right}"


@cache
def _vocab() -> _Vocab:
    words: dict[str, dict[str, str]] = {}
    for row in read_table("quantity_units.tsv"):
        words.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return _Vocab(words)


@cache
def _money_patterns() -> tuple[re.Pattern[str], ...]:
    v = _vocab()
    cur, scale = v.alt("currency"), v.alt("scale", bounded=False)  # scales stick to digits: "€50m"
    num = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    return (
        re.compile(rf"(?P<cur>{cur})\s?{num}(?:\s?(?P<scale>(?i:{scale})))?(?!\w)"),  # "$1.5bn", "Rs 500 crore"
        re.compile(rf"{num}(?:\s?(?P<scale>(?i:{scale}))\b)?\s(?P<cur>{cur})"),  # "100 million dollars"
    )


def _money(text: str) -> list[Quantity]:
    v = _vocab()
    found: list[Quantity] = []
    for rx in _money_patterns():
        for m in rx.finditer(text):
            if any(q.start < m.end() and m.start() < q.end for q in found):
                continue
            value = float(m["num"].replace(",", "")) * float(v.of("scale").get((m["scale"] or "").lower(), "1"))
            found.append(Quantity(m[0], value, v.of("currency")[m["cur"]], m.start(), m.end()))
    return found


# --- number phrases --------------------------------------------------------------------------


@dataclass(slots=True)
class _Phrase:
    tokens: list[Token]
    value: float
    vague: bool


def _word_value(token: Token) -> tuple[float, bool] | None:
    """The value of one number token, and whether it is a vague word ("dozens")."""
    v, low = _vocab(), token.lower_
    if _DIGITS.fullmatch(token.text):
        return float(token.text.replace(",", "")), False
    if low in v.of("number"):
        return float(v.of("number")[low]), False
    if low in v.of("vague"):
        return float(v.of("vague")[low]), True
    if low in v.of("scale") and len(low) > 3:  # "m" and "bn" only mean millions in money
        return float(v.of("scale")[low]), False
    return None


def _phrases(doc: Doc) -> list[_Phrase]:
    """Runs of number tokens: "1,000", "several hundred", "tens of thousands", "a dozen", "twenty-five"."""
    found: list[_Phrase] = []
    i = 0
    while i < len(doc):
        start = i + 1 if doc[i].lower_ in {"a", "an"} and i + 1 < len(doc) else i
        values = [] if (first := _word_value(doc[start])) is None else [first]
        lone_few = start == i and doc[start].lower_ == "few"  # "few people came" is not a count
        if not values or lone_few or (start > i and _DIGITS.fullmatch(doc[start].text)):
            i += 1
            continue
        end = start + 1
        while end < len(doc):
            nxt = _word_value(doc[end])
            if nxt and not _DIGITS.fullmatch(doc[end].text):
                values.append(nxt)
                end += 1
            elif doc[end].text in {"-", "of"} and end + 1 < len(doc) and _joins(values[-1], doc[end], doc[end + 1]):
                end += 1
            else:
                break
        found.append(_Phrase(list(doc[i:end]), _combine([val for val, _ in values]), any(vg for _, vg in values)))
        i = end
    return found


def _joins(previous: tuple[float, bool], joiner: Token, nxt: Token) -> bool:
    """ "twenty-five" joins by a hyphen; "tens of thousands" by "of" before a large vague word."""
    value = _word_value(nxt)
    if value is None or _DIGITS.fullmatch(nxt.text):
        return False
    if joiner.text == "-":
        return not previous[1]
    return previous[1] and value[0] >= 1000


def _combine(values: list[float]) -> float:
    """Add small numbers, multiply by scales: "two thousand five hundred", "several hundred"."""
    total, current = 0.0, 0.0
    for v in values:
        if v >= 100 and current:
            if v == 100:
                current *= v
            else:
                total, current = total + current * v, 0.0
        else:
            current += v
    return total + current


def _is_count(phrase: _Phrase, doc: Doc) -> bool:
    first, last = phrase.tokens[0], phrase.tokens[-1]
    if any(t.ent_type_ in _NOT_COUNTS for t in phrase.tokens):
        return False
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and (after.lower_ in _AFTER_NOT_COUNT or after.lower_.startswith("year-old")):
        return False
    if after is not None and after.text == "-":  # "three-day", "45-year-old"; "5,000-strong" is handled apart
        return False
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.pos_ == "PROPN" and before.text[:1].isupper():  # "Frente 13", "Article 5"
        return False
    # A bare four-digit number in the range of years is a year unless a counted noun follows.
    if len(phrase.tokens) == 1 and re.fullmatch(r"(?:1[89]|20)\d\d", first.text):
        return after is not None and after.lemma_.lower() in _vocab().of("noun")
    return True


# --- what a number counts --------------------------------------------------------------------


def _outer(phrase: _Phrase) -> Token:
    """The phrase token that attaches to the rest of the sentence."""
    inside = {t.i for t in phrase.tokens}
    outer = [t for t in phrase.tokens if t.head.i not in inside or t.head.i == t.i]
    return outer[-1] if outer else phrase.tokens[-1]


def _counted_noun(phrase: _Phrase, outer: Token) -> Token | None:
    """ "1,000 troops" (a modifier), "hundreds of protesters" (of + noun), "one of the officers"."""
    inside = {t.i for t in phrase.tokens}
    head = outer.head
    # "14 dead" in headlines: an adjective used as a noun counts only if it names a unit.
    nominal = head.pos_ in {"NOUN", "PROPN"} or (head.pos_ == "ADJ" and _unit_of_noun(head) is not None)
    if outer.dep_ in {"nummod", "quantmod", "amod", "compound", "nmod"} and nominal:
        return head
    for token in phrase.tokens:
        for prep in token.children:
            if prep.lower_ == "of" and prep.i not in inside:
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return None


def _unit_of_noun(noun: Token) -> str | None:
    nouns = _vocab().of("noun")
    return nouns.get(noun.lower_) or nouns.get(noun.lemma_.lower())


def _relation_holder(nominal: Token) -> Token:
    """The token whose role in the clause decides the event: climb conjuncts and containers."""
    containers = _vocab().of("container")
    while True:
        if nominal.dep_ == "conj" and nominal.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
            nominal = nominal.head
        elif nominal.dep_ == "pobj" and nominal.head.lower_ == "of" and nominal.head.head.lemma_ in containers:
            nominal = nominal.head.head
        else:
            return nominal


def _event_unit(nominal: Token) -> tuple[str | None, bool]:
    """(unit, is_patient) from the event the counted take part in, if it is one we know."""
    v = _vocab()
    patient, agent = v.of("patient"), v.of("agent")
    for child in nominal.children:  # "dozens injured", "20,000 people displaced by the floods"
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in patient:
            return patient[child.lemma_.lower()], True
    holder = _relation_holder(nominal)
    verb = holder.head
    lemma = verb.lemma_.lower()
    if holder.dep_ in _PATIENT_DEPS and lemma in patient:
        return patient[lemma], True
    if holder.dep_ == "nsubj" and verb.tag_ == "VBN" and lemma in patient:  # "12 killed" in headline style
        return patient[lemma], True
    if holder.dep_ in _PATIENT_DEPS:  # "left 12 people dead", "12 were reported killed"
        for child in verb.children:
            if child.dep_ in _COMPLEMENT_DEPS and child.lemma_.lower() in patient:
                return patient[child.lemma_.lower()], True
    if holder.dep_ == "nsubj" and lemma in agent:
        return agent[lemma], False
    return None, False


def _amount_unit(outer: Token) -> str | None:
    """ "The death toll rose to 30", "the crowd numbered 5,000": the subject says what is counted."""
    verb = outer.head.head if outer.dep_ == "pobj" else outer.head
    if verb.lemma_.lower() not in _vocab().of("amount"):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return _unit_of_noun(subjects[0]) if subjects else None


def _strong_force(phrase: _Phrase, doc: Doc) -> Token | None:
    """ "a 5,000-strong force": the number counts the noun after "-strong"."""
    i = phrase.tokens[-1].i
    if i + 3 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ == "strong":
        return doc[i + 3]
    return None


def _unit(phrase: _Phrase, doc: Doc) -> tuple[str | None, Token | None]:
    """What the phrase counts, and the noun that says so (for the quantity's text)."""
    if (noun := _strong_force(phrase, doc)) is not None:
        return _unit_of_noun(noun), noun
    outer = _outer(phrase)
    noun = _counted_noun(phrase, outer)
    if noun is not None and noun.pos_ == "PRON":  # "killing 5 of them"
        noun = None
    noun_unit = _unit_of_noun(noun) if noun is not None else None
    if noun is not None and noun_unit is None:
        return None, None  # it counts something else: "3 jets", "5 villages"
    # The noun plays the part in "12 people were killed"; the number does in "hundreds of people were held".
    event_unit, is_patient = _event_unit(noun if noun is not None and outer.head.i == noun.i else outer)
    if event_unit and (is_patient or noun_unit in {None, "people"}):
        return event_unit, noun
    if noun_unit:
        return noun_unit, noun
    if amount := _amount_unit(outer):
        return amount, None
    if outer.dep_ == "pobj" and outer.head.lower_ == "of" and (unit := _unit_of_noun(outer.head.head)):
        return unit, None  # "a crowd of 5,000"
    return ("people" if phrase.vague else None), None


def _count(phrase: _Phrase, doc: Doc, text: str) -> Quantity | None:
    if not _is_count(phrase, doc) and _strong_force(phrase, doc) is None:
        return None
    unit, noun = _unit(phrase, doc)
    if unit is None:
        return None
    first = phrase.tokens[0]
    last = phrase.tokens[-1]
    if noun is not None and 0 < noun.i - last.i <= 4:  # "1,000 troops", "hundreds of protesters"
        last = noun
    start, end = first.idx, last.idx + len(last.text)
    return Quantity(text[start:end], phrase.value, unit, start, end, phrase.vague)


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts of troops, dead, injured, arrested, displaced, protesters and people; sums of money."""
    text = doc.text  # Doc.text joins every token: read it once
    money = _money(text)
    counts = []
    for phrase in _phrases(doc):
        span = (phrase.tokens[0].idx, phrase.tokens[-1].idx + len(phrase.tokens[-1].text))
        if any(q.start < span[1] and span[0] < q.end for q in money):
            continue
        if (quantity := _count(phrase, doc, text)) is not None:
            counts.append(quantity)
    return sorted(money + counts, key=lambda q: q.start)
