"""Textual's footer, made to fit: when the keys do not all fit, the last ones give way, but never ``? Help`` and
``q Quit`` (help lists every key, so nothing is lost), and no key is shown cut in half."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

#: Actions the footer always shows, however narrow the terminal.
ALWAYS_SHOWN = frozenset({"help", "quit"})
#: Cells a key takes besides its key and description ("␣/␣Search␣": padding around the key, space after).
KEY_PADDING = 3
#: The command palette key on the right also has a border and right padding.
PALETTE_EXTRA = 2


def key_width(widget: Widget) -> int:
    """How many cells a footer key takes (Textual's FooterKey: key and description, with padding)."""
    key = Text(str(getattr(widget, "key_display", ""))).cell_len
    description = Text(str(getattr(widget, "description", ""))).cell_len
    extra = PALETTE_EXTRA if widget.has_class("-command-palette") else 0
    return key + description + KEY_PADDING + extra


class PlannerFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._fitted_to = 0  # the width the keys were last chosen for

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        room = self._fitted_to = self.size.width or self.app.size.width
        used = sum(key_width(key) for key in keys)
        for key in reversed(keys):  # the footer's order puts the view's own keys first and the app's last
            if used <= room:
                break
            if getattr(key, "action", "") not in ALWAYS_SHOWN and not key.has_class("-command-palette"):
                keys.remove(key)
                used -= key_width(key)
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self.refresh(recompose=True)
