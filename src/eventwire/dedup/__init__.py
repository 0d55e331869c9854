"""Merge repeated reports: mentions of one event within an article, and events across articles."""

from eventwire.dedup.across import link_articles
from eventwire.dedup.merge import merge_mentions

__all__ = ["link_articles", "merge_mentions"]
