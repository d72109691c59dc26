"""The timeline view as a user sees it: the highlighted cell always in view with its room's name above it (at
120 and at 80 columns), and picks marked ● / ◐ (⚠ when they clash), not only by colour."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot

from confplan.domain.agenda import Agenda, Priority
from confplan.model import Conference, Kind, Session
from confplan.tui.app import PlannerApp
from confplan.tui.widgets.timeline_grid import HEADER_HEIGHT, TIME_WIDTH, TimelineView
from confplan.views.state import PlannerState
from iclr_events import iclr, session, talk

from .conftest import AppFactory, settle


def shown_lines(view: TimelineView) -> list[str]:
    """The grid's lines as drawn on screen (room names first)."""
    return ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]


def assert_cursor_in_view(view: TimelineView) -> None:
    assert view.grid is not None
    row, column = view.cursor
    lines = shown_lines(view)
    line = row + HEADER_HEIGHT - int(view.scroll_y)
    assert HEADER_HEIGHT <= line < view.size.height, f"row {row} is off screen"
    assert lines[line].startswith(f"{view.grid.times[row]:%H:%M} │")
    left = TIME_WIDTH + column * view.column_width - int(view.scroll_x)
    assert TIME_WIDTH <= left <= view.size.width - view.column_width, f"room {column} is off screen"
    room = view.grid.rooms[column]
    assert lines[0][left : left + len(room)] == room  # its room's name right above it


async def open_timeline(pilot: Pilot[None]) -> TimelineView:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    return pilot.app.screen.query_one(TimelineView)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_timeline_opens_on_now_with_the_cursor_and_the_first_room_in_view(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        view = await open_timeline(pilot)
        assert view.grid is not None
        assert view.cursor == (view.grid.times.index(talk("Oral 3 Track 1", 0).start), 0)  # 10:00 (the clock), AD1
        assert_cursor_in_view(view)
        lines = shown_lines(view)
        assert lines[0].startswith(" " * TIME_WIDTH + "AD1 ")  # the first room is not cut off
        assert lines[1].startswith("10:00 │")  # now at the top, what comes next below


async def test_every_move_keeps_the_cursor_in_view_at_80_columns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_timeline(pilot)
        assert view.grid is not None
        rooms = len(view.grid.rooms)
        for key in ["right"] * rooms + ["down"] * 40 + ["left"] * rooms + ["up"] * 60:
            await pilot.press(key)
            await pilot.pause()
            assert_cursor_in_view(view)
        assert view.cursor == (0, 0)
        assert int(view.scroll_x) == 0 and int(view.scroll_y) == 0
        # A room at the left edge is always shown whole, never as a stump.
        await pilot.press(*["right"] * (rooms - 1), *["left"] * 3)
        await pilot.pause()
        assert int(view.scroll_x) % view.column_width == 0


async def test_picks_carry_must_maybe_and_clash_markers(make_app: AppFactory) -> None:
    conference = iclr()
    agenda = Agenda.for_conference(conference)
    must, maybe = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)  # both at 10:00: they clash
    agenda.pick(must)
    agenda.pick(maybe, Priority.MAYBE)
    agenda.pick(conference[session("Poster Session 3").presentation_ids[0]], Priority.MAYBE)  # one poster
    agenda.pick(talk("Oral 4 Track 1", 2))
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_timeline(pilot)
        assert view.grid is not None
        cells = {
            (view.grid.times[row], room): view._cell_text(row, column).plain
            for row in range(len(view.grid.times))
            for column, room in enumerate(view.grid.rooms)
        }
        assert cells[(must.start, must.room)].startswith("●⚠")
        assert cells[(maybe.start, maybe.room)].startswith("◐⚠")
        poster_session = session("Poster Session 3")
        assert cells[(poster_session.start, poster_session.room)].startswith("◐ Poster")
        later = talk("Oral 4 Track 1", 2)
        assert cells[(later.start, later.room)].startswith("● ")
        unpicked = talk("Oral 3 Track 1", 1)
        assert cells[(unpicked.start, unpicked.room)][0] not in "●◐"
        # The markers are on screen, not only in the cells' text.
        assert any("●⚠" in line and "◐⚠" in line for line in shown_lines(view))


async def test_a_long_room_name_over_a_column_is_cut_at_a_word_s_end(tmp_path: Path) -> None:
    rooms = [f"UB{n}.252A (Lameere)" for n in range(1, 9)]  # eight rooms: narrow columns at 80 columns
    start = datetime(2025, 2, 1, 9, tzinfo=ZoneInfo("Europe/Brussels"))
    sessions = tuple(
        Session(f"s{n}", Kind.TALK, f"Talk {n}", start, start + timedelta(minutes=30), room=room)
        for n, room in enumerate(rooms)
    )
    conference = Conference("Rooms", "Europe/Brussels", sessions, ())
    state = PlannerState(conference, Agenda.for_conference(conference), clock=lambda: start)
    async with PlannerApp(state, tmp_path / "agenda.yaml").run_test(size=(80, 24)) as pilot:
        view = await open_timeline(pilot)
        header = shown_lines(view)[0]
    assert "UB1.252A… " in header and "(La" not in header  # was "UB1.252A (La…"


async def test_an_arrow_key_draws_again_only_the_lines_of_the_cell_it_leaves_and_the_cell_it_enters(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_timeline(pilot)
        drawn: list[int] = []
        render_line = view.render_line
        monkeypatch.setattr(view, "render_line", lambda y: (drawn.append(y), render_line(y))[1])
        cursor_colour = view.get_component_rich_style("timeline--cursor").bgcolor

        def lines_with_the_cursor() -> list[int]:
            strips = app.screen._compositor.render_strips()
            top = view.region.y
            return [
                y
                for y in range(view.size.height)
                if any(segment.style and segment.style.bgcolor == cursor_colour for segment in strips[top + y])
            ]

        line = view.cursor[0] + HEADER_HEIGHT - int(view.scroll_y)
        assert lines_with_the_cursor() == [line]
        await pilot.press("down")
        await pilot.pause()
        assert sorted(set(drawn)) == [line, line + 1]  # the grid did not scroll: the rest of it stays as drawn
        assert lines_with_the_cursor() == [line + 1]
        drawn.clear()
        await pilot.press("right")
        await pilot.pause()
        assert sorted(set(drawn)) == [line + 1]
        assert lines_with_the_cursor() == [line + 1]
