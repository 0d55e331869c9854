"""Find events in clauses and code them: PLOVER category, CAMEO code, source, target, modality."""

from eventwire.events.coder import code_mentions
from eventwire.events.mention import EventMention

__all__ = ["EventMention", "code_mentions"]
