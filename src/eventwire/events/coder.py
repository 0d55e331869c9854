"""Code the events of one parsed article: every trigger in every sentence becomes an `EventMention`.

Mentions are merged into events later (`eventwire.dedup.merge`); here each one keeps
the token it came from so that dating can read the parse around it.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from eventwire.actors.resolve import ActorIndex
from eventwire.events.arguments import Arguments, actors_of, find_arguments
from eventwire.events.intent import announcements, obligations
from eventwire.events.lexicon import event_lexicon
from eventwire.events.mention import EventMention
from eventwire.events.modality import modality_of
from eventwire.events.subordinate import mark_subordinates
from eventwire.events.triggers import TIME_NOUNS, Trigger, find_triggers
from eventwire.model import Actor, Span
from eventwire.ontology import ontology
from eventwire.tables import read_table


def code_mentions(doc: Doc, index: ActorIndex) -> list[EventMention]:
    lexicon = event_lexicon()
    mentions = []
    for sentence_index, sent in enumerate(doc.sents):
        for trigger in find_triggers(sent, lexicon):
            mention = _mention(sentence_index, sent.text.strip(), trigger, index)
            if mention is not None:
                mentions.append(mention)
    mentions = _fold_outcomes(mentions)
    coded = {m.token.i for m in mentions}
    mentions = mentions + announcements(mentions, index) + obligations(doc, index, coded)
    mark_subordinates(mentions)
    return mentions


_VIOLENT = {"ASSAULT", "FIGHT", "COERCE", "PROTEST"}
# Adjuncts that give an event's cause, setting or a comparison, not news of its own: "after violent protests",
# "amid unrest", "like the Astana talks".
_BACKGROUND_PREPS = {"after", "amid", "amidst", "despite", "since", "because", "over", "like", "unlike"}


@cache
def _outcomes() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("outcome_triggers.tsv"))


def _fold_outcomes(mentions: list[EventMention]) -> list[EventMention]:
    """ "Suicide bombers killed 23 people when they blew themselves up": one assault, not an assault and a fight."""
    acts = [m for m in mentions if m.category in _VIOLENT and _lemma(m) not in _outcomes()]
    kept = []
    for m in mentions:
        act = _act_of(m, acts) if _lemma(m) in _outcomes() else None
        if act is None:
            kept.append(m)
            continue
        # the act inherits who did it and who suffered it from the outcome's clause
        act.source = act.source or m.source
        act.target = act.target or m.target
        act.standalone = act.standalone or m.standalone
    return kept


def _act_of(outcome: EventMention, acts: list[EventMention]) -> EventMention | None:
    """The act an outcome reports the toll of: the nearest one joined to it in the parse ("a *bombing* killed",
    "killed ... when they *blew* themselves up"), not one in another clause of the sentence."""
    linked = [a for a in acts if a.sentence_index == outcome.sentence_index and _joined(a.token, outcome.token)]
    return min(linked, key=lambda a: abs(a.token.i - outcome.token.i), default=None)


def _joined(a: Token, b: Token) -> bool:
    """One is inside the other's phrase (the parse is projective, so a phrase is a span)."""
    return a.left_edge.i <= b.i <= a.right_edge.i or b.left_edge.i <= a.i <= b.right_edge.i


def _lemma(mention: EventMention) -> str:
    return mention.token.lemma_.lower()


def _mention(sentence_index: int, evidence: str, trigger: Trigger, index: ActorIndex) -> EventMention | None:
    opposed = _opposed(trigger, index)
    category, cameo = _category("113" if opposed else trigger.pattern.cameo)
    if category is None:
        return None
    token = trigger.token
    if category == "INVESTIGATE" and _inquiry_into_a_thing(trigger, index):
        return None
    args = find_arguments(trigger, index)
    if opposed:
        args.target, args.target_from_syntax = opposed, True
    if category == "CONSULT" and (_is_interview(args) or _meets_alone(trigger)):
        return None
    if cameo == "042" and trigger.is_verbal and not args.source:
        return None  # "trucks travelling from Iran to Syria": a visit needs a visitor
    return EventMention(
        sentence_index=sentence_index,
        evidence=evidence,
        trigger=Span(token.text, token.idx, token.idx + len(token.text)),
        token=token,
        category=category,
        cameo=cameo,
        modality=modality_of(token),
        confidence=_confidence(trigger, args),
        source=args.source,
        target=args.target,
        themes=_themes(trigger),
        standalone=_reports_event(trigger, args),
    )


