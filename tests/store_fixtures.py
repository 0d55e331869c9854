"""Shared by the read-side tests (query, export): code once, fill DuckDB and a PostgreSQL schema alike."""

from __future__ import annotations

from eventwire.model import Article

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
