"""Find events in clauses and code them: PLOVER category, CAMEO code, source, target, modality."""

from eventwire.events.coder import EventMention, code_mentions

__all__ = ["EventMention", "code_mentions"]
