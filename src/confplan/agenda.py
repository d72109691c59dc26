"""A personal agenda: the sessions and presentations someone means to attend.  No file I/O here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from confplan.errors import ConfplanError
from confplan.model import Conference, Event


class Priority(StrEnum):
    MUST = "must"
    MAYBE = "maybe"


@dataclass(frozen=True, slots=True)
class Pick:
    """One chosen event, with what it looked like when picked so that it survives schedule changes."""

    id: str
    title: str
    start: datetime
    end: datetime
    room: str | None
    priority: Priority = Priority.MUST
    note: str = ""
    picked_by: str = ""  # who it came from, after a merge; empty for the agenda's own owner

    @classmethod
    def of(cls, event: Event, priority: Priority = Priority.MUST, note: str = "") -> Pick:
        return cls(event.id, event.title, event.start, event.end, event.room, priority, note)


class Agenda:
    """Picks for one conference, kept in the order they were made (files sort them by time)."""

    def __init__(self, conference_name: str, schedule_hash: str = "", owner: str = "") -> None:
        self.conference_name = conference_name
        self.schedule_hash = schedule_hash
        self.owner = owner
        self._picks: dict[str, Pick] = {}

    @classmethod
    def for_conference(cls, conference: Conference, owner: str = "") -> Agenda:
        return cls(conference.name, conference.content_hash, owner)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._picks

    def __len__(self) -> int:
        return len(self._picks)

    def __iter__(self) -> Iterator[Pick]:
        return iter(self._picks.values())

    def get(self, event_id: str) -> Pick | None:
        return self._picks.get(event_id)

    def pick(self, event: Event, priority: Priority = Priority.MUST, note: str | None = None) -> Pick:
        """Pick ``event``; picking again only updates the priority (and the note, when one is given)."""
        existing = self._picks.get(event.id)
        if existing is None:
            new = Pick.of(event, priority, note or "")
        else:
            new = replace(existing, priority=priority, note=existing.note if note is None else note)
        self._picks[event.id] = new
        return new

    def add(self, pick: Pick) -> None:
        """Put a pick as it is (from a file or a colleague's agenda), replacing one with the same id."""
        self._picks[pick.id] = pick

    def unpick(self, event_id: str) -> Pick:
        removed = self._picks.pop(event_id, None)
        if removed is None:
            raise ConfplanError(f"{event_id} is not in the agenda, so there is nothing to unpick")
        return removed

    def set_note(self, event_id: str, note: str) -> Pick:
        pick = self._picks.get(event_id)
        if pick is None:
            raise ConfplanError(f"{event_id} is not in the agenda; pick it before adding a note")
        self._picks[event_id] = replace(pick, note=note)
        return self._picks[event_id]

    def in_time_order(self) -> list[Pick]:
        return sorted(self._picks.values(), key=lambda p: (p.start, p.end, p.id))
