"""Source and target actors of a trigger, read from the dependency parse.

Syntax first (subjects, agents, objects, prepositional complements, possessors,
"X of Y"); where the small parser leaves a side empty, the nearest actor in the
clause on the expected side. Each side says how it was found, for confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventwire.actors.resolve import ActorIndex
from eventwire.events.clauses import RELATIVE_PRONOUNS, is_infinitive
from eventwire.events.triggers import Trigger, reports_the_sentence, stray_objects
from eventwire.model import Actor
from eventwire.ontology import ontology
from eventwire.tables import read_table

TARGET_PREPS = {"with", "to", "against", "on", "at", "into", "toward", "towards", "upon", "over", "from", "in"}
SUBJECT_DEPS = {"nsubj", "csubj"}
_PERSONAL = {"he", "she", "him", "his", "her"}
_NONPERSONAL = {"it", "its", "they", "them", "their"}


@dataclass(slots=True)
class Arguments:
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    source_from_syntax: bool = False
    target_from_syntax: bool = False
    # the text makes the event someone else's act without naming them ("denied the accusations"):
    # no neighbour stands in for the doer
    source_unsaid: bool = False


def find_arguments(trigger: Trigger, index: ActorIndex) -> Arguments:
    token = trigger.token
    unsaid = False
    if trigger.is_verbal:
        source, target = _verbal_source(token, index), _verbal_target(trigger, index)
        unsaid = _passive_without_agent(token)  # "three soldiers were killed": nobody nearby did it
    else:
        source, target, unsaid = _nominal_arguments(trigger, index)
    if trigger.is_verbal and token.lemma_.lower() in _recipient_verbs():
        # "received weapons from Iran": Iran gives, the subject receives
        source, target = _from_actors(token, index), source
    source = [a for a in source if a.kind != "place"]  # "DAR ES SALAAM, Tanzania -": a place does nothing
    target = [a for a in target if a not in source]  # "Iran warned that *it* would retaliate": not against itself
    args = Arguments(source, target, bool(source), bool(target), unsaid)
    if trigger.is_verbal or source or target:
        # a bare noun ("a pause in the bombing") borrows no actors from its neighbours
        moved = _moved_actors(trigger, index) if trigger.is_verbal else []
        _fill_from_context(token, index, args, moved)
    return args


def _moved_actors(trigger: Trigger, index: ActorIndex) -> list[Actor]:
    objects = [c for c in trigger.token.children if _is_moved(trigger, c)]
    return _actors_in_phrase(objects, index, heads_only=True)


@cache
def _recipient_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("recipient_verbs.tsv"))


def _from_actors(token: Token, index: ActorIndex) -> list[Actor]:
    # "received assurances from the government": the parser may hang "from" on the object
    objects = [c for c in token.children if c.dep_ == "dobj"]
    preps = [c for t in [token, *objects] for c in t.children if c.dep_ == "prep" and c.lower_ == "from"]
    return _actors_in_phrase([g for p in preps for g in p.children if g.dep_ == "pobj"], index)


# --- verbal triggers ---------------------------------------------------------------


def _verbal_source(token: Token, index: ActorIndex) -> list[Actor]:
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    passive = any(c.dep_ == "nsubjpass" for c in token.children)
    if passive and agent is None and _is_stative(token):
        return _actors_in_phrase([c for c in token.children if c.dep_ == "nsubjpass"], index)
    if agent is None and passive:
        agent = _stray_agent(token)
    if agent is not None:
        return _actors_in_phrase([c for c in agent.children if c.dep_ == "pobj"], index)
    if passive:
        # "two men were killed, police said": a passive without "by" leaves its doer unsaid (the speaker
        # of the clause above is not the doer) unless the act it happened in names one
        return _doer_of_setting(token, index)
    subject = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
    if subject:
        if subject[0].lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return _actors_in_phrase([token.head], index)
        return _actors_in_phrase(subject, index)
    if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ in ("VBG", "VBD")) or reports_the_sentence(token):
        # "demonstrators *protesting* the results"; "FARC rebels *handed* over ...", a main verb misread as a clause
        return _actors_of_described(token, index)
    if token.dep_ in ("xcomp", "conj", "advcl", "ccomp") and token.head.i != token.i:
        head = token.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            return _verbal_source(head.head, index)  # "it is *willing to* withdraw": the one who is willing
        return _source_from_verb_above(token, index) if head.pos_ in ("VERB", "AUX") else []
    if token.dep_ == "pcomp" and token.tag_ == "VBG":
        return _source_of_gerund(token, index)
    return []


def _source_of_gerund(token: Token, index: ActorIndex) -> list[Actor]:
    """ "are guilty *of violating* the ceasefire", "attacked the town *after storming* it": the subject of the
    clause above; "accused Gulen *of plotting*", "was arrested *for protesting*": the one it names."""
    governor = token.head.head
    if governor.pos_ == "ADJ":
        governor = governor.head  # "are guilty of": the adjective's verb
    if governor.pos_ not in ("VERB", "AUX"):
        return []
    named = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
    return _actors_in_phrase(named, index, heads_only=True) or _verbal_source(governor, index)


def _source_from_verb_above(token: Token, index: ActorIndex) -> list[Actor]:
    """The doer of a clause with no subject of its own, from the verb it completes or is joined to."""
    shared = _passive_subject_of_conjunct(token)
    if shared and not _shares_passive(token):
        # "was indicted by the court and *will resign*": the conjuncts share the subject, not the agent
        return _actors_in_phrase(shared, index)
    if token.dep_ == "xcomp":
        # "forced the government *to resign*", "asked NATO *to help*": the object of the verb above acts
        controller = [c for c in token.head.children if c.dep_ == "dobj"]
        found = _actors_in_phrase(controller, index, heads_only=True)
        if found:
            return found
    return _verbal_source(token.head, index)


def _actors_of_described(clause: Token, index: ActorIndex) -> list[Actor]:
    """The actor a clause describes: its noun, or the noun's own modifiers ("members *of the opposition*"), never
    what the clause itself names ("trucks travelling *from Iran*" are not Iran's)."""
    noun = clause.head
    found = _actors_in_phrase([noun], index, heads_only=True)
    if found:
        return found
    modifiers = [c for c in noun.children if c.i != clause.i and c.dep_ in ("prep", "compound", "amod", "poss", "nmod")]
    return _actors_in_phrase(modifiers, index)


def _stray_agent(token: Token) -> Token | None:
    """ "were refused visas *by Canada*": the parser may hang a passive's "by" phrase on its object."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return next((p for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "by"), None)


def _passive_without_agent(token: Token) -> bool:
    children = list(token.children)
    passive = any(c.dep_ == "nsubjpass" for c in children)
    return passive and not any(c.dep_ == "agent" for c in children) and not _is_stative(token)


def _is_stative(token: Token) -> bool:
    """ "is *engaged* in a battle": a participle of what the subject does (see `stative_participles.tsv`)."""
    return token.tag_ == "VBN" and token.lemma_.lower() in _stative_participles()


@cache
def _stative_participles() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("stative_participles.tsv"))


def _passive_subject_of_conjunct(token: Token) -> list[Token]:
    return [c for c in token.head.children if c.dep_ == "nsubjpass"] if token.dep_ == "conj" else []


def _shares_passive(conjunct: Token) -> bool:
    """ "was arrested by police and later *released*": a bare participle shares the passive of the verb before it."""
    return conjunct.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in conjunct.children)


def _doer_of_setting(token: Token, index: ActorIndex) -> list[Actor]:
    """ "were killed in an air strike *by government forces*": the doer of the act a passive happened in."""
    settings = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children]
    agents = [p for g in settings if g.pos_ == "NOUN" for p in g.children if p.dep_ == "prep" and p.lower_ == "by"]
    return _actors_in_phrase([g for p in agents for g in p.children if g.dep_ == "pobj"], index)


def _verbal_target(trigger: Trigger, index: ActorIndex) -> list[Actor]:
    token = trigger.token
    passive_subject = [] if _is_stative(token) else [c for c in token.children if c.dep_ == "nsubjpass"]
    if not passive_subject and _shares_passive(token):
        passive_subject = _passive_subject_of_conjunct(token)
    if passive_subject:
        return _actors_in_phrase(passive_subject, index)
    if reports_the_sentence(token):
        # "Croatian authorities are failing to uphold ..., a rights group protested": the sentence's subject
        return _actors_in_phrase([c for c in token.sent.root.children if c.dep_ in SUBJECT_DEPS], index)
    if token.dep_ == "acl" and token.tag_ == "VBN":
        return _actors_in_phrase([token.head], index)  # "ten soldiers killed": the noun is the one acted on
    objects = [c for c in token.children if c.dep_ in ("dobj", "dative", "attr")] + stray_objects(token)
    objects = [o for o in objects if not _is_moved(trigger, o)] + _particle_objects(trigger)
    direct = _actors_in_phrase(objects, index, heads_only=True)
    if direct:
        return direct
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
        found = _actors_in_phrase([g for g in prep.children if g.dep_ == "pobj"], index)
        if found:
            return found
    found = _actors_in_phrase(objects, index)
    if found:
        return found
    # "demanded that the Sudanese government end curbs": whoever is asked to act is the target
    clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
    found = _actors_in_phrase([s for c in clauses for s in c.children if s.dep_ in SUBJECT_DEPS], index)
    if found:
        return found
    # "opened fire to disperse the demonstrators": the purpose clause names who was acted on
    purposes = [c for c in token.children if c.dep_ in ("xcomp", "advcl") and is_infinitive(c)]
    return _actors_in_phrase([o for c in purposes for o in c.children if o.dep_ == "dobj"], index, heads_only=True)


def _particle_objects(trigger: Trigger) -> list[Token]:
    """ "called *for* sanctions against Minsk": the object of a phrasal verb's preposition is its object."""
    particle = trigger.pattern.particle
    if particle is None or particle in TARGET_PREPS:
        return []  # "appealed *to* Kyiv", "called *on* Moscow": already read as the one addressed
    preps = [c for c in trigger.token.children if c.dep_ == "prep" and c.lower_ == particle]
    return [g for p in preps for g in p.children if g.dep_ == "pobj"]


def _is_moved(trigger: Trigger, obj: Token) -> bool:
    """ "sent *troops* to Afghanistan": what a giving verb moves is its theme, not its target, unless the verb
    names the receiver first ("provided *Ukraine* with tanks")."""
    token = trigger.token
    if obj.dep_ != "dobj" or token.lemma_.lower() not in _giving_verbs():
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)


