"""Read articles from files, folders, globs, feeds, web archives and stdin."""

from eventwire.ingest.readers import IngestError, article_id, read_input, read_inputs
from eventwire.ingest.sources import SourceOptions, read_sources

__all__ = ["IngestError", "SourceOptions", "article_id", "read_input", "read_inputs", "read_sources"]
