"""`eventwire serve`: the HTTP API and dashboard over a database, on loopback unless told otherwise."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from eventwire.store import DEFAULT_PATH

DEFAULT_TOKEN_ENV = "EVENTWIRE_WRITE_TOKEN"


def add_serve(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    serve = sub.add_parser(
        "serve",
        help="serve the HTTP API and the web dashboard",
        description="Serve the event database over HTTP: the API (docs at /docs, schema at /openapi.json) and "
        "the dashboard at /. Read-only unless a write token is set in the environment.",
        epilog=f"example: {DEFAULT_TOKEN_ENV}=$(openssl rand -hex 16) eventwire serve --db events.duckdb",
    )
    serve.add_argument(
        "--db",
        default=DEFAULT_PATH,
        metavar="PATH",
        help=f"DuckDB file or postgresql:// URL ({DEFAULT_PATH}); put a PostgreSQL password in PGPASSWORD, not here",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument(
        "--write-token-env",
        default=DEFAULT_TOKEN_ENV,
        metavar="VAR",
        help=f"environment variable holding the token that POST /code?store=true needs ({DEFAULT_TOKEN_ENV}); "
        "never give a token on the command line, where other users can see it",
    )
    serve.add_argument("--public", action="store_true", help="allow listening on an address other machines reach")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN", help="allow this web origin")
    serve.set_defaults(run=run_serve)
    return serve


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.public:
        print(
            f"eventwire serve: refusing to listen on {args.host}: other machines could reach the API there. "
            "Use --public if that is what you want (and put TLS in front of it), or --host 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    token = os.environ.get(args.write_token_env) or None
    import uvicorn

    from eventwire.serve import create_app
    from eventwire.store import DatabaseError

    try:
        app = create_app(args.db, write_token=token, cors_origins=args.cors_origin)
    except DatabaseError as err:
        print(f"eventwire serve: {err}", file=sys.stderr)
        return 1
    mode = "read-write (token set)" if token else f"read-only (no ${args.write_token_env})"
    print(f"eventwire serve: {app.state.connections.display_target}, {mode}", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
