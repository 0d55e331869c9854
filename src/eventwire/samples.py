"""The sample articles that ship with the package (written for eventwire), for the demo and tests."""

from __future__ import annotations

from datetime import date

from eventwire.ingest import IngestError, read_input
from eventwire.model import Article
from eventwire.tables import data_path, read_table


def sample_articles() -> list[Article]:
    folder = data_path("samples")
    published = {row["file"]: date.fromisoformat(row["published"]) for row in read_table(folder / "published.tsv")}
    articles = []
    for path in sorted(folder.glob("*.txt")):
        for item in read_input(str(path), published.get(path.name)):
            if not isinstance(item, IngestError):
                articles.append(item)
    return articles


__all__ = ["sample_articles"]
