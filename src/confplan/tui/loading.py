"""Opening a large schedule with the planner already on screen.

Parsing 100 MB of schedule.xml takes seconds, reading it back from the cache about half of one; a terminal that
stays blank meanwhile looks frozen.  For such schedules the planner starts at once on ``LoadingScreen``, which
says what is being done and for how long, while a background worker runs the ``Opener`` (load the schedule, open
the agenda, work out the conflicts); the programme view replaces it when that is done.  A failure (an unreadable
schedule, a damaged agenda file) ends the app, and the command reports it as it reports any bad input.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from confplan.errors import ConfplanError, Problem
from confplan.text.plain_text import printable
from confplan.views.state import PlannerState


@dataclass(frozen=True)
class Opened:
    """What the planner works on: the state (programme, agenda, conflicts), the agenda file, and what the
    schedule's import noted (told after the planner closes, as the command tells them before a listing)."""

    state: PlannerState
    agenda_path: Path
    notes: list[Problem]
    #: Work that can wait until the programme is on screen (storing the parsed schedule in the cache).
    afterwards: Callable[[], None] = lambda: None


#: Loads everything the planner needs; calls its argument with a few words on each step ("Reading …").
Opener = Callable[[Callable[[str], None]], Opened]


class OpenFinished(Message):
    """The background opening finished: ``opened`` on success, ``error`` otherwise."""

    def __init__(self, opened: Opened | None, error: ConfplanError | None) -> None:
        super().__init__()
        self.opened = opened
        self.error = error


class StepStarted(Message):
    """The opening moved on to another step (in words)."""

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step


class LoadingScreen(Screen[None]):
    """What is being opened, the step under way and the seconds it has taken; q quits."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.started = time.monotonic()
        self.step = "Starting"

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(Text(f"Opening {printable(self.what)}"), id="loading-what")
            yield Static(id="loading-step")
            yield LoadingIndicator()
            yield Static(Text("q quits"), id="loading-hint")

    def on_mount(self) -> None:
        self.show_step()
        self.ticking = self.set_interval(0.2, self.show_step)

    def on_screen_suspend(self) -> None:
        # The programme is on top now, for good: nothing here moves any more.  The indicator's animation would
        # otherwise go on redrawing the whole screen 16 times a second under the programme (issue 17).
        self.ticking.stop()
        self.query_one(LoadingIndicator).remove()

    def on_step_started(self, message: StepStarted) -> None:
        self.step = message.step
        self.show_step()

    def show_step(self) -> None:
        seconds = time.monotonic() - self.started
        self.query_one("#loading-step", Static).update(Text(f"{printable(self.step)}…  {seconds:.1f} s"))
