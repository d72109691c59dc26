"""The timeline of a programme with thousands of rooms: it draws the rooms in view, not all of them (issue 20,
item 10: 6,000 rooms took 66 s and 2.65 GB when every room's column was built and drawn for every line)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from confplan.domain.agenda import Agenda
from confplan.storage.loading import load_schedule
from confplan.tui.app import PlannerApp
from confplan.tui.widgets.timeline_grid import TimelineView
from confplan.views.state import PlannerState

from .conftest import settle

ROOMS = 6000


def wide_schedule(path: Path) -> Path:
    """A c3voc schedule.json of one day with ``ROOMS`` rooms, a half-hour talk in each."""
    rooms = [f"Hall {n:04}" for n in range(ROOMS)]
    events = {
        room: [
            {
                "guid": f"00000000-0000-4000-8000-{n:012}",
                "id": n + 1,
                "date": f"2025-06-02T{9 + n % 8:02}:00:00+02:00",
                "start": f"{9 + n % 8:02}:00",
                "duration": "00:30",
                "room": room,
                "title": f"Talk {n} in {room}",
                "type": "talk",
                "persons": [],
                "links": [],
            }
        ]
        for n, room in enumerate(rooms)
    }
    conference = {
        "acronym": "wide",
        "title": "A wide conference",
        "start": "2025-06-02",
        "end": "2025-06-02",
        "daysCount": 1,
        "time_zone_name": "Europe/Paris",
        "rooms": [{"name": room} for room in rooms],
        "days": [{"index": 1, "date": "2025-06-02", "rooms": events}],
    }
    path.write_text(json.dumps({"schedule": {"version": "1", "conference": conference}}), encoding="utf-8")
    return path


async def test_the_timeline_of_6000_rooms_builds_the_rooms_in_view(tmp_path: Path) -> None:
    conference, _ = load_schedule(wide_schedule(tmp_path / "schedule.json"))
    state = PlannerState(conference, Agenda.for_conference(conference), clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    app = PlannerApp(state, tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.query_one(TimelineView)
        assert view.grid is not None and len(view.grid.rooms) == ROOMS
        in_view = len(view.visible_columns())
        assert 0 < in_view < 10
        await pilot.press(*["right"] * 12)
        await pilot.pause()
        assert view.cursor[1] == 12
        assert view.grid.columns_built <= in_view + 12
        lines = ["".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)]
        assert "Hall 0012" in lines[0]
