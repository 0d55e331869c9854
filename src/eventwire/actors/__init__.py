"""Find actor mentions and resolve them to country, role, canonical name and kind."""

from eventwire.actors.lexicon import ActorLexicon, actor_lexicon
from eventwire.actors.resolve import ActorIndex, resolve_actors

__all__ = ["ActorIndex", "ActorLexicon", "actor_lexicon", "resolve_actors"]
