"""What the planner is showing and what the user has chosen, without any Textual: the app's single source of truth.

The app owns one ``PlannerState``; screens read it and call its methods, then draw again.  File I/O (autosave,
export) stays in the app, so that everything here can be unit-tested with a plain Agenda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.domain.conflicts import ConflictKind, ConflictReport, find_conflicts
from confplan.model import Conference, Event, ListedPaper, time_span
from confplan.views.conflict_text import describe_conflict, swap_for
from confplan.views.rows import FilterChoices, Filters, Marks, ProgrammeLayout, default_collapsed
from confplan.views.search_index import SearchIndex, query_words

if TYPE_CHECKING:
    from confplan.domain.suggest import Suggestion  # only named here: the module (with its stemmer) loads later

Clock = Callable[[], datetime]

#: How many ranks of suggestions the "suggested only" filter keeps (an oral and its poster share a rank).
SUGGESTED_RANKS = 20


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PickResult:
    """What a pick, unpick or priority change did, in words for a notification."""

    message: str
    severity: str = "information"  # Textual notification severities: information, warning, error
    focus_id: str | None = None  # an event the view should move to


class PlannerState:
    def __init__(
        self,
        conference: Conference,
        agenda: Agenda,
        clock: Clock = system_clock,
        local_zone: tzinfo | None = None,
        walking_minutes: int = 5,
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
        self._layout: ProgrammeLayout | None = None
        self._filter_choices: FilterChoices | None = None
        self._days: list[date] | None = None
        self.walking_minutes = walking_minutes
        self.report = ConflictReport()
        #: Filled in the background when a reading list is given (see ``set_suggestions``); empty until then.
        self.suggestions: dict[str, Suggestion] = {}
        self.listed: dict[str, ListedPaper] = {}
        #: Where the scores come from, in words ("the bundled example listings", "my-papers.yaml"); "" without a
        #: reading list.  Known from the start, so the score column has its place before the scores arrive.
        self.reading_list_label = ""
        self._worst: dict[str, ConflictKind] = {}
        self.recheck()

    # --- what the views draw with ------------------------------------------------------------------------------

    @property
    def layout(self) -> ProgrammeLayout:
        """The programme in list order (made at the first use, often in a background worker)."""
        if self._layout is None:
            self._layout = ProgrammeLayout(self.conference)
        return self._layout

    @property
    def filter_choices(self) -> FilterChoices:
        """The days, kinds, tracks and rooms the filters offer (a pass over every event: made once)."""
        if self._filter_choices is None:
            self._filter_choices = FilterChoices.of(self.conference)
        return self._filter_choices

    @property
    def days(self) -> list[date]:
        """The programme's days in order (a pass over every event, 35 ms for 50,000: made once)."""
        if self._days is None:
            self._days = self.conference.days
        return self._days

    @property
    def words(self) -> list[str]:
        return query_words(self.query)

    @property
    def shown_local_zone(self) -> tzinfo | None:
        return self.local_zone if self.show_local else None

    def picked_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.agenda)

    def conflicts_by_event(self) -> dict[str, ConflictKind]:
        """Each picked event's worst conflict kind."""
        return self._worst

    def marks(self) -> Marks:
        return Marks(
            {p.id: p.priority for p in self.agenda},
            self._worst,
            {i: s.score for i, s in self.suggestions.items()},
            {i: paper.title for i, paper in self.listed.items() if paper.title},
            scored=bool(self.reading_list_label or self.suggestions or self.listed),
        )

    def use_programme(self, conference: Conference) -> None:
        """The same programme with more said about it (its papers' titles and authors): the same ids and times, so
        picks and conflicts stand; what is drawn from its text is made again."""
        self.conference = conference
        self.search_index = SearchIndex(conference)
        self._layout = None
        self._filter_choices = None
        self._days = None
        self.recheck()

    def set_suggestions(self, suggestions: dict[str, Suggestion], listed: dict[str, ListedPaper]) -> None:
        self.suggestions, self.listed = suggestions, listed

    def suggested_ids(self) -> frozenset[str]:
        """What "suggested only" shows: the listed papers themselves and the closest presentations to the list."""
        close = (i for i, s in self.suggestions.items() if s.rank <= SUGGESTED_RANKS)
        return frozenset(self.listed) | frozenset(close)

    def conflict_lines(self, event_id: str) -> list[str]:
        """The detail pane's lines about what ``event_id`` conflicts with."""
        conflicts = self.report.involving(event_id)
        swap = swap_for(self.conference, conflicts, event_id)
        return [line for c in conflicts for line in describe_conflict(self.conference, c, event_id, swap)]

    def recheck(self) -> ConflictReport:
        """Find the conflicts again after the picks changed; returns the previous report."""
        before = self.report
        self.report = find_conflicts(self.conference, self.agenda, self.walking_minutes)
        self._worst = self.report.worst_by_event()
        return before

    def now(self) -> datetime:
        """The clock's time in the conference's time zone."""
        return self.clock().astimezone(self.conference.zone)

    def on_now_and_next(self) -> tuple[list[Event], list[Event]]:
        """What is on at the clock's time (latest start first) and what starts next (all that start together)."""
        now = self.now()
        running = [e for e in self.conference.events() if e.start <= now < e.end]
        running.sort(key=lambda e: (e.start, -e.minutes), reverse=True)
        later = [e for e in self.conference.events() if e.start > now]
        soonest = min((e.start for e in later), default=None)
        return running, [e for e in later if e.start == soonest]

    # --- picking -----------------------------------------------------------------------------------------------

    def toggle_pick(self, event: Event, priority: Priority) -> PickResult:
        """Pick ``event`` with ``priority``; the same key again unpicks it; the other key changes the priority."""
        existing = self.agenda.get(event.id)
        if existing is not None and existing.priority is priority:
            self.agenda.unpick(event.id)
            self.recheck()
            return PickResult(f"Unpicked {_short(event)}")
        self.agenda.pick(event, priority)
        before = self.recheck()
        verb = "Picked" if priority is Priority.MUST else "Maybe"
        # Only this event's conflicts can be new: compare those (looked up), not the whole reports.
        known = {(c.kind, c.first_id, c.second_id) for c in before.involving(event.id)}
        new = [
            c
            for c in self.report.involving(event.id)
            if event.id in (c.first_id, c.second_id) and (c.kind, c.first_id, c.second_id) not in known
        ]
        if not new:
            return PickResult(f"{verb}: {_short(event)}")
        swap = swap_for(self.conference, self.report.involving(event.id), event.id)
        lines = [line for c in new for line in describe_conflict(self.conference, c, event.id, swap)]
        worst = "warning" if any(c.kind is ConflictKind.CLASH for c in new) else "information"
        return PickResult(f"{verb}: {_short(event)}\n" + "\n".join(lines), worst)

    def set_note(self, event: Event, note: str) -> Pick:
        """Set the note of ``event``, picking it (as a maybe) first when it is not picked yet."""
        if event.id not in self.agenda:
            self.agenda.pick(event, Priority.MAYBE, note)
            self.recheck()
        return self.agenda.set_note(event.id, note)

    # --- clashes -------------------------------------------------------------------------------------------------

    def clash_stops(self) -> list[tuple[datetime, str]]:
        """Every picked event in a clash, as (start, id) in time order: where next/previous clash go."""
        absorbed = self.report.absorbed  # a talk inside a picked session: the session is the stop
        ids = {i for i, kind in self._worst.items() if kind is ConflictKind.CLASH and i not in absorbed}
        events = [e for e in (self.conference.get(i) for i in ids) if e is not None]
        return sorted((e.start, e.id) for e in events)

    def next_clash(self, after: Event | None, backwards: bool = False) -> str | None:
        """The clashing pick after (or before) ``after`` in time, wrapping around; None when there is no clash."""
        stops = self.clash_stops()
        if not stops:
            return None
        if after is None:
            return stops[-1 if backwards else 0][1]
        here = (after.start, after.id)
        if backwards:
            earlier = [s for s in stops if s < here]
            return (earlier or stops)[-1][1]
        later = [s for s in stops if s > here]
        return (later or stops)[0][1]

    def alternative_for(self, event_id: str) -> tuple[str, str] | None:
        """(pick to drop, event to pick instead) that resolves a clash of ``event_id``, if the programme has one
        (the highlighted event's own other presentation first: see ``conflict_text.swap_for``)."""
        return swap_for(self.conference, self.report.involving(event_id), event_id)

    def pick_alternative(self, event_id: str) -> PickResult:
        """Swap a clashing pick for the same paper's other presentation (priority and note move with it)."""
        found = self.alternative_for(event_id)
        if found is None:
            return PickResult("No alternative here: this is not a clash that another presentation resolves.", "warning")
        replaced_id, alternative_id = found
        replaced = self.agenda.unpick(replaced_id)
        alternative = self.conference[alternative_id]
        self.agenda.pick(alternative, replaced.priority, replaced.note)
        self.recheck()
        dropped = self.conference.get(replaced_id)
        if dropped is None:
            return PickResult(f"Picked {_short(alternative)} instead of {replaced_id}", focus_id=alternative_id)
        # One paper: its title once, then the two presentations by kind, time and room.
        return PickResult(
            f"Swapped {_short_title(alternative)}: now the {_slot(alternative)}, instead of the {_slot(dropped)}",
            focus_id=alternative_id,
        )


def _short_title(event: Event, width: int = 60) -> str:
    return event.title if len(event.title) <= width else event.title[: width - 1] + "…"


def _slot(event: Event) -> str:
    """ "poster at 11:30–≈13:30 in MH1-2-3-4"."""
    return f"{event.kind.value} at {time_span(event)}{' in ' + event.room if event.room else ''}"


def _short(event: Event, width: int = 60) -> str:
    return f"{_short_title(event, width)} ({time_span(event)}{' ' + event.room if event.room else ''})"
