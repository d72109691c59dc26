"""Messages that travel up from workers and screens to whoever draws or owns the state."""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message

from confplan.domain.agenda import Priority
from confplan.domain.schedule_changes import Change
from confplan.tui.autosave import Saved
from confplan.views.rows import ProgrammeRow


class RowsReady(Message):
    """A background build of the programme rows finished (for the search/filters/folds current when it started)."""

    def __init__(
        self,
        query: str,
        rows: Sequence[ProgrammeRow],
        matches: frozenset[str] | None,
        keep_id: str | None,
        complete: bool = True,
        source: object = None,
    ) -> None:
        super().__init__()
        self.query = query
        self.rows = rows
        self.matches = matches
        self.keep_id = keep_id  # the event the cursor should stay on, if it is still shown
        self.complete = complete  # False: the first screenful of rows (and matches so far); the rest follows
        self.source = source  # the request these rows answer (a first screenful and the rest share it)

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


class ScheduleChangesFound(Message):
    """The picks were matched against the programme at start: what changed for them (maybe nothing)."""

    def __init__(self, changes: Sequence[Change]) -> None:
        super().__init__()
        self.changes = changes
