"""Announced intentions, refusals and obligations are events of their own (CAMEO 03, 12, 13, 10).

"Hungary will support the resolution" reports no support yet, but it does report that
Hungary expressed its intent to (AGREE, 032). "The U.S. would not meet the demands" reports a
refusal (REJECT); "Iraq must cooperate, Chirac said" a demand by Chirac (DEMAND). The announced
event keeps its modality (`future`, `negated`, `hypothetical`); the announcement is asserted.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Token

from eventwire.actors.resolve import ActorIndex
from eventwire.events.arguments import actors_of, speaker_of
from eventwire.events.clauses import RELATIVE_PRONOUNS
from eventwire.events.mention import EventMention
from eventwire.events.modality import carrying_verb
from eventwire.model import Span
from eventwire.ontology import ontology
from eventwire.tables import read_table

_FUTURE_AUX = {"will", "would", "wo", "shall", "'ll"}
_OBLIGATION_AUX = {"must"}  # "should" advises: an appeal (CAMEO 02), which PLOVER drops
_REFUSING_GOVERNORS = {"refuse", "decline", "fail", "reject"}
# Verbs and adjectives that state an intention ("plans to", "is ready to"); a bare purpose clause
# ("telephoned him to discuss") states none.
_INTENT_GOVERNORS = {
    "plan",
    "intend",
    "promise",
    "vow",
    "pledge",
    "swear",
    "threaten",
    "ready",
    "willing",
    "prepared",
    "committed",
    "determined",
    "want",
    "hope",
    "seek",
    "offer",
    "aim",
    "expect",
    "agree",
    "decide",
    "schedule",
}


# Verbs of wishing: their complement is an intention only when the wisher is the one who will act.
_WISH_GOVERNORS = {"want", "hope", "wish", "expect", "like", "prefer"}


@cache
def _table() -> dict[str, dict[str, str]]:
    return {row["category"]: row for row in read_table("intent.tsv")}


def announcements(mentions: list[EventMention], index: ActorIndex) -> list[EventMention]:
    """The asserted announcement each non-asserted mention implies, where it implies one."""
    derived = []
    for mention in mentions:
        found = _announcement(mention, index)
        if found is not None:
            derived.append(found)
    return derived


def _announcement(mention: EventMention, index: ActorIndex) -> EventMention | None:
    row = _table().get(mention.category)
    if row is None or mention.modality == "asserted":
        return None
    token = carrying_verb(mention.token)
    if _obligation(token) and row["obligation"]:
        speaker = speaker_of(token, index)
        return _derive(mention, row["obligation"], source=speaker, target=mention.source)
    if mention.modality == "negated" and _refusal(token) and row["refusal"]:
        return _derive(mention, _refusal_code(mention.cameo, row["refusal"]))
    if mention.modality == "future" and row["preparation"] and _prepared(token):
        return _derive(mention, row["preparation"])
    if mention.modality == "future" and row["intent"] and _stated_intent(token):
        return _derive(mention, row["intent"])
    if mention.modality == "reported" and row.get("allegation") and _alleged(token):
        # "the US claimed that ISIL had attacked Iraq": whatever ISIL did, the US accused it
        speaker = speaker_of(token, index)
        accused = [a for a in mention.source if a not in speaker]  # nobody accuses themselves: "they" misread
        return _derive(mention, row["allegation"], source=speaker, target=accused) if accused else None
    return None


def _alleged(token: Token) -> bool:
    """Whether the clause is the content of a claim or allegation ("claimed that ...", "alleged that ..."); a noun
    is no clause ("claimed responsibility for the *attacks*" claims the attacks, it accuses nobody)."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    for governor in list(token.ancestors)[:3]:
        if governor.pos_ == "VERB":
            return governor.lemma_.lower() in _alleging_verbs()
    return False


@cache
def _alleging_verbs() -> frozenset[str]:
    rows = read_table("modality_cues.tsv")
    return frozenset(r["word"] for r in rows if r["position"] == "governor" and r["modality"] == "reported")


def obligations(doc: Doc, index: ActorIndex, coded: set[int]) -> list[EventMention]:
    """ "China must drop its barriers, the administration declared": a demand, whatever the verb.

    `coded` holds the token indices that already carry a mention (their announcement is derived above).
    """
    found = []
    for sentence_index, sent in enumerate(doc.sents):
        for token in sent:
            if token.i in coded or token.pos_ != "VERB" or not _obligation(token):
                continue
            if token.dep_ != "ccomp" or token.head.lemma_.lower() not in _speech_verbs():
                continue
            subject = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            target = actors_of(subject, index)
            source = speaker_of(token, index)
            if source or target:
                found.append(_obligation_mention(sentence_index, sent.text.strip(), token, source, target))
    return found


