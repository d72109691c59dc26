"""The footer makes its keys again only when the keys to show change (tui/widgets/footer.py).

Textual made them again at every change of focus and every return to a screen: a dozen widgets, each styled, on
every switch of views and every dialog closed (issue 17).
"""

from __future__ import annotations

from textual.pilot import Pilot

from confplan.tui.widgets.footer import PlannerFooter

from .conftest import AppFactory, settle


def footer_keys(pilot: Pilot[None]) -> list[object]:
    return list(pilot.app.screen.query_one(PlannerFooter).children)


def footer_line(pilot: Pilot[None]) -> str:
    return "".join(segment.text for segment in pilot.app.screen._compositor.render_strips()[-1])


async def test_the_footers_keys_are_made_once_and_stay_through_dialogs_searches_and_view_switches(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys, line = footer_keys(pilot), footer_line(pilot)
        assert "/ Search" in line and "q Quit" in line
        for visit in (["n", "escape"], ["f", "escape"], ["2", "1"], ["3", "1"], ["down"]):
            await pilot.press(*visit)
            await settle(pilot)
            assert footer_line(pilot) == line, visit
            assert all(a is b for a, b in zip(footer_keys(pilot), keys, strict=True)), f"made again after {visit}"


async def test_keys_that_change_are_shown_changed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        programme = footer_line(pilot)
        await pilot.press("2")
        await settle(pilot)
        agenda = footer_line(pilot)
        assert agenda != programme and "Search" not in agenda  # the agenda view's own keys
        await pilot.press("1")
        await settle(pilot)
        assert footer_line(pilot) == programme
        await pilot.press("slash")  # in the search box, letters are text: the keys that are letters go
        await settle(pilot)
        assert "n Note" in programme and "n Note" not in footer_line(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert footer_line(pilot) == programme
