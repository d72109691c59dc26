"""The planner's "Sync with the calendar" (`y`): the same sync as `confplan sync`, to the calendar that command
remembered for this agenda.  Runs in a worker thread; it never prompts (the planner owns the terminal), so the
password must come from the environment, a password command or the keyring."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference
from confplan.storage.sync_config import PASSWORD_VARIABLE, password_from_sources, remembered_target


def sync_with_calendar(
    conference: Conference,
    agenda: Agenda,
    agenda_path: Path | None,
    now: datetime,
    progress: Callable[[int, int], None],
) -> str:
    """Sync ``agenda`` (a copy: the planner goes on changing its own); what was done, in one line.  ``progress``
    is told after each change (done, of how many).  Raises ConfplanError."""
    target = remembered_target(agenda_path) if agenda_path is not None else None
    if agenda_path is None or target is None:
        raise ConfplanError(
            Problem(
                "no calendar to sync to yet: run `confplan sync --calendar URL --user NAME` once (`confplan help sync`)"
            )
        )
    password = password_from_sources(target)
    if not password:
        raise ConfplanError(
            Problem(
                f"no password for {target.user}: set {PASSWORD_VARIABLE} or a password command, or keep it in the "
                "keyring with `confplan sync --setup`"
            )
        )
    from confplan.storage.caldav_remote import CalendarRemote  # with caldav and its HTTP stack: only when used
    from confplan.storage.caldav_sync import KEPT, sync_agenda

    remote = CalendarRemote(target.calendar_url, target.user, password)
    result = sync_agenda(
        remote, conference, agenda, agenda_path, now=now, progress=lambda _step, done, total: progress(done, total)
    )
    kept = [step.title for step in result.steps if step.action in KEPT]
    also = f"\nKept as in your calendar (`confplan sync --force` overwrites): {'; '.join(kept[:3])}" if kept else ""
    said = result.summary()
    return said[:1].upper() + said[1:] + also
