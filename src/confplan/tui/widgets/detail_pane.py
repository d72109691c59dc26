"""The detail pane: everything about the highlighted event, laid out from a ``Detail`` (see ``tui/describe.py``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from confplan.tui.safe_text import highlight_words, safe_text
from confplan.views.describe import Detail


class DetailPane(VerticalScroll, can_focus=True):
    """Read-only; focusable so that a long abstract can be scrolled with the keys."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail-pane--label", "detail-pane--match", "detail-pane--hint"}

    #: The parts, top to bottom.  What needs acting on (the pick and its clashes, with the way out) comes right
    #: under the title: in a short pane (80x24 leaves it eight lines) it must not be pushed out of view by the facts.
    PARTS = ("title", "pick", "conflicts", "facts", "others", "abstract", "abstract-note")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: dict[str, Static] = {}  # by id; made and mounted at the first ``show``

    def compose(self) -> ComposeResult:
        # Empty until the first ``show``: the parts are mounted then, after the planner's first frame.
        return iter(())

    def show(self, detail: Detail | None, words: list[str] = []) -> None:  # noqa: B006 (never mutated)
        """Lay out ``detail`` (None: nothing highlighted)."""
        if not self._parts:
            self._parts = {f"detail-{part}": Static(id=f"detail-{part}") for part in self.PARTS}
            self.mount(*self._parts.values())
        if detail is None:
            self._set("detail-title", Text("Nothing highlighted"))
            for part in ("facts", "pick", "conflicts", "others", "abstract", "abstract-note"):
                self._set(f"detail-{part}", None)
            return
        self._set("detail-title", self._marked(detail.title, words))

        facts = Text()
        for label, value in detail.facts:
            facts.append(f"{label:>10}  ", style=self.get_component_rich_style("detail-pane--label"))
            facts.append_text(self._marked(value, words))
            facts.append("\n")
        facts.append(f"{'timing':>10}  ", style=self.get_component_rich_style("detail-pane--label"))
        facts.append_text(safe_text(detail.time_note))
        self._set("detail-facts", facts)

        if detail.pick:
            pick = Text(f"Picked: {detail.pick}")
            if detail.picked_by:
                pick.append_text(safe_text(f" (from {detail.picked_by})"))
            if detail.note:
                pick.append("   note: ")
                pick.append_text(safe_text(detail.note))
            self._set("detail-pick", pick)
        else:
            self._set(
                "detail-pick",
                Text("Not picked — space: must, m: maybe", style=self.get_component_rich_style("detail-pane--hint")),
            )

        self._set("detail-conflicts", Text("\n").join(safe_text(line) for line in detail.conflicts) or None)

        others = Text()
        for other in detail.others:
            others.append("Also presented as: ")
            others.append_text(safe_text(other.summary))
            others.append("  (o: go there)\n", style=self.get_component_rich_style("detail-pane--hint"))
        others.rstrip()
        self._set("detail-others", others or None)

        self._set("detail-abstract", self._marked(detail.abstract, words, keep_newlines=True) or None)
        self._set("detail-abstract-note", Text(detail.abstract_note) if detail.abstract_note else None)
        self.scroll_home(animate=False)

    def _marked(self, value: str, words: list[str], keep_newlines: bool = False) -> Text:
        text = safe_text(value, keep_newlines=keep_newlines)
        return highlight_words(text, words, self.get_component_rich_style("detail-pane--match")) if words else text

    def _set(self, widget_id: str, content: Text | None) -> None:
        widget = self._parts[widget_id]  # not a query: the parts may not be mounted yet
        shown = content if content is not None else ""
        if widget.display == (content is not None) and widget.content == shown:
            return  # unchanged: updating it would lay the pane out again for nothing (a pick changes two parts)
        widget.update(shown)
        widget.display = content is not None
