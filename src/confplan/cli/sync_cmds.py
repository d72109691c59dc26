"""`confplan sync`: your picks straight into a CalDAV calendar (Nextcloud, Fastmail, Radicale, Baïkal, iCloud…).

Where to sync is given once (``--calendar URL --user NAME``) and remembered per agenda; the password never is: it
comes from CONFPLAN_CALDAV_PASSWORD, ``--password-command``, the system keyring, or a prompt on a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confplan.cli.context import Context, add_global_options
from confplan.errors import ConfplanError, Problem
from confplan.text.plain_text import printable

# The agenda, the store and the sync settings are imported by the command that uses them (tests/cli/test_imports.py).
if TYPE_CHECKING:
    from confplan.storage.sync_config import SyncTarget


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="put your picks into a CalDAV calendar and keep them in step",
        description=(
            "Put your picks into a CalDAV calendar, one event each (the same events as `confplan export`), and keep "
            "them in step: changed picks are updated, unpicked or cancelled ones removed. Events you changed or "
            "deleted in the calendar are kept as you left them (and reported); events confplan did not create are "
            "never touched. The calendar and user are remembered per agenda after the first sync. The password "
            "comes from $CONFPLAN_CALDAV_PASSWORD, --password-command, the system keyring (if `keyring` is installed), "
            "or a prompt; it is never stored by confplan. `confplan help sync` lists the URLs of common servers."
        ),
    )
    parser.add_argument("--calendar", metavar="URL", help="the calendar's CalDAV URL (remembered)")
    parser.add_argument("--user", metavar="NAME", help="the user name on the server (remembered)")
    parser.add_argument(
        "--password-command",
        metavar="CMD",
        help="a command that prints the password, e.g. 'pass show caldav' (remembered; its output is not)",
    )
    parser.add_argument("--dry-run", action="store_true", help="list what would change, change nothing")
    parser.add_argument(
        "--force", action="store_true", help="overwrite, put back or delete events changed in the calendar"
    )
    parser.add_argument(
        "--setup", action="store_true", help="ask for what is missing, check the connection, remember it"
    )
    parser.add_argument(
        "--timeout", type=seconds, default=30.0, metavar="SECONDS", help="give up on a request after this long"
    )
    add_global_options(parser, suppress_defaults=True)
    parser.set_defaults(handler=sync_command)


def seconds(text: str) -> float:
    """A timeout: a number of seconds above zero, at most an hour."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a timeout; expected seconds above 0, at most 3600")
    return value


def sync_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.agenda import Agenda
    from confplan.storage.caldav_remote import CalendarRemote
    from confplan.storage.caldav_sync import sync_agenda
    from confplan.storage.store import default_agenda_path, load_agenda
    from confplan.storage.sync_config import remember_target

    conference = context.conference()
    agenda_path: Path = args.agenda or default_agenda_path(conference)
    target = _target(args, agenda_path)
    if args.setup:
        return _setup(args, agenda_path, target)
    if target is None:
        raise ConfplanError(
            Problem(
                "no calendar to sync to yet: give --calendar URL --user NAME the first time, or run "
                "`confplan sync --setup` (see `confplan help sync`)"
            )
        )
    if args.agenda is None and not agenda_path.exists():
        agenda = Agenda.for_conference(conference)
    else:
        agenda = load_agenda(agenda_path, conference)
    remote = CalendarRemote(target.calendar_url, target.user, password_for(target), timeout=args.timeout)
    result = sync_agenda(
        remote,
        conference,
        agenda,
        agenda_path,
        now=datetime.now(UTC),
        force=args.force,
        dry_run=args.dry_run,
        # Remembered as soon as the calendar answers: a first sync cut short is finished by a bare `confplan sync`.
        connected=lambda: remember_target(agenda_path, target),
    )
    for line in describe_steps(result):
        print(line)
    print(f"confplan: {printable(result.summary(dry_run=args.dry_run))}", file=sys.stderr)
    return 0


def _target(args: argparse.Namespace, agenda_path: Path) -> SyncTarget | None:
    from confplan.storage.sync_config import SyncTarget, remembered_target

    remembered = remembered_target(agenda_path)
    url = args.calendar or (remembered.calendar_url if remembered else None)
    user = args.user or (remembered.user if remembered else None)
    command = args.password_command or (remembered.password_command if remembered else None)
    if not url or not user:
        return None if not args.setup else SyncTarget(url or "", user or "", command)
    return SyncTarget(url, user, command)


def password_for(target: SyncTarget, interactive: bool | None = None) -> str:
    """The password, from the first source that has one, or a prompt on a terminal; never stored, never printed."""
    from confplan.storage.sync_config import PASSWORD_VARIABLE, password_from_sources

    from_sources = password_from_sources(target)
    if from_sources:
        return from_sources
    if interactive if interactive is not None else sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Password for {target.user} at {target.calendar_url}: ")
        if password:
            return password
    raise ConfplanError(
        Problem(
            f"no password for {target.user}: set {PASSWORD_VARIABLE}, give --password-command CMD, or store it in "
            "the system keyring with `confplan sync --setup`"
        )
    )


def _setup(args: argparse.Namespace, agenda_path: Path, target: SyncTarget | None) -> int:
    from confplan.storage.caldav_remote import CalendarRemote
    from confplan.storage.sync_config import PASSWORD_VARIABLE, SyncTarget, keyring_password, remember_target

    assert target is not None
    url = target.calendar_url or _ask("CalDAV calendar URL (see `confplan help sync`): ")
    user = target.user or _ask("User name: ")
    target = SyncTarget(url.strip(), user.strip(), target.password_command)
    prompted = not (os.environ.get(PASSWORD_VARIABLE) or target.password_command or keyring_password(target))
    password = password_for(target)
    name = CalendarRemote(target.calendar_url, target.user, password, timeout=args.timeout).check()
    remember_target(agenda_path, target)
    print(f"confplan: connected to {printable(name)}; `confplan sync` now syncs {printable(str(agenda_path))} there")
    if prompted:
        _offer_keyring(target, password)
    return 0


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise ConfplanError(Problem("--setup asks questions on a terminal; give --calendar and --user instead"))
    try:
        answer = input(prompt).strip()
    except EOFError:
        answer = ""
    if not answer:
        raise ConfplanError(Problem("nothing was given; nothing was set up"))
    return answer


def _offer_keyring(target: SyncTarget, password: str) -> None:
    from confplan.storage.sync_config import KEYRING_SERVICE, PASSWORD_VARIABLE, keyring_name

    try:
        import keyring
    except ImportError:
        print(
            f"confplan: the password was not kept; next time set {PASSWORD_VARIABLE} or --password-command "
            "(or install `keyring` to keep it in the system keyring)"
        )
        return
    if _ask("Keep the password in the system keyring? [y/N] ").lower() in ("y", "yes"):
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_name(target), password)
        except Exception as exc:
            raise ConfplanError(Problem(f"the keyring did not take the password: {type(exc).__name__}")) from None
        print("confplan: kept in the system keyring")


def describe_steps(result: Any) -> list[str]:
    """One line per change (or kept edit), in the order made."""
    from confplan.storage.caldav_sync import ADVICE, Action

    lines = []
    for step in result.steps:
        if step.action is Action.RECORD:
            continue
        advice = f" ({ADVICE[step.action]})" if step.action in ADVICE else ""
        lines.append(f"{step.action.value:<8} {step.start:%a %d %b %H:%M}  {printable(step.title)}{advice}")
    return lines
