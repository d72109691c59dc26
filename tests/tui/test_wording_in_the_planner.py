"""Counts and times read naturally in the planner: "1 pick", and the palette's times said once."""

from __future__ import annotations

from rich.text import Text
from textual.command import CommandList

from confplan.domain.agenda import Agenda, Priority
from iclr_events import iclr, session, talk

from .conftest import AppFactory, settle, static_text


async def test_one_pick_is_one_pick_in_the_status_line_and_my_agenda(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert static_text(pilot, "#status") == "1 pick"
        await pilot.press("2")
        await settle(pilot)
        assert static_text(pilot, "#agenda-summary") == "1 pick · no conflicts"


async def test_the_agenda_summary_counts_clashes_in_the_singular_and_plural(make_app: AppFactory) -> None:
    agenda = Agenda.for_conference(iclr())
    for track in ("Oral 3 Track 1", "Oral 3 Track 5"):
        agenda.pick(talk(track, 0))
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert static_text(pilot, "#agenda-summary") == "2 picks · 1 clash"
        app.state.toggle_pick(talk("Oral 3 Track 3", 0), Priority.MUST)
        app.agenda_changed()
        await settle(pilot)
        assert static_text(pilot, "#agenda-summary") == "3 picks · 3 clashes"


async def test_the_palette_says_a_session_s_time_once(make_app: AppFactory) -> None:
    poster_session = session("Poster Session 4")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Poster Session 4")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
        shown = [p.plain if isinstance(p, Text) else str(p) for p in prompts]
        [hit] = [line for line in shown if "Go to: Poster Session 4" in line]
        assert f"Tue {poster_session.start:%H:%M}–" in hit
        assert f"{poster_session.start:%H:%M} {poster_session.start:%H:%M}" not in hit
