"""Opening a large schedule with the planner already on screen: the loading screen says what happens, the
programme replaces it, and a failure ends the planner with the reason for the command to print."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from bench.run import measure_paint, watch_programme_list
from bench.synthetic import generate, write
from confplan.domain.agenda import Agenda, Priority
from confplan.errors import ConfplanError, Problem
from confplan.formats.common import LoadOptions
from confplan.storage.schedule_cache import ScheduleCache
from confplan.storage.store import load_agenda, save_agenda
from confplan.tui import launch
from confplan.tui.app import PlannerApp
from confplan.tui.launch import loads_quickly, make_planner, open_for_planner
from confplan.tui.loading import LoadingScreen, Opened
from confplan.tui.screens.programme import FIRST_SCREEN_ROWS, ProgrammeScreen
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.rows import ProgrammeRow, build_programme_rows
from confplan.views.state import PlannerState
from iclr_events import iclr, session

from .conftest import CONFERENCE_MORNING, settle


def test_small_local_files_load_before_the_planner_starts_large_ones_and_urls_after(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_bytes(b"<schedule/>")
    large.write_bytes(b" " * (launch.LOAD_BEFORE_START_BYTES + 1))
    assert loads_quickly(None)
    assert loads_quickly(str(small))
    assert not loads_quickly(str(large))
    assert not loads_quickly("https://example.org/schedule.xml")
    assert loads_quickly(str(tmp_path / "missing.xml"))  # the error is reported before the planner starts


async def test_the_loading_screen_tells_the_steps_then_the_programme_replaces_it(tmp_path: Path) -> None:
    may_finish = threading.Event()
    agenda = Agenda.for_conference(iclr())
    agenda.pick(session("Poster Session 3"))

    def opener(tell: Callable[[str], None]) -> Opened:
        tell("Reading a very large schedule")
        may_finish.wait(10)
        return Opened(PlannerState(iclr(), agenda, clock=lambda: CONFERENCE_MORNING), tmp_path / "a.yaml", [])

    app = PlannerApp(None, opener=opener, opening="huge.xml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, LoadingScreen)
        shown = " ".join(str(w.content) for w in app.screen.query(Static))
        assert "Opening huge.xml" in shown and "Reading a very large schedule" in shown

        may_finish.set()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen)
        assert app.screen.programme.rows
        assert app.state.agenda is agenda and app.agenda_path == tmp_path / "a.yaml"
        # Nothing under the programme goes on animating: the loading screen's indicator redrew the whole screen
        # 16 times a second for as long as the planner ran (issue 17).
        animated = [w for screen in app.screen_stack for w in screen.walk_children() if w.auto_refresh is not None]
        assert animated == []

        await pilot.press("down", "space")  # the planner works as usual: the pick is saved to the agenda file
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
    assert load_agenda(tmp_path / "a.yaml", iclr()) == app.state.agenda


def _slow_opener(may_finish: threading.Event, agenda_path: Path) -> Callable[[Callable[[str], None]], Opened]:
    def opener(tell: Callable[[str], None]) -> Opened:
        may_finish.wait(10)
        state = PlannerState(iclr(), Agenda.for_conference(iclr()), clock=lambda: CONFERENCE_MORNING)
        return Opened(state, agenda_path, [])

    return opener


async def test_keys_typed_while_the_schedule_opens_are_carried_out_once_it_is_there(tmp_path: Path) -> None:
    """A person who knows what to look for types at once; the keys used to be dropped by the loading screen."""
    may_finish = threading.Event()
    app = PlannerApp(None, opener=_slow_opener(may_finish, tmp_path / "a.yaml"), opening="huge.xml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", *"poster", "enter", "space")
        assert isinstance(app.screen, LoadingScreen)
        may_finish.set()
        for _ in range(4):
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        assert screen.query_one("#search", Input).value == "poster"
        picked = [app.state.conference[event_id] for event_id in app.state.picked_ids()]
        assert len(picked) == 1 and "poster" in picked[0].title.casefold()  # Enter, then space picked what was found
        await pilot.press("2")  # and keys work as usual afterwards
        await settle(pilot)
        assert "agenda" in app.sub_title


async def test_q_still_quits_at_once_while_the_schedule_opens(tmp_path: Path) -> None:
    may_finish = threading.Event()
    app = PlannerApp(None, opener=_slow_opener(may_finish, tmp_path / "a.yaml"), opening="huge.xml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", "x", "q")  # q is not held behind the keys waiting for the programme
        await pilot.pause(0.3)
        assert not app.is_running
    may_finish.set()


async def test_a_failed_opening_ends_the_planner_with_the_reason() -> None:
    def opener(tell: Callable[[str], None]) -> Opened:
        raise ConfplanError(Problem("not a schedule", "huge.xml", 3))

    app = PlannerApp(None, opener=opener, opening="huge.xml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert app.open_error is not None and "not a schedule" in str(app.open_error)


def test_the_opener_loads_the_schedule_the_agenda_and_the_conflicts(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(200), "xml", path)
    steps: list[str] = []
    first = open_for_planner(str(path), LoadOptions(), tmp_path / "mine.yaml", lambda: CONFERENCE_MORNING, steps.append)
    assert len(first.state.conference) == 200
    assert any("Reading the frab" in step for step in steps) and "Opening your agenda" in steps
    assert not any("from the cache" in step for step in steps)
    first.afterwards()  # the planner stores the parsed copy once the programme is on screen

    event = first.state.conference.sessions[0]
    first.state.toggle_pick(event, Priority.MUST)
    save_agenda(first.state.agenda, tmp_path / "mine.yaml", first.state.conference)
    steps.clear()
    again = open_for_planner(str(path), LoadOptions(), tmp_path / "mine.yaml", lambda: CONFERENCE_MORNING, steps.append)
    assert [p.id for p in again.state.agenda] == [event.id]
    assert again.state.conference == first.state.conference
    assert any("from the cache" in step for step in steps)  # the second time, the parsed copy


def test_make_planner_loads_a_small_schedule_first_and_raises_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    write(generate(50), "xml", path)
    app = make_planner(str(path), LoadOptions(), tmp_path / "a.yaml")
    assert not app.opens_in_background and len(app.state.conference) == 50
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<schedule><day>")
    try:
        make_planner(str(broken), LoadOptions())
    except ConfplanError as exc:
        assert "not well-formed" in str(exc)
    else:
        raise AssertionError("a broken schedule must stop before the planner starts")


async def test_a_quick_schedule_is_stored_in_the_cache_once_the_programme_is_on_screen(tmp_path: Path) -> None:
    """Storing the parsed copy (10 ms of 1,000 events) waits for the first frame, and is done in a thread."""
    path = tmp_path / "schedule.xml"
    write(generate(200), "xml", path)
    entry = ScheduleCache().entry_path(str(path))
    app = make_planner(str(path), LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
    assert not entry.exists()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await settle(pilot)
            if entry.exists():
                break
    assert entry.exists()
    steps: list[str] = []
    open_for_planner(str(path), LoadOptions(), tmp_path / "a.yaml", lambda: CONFERENCE_MORNING, steps.append)
    assert any("from the cache" in step for step in steps)


async def test_a_large_schedule_through_the_command_path_shows_list_and_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole way a large file takes: opened in the background, rows built in the background (more than
    FIRST_ROWS_AT_ONCE events), the detail pane made after the first frame."""
    path = tmp_path / "schedule.xml"
    write(generate(6000), "xml", path)
    monkeypatch.setattr(launch, "LOAD_BEFORE_START_BYTES", 0)
    app = make_planner(str(path), LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
    assert app.opens_in_background
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await settle(pilot)
            if isinstance(app.screen, ProgrammeScreen) and app.screen._rows_query == "":
                break
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen) and len(screen.programme.rows) > 6000
        event = screen.current_event()
        assert event is not None
        assert event.title in str(screen.query_one("#detail-title", Static).content)


