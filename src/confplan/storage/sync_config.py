"""Which CalDAV calendar each agenda syncs to, remembered in ``sync.json`` in the user's config directory, and
where its password comes from.

Written after the first sync that succeeds, so that a later bare ``confplan sync`` knows where to go.  It holds the
calendar's URL, the user name and, if one was given, the command that prints the password: never a password.  The
password comes from CONFPLAN_CALDAV_PASSWORD, the password command, or the system keyring (where ``keyring`` is
installed); the command line adds a prompt.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded, out_of_bounds
from confplan.storage.atomic_files import write_atomically
from confplan.storage.bounded_files import SYNC_SETTINGS, read_bounded
from confplan.storage.locations import user_config_dir

CONFIG_NAME = "sync.json"
FORMAT_VERSION = 1
PASSWORD_VARIABLE = "CONFPLAN_CALDAV_PASSWORD"
KEYRING_SERVICE = "confplan-caldav"
PASSWORD_COMMAND_TIMEOUT = 60  # seconds: a password manager may ask the user to unlock it


@dataclass(frozen=True, slots=True)
class SyncTarget:
    calendar_url: str
    user: str
    password_command: str | None = None


def config_path() -> Path:
    return user_config_dir() / CONFIG_NAME


def remembered_target(agenda_path: Path) -> SyncTarget | None:
    """The calendar ``agenda_path`` was last synced to, or None."""
    entry = _read()["agendas"].get(_key(agenda_path))
    if entry is None:
        return None
    try:
        command = entry.get("password_command")
        return SyncTarget(str(entry["calendar"]), str(entry["user"]), None if command is None else str(command))
    except (KeyError, AttributeError) as exc:
        raise _damaged(f"the entry for {agenda_path} lacks {exc}") from None


def remember_target(agenda_path: Path, target: SyncTarget) -> None:
    data = _read()
    entry: dict[str, Any] = {"calendar": target.calendar_url, "user": target.user}
    if target.password_command:
        entry["password_command"] = target.password_command
    data["agendas"][_key(agenda_path)] = entry
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomically(config_path(), text.encode("utf-8"), make_folder=True)


def _key(agenda_path: Path) -> str:
    return str(agenda_path.expanduser().resolve())


def _read() -> dict[str, Any]:
    path = config_path()
    try:
        text = read_bounded(path, SYNC_SETTINGS)
    except FileNotFoundError:
        return {"format": FORMAT_VERSION, "agendas": {}}
    try:
        data = loads_bounded(text, str(path), "the sync settings")
    except ValueError as exc:  # not JSON, or not UTF-8
        raise _damaged(str(exc)) from None
    except ConfplanError as exc:  # a value out of bounds
        raise _damaged(out_of_bounds(exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or not isinstance(data.get("agendas"), dict):
        raise _damaged(f'expected {{"format": {FORMAT_VERSION}, "agendas": {{…}}}}')
    return data


def _damaged(why: str) -> ConfplanError:
    return ConfplanError(
        Problem(
            f"the sync settings are damaged ({why}); fix the file, or delete it and give --calendar and --user again",
            str(config_path()),
        )
    )


def password_from_sources(target: SyncTarget) -> str | None:
    """The password from the environment, the password command or the keyring, in that order; None if none has it.

    Never stored and never printed; a password command that fails is one ConfplanError (without its output)."""
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    if target.password_command:
        return run_password_command(target.password_command)
    return keyring_password(target)


def run_password_command(command: str) -> str:
    try:
        words = shlex.split(command)
    except ValueError as exc:
        raise ConfplanError(Problem(f"--password-command cannot be read as a command: {exc}")) from None
    if not words:
        raise ConfplanError(Problem("--password-command is empty"))
    try:
        done = subprocess.run(
            words, capture_output=True, text=True, timeout=PASSWORD_COMMAND_TIMEOUT, check=False, stdin=None
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfplanError(Problem(f"the password command could not run: {exc}")) from None
    # Its output is the password: never shown, not even in an error.
    password = done.stdout.splitlines()[0] if done.stdout else ""
    if done.returncode != 0 or not password:
        raise ConfplanError(
            Problem(f"the password command {words[0]!r} failed (exit status {done.returncode}) or printed nothing")
        )
    return password


def keyring_password(target: SyncTarget) -> str | None:
    try:
        import keyring  # optional: used where it is installed
    except ImportError:
        return None
    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, keyring_name(target))
    except Exception:  # no usable backend, a locked store: the other sources remain
        return None
    return password


def keyring_name(target: SyncTarget) -> str:
    return f"{target.user}@{target.calendar_url}"
