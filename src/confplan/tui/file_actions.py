"""What the planner's file dialogs do, as plain functions: each returns a line to tell the user, or raises
ConfplanError with what went wrong (the dialog shows it and stays open)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from confplan.domain.agenda import Agenda, merge_agendas
from confplan.domain.conflicts import ConflictKind, conflicts_added
from confplan.errors import ConfplanError, Problem
from confplan.storage.atomic_files import write_atomically
from confplan.storage.export_state import load_state, save_state, state_path_for
from confplan.storage.store import load_agenda, save_agenda
from confplan.text.wording import counted
from confplan.views.state import PlannerState


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
    from confplan.storage.export_ics import build_calendar  # with icalendar: imported when first used, not at start

    remembered = state_path_for(agenda_path if agenda_path is not None else target)
    data, written = build_calendar(state.conference, state.agenda, now=state.clock(), previous=load_state(remembered))
    try:
        write_atomically(target, data)
        save_state(remembered, written)
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot write the calendar: {exc.strerror or exc}", str(target))) from None
    return f"Exported {counted(len(state.agenda), 'pick')} to {target}"


def save_copy(state: PlannerState, target: Path) -> str:
    """Write the agenda to ``target`` (to share it); autosave keeps going to the usual file."""
    if target.is_dir():
        raise ConfplanError(Problem("this is a directory; give a file name such as my-agenda.yaml", str(target)))
    save_agenda(state.agenda, target, state.conference)
    return f"Saved {counted(len(state.agenda), 'pick')} to {target}"


def load_replacing(state: PlannerState, source: Path, keep_copy_at: Path | None = None) -> str:
    """Replace the picks with those of the agenda at ``source``.

    The picks being replaced are first saved to ``keep_copy_at`` (a .bak lasts only until the next save, so it
    cannot be the only way back).  The owner stays the same; picks from someone else's file say whose they were.
    """
    loaded = load_agenda(source, state.conference)
    previous = state.agenda
    if keep_copy_at is not None and len(previous):
        save_agenda(previous, keep_copy_at, state.conference)
    theirs = loaded.owner if loaded.owner and loaded.owner != previous.owner else ""
    replaced = Agenda(previous.conference_name, previous.schedule_hash, previous.owner)
    for pick in loaded:
        replaced.add(replace(pick, picked_by=pick.picked_by or theirs))
    state.agenda = replaced
    state.recheck()
    message = f"Loaded {counted(len(replaced), 'pick')} from {source}"
    if keep_copy_at is not None and len(previous):
        kept = "is" if len(previous) == 1 else "are"
        message += (
            f"; your previous {counted(len(previous), 'pick')} {kept} kept in {keep_copy_at} (load it to go back)"
        )
    return message


def merge_from(state: PlannerState, source: Path) -> str:
    """Add the picks of someone else's agenda at ``source``; each remembers who it came from."""
    theirs = load_agenda(source, state.conference)
    result = merge_agendas(state.agenda, theirs, theirs.owner or source.stem)
    state.agenda = result.merged
    before = state.recheck()
    clashes = conflicts_added(before, state.report, shown=0).counts[ConflictKind.CLASH]
    message = f"Merged {source}: {counted(len(result.added), 'new pick')}, {len(result.already_mine)} you already had"
    if result.notes_combined:  # nothing of theirs is lost without being said
        message += f"; their note added to yours on {counted(len(result.notes_combined), 'pick')}"
    if result.priorities_differ:
        message += f"; your priority kept on {counted(len(result.priorities_differ), 'pick')} they rated otherwise"
    return message + (f"; {counted(clashes, 'new clash')}" if clashes else "")
