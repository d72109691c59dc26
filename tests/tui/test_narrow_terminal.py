"""The planner in a classic 80x24 terminal: what a user needs must be on screen, not cut off below or to the right."""

from __future__ import annotations

from textual.pilot import Pilot

from confplan.agenda import Agenda
from iclr_events import iclr, talk

from .conftest import AppFactory, settle

NARROW = (80, 24)


def screen_lines(pilot: Pilot[None]) -> list[str]:
    """The terminal's text as the user sees it, line by line."""
    return ["".join(segment.text for segment in strip) for strip in pilot.app.screen._compositor.render_strips()]


def clashing_agenda() -> Agenda:
    agenda = Agenda.for_conference(iclr())
    agenda.pick(talk("Oral 3 Track 1", 0))
    agenda.pick(talk("Oral 3 Track 5", 0))
    return agenda


async def test_next_clash_shows_the_clash_and_its_way_out_in_the_detail_pane(make_app: AppFactory) -> None:
    app = make_app(clashing_agenda())
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        app.clear_notifications()  # the toast would cover the pane; the pane itself is what is checked
        await pilot.pause()
        shown = "\n".join(screen_lines(pilot))
        assert "⚠ clashes with" in shown
        assert "(a: swap this oral" in shown
