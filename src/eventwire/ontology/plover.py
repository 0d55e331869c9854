"""PLOVER and CAMEO as tables read from the package's data files.

CAMEO → PLOVER follows the standard rule (PLOVER README): the longest CAMEO prefix
listed in `plover.tsv` decides the category. Goldstein values come from `cameo.tsv`
(most specific code first, then its parents) and fall back to the category's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventwire.tables import read_table


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    quad_class: int
    cameo_prefixes: tuple[str, ...]
    goldstein: float
    description: str


class Ontology:
    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}
        for row in read_table("plover.tsv"):
            prefixes = tuple(p for p in row["cameo"].split("|") if p)
            self.categories[row["category"]] = Category(
                row["category"], int(row["quad_class"]), prefixes, float(row["goldstein"]), row["description"]
            )
        self._prefix_to_category = {p: c.name for c in self.categories.values() for p in c.cameo_prefixes}
        self.cameo_names: dict[str, str] = {}
        self._goldstein: dict[str, float] = {}
        for row in read_table("cameo.tsv"):
            self.cameo_names[row["code"]] = row["name"]
            self._goldstein[row["code"]] = float(row["goldstein"])

    def category_of(self, cameo: str) -> str | None:
        """PLOVER category of a CAMEO code; None for 01/02 (statements), which PLOVER drops."""
        for n in range(len(cameo), 1, -1):
            name = self._prefix_to_category.get(cameo[:n])
            if name:
                return name
        return None

    def quad_class(self, category: str) -> int:
        return self.categories[category].quad_class

    def goldstein(self, category: str, cameo: str | None) -> float:
        if cameo:
            for n in range(len(cameo), 1, -1):
                if cameo[:n] in self._goldstein:
                    return self._goldstein[cameo[:n]]
        return self.categories[category].goldstein


@cache
def ontology() -> Ontology:
    return Ontology()
