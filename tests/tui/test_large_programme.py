"""The planner on a 50,000-event programme (the benchmark's synthetic one): it loads, the list is built in the
background and shown a screenful first, search finds what the index finds, and picking marks the event.  No times
are asserted (bench/ measures them); this checks that the large-programme paths give the same results."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Static

from bench.synthetic import generate, write
from confplan.domain.agenda import Agenda
from confplan.model import Conference
from confplan.storage.loading import load_schedule
from confplan.storage.store import load_agenda
from confplan.text.plain_text import printable
from confplan.tui.app import PlannerApp
from confplan.tui.commands import GO_TO_SHOWN
from confplan.tui.screens.programme import FIRST_ROWS_AT_ONCE, ProgrammeScreen
from confplan.views.rows import build_programme_rows
from confplan.views.search_index import SearchIndex
from confplan.views.state import PlannerState

from .conftest import settle


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    path = tmp_path_factory.mktemp("large") / "schedule.xml"
    write(generate(50_000), "xml", path)
    conference, _ = load_schedule(path)
    assert len(conference) == 50_000 > FIRST_ROWS_AT_ONCE
    return conference


def expected_rows(state: PlannerState, query: str) -> list[object]:
    matches = SearchIndex(state.conference).search(query) if query else None
    return build_programme_rows(state.conference, collapsed=state.collapsed, matches=matches)


async def wait_for_rows(pilot: Pilot[None], query: str) -> ProgrammeScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProgrammeScreen)
    assert screen._rows_query == query
    return screen


async def test_search_and_pick_on_fifty_thousand_events(large: Conference, tmp_path: Path) -> None:
    state = PlannerState(large, Agenda.for_conference(large))
    app = PlannerApp(state, tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_rows(pilot, "")
        assert list(screen.programme.rows) == expected_rows(state, "")

        await pilot.press("slash", *"graph neural")
        screen = await wait_for_rows(pilot, "graph neural")
        assert list(screen.programme.rows) == expected_rows(state, "graph neural")
        assert screen._matches == SearchIndex(large).search("graph neural")

        await pilot.press(*["backspace"] * 6, *"kernel")  # narrowing and widening again
        screen = await wait_for_rows(pilot, "graph kernel")
        assert list(screen.programme.rows) == expected_rows(state, "graph kernel")

        await pilot.press("enter", "space")
        await settle(pilot)
        event = screen.current_event()
        assert event is not None and event.id in state.agenda
        assert event.id in screen.programme.marks.priorities
    assert event.id in load_agenda(tmp_path / "agenda.yaml", large)  # saved (at the latest when quitting)


async def test_a_search_key_shows_the_whole_count_with_the_first_screenful_and_escape_returns(
    large: Conference, tmp_path: Path
) -> None:
    """Once the index is prepared, a key's count of results (the status line) and first screenful of rows come
    at once, before the rest of the 50,000 rows are made (the count used to grow as they were).  Escape then puts
    the cursor back on the row it was on, far beyond the first screenful of the list that comes back (it stayed
    on that screenful's first row)."""
    state = PlannerState(large, Agenda.for_conference(large))
    app = PlannerApp(state, tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_rows(pilot, "")
        far = next(row.event for row in list(screen.programme.rows)[5000:] if row.event is not None)
        screen.go_to(far.id)
        while not state.search_index.ready:  # prepared in the background half a second after the first frame
            await pilot.pause(0.1)
        assert screen.current_event() is far
        await pilot.press("slash", "k")
        await pilot.pause()
        found = SearchIndex(large).search("k")
        assert found and screen._matches == found
        assert f"{len(found)} found" in str(screen.query_one("#status", Static).render())
        first = list(screen.programme.rows)
        screen = await wait_for_rows(pilot, "k")
        assert first == list(screen.programme.rows)[: len(first)] == expected_rows(state, "k")[: len(first)]

        await pilot.press("escape")
        screen = await wait_for_rows(pilot, "")
        assert screen.current_event() is far


async def test_the_palette_offers_a_screenful_of_sessions_on_fifty_thousand_events(
    large: Conference, tmp_path: Path
) -> None:
    """The palette's "go to" comes from the planner's search and stops at GO_TO_SHOWN sessions (it used to match
    every title with the fuzzy matcher: seconds a key)."""
    app = PlannerApp(PlannerState(large, Agenda.for_conference(large)), tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_rows(pilot, "")
        await pilot.press("ctrl+p", *"go to graph")
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        go_to = [line for line in shown if "Go to:" in line]
        assert 0 < len(go_to) <= GO_TO_SHOWN
        matcher = SearchIndex(large).matcher("graph")
        titled = {printable(s.title) for s in large.sessions if matcher(s.id)}
        assert all(any(title in line for title in titled) for line in go_to)
