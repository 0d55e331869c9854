"""Rows as CSV text: one header from the rows' keys, nested values as JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from eventwire.store.rows import COLUMNS


def csv_text(rows: list[dict[str, Any]]) -> str:
    columns = list(rows[0]) if rows else list(COLUMNS["events"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    plain = (str, int, float)
    for row in rows:
        # most cells are text or numbers and go in as they are: only the rest pay for a call
        values = (row.get(c) for c in columns)
        writer.writerow([v if type(v) in plain else _cell(v) for v in values])
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value
