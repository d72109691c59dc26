"""Building the real planner app for Pilot and snapshot tests: the bundled programme, a fixed clock, tmp files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from confplan.domain.agenda import Agenda
from confplan.model import Conference
from confplan.tui.app import PlannerApp
from confplan.views.state import PlannerState
from iclr_events import iclr

#: 10:05 in Kigali on the conference day: the first oral talks are on.
CONFERENCE_MORNING = datetime(2023, 5, 2, 8, 5, tzinfo=UTC)

AppFactory = Callable[..., PlannerApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    def make(
        agenda: Agenda | None = None, now: datetime = CONFERENCE_MORNING, conference: Conference | None = None
    ) -> PlannerApp:
        conference = conference if conference is not None else iclr()
        state = PlannerState(
            conference,
            agenda if agenda is not None else Agenda.for_conference(conference),
            clock=lambda: now,
            local_zone=ZoneInfo("America/Montreal"),
        )
        app = PlannerApp(state, tmp_path / "agenda.yaml")
        app.save_delay = 0  # saved as soon as the loop turns, so that a test can read the file after settle()
        return app

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Wait until background row builds have finished and their results are drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def on_event(pilot: Pilot[None], event_id: str) -> None:
    """The programme list's cursor on ``event_id``, once the planner has settled."""
    await settle(pilot)
    pilot.app.screen.go_to(event_id)  # type: ignore[attr-defined]
    await settle(pilot)


async def type_search(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query)
    await settle(pilot)


def static_text(pilot: Pilot[None], selector: str) -> str:
    """The plain text a Static shows (the detail pane's parts)."""
    content = pilot.app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)
