"""The `python -m easytrack` commands for self-hosters and scripts.

Errors a user can fix (unknown user, unreadable file, bad setting) print one line on stderr and exit
with status 2. Modules that read the configuration are imported inside the commands, so that a bad
setting is reported that way too instead of as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import time
from pathlib import Path


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _migrate(_args: argparse.Namespace) -> int:
    from easytrack.config import settings
    from easytrack.ops.startup import migrate_once

    migrate_once(settings.db_url)  # safe when several workers or containers start together
    print("database is up to date")
    return 0


def _user_id(session, email: str) -> int:
    """The id of the user with address `email`, or CliError."""
    from sqlmodel import select

    from easytrack.models import User
    from easytrack.services.accounts import normalize_email

    address = normalize_email(email)
    user_id = session.exec(select(User.id).where(User.email == address)).first()
    if user_id is None:
        raise CliError(f"no user with the e-mail address {address}")
    return user_id


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("no password on standard input")
        return password
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the password: use --password-stdin")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise CliError("the passwords do not match")
    return password


def _create_user(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.models import utcnow
    from easytrack.services import accounts, app_settings

    password, now = _read_password(args), utcnow()
    with session_scope() as session:
        made = accounts.register(session, email=args.email, password=password, display_name=args.name, now=now)
        if made.user_id is None:
            raise CliError("a user with that e-mail address already exists")
        user = accounts.get_user(session, made.user_id)
        user.is_admin = args.admin or app_settings.promote_if_first(session, user_id=user.id)  # first = admin
        if args.confirmed:
            user.is_confirmed, user.confirmed_at = True, now
        email, confirmed, role = user.email, user.is_confirmed, "admin" if user.is_admin else "user"
    print(f"created {role} {made.user_id} <{email}>")
    if not confirmed:
        print("not confirmed yet: they can ask for the confirmation link on the login page", file=sys.stderr)
    return 0


def _token_create(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.models import utcnow
    from easytrack.services import api_tokens

    with session_scope() as session:
        info, secret = api_tokens.create_token(
            session, user_id=_user_id(session, args.user), name=args.name, now=utcnow()
        )
    print(f"token {info.id} ({info.name}) created; the secret below is shown only this once:", file=sys.stderr)
    print(secret)
    return 0


def _token_list(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.services import api_tokens

    with session_scope() as session:
        tokens = api_tokens.list_tokens(session, user_id=_user_id(session, args.user))
    if not tokens:
        print("no API tokens", file=sys.stderr)
    for token in tokens:
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never used"
        print(f"{token.id}\t{token.name}\tcreated {token.created_at:%Y-%m-%d %H:%M}\t{used}")
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.services import api_tokens

    with session_scope() as session:
        api_tokens.revoke_token(session, user_id=_user_id(session, args.user), token_id=args.id)
    print(f"revoked token {args.id}")
    return 0


class _Progress:
    """Import progress on stderr, at most twice a second (one updating line on a terminal)."""

    def __init__(self) -> None:
        self.tty, self.last, self.shown = sys.stderr.isatty(), 0.0, False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.last < 0.5 and done < total:
            return
        self.last, self.shown = time.monotonic(), True
        line = f"importing check-ins: {done:,} of {total:,}"
        print("\r" + line if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr)


def _read_file(path: Path) -> bytes:
    from easytrack.services.transfer.limits import MAX_UPLOAD

    try:
        if path.stat().st_size > MAX_UPLOAD:
            raise CliError(f"{path}: the file is larger than 20 MB")
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def _import(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.services import transfer
    from easytrack.services.transfer import describe

    data, progress, merge = _read_file(Path(args.file)), _Progress(), not args.no_merge
    if args.dry_run:
        with session_scope() as session:
            preview = transfer.preview_file(session, user_id=_user_id(session, args.user), data=data, merge_names=merge)
        print("\n".join(["dry run: nothing was imported", *describe.preview_lines(preview)]))
        return 0
    try:
        with session_scope() as session:
            summary = transfer.import_file(
                session, user_id=_user_id(session, args.user), data=data, filename=Path(args.file).name,
                merge_names=merge, progress=progress,
            )
    finally:
        progress.finish()
    print(f"format: {summary.format}")
    for name in ("habits_created", "habits_updated", "habits_unchanged", "groups_created",
                 "checkins_added", "checkins_changed", "checkins_unchanged"):
        print(f"{name.replace('_', ' ')}: {getattr(summary, name)}")
    for line in describe.habit_lines(summary.habits, done=True):
        print(line)
    for warning in summary.warnings:
        print(f"warning: {warning}")
    return 0


def _write(output: str, data: bytes) -> None:
    """Write `data` to `output` ("-" is stdout) through a temporary file, so a failure leaves no half file."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None


