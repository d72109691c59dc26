"""What is wrong with a set of picks, in terms a person can act on.  Pure functions: no UI, no files.

Three kinds of conflict, from worst to mildest:

- a *clash*: two picks that overlap and cannot both be attended (two oral talks, a talk and an invited talk);
- a *soft overlap*: a pick overlapping something one drifts in and out of (a poster session, a social, the
  registration desk; see ``model.BROWSEABLE_KINDS``).  Shown, but not an error;
- a *tight change*: two consecutive picks in different rooms with less than the walking time between them.

For each clash the engine lists the *alternatives*: the same paper presented elsewhere (an oral's poster) at a
time that fits the other picks, so that the user can keep both.  When that other presentation is picked already,
it is no alternative: the clash says so instead (the user can simply drop the clashing one).

How it stays fast: picks are first gathered into *units* that can never conflict among themselves (a whole
session with the picks inside it; the posters picked in one poster session), then the units are sorted by start
and swept once with a heap of the units still running.  Work is O(n log n) in the number of picks plus the
number of conflicts reported; pairs that do not overlap are never looked at.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from confplan.agenda import Pick
from confplan.model import BROWSEABLE_KINDS, Conference, Event, Kind, Presentation, Session, is_browseable


class ConflictKind(StrEnum):
    CLASH = "clash"
    SOFT_OVERLAP = "soft overlap"
    TIGHT_CHANGE = "tight change"


_KIND_ORDER = {ConflictKind.CLASH: 0, ConflictKind.SOFT_OVERLAP: 1, ConflictKind.TIGHT_CHANGE: 2}
_TITLE_WIDTH = 50


class Conflict(NamedTuple):
    """Two picks that do not go well together.  ``first_id`` starts first (then: ends first, then by id).

    A named tuple rather than a frozen dataclass: a dense agenda has hundreds of thousands of conflicts, and a
    tuple is made several times faster.
    """

    kind: ConflictKind
    first_id: str
    second_id: str
    overlap_minutes: int  # for a tight change: the minutes available to change rooms
    alternatives: tuple[str, ...] = ()  # same paper elsewhere, at a time that fits the other picks (clashes only)
    when: datetime | None = None  # where the overlap (or the gap of a tight change) begins
    first_title: str = ""
    second_title: str = ""
    first_kind: Kind | None = None
    second_kind: Kind | None = None
    first_room: str | None = None
    second_room: str | None = None
    #: For each alternative, the side of the clash (first_id or second_id) that it is the same paper as.
    alternative_to: tuple[str, ...] = ()
    #: (side, its other presentation) for each side whose paper is also picked elsewhere (clashes only).
    picked_elsewhere: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        first = _label(self.first_id, self.first_title)
        second = _label(self.second_id, self.second_title)
        minutes = _minutes_text(self.overlap_minutes)
        if self.kind is ConflictKind.CLASH:
            text = f"{first} and {second} overlap by {minutes}: you cannot attend both."
            for side, twin_id in self.picked_elsewhere:
                text += f" You also picked {twin_id}, the same paper as {side}, so you can drop {side}."
            if self.alternatives:
                pairs = zip(self.alternative_to, self.alternatives, strict=True)
                ways = [f"{side}'s paper at {twin_id}" for side, twin_id in pairs]
                text += f" {'Or' if self.picked_elsewhere else 'To keep both,'} see {' or '.join(ways)} instead."
            return text
        if self.kind is ConflictKind.SOFT_OVERLAP:
            browseable = [
                kind.value
                for kind in (self.first_kind, self.second_kind)
                if kind is not None and kind in BROWSEABLE_KINDS
            ]
            what = f"a {browseable[0]}" if browseable else "something you can drop in and out of"
            return f"{first} and {second} overlap by {minutes}; one of them is {what}, so you can go before or after."
        rooms = f"from {self.first_room or '?'} to {self.second_room or '?'}"
        return f"Only {minutes} to get {rooms} between {first} and {second}."


def _label(event_id: str, title: str) -> str:
    if not title:
        return event_id
    short = title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1].rstrip() + "…"
    return f"{event_id} “{short}”"


def _minutes_text(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@dataclass(frozen=True)
class ConflictReport:
    clashes: list[Conflict] = field(default_factory=list)
    soft_overlaps: list[Conflict] = field(default_factory=list)
    tight_changes: list[Conflict] = field(default_factory=list)
    #: Picks whose id is not in the programme: they have no current time, so they take no part.
    orphaned: list[str] = field(default_factory=list)
    #: Picked presentations inside a session that is picked as a whole: presentation id -> session id.
    absorbed: dict[str, str] = field(default_factory=dict)

    # Computed on first use and kept (a report is not changed once made): the export and the detail pane ask for
    # the conflicts of every exported or shown event, which re-sorting everything each time made quadratic.
    _sorted: list[Conflict] | None = field(default=None, init=False, repr=False, compare=False)
    _by_event: dict[str, list[tuple[int, Conflict]]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def all(self) -> list[Conflict]:
        """Every conflict, in time order (clashes before milder kinds at the same moment)."""
        if self._sorted is None:
            everything = self.clashes + self.soft_overlaps + self.tight_changes
            object.__setattr__(self, "_sorted", sorted(everything, key=_conflict_order))
        assert self._sorted is not None
        return list(self._sorted)

    def involving(self, event_id: str) -> list[Conflict]:
        """Conflicts of ``event_id`` — or, for a presentation inside a whole picked session, of that session."""
        if self._by_event is None:
            by_event: dict[str, list[tuple[int, Conflict]]] = {}
            for position, conflict in enumerate(self.all):
                by_event.setdefault(conflict.first_id, []).append((position, conflict))
                if conflict.second_id != conflict.first_id:
                    by_event.setdefault(conflict.second_id, []).append((position, conflict))
            object.__setattr__(self, "_by_event", by_event)
        assert self._by_event is not None
        found = dict(self._by_event.get(event_id, []))
        session_id = self.absorbed.get(event_id)
        if session_id is not None:
            found.update(self._by_event.get(session_id, []))
        return [found[position] for position in sorted(found)]

    def __len__(self) -> int:
        return len(self.clashes) + len(self.soft_overlaps) + len(self.tight_changes)


def _conflict_order(c: Conflict) -> tuple[datetime, int, str, str]:
    return (c.when or datetime.min, _KIND_ORDER[c.kind], c.first_id, c.second_id)


def conflicts_added(before: ConflictReport, after: ConflictReport) -> list[Conflict]:
    """Conflicts in ``after`` that ``before`` did not have (e.g. those a merge created)."""
    known = {(c.kind, c.first_id, c.second_id) for c in before.all}
    return [c for c in after.all if (c.kind, c.first_id, c.second_id) not in known]


# --- resolving picks to events -------------------------------------------------------------------------------


def _resolve(conference: Conference, picks: Iterable[Pick | str]) -> tuple[list[Event], list[str]]:
    """The picked events (each once, in programme time order) and the ids not in the programme."""
    found: dict[str, Event] = {}
    orphaned: list[str] = []
    for pick in picks:
        event_id = pick if isinstance(pick, str) else pick.id
        event = conference.get(event_id)
        if event is None:
            if event_id not in orphaned:
                orphaned.append(event_id)
        else:
            found[event_id] = event
    return sorted(found.values(), key=_event_order), orphaned


def _event_order(e: Event) -> tuple[datetime, datetime, str]:
    return (e.start, e.end, e.id)


@dataclass
class _Unit:
    """Picks that never conflict among themselves, attended as one block of time."""

    key: str
    members: list[Event]  # the picked events that stand for this unit in conflicts
    start: datetime
    end: datetime
    browseable: bool  # every member can be dropped in and out of

    @property
    def room(self) -> str | None:
        return self.members[0].room if len(self.members) == 1 else None


def _units(events: list[Event]) -> tuple[list[_Unit], dict[str, str]]:
    """Gather picks into units: a whole session absorbs picks inside it; posters of one session form one unit."""
    whole_sessions = {e.id for e in events if isinstance(e, Session)}
    units: dict[str, _Unit] = {}
    absorbed: dict[str, str] = {}
    for event in events:
        if isinstance(event, Presentation) and event.session_id in whole_sessions:
            absorbed[event.id] = event.session_id
            continue
        # Posters of one session share a unit: one browses between them, so they never conflict.
        browseable = is_browseable(event)
        key = f"browse:{event.session_id}" if isinstance(event, Presentation) and browseable else event.id
        unit = units.get(key)
        if unit is None:
            units[key] = _Unit(key, [event], event.start, event.end, browseable)
        else:
            unit.members.append(event)
            unit.start, unit.end = min(unit.start, event.start), max(unit.end, event.end)
            unit.browseable = unit.browseable and browseable
    return sorted(units.values(), key=lambda u: (u.start, u.end, u.key)), absorbed


def _minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


# --- the engine ------------------------------------------------------------------------------------------------


#: Conflicts already made, by (kind, first id, second id), for a caller that finds conflicts again and again in one
#: programme (the planner, after every pick): most pairs are the same as last time, and making them is most of
#: the work.  Only valid for one conference.
Made = dict[tuple[ConflictKind, str, str], Conflict]


def find_conflicts(
    conference: Conference, picks: Iterable[Pick | str], walking_minutes: int = 5, made: Made | None = None
) -> ConflictReport:
    """Clashes, soft overlaps and tight changes among ``picks`` (Picks or event ids), by the programme's times.

    ``made``: conflicts made by earlier calls for the same conference, reused and added to (see ``Made``).
    """
    made = {} if made is None else made
    events, orphaned = _resolve(conference, picks)
    units, absorbed = _units(events)
    hard = _HardIndex([u for u in units if not u.browseable])
    unit_of = {m.id: u.key for u in units for m in u.members}
    picked = {e.id for e in events}
    walk = timedelta(minutes=walking_minutes)
    browseable = {m.id for u in units for m in u.members if is_browseable(m)}

    clashes: list[Conflict] = []
    soft: list[Conflict] = []
    tight: list[Conflict] = []
    running: list[tuple[datetime, int, _Unit]] = []  # heap by end; the int keeps the order total
    latest_hard_end: datetime | None = None  # when the most recently ended non-browseable units ended…
    latest_hard: list[_Unit] = []  # …and which they are
    for index, unit in enumerate(units):
        while running and running[0][0] <= unit.start:
            _, _, ended = heapq.heappop(running)
            if ended.browseable:
                continue
            if latest_hard_end is None or ended.end > latest_hard_end:
                latest_hard_end, latest_hard = ended.end, [ended]
            elif ended.end == latest_hard_end:
                latest_hard.append(ended)
        for _, _, other in running:
            for a in other.members:
                for b in unit.members:
                    if a.start < b.end and b.start < a.end:
                        if a.id in browseable or b.id in browseable:
                            soft.append(_conflict(ConflictKind.SOFT_OVERLAP, a, b, made))
                        else:
                            clashes.append(_clash(conference, a, b, hard, unit_of, picked, made))
        if not unit.browseable and latest_hard_end is not None and unit.start - latest_hard_end < walk:
            for before in latest_hard:
                if before.room and unit.room and before.room != unit.room:
                    tight.append(_tight_change(before.members[0], unit.members[0], made))
        heapq.heappush(running, (unit.end, index, unit))

    return ConflictReport(
        sorted(clashes, key=_conflict_order),
        sorted(soft, key=_conflict_order),
        sorted(tight, key=_conflict_order),
        orphaned,
        absorbed,
    )


def _conflict(kind: ConflictKind, a: Event, b: Event, made: Made) -> Conflict:
    first, second = (a, b) if _event_order(a) <= _event_order(b) else (b, a)
    key = (kind, first.id, second.id)
    known = made.get(key)
    if known is not None:
        return known
    start, end = max(a.start, b.start), min(a.end, b.end)
    made[key] = conflict = Conflict(
        kind,
        first.id,
        second.id,
        _minutes_between(start, end),
        (),
        start,
        first.title,
        second.title,
        first.kind,
        second.kind,
        first.room,
        second.room,
    )
    return conflict


def _clash(
    conference: Conference,
    a: Event,
    b: Event,
    hard: _HardIndex,
    unit_of: dict[str, str],
    picked: set[str],
    made: Made,
) -> Conflict:
    """A clash between ``a`` and ``b``, with where else their papers are presented (see ``_alternatives``)."""
    alternatives, picked_elsewhere = _alternatives(conference, a, b, hard, unit_of, picked)
    clash = _conflict(ConflictKind.CLASH, a, b, made)  # without alternatives: they depend on the other picks
    if not alternatives and not picked_elsewhere:
        return clash
    return clash._replace(
        alternatives=tuple(twin_id for _, twin_id in alternatives),
        alternative_to=tuple(side for side, _ in alternatives),
        picked_elsewhere=picked_elsewhere,
    )


def _tight_change(before: Event, after: Event, made: Made) -> Conflict:
    key = (ConflictKind.TIGHT_CHANGE, before.id, after.id)
    known = made.get(key)
    if known is not None:
        return known
    made[key] = conflict = Conflict(
        ConflictKind.TIGHT_CHANGE,
        before.id,
        after.id,
        _minutes_between(before.end, after.start),
        (),
        before.end,
        before.title,
        after.title,
        before.kind,
        after.kind,
        before.room,
        after.room,
    )
    return conflict


class _HardIndex:
    """The non-browseable units by start, to ask "what that cannot be left early overlaps this time?"."""

    def __init__(self, units: list[_Unit]) -> None:
        self.units = sorted(units, key=lambda u: (u.start, u.end, u.key))
        self.starts = [u.start for u in self.units]
        self.max_end: list[datetime] = []  # max_end[i]: the latest end among units[0..i]
        for unit in self.units:
            self.max_end.append(max(unit.end, self.max_end[-1]) if self.max_end else unit.end)

    def overlapping(self, start: datetime, end: datetime) -> list[_Unit]:
        found: list[_Unit] = []
        j = bisect_left(self.starts, end) - 1  # units[0..j] start before ``end``
        while j >= 0 and self.max_end[j] > start:  # none before j reaches ``start`` once max_end[j] <= start
            if self.units[j].end > start:
                found.append(self.units[j])
            j -= 1
        return found


def _alternatives(
    conference: Conference, a: Event, b: Event, hard: _HardIndex, unit_of: dict[str, str], picked_ids: set[str]
) -> tuple[list[tuple[str, str]], tuple[tuple[str, str], ...]]:
    """Where else the two clashing papers are presented: (side, other presentation) pairs that fit the other
    picks, and those already picked themselves (no alternative then: the user can simply drop that side)."""
    found: list[tuple[str, str]] = []
    picked: list[tuple[str, str]] = []
    for replaced in (a, b):
        if not isinstance(replaced, Presentation):
            continue
        for twin_id in replaced.also_presented_as:
            twin = conference.get(twin_id)
            if twin is None or any(twin_id == known for _, known in found + picked):
                continue
            if twin_id in picked_ids:
                picked.append((replaced.id, twin_id))
            elif _fits(twin, {unit_of[replaced.id], twin.id}, hard):
                found.append((replaced.id, twin_id))
    order = {a.id: 0, b.id: 1} if _event_order(a) <= _event_order(b) else {a.id: 1, b.id: 0}
    found.sort(key=lambda pair: order[pair[0]])  # the first side's first, as in the conflict
    picked.sort(key=lambda pair: order[pair[0]])
    return found, tuple(picked)


def _fits(event: Event, ignoring: set[str], hard: _HardIndex) -> bool:
    """Can ``event`` be attended besides the hard picks (other than the units in ``ignoring``)?

    A talk must not overlap any of them; a poster (browse-able) just needs some of its time left uncovered.
    """
    blocking = [u for u in hard.overlapping(event.start, event.end) if u.key not in ignoring]
    if not blocking:
        return True
    if not is_browseable(event):
        return False
    free_from = event.start
    for unit in sorted(blocking, key=lambda u: u.start):
        if unit.start > free_from:
            return True
        free_from = max(free_from, unit.end)
    return free_from < event.end


# --- free time -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Free time between picks on a day, and what the programme has running meanwhile."""

    start: datetime
    end: datetime
    on_now: list[str]  # ids of unpicked events running during the gap, in time order

    @property
    def minutes(self) -> int:
        return _minutes_between(self.start, self.end)


