"""Write coded articles: JSON, JSON Lines and a terminal table."""

from eventwire.output.render import render_json, render_jsonl, render_table, schema, validate

__all__ = ["render_json", "render_jsonl", "render_table", "schema", "validate"]
