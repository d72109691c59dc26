"""The programme list: slot headers, sessions and presentations in columns, drawn row by row on demand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from confplan.domain.agenda import Priority
from confplan.domain.conflicts import ConflictKind
from confplan.tui.safe_text import highlight_words, safe_text
from confplan.tui.widgets.columns import ROOM_WIDTH, TIME_WIDTH, cell, room_width
from confplan.tui.widgets.virtual_list import VirtualList
from confplan.views.rows import Marks, ProgrammeRow, RowKind, row_cells

KIND_WIDTH = 8
SCORE_WIDTH = 5
TRACK_WIDTH = 18
WIDE_ENOUGH_FOR_TRACK = 96
#: Where the row's own columns start: fold marker and space, pick and conflict markers, space.
MARKERS_WIDTH = 5


class ProgrammeList(VirtualList[ProgrammeRow]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "activate", "Fold/unfold", show=False),
        Binding("right,l", "unfold", "Unfold", show=False),
        Binding("left,h", "fold", "Fold", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "programme-list--slot",
        "programme-list--session",
        "programme-list--context",
        "programme-list--estimated",
        "programme-list--must",
        "programme-list--maybe",
        "programme-list--clash",
        "programme-list--warning",
        "programme-list--match",
        "programme-list--dim",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.marks = Marks()
        self.local_zone: tzinfo | None = None
        self.words: list[str] = []
        self.longest_room = ROOM_WIDTH  # the programme's longest room name (set with the rows' conference)

    def show(self, marks: Marks, local_zone: tzinfo | None, words: list[str]) -> None:
        """What the rows are drawn with (attributes down); draws again what changed."""
        before = self.marks
        same_look = local_zone == self.local_zone and words == self.words
        self.marks, self.local_zone, self.words = marks, local_zone, words
        drawn_alike = (before.scores, before.listed, before.scored) == (marks.scores, marks.listed, marks.scored)
        if not same_look or not drawn_alike:
            self.redraw()
            return
        if before.priorities is not marks.priorities or before.conflicts is not marks.conflicts:
            # Only the visible rows are looked at: a thousand picks need not be compared for forty rows.
            self.redraw_rows(
                lambda row: (
                    row.event is not None
                    and (
                        before.priorities.get(row.event.id) != marks.priorities.get(row.event.id)
                        or before.conflicts.get(row.event.id) != marks.conflicts.get(row.event.id)
                    )
                )
            )

    def can_highlight(self, row: ProgrammeRow) -> bool:
        return row.kind is not RowKind.SLOT  # slot headings only group the rows below them

    def action_activate(self) -> None:
        self.post_message(self.Activated(self, self.cursor))  # type: ignore[arg-type]

    class FoldRequested(Message):
        """The user asked to fold (``unfold`` False) or unfold the session at ``index``."""

        def __init__(self, index: int, unfold: bool) -> None:
            super().__init__()
            self.index = index
            self.unfold = unfold

    def action_unfold(self) -> None:
        self.post_message(self.FoldRequested(self.cursor, unfold=True))

    def action_fold(self) -> None:
        self.post_message(self.FoldRequested(self.cursor, unfold=False))

    def render_row(self, row: ProgrammeRow, width: int) -> Text:
        style = self._style
        cells = row_cells(row, self.marks, self.local_zone)
        if row.kind is RowKind.SLOT:
            line = Text(f"── {cells.time} ", style=style("programme-list--slot"))
            if cells.local_time:
                line.append(f"({cells.local_time}) ")
            line.append("─" * max(0, width - line.cell_len))
            return line

        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{cells.fold or ' '} ")
        pick_style = {Priority.MUST: "programme-list--must", Priority.MAYBE: "programme-list--maybe"}
        line.append(cells.pick, style=style(pick_style[cells.priority]) if cells.priority else "")
        warn = "programme-list--clash" if cells.conflict_kind is ConflictKind.CLASH else "programme-list--warning"
        line.append(cells.conflict, style=style(warn) if cells.conflict_kind else "")
        line.append(" ")
        estimated = style("programme-list--estimated") if "≈" in cells.time else ""
        line.append_text(cell(Text(cells.time, style=estimated), TIME_WIDTH))
        if cells.local_time:
            line.append_text(cell(Text(cells.local_time, style=style("programme-list--dim")), TIME_WIDTH))
        line.append_text(cell(self._highlighted(cells.room), self.room_width(width)))
        line.append_text(cell(Text(cells.kind), KIND_WIDTH))
        if self.marks.scored:  # a reading list is given: its similarity column (blank until worked out)
            line.append_text(cell(Text(cells.score, style=style("programme-list--dim")), SCORE_WIDTH))
        if self.shows_track(width):
            line.append_text(cell(self._highlighted(cells.track, dim=True), TRACK_WIDTH))
        title = self._highlighted(("  " if row.kind is RowKind.PRESENTATION else "") + cells.title)
        line.append_text(title)
        if row.kind is RowKind.SESSION:
            line.stylize(style("programme-list--session"))
        if row.context_only:
            line.stylize(style("programme-list--context"))
        return line

    def _style(self, name: str) -> Style:
        """A cell's own style, without the list's background: on the cursor row, the highlight shows through every
        cell (a full style would paint the time and score cells in the list's background)."""
        return self.get_component_rich_style(name, partial=True)

    def room_width(self, width: int) -> int:
        return room_width(self.longest_room, width)

    def shows_track(self, width: int) -> bool:
        return width >= WIDE_ENOUGH_FOR_TRACK + (TIME_WIDTH + 1 if self.local_zone is not None else 0)

    def header(self, width: int, legends: Sequence[str] = ()) -> Text:
        """The column labels over the rows, each over its column, then the first of ``legends`` (the same words,
        longest first) that fits beside them: at 80 columns a cut legend would lose what it explains."""
        line = Text(" " * MARKERS_WIDTH)
        line.append_text(cell(Text("time"), TIME_WIDTH))
        if self.local_zone is not None:
            line.append_text(cell(Text("your time"), TIME_WIDTH))
        line.append_text(cell(Text("room"), self.room_width(width)))
        line.append_text(cell(Text("kind"), KIND_WIDTH))
        if self.marks.scored:
            line.append_text(cell(Text("score"), SCORE_WIDTH))
        if self.shows_track(width):
            line.append_text(cell(Text("track"), TRACK_WIDTH))
        line.append("title")
        fitting = [legend for legend in legends if line.cell_len + 3 + cell_len(legend) <= width]
        legend = fitting[0] if fitting else legends[-1] if legends else ""
        if legend:
            line.append("   ")
            line.append(legend, style=self.get_component_rich_style("programme-list--dim", partial=True))
        line.truncate(width, overflow="ellipsis")
        return line

    def legend_line(self, width: int, legend: str) -> Text:
        """A line under the labels saying what a column means, as far as it fits."""
        line = Text(" " * MARKERS_WIDTH + legend, style=self._style("programme-list--dim"))
        line.truncate(width, overflow="ellipsis")
        return line

    def _highlighted(self, value: str, dim: bool = False) -> Text:
        text = safe_text(value, style=self._style("programme-list--dim") if dim else "")
        if self.words:
            highlight_words(text, self.words, self._style("programme-list--match"))
        return text
