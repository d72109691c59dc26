"""The programme as rows for the planner's list: time slots, sessions and their presentations.

This is the planner's view-model, kept free of Textual so that it can be tested (and timed) on its own:
``build_programme_rows`` decides *which* rows are shown (grouping, collapsing, filters, search) and
``row_cells`` decides *what* each row says (markers, times, room, kind, track, title).  Widgets only draw.

The rows hold no pick or conflict markers: those change with every key press, so they are looked up when a
visible row is drawn (``row_cells`` with ``Marks``), and picking never rebuilds a list of 50,000 rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import Enum
from itertools import groupby

from confplan.domain.agenda import Priority
from confplan.domain.conflicts import ConflictKind
from confplan.model import BROWSEABLE_KINDS, Conference, Event, Kind, Presentation, Session, time_span
from confplan.text.name_order import by_name
from confplan.text.wording import counted


class RowKind(Enum):
    SLOT = "slot"  # a time slot header: every session starting at that time follows
    SESSION = "session"
    PRESENTATION = "presentation"


@dataclass(frozen=True, slots=True)
class ProgrammeRow:
    kind: RowKind
    start: datetime  # the slot's start for slot headers, the event's start otherwise
    event: Event | None = None  # None for slot headers
    expanded: bool = False  # for sessions with presentations: are they shown below it?
    children: int = 0  # for sessions: how many presentations it has
    context_only: bool = False  # shown only because a presentation inside it is (it does not match itself)

    @property
    def event_id(self) -> str | None:
        return self.event.id if self.event is not None else None


@dataclass(frozen=True)
class FilterChoices:
    """What the filters can choose among: the programme's days, kinds, tracks and rooms, in the order shown."""

    days: list[date]
    kinds: list[Kind]
    tracks: list[str]
    rooms: list[str]

    @classmethod
    def of(cls, conference: Conference) -> FilterChoices:
        events = list(conference.events())
        return cls(
            conference.days,
            sorted({e.kind for e in events}, key=list(Kind).index),
            by_name({e.track for e in events if e.track}),
            by_name({e.room for e in events if e.room}),
        )


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to.  Empty sets mean "any"."""

    kinds: frozenset[Kind] = frozenset()
    days: frozenset[date] = frozenset()
    tracks: frozenset[str] = frozenset()
    rooms: frozenset[str] = frozenset()
    picked_only: bool = False
    conflicts_only: bool = False
    suggested_only: bool = False  # close to the reading list (see PlannerState.suggested_ids)

    @property
    def active(self) -> bool:
        return bool(
            self.kinds
            or self.days
            or self.tracks
            or self.rooms
            or self.picked_only
            or self.conflicts_only
            or self.suggested_only
        )

    def accepts(
        self,
        event: Event,
        picked: Collection[str],
        conflicting: Collection[str],
        suggested: Collection[str] = frozenset(),
    ) -> bool:
        if self.suggested_only and event.id not in suggested:
            return False
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.days and event.start.date() not in self.days:
            return False
        if self.tracks and (event.track or "") not in self.tracks:
            return False
        if self.rooms and (event.room or "") not in self.rooms:
            return False
        if self.picked_only and event.id not in picked:
            return False
        return not (self.conflicts_only and event.id not in conflicting)

    def describe(self) -> str:
        """The active filters in words, for the status line ("" when none)."""
        parts = []
        if self.days:
            parts.append("day: " + ", ".join(f"{day:%a %-d %b}" for day in sorted(self.days)))
        if self.kinds:
            parts.append("kind: " + ", ".join(sorted(k.value for k in self.kinds)))
        if self.tracks:
            parts.append("track: " + ", ".join(by_name(self.tracks)))
        if self.rooms:
            parts.append("room: " + ", ".join(by_name(r or "(none)" for r in self.rooms)))
        if self.picked_only:
            parts.append("picked only")
        if self.suggested_only:
            parts.append("suggested only")
        if self.conflicts_only:
            parts.append("conflicts only")
        return " · ".join(parts)


def default_collapsed(conference: Conference) -> set[str]:
    """Sessions that start folded: the browse-able ones (poster sessions hold a hundred posters or more)."""
    return {s.id for s in conference.sessions if s.kind in BROWSEABLE_KINDS and s.presentation_ids}


def sessions_in_time_order(conference: Conference) -> list[Session]:
    """Sessions by start time; sessions starting together keep their programme order (a stable sort)."""
    return sorted(conference.sessions, key=lambda s: s.start)


#: One time slot of the programme: its start, and its sessions (programme order) with their presentations.
Slot = tuple[datetime, list[tuple[Session, tuple[Presentation, ...]]]]


class ProgrammeLayout:
    """The programme in the order the list shows it, worked out once per conference, with the row objects made
    once: a rebuild of 50,000 rows (every key of a search) then only chooses rows, it does not make them.

    The slots are worked out as they are first asked for (``slots``): the first screenful of rows needs only the
    first few, and the planner's first frame does not wait for the rest.  Builds in background workers and on
    the UI thread may ask at the same time, hence the lock.
    """

    def __init__(self, conference: Conference) -> None:
        self._conference = conference
        self._slots: list[Slot] = []
        self._to_lay_out = groupby(sessions_in_time_order(conference), key=lambda s: s.start)
        self._lock = threading.Lock()
        self._slot_rows: dict[datetime, ProgrammeRow] = {}
        self._session_rows: dict[tuple[str, bool, bool], ProgrammeRow] = {}
        self._presentation_rows: dict[str, ProgrammeRow] = {}

    def slots(self) -> Iterator[Slot]:
        """Time slots in order."""
        index = 0
        while index < len(self._slots) or self._lay_out_one_more(index):
            yield self._slots[index]
            index += 1

    def lay_out_all(self) -> None:
        for _ in self.slots():
            pass

    def _lay_out_one_more(self, wanted: int) -> bool:
        """Make sure slot ``wanted`` is laid out (the one after the last so far); False when there is none."""
        with self._lock:
            if wanted < len(self._slots):  # another thread laid it out meanwhile
                return True
            found = next(self._to_lay_out, None)
            if found is None:
                return False
            start, sessions = found
            presentations_of = self._conference.presentations_of
            self._slots.append(
                (start, [(s, tuple(presentations_of(s)) if s.presentation_ids else ()) for s in sessions])
            )
            self._slot_rows[start] = ProgrammeRow(RowKind.SLOT, start)
            return True

    def slot_row(self, start: datetime) -> ProgrammeRow:
        return self._slot_rows[start]

    def session_row(self, session: Session, children: int, expanded: bool, context_only: bool) -> ProgrammeRow:
        key = (session.id, expanded, context_only)
        row = self._session_rows.get(key)
        if row is None:
            row = ProgrammeRow(RowKind.SESSION, session.start, session, expanded, children, context_only)
            self._session_rows[key] = row
        return row

    def presentation_row(self, presentation: Presentation) -> ProgrammeRow:
        row = self._presentation_rows.get(presentation.id)
        if row is None:
            row = self._presentation_rows[presentation.id] = ProgrammeRow(
                RowKind.PRESENTATION, presentation.start, presentation
            )
        return row


def build_programme_rows(
    conference: Conference,
    *,
    collapsed: Collection[str] = frozenset(),
    matches: Collection[str] | None = None,
    filters: Filters = Filters(),
    picked: Collection[str] = frozenset(),
    conflicting: Collection[str] = frozenset(),
    suggested: Collection[str] = frozenset(),
    should_stop: Callable[[], bool] = lambda: False,
    layout: ProgrammeLayout | None = None,
) -> list[ProgrammeRow]:
    """The rows to show, in time order, grouped under one header per time slot.

    ``matches`` is the set of event ids a search found (None: no search).  While a search or a filter narrows the
    list, sessions are expanded to show the presentations that pass, and a session that does not pass itself is
    kept as context above them.  ``should_stop`` lets a background worker give up early when a newer search starts
    (the rows so far are returned).  ``layout``: the conference's ``ProgrammeLayout``, if one is kept.
    """
    found = None if matches is None else matches.__contains__
    rows: list[ProgrammeRow] = []
    for batch in iter_programme_rows(
        layout or ProgrammeLayout(conference),
        collapsed=collapsed,
        found=found,
        filters=filters,
        picked=picked,
        conflicting=conflicting,
        suggested=suggested,
    ):
        if should_stop():
            break
        rows.extend(batch)
    return rows


def iter_programme_rows(
    layout: ProgrammeLayout,
    *,
    collapsed: Collection[str] = frozenset(),
    found: Callable[[str], bool] | None = None,
    filters: Filters = Filters(),
    picked: Collection[str] = frozenset(),
    conflicting: Collection[str] = frozenset(),
    suggested: Collection[str] = frozenset(),
) -> Iterator[list[ProgrammeRow]]:
    """The rows of ``build_programme_rows``, one time slot at a time, so that a caller can show the first ones
    (or stop) before the last are worked out.  ``found`` says whether a search found an event (by id; None: no
    search)."""
    narrowing = found is not None or filters.active
    filtering = filters.active

    def passes(event: Event) -> bool:
        return (found is None or found(event.id)) and (
            not filtering or filters.accepts(event, picked, conflicting, suggested)
        )

    for slot_start, slot_sessions in layout.slots():
        slot_rows: list[ProgrammeRow] = []
        for session, presentations in slot_sessions:
            if not narrowing:
                expanded = bool(presentations) and session.id not in collapsed
                slot_rows.append(layout.session_row(session, len(presentations), expanded, False))
                if expanded:
                    slot_rows.extend(layout.presentation_row(p) for p in presentations)
                continue
            session_passes = passes(session)
            shown = [p for p in presentations if passes(p)]
            if not session_passes and not shown:
                continue
            # A narrowed list opens the sessions that have something to show.
            slot_rows.append(layout.session_row(session, len(presentations), bool(shown), not session_passes))
            slot_rows.extend(layout.presentation_row(p) for p in shown)
        if slot_rows:
            slot_rows.insert(0, layout.slot_row(slot_start))
            yield slot_rows


def first_match_index(rows: list[ProgrammeRow], matches: Collection[str]) -> int | None:
    """The first row whose event was found by the search (not a context-only session header)."""
    for index, row in enumerate(rows):
        if row.event is not None and row.event.id in matches:
            return index
    return None


def index_of(rows: list[ProgrammeRow], event_id: str) -> int | None:
    for index, row in enumerate(rows):
        if row.event is not None and row.event.id == event_id:
            return index
    return None


# --- what a row says --------------------------------------------------------------------------------------------

#: Conflict kinds from worst to mildest; a row shows its worst.


@dataclass(frozen=True)
class Marks:
    """The per-event markers that change as the user picks: priorities and conflict kinds by event id."""

    priorities: Mapping[str, Priority] = field(default_factory=dict)
    conflicts: Mapping[str, ConflictKind] = field(default_factory=dict)  # event id -> worst conflict it is part of
    scores: Mapping[str, float] = field(default_factory=dict)  # event id -> similarity to the reading list
    listed: Mapping[str, str] = field(default_factory=dict)  # event id -> real title of a listed paper it is
    #: A reading list is given: the score column is shown (empty until the scores are worked out, so that it does
    #: not appear a second later and push every column after it).
    scored: bool = False


PICK_MARKERS = {Priority.MUST: "●", Priority.MAYBE: "◐"}
CONFLICT_MARKERS = {ConflictKind.CLASH: "⚠", ConflictKind.TIGHT_CHANGE: "⇄", ConflictKind.SOFT_OVERLAP: "~"}
KIND_LABELS = {
    Kind.REGISTRATION: "registr.",
    Kind.INVITED_TALK: "invited",
    Kind.ORAL: "oral",
    Kind.POSTER: "poster",
    Kind.SOCIAL: "social",
    Kind.WORKSHOP: "workshop",
    Kind.TALK: "talk",
    Kind.OTHER: "other",
}


@dataclass(frozen=True, slots=True)
class RowCells:
    """The text of one row, column by column, plus what the widget needs to choose styles."""

    fold: str  # ▾ / ▸ for sessions with presentations, "" otherwise
    pick: str  # PICK_MARKERS or " "
    conflict: str  # CONFLICT_MARKERS or " "
    time: str
    local_time: str  # "" unless local time is shown
    room: str
    kind: str
    track: str
    title: str
    priority: Priority | None
    conflict_kind: ConflictKind | None
    score: str = ""  # similarity to the reading list ("0.24"), "★" for a listed paper itself, "" without a list


def slot_heading(start: datetime) -> str:
    return f"{start:%a %-d %b  %H:%M}"


def row_cells(row: ProgrammeRow, marks: Marks, local_zone: tzinfo | None = None) -> RowCells:
    """What ``row`` shows.  ``local_zone`` adds the user's local time beside the conference time."""
    event = row.event
    if event is None:
        local = f"{row.start.astimezone(local_zone):%a %H:%M} local" if local_zone is not None else ""
        return RowCells("", " ", " ", slot_heading(row.start), local, "", "", "", "", None, None)
    priority = marks.priorities.get(event.id)
    conflict = marks.conflicts.get(event.id)
    fold = ""
    title = event.title
    listed_title = marks.listed.get(event.id)
    if listed_title:  # the programme has no titles: show the listed paper's real one
        title = f"★ {listed_title}"
    score = "★" if listed_title else f"{marks.scores[event.id]:.2f}" if event.id in marks.scores else ""
    if row.kind is RowKind.SESSION and row.children:
        fold = "▾" if row.expanded else "▸"
        if not row.expanded:
            title = f"{title}  ({counted(row.children, 'talk' if event.kind is Kind.ORAL else 'item')})"
    return RowCells(
        fold=fold,
        pick=PICK_MARKERS[priority] if priority is not None else " ",
        conflict=CONFLICT_MARKERS[conflict] if conflict is not None else " ",
        time=time_span(event),
        local_time=time_span(event, local_zone) if local_zone is not None else "",
        room=event.room or "",
        kind=KIND_LABELS[event.kind],
        track=event.track or "",
        title=title,
        priority=priority,
        conflict_kind=conflict,
        score=score,
    )
