"""``?``: every key binding of the current view, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

MOUSE_HELP = (
    "Mouse: click a row to highlight it, double-click a session to fold or unfold it, "
    "scroll with the wheel, click the footer's keys."
)


def bindings_of(node: DOMNode) -> list[Binding]:
    """The bindings a node's class declares, its base classes' included, each key once."""
    found: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        declared: Iterable[BindingType] = cls.__dict__.get("BINDINGS", ())
        for binding in Binding.make_bindings(declared):
            found[binding.key] = binding
    return [b for b in found.values() if b.description]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--key"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__(classes="dialog")
        self._under = under

    def compose(self) -> ComposeResult:
        sections: list[tuple[str, DOMNode]] = [("Everywhere", self.app), (self._under.__class__.__name__, self._under)]
        sections += [(f"In the {w.id or type(w).__name__}", w) for w in self._under.query("*") if w.id]
        key_style = self.get_component_rich_style("help--key")
        with VerticalScroll(classes="dialog-box wide", id="help"):
            yield Static(Text("Keys"), classes="dialog-title")
            for heading, node in sections:
                bindings = bindings_of(node)
                if not bindings:
                    continue
                yield Static(Text(heading.replace("Screen", " view")), classes="help-heading")
                text = Text()
                by_action: dict[str, list[str]] = {}
                descriptions: dict[str, str] = {}
                for binding in bindings:
                    by_action.setdefault(binding.action, []).append(self.app.get_key_display(binding))
                    descriptions[binding.action] = binding.description
                for action, keys in by_action.items():
                    text.append(f"  {' / '.join(keys):<18}", style=key_style)
                    text.append(f"{descriptions[action]}\n")
                text.rstrip()
                yield Static(text)
            yield Static(Text(MOUSE_HELP + "\nCtrl+P opens the command palette: every action by name."))
