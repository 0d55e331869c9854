"""Clean scraped article text, keeping a map back to the raw page."""

from eventwire.clean.text import CleanText, clean_text

__all__ = ["CleanText", "clean_text"]