@cache
def _giving_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("giving_verbs.tsv"))


# --- nominal triggers ----------------------------------------------------------------


def _nominal_arguments(trigger: Trigger, index: ActorIndex) -> tuple[list[Actor], list[Actor], bool]:
    """Source and target of a nominal event, and whether its doer is left unsaid (see `Arguments`)."""
    token = trigger.token
    source: list[Actor] = []
    target: list[Actor] = []
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and not source:
            source = _actors_in_phrase([child], index)
        elif child.dep_ == "prep":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if (child.lower_ == "by" or _from_names_source(trigger, child)) and not source:
                source = _actors_in_phrase(pobj, index)
            elif child.lower_ == "of":
                of_actors = _actors_in_phrase(pobj, index)
                if trigger.pattern.of_role == "source" and not source:
                    source = of_actors
                elif not target:
                    target = of_actors
            elif child.lower_ in TARGET_PREPS and not target:
                target = _actors_in_phrase(pobj, index)
        elif child.dep_ == "acl" and not source:
            # "the trade offer *sent by the Chinese government*": the participle's agent made it
            agents = [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            source = _actors_in_phrase(agents, index)
    if source:
        return source, target, False
    above = _clause_above(token, index)
    return above.doer, target or above.undergoer, above.unsaid


_MOVES_AWAY = {"RETREAT", "CONCEDE"}  # categories whose "from" is where one leaves, not who gives


def _from_names_source(trigger: Trigger, prep: Token) -> bool:
    """ "pressure *from* Congress", "aid *from* Japan": who it comes from, except for a move away from
    somewhere ("a withdrawal *from* Mali", "release *from* custody")."""
    return prep.lower_ == "from" and ontology().category_of(trigger.pattern.cameo) not in _MOVES_AWAY


@dataclass(frozen=True, slots=True)
class _Above:
    """What the clause above a nominal event says of who does it."""

    doer: list[Actor] = field(default_factory=list)
    undergoer: list[Actor] = field(default_factory=list)
    unsaid: bool = False


def _clause_above(token: Token, index: ActorIndex) -> _Above:
    """The doer of "made a visit", "held talks", or of the clause a nominal event hangs from."""
    if token.dep_ in SUBJECT_DEPS | {"nsubjpass"}:
        return _Above()  # "the expulsion ... followed weeks of tension": the event is the subject
    head, below = token.head, token
    for _ in range(5):
        if head.pos_ in ("NOUN", "PROPN") and not _passes_to_verb(head, below):
            return _Above(unsaid=True)  # "expressed sorrow *for* the shootings": the shootings are another's
        if head.pos_ == "ADJ" and below.dep_ == "prep" and below.lower_ not in ("of", "for"):
            return _Above(unsaid=True)  # "not exempt from criticism": the subject undergoes it ("guilty of" it does)
        if head.pos_ in ("VERB", "AUX") and (above := _verb_above(head, below, index)) is not None:
            return above
        if head.head.i == head.i:
            break
        head, below = head.head, head
    return _Above()


def _verb_above(verb: Token, below: Token, index: ActorIndex) -> _Above | None:
    if below.dep_ == "agent" or below.lower_ in _OTHERS_ACT_PREPS or _is_topic(below):
        return _Above(unsaid=True)  # "protested *against* the raid", "was gripped *by* a wave of attacks"
    reaction = _reaction_verbs().get(verb.lemma_.lower())
    if reaction == "undergoes":
        return _Above(undergoer=_verbal_source(verb, index), unsaid=True)  # "faces charges"
    if reaction == "reacts":
        return _Above(unsaid=True)  # "denied the accusations", "condemned the attack"
    # "X was engaged in ethnic cleansing": the grammatical subject does the nominal event
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    doer = _verbal_source(verb, index) or _actors_in_phrase(subjects, index)
    return _Above(doer=doer) if doer else None


def _is_topic(prep: Token) -> bool:
    """ "*As for* requests to share the burden", "*regarding* the talks": what is spoken of, not done."""
    return prep.lower_ in ("regarding", "concerning") or (
        prep.lower_ == "as" and any(c.dep_ == "prep" for c in prep.children)
    )


@cache
def _reaction_verbs() -> dict[str, str]:
    return {row["lemma"]: row["subject"] for row in read_table("reaction_verbs.tsv")}


# Prepositions that join a verb to an act its subject reacts to, not one it does. Not "for", "after" or
# "following": "returned to Geneva for talks", "left after a visit" join the subject's own acts.
_OTHERS_ACT_PREPS = {"over", "about", "against", "amid", "amidst", "despite", "because"}


def _passes_to_verb(noun: Token, below: Token) -> bool:
    """Whether the climb from a nominal event may go on through this noun (`below` is the word it came from)."""
    return below.dep_ != "prep" or below.lower_ == "of" or noun.lemma_.lower() in _support_nouns()


@cache
def _support_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("support_nouns.tsv"))


