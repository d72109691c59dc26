"""The floor for the planner in a terminal: a bare Textual app (Header + DataTable + Footer) that shows rows of
text, run by bench/terminal.py as the planner is (`python bench/bare_app.py`).  Nothing of confplan is imported:
what it takes to start is Python's and Textual's, which confplan cannot go under.

It also answers the kinds of keys measured in the planner, done the plain Textual way, so that each key's figure
has a floor measured in the same run: ``/`` and letters filter the rows and say how many were found, ``2`` opens a
second screen and ``1`` comes back (with ``--keys``), ``n`` opens a modal dialog, arrow keys move the table's cursor.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

ROWS = 40
SECOND_SCREEN = "bare second screen"
DIALOG_HINT = "bare dialog: Escape closes"


def rows() -> list[tuple[str, str, str]]:
    return [(f"{9 + n // 6:02}:{n % 6 * 10:02}", f"Room {n % 7}", f"bare row {n}") for n in range(ROWS)]


def table(shown: list[tuple[str, str, str]]) -> DataTable[str]:
    widget: DataTable[str] = DataTable(cursor_type="row")
    widget.add_columns("time", "room", "title")
    widget.add_rows(shown)
    return widget


class SecondScreen(Screen[None]):
    BINDINGS = [("1", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(SECOND_SCREEN)
        yield table(rows())
        yield Footer()


class Dialog(ModalScreen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Input(placeholder="a note")
        yield Static(DIALOG_HINT)


class BareApp(App[None]):
    BINDINGS = [
        ("q", "quit", "Quit"),
        ("slash", "search", "Search"),
        ("2", "second", "Second"),
        ("n", "dialog", "Dialog"),
        Binding("escape", "clear", "Clear", show=False),
    ]

    def __init__(self, keys: bool) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        yield Header()
        if self.keys:  # the search box is there only when keys are measured: a start's floor is the plain app
            yield Input(id="search", placeholder="/ search")
            yield Static(id="status")
        yield table(rows())
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search").focus()

    def action_second(self) -> None:
        self.push_screen(SecondScreen())

    def action_dialog(self) -> None:
        self.push_screen(Dialog())

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one(DataTable).focus()

    def on_input_changed(self, message: Input.Changed) -> None:
        found = [row for row in rows() if message.value and message.value in row[2]] if message.value else rows()
        widget = self.query_one(DataTable)
        widget.clear()
        widget.add_rows(found)
        status = f"{message.value} {len(found)} found" if message.value else ""
        self.query_one("#status", Static).update(status)


if __name__ == "__main__":
    BareApp(keys="--keys" in sys.argv).run()
