"""The cursor never rests on a heading (time-slot rows in the programme, day rows in my agenda): every key press
moves to something the detail pane can describe and that space can pick."""

from __future__ import annotations

from textual.pilot import Pilot

from confplan.domain.agenda import Agenda
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.agenda_rows import AgendaRowKind
from confplan.views.rows import RowKind
from iclr_events import iclr, session, talk

from .conftest import AppFactory, settle, static_text

SIZE = (120, 40)


def programme(pilot: Pilot[None]) -> ProgrammeList:
    return pilot.app.screen.query_one(ProgrammeList)


def current_kind(pilot: Pilot[None]) -> RowKind:
    row = programme(pilot).current
    assert row is not None
    return row.kind


async def test_the_cursor_starts_on_the_first_event_and_the_detail_pane_describes_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = programme(pilot).rows
        assert rows[0].kind is RowKind.SLOT  # the list does begin with a heading…
        assert programme(pilot).cursor == 1  # …but the cursor starts on the event under it
        first = rows[1].event
        assert first is not None
        assert static_text(pilot, "#detail-title") == first.title
        await pilot.press("space")
        await settle(pilot)
        assert [p.id for p in app.state.agenda] == [first.id]  # space picks at once: no "Move to a session…"


async def test_down_and_up_visit_every_event_row_in_order_and_no_heading(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = programme(pilot).rows
        event_rows = [i for i, row in enumerate(rows) if row.kind is not RowKind.SLOT]
        visited = [programme(pilot).cursor]
        for _ in range(40):
            await pilot.press("down")
            visited.append(programme(pilot).cursor)
        assert visited == event_rows[:41]  # each press moves exactly one event on: none is lost on a heading
        for _ in range(40):
            await pilot.press("up")
        assert programme(pilot).cursor == event_rows[0]
        await pilot.press("up")  # above the first event there is only its heading: stay
        assert programme(pilot).cursor == event_rows[0]
        await pilot.pause()
        assert programme(pilot).scroll_y == 0  # and the heading above it is in view


async def test_page_home_end_never_land_on_a_heading(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = programme(pilot).rows
        for key in ["pagedown"] * 6 + ["pageup"] * 3 + ["end", "pageup", "home", "pagedown"]:
            await pilot.press(key)
            assert current_kind(pilot) is not RowKind.SLOT, key
        await pilot.press("end")
        assert programme(pilot).cursor == max(i for i, r in enumerate(rows) if r.kind is not RowKind.SLOT)
        await pilot.press("home")
        assert programme(pilot).cursor == 1


async def test_a_click_on_a_heading_highlights_the_first_event_under_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = programme(pilot).rows
        heading = next(i for i, row in enumerate(rows) if i > 1 and row.kind is RowKind.SLOT)
        assert await pilot.click(ProgrammeList, offset=(10, heading))  # the list is not scrolled: row = line
        await pilot.pause()
        assert programme(pilot).cursor == heading + 1
        event = rows[heading + 1].event
        assert event is not None
        assert static_text(pilot, "#detail-title") == event.title


async def test_a_search_result_list_also_starts_on_an_event(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzz-no-such-thing", "escape")  # empty result, then back to the full list
        await settle(pilot)
        assert current_kind(pilot) is not RowKind.SLOT
        await pilot.press("f")  # filters dialog: "picked only" with nothing picked → empty list, no crash
        await pilot.press("escape", "P")
        await settle(pilot)
        assert programme(pilot).rows == [] or current_kind(pilot) is not RowKind.SLOT
        assert static_text(pilot, "#detail-title") == "Nothing highlighted"


async def test_the_agenda_cursor_skips_day_headings(make_app: AppFactory) -> None:
    agenda = Agenda.for_conference(iclr())
    agenda.pick(talk("Oral 3 Track 1", 0))
    agenda.pick(session("Poster Session 3"))
    agenda.pick(talk("Oral 4 Track 1", 2))
    app = make_app(agenda)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        listing = pilot.app.screen.query_one(AgendaList)
        kinds = [row.kind for row in listing.rows]
        assert kinds[0] is AgendaRowKind.DAY
        assert listing.rows[listing.cursor].kind is AgendaRowKind.PICK  # it starts on the first pick
        await pilot.press("home", "up")
        assert listing.cursor == 1  # the day heading is never a stop
        seen = []
        for _ in range(len(kinds)):
            seen.append(listing.cursor)
            await pilot.press("down")
        assert sorted(set(seen)) == [i for i, kind in enumerate(kinds) if kind is not AgendaRowKind.DAY]
