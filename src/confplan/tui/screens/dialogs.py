"""Small modal dialogs: a note, the filters, a file path.  Each returns its answer (or None) to a callback."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, SelectionList, Static

from confplan.errors import ConfplanError
from confplan.model import Event, Kind
from confplan.text.plain_text import printable
from confplan.tui.messages import NoteSet
from confplan.tui.safe_text import safe_text
from confplan.views.rows import FilterChoices, Filters
from confplan.views.state import PlannerState


class NoteDialog(ModalScreen[str | None]):
    """Edit the note of a pick.  Enter saves, Escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text("Note for"), classes="dialog-title")
            yield Static(safe_text(self._title), classes="dialog-subject")
            yield Input(self._note, placeholder="e.g. ask about the ablation", id="note")
            yield Static(Text("Enter: save · Escape: cancel"), classes="dialog-hint")

    @on(Input.Submitted, "#note")
    def _save(self, message: Input.Submitted) -> None:
        self.dismiss(message.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DialogBody(VerticalScroll, can_focus=False):
    """A dialog's box that scrolls when the terminal is too short for it (so its buttons stay reachable), without
    taking a stop in the Tab order itself."""


class FindingSelectionList(SelectionList[str]):
    """A selection list in which typing the first letters of an option goes to it (a track among eighty)."""

    #: Letters typed within this many seconds of each other make one prefix ("ru" then "s": "rus").
    TYPING_PAUSE = 1.0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._typed = ""
        self._typed_at = 0.0

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.is_printable or event.character == " ":
            return  # space still ticks the highlighted option
        now = time.monotonic()
        self._typed = (self._typed if now - self._typed_at < self.TYPING_PAUSE else "") + event.character.casefold()
        self._typed_at = now
        for index in range(self.option_count):
            if str(self.get_option_at_index(index).prompt).casefold().startswith(self._typed):
                self.highlighted = index
                event.stop()
                return


class FilterDialog(ModalScreen[Filters | None]):
    """Choose days, kinds, tracks and rooms, and whether to show only picks or only conflicts."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, choices: FilterChoices, filters: Filters) -> None:
        super().__init__(classes="dialog")
        self._choices = choices
        self._filters = filters

    def compose(self) -> ComposeResult:
        days, kinds, tracks, rooms = self._choices.days, self._choices.kinds, self._choices.tracks, self._choices.rooms
        f = self._filters
        with DialogBody(classes="dialog-box wide"):
            yield Label(Text("Filters"), classes="dialog-title")
            # Under the title, where a short terminal still shows it (below the buttons it was scrolled away).
            yield Static(
                Text(
                    "Nothing ticked in a list means any. Type a name's first letters to go to it. "
                    "Ctrl+S: apply · Escape: cancel"
                ),
                classes="dialog-hint",
                id="filter-hint",
            )
            with Horizontal(id="filter-lists"):
                if len(days) > 1:
                    yield SelectionList[date](
                        *((Text(f"{d:%a %-d %b}"), d, d in f.days) for d in days), id="filter-days"
                    )
                yield SelectionList[Kind](*((safe_text(k.value), k, k in f.kinds) for k in kinds), id="filter-kinds")
                yield FindingSelectionList(*((safe_text(r), r, r in f.rooms) for r in rooms), id="filter-rooms")
            # Track names run to 80 characters and several begin alike ("Deep Learning and representational
            # learning…" three times): the track list has the dialog's whole width to show them in full.
            yield FindingSelectionList(*((safe_text(t), t, t in f.tracks) for t in tracks), id="filter-tracks")
            with Horizontal(id="filter-switches"):
                yield Checkbox("Picked only", f.picked_only, id="filter-picked", compact=True)
                yield Checkbox("Conflicts only", f.conflicts_only, id="filter-conflicts", compact=True)
                yield Checkbox("Suggested only", f.suggested_only, id="filter-suggested", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply", compact=True)
                yield Button("Clear all", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#filter-kinds").border_title = "kind"
        if self.query("#filter-days"):
            self.query_one("#filter-days").border_title = "day"
        self.query_one("#filter-tracks").border_title = "track"
        self.query_one("#filter-rooms").border_title = "room"

    def action_apply(self) -> None:
        self.dismiss(
            Filters(
                kinds=frozenset(self.query_one("#filter-kinds", SelectionList).selected),
                days=frozenset(self.query_one("#filter-days", SelectionList).selected)
                if self.query("#filter-days")
                else frozenset(),
                tracks=frozenset(self.query_one("#filter-tracks", SelectionList).selected),
                rooms=frozenset(self.query_one("#filter-rooms", SelectionList).selected),
                picked_only=self.query_one("#filter-picked", Checkbox).value,
                conflicts_only=self.query_one("#filter-conflicts", Checkbox).value,
                suggested_only=self.query_one("#filter-suggested", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _button(self, message: Button.Pressed) -> None:
        if message.button.id == "apply":
            self.action_apply()
        elif message.button.id == "clear":
            self.dismiss(Filters())
        else:
            self.dismiss(None)


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path and act on it; a failure is shown in the dialog, which stays open to fix the path.

    ``action`` does the work (export, save, load, merge) and returns a line to report, or raises ConfplanError.
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, path: Path, action: Callable[[Path], str], hint: str = "") -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._path = path
        self._action = action
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Label(Text(self._title), classes="dialog-title")
            yield Input(str(self._path), id="path")
            yield Static(id="path-error", classes="dialog-error")
            yield Static(Text(self._hint or "Enter: OK · Escape: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#path-error").display = False

    @on(Input.Submitted, "#path")
    def _submitted(self, message: Input.Submitted) -> None:
        raw = message.value.strip()
        error = self.query_one("#path-error", Static)
        if not raw:
            error.update(Text("Type a file path."))
            error.display = True
            return
        path = Path(raw).expanduser()
        try:
            report = self._action(path)
        except ConfplanError as exc:
            error.update(Text("\n".join(printable(str(p)) for p in exc.problems)))
            error.display = True
            return
        self.app.notify(printable(report), markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_note(screen: Screen[None], state: PlannerState, event: Event) -> None:
    """Open the note dialog for ``event``; a confirmed note goes up as NoteSet (the app saves it)."""
    pick = state.agenda.get(event.id)

    def done(note: str | None) -> None:
        if note is not None:
            screen.post_message(NoteSet(event.id, note))

    screen.app.push_screen(NoteDialog(event.title, pick.note if pick else ""), done)