def speaker_of(token: Token, index: ActorIndex) -> list[Actor]:
    """Who says so: the doer of the nearest verb above the clause ("Chirac reminded Iraq that it must ...")."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            found = _verbal_source(ancestor, index)
            if found:
                return found
    return []


def actors_of(heads: list[Token], index: ActorIndex) -> list[Actor]:
    """The actors some phrases denote (pronouns resolved)."""
    return _actors_in_phrase(heads, index)


# --- actor lookup --------------------------------------------------------------------


def actor_of_phrase(span: SpacySpan, index: ActorIndex) -> Actor | None:
    """The actor a phrase names (a speaker, say): a person in it first, else its head's actor."""
    people = [a for t in span if (a := index.of_token(t)) is not None and a.kind == "person"]
    if people:
        return people[-1]
    found = _actors_in_phrase([span.root], index)
    return found[0] if found else None


def _actors_in_phrase(heads: list[Token], index: ActorIndex, heads_only: bool = False) -> list[Actor]:
    """Actors a phrase denotes: its head's actor (and coordinated heads), else the first actor inside it."""
    found: list[Actor] = []
    for head in heads:
        for token in [head, *(c for c in head.children if c.dep_ == "conj")]:
            actor = index.of_token(token) or _pronoun_antecedent(token, index) or _relative_antecedent(token, index)
            if actor is not None and actor not in found:
                found.append(actor)
    if found or heads_only:
        return found
    for head in heads:
        described = {t.i for c in head.subtree if c.i != head.i and _describes(c) for t in c.subtree}
        for token in head.subtree:
            if token.i in described:
                continue  # "arrested a man *who attacked a soldier*": the clause is about the man, not him
            if token.dep_ == "poss" and token.pos_ == "PRON":
                continue  # "its assistance": the possessor is the doer, not the affected
            actor = index.of_token(token)
            if actor is not None and actor not in found:
                found.append(actor)
                break
    return found


