"""The planner's first screen as a new user meets it (issue 15): labelled columns, a score column that keeps its
place, the ≈ explained where it is seen, a full-row highlight, the footer keys that matter at 80 columns, rooms
cut at a word's end."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from confplan.domain.agenda import Agenda
from confplan.storage.listings import bundled_reading_list
from confplan.tui.app import PlannerApp
from confplan.tui.widgets.columns import cell
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.rows import RowKind
from confplan.views.state import PlannerState
from iclr_events import iclr

from .conftest import AppFactory, settle


def planner_with_reading_list(tmp_path: Path) -> PlannerApp:
    conference = iclr()
    state = PlannerState(conference, Agenda.for_conference(conference))
    return PlannerApp(state, tmp_path / "agenda.yaml", bundled_reading_list())


def header_text(app: PlannerApp) -> str:
    content = app.screen.query_one("#list-header", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def first_presentation_line(programme: ProgrammeList) -> tuple[str, str]:
    row = next(r for r in programme.rows if r.kind is RowKind.PRESENTATION and r.event is not None)
    assert row.event is not None
    return programme.render_row(row, programme.size.width).plain, row.event.title[:20]


async def test_the_score_column_is_labelled_says_its_source_and_does_not_shift_the_columns(tmp_path: Path) -> None:
    app = planner_with_reading_list(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("plus")  # unfold: presentations on screen
        await pilot.pause()
        programme = app.screen.query_one("#programme", ProgrammeList)
        before, title = first_presentation_line(programme)
        header = header_text(app)
        assert not app.state.suggestions or before  # the scores may or may not be there yet…
        await settle(pilot)
        assert app.state.suggestions  # …now they are
        after, _ = first_presentation_line(programme)
        header_after = header_text(app)

    for label in ("time", "room", "kind", "score", "title"):
        assert f" {label} " in f" {header} " or header.split().count(label) == 1
    assert "likeness to the bundled example list" in header_after
    assert "--no-reading-list" in header_after
    assert "≈ estimated" in header_after  # the list is narrower than the screen: the detail pane is beside it
    # The title starts in the same cell before and after the scores arrive, right under the "title" label.
    assert before.index(title) == after.index(title) == header_after.index("title") + 2  # indented: a talk


async def test_the_estimate_legend_is_said_whole_at_80_columns(tmp_path: Path) -> None:
    app = planner_with_reading_list(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        labels = header_text(app).splitlines()[0]
        await pilot.press("t")  # your time: one more column
        await settle(pilot)
        with_local_time = header_text(app).splitlines()[0]
    assert labels.endswith("≈ estimated, not stated")  # shorter words rather than "≈ estimated time, not stat…"
    assert "your time" in with_local_time and with_local_time.endswith("≈ estimated")


async def test_without_a_reading_list_there_is_no_score_column(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = header_text(pilot.app)
    assert "score" not in header and "time" in header and "≈ estimated time" in header


async def test_the_cursor_row_is_highlighted_from_edge_to_edge(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # a session whose end is estimated: its time cell has its own colour
        await pilot.pause()
        programme = app.screen.query_one("#programme", ProgrammeList)
        assert "≈" in programme.render_row(programme.rows[programme.cursor], 118).plain
        highlight = programme.cursor_style().bgcolor
        strip = programme.render_line(programme.cursor - int(programme.scroll_y))
        backgrounds = {segment.style.bgcolor for segment in strip if segment.style is not None and segment.text}
    assert backgrounds == {highlight}


async def test_the_footer_keeps_the_important_keys_at_80_columns(make_app: AppFactory) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = {str(key.description) for key in pilot.app.screen.query(FooterKey)}
    assert {"Search", "Pick", "Next clash", "Filters", "Help", "Quit"} <= shown
    assert {"Agenda", "Timeline"} & shown  # at least one other view is in sight at 80 columns


def test_a_room_too_long_for_its_column_is_cut_at_a_word_s_end() -> None:
    assert cell(Text("UB2.252A (Lameere)"), 10).plain == "UB2.252A…  "
    assert cell(Text("Auditorium"), 10).plain == "Auditorium "
    assert cell(Text("Aulaaaaaaaaaaaaaa"), 10).plain == "Aulaaaaaa… "  # one long word: cut where it must be
