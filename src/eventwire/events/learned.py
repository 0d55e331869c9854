"""Where the rules and the learned sentence classifier meet.

The pattern coder knows *what* happened and to whom; the classifier (`events/classifier.py`,
trained on the project's own corpus by `training/train_classifier.py`) knows how likely a
sentence is to report an event of each category. An event's confidence blends the two, so
that filtering by confidence trades recall for precision (`eventwire eval` prints the
reliability table that shows it).

Measured and not adopted (see the evaluation notes): dropping pattern events in sentences the
classifier scores below 0.2 for EVENT cost more recall on real news than it gained precision,
because the classifier's training sentences are cleaner than wire copy.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.events.mention import EventMention

RULE_WEIGHT = 0.5


def blend_confidence(mentions: list[EventMention], scores: dict[int, dict[str, float]]) -> list[EventMention]:
    """Each mention's confidence averaged with the classifier's probability of its category for its sentence."""
    return [_blend(m, scores.get(m.sentence_index, {})) for m in mentions]


def _blend(mention: EventMention, score: dict[str, float]) -> EventMention:
    if mention.category not in score:
        return mention  # a user-defined category the classifier does not know
    blended = RULE_WEIGHT * mention.confidence + (1 - RULE_WEIGHT) * score[mention.category]
    return replace(mention, confidence=round(blended, 3))
