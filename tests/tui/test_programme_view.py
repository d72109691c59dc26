"""Pilot drives the real planner on the bundled programme: browse, search, pick, clash, alternative."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.screen import Screen
from textual.widgets import Input, Static

from confplan.domain.agenda import Agenda, Priority
from confplan.storage.store import open_agenda, save_agenda
from confplan.tui.screens.programme import ProgrammeScreen
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.tui.widgets.timeline_grid import TimelineView
from confplan.views.rows import index_of
from confplan.views.search_index import SearchIndex
from iclr_events import iclr, talk, twin

from .conftest import AppFactory, on_event, settle, static_text, type_search


def row_text(app: object, event_id: str) -> str:
    programme = app.screen.query_one(ProgrammeList)  # type: ignore[attr-defined]
    index = index_of(list(programme.rows), event_id)
    assert index is not None, f"{event_id} is not in the list"
    return programme.render_row(programme.rows[index], 118).plain


async def test_search_pick_two_overlapping_orals_see_the_clash_and_pick_the_alternative(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen)

        await type_search(pilot, "Dec-POMDPs")
        assert "2 found" in static_text(pilot, "#status")
        await pilot.press("enter", "space")
        await settle(pilot)
        assert [p.id for p in app.state.agenda] == [first.id]

        await pilot.press("escape")
        await type_search(pilot, "SignNet")
        await pilot.press("enter", "space")
        await settle(pilot)
        assert {p.id for p in app.state.agenda} == {first.id, second.id}

        # The list marks both as picked and clashing; the detail pane names the clash and the way out.
        assert "●⚠" in row_text(app, second.id)
        conflicts = static_text(pilot, "#detail-conflicts")
        assert "clashes with “Many Dec-POMDPs" in conflicts
        assert "This paper is also a poster" in conflicts and "(a: swap this oral for it)" in conflicts
        # The notification said so at once.
        assert any("clashes with" in str(n.message) for n in app._notifications)
        assert not any("\\x0a" in str(n.message) for n in app._notifications)  # lines, not escape codes

        # The agenda view shows both picks and the clash between them.
        await pilot.press("2")
        await settle(pilot)
        agenda_rows = [r.text for r in app.screen.query_one(AgendaList).rows]
        assert any(t.startswith("⚠ probably clashes with") for t in agenda_rows)
        assert "1 clash" in static_text(pilot, "#agenda-summary")
        await pilot.press("1")
        await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        poster = twin(second)
        assert {p.id for p in app.state.agenda} == {first.id, poster.id}
        assert app.screen.query_one(ProgrammeList).current.event_id == poster.id  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        assert "⚠" not in row_text(app, first.id)
        assert row_text(app, first.id).startswith("  ● ")

        # Export: the dialog proposes a path; a bad one is explained in the dialog, a good one writes the file.
        await pilot.press("e")
        await pilot.pause()
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(tmp_path / "no-such-folder" / "x.ics")
        await pilot.press("enter")
        await pilot.pause()
        assert "the folder does not exist" in static_text(pilot, "#path-error")
        path_input.value = str(tmp_path / "mine.ics")
        await pilot.press("enter")
        await settle(pilot)
        calendar = (tmp_path / "mine.ics").read_text(encoding="utf-8")
        assert calendar.count("BEGIN:VEVENT") == 2
        assert isinstance(app.screen, ProgrammeScreen)

        await pilot.press("q")
    assert app.return_code == 0

    # Quit and reopen: every change was saved as it happened.
    reopened = make_app(open_agenda(tmp_path / "agenda.yaml", iclr()))
    async with reopened.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert {p.id for p in reopened.state.agenda} == {first.id, poster.id}
        assert "●" in row_text(reopened, first.id)
        assert "2 picks" in static_text(pilot, "#status")


async def test_escape_clears_the_search_and_returns_to_where_the_cursor_was(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down")
        programme = app.screen.query_one(ProgrammeList)
        before = programme.current
        await type_search(pilot, "hanabi")
        assert len(programme.rows) < 10
        await pilot.press("escape")
        await settle(pilot)
        assert programme.current == before
        assert programme.has_focus
        assert static_text(pilot, "#status") == "0 picks"


async def test_keys_pick_maybe_and_note(make_app: AppFactory) -> None:
    app = make_app()
    event = talk("Oral 4 Track 1", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_event(pilot, event.id)
        await pilot.press("m")
        await settle(pilot)
        pick = app.state.agenda.get(event.id)
        assert pick is not None and pick.priority is Priority.MAYBE
        assert "◐" in row_text(app, event.id)
        await pilot.press("n", *"bring questions", "enter")
        await settle(pilot)
        pick = app.state.agenda.get(event.id)
        assert pick is not None and pick.note == "bring questions"
        assert "note: bring questions" in static_text(pilot, "#detail-pick")
        await pilot.press("m")
        await settle(pilot)
        assert event.id not in app.state.agenda


async def test_folding_and_the_other_presentation_key(make_app: AppFactory) -> None:
    app = make_app()
    oral = talk("Oral 3 Track 1", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        app.screen.go_to(oral.id)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("o")  # to its poster, inside the folded poster session
        await settle(pilot)
        assert programme.current is not None and programme.current.event_id == twin(oral).id
        assert "Also presented as: oral in Oral 3 Track 1" in static_text(pilot, "#detail-others")
        await pilot.press("left")  # fold the poster session again, landing on its header
        await settle(pilot)
        assert programme.current is not None and programme.current.event_id == twin(oral).session_id
        assert index_of(list(programme.rows), twin(oral).id) is None
        await pilot.press("enter")
        await settle(pilot)
        assert index_of(list(programme.rows), twin(oral).id) is not None


async def test_filters_dialog_narrows_the_list(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "space")  # the Picked only checkbox… pick none: empty list
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.state.filters.picked_only
        assert list(app.screen.query_one(ProgrammeList).rows) == []
        await pilot.press("P")
        await settle(pilot)
        assert not app.state.filters.active
        assert len(app.screen.query_one(ProgrammeList).rows) > 100


async def test_now_jumps_to_the_talk_on_at_the_fixed_clock(make_app: AppFactory) -> None:
    app = make_app()  # 10:05 in Kigali
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        current = app.screen.query_one(ProgrammeList).current
        assert current is not None and current.event is not None
        now = app.state.now()
        assert current.event.start <= now < current.event.end and current.event.minutes == 10
        assert any("next at ≈10:10" in str(n.message) for n in app._notifications)  # an estimated slot


async def test_timeline_picks_the_highlighted_cell_and_highlights_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.query_one(TimelineView)
        cell = view.current_cell
        assert cell is not None  # the cursor starts at now: 10:00, first room
        await pilot.press("space")
        await settle(pilot)
        assert cell.event_ids[0] in app.state.agenda
        await pilot.press("enter")  # and show it in the programme
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen)
        current = app.screen.query_one(ProgrammeList).current
        assert current is not None and current.event_id == cell.event_ids[0]


async def test_help_lists_every_binding_of_the_view(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = " ".join(
            str(w.content) for w in app.screen.query(Static) if not isinstance(w.content, str) or w.content
        )
        for description in ("Pick", "Maybe", "Next clash", "Pick alternative", "Oral↔poster", "Export .ics", "Now"):
            assert description in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeScreen)


async def test_merge_a_colleagues_agenda_and_see_errors_in_the_dialog(make_app: AppFactory, tmp_path: Path) -> None:
    theirs = Agenda.for_conference(iclr(), owner="ana")
    theirs.pick(talk("Oral 3 Track 5", 0))
    save_agenda(theirs, tmp_path / "ana.yaml", iclr())
    (tmp_path / "broken.yaml").write_text("picks: [oops", encoding="utf-8")
    app = make_app()
    mine = talk("Oral 3 Track 1", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(mine.id)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("space", "M")
        await settle(pilot)
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(tmp_path / "broken.yaml")
        await pilot.press("enter")
        await pilot.pause()
        assert "broken.yaml" in static_text(pilot, "#path-error")
        path_input.value = str(tmp_path / "ana.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgrammeScreen)
        merged = app.state.agenda.get(talk("Oral 3 Track 5", 0).id)
        assert merged is not None and merged.picked_by == "ana"
        assert any("1 new clash" in str(n.message) for n in app._notifications)
        assert "⚠" in row_text(app, mine.id)
    saved = open_agenda(tmp_path / "agenda.yaml", iclr())
    assert {p.id for p in saved} == {mine.id, talk("Oral 3 Track 5", 0).id}


async def test_local_time_toggle_shows_the_users_time_beside_the_conference_time(make_app: AppFactory) -> None:
    app = make_app()  # the user's zone is America/Montreal: 6 hours behind Kigali in May
    oral = talk("Oral 3 Track 1", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(oral.id)  # type: ignore[attr-defined]
        await settle(pilot)
        assert "04:00" not in row_text(app, oral.id)
        await pilot.press("t")
        await settle(pilot)
        assert "≈10:00–≈10:10 ≈04:00–≈04:10" in row_text(app, oral.id)
        assert "local time" in static_text(pilot, "#detail-facts")
        await pilot.press("t")
        await settle(pilot)
        assert "04:00" not in row_text(app, oral.id)


def paint_search_bar(line: list[str], update: object) -> None:
    """Apply to ``line`` (the terminal's second line: the search box and the status) what a frame paints on it."""
    if isinstance(update, LayoutUpdate):  # the whole screen
        line[:] = "".join(strip.text for strip in list(update.strips)[1]).ljust(len(line))
    elif isinstance(update, ChopsUpdate):  # the parts that changed
        for y, x1, x2 in update.spans:
            for x, strip in update.chops[y].items():
                if y == 1 and strip is not None and x1 <= x < x2:
                    line[x : x + len(strip.text)] = strip.text[: x2 - x]


async def test_every_frame_that_shows_a_typed_key_shows_its_results(make_app: AppFactory) -> None:
    """The search box's echo of a key and the count of results are painted in one frame (with the rows): no frame
    shows the new query beside the count of the one before (the results used to come a frame or two after the
    echo, 17-33 ms later).  Keys typed faster than frames are drawn may still be echoed a frame before their
    results: Textual draws what has changed when its frame timer comes round."""
    app = make_app()
    painted: list[str] = []
    pending: list[bool] = []
    line = list(" " * 120)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        display = app._display

        def recorded(screen: Screen[object], update: object) -> None:
            # A frame may be written in two parts (after a layout, then the rest): what the terminal shows is the
            # line once the planner has written all of it, before it does anything else.
            if not pending:
                pending.append(True)
                asyncio.get_running_loop().call_soon(shown)
            paint_search_bar(line, update)
            display(screen, update)

        def shown() -> None:
            pending.clear()
            painted.append("".join(line))

        app._display = recorded  # type: ignore[method-assign]
        await pilot.press("slash")
        for key in "hanabi ne":  # typed as a person types, each key to a planner that has drawn the last
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause(0.1)
    index = SearchIndex(iclr())
    counts = {query: len(index.search(query) or ()) for query in ("h", "ha", "han", "hanabi ne")}
    echoed = [(query, shown) for shown in painted for query in counts if shown.startswith(query + " ")]
    assert {query for query, _ in echoed} >= {"h", "hanabi ne"}, painted
    for query, shown in echoed:
        assert f"{counts[query]} found" in shown, shown
