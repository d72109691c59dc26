"""Switching views and opening dialogs (issue 17): the screens' stylesheets are read once the programme is on
screen, so opening a view or a dialog never makes Textual parse the whole stylesheet again; a view already built
is shown at once, and never with what it showed before (its first frame has what changed meanwhile).  The views
are made in advance, a second after the programme is on screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen

from confplan.tui.screens.agenda import AgendaScreen
from confplan.tui.screens.timeline import TimelineScreen
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.timeline_grid import TimelineView
from confplan.views.rows import FilterChoices

from .conftest import AppFactory, on_event, settle


async def test_views_dialogs_and_help_open_without_the_whole_stylesheet_parsed_again(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reparsed: list[str] = []
        reparse = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: (reparsed.append(type(app.screen).__name__), reparse()))
        # Each screen has its own styles all the same (agenda.tcss, timeline.tcss, dialogs.tcss).
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one("#agenda-summary").region.height == 1
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.query_one("#timeline-cell").region.height == 4
        await pilot.press("1")
        for key in ("f", "n", "question_mark"):
            await pilot.press(key)
            await settle(pilot)
            dialog = app.screen
            assert dialog.has_class("dialog") or type(dialog).__name__ == "HelpScreen"
            assert dialog.styles.background.a < 1, f"{key}: the programme is seen behind it"
            assert dialog.query_one(".dialog-box").styles.border_top[0] == "thick"
            await pilot.press("escape")
        assert reparsed == []


@pytest.mark.parametrize("built", ["when shown", "in advance"])
async def test_a_view_shown_again_shows_the_picks_made_meanwhile_from_its_first_frame(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, built: str
) -> None:
    composed: list[str] = []
    for screen_class in (AgendaScreen, TimelineScreen):
        compose = screen_class.compose
        monkeypatch.setattr(
            screen_class, "compose", lambda self, c=compose: (composed.append(type(self).__name__), c(self))[1]
        )
    app = make_app()
    app.build_views_after = 0.01 if built == "in advance" else 60
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if built == "when shown":
            await pilot.press("2", "3", "1")  # both views built, then back to the programme
        else:
            await pilot.pause(0.2)
            await settle(pilot)
            # The agenda is made when first asked for: its making grows with the picks (1,000 picks of 10,000
            # events: 1.8 s made in advance, during which a key typed then waited).
            assert composed == ["TimelineScreen"]
            await pilot.press("2", "1")
        await settle(pilot)
        assert sorted(composed) == ["AgendaScreen", "TimelineScreen"]
        assert type(app.screen).__name__ == "ProgrammeScreen"
        chosen = app.state.conference.presentations[0]
        await on_event(pilot, chosen.id)
        await pilot.press("space")
        await settle(pilot)
        assert chosen.id in app.state.agenda

        frames: list[tuple[str, bool]] = []
        display = app._display

        def recorded(screen: Screen[Any], renderable: Any) -> None:
            if app._batch_count:  # held back: Textual writes nothing
                pass
            elif isinstance(screen, AgendaScreen):
                shown = any(row.event_id == chosen.id for row in screen.query_one(AgendaList).rows)
                frames.append(("agenda", shown))
            elif isinstance(screen, TimelineScreen):
                view = screen.query_one(TimelineView)
                frames.append(("timeline", view.marks.priorities.get(chosen.id) is not None))
            display(screen, renderable)

        app._display = recorded  # type: ignore[method-assign]
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert next(f for f in frames if f[0] == "agenda") == ("agenda", True)
        assert next(f for f in frames if f[0] == "timeline") == ("timeline", True)
        assert len(composed) == 2  # shown, not made again


async def test_the_filters_choices_are_worked_out_before_the_filters_are_first_opened(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked_out: list[str] = []
    of = FilterChoices.of
    monkeypatch.setattr(FilterChoices, "of", lambda conference: (worked_out.append(conference.name), of(conference))[1])
    app = make_app()
    app.build_views_after = 0.01
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert len(worked_out) == 1  # while nobody waits (a pass over every event: 75 ms for 50,000)
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "FilterDialog"
        assert len(worked_out) == 1
