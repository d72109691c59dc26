"""Opening the planner on a programme that changed picked events says what changed, at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.model import Conference
from confplan.tui.app import PlannerApp
from confplan.views.state import PlannerState
from iclr_events import iclr


def moved(conference: Conference, event_id: str, minutes: int) -> Conference:
    """The programme with one presentation later by ``minutes`` (as a corrected conference.yaml would make it)."""
    shift = timedelta(minutes=minutes)
    return replace(
        conference,
        presentations=tuple(
            replace(p, start=p.start + shift, end=p.end + shift) if p.id == event_id else p
            for p in conference.presentations
        ),
    )


async def test_changed_picks_are_announced_when_the_planner_opens(tmp_path: Path) -> None:
    original = iclr()
    talk = next(p for p in original.presentations if p.abstract.startswith("Grokking"))
    agenda = Agenda.for_conference(original)
    agenda.pick(talk)
    app = PlannerApp(PlannerState(moved(original, talk.id, 25), agenda), tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notices = [n for n in app._notifications if n.title.startswith("The programme changed 1 of your picks")]
        assert len(notices) == 1
        assert f"moved: {talk.title} ({talk.id})" in notices[0].message
        assert notices[0].severity == "warning"


async def test_no_notice_when_nothing_changed(tmp_path: Path) -> None:
    conference = iclr()
    agenda = Agenda.for_conference(conference)
    agenda.pick(conference.presentations[0])
    app = PlannerApp(PlannerState(conference, agenda), tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any("programme changed" in n.title for n in app._notifications)
