"""The `python -m easytrack` commands for self-hosters and scripts."""

from __future__ import annotations

import argparse
import sys


def _migrate(_args: argparse.Namespace) -> int:
    from easytrack import migrate

    migrate.upgrade()
    print("database is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m easytrack", description="easytrack administration")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from easytrack.config import ConfigError

    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
