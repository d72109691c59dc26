"""The floor for the planner's start in a terminal: a bare Textual app (Header + DataTable + Footer) that shows
rows of text, run by bench/terminal.py as the planner is (`python bench/bare_app.py`).  Nothing of confplan is
imported: what it takes to start is Python's and Textual's, which confplan cannot go under."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = 40


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("time", "room", "title")
        table.add_rows((f"{9 + n // 6:02}:{n % 6 * 10:02}", f"Room {n % 7}", f"bare row {n}") for n in range(ROWS))


if __name__ == "__main__":
    BareApp().run()
