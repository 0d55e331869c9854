"""Find event triggers in a sentence: words whose lexicon pattern is satisfied by what they govern."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from eventwire.events.clauses import is_infinitive, is_past
from eventwire.events.lexicon import EventLexicon, Pattern
from eventwire.tables import read_table

# Dependents that carry a verb's object or complement ("ended *cooperation*", "placed him under *arrest*").
COMPLEMENT_DEPS = {
    "dobj",
    "dative",
    "attr",
    "oprd",
    "prep",
    "prt",
    "xcomp",
    "acomp",
    "nsubjpass",
    "advmod",
    "npadvmod",
    "agent",
}
_CORE_DEPS = {"dobj", "nsubjpass", "dative", "attr", "oprd", "xcomp", "prt"}
_WINDOW = 4  # tokens after a trigger searched when the parse misses its complement


@dataclass(slots=True)
class Trigger:
    token: Token
    pattern: Pattern
    complement: list[Token]  # the tokens the pattern's `with` matched in, or the object phrase

    @property
    def is_verbal(self) -> bool:
        return self.pattern.pos == "V"


def find_triggers(sent: Span, lexicon: EventLexicon) -> list[Trigger]:
    found = [t for token in sent if (t := _match(token, lexicon)) is not None]
    return _drop_embedded(found)


# Named entities whose words are not events: "Amnesty International", "the Ceasefire Committee".
_NAME_LABELS = {"ORG", "PERSON", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE"}


def _match(token: Token, lexicon: EventLexicon) -> Trigger | None:
    if not token.is_alpha or token.pos_ in ("ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART"):
        return None
    if not _in_lexicon(token, lexicon):
        return None  # most words: decided by two lookups before any look at the parse
    if token.ent_type_ in _NAME_LABELS:
        return None
    if reports_the_sentence(token):
        return _reporting_trigger(token)
    if _is_descriptive_participle(token):
        return None
    patterns = _candidate_patterns(token, lexicon)
    if not patterns:
        return None
    as_noun = patterns[0].pos == "N"
    scope = complement_tokens(token, as_noun)
    # What the trigger acts on decides first ("halted *aid* ... to end the fighting" is about aid),
    # then anything it governs, then the bare trigger.
    wanted = [p for p in patterns if p.with_lemmas and _has_particle_if_needed(token, p)]
    if wanted:
        for pool in (_core_tokens(token, as_noun), scope):
            forms = [(t, _lemma_forms(t)) for t in pool]
            for pattern in wanted:
                hits = [t for t, f in forms if f & pattern.with_lemmas]
                if hits:
                    return Trigger(token, pattern, hits)
    bare = next((p for p in patterns if not p.with_lemmas and _has_particle_if_needed(token, p)), None)
    if bare is None or _states_opinion(token) or _warns_of_the_past(token):
        return None
    return Trigger(token, bare, scope)


def _states_opinion(token: Token) -> bool:
    """ "Experts agree that the rules confuse voters": a view held, not an agreement made. A clause of
    what is to be done ("agreed that talks *would* resume") is still an agreement."""
    if token.lemma_.lower() not in _opinion_verbs():
        return False
    if _sides_with(token):
        return True
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    return bool(clauses) and not any(a.lower_ in _PLAN_MODALS for c in clauses for a in c.children if a.dep_ == "aux")


def _warns_of_the_past(token: Token) -> bool:
    """ "Rebels attacked a convoy near Goma, the UN *warned*": a warning about what has happened reports it."""
    if token.lemma_.lower() not in _warning_verbs():
        return False
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    return any(is_past(c) for c in clauses)


@cache
def _warning_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("warning_verbs.tsv"))


def _sides_with(token: Token) -> bool:
    """ "Both ministers said they *agree with* Tantan": sharing a view now, not an agreement reached ("agreed with
    Iran *on* inspections", "agree with Kyiv *to* resume talks" are agreements)."""
    children = list(token.children)
    return (
        token.tag_ in ("VBP", "VBZ")
        and any(c.dep_ == "prep" and c.lower_ == "with" for c in children)
        and not any(c.dep_ in ("xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ in ("on", "to")) for c in children)
    )


_PLAN_MODALS = {"will", "would", "shall", "should", "must", "'ll"}


@cache
def _opinion_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("opinion_verbs.tsv"))


def _in_lexicon(token: Token, lexicon: EventLexicon) -> bool:
    return token.lower_ in lexicon.forms or token.lemma_.lower() in lexicon.patterns


def _candidate_patterns(token: Token, lexicon: EventLexicon) -> list[Pattern]:
    lemma = token.lemma_.lower()
    candidates = lexicon.candidates(token.lower_) | {(lemma, pos) for pos in ("V", "N") if lemma in lexicon.patterns}
    pos_class = _pos_class(token, lemma)
    found: list[Pattern] = []
    for trigger_lemma, pos in sorted(candidates, key=lambda c: c[1] != pos_class):
        if pos == pos_class or _form_is_unambiguous(token, lexicon, pos):
            found.extend(p for p in lexicon.patterns[trigger_lemma] if p.pos == pos)
    # a phrasal verb is a word of its own: "called *on* Tokyo to apologise" appeals, "called Tokyo to apologise" phones
    phrasal = [p for p in found if p.particle is not None and _has_particle(token, p.particle)]
    return phrasal or found


@cache
def _arrival_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("arrival_verbs.tsv"))


def _core_tokens(token: Token, as_noun: bool) -> list[Token]:
    """The heads of what a trigger acts on, with their modifiers: "economic *aid*", "the *release* of"."""
    heads = [c for c in token.children if c.dep_ in _CORE_DEPS] + stray_objects(token)
    if not heads and token.lemma_.lower() in _arrival_verbs():
        # "Ghanaian *peacekeepers* arrived in Bangui": what arrives is what the act moves
        heads = [t for c in token.children if c.dep_ == "nsubj" for t in c.subtree if t.pos_ in ("NOUN", "PROPN")]
    # "killed by an improvised explosive device": in the passive, the agent is part of what happened
    heads += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if as_noun:
        heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        heads += [c for c in token.children if c.dep_ in ("compound", "amod")]
    core = []
    for head in heads:
        core.append(head)
        core.extend(c for c in head.children if c.dep_ in ("compound", "amod", "nmod"))
    return core


def reports_the_sentence(token: Token) -> bool:
    """ "Police shot two protesters, a rights group *charged* on Monday.": a reporting clause at the end of the
    sentence that the parser read as a participle on the speaker."""
    if token.dep_ != "acl" or token.tag_ != "VBN" or token.head.dep_ != "appos":
        return False
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "agent", "nsubjpass") for c in token.children):
        return False
    return all(t.is_punct or t.is_space for t in token.doc[token.right_edge.i + 1 : token.sent.end])


