"""Whether the text asserts an event or only negates, conditions, plans or hedges it."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from eventwire.events.clauses import RELATIVE_PRONOUNS, is_infinitive, is_past
from eventwire.model import Modality
from eventwire.tables import read_table

_CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "pcomp", "acl", "relcl"}


@cache
def _cues() -> dict[str, dict[str, Modality]]:
    """Modality cue words by where they sit: `aux` (will, could), `governor` (plan to), `adverb` (reportedly)."""
    cues: dict[str, dict[str, Modality]] = {
        "aux": {},
        "governor": {},
        "adverb": {},
        "mark": {},
        "implicative": {},
        "infinitive": {},
        "authorship": {},
    }
    for row in read_table("modality_cues.tsv"):
        cues[row["position"]][row["word"]] = row["modality"]  # type: ignore[assignment]
    return cues


def modality_of(trigger: Token) -> Modality:
    """Walk from the trigger up through the clauses that embed it; the first cue decides."""
    cues = _cues()
    claimed = _authorship_claimed(trigger, cues["authorship"])
    if claimed:
        return claimed
    token = carrying_verb(trigger)
    for depth in range(4):
        found = _cue_on(token, cues, embedded=depth > 0)
        if found:
            return found
        if token.dep_ not in _CLAUSE_LINKS or token.head.i == token.i or _past_adjunct(token):
            break
        if token.dep_ == "conj":
            if _alternative_to_a_modal(token):
                return "hypothetical"  # "must drop the barriers or face penalties": one or the other
            token = token.head
            continue
        if token.dep_ in ("xcomp", "ccomp", "pcomp") or is_infinitive(token) or _content_of_noun(token):
            governor = token.head.head if token.dep_ == "pcomp" else token.head
            lemma = governor.lemma_.lower()
            if lemma in cues["governor"]:
                return cues["governor"][lemma]
            if is_infinitive(token) and lemma in cues["infinitive"]:
                return cues["infinitive"][lemma]
            if is_infinitive(token) and lemma not in cues["implicative"] and governor.pos_ != "AUX":
                return "future"  # "made a visit to strengthen ...": a purpose, not a fact
        token = token.head.head if token.dep_ == "pcomp" else token.head
    return "asserted"


def _authorship_claimed(trigger: Token, words: dict[str, Modality]) -> Modality | None:
    """ "claimed responsibility *for* the attack", "blamed Kyiv *for* the strike": the act is named to say who did
    it, and that is a claim or an accusation, not a report of the doer."""
    while trigger.dep_ == "conj":
        trigger = trigger.head  # "responsibility for both the bridge and the market *bombings*"
    if trigger.dep_ != "pobj" or trigger.head.lower_ != "for":
        return None
    holder = trigger.head.head
    # "claimed responsibility on Monday *for* the raids": the parser may hang "for" on the verb
    nouns = [holder, *(c for c in holder.children if c.dep_ == "dobj")] if holder.pos_ == "VERB" else [holder]
    return next((words[n.lemma_.lower()] for n in nouns if n.lemma_.lower() in words), None)


def _past_adjunct(clause: Token) -> bool:
    """ "will have to watch from afar after its members *were denied* visas": an adverbial or relative clause in
    the past tense reports what happened, whatever the clause above plans or supposes."""
    return clause.dep_ in ("advcl", "relcl") and is_past(clause)


def carrying_verb(trigger: Token) -> Token:
    """The verb whose tense and mood a nominal event takes: "will extend *the curfew*"; else the trigger."""
    while trigger.dep_ == "compound" and trigger.head.i != trigger.i:
        trigger = trigger.head  # "face *tariff* penalties": the phrase's head noun carries it
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("dobj", "nsubjpass", "attr")
        and trigger.head.pos_ == "VERB"
    ):
        return trigger.head
    return trigger


def _cue_on(token: Token, cues: dict[str, dict[str, Modality]], embedded: bool) -> Modality | None:
    # negation first: "would not meet" is a negated event (a refusal), not a future one
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "never")) for c in token.children):
        return "negated"
    for child in token.children:
        lower = child.lower_
        if child.dep_ in ("aux", "auxpass") and lower in cues["aux"]:
            return cues["aux"][lower]
        if child.dep_ == "advmod" and lower in cues["adverb"]:
            return cues["adverb"][lower]
        if child.dep_ == "mark" and lower in cues["mark"]:
            return cues["mark"][lower]
    return None


_MODALS = {"must", "should", "will", "would", "could", "may", "might", "shall"}


def _alternative_to_a_modal(conjunct: Token) -> bool:
    head = conjunct.head
    offered = any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children)
    return offered and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in head.children)


def _content_of_noun(clause: Token) -> bool:
    """ "charges *that* it tortured a priest": a clause that spells out what a noun says, not one that describes it
    ("the report *that found* ...", where "that" is the subject)."""
    if clause.dep_ != "acl" or clause.head.pos_ != "NOUN":
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in RELATIVE_PRONOUNS for c in clause.children)