def free_gaps(conference: Conference, picks: Iterable[Pick | str], min_minutes: int = 15) -> list[Gap]:
    """Stretches of at least ``min_minutes`` with nothing picked, on each day that has picks.

    A day runs from its first to its last event in the programme, so the time before the first pick and
    after the last one count as gaps too.  ``on_now`` lists sessions and the talks with their own time slot
    (not each poster of a poster session, which share the session's time).
    """
    events, _ = _resolve(conference, picks)
    if not events:
        return []
    picked = {e.id for e in events}
    day_bounds: dict[date, tuple[datetime, datetime]] = {}
    for event in conference.events():
        day = event.start.date()
        first, last = day_bounds.get(day, (event.start, event.end))
        day_bounds[day] = (min(first, event.start), max(last, event.end))
    listed = _Listed(conference)
    shortest = timedelta(minutes=min_minutes)

    gaps: list[Gap] = []
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.start.date(), []).append(event)
    for day, day_events in sorted(by_day.items()):
        day_start, day_end = day_bounds[day]
        free_from = day_start
        for event in day_events:  # already in start order
            if event.start - free_from >= shortest:
                gaps.append(Gap(free_from, event.start, listed.running(free_from, event.start, picked)))
            free_from = max(free_from, event.end)
        if day_end - free_from >= shortest:
            gaps.append(Gap(free_from, day_end, listed.running(free_from, day_end, picked)))
    return gaps


class _Listed:
    """The events worth naming as "on now": sessions, and presentations with a slot of their own."""

    def __init__(self, conference: Conference) -> None:
        events: list[Event] = []
        for event in conference.events():
            if isinstance(event, Presentation):
                session = conference.session_of(event)
                if (event.start, event.end) == (session.start, session.end):
                    continue
            events.append(event)
        self.events = sorted(events, key=_event_order)
        self.starts = [e.start for e in self.events]

    def running(self, start: datetime, end: datetime, picked: set[str]) -> list[str]:
        stop = bisect_left(self.starts, end)
        return [e.id for e in self.events[:stop] if e.end > start and e.id not in picked]
