"""Messages that travel up from workers and screens to whoever draws or owns the state."""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message

from confplan.domain.agenda import Priority
from confplan.domain.schedule_changes import Change
from confplan.tui.autosave import FileChanged, Saved
from confplan.views.programme_rows import BuiltRows


class RowsReady(Message):
    """A build of the programme rows finished (for the search/filters/folds current when it started)."""

    def __init__(self, built: BuiltRows) -> None:
        super().__init__()
        self.query = built.query
        self.rows = built.rows
        self.matches = built.matches
        self.keep_id = built.keep_id
        self.complete = built.complete
        self.source = built.source

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RowsReady)


class AgendaChanged(Message):
    """The picks changed (a pick, an unpick, a note, a load or a merge): markers and views must be drawn again."""

    def __init__(self, focus_id: str | None = None) -> None:
        super().__init__()
        self.focus_id = focus_id  # an event the view should move to (e.g. the alternative just picked)


class PickToggled(Message):
    """The user pressed a pick key on an event: pick it with ``priority``, or unpick it if it already is."""

    def __init__(self, event_id: str, priority: Priority) -> None:
        super().__init__()
        self.event_id = event_id
        self.priority = priority


class NoteSet(Message):
    """The user wrote a note for an event (picking it as a maybe when it was not picked)."""

    def __init__(self, event_id: str, note: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.note = note


class AlternativeRequested(Message):
    """The user asked to resolve a clash of ``event_id`` by picking the same paper's other presentation."""

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id


class ShowInProgramme(Message):
    """Switch to the programme view with the cursor on ``event_id``."""

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id


class AgendaSaved(Message):
    """A background save of the agenda file finished (or failed)."""

    def __init__(self, outcome: Saved) -> None:
        super().__init__()
        self.outcome = outcome


class AgendaFileChanged(Message):
    """Another program changed the agenda file while the planner has it open (see ``AgendaSaver.read_if_changed``)."""

    def __init__(self, changed: FileChanged) -> None:
        super().__init__()
        self.changed = changed


class ScheduleChangesFound(Message):
    """The picks were matched against the programme at start: what changed for them (maybe nothing)."""

    def __init__(self, changes: Sequence[Change]) -> None:
        super().__init__()
        self.changes = changes


class ProgrammeRetitled(Message):
    """The programme's events got their papers' titles and authors (``state.use_programme``): rows to build again."""
