"""The planner in a classic 80x24 terminal: what a user needs must be on screen, not cut off below or to the right."""

from __future__ import annotations

from textual.pilot import Pilot

from confplan.domain.agenda import Agenda
from confplan.tui.widgets.footer import PlannerFooter
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
        assert "⚠ probably clashes with" in shown
        assert "(a: swap this oral" in shown


async def test_help_and_quit_stay_in_the_footer_of_every_view_and_no_key_is_cut(make_app: AppFactory) -> None:
    app = make_app(clashing_agenda())
    async with app.run_test(size=NARROW) as pilot:
        for view in ("1", "2", "3"):
            await pilot.press(view)
            await settle(pilot)
            footer = pilot.app.screen.query_one(PlannerFooter)
            last_line = screen_lines(pilot)[-1]
            assert "? Help" in last_line and "q Quit" in last_line, f"view {view}: {last_line!r}"
            keys = [(getattr(key, "key_display", ""), getattr(key, "description", "")) for key in footer.children]
            assert len(keys) >= 4  # the view's own main keys too, not only help and quit
            for key, description in keys:
                assert f"{key} {description}" in last_line, f"view {view}: {key} {description} is cut off"


async def test_a_wider_terminal_brings_the_other_keys_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert "3 Timeline" not in screen_lines(pilot)[-1]
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert "3 Timeline" in screen_lines(pilot)[-1] and "f Filters" in screen_lines(pilot)[-1]