def _opposed(trigger: Trigger, index: ActorIndex) -> list[Actor]:
    """Whom an appeal asks others to act *against*: "called for measures against the junta" rallies
    opposition to them (CAMEO 113), which PLOVER codes, though it drops appeals."""
    if not trigger.pattern.cameo.startswith(("02", "113")):
        return []
    token = trigger.token
    # what is asked for: the object ("for *action*"), or the act others are urged to ("to *mobilise*"); an
    # "against" deeper down belongs to something else ("urged Paris to lift an embargo against Minsk")
    asked = [c for c in token.children if c.dep_ in ("dobj", "xcomp")]
    asked += [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    against = [c for a in asked for c in a.children if c.dep_ == "prep" and c.lower_ == "against"]
    return actors_of([g for prep in against for g in prep.children if g.dep_ == "pobj"], index)


def _inquiry_into_a_thing(trigger: Trigger, index: ActorIndex) -> bool:
    """ "firefighters are investigating the blaze": an inquiry into a thing is not political event data, one into
    a party ("investigated the minister") or a wrong (the pattern's `with` words: corruption, abuses) is."""
    if trigger.pattern.with_lemmas or not trigger.is_verbal:
        return False
    objects = [c for c in trigger.token.children if c.dep_ == "dobj"]
    # "investigated the welfare *of 2,000 Libyans*": the party may follow the object
    owners = [g for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
    return bool(objects) and not any(index.of_token(t) for t in objects + owners)


def _is_interview(args: Arguments) -> bool:
    """ "NPR's Michel Martin speaks with ...": talking to the press is a public statement (CAMEO 01), not a
    consultation between parties."""
    return any(a.role == "MED" for a in args.source + args.target)


def _meets_alone(trigger: Trigger) -> bool:
    """ "Israel's Cabinet met Sunday": one body in session consults nobody; "the two presidents met", "X met Y",
    "X met with Y" name the parties."""
    token = trigger.token
    if not trigger.is_verbal or token.lemma_.lower() != "meet":
        return False
    partners = [c for c in token.children if c.dep_ in ("dobj", "dative") or c.lower_ in ("with", "between")]
    if partners:
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return (
        len(subjects) == 1
        and subjects[0].tag_ in ("NN", "NNP")
        and not any(c.dep_ == "conj" for c in subjects[0].children)
    )


def _reports_event(trigger: Trigger, args: Arguments) -> bool:
    """Background is not news: a relative clause ("the town, where 28 people have been killed") or a bare noun
    with no actor of its own ("amid the fighting") only corroborates events reported elsewhere."""
    relative = next((t for t in [trigger.token, *list(trigger.token.ancestors)[:2]] if t.dep_ == "relcl"), None)
    if relative is not None and _is_backgrounded(relative):
        return False
    if not trigger.is_verbal and _in_background_adjunct(trigger.token):
        return False
    if _in_since_clause(trigger.token):
        return False  # "since the army seized power, ...": the clause recalls what is known, as "after a week of" does
    return trigger.is_verbal or args.source_from_syntax or args.target_from_syntax


def _in_since_clause(token: Token) -> bool:
    """The trigger's clause, or the one it completes ("since Trump vowed *to crack down*"), opens with "since"."""
    for clause in [token, *list(token.ancestors)[:2]]:
        if clause.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ == "since" for c in clause.children)
        if clause.dep_ not in ("xcomp", "ccomp"):
            return False
    return False


def _in_background_adjunct(token: Token) -> bool:
    # "after a week of unrest", "amid months of fighting": climb the "of" phrases to the adjunct's head
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        token = token.head.head
    prep = token.head
    if token.dep_ != "pobj":
        return False
    if prep.lower_ in _BACKGROUND_PREPS or token.lemma_.lower() in TIME_NOUNS:
        return True  # "at the start of a regional trip", "on the sidelines of a summit": when, not what
    # "in response to", "in the wake of", "because of"
    return prep.head.lower_ in ("response", "wake", "because")


def _is_backgrounded(clause: Token) -> bool:
    """A relative clause in the perfect ("that had overthrown"), of place and time ("where ... were killed"), or
    in the past under a sentence in the present ("speaks with Edelman, who resigned from ..."): who someone is."""
    children = list(clause.children)
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children)
    earlier = clause.tag_ == "VBD" and clause.sent.root.tag_ in ("VBZ", "VBP")
    return perfect or earlier or any(c.lower_ in ("where", "when") for c in children)


def _category(code: str) -> tuple[str | None, str | None]:
    """CAMEO codes map to PLOVER; a user pattern may name a category of its own instead."""
    if code.isdigit():
        return ontology().category_of(code), code
    return code.upper(), None


def _confidence(trigger: Trigger, args: Arguments) -> float:
    """A simple additive score over the evidence the coder had; `eventwire eval` reports how it calibrates."""
    score = 0.45
    score += 0.15 if trigger.pattern.with_lemmas else 0.0
    score += 0.05 if trigger.is_verbal else 0.0
    score += 0.15 if args.source_from_syntax else (0.05 if args.source else -0.1)
    score += 0.1 if args.target_from_syntax else (0.03 if args.target else -0.05)
    return max(0.05, min(0.95, score))


def _themes(trigger: Trigger) -> frozenset[str]:
    words = [
        t for t in trigger.complement if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "compound", "pobj", "conj")
    ]
    return frozenset(t.lemma_.lower() for t in words[:4] if t.ent_type_ == "")