def _reporting_trigger(token: Token) -> Trigger | None:
    cameo = _reporting_senses().get(token.lemma_.lower())
    if cameo is None:
        return None
    return Trigger(token, Pattern(token.lemma_.lower(), None, "V", frozenset(), cameo, None), [])


@cache
def _reporting_senses() -> dict[str, str]:
    return {row["lemma"]: row["cameo"] for row in read_table("reporting_senses.tsv")}


def _is_descriptive_participle(token: Token) -> bool:
    """ "the ousted president", "activists jailed last year": a participle describing a noun reports background."""
    if token.tag_ not in ("VBN", "JJ"):
        return False
    if token.dep_ == "amod":
        return True
    if token.dep_ != "acl" or token.head.pos_ not in ("NOUN", "PROPN"):
        return False
    # "there were ten soldiers killed": the existential clause reports the participle's event
    return not any(c.dep_ == "expl" for c in token.head.head.children)


def _pos_class(token: Token, lemma: str) -> str:
    if token.pos_ in ("VERB", "AUX"):
        return "V"
    if token.pos_ in ("NOUN", "PROPN") and token.lower_ not in (lemma, lemma + "s", lemma + "es"):
        # "overthrew" tagged NOUN, "Terminates" tagged PROPN in a headline: the form tells us it is a verb
        return "V"
    return "N" if token.pos_ in ("NOUN", "PROPN") else "V"


def _form_is_unambiguous(token: Token, lexicon: EventLexicon, pos: str) -> bool:
    """A form the lexicon knows under one part of speech only can be trusted over the tagger, unless the word
    is a bare noun in a noun's place ("advised against *travel* to Tunisia")."""
    kinds = {p for _, p in lexicon.candidates(token.lower_)}
    if pos == "V" and token.pos_ == "NOUN" and token.lower_ == token.lemma_.lower() and token.dep_ in _NOUN_SLOTS:
        return False
    return kinds == {pos} and token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")


_NOUN_SLOTS = {"pobj", "dobj", "nsubj", "nsubjpass"}


def _has_particle_if_needed(token: Token, pattern: Pattern) -> bool:
    return pattern.particle is None or _has_particle(token, pattern.particle)


def _has_particle(token: Token, particle: str) -> bool:
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return any(c.lower_ == particle and not _is_time_phrase(c) for c in token.children) or (
        nxt is not None and nxt.lower_ == particle
    )


