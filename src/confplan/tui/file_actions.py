"""What the planner's file dialogs do, as plain functions: each returns a line to tell the user, or raises
ConfplanError with what went wrong (the dialog shows it and stays open)."""

from __future__ import annotations

from pathlib import Path

from confplan.errors import ConfplanError, Problem
from confplan.export_ics import build_calendar
from confplan.export_state import load_state, save_state, state_path_for, write_atomically
from confplan.tui.state import PlannerState


def export_calendar(state: PlannerState, target: Path, agenda_path: Path | None) -> str:
    """Write the picks to ``target`` as an .ics file.

    What was exported is remembered beside the agenda file (or beside the .ics when there is none), so that the
    next export updates the calendar's events instead of duplicating them.
    """
    if not len(state.agenda):
        raise ConfplanError(Problem("there is nothing to export yet: pick some talks first", str(target)))
    if target.is_dir():
        raise ConfplanError(Problem("this is a directory; give a file name such as my-agenda.ics", str(target)))
    if not target.parent.is_dir():
        raise ConfplanError(Problem("the folder does not exist", str(target.parent)))
    remembered = state_path_for(agenda_path if agenda_path is not None else target)
    data, written = build_calendar(state.conference, state.agenda, now=state.clock(), previous=load_state(remembered))
    try:
        write_atomically(target, data)
        save_state(remembered, written)
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot write the calendar: {exc.strerror or exc}", str(target))) from None
    picks = len(state.agenda)
    return f"Exported {picks} pick{'s' if picks != 1 else ''} to {target}"
