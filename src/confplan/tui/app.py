"""A first planner screen: the programme as a table.  The full planner replaces it."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from confplan.model import Conference, Presentation
from confplan.plain_text import printable


class PlannerApp(App[None]):
    TITLE = "confplan"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, conference: Conference) -> None:
        super().__init__()
        self.conference = conference
        self.sub_title = conference.name

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("time", "room", "kind", "id", "title")
        for event in self.conference.events():
            mark = "" if event.time_is_certain else "≈"
            indent = "  " if isinstance(event, Presentation) else ""
            table.add_row(
                Text(f"{event.start:%H:%M}–{event.end:%H:%M}{mark}"),
                Text(printable(event.room or "")),
                Text(event.kind.value),
                Text(event.id),
                Text(printable(indent + event.title)),
                key=event.id,
            )


def run_app(conference: Conference) -> int:
    PlannerApp(conference).run()
    return 0
