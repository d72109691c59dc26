"""Finding things in a programme of several days (issue 15): a day filter, keys to jump between days, track and
room lists sorted as people read them with type-to-find, Escape staying on what was just picked from a search."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import SelectionList, Static

from confplan.domain.agenda import Agenda
from confplan.model import Conference, Kind, Session
from confplan.tui.app import PlannerApp
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.rows import Filters, index_of
from confplan.views.state import PlannerState

from .conftest import AppFactory, settle, type_search

ZONE = ZoneInfo("Europe/Brussels")
SATURDAY, SUNDAY = date(2025, 2, 1), date(2025, 2, 2)
TRACKS = ["Rust", "ai and ml", "Databases", "rust-embedded", "Zig"]


def two_days() -> Conference:
    sessions = []
    for day in (SATURDAY, SUNDAY):
        for hour, track in zip(range(9, 14), TRACKS, strict=True):
            start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)
            end = start.replace(hour=hour + 1)
            room = "UB2.252A (Lameere)" if hour % 2 else "K.4.201"
            title = f"{track} talk on {day:%A}"
            sessions.append(Session(f"{day:%a}{hour}".lower(), Kind.TALK, title, start, end, room=room, track=track))
    return Conference("Two days", "Europe/Brussels", tuple(sessions), ())


def planner(tmp_path: Path) -> PlannerApp:
    conference = two_days()
    state = PlannerState(conference, Agenda.for_conference(conference), clock=lambda: datetime(2025, 1, 1, tzinfo=ZONE))
    return PlannerApp(state, tmp_path / "agenda.yaml")


def current_id(programme: ProgrammeList) -> str | None:
    row = programme.current
    return row.event.id if row is not None and row.event is not None else None


def test_a_day_filter_keeps_that_day_only() -> None:
    conference = two_days()
    saturday = Filters(days=frozenset({SATURDAY}))
    kept = {e.id for e in conference.events() if saturday.accepts(e, (), ())}
    assert kept == {e.id for e in conference.events() if e.start.date() == SATURDAY}
    assert saturday.active and saturday.describe() == "day: Sat 1 Feb"


async def test_full_stop_and_comma_jump_between_days(tmp_path: Path) -> None:
    app = planner(tmp_path)
    async with app.run_test(size=(120, 20)) as pilot:  # short: Sunday starts below the first screenful
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        assert programme.current is not None and programme.current.start.date() == SATURDAY
        await pilot.press("full_stop")
        await pilot.pause()
        assert programme.current is not None and programme.current.start.date() == SUNDAY
        assert programme.current.event is not None and programme.current.event.id == "sun9"
        assert programme.rows[int(programme.scroll_y)].start.date() == SUNDAY  # the new day starts at the top
        await pilot.press("comma")
        assert current_id(programme) == "sat9"


async def test_the_filter_dialog_has_days_and_finds_a_track_by_its_first_letters(tmp_path: Path) -> None:
    app = planner(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        days = app.screen.query_one("#filter-days", SelectionList)
        assert [str(days.get_option_at_index(i).prompt) for i in range(days.option_count)] == [
            "Sat 1 Feb",
            "Sun 2 Feb",
        ]
        tracks = app.screen.query_one("#filter-tracks", SelectionList)
        names = [str(tracks.get_option_at_index(i).prompt) for i in range(tracks.option_count)]
        assert names == ["ai and ml", "Databases", "Rust", "rust-embedded", "Zig"]  # case does not sort
        tracks.focus()
        await pilot.press("r", "u", "s", "t", "-")
        assert tracks.highlighted == names.index("rust-embedded")
        await pilot.press("space")  # space still ticks
        assert tracks.selected == ["rust-embedded"]


async def test_escape_after_picking_a_found_event_stays_on_it(tmp_path: Path) -> None:
    app = planner(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        await type_search(pilot, "zig talk on sunday")
        await pilot.press("enter", "space")
        await settle(pilot)
        assert "sun13" in app.state.agenda
        await pilot.press("escape")
        await settle(pilot)
        assert current_id(programme) == "sun13"


async def test_escape_after_picking_a_found_poster_shows_it_in_its_folded_session(make_app: AppFactory) -> None:
    # Poster sessions start folded: the poster picked from the search was hidden again, and the cursor went to the
    # top of the programme (found by hand at 80x24).
    hanabi_poster = "8f8e68"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        await type_search(pilot, "hanabi")
        await pilot.press("enter")
        await settle(pilot)
        index = index_of(list(programme.rows), hanabi_poster)
        assert index is not None
        programme.move_to(index)
        await pilot.press("space")
        await settle(pilot)
        assert hanabi_poster in app.state.agenda
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert current_id(programme) == hanabi_poster


async def test_a_programme_that_states_every_time_has_no_estimate_legend(tmp_path: Path) -> None:
    app = planner(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = app.screen.query_one("#list-header", Static).content
        assert "time" in str(header) and "≈" not in str(header)


async def test_the_agenda_view_gives_long_rooms_their_width_on_a_wide_terminal(tmp_path: Path) -> None:
    # At 120 columns the agenda cut "UB2.252A (Lameere)" to "UB2.252A …" and "K.4.601 (…" while the titles had
    # room to spare; the programme list already showed them whole.
    app = planner(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        for event_id in ("sat9", "sat10"):
            app.state.agenda.pick(app.state.conference[event_id])
        await pilot.press("2")
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        rust, ai = (
            next(agenda.render_row(row, 118).plain for row in agenda.rows if row.event_id == event_id and row.time)
            for event_id in ("sat9", "sat10")
        )
    assert "UB2.252A (Lameere) " in rust and "K.4.201 " in ai
    assert rust.index("Rust talk") == ai.index("ai and ml talk")  # the titles start in one column
