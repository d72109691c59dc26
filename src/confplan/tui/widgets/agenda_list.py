"""The agenda list: picks, their conflicts and the free gaps between them, drawn row by row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text

from confplan.domain.agenda import Priority
from confplan.domain.conflicts import ConflictKind
from confplan.tui.safe_text import safe_text
from confplan.tui.widgets.columns import ROOM_WIDTH, TIME_WIDTH, cell, room_width
from confplan.tui.widgets.virtual_list import VirtualList
from confplan.views.agenda_rows import AgendaRow, AgendaRowKind


class AgendaList(VirtualList[AgendaRow]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--day",
        "agenda-list--must",
        "agenda-list--maybe",
        "agenda-list--clash",
        "agenda-list--warning",
        "agenda-list--gap",
        "agenda-list--now",
        "agenda-list--orphan",
        "agenda-list--note",
        "agenda-list--from",
    }

    longest_room = ROOM_WIDTH

    def set_rows(self, rows: Sequence[AgendaRow], cursor: int | None = None) -> None:
        self.longest_room = max((cell_len(row.room) for row in rows), default=0)
        super().set_rows(rows, cursor)

    def can_highlight(self, row: AgendaRow) -> bool:
        return row.kind is not AgendaRowKind.DAY  # day headings only group the rows below them

    def render_row(self, row: AgendaRow, width: int) -> Text:
        style = self.get_component_rich_style
        if row.kind is AgendaRowKind.DAY:
            line = Text(f"── {row.text} ", style=style("agenda-list--day"))
            line.append("─" * max(0, width - line.cell_len))
            return line
        if row.kind in (AgendaRowKind.CONFLICT, AgendaRowKind.NOTE):
            line = Text(" " * (5 + TIME_WIDTH + 1))
            if row.kind is AgendaRowKind.NOTE:
                kind = "agenda-list--note"
            else:
                kind = "agenda-list--clash" if row.text.startswith("⚠") else "agenda-list--warning"
            line.append_text(safe_text(row.text, style=style(kind)))
            return line
        if row.kind is AgendaRowKind.GAP:
            line = Text("     ")
            line.append(f"{row.time:<{TIME_WIDTH}} ", style=style("agenda-list--gap"))
            line.append_text(safe_text(row.text, style=style("agenda-list--gap")))
            return line
        line = Text("▶ " if row.is_now else "  ", style=style("agenda-list--now"))
        priority = {Priority.MUST: "agenda-list--must", Priority.MAYBE: "agenda-list--maybe"}
        line.append(row.marker, style=style(priority[row.priority]) if row.priority else "")
        if row.conflict is ConflictKind.CLASH:
            line.append("⚠", style=style("agenda-list--clash"))
        elif row.conflict is not None:
            line.append("~" if row.conflict is ConflictKind.SOFT_OVERLAP else "⇄", style=style("agenda-list--warning"))
        else:
            line.append(" ")
        line.append(f" {row.time:<{TIME_WIDTH}} ")
        line.append_text(cell(safe_text(row.room), room_width(self.longest_room, width)))
        if row.picked_by:  # before the title, which is often cut short at the right edge
            line.append_text(safe_text(f"from {row.picked_by}: ", style=style("agenda-list--from")))
        line.append_text(safe_text(row.text))
        if row.kind is AgendaRowKind.ORPHAN:
            line.stylize(style("agenda-list--orphan"))
        if row.is_now:
            line.stylize(style("agenda-list--now"))
        return line
