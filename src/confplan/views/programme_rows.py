"""Building the programme list's rows for a search, folds and filters: in the background, first screenful first.

Textual-free: the planner's programme screen runs ``build_rows`` in a worker thread (a search over 50,000 events
must not freeze the keyboard) and shows what it returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from confplan.views.rows import Filters, ProgrammeRow, iter_programme_rows
from confplan.views.state import PlannerState

#: A background build hands over this many rows (more than any terminal's height) before it has the rest.
FIRST_SCREEN_ROWS = 200


@dataclass(frozen=True)
class RowsRequest:
    """What a build of the rows is for: the search, folds and filters (and picks they may depend on) of one moment."""

    query: str
    collapsed: frozenset[str]
    filters: Filters
    picked: frozenset[str]
    conflicting: frozenset[str]
    suggested: frozenset[str]
    keep_id: str | None

    @classmethod
    def now(cls, state: PlannerState, keep_id: str | None) -> RowsRequest:
        """The request for the planner's state as it is now, keeping the cursor on ``keep_id``."""
        return cls(
            state.query,
            frozenset(state.collapsed),
            state.filters,
            state.picked_ids(),
            frozenset(state.conflicts_by_event()),
            state.suggested_ids(),
            keep_id,
        )


@dataclass(frozen=True)
class BuiltRows:
    """The rows a request asked for (or their first screenful) and everything the search found."""

    query: str
    rows: Sequence[ProgrammeRow]
    matches: frozenset[str] | None  # None: no search; else all it found (some may be filtered out of the rows)
    keep_id: str | None  # the event the cursor should stay on, if it is still shown
    complete: bool  # False: the first screenful of rows; the rest follows
    source: RowsRequest  # the request these rows answer (a first screenful and the rest share it)


def build_rows(
    state: PlannerState,
    request: RowsRequest,
    stop: Callable[[], bool],
    first_screen: Callable[[BuiltRows], object] | None = None,
    up_to: int | None = None,
) -> BuiltRows | None:
    """The rows ``request`` asks for; None when ``stop`` said to give up.

    The search is done first, whole (see ``SearchIndex``); rows come in time order, so the first screenful is
    known long before the rows of a large programme are all made: ``first_screen`` is given those rows (and
    everything the search found) as soon as there are enough to fill the list, then the complete rows are
    returned.  With ``up_to``, the rows up to the end of
    the time slot that reaches that many are returned, marked incomplete (a second call makes them all).
    """
    query = request.query
    matches: frozenset[str] | None = None
    if query.strip():
        # The whole search first (one scan of the folded texts): the count of what it found is known with the
        # first screenful of rows, and the rows only look the events up.
        matches = state.search_index.search(query, stop)
        if matches is None:
            return None

    def built(rows: list[ProgrammeRow], complete: bool) -> BuiltRows:
        return BuiltRows(query, rows, matches, request.keep_id, complete, request)

    rows: list[ProgrammeRow] = []
    shown = False  # the first screenful was handed over
    for batch in iter_programme_rows(
        state.layout,
        collapsed=request.collapsed,
        found=None if matches is None else matches.__contains__,
        filters=request.filters,
        picked=request.picked,
        conflicting=request.conflicting,
        suggested=request.suggested,
    ):
        if stop():
            return None
        before = len(rows)
        rows.extend(batch)
        if up_to is not None and len(rows) >= up_to:
            return built(rows, False)
        if first_screen is not None and before < FIRST_SCREEN_ROWS <= len(rows):
            first_screen(built(rows[:], False))
            shown = True
            time.sleep(0.005)  # let the UI thread take the interpreter and draw them before going on
        elif shown:
            time.sleep(0)  # the rest is not urgent: give the interpreter to the UI thread whenever it waits
    if stop():
        return None
    return built(rows, True)
