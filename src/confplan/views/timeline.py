"""The timeline grid of one day: rooms as columns, time as rows (one row per step), picks highlighted.

Each room shows its finest-grained events: the talks of an oral session (each has its own slot), otherwise the
session itself (a poster session's hundred posters share one time, so the session stands for them).  Events
without a room share one last column.  Plain data; the timeline widget only draws it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import gcd

from confplan.domain.agenda import Priority
from confplan.model import Conference, Event, Session
from confplan.text.name_order import by_name

NO_ROOM = "(no room)"


@dataclass(frozen=True, slots=True)
class Cell:
    """What is on in one room during one step."""

    event_ids: tuple[str, ...]  # every event running then, earliest first
    starting_id: str | None  # an event that begins in this step (its title is shown; other steps show a bar)


class TimelineGrid:
    """One day's grid.  A column is worked out when it is first asked for, and holds only the rows where something
    is on: a programme with thousands of rooms shows a handful at a time, and never builds the others."""

    def __init__(
        self, day: date, rooms: list[str], times: list[datetime], placed: dict[str, list[Event]], step: timedelta
    ) -> None:
        self.day = day
        self.rooms = rooms
        self.times = times  # the start of each row
        self._placed = placed  # each room's events (NO_ROOM for those without one), in time order
        self._step = int(step.total_seconds())  # each row's length
        self._columns: dict[int, dict[int, Cell]] = {}

    @property
    def columns_built(self) -> int:
        return len(self._columns)

    def cell(self, row: int, column: int) -> Cell | None:
        """What is on in room ``column`` during step ``row``; None when nothing is."""
        cells = self._columns.get(column)
        if cells is None:
            cells = self._columns[column] = self._build_column(column)
        return cells.get(row)

    def _build_column(self, column: int) -> dict[int, Cell]:
        running: dict[int, list[str]] = {}
        starting: dict[int, str] = {}
        for event in self._placed[self.rooms[column]]:
            top, bottom = self._rows_of(event)
            starting.setdefault(top, event.id)
            for row in range(top, bottom):
                running.setdefault(row, []).append(event.id)
        return {row: Cell(tuple(ids), starting.get(row)) for row, ids in running.items()}

    def _rows_of(self, event: Event) -> tuple[int, int]:
        """The rows ``event`` covers: from the step it starts in to the step it ends in (at least one)."""
        first, step = self.times[0], self._step
        top = int((event.start - first).total_seconds()) // step
        bottom = max(top + 1, -(-int((event.end - first).total_seconds()) // step))
        return top, min(bottom, len(self.times))

    def start_row(self, now: datetime) -> int:
        """Where the cursor starts: the row of ``now`` on the conference day, else the first row with a talk in a
        room (rather than the registration desk open since dawn)."""
        step = timedelta(seconds=self._step)
        for row, moment in enumerate(self.times):
            if moment <= now < moment + step:
                return row
        in_rooms = [events[0] for room, events in self._placed.items() if room != NO_ROOM and events]
        return min((self._rows_of(e)[0] for e in in_rooms), default=0)


def grid_events(conference: Conference, day: date) -> list[Event]:
    """The events the grid shows on ``day``: talks with a slot of their own, else their sessions."""
    shown: list[Event] = []
    for session in conference.sessions:
        if session.start.date() != day:
            continue
        talks = conference.presentations_of(session)
        own_slots = [p for p in talks if (p.start, p.end) != (session.start, session.end)]
        shown.extend(own_slots if own_slots else [session])
    return sorted(shown, key=lambda e: (e.start, e.end, e.id))


#: The rows the grid may use, coarsest first (see ``row_minutes``).
ROW_STEPS = (15, 10, 5)


def row_minutes(events: Collection[Event]) -> int:
    """Minutes per row such that every start falls on a row's own time where it can: 10 for talks every 10
    minutes, 5 when a talk starts at 09:45 among others at 09:40 (a 10-minute grid put it in the 09:40 row), 15 for
    quarter hours; 5 for starts at odd minutes."""
    common = 0
    for event in events:
        common = gcd(common, event.start.hour * 60 + event.start.minute)
    return next((step for step in ROW_STEPS if common % step == 0), ROW_STEPS[-1])


def build_timeline(conference: Conference, day: date, step_minutes: int | None = None) -> TimelineGrid:
    """The grid for ``day``, one row per ``step_minutes`` (by default: ``row_minutes`` of the day's events); its
    columns are made as they are shown."""
    events = grid_events(conference, day)
    if not events:
        return TimelineGrid(day, [], [], {}, timedelta(minutes=step_minutes or ROW_STEPS[1]))
    if step_minutes is None:
        step_minutes = row_minutes(events)
    placed: dict[str, list[Event]] = {}
    for event in events:  # in time order, so each room's list is too
        placed.setdefault(event.room or NO_ROOM, []).append(event)
    rooms = by_name(room for room in placed if room != NO_ROOM)
    if NO_ROOM in placed:
        rooms.append(NO_ROOM)
    step = timedelta(minutes=step_minutes)
    first = min(e.start for e in events)
    first = first.replace(minute=first.minute - first.minute % step_minutes, second=0, microsecond=0)
    last = max(e.end for e in events)
    times: list[datetime] = []
    moment = first
    while moment < last:
        times.append(moment)
        moment += step
    return TimelineGrid(day, rooms, times, placed, step)


def default_day(
    conference: Conference, picked: Collection[str], today: date | None = None, days: list[date] | None = None
) -> date | None:
    """The day to show first: today when the conference is on, else the first day with a pick, else the first.
    ``days`` are the conference's days, when known (working them out is a pass over every event)."""
    days = conference.days if days is None else days
    if not days:
        return None
    if today in days:
        return today
    picked_days = sorted({conference[i].start.date() for i in picked if i in conference})
    return picked_days[0] if picked_days else days[0]


def cell_priority(conference: Conference, cell: Cell, priorities: Mapping[str, Priority]) -> Priority | None:
    """How strongly something in the cell is picked (a session, or for a session standing for its posters, one of
    them): must beats maybe; None when nothing in it is picked."""
    found: Priority | None = None
    for event_id in cell.event_ids:
        event = conference[event_id]
        inside = event.presentation_ids if isinstance(event, Session) else ()
        for picked_id in (event_id, *inside):
            priority = priorities.get(picked_id)
            if priority is Priority.MUST:
                return priority
            found = found or priority
    return found