def _is_time_phrase(prep: Token) -> bool:
    """ "called his counterpart *on Tuesday*": a date is not the particle of "call on"."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def complement_tokens(token: Token, as_noun: bool = False) -> list[Token]:
    """What a trigger governs: object and complement subtrees, plus a short window for parser misses."""
    scope: dict[int, Token] = {}
    as_noun = as_noun or token.pos_ in ("NOUN", "PROPN")
    deps = COMPLEMENT_DEPS | ({"compound", "amod", "poss", "nmod", "appos"} if as_noun else set())
    for child in token.children:
        if (child.dep_ in deps and not _time_frame(child)) or _purpose_of(child):
            scope.update((t.i, t) for t in child.subtree)
    for obj in stray_objects(token):
        scope.update((t.i, t) for t in obj.subtree)
    sent_end = token.sent.end
    for t in token.doc[token.i + 1 : min(token.i + 1 + _WINDOW, sent_end)]:
        if t.is_punct or t.pos_ in ("CCONJ", "VERB", "AUX", "SCONJ"):
            break
        scope.setdefault(t.i, t)
    return [scope[i] for i in sorted(scope)]


# Prepositional adjuncts that say when an act happened, not what it acted on: "made his remarks *at the start of
# a regional trip*", "spoke *during* talks".
_TIME_PREPS = {"during", "before", "after", "until", "throughout", "following", "amid", "amidst"}
TIME_NOUNS = {"start", "end", "beginning", "outset", "close", "conclusion", "eve", "height", "sideline"}


def _time_frame(child: Token) -> bool:
    if child.dep_ != "prep":
        return False
    if child.lower_ in _TIME_PREPS:
        return True
    return any(g.dep_ == "pobj" and g.lemma_.lower() in TIME_NOUNS for g in child.children)


def _purpose_of(child: Token) -> bool:
    """ "called the premier *to thank her*", "landed *to join the relief effort*": what an act is for tells
    what kind of act it is."""
    return child.dep_ == "advcl" and child.tag_ == "VB" and is_infinitive(child)


def stray_objects(token: Token) -> list[Token]:
    """Objects the parser hung on the governing verb: "chose to reject, effective immediately, the agreement"."""
    if token.dep_ != "xcomp" or any(c.dep_ == "dobj" for c in token.children):
        return []
    return [obj for obj in token.head.children if obj.dep_ == "dobj" and obj.i > token.i]


def _lemma_forms(token: Token) -> set[str]:
    lower = token.lower_
    forms = {lower, token.lemma_.lower()}
    if lower.endswith("s"):
        forms.add(lower[:-1])
    return forms


def _drop_embedded(triggers: list[Trigger]) -> list[Trigger]:
    """Keep one trigger per event: a word inside another trigger's complement is that event's theme.

    "ended military *cooperation*": cooperation is what was ended, not an event of its own;
    "urged Israel to *withdraw*": the demand is the event; "demonstrated, *demanding* reform":
    the participle says what the protest was about. A nominal trigger governed by a support
    verb ("made a rare *visit*") has no trigger above it and so survives.
    """
    return [t for t in triggers if not any(o is not t and _governs(o, t) for o in triggers)]


def _governs(outer: Trigger, inner: Trigger) -> bool:
    token = inner.token
    if outer.pattern.cameo.startswith("01") and _in_statement(token, outer.token):
        return True
    if token.dep_ == "acl" and token.tag_ == "VBG":
        return False  # "dispersed demonstrators *protesting* the results": what those acted on were doing
    if not outer.is_verbal:
        # "negotiations on a troop *pullback*", "investigation into an *allegation*"
        return (token.head.i == outer.token.i and token.dep_ in ("pobj", "compound")) or _prep_object_of(token, outer)
    if token in outer.complement:
        return True
    if token.head.i == outer.token.i and token.dep_ in ("advcl", "xcomp") and token.tag_ == "VBG":
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    return any(a.i == outer.token.i for a in token.ancestors) and token.dep_ in ("xcomp", "ccomp", "dobj", "pobj")


def _in_statement(token: Token, statement: Token) -> bool:
    """ "offered condolences over an attack that *killed* 40": all a statement governs is what it is about."""
    path = [token]
    for ancestor in token.ancestors:
        if ancestor.i == statement.i:
            break
        path.append(ancestor)
    else:
        return False
    if any(t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") for t in path):
        return False  # "denied the charges ... and *accused* the government": a second act of the speaker
    return path[-1].dep_ not in ("nsubj", "nsubjpass", "csubj", "advcl", "punct", "cc")


def _prep_object_of(token: Token, outer: Trigger) -> bool:
    head = token.head
    return token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i == outer.token.i
