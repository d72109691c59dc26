"""The filter dialog shows track names so that they can be told apart (the programme has three tracks that begin
"Deep Learning and representational learning")."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import SelectionList, Static

from confplan.tui.screens.dialogs import DialogBody
from iclr_events import iclr

from .conftest import AppFactory, settle

TRACKS = sorted({e.track for e in iclr().events() if e.track})


def drawn_options(pilot: Pilot[None], selector: str) -> list[str]:
    """The options of a selection list as drawn, one per line (its border lines left out)."""
    options = pilot.app.screen.query_one(selector, SelectionList)
    lines = ["".join(s.text for s in options.render_line(y)) for y in range(options.size.height)]
    return [line.strip() for line in lines if line.strip()]


async def open_filters(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("f")
    await pilot.pause()


async def test_every_track_name_is_shown_in_full_at_120_columns(make_app: AppFactory) -> None:
    assert max(len(t) for t in TRACKS) == 80  # the longest name of the bundled programme
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_filters(pilot)
        drawn = drawn_options(pilot, "#filter-tracks")
        for track in TRACKS:
            assert any(line.endswith(track) for line in drawn), track


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_no_two_track_names_look_the_same(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_filters(pilot)
        listing = pilot.app.screen.query_one("#filter-tracks", SelectionList)
        listing.focus()
        drawn: list[str] = []
        for _ in TRACKS:  # walk the list: in a short terminal it scrolls
            drawn += drawn_options(pilot, "#filter-tracks")
            await pilot.press("down")
        shown = set(drawn)
        assert len({line for line in shown if "Deep Learning and repr" in line}) == 3


async def test_apply_is_reachable_in_a_short_terminal(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_filters(pilot)
        await pilot.press("tab", "tab", "tab", "space")  # kinds, rooms, tracks, then "Picked only"
        await pilot.press("tab", "tab", "tab")  # past the other two switches to Apply: the dialog scrolls to it
        await pilot.pause()
        assert await pilot.click("#apply")  # it is on screen: a click reaches it
        await settle(pilot)
        assert app.state.filters.picked_only


async def test_the_hint_is_seen_when_the_dialog_opens_in_a_short_terminal(make_app: AppFactory) -> None:
    # At 80x24 the hint (nothing ticked means any; type a name's first letters to go to it) was below the buttons,
    # scrolled out of sight: a new user pressed ↓ through eighty tracks instead of typing.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_filters(pilot)
        hint = pilot.app.screen.query_one(".dialog-hint", Static)
        body = pilot.app.screen.query_one(DialogBody)
        assert "first letters" in str(hint.render())
        assert body.region.contains_region(hint.region) and hint.region.height >= 1
