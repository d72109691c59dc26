"""The agenda as a vdir: one ``<UID>.ics`` file per pick in a folder, the layout khal reads and vdirsyncer syncs.

The files hold the same events as the .ics export (:func:`build_event_objects`).  What the last export into a
folder wrote is kept in that folder (``.confplan-state.json``: khal and vdirsyncer read only ``.ics`` files), so
that each folder is brought up to date on its own:

- a file is written (atomically) only when its event changed since the last export into that folder, or when it
  is missing (the folder is made to hold every pick); an unchanged event's file is left alone, with whatever
  another program (khal, vdirsyncer) changed in it;
- the file of a pick removed since then, or cancelled in the programme, is deleted;
- files confplan did not write are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference
from confplan.storage.atomic_files import delete_file, write_atomically
from confplan.storage.export_ics import CANCELLED, build_event_objects
from confplan.storage.export_state import load_state, save_state

STATE_NAME = ".confplan-state.json"
SUFFIX = ".ics"


@dataclass(frozen=True, slots=True)
class VdirChanges:
    """What an export did to the folder, as UIDs."""

    new: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]


def export_vdir(
    folder: Path, conference: Conference, agenda: Agenda, *, now: datetime, remind: timedelta | None = None
) -> VdirChanges:
    """Bring ``folder`` up to date with ``agenda``: one file per pick, changed ones rewritten, removed ones deleted.

    The folder is created if its parent exists (as vdirsyncer does); a missing parent is more likely a typing
    mistake, and is one ConfplanError.
    """
    _ensure_folder(folder)
    state_path = folder / STATE_NAME
    previous = load_state(state_path)
    before = previous.events if previous is not None else {}
    objects, state = build_event_objects(conference, agenda, now=now, remind=remind, previous=previous)

    new: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for uid, item in objects.items():
        path = folder / (uid + SUFFIX)
        last = before.get(uid)
        if last is not None and last.sequence == item.written.sequence and path.exists():
            unchanged.append(uid)
            continue
        (updated if last is not None and last.status != CANCELLED and path.exists() else new).append(uid)
        write_atomically(path, item.data)
    removed = [uid for uid in before if uid not in objects and delete_file(folder / (uid + SUFFIX))]
    # Saved last: a run stopped half-way leaves the previous state, and the next run redoes what this one did.
    save_state(state_path, state)
    return VdirChanges(tuple(new), tuple(updated), tuple(removed), tuple(unchanged))


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder.exists():
        raise ConfplanError(Problem("not a folder; --vdir names the folder of one calendar (a vdir)", str(folder)))
    if not folder.parent.is_dir():
        raise ConfplanError(
            Problem(f"no folder {folder.parent} to make the calendar folder in; create it first", str(folder))
        )
    try:
        folder.mkdir()
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot create the calendar folder: {exc.strerror or exc}", str(folder))) from None
