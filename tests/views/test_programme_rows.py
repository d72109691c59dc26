"""Building the programme list's rows without a screen: the first screenful first, the search's matches, stopping."""

from __future__ import annotations

import functools
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate, write
from confplan.domain.agenda import Agenda
from confplan.model import Conference
from confplan.storage.loading import load_schedule
from confplan.views.programme_rows import FIRST_SCREEN_ROWS, BuiltRows, RowsRequest, build_rows
from confplan.views.rows import build_programme_rows
from confplan.views.search_index import SearchIndex
from confplan.views.state import PlannerState
from iclr_events import iclr


def new_state(query: str = "", conference: Conference | None = None) -> PlannerState:
    conference = conference or iclr()
    state = PlannerState(
        conference, Agenda.for_conference(conference), clock=lambda: datetime(2023, 5, 2, 8, 5, tzinfo=UTC)
    )
    state.query = query
    return state


def test_the_first_screenful_is_handed_over_before_the_rest_and_is_its_start(tmp_path: Path) -> None:
    write(generate(2_000), "xml", tmp_path / "schedule.xml")
    state = new_state(conference=load_schedule(tmp_path / "schedule.xml")[0])
    request = RowsRequest.now(state, keep_id=None)
    handed: list[BuiltRows] = []
    built = build_rows(state, request, lambda: False, handed.append)
    assert built is not None and built.complete and built.matches is None and built.source is request
    assert len(handed) == 1 and not handed[0].complete
    first = list(handed[0].rows)
    assert len(first) >= FIRST_SCREEN_ROWS and first == list(built.rows)[: len(first)]


def test_up_to_gives_whole_time_slots_marked_incomplete() -> None:
    state = new_state()
    part = build_rows(state, RowsRequest.now(state, None), lambda: False, up_to=20)
    whole = build_rows(state, RowsRequest.now(state, None), lambda: False)
    assert part is not None and whole is not None and not part.complete
    assert 20 <= len(part.rows) < len(whole.rows) and list(part.rows) == list(whole.rows)[: len(part.rows)]


def test_a_search_returns_its_matches_and_a_stop_gives_nothing() -> None:
    state = new_state("Dec-POMDPs")
    built = build_rows(state, RowsRequest.now(state, None), lambda: False)
    assert built is not None and built.matches
    assert all(
        "dec-pomdp" in state.conference[i].abstract.lower() + state.conference[i].title.lower() for i in built.matches
    )
    assert build_rows(state, RowsRequest.now(state, None), lambda: True) is None


@functools.cache
def synthetic_state() -> PlannerState:
    """A 2,000-event programme (the benchmark's generator): ten screenfuls of rows and more."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.xml"
        write(generate(2_000), "xml", path)
        return new_state(conference=load_schedule(path)[0])


_QUERY_WORDS = ["k", "kernel", "graph", "gr", "zürich", "*ust", "北京", "naïve", "room", "a", "schrödinger", "zzz"]


@settings(derandomize=True, deadline=None, max_examples=30)  # the same cases on every machine
@given(st.lists(st.sampled_from(_QUERY_WORDS), min_size=1, max_size=2).map(" ".join))
def test_a_search_s_first_screenful_counts_everything_found_and_begins_the_complete_rows(query: str) -> None:
    state = synthetic_state()
    state.query = query
    request = RowsRequest.now(state, keep_id="")
    first = build_rows(state, request, lambda: False, up_to=FIRST_SCREEN_ROWS)
    rest = build_rows(state, request, lambda: False)
    assert first is not None and rest is not None and rest.complete
    everything = SearchIndex(state.conference).search(query)
    assert first.matches == rest.matches == everything  # the status line's count is right from the first screenful
    fresh = build_programme_rows(state.conference, collapsed=state.collapsed, matches=everything)
    assert list(rest.rows) == fresh
    assert list(first.rows) == fresh[: len(first.rows)]
