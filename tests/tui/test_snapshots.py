"""Pictures of the three views at 120×40 (pytest-textual-snapshot): a change in the look shows up as a diff.

Update them after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from confplan.domain.agenda import Agenda, Priority
from confplan.storage.paper_lists import file_list, join_papers
from iclr_events import iclr, session, talk

from .conftest import AppFactory, settle

SIZE = (120, 40)
PAPERS_SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "papers" / "iclr_sample.jsonl"


def planned_agenda() -> Agenda:
    """Two clashing orals (one a maybe, with a note), a poster session and an afternoon talk."""
    agenda = Agenda.for_conference(iclr())
    agenda.pick(talk("Oral 3 Track 1", 0))
    agenda.pick(talk("Oral 3 Track 5", 0), Priority.MAYBE, "if the first one is full")
    agenda.pick(session("Poster Session 3"))
    agenda.pick(talk("Oral 4 Track 1", 2))
    return agenda


async def quiet(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_programme_view(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        # Past the registration desk and the invited talk, onto the first oral talk: the detail pane shows its clash.
        await pilot.press(*["down"] * 3)
        await quiet(pilot)

    assert snap_compare(make_app(planned_agenda()), terminal_size=SIZE, run_before=run_before)


def test_programme_view_searching(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"diffusion")
        await quiet(pilot)

    assert snap_compare(make_app(planned_agenda()), terminal_size=SIZE, run_before=run_before)


def test_agenda_view(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("2")
        await quiet(pilot)

    assert snap_compare(make_app(planned_agenda()), terminal_size=SIZE, run_before=run_before)


def test_timeline_view(snap_compare: Any, make_app: AppFactory) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await quiet(pilot)

    assert snap_compare(make_app(planned_agenda()), terminal_size=SIZE, run_before=run_before)


def test_programme_view_with_paper_titles(snap_compare: Any, make_app: AppFactory) -> None:
    """After `confplan papers fetch --file`: real titles and authors, and search finds them."""
    conference = join_papers(iclr(), file_list(PAPERS_SAMPLE)).conference

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"Hanabi", "enter")
        await quiet(pilot)

    assert snap_compare(make_app(conference=conference), terminal_size=SIZE, run_before=run_before)