def _export(args: argparse.Namespace) -> int:
    from easytrack.db import session_scope
    from easytrack.models import utcnow
    from easytrack.services import transfer

    exporter = transfer.export_json if args.format == "json" else transfer.export_csv_zip
    with session_scope() as session:
        data = exporter(session, user_id=_user_id(session, args.user), now=utcnow())
    _write(args.output, data)
    if args.output != "-":
        print(f"wrote {len(data):,} bytes to {args.output}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m easytrack", description="easytrack administration")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(func=_migrate)

    user = commands.add_parser("create-user", help="create an account (also when registration is closed); "
                               "the first account on a server is always an admin")
    user.add_argument("email")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user.add_argument("--admin", action="store_true", help="make the account an administrator")
    user.add_argument("--confirmed", action="store_true", help="mark the e-mail address as confirmed")
    user.add_argument("--name", default="", help="display name")
    user.set_defaults(func=_create_user)

    token = commands.add_parser("token", help="manage a user's REST API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token and print its secret (once)")
    create.add_argument("--user", required=True, metavar="EMAIL")
    create.add_argument("--name", required=True)
    create.set_defaults(func=_token_create)
    listing = token_commands.add_parser("list", help="list a user's tokens")
    listing.add_argument("--user", required=True, metavar="EMAIL")
    listing.set_defaults(func=_token_list)
    revoke = token_commands.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("--user", required=True, metavar="EMAIL")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(func=_token_revoke)

    imp = commands.add_parser("import", help="import a Loop, Beaver or easytrack export for a user")
    imp.add_argument("file")
    imp.add_argument("--user", required=True, metavar="EMAIL")
    imp.add_argument("--dry-run", action="store_true", help="only show what would be created, merged or renamed")
    imp.add_argument("--no-merge", action="store_true",
                     help="import habits whose name you already use under a free name ('Gym (2)') instead of "
                          "merging them into yours")
    imp.set_defaults(func=_import)

    exp = commands.add_parser("export", help="export all of a user's data")
    exp.add_argument("--user", required=True, metavar="EMAIL")
    exp.add_argument("--format", choices=("json", "csv"), default="json", help="json (default) or csv (a zip)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help='where to write ("-" for stdout)')
    exp.set_defaults(func=_export)
    from easytrack.ops import backup as ops_backup

    ops_backup.add_commands(commands)  # backup -o FILE, restore --yes FILE
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        from easytrack import config  # reads the environment: a bad setting fails right here
    except ValueError as exc:  # config.ConfigError, raised while the module loads
        return _fail(f"configuration error: {exc}")
    from sqlalchemy.exc import SQLAlchemyError

    from easytrack.services.errors import ServiceError

    try:
        return args.func(args)
    except config.ConfigError as exc:
        return _fail(f"configuration error: {exc}")
    except (CliError, ServiceError) as exc:
        return _fail(f"error: {getattr(exc, 'message', exc)}")
    except SQLAlchemyError as exc:  # no database, or not migrated: one line, not a traceback
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return _fail(f"database error: {first} (is REFLEX_DB_URL right, and did `migrate` run?)")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
