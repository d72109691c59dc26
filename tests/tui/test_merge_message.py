"""The planner's merge says what it combined of a colleague's picks we share (issue 15)."""

from __future__ import annotations

from pathlib import Path

from confplan.domain.agenda import Agenda, Priority
from confplan.storage.store import save_agenda
from confplan.tui.file_actions import merge_from
from confplan.views.state import PlannerState
from iclr_events import iclr, talk


def test_a_merge_in_the_planner_says_whose_note_it_added_and_which_priority_it_kept(tmp_path: Path) -> None:
    shared = talk("Oral 3 Track 5", 0)
    theirs = Agenda.for_conference(iclr(), owner="ana")
    theirs.pick(shared, Priority.MUST, "front row")
    save_agenda(theirs, tmp_path / "ana.yaml", iclr())
    mine = Agenda.for_conference(iclr())
    mine.pick(shared, Priority.MAYBE, "if awake")
    state = PlannerState(iclr(), mine)

    message = merge_from(state, tmp_path / "ana.yaml")

    assert "their note added to yours on 1 pick" in message
    assert "your priority kept on 1 pick they rated otherwise" in message
    kept = state.agenda.get(shared.id)
    assert kept is not None and kept.note == "if awake\nana: front row" and kept.priority is Priority.MAYBE
