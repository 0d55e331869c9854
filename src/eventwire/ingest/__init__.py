"""Read articles from files, folders of files given by the shell, and stdin."""

from eventwire.ingest.readers import IngestError, article_id, read_input, read_inputs

__all__ = ["IngestError", "article_id", "read_input", "read_inputs"]
