"""A list that draws only the rows on screen (Textual's Line API), so 50,000 rows cost no more than 50.

Subclasses say how one row looks (``render_row``) and which rows the cursor may rest on (``can_highlight``:
headings and separators may not); this class keeps the cursor, scrolls, caches drawn lines, and reports the
highlighted row with a message.  Rows are handed down with ``set_rows``; nothing here knows what a
row means.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")


class VirtualList(ScrollView, Generic[RowT], can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    HELP_HEADING: ClassVar[str] = "In the list"

    class Highlighted(Message):
        """The cursor moved to another row (a flood of these collapses into the latest)."""

        def __init__(self, list_widget: VirtualList[object], index: int) -> None:
            super().__init__()
            self.list_widget = list_widget
            self.index = index

        @property
        def control(self) -> VirtualList[object]:
            return self.list_widget

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, VirtualList.Highlighted) and message.list_widget is self.list_widget

    class Activated(Message):
        """The user pressed Enter on a row or double-clicked it."""

        def __init__(self, list_widget: VirtualList[object], index: int) -> None:
            super().__init__()
            self.list_widget = list_widget
            self.index = index

        @property
        def control(self) -> VirtualList[object]:
            return self.list_widget

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: Sequence[RowT] = ()
        # Drawn lines by (row index, is cursor, width); cleared whenever what a row shows may have changed.
        self._line_cache: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)
        self._drawing: tuple[Style, int] | None = None  # the style and width of the lines being drawn now

    # --- attributes down ---------------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    def set_rows(self, rows: Sequence[RowT], cursor: int | None = None) -> None:
        """Show ``rows``; keep the cursor where it was unless ``cursor`` says otherwise."""
        self._rows = rows
        self.virtual_size = Size(0, len(rows))
        self._line_cache.clear()
        target = self.cursor if cursor is None else cursor
        self.cursor = self._landing(target, 1)
        self.refresh()

    def extend_rows(self, rows: Sequence[RowT]) -> None:
        """Show ``rows``, which begin with the rows shown now (the rest of a list whose first screenful came first):
        nothing drawn changes, so nothing is drawn again; only the list gets longer."""
        self._rows = rows
        self.virtual_size = Size(0, len(rows))

    def redraw(self) -> None:
        """Draw the visible rows again (what they show changed, not which rows there are)."""
        self._line_cache.clear()
        self.refresh()

    def redraw_rows(self, changed: Callable[[RowT], bool]) -> None:
        """Draw again only the visible rows for which ``changed`` says so (a pick changes a few markers; drawing
        one row costs about as much as handling the key press)."""
        top = int(self.scroll_y)
        width = self.scrollable_content_region.width
        for index in range(top, min(len(self._rows), top + self.scrollable_content_region.height + 1)):
            if changed(self._rows[index]):
                for is_cursor in (False, True):
                    self._line_cache.discard((index, is_cursor, width))
                self.refresh_line(index)

    @property
    def current(self) -> RowT | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    # --- drawing -----------------------------------------------------------------------------------------------

    def render_row(self, row: RowT, width: int) -> Text:
        """One row as ``Text`` of (at most) ``width`` cells.  Subclasses decide what a row shows."""
        raise NotImplementedError

    def can_highlight(self, row: RowT) -> bool:
        """May the cursor rest on ``row``?  Subclasses say no for headings and separators."""
        return True

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style and width, worked out once for all the lines drawn now rather than once a line
        # (the style walks every ancestor: a tenth of the time of drawing the first screen).
        self._drawing = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        base, width = self._drawing or (self.rich_style, self.scrollable_content_region.width)
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, is_cursor, width)
        cached = self._line_cache.get(key)
        if cached is not None:
            return cached
        text = self.render_row(self._rows[index], width)
        text.truncate(width, overflow="ellipsis", pad=True)
        if is_cursor:
            text.stylize_before(self.cursor_style())  # under the row's own styles, so matches stay visible
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop_extend(0, width, base).apply_style(base).apply_meta({"row": index})
        self._line_cache[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def _on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()

    # --- the cursor --------------------------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self._rows) - 1))

    def _landing(self, index: int, direction: int) -> int:
        """The row the cursor lands on when aimed at ``index`` while moving in ``direction`` (+1 down, -1 up):
        the nearest row it may rest on that way, else the nearest the other way (a heading is never a stop)."""
        index = self._clamp(index)
        for step in (direction, -direction):
            probe = index
            while 0 <= probe < len(self._rows):
                if self.can_highlight(self._rows[probe]):
                    return probe
                probe += step
        return index  # nothing may be highlighted: stay put rather than lose the cursor

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        top = new
        while top > 0 and not self.can_highlight(self._rows[top - 1]):
            top -= 1  # keep the heading above the cursor in view (moving up would otherwise hide it)
        self.scroll_to_region(Region(0, top, 1, new - top + 1), animate=False, force=True)
        if self._rows:
            self.post_message(self.Highlighted(self, new))  # type: ignore[arg-type]

    def move_to(self, index: int, direction: int = 1) -> None:
        """Put the cursor on ``index``, or on the nearest row that can be highlighted (``direction`` first)."""
        self.cursor = self._landing(index, direction)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1, -1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1), -1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1, -1)

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if isinstance(index, int):
            self.move_to(index)  # a click on a heading lands on the row below it
            if event.chain == 2:
                self.post_message(self.Activated(self, self.cursor))  # type: ignore[arg-type]

    def cursor_style(self) -> Style:
        """The highlight of the cursor row: stronger when the list has focus."""
        name = "virtual-list--cursor" if self.has_focus else "virtual-list--cursor-blurred"
        return self.get_component_rich_style(name)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--cursor", "virtual-list--cursor-blurred"}

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_line(self.cursor)
        self._line_cache.clear()

    def _on_blur(self, event: events.Blur) -> None:
        self._line_cache.clear()
        self.refresh_line(self.cursor)
