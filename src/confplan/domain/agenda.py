"""A personal agenda: the sessions and presentations someone means to attend.  No file I/O here.

Besides the Agenda itself this module holds the pure rules around it: which picks have lost their event
(orphans) and how they find it again under a new id, and how two people's agendas compare and merge.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from confplan.errors import ConfplanError
from confplan.model import Conference, Event, Presentation, normalise_text, short_hash


class Priority(StrEnum):
    MUST = "must"
    MAYBE = "maybe"


def content_fingerprint(event: Event) -> str:
    """A short hash of what makes the event itself (kind and abstract, or title), or "" if nothing does.

    Ids come from the programme's text and layout, so a paper moved to another session gets a new id; its
    fingerprint stays the same, which is how an orphaned pick finds its event again.  A presentation whose only
    title was made up from its position ("talk 3 (no abstract)") has nothing distinctive, hence no fingerprint.
    """
    level = "presentation" if isinstance(event, Presentation) else "session"
    if event.abstract.strip():
        text = event.abstract
    elif isinstance(event, Presentation) and event.title_is_derived:
        return ""
    else:
        text = event.title
    return short_hash(level, event.kind.value, normalise_text(text), length=12)


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
    fingerprint: str = ""  # content_fingerprint() of the event when picked; "" when it has none

    @classmethod
    def of(cls, event: Event, priority: Priority = Priority.MUST, note: str = "") -> Pick:
        return cls(
            event.id, event.title, event.start, event.end, event.room, priority, note, "", content_fingerprint(event)
        )

    def relinked_to(self, event: Event) -> Pick:
        """This pick moved to ``event`` (its new id and current details), keeping priority, note and origin."""
        return replace(
            self,
            id=event.id,
            title=event.title,
            start=event.start,
            end=event.end,
            room=event.room,
            fingerprint=content_fingerprint(event),
        )


@dataclass(frozen=True, slots=True)
class Relink:
    """An orphaned pick found again: the same content now has ``new_id``."""

    old_id: str
    new_id: str
    title: str


class Agenda:
    """Picks for one conference, kept in the order they were made (files sort them by time)."""

    def __init__(self, conference_name: str, schedule_hash: str = "", owner: str = "") -> None:
        self.conference_name = conference_name
        self.schedule_hash = schedule_hash
        self.owner = owner
        #: Where its programme came from (an absolute path or a URL; "" for the bundled one), so that commands
        #: given this agenda without --schedule load that programme (the file keeps it as ``conference: source:``).
        self.schedule_source = ""
        self._picks: dict[str, Pick] = {}
        #: What the last relink() changed, for the caller to tell the user; never saved.
        self.relinked: list[Relink] = []
        #: The agenda as its file held it when read or last written (store.py keeps this), so that a save can
        #: notice picks another program (a second window) saved meanwhile and keep them; never saved itself.
        self.saved: SavedVersion | None = None
        #: What the last save took from such changes, in words for the caller to tell the user; never saved.
        self.merged_on_save: list[str] = []

    @classmethod
    def for_conference(cls, conference: Conference, owner: str = "") -> Agenda:
        return cls(conference.name, conference.content_hash, owner)

    def copy(self) -> Agenda:
        """The same picks in a new Agenda, still tied to the same saved file version (see ``saved``)."""
        other = Agenda(self.conference_name, self.schedule_hash, self.owner)
        other.schedule_source = self.schedule_source
        other._picks = dict(self._picks)
        other.saved = self.saved
        return other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Agenda):
            return NotImplemented
        return (self.conference_name, self.schedule_hash, self.owner, self._picks) == (
            other.conference_name,
            other.schedule_hash,
            other.owner,
            other._picks,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content

    def __repr__(self) -> str:
        return f"Agenda({self.conference_name!r}, {len(self)} picks, owner={self.owner!r})"

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

    # --- orphans: picks whose id is no longer in the programme ----------------------------------------------

    def orphans(self, conference: Conference) -> list[Pick]:
        """Picks whose event is not in ``conference`` (kept, never dropped), in time order."""
        return [p for p in self.in_time_order() if p.id not in conference]

    def relink(self, conference: Conference) -> list[Relink]:
        """Move each orphan to the one event of ``conference`` with the same content, if there is exactly one.

        An orphan stays orphaned when no event, or more than one, has its fingerprint, or when the matching
        event is already picked (merging two picks would lose a note).  Returns (and remembers in
        ``self.relinked``) what moved.
        """
        orphans = [p for p in self.in_time_order() if p.id not in conference and p.fingerprint]
        if not orphans:
            self.relinked = []
            return []
        wanted = {p.fingerprint for p in orphans}
        by_fingerprint: dict[str, list[Event]] = defaultdict(list)
        for event in conference.events():
            fingerprint = content_fingerprint(event)
            if fingerprint in wanted:
                by_fingerprint[fingerprint].append(event)
        moved: list[Relink] = []
        for orphan in orphans:
            candidates = by_fingerprint.get(orphan.fingerprint, [])
            if len(candidates) != 1 or candidates[0].id in self._picks:
                continue
            event = candidates[0]
            del self._picks[orphan.id]
            self._picks[event.id] = orphan.relinked_to(event)
            moved.append(Relink(orphan.id, event.id, event.title))
        self.relinked = moved
        return moved


# --- one agenda file, two windows: keeping what the other saved meanwhile --------------------------------------


@dataclass(frozen=True)
class SavedVersion:
    """An agenda file as this program last read or wrote it: which file, its bytes' digest, and its picks."""

    path: str  # the resolved path of the file
    sha256: str  # of the file's bytes; "" when there was no file
    agenda: Agenda  # what it held (a copy: the base for merging changes made since)


