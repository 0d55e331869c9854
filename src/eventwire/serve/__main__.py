"""`python -m eventwire.serve --db FILE`: the same as `eventwire serve`."""

from __future__ import annotations

import argparse
import sys

from eventwire.cli_serve import add_serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventwire.serve")
    sub = parser.add_subparsers(dest="command")
    add_serve(sub)
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
