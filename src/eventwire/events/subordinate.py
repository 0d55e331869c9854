"""Mentions that are another mention's content, not news of their own.

"Renewed negotiations *on* an Israeli troop *pullback*": the pullback is what the talks are
about. "Lodged a protest, charging its neighbour *with supporting* dissidents": the support is
the accusation's content. "Staged rallies *demanding* his resignation": the demand is what the
protest says. Each such mention only corroborates; it does not report an event alone.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.mention import EventMention
from eventwire.events.modality import carrying_verb
from eventwire.events.triggers import reports_the_sentence

# "talks on X", "an investigation into X", "a dispute over X", "concerns about X"
_TOPIC_PREPS = {"on", "about", "into", "over", "regarding", "concerning"}
# "accused X of Y-ing", "charged X with Y-ing", "arrested for Y-ing"
_REASON_PREPS = {"of", "with", "for"}
_CLAIMS = {"DISAPPROVE", "COERCE", "SANCTION", "INVESTIGATE"}


def mark_subordinates(mentions: list[EventMention]) -> None:
    """Set `standalone = False` on every mention that is the topic or content of another in its sentence."""
    for b in mentions:
        for a in mentions:
            if a is not b and a.sentence_index == b.sentence_index and _is_content_of(b, a):
                b.standalone = False
                break


def _is_content_of(b: EventMention, a: EventMention) -> bool:
    if _topic_of(b.token, a.token) or _describes_argument(b.token, a.token):
        return True
    anchors = {a.token.i, carrying_verb(a.token).i}
    ancestors = [t.i for t in b.token.ancestors]
    if a.category in _CLAIMS and _reason_gerund(b.token) and anchors & set(ancestors[:4]):
        return True
    return a.category == "PROTEST" and b.category == "DEMAND" and bool(anchors & set(ancestors))


def _topic_of(b: Token, a: Token) -> bool:
    """A nominal event in an "on/about/into/over" phrase hanging on the other event's word or its object."""
    if b.pos_ not in ("NOUN", "PROPN") or b.dep_ != "pobj" or b.head.lower_ not in _TOPIC_PREPS:
        return False
    holder = b.head.head  # the phrase often hangs on the verb: "renewed [negotiations] [on a pullback]"
    objects = ("dobj", "nsubjpass", "attr")
    if holder.i == a.i or (a.dep_ in objects and a.head.i == holder.i):
        return True
    return holder.head.i == a.i and holder.dep_ in objects


def _describes_argument(b: Token, a: Token) -> bool:
    """ "Sudan must return a helicopter *that was captured* last week": a relative clause on the other event's
    argument says what the thing is, it does not report news of its own."""
    clause = next((t for t in [b, *list(b.ancestors)[:2]] if t.dep_ in ("relcl", "acl")), None)
    if clause is None or clause.head.i == a.i or _ongoing(clause) or reports_the_sentence(clause):
        return False
    return a.i in {t.i for t in clause.head.ancestors}


def _ongoing(clause: Token) -> bool:
    """ "dispersed demonstrators *protesting* the results": a present participle on the noun reports what its
    people were doing at the time, which is news as much as what was done to them."""
    return clause.dep_ == "acl" and clause.tag_ == "VBG"


def _reason_gerund(b: Token) -> bool:
    return b.tag_ == "VBG" and b.dep_ == "pcomp" and b.head.lower_ in _REASON_PREPS