def merge_changes(base: Agenda, mine: Agenda, theirs: Agenda) -> list[str]:
    """Bring into ``mine`` what ``theirs`` changed since ``base``; returns what was taken, in words.

    ``mine`` and ``theirs`` both started as ``base`` (one agenda file open in two windows).  For each pick, and for
    the owner: changed on one side only, that side's version is kept; changed on both sides alike, that version.
    Changed on both sides differently (e.g. two different notes), nothing can be chosen without losing one:
    ConfplanError, and ``mine`` is left as it was.
    """
    if theirs.conference_name != mine.conference_name:
        raise ConfplanError(f"it is now an agenda for {theirs.conference_name!r}, not {mine.conference_name!r}")
    both: list[str] = []
    taken: dict[str, Pick | None] = {}
    told: list[str] = []
    for event_id in dict.fromkeys([*base._picks, *mine._picks, *theirs._picks]):
        was, now, other = base.get(event_id), mine.get(event_id), theirs.get(event_id)
        if other in (now, was):
            continue  # the same on both sides, or changed only here
        title = next(pick.title for pick in (other, now, was) if pick is not None)
        label = f"{event_id} “{title}”"
        if now != was:
            both.append(label)
            continue
        taken[event_id] = other
        told.append(f"{'unpicked' if other is None else 'picked' if was is None else 'changed'} {label}")
    owner = mine.owner
    if theirs.owner not in (mine.owner, base.owner):
        if mine.owner != base.owner:
            both.append("the owner")
        owner = theirs.owner
        told.append(f"set the owner to {theirs.owner!r}")
    if both:
        raise ConfplanError(f"both this and the other program changed {', '.join(both)}")
    for event_id, pick in taken.items():
        if pick is None:
            del mine._picks[event_id]
        else:
            mine._picks[event_id] = pick
    mine.owner = owner
    return told


# --- sharing: comparing and merging two people's agendas (pure: the inputs are never changed) ------------------


@dataclass(frozen=True, slots=True)
class MeetingPoint:
    """Two different picks in the same session at overlapping times: a chance to meet there."""

    session_id: str
    mine: Pick
    theirs: Pick


@dataclass(frozen=True)
class AgendaDiff:
    both: list[Pick]  # picked by both (my version of each)
    only_mine: list[Pick]
    only_theirs: list[Pick]
    meeting_points: list[MeetingPoint] = field(default_factory=list)
    #: (mine, theirs) for each pick we share but differently: another priority, or another note.
    differing: list[tuple[Pick, Pick]] = field(default_factory=list)


def diff_agendas(mine: Agenda, theirs: Agenda, conference: Conference | None = None) -> AgendaDiff:
    """What we both attend, what only one of us does, and (given the programme) where we could meet.

    A meeting point is a session we are both in at the same time without having picked the same thing: I
    picked the whole oral session and they one talk of it, or we picked two posters of one poster session.
    Picks are grouped by session and swept in time order within each group, so this stays O(n log n).
    """
    both = [p for p in mine.in_time_order() if p.id in theirs]
    only_mine = [p for p in mine.in_time_order() if p.id not in theirs]
    only_theirs = [p for p in theirs.in_time_order() if p.id not in mine]
    meetings: list[MeetingPoint] = []
    if conference is not None:
        meetings = _meeting_points(only_mine, only_theirs, conference)
    differing = []
    for own in both:
        other = theirs.get(own.id)
        if other is not None and (own.priority, own.note.strip()) != (other.priority, other.note.strip()):
            differing.append((own, other))
    return AgendaDiff(both, only_mine, only_theirs, meetings, differing)


