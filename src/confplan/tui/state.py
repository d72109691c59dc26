"""What the planner is showing and what the user has chosen, without any Textual: the app's single source of truth.

The app owns one ``PlannerState``; screens read it and call its methods, then draw again.  File I/O (autosave,
export) stays in the app, so that everything here can be unit-tested with a plain Agenda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from confplan.agenda import Agenda, Pick, Priority
from confplan.model import Conference, Event
from confplan.tui.rows import Filters, Marks, default_collapsed, time_span
from confplan.tui.search_index import SearchIndex, query_words

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PickResult:
    """What a pick, unpick or priority change did, in words for a notification."""

    message: str
    severity: str = "information"  # Textual notification severities: information, warning, error


class PlannerState:
    def __init__(
        self,
        conference: Conference,
        agenda: Agenda,
        clock: Clock = system_clock,
        local_zone: tzinfo | None = None,
    ) -> None:
        self.conference = conference
        self.agenda = agenda
        self.clock = clock
        #: The user's own time zone, shown beside the conference's when ``show_local`` is on.
        self.local_zone = local_zone if local_zone is not None else datetime.now().astimezone().tzinfo
        self.show_local = False
        self.collapsed: set[str] = default_collapsed(conference)
        self.filters = Filters()
        self.query = ""
        self.search_index = SearchIndex(conference)

    # --- what the views draw with ------------------------------------------------------------------------------

    @property
    def words(self) -> list[str]:
        return query_words(self.query)

    @property
    def shown_local_zone(self) -> tzinfo | None:
        return self.local_zone if self.show_local else None

    def picked_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.agenda)

    def conflicts_by_event(self) -> dict[str, str]:
        """Each picked event's worst conflict kind (filled in by the conflict report)."""
        return {}

    def marks(self) -> Marks:
        return Marks({p.id: p.priority for p in self.agenda}, self.conflicts_by_event())

    # --- picking -----------------------------------------------------------------------------------------------

    def toggle_pick(self, event: Event, priority: Priority) -> PickResult:
        """Pick ``event`` with ``priority``; the same key again unpicks it; the other key changes the priority."""
        existing = self.agenda.get(event.id)
        if existing is not None and existing.priority is priority:
            self.agenda.unpick(event.id)
            return PickResult(f"Unpicked {_short(event)}")
        self.agenda.pick(event, priority)
        verb = "Picked" if priority is Priority.MUST else "Maybe"
        return PickResult(f"{verb}: {_short(event)}")

    def set_note(self, event: Event, note: str) -> Pick:
        """Set the note of ``event``, picking it (as a maybe) first when it is not picked yet."""
        if event.id not in self.agenda:
            self.agenda.pick(event, Priority.MAYBE, note)
        return self.agenda.set_note(event.id, note)


def _short(event: Event, width: int = 60) -> str:
    title = event.title if len(event.title) <= width else event.title[: width - 1] + "…"
    return f"{title} ({time_span(event)}{' ' + event.room if event.room else ''})"
