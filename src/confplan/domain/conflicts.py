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
number of conflicts found; pairs that do not overlap are never looked at.  Each conflict is written out in words
(and its ways out looked for) only when asked for: see ``ConflictReport``.
"""

from __future__ import annotations

import heapq
import weakref
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import repeat
from typing import NamedTuple

from confplan.collector import collector_paused
from confplan.domain.agenda import Pick
from confplan.model import (
    BROWSEABLE_KINDS,
    Conference,
    Event,
    Kind,
    Presentation,
    Session,
    is_browseable,
    time_span,
)
from confplan.text.wording import counted


class ConflictKind(StrEnum):
    """Listed worst first, the one order of severity everywhere: a clash cannot be attended, a tight change can
    with a hurry, a soft overlap by coming and going."""

    CLASH = "clash"
    TIGHT_CHANGE = "tight change"
    SOFT_OVERLAP = "soft overlap"

    @property
    def severity(self) -> int:
        """0 for the worst kind; larger is milder."""
        return SEVERITY.index(self)


SEVERITY = tuple(ConflictKind)
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
    #: For each alternative, what and when it is: "poster b4d82b (11:30–≈13:30 MH1-2-3-4)".
    alternative_slots: tuple[str, ...] = ()
    #: (side, its other presentation) for each side whose paper is also picked elsewhere (clashes only).
    picked_elsewhere: tuple[tuple[str, str], ...] = ()
    #: False when the conflict rests on times the programme does not state (it probably happens, or may not).
    sure: bool = True
    #: False when the minutes come from an estimated time (the conflict itself may still be sure).
    exact: bool = True
    #: False when ``when`` is an estimated time (written ``≈10:00``).
    when_certain: bool = True

    @property
    def message(self) -> str:
        first = _label(self.first_id, self.first_title)
        second = _label(self.second_id, self.second_title)
        minutes = _minutes_text(self.overlap_minutes) if self.exact else f"about {_minutes_text(self.overlap_minutes)}"
        guessed = " (by estimated times)" if not self.exact else ""
        if self.kind is ConflictKind.CLASH:
            if self.sure:
                text = f"{first} and {second} overlap by {minutes}{guessed}: you cannot attend both."
            else:
                text = (
                    f"{first} and {second} probably overlap, by {minutes} (by estimated times): "
                    "you probably cannot attend both."
                )
            for side, twin_id in self.picked_elsewhere:
                text += f" You also picked {twin_id}, the same paper as {side}, so you can drop {side}."
            if self.alternatives:
                slots = self.alternative_slots or tuple(f"paper at {i}" for i in self.alternatives)
                ways = [f"{side}'s {slot}" for side, slot in zip(self.alternative_to, slots, strict=True)]
                text += f" {'Or' if self.picked_elsewhere else 'To keep both,'} see {' or '.join(ways)} instead."
            return text
        if self.kind is ConflictKind.SOFT_OVERLAP:
            browseable = [
                kind.value
                for kind in (self.first_kind, self.second_kind)
                if kind is not None and kind in BROWSEABLE_KINDS
            ]
            what = f"a {browseable[0]}" if browseable else "something you can drop in and out of"
            overlap = "overlap" if self.sure else "probably overlap"
            return (
                f"{first} and {second} {overlap} by {minutes}{guessed}; one of them is {what}, "
                "so you can go before or after."
            )
        rooms = f"from {self.first_room or '?'} to {self.second_room or '?'}"
        if not self.exact:
            exact = _minutes_text(self.overlap_minutes)
            return f"Probably only {exact} (by estimated times) to get {rooms} between {first} and {second}."
        return f"Only {minutes} to get {rooms} between {first} and {second}."


def _label(event_id: str, title: str) -> str:
    if not title:
        return event_id
    short = title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1].rstrip() + "…"
    return f"{event_id} “{short}”"


def _minutes_text(minutes: int) -> str:
    return counted(minutes, "minute")


class _Pairs:
    """Pairs of picks as the sweep finds them, as positions in the report's list of picked events (for a tight
    change: before, after).  Two arrays of numbers rather than a tuple per pair: a dense agenda has hundreds of
    thousands of pairs, and tuples would keep the garbage collector busy."""

    def __init__(self) -> None:
        self.firsts = array("l")
        self.seconds = array("l")

    def __len__(self) -> int:
        return len(self.firsts)

    def add(self, firsts: list[int], second: int) -> None:
        self.firsts.extend(firsts)
        self.seconds.extend(repeat(second, len(firsts)))


class ConflictReport:
    """Every conflict among a set of picks.

    Which picks conflict, and how, is known as soon as the report is made (``len``, ``counts``,
    ``worst_by_event``).  Each conflict is written out as a ``Conflict`` — with its minutes, titles and the ways
    out of a clash, which look at every other pick — when first asked for, and kept: the planner finds the
    conflicts again after every pick but shows the details of a few, and a dense agenda has hundreds of
    thousands of conflicts.
    """

    def __init__(
        self,
        events: list[Event] | None = None,
        pairs: dict[ConflictKind, _Pairs] | None = None,
        alternatives: _AlternativeFinder | None = None,
        orphaned: list[str] | None = None,
        absorbed: dict[str, str] | None = None,
    ) -> None:
        self._events = events or []  # the picked events; pairs hold positions in this list
        self._pairs = {kind: (pairs or {}).get(kind) or _Pairs() for kind in ConflictKind}
        self._alternatives = alternatives
        #: Picks whose id is not in the programme: they have no current time, so they take no part.
        self.orphaned = orphaned or []
        #: Picked presentations inside a session that is picked as a whole: presentation id -> session id.
        self.absorbed = absorbed or {}
        self._written: dict[tuple[ConflictKind, int], Conflict] = {}
        self._by_event: dict[int, list[tuple[ConflictKind, int]]] | None = None
        self._position = {e.id: position for position, e in enumerate(self._events)}
        self._sorted: list[Conflict] | None = None

    def __len__(self) -> int:
        return sum(map(len, self._pairs.values()))

    def counts(self) -> dict[ConflictKind, int]:
        """How many conflicts of each kind (every kind present, 0 when none)."""
        return {kind: len(pairs) for kind, pairs in self._pairs.items()}

    def worst_by_event(self) -> dict[str, ConflictKind]:
        """Each conflicting pick's worst conflict kind (a talk inside a whole picked session takes the session's)."""
        worst: dict[str, ConflictKind] = {}
        for kind in reversed(SEVERITY):  # mildest first, so that worse kinds overwrite milder ones
            pairs = self._pairs[kind]
            worst.update((self._events[i].id, kind) for i in set(pairs.firsts).union(pairs.seconds))
        for presentation_id, session_id in self.absorbed.items():
            if session_id in worst:
                worst[presentation_id] = worst[session_id]
        return worst

    @property
    def clashes(self) -> list[Conflict]:
        return self._written_out(ConflictKind.CLASH)

    @property
    def soft_overlaps(self) -> list[Conflict]:
        return self._written_out(ConflictKind.SOFT_OVERLAP)

    @property
    def tight_changes(self) -> list[Conflict]:
        return self._written_out(ConflictKind.TIGHT_CHANGE)

    @property
    def all(self) -> list[Conflict]:
        """Every conflict, in time order (worse kinds before milder ones at the same moment)."""
        if self._sorted is None:
            self._sorted = sorted((c for kind in ConflictKind for c in self._written_out(kind)), key=_conflict_order)
        return list(self._sorted)

    def earliest(self, count: int) -> list[Conflict]:
        """The ``count`` earliest conflicts, written out, in time order; the others stay unwritten (a colleague's
        50,000 picks can make millions, and writing each out costs more than finding it)."""
        every = ((kind, index) for kind, pairs in self._pairs.items() for index in range(len(pairs)))
        chosen = heapq.nsmallest(count, every, key=self._order)
        return [self._write(kind, index) for kind, index in chosen]

    def _order(self, conflict: tuple[ConflictKind, int]) -> tuple[datetime, int, str, str]:
        """``_conflict_order`` of a conflict, without writing it out."""
        kind, index = conflict
        pairs = self._pairs[kind]
        a, b = pairs.firsts[index], pairs.seconds[index]
        if kind is ConflictKind.TIGHT_CHANGE:  # from the end of one (``a``) to the start of the next
            return self._events[a].end, kind.severity, self._events[a].id, self._events[b].id
        first, second = self._events[min(a, b)], self._events[max(a, b)]  # the picks are in time order
        return second.start, kind.severity, first.id, second.id

    def under_later_pick(self, most: int) -> dict[str, tuple[list[Conflict], int]]:
        """For each pick, the conflicts in which it is the later of the two (where a list of picks shows them): the
        worst ``most`` of them written out, in time order, and how many there are in all."""
        chosen: dict[int, list[tuple[ConflictKind, int]]] = {}
        totals: dict[int, int] = {}
        for kind in SEVERITY:  # worst first: those are the ones kept when a pick has more than ``most``
            pairs = self._pairs[kind]
            for index, (a, b) in enumerate(zip(pairs.firsts, pairs.seconds, strict=True)):
                later = max(a, b)  # the picks are in time order
                totals[later] = totals.get(later, 0) + 1
                kept = chosen.setdefault(later, [])
                if len(kept) < most:
                    kept.append((kind, index))
        return {
            self._events[position].id: (
                sorted((self._write(kind, index) for kind, index in kept), key=_conflict_order),
                totals[position],
            )
            for position, kept in chosen.items()
        }

    def involving(self, event_id: str) -> list[Conflict]:
        """Conflicts of ``event_id`` — or, for a presentation inside a whole picked session, of that session."""
        return sorted((self._write(kind, index) for kind, index in self._places_of(event_id)), key=_conflict_order)

    def earliest_involving(self, event_id: str, most: int) -> tuple[list[Conflict], int]:
        """The earliest ``most`` of ``involving(event_id)`` (only those written out), and how many there are."""
        places = self._places_of(event_id)
        chosen = heapq.nsmallest(most, places, key=self._order)
        return [self._write(kind, index) for kind, index in chosen], len(places)

    def _places_of(self, event_id: str) -> set[tuple[ConflictKind, int]]:
        if event_id not in self._position and event_id not in self.absorbed:
            return set()  # not picked: no need to index the conflicts of the picks
        if self._by_event is None:
            by_event: dict[int, list[tuple[ConflictKind, int]]] = {}
            for kind, pairs in self._pairs.items():
                for index, (a, b) in enumerate(zip(pairs.firsts, pairs.seconds, strict=True)):
                    by_event.setdefault(a, []).append((kind, index))
                    by_event.setdefault(b, []).append((kind, index))
            self._by_event = by_event
        places = set()
        for key in (event_id, self.absorbed.get(event_id)):
            position = self._position.get(key) if key is not None else None
            if position is not None:
                places.update(self._by_event.get(position, []))
        return places

    def pair_ids(self) -> Iterator[tuple[ConflictKind, int, tuple[str, str]]]:
        """Each conflict as (kind, its index, its two ids in a fixed order), without writing it out."""
        events = self._events
        for kind, pairs in self._pairs.items():
            for index, (a, b) in enumerate(zip(pairs.firsts, pairs.seconds, strict=True)):
                first, second = events[a].id, events[b].id
                yield kind, index, (first, second) if first <= second else (second, first)

    def picked_ids(self) -> set[str]:
        """The picks that take part (in the programme; a talk inside a whole picked session is not one of them)."""
        return set(self._position)

    def pairs_involving(self, event_ids: set[str]) -> Iterator[tuple[ConflictKind, int]]:
        """The conflicts (kind, index) of the picks ``event_ids``, found without writing any out."""
        wanted = {self._position[i] for i in event_ids if i in self._position}
        for kind, pairs in self._pairs.items():
            if len(wanted) <= 16:  # a few picks: let the arrays be searched at C speed
                found: set[int] = set()
                for position in wanted:
                    for column in (pairs.firsts, pairs.seconds):
                        index = -1
                        with suppress(ValueError):
                            while True:
                                index = column.index(position, index + 1)
                                found.add(index)
                yield from ((kind, index) for index in sorted(found))
            else:
                for index, (a, b) in enumerate(zip(pairs.firsts, pairs.seconds, strict=True)):
                    if a in wanted or b in wanted:
                        yield kind, index

    def place(self, conflict: tuple[ConflictKind, int]) -> tuple[int, int, int]:
        """Where a conflict comes in time order, about (its later pick; the picks are in time order), unwritten."""
        kind, index = conflict
        pairs = self._pairs[kind]
        return max(pairs.firsts[index], pairs.seconds[index]), kind.severity, index

    def written(self, kind: ConflictKind, index: int) -> Conflict:
        """One conflict (see ``pair_ids``) written out."""
        return self._write(kind, index)

    def _written_out(self, kind: ConflictKind) -> list[Conflict]:
        with collector_paused():
            return sorted((self._write(kind, i) for i in range(len(self._pairs[kind]))), key=_conflict_order)

    def _write(self, kind: ConflictKind, index: int) -> Conflict:
        written = self._written.get((kind, index))
        if written is None:
            pairs = self._pairs[kind]
            a, b = self._events[pairs.firsts[index]], self._events[pairs.seconds[index]]
            if kind is ConflictKind.TIGHT_CHANGE:
                written = _tight_change(a, b)
            else:
                written = _conflict(kind, a, b)
                if kind is ConflictKind.CLASH and self._alternatives is not None:
                    written = self._alternatives.add_to(written, a, b)
            self._written[kind, index] = written
        return written


def _conflict_order(c: Conflict) -> tuple[datetime, int, str, str]:
    return (c.when or datetime.min, c.kind.severity, c.first_id, c.second_id)


class AddedConflicts(NamedTuple):
    """The conflicts one report has and another had not (e.g. those a merge created): how many of each kind, and
    the earliest few written out."""

    earliest: list[Conflict]  # in time order
    counts: dict[ConflictKind, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def conflicts_added(before: ConflictReport, after: ConflictReport, shown: int = 20) -> AddedConflicts:
    """Conflicts in ``after`` that ``before`` did not have: counted from the pairs, and only the ``shown``
    earliest written out (a colleague's 50,000 picks can make millions of clashes; nobody reads them all)."""
    counts = dict.fromkeys(ConflictKind, 0)
    if before.picked_ids() <= after.picked_ids():
        # Picks were only added: the new conflicts are those of the added picks (the others' pairs are as they
        # were), so the pick after a colleague's 50,000 looks at its own pairs, not at millions.
        added = after.picked_ids() - before.picked_ids()

        def new() -> Iterator[tuple[ConflictKind, int]]:
            for kind, index in after.pairs_involving(added):
                counts[kind] += 1
                yield kind, index

    else:
        known = {(kind, ids) for kind, _, ids in before.pair_ids()}

        def new() -> Iterator[tuple[ConflictKind, int]]:
            for kind, index, ids in after.pair_ids():
                if (kind, ids) not in known:
                    counts[kind] += 1
                    yield kind, index

    candidates = new()
    earliest = heapq.nsmallest(shown, candidates, key=after.place)
    for _ in candidates:  # (nsmallest takes none when none are to be shown: count them all the same)
        pass
    return AddedConflicts(sorted((after.written(k, i) for k, i in earliest), key=_conflict_order), counts)


# --- resolving picks to events -------------------------------------------------------------------------------


def _resolve(conference: Conference, picks: Iterable[Pick | str]) -> tuple[list[Event], list[str]]:
    """The picked events (each once, in programme time order) and the ids not in the programme."""
    found: dict[str, Event] = {}
    orphaned: dict[str, None] = {}  # in the order met, each once (a dict: a list's `in` made 50,000 orphans minutes)
    for pick in picks:
        event_id = pick if isinstance(pick, str) else pick.id
        event = conference.get(event_id)
        if event is None:
            orphaned[event_id] = None
        else:
            found[event_id] = event
    facts = _facts_of(conference)
    return sorted(found.values(), key=lambda e: facts.of(e).order), list(orphaned)


class _EventFacts(NamedTuple):
    """What the sweep needs of an event, worked out once per event (the planner sweeps again after every pick)."""

    order: tuple[float, float, str]  # start, end (POSIX seconds), id: time order, as ``_event_order``
    browseable: bool
    unit_key: str  # the unit it joins unless its session is picked as a whole: see ``_units``


class _Facts:
    def __init__(self) -> None:
        self._known: dict[str, _EventFacts] = {}
        #: The last report made on this programme, and for which picks and walking time.
        self.last_report: tuple[tuple[tuple[str, ...], int], ConflictReport] | None = None

    def of(self, event: Event) -> _EventFacts:
        known = self._known.get(event.id)
        if known is None:
            browseable = is_browseable(event)
            # Posters of one session share a unit: one browses between them, so they never conflict.
            key = f"browse:{event.session_id}" if browseable and isinstance(event, Presentation) else event.id
            order = (event.start.timestamp(), event.end.timestamp(), event.id)
            known = self._known[event.id] = _EventFacts(order, browseable, key)
        return known


_FACTS: dict[int, _Facts] = {}  # by id() of a live Conference (dropped with it: see _facts_of)


def _facts_of(conference: Conference) -> _Facts:
    facts = _FACTS.get(id(conference))
    if facts is None:
        facts = _FACTS[id(conference)] = _Facts()
        weakref.finalize(conference, _FACTS.pop, id(conference), None)
    return facts


def _event_order(e: Event) -> tuple[datetime, datetime, str]:
    return (e.start, e.end, e.id)


@dataclass(slots=True)
class _Unit:
    """Picks that never conflict among themselves, attended as one block of time."""

    key: str
    members: list[Event]  # the picked events that stand for this unit in conflicts
    start: datetime
    end: datetime
    browseable: bool  # every member can be dropped in and out of
    #: Each member as (start, end in POSIX seconds, its position in the picked events): what the sweep compares.
    spans: list[tuple[float, float, int]]
    first: float  # start and end in POSIX seconds
    last: float

    @property
    def room(self) -> str | None:
        return self.members[0].room if len(self.members) == 1 else None


def _units(events: list[Event], facts: _Facts) -> tuple[list[_Unit], dict[str, str]]:
    """Gather picks into units: a whole session absorbs picks inside it; posters of one session form one unit."""
    whole_sessions = {e.id for e in events if isinstance(e, Session)}
    units: dict[str, _Unit] = {}
    absorbed: dict[str, str] = {}
    for position, event in enumerate(events):
        if isinstance(event, Presentation) and event.session_id in whole_sessions:
            absorbed[event.id] = event.session_id
            continue
        (start, end, _), browseable, key = facts.of(event)
        span = (start, end, position)
        unit = units.get(key)
        if unit is None:
            units[key] = _Unit(key, [event], event.start, event.end, browseable, [span], start, end)
        else:
            unit.members.append(event)
            unit.spans.append(span)
            unit.start, unit.end = min(unit.start, event.start), max(unit.end, event.end)
            unit.first, unit.last = min(unit.first, start), max(unit.last, end)
    return sorted(units.values(), key=lambda u: (u.first, u.last, u.key)), absorbed


def _minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


# --- the engine ------------------------------------------------------------------------------------------------


def find_conflicts(conference: Conference, picks: Iterable[Pick | str], walking_minutes: int = 5) -> ConflictReport:
    """Clashes, soft overlaps and tight changes among ``picks`` (Picks or event ids), by the programme's times.

    The last report of each programme is kept: asked again for the same picks (an export writes its events, then
    counts their clashes), it is given again instead of sweeping a colleague's 5,000 picks twice.
    """
    ids = tuple(pick if isinstance(pick, str) else pick.id for pick in picks)
    facts = _facts_of(conference)
    if facts.last_report is not None and facts.last_report[0] == (ids, walking_minutes):
        return facts.last_report[1]
    with collector_paused():  # a dense agenda makes hundreds of thousands of pairs, none in a cycle
        report = _sweep(conference, ids, walking_minutes)
    facts.last_report = ((ids, walking_minutes), report)
    return report


def _sweep(conference: Conference, picks: Iterable[Pick | str], walking_minutes: int) -> ConflictReport:
    events, orphaned = _resolve(conference, picks)
    units, absorbed = _units(events, _facts_of(conference))
    clashes, soft, tight = _Pairs(), _Pairs(), _Pairs()

    # The units still running, as heaps by end (the int keeps the order total): those sat through, and those one
    # can drop in and out of.  Times in POSIX seconds: comparing numbers is faster than comparing aware datetimes.
    hard_running: list[tuple[float, int, list[tuple[float, float, int]], _Unit]] = []
    soft_running: list[tuple[float, int, list[tuple[float, float, int]], _Unit]] = []
    latest_hard_end: float | None = None  # when the most recently ended units sat through ended…
    latest_hard: list[_Unit] = []  # …and which they are
    walk = walking_minutes * 60
    for index, unit in enumerate(units):
        while soft_running and soft_running[0][0] <= unit.first:
            heapq.heappop(soft_running)
        while hard_running and hard_running[0][0] <= unit.first:
            ended = heapq.heappop(hard_running)[3]
            if latest_hard_end is None or ended.last > latest_hard_end:
                latest_hard_end, latest_hard = ended.last, [ended]
            elif ended.last == latest_hard_end:
                latest_hard.append(ended)
        # The hot loop of a dense agenda (each running member against each of this unit's): comprehensions over
        # plain numbers, the fastest Python has.
        for b_start, b_end, b in unit.spans:
            with_hard, with_soft = (
                [a for _, _, spans, _ in running for a_start, a_end, a in spans if a_start < b_end and b_start < a_end]
                for running in (hard_running, soft_running)
            )
            if with_hard:
                (soft if unit.browseable else clashes).add(with_hard, b)
            if with_soft:
                soft.add(with_soft, b)
        if not unit.browseable and latest_hard_end is not None and unit.first - latest_hard_end < walk:
            for before in latest_hard:
                if before.room and unit.room and before.room != unit.room:
                    a, b = before.spans[0][2], unit.spans[0][2]
                    if not _guessed_back_to_back(events[a], events[b]):
                        tight.add([a], b)
        heapq.heappush(soft_running if unit.browseable else hard_running, (unit.last, index, unit.spans, unit))

    alternatives = _AlternativeFinder(conference, units, events)
    pairs = {ConflictKind.CLASH: clashes, ConflictKind.TIGHT_CHANGE: tight, ConflictKind.SOFT_OVERLAP: soft}
    return ConflictReport(events, pairs, alternatives, orphaned, absorbed)


def _guessed_back_to_back(before: Event, after: Event) -> bool:
    """One estimated slot ending where the next estimated one begins (talks of 10 minutes each, say): the
    programme states neither time, so nothing says the change is tight; it is not reported."""
    return not before.end_source.certain and not after.start_source.certain and before.end == after.start


def _starts_before_end(x: Event, y: Event) -> bool:
    """Is it certain that ``x`` starts before ``y`` ends?  Yes when both times are stated, or when ``x`` is stated
    to start no later than ``y`` (which ends after it starts)."""
    if not x.start_source.certain:
        return False
    return y.end_source.certain or (y.start_source.certain and x.start <= y.start)


def _conflict(kind: ConflictKind, a: Event, b: Event) -> Conflict:
    first, second = (a, b) if _event_order(a) <= _event_order(b) else (b, a)
    start, end = max(a.start, b.start), min(a.end, b.end)
    later_start = a if a.start >= b.start else b
    earlier_end = a if a.end <= b.end else b
    exact = later_start.start_source.certain and earlier_end.end_source.certain
    sure = exact or (_starts_before_end(a, b) and _starts_before_end(b, a))
    return Conflict(
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
        sure=sure,
        exact=exact,
        when_certain=later_start.start_source.certain,
    )


def _tight_change(before: Event, after: Event) -> Conflict:
    return Conflict(
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
        exact=before.end_source.certain and after.start_source.certain,
        when_certain=before.end_source.certain,
    )


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


class _AlternativeFinder:
    """Where else two clashing papers are presented, at a time that fits the other picks."""

    def __init__(self, conference: Conference, units: list[_Unit], picked: list[Event]) -> None:
        self.conference = conference
        self.units = units
        self.picked = {e.id for e in picked}
        self._hard: _HardIndex | None = None  # made at the first clash written out
        self._unit_of: dict[str, str] = {}

    def _index(self) -> tuple[_HardIndex, dict[str, str]]:
        if self._hard is None:
            self._hard = _HardIndex([u for u in self.units if not u.browseable])
            self._unit_of = {m.id: u.key for u in self.units for m in u.members}
        return self._hard, self._unit_of

    def add_to(self, clash: Conflict, a: Event, b: Event) -> Conflict:
        """``clash`` (between ``a`` and ``b``) with its alternatives and the sides picked elsewhere too."""
        found: list[tuple[str, str]] = []
        picked: list[tuple[str, str]] = []
        hard, unit_of = self._index()
        for replaced in (a, b):
            if not isinstance(replaced, Presentation):
                continue
            for twin_id in replaced.also_presented_as:
                twin = self.conference.get(twin_id)
                if twin is None or any(twin_id == known for _, known in found + picked):
                    continue
                if twin_id in self.picked:
                    picked.append((replaced.id, twin_id))
                elif _fits(twin, {unit_of[replaced.id], twin.id}, hard):
                    found.append((replaced.id, twin_id))
        if not found and not picked:
            return clash
        order = {clash.first_id: 0, clash.second_id: 1}
        found.sort(key=lambda pair: order[pair[0]])  # the first side's first, as in the conflict
        picked.sort(key=lambda pair: order[pair[0]])
        return clash._replace(
            alternatives=tuple(twin_id for _, twin_id in found),
            alternative_to=tuple(side for side, _ in found),
            alternative_slots=tuple(_slot(self.conference[twin_id]) for _, twin_id in found),
            picked_elsewhere=tuple(picked),
        )


def _slot(event: Event) -> str:
    """ "poster b4d82b (11:30–≈13:30 MH1-2-3-4)": enough to decide on an alternative without looking it up."""
    return f"{event.kind.value} {event.id} ({time_span(event)}{' ' + event.room if event.room else ''})"


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
    start_certain: bool = True  # False when the gap begins at a pick's estimated end…
    end_certain: bool = True  # …or ends at a pick's estimated start

    @property
    def minutes(self) -> int:
        return _minutes_between(self.start, self.end)


def free_gaps(conference: Conference, picks: Iterable[Pick | str], min_minutes: int = 15) -> list[Gap]:
    """Stretches of at least ``min_minutes`` with nothing picked, on each day that has picks.

    A day runs from its first to its last event in the programme, so the time before the first pick and
    after the last one count as gaps too.  ``on_now`` lists sessions and the talks with their own time slot
    (not each poster of a poster session, which share the session's time), each only in the first gap of the
    day it runs in: the registration desk open all day is named once, not in every gap.
    """
    events, _ = _resolve(conference, picks)
    if not events:
        return []
    picked = {e.id for e in events}
    # Each day's first start and last end, and whether the programme states them (a day that ends with a poster
    # session's estimated end ends at about that time).
    day_bounds: dict[date, tuple[datetime, bool, datetime, bool]] = {}
    for event in conference.events():
        day = event.start.date()
        # A day ends at midnight at the latest: an overnight event must not stretch the day's last gap into the
        # next day, over that day's picks.
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=event.start.tzinfo)
        end, end_certain = (event.end, event.end_source.certain) if event.end <= midnight else (midnight, True)
        first, first_certain, last, last_certain = day_bounds.get(
            day, (event.start, event.start_source.certain, end, end_certain)
        )
        if event.start < first or (event.start == first and event.start_source.certain):
            first, first_certain = event.start, event.start_source.certain
        if end > last or (end == last and end_certain):
            last, last_certain = end, end_certain
        day_bounds[day] = (first, first_certain, last, last_certain)
    listed = _Listed(conference)
    shortest = timedelta(minutes=min_minutes)

    gaps: list[Gap] = []
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.start.date(), []).append(event)
    for day, day_events in sorted(by_day.items()):
        day_start, day_start_certain, day_end, day_end_certain = day_bounds[day]
        spans: list[tuple[datetime, datetime, bool, bool]] = []
        free_from, free_from_certain = day_start, day_start_certain
        for event in day_events:  # already in start order
            if event.start - free_from >= shortest:
                spans.append((free_from, event.start, free_from_certain, event.start_source.certain))
            if event.end > free_from:
                free_from, free_from_certain = event.end, event.end_source.certain
        if day_end - free_from >= shortest:
            spans.append((free_from, day_end, free_from_certain, day_end_certain))
        named: set[str] = set()  # what an earlier gap of the day already named
        for start, end, start_certain, end_certain in spans:
            on_now = [i for i in listed.running(start, end, picked) if i not in named]
            named.update(on_now)
            gaps.append(Gap(start, end, on_now, start_certain, end_certain))
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
