"""Merge repeated reports: mentions of one event within an article."""

from eventwire.dedup.merge import merge_mentions

__all__ = ["merge_mentions"]
