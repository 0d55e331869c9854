"""Shared by the read-side tests (query, export): code once, fill DuckDB and a PostgreSQL schema alike."""

from __future__ import annotations

from datetime import date

from eventwire.model import Article

# Articles written for these tests, stored beside the samples.
KENYA_TEXT = (
    "Kenya expels Ugandan ambassador\n\nKenya expelled the Ugandan ambassador on Monday after a dispute over the "
    "border, the foreign ministry in Nairobi said. Ugandan officials condemned the decision."
)
INVENTED = [
    # two articles that report one expulsion: their events form one cluster
    Article(
        id="inv-kenya-1",
        title="Kenya expels Ugandan ambassador",
        url="https://example.org/world/kenya-expels-envoy",
        publisher="Example Wire",
        published=date(2025, 2, 11),
        text=KENYA_TEXT,
    ),
    Article(
        id="inv-kenya-2",
        title="Nairobi orders Uganda's envoy out",
        url="https://example.com/news/nairobi-envoy",
        publisher="Other Daily",
        published=date(2025, 2, 11),
        text="Nairobi orders Uganda's envoy out\n\nThe Kenyan government expelled Uganda's ambassador on Monday, "
        "officials said, as a row over fishing rights on Lake Victoria deepened.",
    ),
    # a copy of the first, stored as a duplicate and not coded again
    Article(id="inv-kenya-copy", title="Kenya expels Ugandan ambassador", published=date(2025, 2, 12), text=KENYA_TEXT),
    # no publication date and no date in the text: its events are undated
    Article(
        id="inv-undated",
        title="Protesters march in Lima",
        text="Protesters march in Lima\n\nThousands of protesters marched through Lima against the Peruvian "
        "government, police said.",
    ),
]

_CODED: dict[str, object] = {}  # article id → coding result, shared by the DuckDB and PostgreSQL runs


def cached_coder(pipeline):  # type: ignore[no-untyped-def]
    """A coder that codes each article once per test session, however many databases it fills."""

    def code(items):  # type: ignore[no-untyped-def]
        items = list(items)
        todo = [i for i in items if isinstance(i, Article) and i.id not in _CODED]
        for article, result in zip(todo, pipeline.code(todo), strict=True):
            _CODED[article.id] = result
        for item in items:
            yield _CODED[item.id] if isinstance(item, Article) else item

    return code


def schema_url(url: str, schema: str) -> str:
    """A fresh, empty schema of its own, and a URL whose connections use it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def filled_database(request, folder, pipeline, articles, schema: str, targets: dict[str, str]):  # type: ignore[no-untyped-def]
    """The body of a module's `db` fixture: the articles stored in DuckDB or a PostgreSQL schema, opened read-only.

    `request.param` is "duckdb" or "postgresql"; `targets` records where each one lives, for CLI tests.
    """
    import pytest

    from eventwire.ingest.job import IngestJob
    from eventwire.samples import sample_articles
    from eventwire.store import Database, Store

    url = None
    if request.param == "duckdb":
        target = str(folder / "events.duckdb")
    else:
        try:
            url = request.getfixturevalue("postgres_url")
        except pytest.FixtureLookupError:
            pytest.skip("postgres_url fixture not available")
        target = schema_url(url, schema)
    with Store.open(target) as store:
        IngestJob(store, cached_coder(pipeline), ["test"]).run([*sample_articles(), *articles])
    targets[request.param] = target
    database = Database.open(target, read_only=True)
    yield database
    database.close()
    if url:
        drop_schema(url, schema)
