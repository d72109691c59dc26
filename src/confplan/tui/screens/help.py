"""``?``: the planner's keys in the current view, grouped by where they work, and what the markers mean."""

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

from confplan.domain.agenda import Priority
from confplan.domain.conflicts import ConflictKind
from confplan.views.rows import CONFLICT_MARKERS, PICK_MARKERS

CLOSE_HINT = "Escape, q or ? closes this help."
MOUSE_HELP = (
    "Mouse: click a row to highlight it, double-click a session to fold or unfold it, "
    "scroll with the wheel, click the footer's keys."
)
PALETTE_HELP = "Tab moves between the list, the search box and the detail pane.  Ctrl+P: every action by name."

#: What each marker in the lists, the detail pane and the timeline means (built from the markers themselves).
LEGEND: tuple[tuple[str, str], ...] = (
    (PICK_MARKERS[Priority.MUST], "picked (must)"),
    (PICK_MARKERS[Priority.MAYBE], "picked (maybe)"),
    (CONFLICT_MARKERS[ConflictKind.CLASH], "clashes with another pick"),
    (CONFLICT_MARKERS[ConflictKind.TIGHT_CHANGE], "tight room change to or from the next pick"),
    (CONFLICT_MARKERS[ConflictKind.SOFT_OVERLAP], "overlaps something you can drop in and out of (posters, socials)"),
    ("≈", "time estimated or inferred, not stated in the programme"),
    ("★", "a paper from your reading list (--from)"),
    ("score", "likeness to the reading list the header names (confplan --no-reading-list: no scores)"),
    ("*word", "in the search box: also inside words (a plain word matches from a word's start)"),
    ("▸ ▾", "folded / unfolded session"),
    ("▶", "on now (my agenda)"),
    ("✎", "your note"),
)


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings the planner's own classes declare for ``node`` (not Textual's generic ones: text editing, focus
    cycling, scrolling), base classes included, each key once."""
    found: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        if not cls.__module__.startswith("confplan."):
            continue
        declared: Iterable[BindingType] = cls.__dict__.get("BINDINGS", ())
        for binding in Binding.make_bindings(declared):
            found[binding.key] = binding
    return [b for b in found.values() if b.description]


def help_sections(app: DOMNode, screen: Screen[object]) -> list[tuple[str, DOMNode]]:
    """(heading, node) for the app, the view and each of its widgets that has keys of its own."""
    view = type(screen).__name__.removesuffix("Screen")
    sections: list[tuple[str, DOMNode]] = [("Everywhere", app), (f"{view} view", screen)]
    sections += [(getattr(w, "HELP_HEADING", f"In the {w.id}"), w) for w in screen.query("*")]
    return [(heading, node) for heading, node in sections if own_bindings(node)]


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
        key_style = self.get_component_rich_style("help--key")
        with VerticalScroll(classes="dialog-box wide", id="help"):
            yield Static(Text("Keys"), classes="dialog-title")
            yield Static(Text(CLOSE_HINT), id="help-close")
            for heading, node in help_sections(self.app, self._under):
                yield Static(Text(heading), classes="help-heading")
                text = Text()
                by_action: dict[str, list[str]] = {}
                descriptions: dict[str, str] = {}
                for binding in own_bindings(node):
                    by_action.setdefault(binding.action, []).append(self.app.get_key_display(binding))
                    descriptions[binding.action] = binding.description
                for action, keys in by_action.items():
                    text.append(f"  {' / '.join(keys):<18}", style=key_style)
                    text.append(f"{descriptions[action]}\n")
                text.rstrip()
                yield Static(text)
            yield Static(Text("Markers"), classes="help-heading")
            legend = Text()
            for marker, meaning in LEGEND:
                legend.append(f"  {marker:<18}", style=key_style)
                legend.append(f"{meaning}\n")
            legend.rstrip()
            yield Static(legend, id="help-legend")
            yield Static(Text(f"{MOUSE_HELP}\n{PALETTE_HELP}"), classes="dialog-hint")
