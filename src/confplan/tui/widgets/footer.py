"""Textual's footer, made to fit: when the keys do not all fit, the least important give way (``IMPORTANCE``), but
never ``? Help`` and ``q Quit`` (help lists every key, so nothing is lost), and no key is shown cut in half."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

#: Actions the footer always shows, however narrow the terminal.
ALWAYS_SHOWN = frozenset({"help", "quit"})
#: The rest, most important first: what a new user needs to find the rest (search, pick, the clashes, the filters,
#: the other views) stays longest.  Keys not named here give way first, from the right.
IMPORTANCE = (
    "focus_search",
    "pick('must')",
    "clash(False)",
    "filters",
    "show_in_programme",
    "alternative",
    "view('agenda')",
    "command_palette",  # Ctrl+P: also in the help, so it gives way before the other views at 80 columns
    "view('timeline')",
    "pick('maybe')",
    "note",
)
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
        self._composed_for: tuple[tuple[object, ...], ...] | None = None  # the keys shown, as ``_keys_of`` says

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Make the keys again only when the keys to show changed.  Textual makes them again (a dozen widgets,
        each styled: tens of milliseconds) at every change of focus and every return to a screen, the return
        from a dialog and a switch of views included, which nearly never changes them (issue 17)."""
        if self._bindings_ready and self._composed_for == _keys_of(screen):
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed_for = _keys_of(self.screen)
        keys = list(super().compose())
        room = self._fitted_to = self.size.width or self.app.size.width
        used = sum(key_width(key) for key in keys)
        for key in sorted(reversed(keys), key=_importance, reverse=True):  # least important first
            if used <= room:
                break
            if getattr(key, "action", "") not in ALWAYS_SHOWN:
                keys.remove(key)
                used -= key_width(key)
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self.refresh(recompose=True)


def _keys_of(screen: Screen[object]) -> tuple[tuple[object, ...], ...]:
    """What the footer shows of ``screen``'s bindings: each shown key, its words, whether it is enabled."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


def _importance(key: Widget) -> int:
    """Lower is more important; keys not in ``IMPORTANCE`` come last (the sort is stable: rightmost first)."""
    action = "command_palette" if key.has_class("-command-palette") else str(getattr(key, "action", ""))
    return IMPORTANCE.index(action) if action in IMPORTANCE else len(IMPORTANCE)
