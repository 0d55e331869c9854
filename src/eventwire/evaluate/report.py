"""Print an evaluation report as rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from eventwire.evaluate.sentences import Report


def print_report(report: Report, console: Console, misses: int = 0) -> None:
    p, r, f, macro = report.category_scores()
    dp, dr, df = report.detection_scores()
    if report.n and report.detection_only == report.n:
        console.print(
            f"[bold]{report.dataset}[/bold]: {report.n} sentences ({report.skipped} skipped), coarse classes only\n"
            f"  detection  P {dp:.3f}  R {dr:.3f}  F1 [bold]{df:.3f}[/bold]   (class 0, a statement, is no event)"
        )
        return
    figures = report.as_dict()
    console.print(
        f"[bold]{report.dataset}[/bold]: {report.n} sentences "
        f"({report.skipped} skipped: not English or no PLOVER labels)\n"
        f"  category   micro P {p:.3f}  R {r:.3f}  F1 [bold]{f:.3f}[/bold]   macro F1 {macro:.3f}\n"
        f"  detection  P {dp:.3f}  R {dr:.3f}  F1 [bold]{df:.3f}[/bold]\n"
        f"  countries  source {figures['source_country_accuracy']:.3f} (n={figures['country_n']['source']})  "
        f"target {figures['target_country_accuracy']:.3f} (n={figures['country_n']['target']})"
    )
    table = Table("category", "gold", "predicted", "correct", "F1", title="per category", title_justify="left")
    for category in sorted(set(report.tp) | set(report.fp) | set(report.fn)):
        tp = report.tp[category]
        table.add_row(
            category,
            str(tp + report.fn[category]),
            str(tp + report.fp[category]),
            str(tp),
            f"{report.f1(category):.2f}",
        )
    console.print(table)
    bands = Table("confidence", "events", "precision", title="reliability", title_justify="left")
    for row in report.reliability():
        bands.add_row(f"{row['from']:.1f}-{row['to']:.1f}", str(row["n"]), f"{row['precision']:.2f}")
    console.print(bands)
    for miss in report.misses[:misses]:
        console.print(
            f"  [red]miss[/red] gold {miss['gold']} predicted {miss['predicted']}: {miss['text'][:160]}",
            highlight=False,
        )
