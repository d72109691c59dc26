"""The timeline grid: a Line API widget with a cell cursor; rooms across, time down, picks highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from confplan.domain.conflicts import ConflictKind
from confplan.model import Conference
from confplan.tui.safe_text import safe_text
from confplan.tui.widgets.columns import fit
from confplan.views.rows import CONFLICT_MARKERS, PICK_MARKERS, Marks
from confplan.views.timeline import Cell, TimelineGrid, cell_priority

TIME_WIDTH = 7  # "10:20 │"
MIN_COLUMN_WIDTH = 14  # narrower than this, the rooms scroll sideways instead of shrinking
MAX_COLUMN_WIDTH = 30
HEADER_HEIGHT = 1


class TimelineView(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(0, -1)", "Up", show=False),
        Binding("down,j", "move(0, 1)", "Down", show=False),
        Binding("left,h", "move(-1, 0)", "Left", show=False),
        Binding("right,l", "move(1, 0)", "Right", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--header",
        "timeline--time",
        "timeline--event",
        "timeline--picked",
        "timeline--clash",
        "timeline--cursor",
    }

    # No repaint of the whole grid when the cursor moves: ``watch_cursor`` draws the lines that change.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False, repaint=False)
    HELP_HEADING: ClassVar[str] = "In the grid"

    class CellHighlighted(Message):
        def __init__(self, cell: Cell | None) -> None:
            super().__init__()
            self.cell = cell

    def __init__(self, conference: Conference, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.conference = conference
        self.grid: TimelineGrid | None = None
        self.marks = Marks()
        self._cursor_to_top = False  # the next scroll puts the cursor's row at the top (see ``move_to``)

    @property
    def column_width(self) -> int:
        """Rooms share the width; with many rooms they keep a readable width and scroll sideways."""
        rooms = len(self.grid.rooms) if self.grid is not None and self.grid.rooms else 1
        fitting = (self.scrollable_content_region.width - TIME_WIDTH) // rooms
        return max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, fitting))

    def _update_virtual_size(self) -> None:
        if self.grid is not None:
            rooms_width = self.column_width * len(self.grid.rooms)
            in_view = self.scrollable_content_region.width - TIME_WIDTH
            # Scrolled all the way right, the left edge still falls between two rooms: blank space after the
            # last room rather than a stump of one at the left.
            padding = (-(rooms_width - in_view)) % self.column_width if rooms_width > in_view > 0 else 0
            self.virtual_size = Size(TIME_WIDTH + rooms_width + padding, len(self.grid.times) + HEADER_HEIGHT)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self.scroll_to_cursor()  # the first layout (and any later one) must show the cursor

    def show(self, grid: TimelineGrid, marks: Marks) -> None:
        if grid is self.grid and marks == self.marks:
            return  # as drawn (the view is shown again, nothing picked meanwhile): drawing it again is not free
        self.grid, self.marks = grid, marks
        self._update_virtual_size()
        row, column = self.cursor
        self.cursor = (min(row, max(0, len(grid.times) - 1)), min(column, max(0, len(grid.rooms) - 1)))
        self.refresh()

    @property
    def current_cell(self) -> Cell | None:
        if self.grid is None or not self.grid.times:
            return None
        row, column = self.cursor
        return self.grid.cell(row, column)

    def move_to(self, row: int, column: int, to_top: bool = False) -> None:
        """Put the cursor on a cell; ``to_top`` scrolls its row to the top (to open a day at "now", with what
        comes next below it)."""
        if self.grid is None or not self.grid.times:
            return
        self.cursor = (max(0, min(row, len(self.grid.times) - 1)), max(0, min(column, len(self.grid.rooms) - 1)))
        if to_top:
            self._cursor_to_top = True  # kept until the widget has a size, if it has none yet
            self.scroll_to_cursor()

    def action_move(self, dx: int, dy: int) -> None:
        row, column = self.cursor
        self.move_to(row + dy, column + dx)

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        # Only the lines of the two cells change, unless the grid scrolls (which draws it all again).
        self.scroll_to_cursor()
        for row in {old[0], new[0]}:
            self.refresh_line(row + HEADER_HEIGHT)
        self.post_message(self.CellHighlighted(self.current_cell))

    def scroll_to_cursor(self) -> None:
        """Scroll as little as possible so that the cursor's cell is in view, whole rooms at the left edge.

        The room names and the time column stay put (see ``render_line``), so only ``height - HEADER_HEIGHT``
        rows and ``width - TIME_WIDTH`` columns of the grid are in view: grid row r is on screen line
        r + HEADER_HEIGHT - scroll_y and room c starts at screen column TIME_WIDTH + c * column width - scroll_x.
        """
        row, column = self.cursor
        view = self.scrollable_content_region
        if view.width <= 0 or view.height <= 0:
            return  # not laid out yet: on_resize comes back here
        width = self.column_width
        x, y = int(self.scroll_x), int(self.scroll_y)
        y = row if self._cursor_to_top else min(row, max(y, row + HEADER_HEIGHT + 1 - view.height))
        self._cursor_to_top = False
        if x > column * width:
            x = column * width
        elif x < (least := (column + 1) * width + TIME_WIDTH - view.width):
            x = -(-least // width) * width  # a whole room further, rather than half a room at the left edge
        self.scroll_to(x, y, animate=False, force=True, immediate=True)

    async def _on_click(self, event: events.Click) -> None:
        cell = event.style.meta.get("cell")
        if isinstance(cell, tuple):
            self.move_to(*cell)

    def visible_columns(self, width: int | None = None) -> range:
        """The rooms on screen at the current scroll (a part of one at either edge included); ``width`` is the
        column width when known."""
        if self.grid is None:
            return range(0)
        width = width or self.column_width
        first = int(self.scroll_x) // width
        last = (int(self.scroll_x) + max(0, self.scrollable_content_region.width - TIME_WIDTH)) // width
        return range(first, min(last + 1, len(self.grid.rooms)))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        grid = self.grid
        if grid is None or not grid.rooms:
            text = Text(" Nothing on this day." if y == 0 else "")
            return Strip(list(text.render(self.app.console))).crop_extend(0, width, base)
        scroll_x, scroll_y = self.scroll_offset
        style = self.get_component_rich_style
        column_width = self.column_width
        # Only the rooms in view are drawn (a programme may have thousands): the line starts at the first of them.
        columns = self.visible_columns(column_width)
        offset = scroll_x - columns.start * column_width if columns else 0
        if y == 0:  # the room names stay on top while the grid scrolls
            header = Text(" " * TIME_WIDTH, style=style("timeline--header"))
            for room in (grid.rooms[c] for c in columns):
                header.append_text(fit(safe_text(room, style=style("timeline--header")), column_width - 1))
                header.append("│", style=style("timeline--header"))
            return self._strip(header, offset, width, base)
        row = y - HEADER_HEIGHT + scroll_y
        if not 0 <= row < len(grid.times):
            return Strip.blank(width, base)
        line = Text(f"{grid.times[row]:%H:%M} │", style=style("timeline--time"))
        for column in columns:
            line.append_text(self._cell_text(row, column, column_width))
        return self._strip(line, offset, width, base)

    def _cell_text(self, row: int, column: int, column_width: int = 0) -> Text:
        """The cell's part of its line; ``column_width`` when known (working it out each time is not free)."""
        assert self.grid is not None
        column_width = column_width or self.column_width
        cell = self.grid.cell(row, column)
        style = self.get_component_rich_style
        meta = Style(meta={"cell": (row, column)})
        if cell is None:
            text = Text(" " * (column_width - 1) + "│")
        else:
            label = self.conference[cell.starting_id].title if cell.starting_id else "┃"
            priority = cell_priority(self.conference, cell, self.marks.priorities)
            clash = any(self.marks.conflicts.get(i) is ConflictKind.CLASH for i in cell.event_ids)
            text = Text()
            if priority is not None:  # the programme's markers, so that must and maybe differ without colour too
                text.append(PICK_MARKERS[priority] + (CONFLICT_MARKERS[ConflictKind.CLASH] if clash else " "))
            text.append_text(safe_text(label))
            extra = len(cell.event_ids) - 1
            suffix = f" +{extra}" if extra else ""
            text.truncate(column_width - 1 - len(suffix), overflow="ellipsis", pad=not suffix)
            text.append(suffix)
            text.truncate(column_width - 1, pad=True)
            if priority is not None:
                text.stylize(style("timeline--clash" if clash else "timeline--picked"))
            else:
                text.stylize(style("timeline--event"))
            text.append("│")
        if (row, column) == self.cursor and self.has_focus:
            text.stylize(style("timeline--cursor"), 0, column_width - 1)
        text.stylize(meta)
        return text

    def _strip(self, text: Text, offset: int, width: int, base: Style) -> Strip:
        """The line on screen: the time column stays put; the rooms, ``offset`` columns in, scroll under it."""
        strip = Strip(list(text.render(self.app.console)))
        if offset:
            strip = Strip.join([strip.crop(0, TIME_WIDTH), strip.crop(TIME_WIDTH + offset, width + offset)])
        return strip.crop_extend(0, width, base)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()