def _obligation_mention(sentence_index: int, evidence: str, token: Token, source: list, target: list) -> EventMention:
    return EventMention(
        sentence_index=sentence_index,
        evidence=evidence,
        trigger=Span(token.text, token.idx, token.idx + len(token.text)),
        token=token,
        category="DEMAND",
        cameo="100",
        modality="asserted",
        confidence=0.5,
        source=source,
        target=target,
        themes=frozenset(),
    )


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(row["word"] for row in read_table("speech_verbs.tsv") if row["kind"] == "verb")


def _derive(mention: EventMention, cameo: str, source: list | None = None, target: list | None = None) -> EventMention:
    """The announcement as an event; by default its actors are the announced event's."""
    category = ontology().category_of(cameo) or mention.category
    return replace(
        mention,
        category=category,
        cameo=cameo,
        modality="asserted",
        confidence=mention.confidence * 0.9,
        source=mention.source if source is None else source,
        target=mention.target if target is None else target,
        themes=frozenset(),
    )


def _auxiliaries(token: Token) -> set[str]:
    """Auxiliaries on the verb or on the verbs it is the complement of ("will be able to meet")."""
    found = set()
    for t in [token, *token.ancestors][:3]:
        found |= {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
        if t.dep_ not in ("xcomp", "conj", "acomp"):  # "must be ready to mediate"
            break
    return found


def _wish_for_another(token: Token, governor: Token) -> bool:
    """ "Obama wants Putin to attack", "she hoped officials would be indicted", "voiced hope that the new
    government will help": a wish about what someone else will do announces nobody's intention."""
    if token.dep_ not in ("xcomp", "ccomp", "acl") or not _verb_in(governor, _WISH_GOVERNORS):
        return False
    own = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS]
    wisher = [c for c in governor.children if c.dep_ in ("nsubj", "poss")]
    if governor.pos_ == "NOUN" and not wisher:
        wisher = [c for c in governor.head.children if c.dep_ == "nsubj"]  # "voiced *hope* that X will help"
    if not own or own[0].pos_ == "PRON":
        return False  # "Iran hopes it will resume talks": a pronoun is most often the wisher itself
    return not (wisher and own[0].lower_ == wisher[0].lower_)


def _asked_of_another(token: Token, governor: Token) -> bool:
    """ "will ask the Asian Development Bank *to help*": what the object of the verb above is to do is asked of it,
    not announced by it."""
    return token.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in governor.children)


def _verb_in(token: Token, lemmas: set[str]) -> bool:
    """By lemma, or by a regular form of one: the small model lemmatises "hoped" as "hop"."""
    lower = token.lower_
    stem = lower[:-1] if lower.endswith(("ed", "es")) else lower
    return token.lemma_.lower() in lemmas or lower in lemmas or stem in lemmas or stem + "e" in lemmas


def _obligation(token: Token) -> bool:
    return bool(_auxiliaries(token) & _OBLIGATION_AUX)


def _stated_intent(token: Token) -> bool:
    if _planned(token):
        return True
    first = _first_conjunct(token)
    return first is not token and _planned(first)


def _prepared(token: Token) -> bool:
    """ "the brigade prepared to storm the town", "as the minister prepared to fly to Lima"."""
    first = _first_conjunct(token)
    return first.dep_ == "xcomp" and first.head.pos_ == "VERB" and first.head.lemma_.lower() == "prepare"


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.pos_ == "VERB":
        token = token.head  # "plans to open a factory *and meet* the governor": the conjuncts share the plan
    return token


def _planned(token: Token) -> bool:
    governor = token.head
    if _wish_for_another(token, governor) or _asked_of_another(token, governor):
        return False
    if _auxiliaries(token) & _FUTURE_AUX:
        return True
    if token.dep_ in ("xcomp", "ccomp") and governor.lemma_.lower() in _INTENT_GOVERNORS:
        return True
    # "is ready to mediate": the adjective is the verb's head or its sibling complement
    return governor.lemma_.lower() == "be" and any(c.lemma_.lower() in _INTENT_GOVERNORS for c in governor.children)


def _refusal_code(refused: str | None, default: str) -> str:
    """ "will not end the strike": declining to ease dissent (1242), more exact than declining to yield (124)."""
    codes = _refusal_codes()
    prefixes = [p for p in codes if refused and refused.startswith(p)]
    return codes[max(prefixes, key=len)] if prefixes else default


@cache
def _refusal_codes() -> dict[str, str]:
    return {row["yield"]: row["refusal"] for row in read_table("refusals.tsv")}


def _refusal(token: Token) -> bool:
    if _auxiliaries(token) & _FUTURE_AUX:
        return True
    return any(t.lemma_.lower() in _REFUSING_GOVERNORS for t in token.ancestors)
