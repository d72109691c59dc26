"""How a clash reads in the planner: which paper has which way out, and which one ``a`` swaps."""

from __future__ import annotations

from confplan.domain.agenda import Agenda, Priority
from confplan.model import Presentation, time_span
from confplan.views.conflict_text import WAY_OUT_INDENT
from confplan.views.state import PlannerState
from iclr_events import iclr, talk, twin

from .conftest import AppFactory, settle, static_text

ORAL_A, ORAL_B = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)  # in parallel at 10:00: a clash


def state_with(*picked: Presentation) -> PlannerState:
    state = PlannerState(iclr(), Agenda.for_conference(iclr()))
    for event in picked:
        state.toggle_pick(event, Priority.MUST)
    return state


def poster_phrase(oral: Presentation) -> str:
    poster = twin(oral)
    return f"paper is also a poster at {time_span(poster)} in {poster.room}"


def test_each_paper_s_poster_is_named_once_and_a_swaps_the_highlighted_oral() -> None:
    state = state_with(ORAL_A, ORAL_B)
    lines = state.conflict_lines(ORAL_A.id)
    assert lines[0].startswith("⚠ probably clashes with “We introduce SignNet")
    assert lines[1:] == [
        f"{WAY_OUT_INDENT}This {poster_phrase(ORAL_A)} (a: swap this oral for it)",
        f"{WAY_OUT_INDENT}The other {poster_phrase(ORAL_B)}",
    ]
    # Seen from the other oral, "this" and "the other" change places, and so does what ``a`` swaps.
    assert state.conflict_lines(ORAL_B.id)[1:] == [
        f"{WAY_OUT_INDENT}This {poster_phrase(ORAL_B)} (a: swap this oral for it)",
        f"{WAY_OUT_INDENT}The other {poster_phrase(ORAL_A)}",
    ]
    state.pick_alternative(ORAL_A.id)
    assert {p.id for p in state.agenda} == {twin(ORAL_A).id, ORAL_B.id}  # what the text said


def test_a_poster_already_picked_is_named_as_picked_not_offered() -> None:
    state = state_with(ORAL_A, twin(ORAL_B), ORAL_B)
    lines = state.conflict_lines(ORAL_B.id)
    poster = twin(ORAL_B)
    assert lines[1:] == [
        f"{WAY_OUT_INDENT}You also picked this paper's poster ({time_span(poster)} {poster.room}), "
        "so you can unpick this oral",
        f"{WAY_OUT_INDENT}The other {poster_phrase(ORAL_A)} (a: swap the other oral for it)",
    ]
    assert sum("paper is also a poster" in line for line in lines) == 1  # only the other paper's is offered
    state.pick_alternative(ORAL_B.id)
    assert {p.id for p in state.agenda} == {twin(ORAL_A).id, poster.id, ORAL_B.id}


async def test_the_detail_pane_reads_the_same_and_a_does_what_it_says(make_app: AppFactory) -> None:
    agenda = Agenda.for_conference(iclr())
    agenda.pick(ORAL_A)
    agenda.pick(ORAL_B)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.go_to(ORAL_B.id)  # type: ignore[attr-defined]
        await settle(pilot)
        text = static_text(pilot, "#detail-conflicts")
        assert f"This {poster_phrase(ORAL_B)} (a: swap this oral for it)" in text
        assert text.count("(a: ") == 1
        assert text.count(twin(ORAL_B).room or "") == 2  # each poster once; no "its poster" twice
        await pilot.press("a")
        await settle(pilot)
        assert {p.id for p in app.state.agenda} == {ORAL_A.id, twin(ORAL_B).id}
