"""The columns of the csv, jsonl and parquet exports: every events column, then the article's url, title, publisher."""

from __future__ import annotations

from typing import Any

from eventwire.store.rows import COLUMNS

_INTEGER = {"quad_class", "sentence_index", "trigger_start", "trigger_end"}
_FLOAT = {"goldstein", "confidence", "latitude", "longitude"}
_DATE = {"published", "event_date", "date_earliest", "date_latest"}

ARTICLE_COLUMNS = ("article_url", "article_title", "article_publisher")
EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS["events"], *ARTICLE_COLUMNS)


def kind(column: str) -> str:
    """'int', 'float', 'date' or 'string': how a column is typed in Parquet."""
    if column in _INTEGER:
        return "int"
    if column in _FLOAT:
        return "float"
    return "date" if column in _DATE else "string"


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {"int": pa.int32(), "float": pa.float64(), "date": pa.date32(), "string": pa.string()}
    return pa.schema([(name, types[kind(name)]) for name in EXPORT_COLUMNS])


def select_list(alias: str = "e") -> str:
    """The SELECT list that yields EXPORT_COLUMNS from events `alias` joined to articles `a`."""
    events = ", ".join(f"{alias}.{c}" for c in COLUMNS["events"])
    return f"{events}, a.url AS article_url, a.title AS article_title, a.publisher AS article_publisher"
