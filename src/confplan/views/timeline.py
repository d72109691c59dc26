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

NO_ROOM = "(no room)"


@dataclass(frozen=True, slots=True)
class Cell:
    """What is on in one room during one step."""

    event_ids: tuple[str, ...]  # every event running then, earliest first
    starting_id: str | None  # an event that begins in this step (its title is shown; other steps show a bar)


@dataclass(frozen=True)
class TimelineGrid:
    day: date
    rooms: list[str]
    times: list[datetime]  # the start of each row
    cells: list[list[Cell | None]]  # [row][column]; None where nothing is on

    def cell(self, row: int, column: int) -> Cell | None:
        return self.cells[row][column]

    def start_row(self, now: datetime) -> int:
        """Where the cursor starts: the row of ``now`` on the conference day, else the first row with a talk in a
        room (rather than the registration desk open since dawn)."""
        for row, moment in enumerate(self.times):
            if moment <= now < moment + (self.times[1] - self.times[0] if len(self.times) > 1 else timedelta(0)):
                return row
        for row, cells in enumerate(self.cells):
            if any(cell is not None for room, cell in zip(self.rooms, cells, strict=True) if room != NO_ROOM):
                return row
        return 0


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
    """The grid for ``day``, one row per ``step_minutes`` (by default: ``row_minutes`` of the day's events)."""
    events = grid_events(conference, day)
    if not events:
        return TimelineGrid(day, [], [], [])
    if step_minutes is None:
        step_minutes = row_minutes(events)
    rooms = sorted({e.room for e in events if e.room})
    if any(e.room is None for e in events):
        rooms.append(NO_ROOM)
    column = {room: n for n, room in enumerate(rooms)}
    step = timedelta(minutes=step_minutes)
    first = min(e.start for e in events)
    first = first.replace(minute=first.minute - first.minute % step_minutes, second=0, microsecond=0)
    last = max(e.end for e in events)
    times: list[datetime] = []
    moment = first
    while moment < last:
        times.append(moment)
        moment += step
    running: list[list[list[str]]] = [[[] for _ in rooms] for _ in times]
    starting: list[list[str | None]] = [[None for _ in rooms] for _ in times]
    for event in events:
        c = column[event.room or NO_ROOM]
        top = int((event.start - first) / step)
        bottom = max(top + 1, -(-int((event.end - first).total_seconds()) // int(step.total_seconds())))
        if starting[top][c] is None:
            starting[top][c] = event.id
        for r in range(top, min(bottom, len(times))):
            running[r][c].append(event.id)
    cells = [
        [Cell(tuple(ids), starting[r][c]) if ids else None for c, ids in enumerate(row)]
        for r, row in enumerate(running)
    ]
    return TimelineGrid(day, rooms, times, cells)


def default_day(conference: Conference, picked: Collection[str], today: date | None = None) -> date | None:
    """The day to show first: today when the conference is on, else the first day with a pick, else the first."""
    days = conference.days
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
