"""Saving the agenda file after every change without making the change wait for it.

A save writes YAML, reads it back to check it and fsyncs: tens of milliseconds for a usual agenda, a few hundred
for a thousand picks.  The planner shows a pick at once and saves in a background thread; saves take turns, and
one that a newer change has overtaken is skipped (only the latest picks need writing).  Quitting waits for the
last save (``flush``).

Each save works on a snapshot (``Agenda.copy()``) taken on the UI thread, so the thread never reads picks while
they change.  The version of the file last written is kept here, not in the live agenda (whose record the UI
thread would update only later), so that the next save knows what the file holds.  When a save finds that another
program (a second window) changed the file, ``save_agenda`` merges those picks into the snapshot; ``Saved`` then
carries the snapshot before and after, for the UI thread to take the same picks into the live agenda.

Between saves the app looks at the file now and then (``read_if_changed``): what another program saved there is
taken into the live agenda on the UI thread, and ``adopt`` then makes that version the one the next save starts from.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from confplan.domain.agenda import Agenda, SavedVersion
from confplan.errors import ConfplanError
from confplan.model import Conference
from confplan.storage.bounded_files import AGENDA, read_bounded
from confplan.storage.store import load_agenda, save_agenda


def what_to_do(path: Path) -> str:
    """What the user can do about a save of ``path`` that failed, found by looking at the file and its folder
    (the error's words vary with the system; the situation does not)."""
    folder = path.parent
    if path.is_dir():
        return f"a folder now has the agenda's name: move or rename {path}"
    if not folder.is_dir():
        return f"its folder {folder} is gone or is not a folder: make it again"
    try:
        found = os.statvfs(folder)
    except OSError:
        found = None
    if found is not None and found.f_flag & os.ST_RDONLY:
        return f"the disk holding {folder} is mounted read-only: make it writable"
    if found is not None and found.f_bavail * found.f_frsize < 1_000_000:
        return f"the disk holding {folder} is full: free some space"
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only: make it writable (chmod u+w)"
    return "press S to save a copy elsewhere"


@dataclass(frozen=True)
class FileChanged:
    """The agenda file as another program left it: its picks (``theirs``, whose ``saved`` is that version), or
    ``error`` if it cannot be read as an agenda now; ``base`` is the version this planner knew before."""

    base: SavedVersion | None
    theirs: Agenda | None
    error: ConfplanError | None = None


@dataclass(frozen=True)
class Saved:
    """What one background save did: ``error`` if it failed; otherwise ``before``/``after`` the save's merge."""

    before: Agenda
    after: Agenda
    error: ConfplanError | None = None


class AgendaSaver:
    def __init__(self, path: Path, conference: Conference, saved: SavedVersion | None) -> None:
        self.path = path
        self.conference = conference
        self._file_version = saved  # what the file holds, as this program last read or wrote it
        self._lock = threading.Lock()  # one save at a time
        self._requested = 0  # generations of snapshots, counted on the UI thread
        self._pending: tuple[int, Agenda] | None = None  # the newest snapshot, with its generation
        self._written = 0  # the generation last written (or failed to be)

    def request(self, agenda: Agenda) -> None:
        """Take a snapshot of ``agenda`` (on the UI thread) to be written by the next ``save``."""
        self._requested += 1
        self._pending = (self._requested, agenda.copy())  # one assignment: a save sees the pair or the previous one

    def save(self) -> Saved | None:
        """Write the newest snapshot (in a background thread); None when it is written already (a save that was
        overtaken finds the newer snapshot written by the save that overtook it, or writes it itself)."""
        with self._lock:
            if self._pending is None or self._pending[0] <= self._written:
                return None
            generation, snapshot = self._pending
            self._written = generation
            return self._write(snapshot)

    def flush(self) -> Saved | None:
        """Wait for the save under way, then write the newest snapshot if it is not written yet (at quit)."""
        return self.save()

    def read_if_changed(self) -> FileChanged | None:
        """(In a background thread.) The file, if another program wrote it since this planner last read or wrote
        it; None when it holds what this planner knows (its own last save, say) or is not there."""
        with self._lock:
            known = self._file_version
            try:
                data = read_bounded(self.path, AGENDA)  # a pipe or a device put there must not stop this thread
            except FileNotFoundError:
                return None  # removed: the next save writes it again
            except ConfplanError as exc:
                return FileChanged(known, None, exc)
            if known is not None and hashlib.sha256(data).hexdigest() == known.sha256:
                return None
            try:
                return FileChanged(known, load_agenda(self.path, self.conference))
            except ConfplanError as exc:
                return FileChanged(known, None, exc)

    def adopt(self, base: SavedVersion | None, theirs: SavedVersion) -> None:
        """(On the UI thread.) The live picks now hold what the file held at ``theirs``: the next save starts from
        that version, unless a save since ``base`` was read already moved on (it merged the same changes)."""
        with self._lock:
            if self._file_version is base:
                self._file_version = theirs

    def _write(self, snapshot: Agenda) -> Saved:
        snapshot.saved = self._file_version
        before = snapshot.copy()
        try:
            save_agenda(snapshot, self.path, self.conference)
        except ConfplanError as exc:
            return Saved(before, snapshot, exc)
        self._file_version = snapshot.saved
        return Saved(before, snapshot)