def _describes(clause: Token) -> bool:
    """A finite relative clause ("a man *who attacked a soldier*"), not an infinitive ("a drive *to convince*
    Parliament"), which says what its noun is for and so names the party it is aimed at."""
    return clause.dep_ == "relcl" and not is_infinitive(clause)


def _relative_antecedent(token: Token, index: ActorIndex) -> Actor | None:
    """ "journalists *who* were abducted": a relative pronoun stands for the noun its clause describes."""
    clause = token.head
    if token.lower_ not in RELATIVE_PRONOUNS or clause.dep_ != "relcl":
        return None
    return index.of_token(clause.head)


def _pronoun_antecedent(token: Token, index: ActorIndex) -> Actor | None:
    """The nearest earlier actor a third-person pronoun can refer to, within two sentences; subjects first."""
    lower = token.lower_
    if token.pos_ != "PRON" or lower not in _PERSONAL | _NONPERSONAL:
        return None
    wants_person = lower in _PERSONAL
    earliest = _sentence_start(token, back=2)
    candidates = [
        a
        for a in sorted(index.actors, key=lambda a: a.start, reverse=True)
        if earliest <= a.start < token.idx and (a.kind == "person") == wants_person
    ]
    if token.dep_ not in SUBJECT_DEPS:
        return candidates[0] if candidates else None  # "seized Okafor and held *him*": the nearest
    # A subject pronoun continues a subject: "the junta sought ..., although *it* has not ..."
    same_sentence = token.sent.start_char
    subjects = [a for a in candidates if _is_subject(token.doc, a)]
    ranked = [a for a in subjects if a.start >= same_sentence] + subjects + candidates
    return ranked[0] if ranked else None