def _meeting_points(mine: list[Pick], theirs: list[Pick], conference: Conference) -> list[MeetingPoint]:
    groups: dict[str, list[tuple[Event, bool, Pick]]] = defaultdict(list)
    for is_mine, picks in ((True, mine), (False, theirs)):
        for pick in picks:
            event = conference.get(pick.id)
            if event is None:  # orphans have no session to meet in
                continue
            session_id = event.session_id if isinstance(event, Presentation) else event.id
            groups[session_id].append((event, is_mine, pick))
    found: list[MeetingPoint] = []
    for session_id, members in groups.items():
        members.sort(key=lambda m: (m[0].start, m[0].end, m[0].id))
        # Sweep: a heap per side of the picks still running (by end); a new pick meets every running pick of the
        # other side.  Work is proportional to the picks plus the meeting points found.
        running: dict[bool, list[tuple[datetime, str, Pick]]] = {True: [], False: []}
        for event, is_mine, pick in members:
            for heap in running.values():
                while heap and heap[0][0] <= event.start:
                    heapq.heappop(heap)
            for _end, _id, other in running[not is_mine]:
                found.append(
                    MeetingPoint(session_id, pick, other) if is_mine else MeetingPoint(session_id, other, pick)
                )
            heapq.heappush(running[is_mine], (event.end, event.id, pick))
    found.sort(key=lambda m: (max(m.mine.start, m.theirs.start), m.mine.id, m.theirs.id))
    return found


@dataclass(frozen=True)
class MergeResult:
    merged: Agenda
    added: list[Pick]  # their picks that were not in mine, as they now stand in the merged agenda
    already_mine: list[str]  # ids we both had (my pick is kept, with their note added to mine)
    notes_combined: list[str] = field(default_factory=list)  # ids of shared picks whose note now has theirs too
    #: (id, my priority, theirs) for shared picks we gave different priorities (mine is kept; said, not lost).
    priorities_differ: list[tuple[str, Priority, Priority]] = field(default_factory=list)


def merge_agendas(mine: Agenda, theirs: Agenda, their_name: str = "") -> MergeResult:
    """The union of both agendas; each pick taken from ``theirs`` remembers who it came from.

    ``their_name`` labels their picks (default: their agenda's owner).  A pick they had themselves merged
    from someone else keeps that person's name.  Picks we both have keep my priority; their note, when it says
    something mine does not, is added under mine marked as theirs ("Grace: sit at the front"), so nothing of
    theirs is lost without being said.
    """
    if mine.conference_name != theirs.conference_name:
        raise ConfplanError(
            f"their agenda is for {theirs.conference_name!r} and yours for {mine.conference_name!r}; "
            "agendas of different conferences cannot be merged"
        )
    label = their_name or theirs.owner or "them"
    merged = mine.copy()
    added: list[Pick] = []
    already: list[str] = []
    combined: list[str] = []
    priorities: list[tuple[str, Priority, Priority]] = []
    for pick in theirs.in_time_order():
        if pick.id in mine:
            already.append(pick.id)
            own = mine.get(pick.id)
            assert own is not None
            if own.priority is not pick.priority:
                priorities.append((pick.id, own.priority, pick.priority))
            note = _with_their_note(own.note, pick.note, pick.picked_by or label)
            if note != own.note:
                merged.add(replace(own, note=note))
                combined.append(pick.id)
            continue
        incoming = pick if pick.picked_by else replace(pick, picked_by=label)
        merged.add(incoming)
        added.append(incoming)
    return MergeResult(merged, added, already, combined, priorities)


def _with_their_note(mine: str, theirs: str, whose: str) -> str:
    """My note, with theirs added as a line marked with their name, unless it adds nothing (empty, the same as
    mine, or already added by an earlier merge)."""
    theirs = theirs.strip()
    if not theirs or theirs == mine.strip():
        return mine
    marked = f"{whose}: {theirs}"
    if marked in mine:
        return mine
    return f"{mine.rstrip()}\n{marked}" if mine.strip() else marked
