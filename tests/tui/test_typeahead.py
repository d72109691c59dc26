"""Keys typed ahead reach what the keys before them opened (tui/typeahead.py).

The keys are posted to the app all at once, as the terminal driver posts keys that arrive together (typed fast, or
while the planner was busy): Pilot's ``press`` waits for the screen after every key, which hides the problem.  The
real terminal's version is tests/tui/test_terminal_e2e.py.
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from confplan.domain.agenda import Priority
from iclr_events import talk

from .conftest import AppFactory, on_event, settle, static_text


def type_at_once(pilot: Pilot[None], text: str) -> None:
    """``text`` as keys that all reach the app before it has handled the first ("\\r" is Enter)."""
    for character in text:
        key = "enter" if character == "\r" else _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))


async def test_a_search_typed_at_once_lands_in_the_search_box_and_enter_space_picks_the_first_found(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # "/" focuses the search box: the letters after it are the query, not commands for the list ("P": picked
        # only, "-": fold all).
        type_at_once(pilot, "/Dec-POMDPs")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "Dec-POMDPs"
        assert "2 found" in static_text(pilot, "#status")
        # Enter goes to the list, on the first one found: the space picks it (it is not typed into the query).
        type_at_once(pilot, "\r ")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "Dec-POMDPs"
        assert [p.id for p in app.state.agenda] == [talk("Oral 3 Track 1", 0).id]


async def test_a_note_typed_at_once_after_n_is_the_note(make_app: AppFactory) -> None:
    app = make_app()
    event = talk("Oral 4 Track 1", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_event(pilot, event.id)
        type_at_once(pilot, "mnbring questions\r")  # pick as maybe, open the note dialog, write, save
        await settle(pilot)
        pick = app.state.agenda.get(event.id)
        assert pick is not None and pick.priority is Priority.MAYBE and pick.note == "bring questions"
