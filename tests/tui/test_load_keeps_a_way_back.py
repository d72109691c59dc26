"""Loading an agenda in the planner replaces the picks, but never loses the ones it replaces."""

from __future__ import annotations

from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.storage.store import load_agenda, save_agenda
from confplan.tui.file_actions import load_replacing
from confplan.views.state import PlannerState
from iclr_events import iclr


def test_load_keeps_the_replaced_picks_and_the_owner_and_marks_whose_picks_arrived(tmp_path: Path) -> None:
    conference = iclr()
    mine = Agenda.for_conference(conference, owner="Ada")
    for event in conference.presentations[:8]:
        mine.pick(event, note="mine")
    grace = Agenda.for_conference(conference, owner="Grace")
    grace.pick(conference.presentations[20])
    grace_file = tmp_path / "grace.yaml"
    save_agenda(grace, grace_file, conference)

    state = PlannerState(conference, mine)
    keep = tmp_path / "iclr-2023.before-load.yaml"
    message = load_replacing(state, grace_file, keep_copy_at=keep)

    assert [p.id for p in state.agenda] == [conference.presentations[20].id]
    assert state.agenda.owner == "Ada"
    assert [p.picked_by for p in state.agenda] == ["Grace"]
    kept = load_agenda(keep, conference)
    assert len(kept) == 8 and all(p.note == "mine" for p in kept)
    assert message == (
        f"Loaded 1 pick from {grace_file}; your previous 8 picks are kept in {keep} (load it to go back)"
    )
