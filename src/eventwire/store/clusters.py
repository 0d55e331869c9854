"""Clusters over the whole database: the events of different articles that report one real-world event.

The rule is the one `eventwire code` applies within a run (`dedup.across.same_event`): same
category, same assertedness, source countries that meet (or are absent on both), the same for
targets, and dates that can overlap. Each event is expanded into its (source country, target
country) keys, so the pairs come from one equi-join instead of comparing every two events.
A cluster's id is the smallest id among its events, so the result does not depend on the
order in which articles arrived: an interrupted ingest that is rerun ends with the same clusters.
"""

from __future__ import annotations

from eventwire.store.database import Database

_KEYS = """
    SELECT e.id, e.article_id, e.category, e.modality = 'asserted' AS asserted, e.date_earliest, e.date_latest,
           COALESCE(s.country, '') AS source_key, COALESCE(t.country, '') AS target_key
    FROM events e
    LEFT JOIN (SELECT DISTINCT event_id, country FROM event_actors WHERE side = 'source' AND country IS NOT NULL) s
        ON s.event_id = e.id
    LEFT JOIN (SELECT DISTINCT event_id, country FROM event_actors WHERE side = 'target' AND country IS NOT NULL) t
        ON t.event_id = e.id
"""

_PAIRS = f"""
    WITH keys AS ({_KEYS})
    SELECT DISTINCT a.id, b.id
    FROM keys a JOIN keys b
      ON a.category = b.category AND a.asserted = b.asserted
     AND a.source_key = b.source_key AND a.target_key = b.target_key
     AND a.id < b.id AND a.article_id <> b.article_id
    WHERE (a.date_latest IS NULL OR b.date_earliest IS NULL OR a.date_latest >= b.date_earliest)
      AND (b.date_latest IS NULL OR a.date_earliest IS NULL OR b.date_latest >= a.date_earliest)
"""


def recluster(db: Database) -> int:
    """Recompute every event's cluster_id and the clusters table; return the number of multi-article clusters."""
    members = _components(db.rows(_PAIRS))
    db.execute("UPDATE events SET cluster_id = id WHERE cluster_id IS NULL OR cluster_id <> id")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS cluster_links (event_id VARCHAR, cluster_id VARCHAR)")
    db.execute("DELETE FROM cluster_links")
    db.insert("cluster_links", ("event_id", "cluster_id"), [(e, c) for e, c in members.items() if e != c])
    db.execute(
        "UPDATE events SET cluster_id = cluster_links.cluster_id FROM cluster_links "
        "WHERE events.id = cluster_links.event_id"
    )
    db.execute("DELETE FROM clusters")
    db.execute(
        "INSERT INTO clusters (id, category, events, articles, date_earliest, date_latest) "
        "SELECT cluster_id, MIN(category), COUNT(*), COUNT(DISTINCT article_id), MIN(date_earliest), MAX(date_latest) "
        "FROM events GROUP BY cluster_id"
    )
    return len(set(members.values()))


def _components(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over linked event ids: each id → the smallest id of its component."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}