def _is_subject(doc, actor: Actor) -> bool:  # type: ignore[no-untyped-def]
    """A subject, or the possessor of one ("the government's statement")."""
    head = _actor_head(doc, actor)
    if head is None:
        return False
    return head.dep_ in SUBJECT_DEPS or (head.dep_ == "poss" and head.head.dep_ in SUBJECT_DEPS)


def _actor_head(doc, actor: Actor) -> Token | None:  # type: ignore[no-untyped-def]
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _sentence_start(token: Token, back: int) -> int:
    sent = token.sent
    start = sent.start
    for _ in range(back):
        if start == 0:
            break
        start = token.doc[start - 1].sent.start
    return token.doc[start].idx


# --- fallbacks -----------------------------------------------------------------------


def _fill_from_context(token: Token, index: ActorIndex, args: Arguments, moved: list[Actor]) -> None:
    """Where syntax found no side: the nearest actor of the clause on that side.

    A target may also be the nearest actor of the sentence from another country than the
    source ("the withdrawal of French troops" from the junta's country).
    """
    sent = token.sent
    taken = set(map(id, args.source + args.target + moved))  # "deployed *peacekeepers* in Mali" are not the target
    inside = _phrase_chars(token.doc, args.source + args.target)  # "French" in "French officials" is theirs
    in_sentence = [
        a
        for a in index.actors
        if sent.start_char <= a.start < sent.end_char and id(a) not in taken and a.start not in inside
    ]
    clause = _clause_head(token)
    same_clause = [a for a in in_sentence if _clause_head_of(token.doc, a) == clause]
    if not args.source and not args.source_unsaid:
        left = [a for a in same_clause if a.start < token.idx and a.kind != "place"]
        if left:
            args.source = [left[-1]]
            taken.add(id(left[-1]))
    if args.target:
        return
    countries = {a.country for a in args.source if a.country}
    right = [a for a in same_clause if a.start > token.idx and id(a) not in taken and a.country not in countries]
    if right:
        args.target = right[:1]
    elif countries:
        other = [a for a in in_sentence if id(a) not in taken and a.country and a.country not in countries]
        args.target = sorted(other, key=lambda a: abs(a.start - token.idx))[:1]


def _phrase_chars(doc, actors: list[Actor]) -> set[int]:  # type: ignore[no-untyped-def]
    """Start offsets of the words in the noun phrases the actors head, modifiers included."""
    found: set[int] = set()
    stack = [h for a in actors if (h := _actor_head(doc, a)) is not None]
    while stack:
        token = stack.pop()
        found.add(token.idx)
        # clauses and prepositional phrases on the noun name other parties: "officials who met *Iran*"
        stack.extend(c for c in token.children if c.dep_ not in ("relcl", "acl", "prep", "appos", "conj"))
    return found


def _clause_head(token: Token) -> int:
    """The verb heading the clause a token is in (its index), or the sentence root."""
    for t in [token, *token.ancestors]:
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "xcomp":  # "agreed to set up ... in Tokyo" is one clause
            return t.i
    return token.sent.root.i


def _clause_head_of(doc, actor: Actor) -> int | None:  # type: ignore[no-untyped-def]
    head = _actor_head(doc, actor)
    return _clause_head(head) if head is not None else None