async def test_quitting_right_after_the_first_frame_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detail pane is made after the first frame; quitting just then (its parts not mounted, the app
    closing) once failed with NoMatches.  The benchmark's probe quits at exactly that moment."""
    path = tmp_path / "schedule.xml"
    write(generate(6000), "xml", path)
    monkeypatch.setattr(launch, "LOAD_BEFORE_START_BYTES", 0)
    watch_programme_list()
    for _ in range(3):
        painted = await measure_paint(
            lambda: make_planner(str(path), LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
        )
        assert painted["painted_s"] >= painted["first_frame_s"] > 0


async def test_a_quick_schedule_shows_a_screenful_of_rows_first_and_all_of_them_right_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded before the start (no loading screen): the first frame waits only for a screenful of rows (and the
    slots they are in); the rest are laid out right after it, and quitting at that moment is no error."""
    path = tmp_path / "schedule.xml"
    write(generate(1000), "xml", path)
    assert loads_quickly(str(path))
    shown: list[int] = []
    set_rows = ProgrammeList.set_rows

    def recorded(self: ProgrammeList, rows: Sequence[ProgrammeRow], cursor: int | None = None) -> None:
        shown.append(len(rows))
        set_rows(self, rows, cursor)

    monkeypatch.setattr(ProgrammeList, "set_rows", recorded)
    app = make_planner(str(path), LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgrammeScreen)
        every_row = build_programme_rows(app.state.conference, collapsed=app.state.collapsed)
        assert list(screen.programme.rows) == every_row
        assert FIRST_SCREEN_ROWS <= shown[0] < len(every_row)

    watch_programme_list()
    for _ in range(3):  # the benchmark's probe quits right after the first frame
        painted = await measure_paint(
            lambda: make_planner(str(path), LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
        )
        assert painted["painted_s"] >= painted["first_frame_s"] > 0


async def test_behind_a_login_page_the_planner_says_it_shows_the_copy_kept_before(tmp_path: Path) -> None:
    """A hotel's wifi answering with its login page: the programme downloaded before is used, and the planner says
    so while it runs (the note was printed only after quitting), not the parser's own notes."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    schedule = (Path(__file__).parents[1] / "fixtures" / "formats" / "pretalx_schedule.json").read_bytes()
    answers = [(schedule, "application/json"), (b"<!DOCTYPE html><html>Log in</html>", "text/html")]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = answers[0] if len(answers) == 2 else answers[-1]
            answers[:] = answers[1:] if len(answers) == 2 else answers
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/schedule.json"
    try:
        first = make_planner(url, LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
        async with first.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert not [n for n in first._notifications if n.title == "Schedule"]  # a fresh download: nothing said
        app = make_planner(url, LoadOptions(), tmp_path / "a.yaml", clock=lambda: CONFERENCE_MORNING)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await settle(pilot)
            assert isinstance(app.screen, ProgrammeScreen) and app.screen.programme.rows
            said = [str(n.message) for n in app._notifications if n.title == "Schedule"]
            assert len(said) == 1 and "it looks like a login page" in said[0] and "using the copy cached" in said[0]
    finally:
        server.shutdown()
        server.server_close()
