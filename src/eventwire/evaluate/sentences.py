"""Evaluate coding against sentence-level gold files (the format of `shared/data/eval/*.jsonl`).

Each gold record is one sentence with its PLOVER categories and, where known, source and
target actor codes. We code each sentence as a one-sentence article and report what
analysts ask first: is the category right (micro and macro F1 per PLOVER category), is an
event found at all (detection P/R/F1), are the actors' countries right, and what was missed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.ingest import IngestError
from eventwire.model import Article, CodedArticle
from eventwire.pipeline import Pipeline

# Old CAMEO country codes that some gold sets still use.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SER": "SRB"}
NON_COUNTRY = {"IGO", "NGO", "IMG", "ISM", "MNC", "UIS", "REB", "INS"}


@dataclass(slots=True)
class Prediction:
    categories: set[str]
    sources: set[str]
    targets: set[str]
    confidence: dict[str, float]


@dataclass(slots=True)
class Report:
    dataset: str
    n: int = 0
    skipped: int = 0
    detection_only: int = 0  # records with a coarse class (pentaclass) but no PLOVER label
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    detection: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    country: Counter[str] = field(default_factory=Counter)  # source_ok, source_n, target_ok, target_n
    calibration: Counter[tuple[int, bool]] = field(default_factory=Counter)  # (confidence decile, correct)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def category_scores(self) -> tuple[float, float, float, float]:
        """Micro precision, recall, F1 and macro F1 over PLOVER categories."""
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        cats = set(self.tp) | set(self.fp) | set(self.fn)
        macro = sum(self.f1(c) for c in cats) / len(cats) if cats else 0.0
        return p, r, _f1(p, r), macro

    def f1(self, category: str) -> float:
        p = _ratio(self.tp[category], self.tp[category] + self.fp[category])
        r = _ratio(self.tp[category], self.tp[category] + self.fn[category])
        return _f1(p, r)

    def detection_scores(self) -> tuple[float, float, float]:
        hit = self.detection[(True, True)]
        p = _ratio(hit, hit + self.detection[(False, True)])
        r = _ratio(hit, hit + self.detection[(True, False)])
        return p, r, _f1(p, r)

    def as_dict(self) -> dict[str, Any]:
        p, r, f, macro = self.category_scores()
        dp, dr, df = self.detection_scores()
        return {
            "dataset": self.dataset,
            "n": self.n,
            "skipped": self.skipped,
            "detection_only": self.detection_only,
            "category": {"precision": p, "recall": r, "f1": f, "macro_f1": macro},
            "per_category": {c: self.f1(c) for c in sorted(set(self.tp) | set(self.fp) | set(self.fn))},
            "detection": {"precision": dp, "recall": dr, "f1": df},
            "source_country_accuracy": _ratio(self.country["source_ok"], self.country["source_n"]),
            "target_country_accuracy": _ratio(self.country["target_ok"], self.country["target_n"]),
            "country_n": {"source": self.country["source_n"], "target": self.country["target_n"]},
            "calibration": self.reliability(),
        }

    def reliability(self) -> list[dict[str, float]]:
        """Share of predicted categories that are right, per confidence band: does filtering by confidence work?"""
        rows = []
        for band in range(10):
            right, wrong = self.calibration[(band, True)], self.calibration[(band, False)]
            if right + wrong:
                rows.append(
                    {"from": band / 10, "to": (band + 1) / 10, "n": right + wrong, "precision": right / (right + wrong)}
                )
        return rows


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def evaluate_file(
    path: Path, pipeline: Pipeline, progress: Callable[[int], None] | None = None, keep: Path | None = None
) -> Report:
    report = Report(path.name.split(".")[0])
    records = [r for r in read_gold(path) if _usable(r, report)]
    articles = [Article(id=str(r["id"]), text=r["text"], published=_gold_date(r)) for r in records]
    predictions = []
    for result in pipeline.code(articles):
        predictions.append(result)
        if progress:
            progress(1)
    if keep is not None:
        keep.write_text("\n".join(json.dumps(p.to_dict()) for p in predictions if isinstance(p, CodedArticle)) + "\n")
    for record, result in zip(records, predictions, strict=True):
        _score(report, record, _prediction(result))
    return report


def _usable(record: dict[str, Any], report: Report) -> bool:
    if record.get("lang", "en") != "en" or (record.get("plover") is None and _coarse_class(record) is None):
        report.skipped += 1
        return False
    return True


def _coarse_class(record: dict[str, Any]) -> int | None:
    """The ConfliBERT penta-class (0: a statement, CAMEO 01-02; 1-4: an event), where a set has no PLOVER label."""
    value = record.get("pentaclass")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _gold_date(record: dict[str, Any]) -> date | None:
    raw = str((record.get("meta") or {}).get("date") or "")
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if len(raw) == 8 and raw.isdigit() else None
    except ValueError:
        return None


def _prediction(result: CodedArticle | IngestError) -> Prediction:
    pred = Prediction(set(), set(), set(), {})
    if isinstance(result, IngestError):
        return pred
    for event in result.events:
        if event.modality != "asserted":
            continue
        pred.categories.add(event.category)
        pred.confidence[event.category] = max(pred.confidence.get(event.category, 0.0), event.confidence)
        pred.sources |= {a.country for a in event.source if a.country}
        pred.targets |= {a.country for a in event.target if a.country}
    return pred


def gold_countries(actors: list[dict[str, Any]]) -> set[str]:
    found = set()
    for actor in actors or []:
        code = (actor.get("code") or "")[:3].upper()
        code = LEGACY_CODES.get(code, code)
        if len(code) == 3 and code.isalpha() and code not in NON_COUNTRY:
            found.add(code)
    return found


def _score(report: Report, record: dict[str, Any], pred: Prediction) -> None:
    report.n += 1
    if record.get("plover") is None:
        # a coarse class tells only whether there is an event: score detection alone
        report.detection_only += 1
        report.detection[((_coarse_class(record) or 0) > 0, bool(pred.categories))] += 1
        return
    gold = set(record["plover"])
    for c, confidence in pred.confidence.items():
        report.calibration[(min(int(confidence * 10), 9), c in gold)] += 1
    for c in gold & pred.categories:
        report.tp[c] += 1
    for c in pred.categories - gold:
        report.fp[c] += 1
    for c in gold - pred.categories:
        report.fn[c] += 1
    report.detection[(bool(gold), bool(pred.categories))] += 1
    if gold and pred.categories:
        for side, predicted in (("source", pred.sources), ("target", pred.targets)):
            wanted = gold_countries(record.get(side) or [])
            if wanted:
                report.country[f"{side}_n"] += 1
                report.country[f"{side}_ok"] += bool(wanted & predicted)
    if gold != pred.categories:
        report.misses.append(
            {"id": record["id"], "text": record["text"], "gold": sorted(gold), "predicted": sorted(pred.categories)}
        )
