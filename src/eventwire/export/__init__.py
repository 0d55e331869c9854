"""Exports of the event database: csv, jsonl, parquet, PLOVER JSON Lines and a GDELT 2.0 events table.

    from eventwire.export import export_events
    export_events(db, EventFilter(categories=("PROTEST",)), "gdelt", "protests.tsv", header=False)

`docs/exports.md` documents every column of every format.
"""

from eventwire.export.formats import CHUNK_SIZE, FORMATS, TEXT_FORMATS, batches, export_events, stream_export

__all__ = ["CHUNK_SIZE", "FORMATS", "TEXT_FORMATS", "batches", "export_events", "stream_export"]
