"""The timeline view: one day as a grid of rooms and times, the conference-app "grid" users ask for."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from confplan.domain.agenda import Priority
from confplan.model import time_span
from confplan.text.clock import zone_label
from confplan.tui.messages import AgendaChanged, PickToggled, ShowInProgramme
from confplan.tui.safe_text import safe_text
from confplan.tui.widgets.footer import PlannerFooter
from confplan.tui.widgets.timeline_grid import TimelineView
from confplan.views.state import PlannerState
from confplan.views.timeline import TimelineGrid, build_timeline, default_day


class TimelineScreen(Screen[None]):
    CSS_PATH = "timeline.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick('must')", "Pick"),
        Binding("m", "pick('maybe')", "Maybe"),
        Binding("enter", "show_in_programme", "Show in programme"),
        Binding("less_than_sign,comma", "day(-1)", "Previous day", show=False),
        Binding("greater_than_sign,full_stop", "day(1)", "Next day", show=False),
    ]

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state
        self.day: date | None = default_day(state.conference, state.picked_ids(), state.now().date(), state.days)
        self._grids: dict[date, TimelineGrid] = {}  # a day's grid does not change with picks: made once
        self._shown: dict[Static, Text] = {}  # what each label shows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timeline-day")
        yield TimelineView(self.state.conference, id="timeline")
        yield Static(id="timeline-cell")
        yield PlannerFooter()

    @property
    def view(self) -> TimelineView:
        return self.query_one("#timeline", TimelineView)

    def on_mount(self) -> None:
        self.view.focus()
        self.redraw()
        if self.view.grid is not None:
            self.view.move_to(self.view.grid.start_row(self.state.now()), 0, to_top=True)

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_agenda_changed(self, message: AgendaChanged) -> None:
        self.redraw()

    def redraw(self) -> None:
        day_label = self.query_one("#timeline-day", Static)
        if self.day is None:
            self._update(day_label, Text("The programme is empty."))
            return
        grid = self._grids.get(self.day)
        if grid is None:
            grid = self._grids[self.day] = build_timeline(self.state.conference, self.day)
        self.view.show(grid, self.state.marks())
        days = self.state.days
        position = f"day {days.index(self.day) + 1} of {len(days)}" if self.day in days else ""
        other_days = " · < > other days" if len(days) > 1 else ""  # the keys are not in the footer: say them here
        zone = zone_label(self.state.conference.timezone)
        self._update(day_label, Text(f"{self.day:%A %-d %B %Y} · {position} · times in {zone}{other_days}"))
        self.show_cell()

    def _update(self, label: Static, text: Text) -> None:
        """A label's new text; the same text is left alone (Textual lays the screen out again after each update)."""
        if self._shown.get(label) != text:
            self._shown[label] = text
            label.update(text)

    @on(TimelineView.CellHighlighted)
    def show_cell(self) -> None:
        cell = self.view.current_cell
        text = Text()
        if cell is not None:
            for n, event_id in enumerate(cell.event_ids[:3]):
                event = self.state.conference[event_id]
                if n:
                    text.append("\n")
                text.append(f"{time_span(event)} ")
                text.append_text(safe_text(event.title))
            if len(cell.event_ids) > 3:
                text.append(f"\n+{len(cell.event_ids) - 3} more on at the same time")
        self._update(self.query_one("#timeline-cell", Static), text)

    def action_day(self, delta: int) -> None:
        days = self.state.days
        if self.day in days:
            index = max(0, min(days.index(self.day) + delta, len(days) - 1))
            self.day = days[index]
            self.redraw()
            if self.view.grid is not None:
                self.view.move_to(self.view.grid.start_row(self.state.now()), 0, to_top=True)

    def action_pick(self, priority: str) -> None:
        cell = self.view.current_cell
        if cell is not None:
            self.post_message(PickToggled(cell.event_ids[0], Priority(priority)))

    def action_show_in_programme(self) -> None:
        cell = self.view.current_cell
        if cell is not None:
            self.post_message(ShowInProgramme(cell.event_ids[0]))
