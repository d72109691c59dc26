"""``?`` lists the planner's own keys for the view (not Textual's text-editing ones), explains the markers and
says how to close it; the timeline's day keys are also shown where they work."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from confplan.domain.agenda import Agenda
from confplan.model import Conference, Kind, Session
from confplan.tui.app import PlannerApp
from confplan.tui.screens.help import HelpScreen
from confplan.views.state import PlannerState

from .conftest import AppFactory, settle, static_text

#: Descriptions of Textual's own bindings (the search box's editing keys, focus cycling, copying) that are no
#: use to a planner user and crowded the help.
GENERIC = ("Focus Next", "Copy selected text", "Move cursor left", "Delete character left", "Select all", "Paste")


def help_text(pilot: Pilot[None]) -> str:
    parts = []
    for widget in pilot.app.screen.query(Static):
        content = widget.content
        parts.append(content.plain if isinstance(content, Text) else str(content))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            "1",
            [
                "Pick",
                "Next clash",
                "Pick alternative",
                "Oral↔poster",
                "Now",
                "Next day",
                "Previous day",
                "Fold/unfold",
                "Page down",
            ],
        ),
        ("2", ["Must/unpick", "Pick alternative", "Show in programme", "Page down"]),
        ("3", ["Previous day", "Next day", "Show in programme", "Pick"]),
    ],
)
async def test_help_shows_the_views_own_keys_the_markers_and_how_to_close_it(
    make_app: AppFactory, view: str, expected: list[str]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press(view)
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(pilot)
        for description in [*expected, "Quit", "Export .ics", "Load agenda…"]:
            assert description in shown, description
        for generic in GENERIC:
            assert generic not in shown, generic
        assert static_text(pilot, "#help-close") == "Escape, q or ? closes this help."
        legend = static_text(pilot, "#help-legend")
        for marker in ("●", "◐", "⚠", "⇄", "~", "≈", "★", "score", "*word"):
            assert any(line.strip().startswith(marker) for line in legend.splitlines()), marker


@pytest.mark.parametrize("key", ["escape", "q", "question_mark"])
async def test_each_closing_key_closes_help_and_only_help(make_app: AppFactory, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running  # q closed the help, not the planner


def two_day_conference() -> Conference:
    zone = ZoneInfo("Europe/Brussels")
    sessions = tuple(
        Session(
            f"s{day}",
            Kind.TALK,
            f"Talks of day {day}",
            datetime(2024, 2, day, 10, tzinfo=zone),
            datetime(2024, 2, day, 11, tzinfo=zone),
            room="Main",
        )
        for day in (3, 4)
    )
    return Conference("Two days", "Europe/Brussels", sessions, ())


async def test_the_timeline_names_its_day_keys_when_there_are_other_days(tmp_path: Path) -> None:
    conference = two_day_conference()
    state = PlannerState(
        conference, Agenda.for_conference(conference), clock=lambda: datetime(2024, 1, 1, 9, tzinfo=UTC)
    )
    app = PlannerApp(state, tmp_path / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert static_text(pilot, "#timeline-day").startswith("Saturday 3 February 2024 · day 1 of 2")
        assert "< > other days" in static_text(pilot, "#timeline-day")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert static_text(pilot, "#timeline-day").startswith("Sunday 4 February 2024 · day 2 of 2")
