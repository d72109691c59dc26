"""My agenda: the picks in time order with their clashes, soft overlaps, tight room changes and free gaps."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from confplan.domain.agenda import Priority
from confplan.domain.conflicts import ConflictKind
from confplan.text.wording import counted
from confplan.tui.messages import AgendaChanged, AlternativeRequested, PickToggled, ShowInProgramme
from confplan.tui.screens.dialogs import ask_note
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.footer import PlannerFooter
from confplan.tui.widgets.virtual_list import VirtualList
from confplan.views.agenda_rows import AgendaRowKind, build_agenda_rows
from confplan.views.state import PlannerState


class AgendaScreen(Screen[None]):
    CSS_PATH = "agenda.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick('must')", "Must/unpick"),
        Binding("m", "pick('maybe')", "Maybe/unpick"),
        Binding("n", "note", "Note"),
        Binding("a", "alternative", "Pick alternative"),
        Binding("right_square_bracket", "clash(False)", "Next clash", show=False),
        Binding("left_square_bracket", "clash(True)", "Previous clash", show=False),
        Binding("enter", "show_in_programme", "Show in programme"),
    ]

    def __init__(self, state: PlannerState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agenda-summary")
        yield AgendaList(id="agenda")
        yield PlannerFooter()

    @property
    def agenda_list(self) -> AgendaList:
        return self.query_one("#agenda", AgendaList)

    def on_mount(self) -> None:
        self.agenda_list.focus()
        self.redraw()

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_agenda_changed(self, message: AgendaChanged) -> None:
        self.redraw(message.focus_id)

    def redraw(self, focus_id: str | None = None) -> None:
        current = self.agenda_list.current
        keep = focus_id or (current.event_id if current is not None else None)
        rows = build_agenda_rows(
            self.state.conference, self.state.agenda, self.state.report, self.state.clock(), self.state.shown_local_zone
        )
        cursor = next((i for i, r in enumerate(rows) if r.kind is AgendaRowKind.PICK and r.event_id == keep), None)
        if cursor is None:
            cursor = next((i for i, r in enumerate(rows) if r.kind is AgendaRowKind.PICK), 0)
        self.agenda_list.set_rows(rows, cursor)
        self.query_one("#agenda-summary", Static).update(self.summary())

    def summary(self) -> str:
        counts = self.state.report.counts()
        picks = len(self.state.agenda)
        if not picks:
            return "No picks yet: press 1 for the programme, then space on what you want to attend."
        parts = [counted(picks, "pick")]
        for count, what, plural in (
            (counts[ConflictKind.CLASH], "clash", "clashes"),
            (counts[ConflictKind.SOFT_OVERLAP], "soft overlap", ""),
            (counts[ConflictKind.TIGHT_CHANGE], "tight room change", ""),
        ):
            if count:
                parts.append(counted(count, what, plural))
        if len(parts) == 1:
            parts.append("no conflicts")
        return " · ".join(parts)

    def _current_event_id(self) -> str | None:
        row = self.agenda_list.current
        return row.event_id if row is not None else None

    def action_pick(self, priority: str) -> None:
        event_id = self._current_event_id()
        if event_id is not None and event_id in self.state.conference:
            self.post_message(PickToggled(event_id, Priority(priority)))

    def action_note(self) -> None:
        event_id = self._current_event_id()
        event = self.state.conference.get(event_id) if event_id else None
        if event is None:
            return
        ask_note(self, self.state, event)

    def action_alternative(self) -> None:
        event_id = self._current_event_id()
        if event_id is not None:
            self.post_message(AlternativeRequested(event_id))

    def action_clash(self, backwards: bool) -> None:
        event_id = self._current_event_id()
        target = self.state.next_clash(self.state.conference.get(event_id or ""), backwards)
        if target is None:
            self.notify("No clashes among your picks.")
            return
        rows = self.agenda_list.rows
        index = next((i for i, r in enumerate(rows) if r.kind is AgendaRowKind.PICK and r.event_id == target), None)
        if index is not None:
            self.agenda_list.move_to(index)

    @on(VirtualList.Activated, "#agenda")
    def action_show_in_programme(self) -> None:
        event_id = self._current_event_id()
        if event_id is not None and event_id in self.state.conference:
            self.post_message(ShowInProgramme(event_id))
