"""Render coded articles in the output contract (`schema/article.schema.json`) or as a table."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.model import CodedArticle, Event

QUAD_STYLES = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


@cache
def schema() -> dict[str, Any]:
    return json.loads((resources.files("eventwire") / "schema" / "article.schema.json").read_text(encoding="utf-8"))


def validate(article: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` if an article object breaks the output contract."""
    import jsonschema

    jsonschema.validate(article, schema())


def render_json(results: list[CodedArticle]) -> str:
    objects = [r.to_dict() for r in results]
    return json.dumps(objects[0] if len(objects) == 1 else objects, ensure_ascii=False, indent=2)


def render_jsonl(results: list[CodedArticle]) -> str:
    return "\n".join(json.dumps(r.to_dict(), ensure_ascii=False) for r in results)


def render_table(result: CodedArticle, console: Console, show_all: bool = False) -> None:
    """One article's events: date, category, source → target, evidence with the trigger in bold."""
    article = result.article
    events = [e for e in result.events if show_all or e.modality == "asserted"]
    hidden = len(result.events) - len(events)
    table = Table(title=article.title or article.id, caption=_caption(result, hidden), expand=True, show_lines=False)
    table.add_column("date", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("source → target", max_width=34)
    table.add_column("evidence", min_width=36, ratio=1)
    for event in events:
        table.add_row(_date(event), _category(event), _dyad(event), _evidence(event, result))
    console.print(table)


def _caption(result: CodedArticle, hidden: int) -> str:
    published = result.article.published.isoformat() if result.article.published else "no date"
    parts = [f"published {published}", f"{len(result.sentences)} sentences", f"{len(result.events)} events"]
    if hidden:
        parts.append(f"{hidden} not asserted (negated, future, ...) hidden; --all shows them")
    return " · ".join(parts)


def _date(event: Event) -> str:
    d = event.date
    if d.earliest and d.earliest == d.latest:
        return d.earliest.isoformat()
    if d.earliest is None:
        return f"by {d.latest.isoformat()}\n({d.precision})" if d.latest else "undated"
    right = d.latest.isoformat() if d.latest else "…"
    return f"{d.earliest.isoformat()}..{right}\n({d.precision})"


def _category(event: Event) -> Text:
    text = Text(event.category, style=QUAD_STYLES.get(event.quad_class or 0, ""))
    if event.cameo:
        text.append(f" {event.cameo}", style="dim")
    if event.modality != "asserted":
        text.append(f"\n{event.modality}", style="italic magenta")
    return text


def _dyad(event: Event) -> str:
    def side(actors: list) -> str:
        return ", ".join(f"{a.name} [{a.country or '-'} {a.role or ''}]".replace(" ]", "]") for a in actors) or "?"

    return f"{side(event.source)}\n→ {side(event.target)}"


def _evidence(event: Event, result: CodedArticle) -> Text:
    mention = event.mentions[0]
    text = Text(mention.evidence)
    offset = mention.trigger.start - result.sentences[mention.sentence_index].start
    text.stylize("bold underline", offset, offset + len(mention.trigger.text))
    if len(event.mentions) > 1:
        text.append(f"  (+{len(event.mentions) - 1} more mentions)", style="dim")
    return text
