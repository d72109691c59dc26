"""Hostile text in the planner, end to end: every view shows it literally and nothing reaches the terminal as a
control sequence.

The programme and a colleague's agenda carry Rich/Textual markup, ANSI and OSC escapes, bidirectional overrides,
NUL and other control characters, CRLF sequences and a 1 MB line; the test walks the programme (list, detail,
search, picking and its notification), the agenda view, the timeline and the header, and looks at what each
widget draws and at the whole screen.
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._header import HeaderTitle

from confplan.domain.agenda import Agenda, Pick
from confplan.model import Conference, Kind, Presentation, Session, TimeSource
from confplan.tui.app import PlannerApp
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.state import PlannerState
from pty_terminal import confplan_command

from .conftest import CONFERENCE_MORNING, settle

KIGALI = ZoneInfo("Africa/Kigali")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
MARKUP = "[bold red]Not bold[/] [/] [link=https://evil.example]x[/link] [@click=app.quit]quit[/]"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[2J\x9b1m"
CONTROLS = "nul\x00 bell\x07 backspace\x08 del\x7f \u202egnp.exe\u202c \u2066iso\u2069 zw\u200bsp"
INJECTION = "line\r\nBEGIN:VEVENT\r\nSUMMARY:injected"
HOSTILE = f"{MARKUP} {ESCAPES} {CONTROLS} {INJECTION}"
HUGE_LINE = "x" * 1_000_000


def hostile_conference() -> Conference:
    start = datetime(2023, 5, 2, 10, 0, tzinfo=KIGALI)
    session = Session(
        "s00001", Kind.ORAL, "Session " + HOSTILE, start, start + timedelta(hours=1), room="Room " + MARKUP,
        track="Track " + ESCAPES, description="Described " + HOSTILE, presentation_ids=("p00001", "p00002"),
    )  # fmt: skip
    first = Presentation(
        "p00001", Kind.ORAL, "Talk " + HOSTILE, start, start + timedelta(minutes=10), room="Room " + MARKUP,
        track="Track " + CONTROLS, abstract="Abstract " + HOSTILE + "\n" + HUGE_LINE,
        speakers=("Eve " + ESCAPES, "Mallory " + MARKUP), session_id="s00001", position=0,
        start_source=TimeSource.ESTIMATED, end_source=TimeSource.ESTIMATED, time_note="≈ " + CONTROLS,
    )  # fmt: skip
    second = Presentation(
        "p00002", Kind.ORAL, "Other " + ESCAPES, start, start + timedelta(minutes=10), room="Room 2 " + CONTROLS,
        abstract=HUGE_LINE, session_id="s00001", position=1,
    )  # fmt: skip
    return Conference("Conf " + MARKUP + " " + ESCAPES, "Africa/Kigali", (session,), (first, second))


def hostile_agenda(conference: Conference) -> Agenda:
    agenda = Agenda.for_conference(conference)
    agenda.pick(conference["p00002"], note="Note " + HOSTILE)
    start = datetime(2023, 5, 2, 14, 0, tzinfo=KIGALI)
    agenda.add(  # a colleague's pick that is not in this programme
        Pick("orphan", "Orphan " + HOSTILE, start, start + timedelta(hours=1), "Room " + ESCAPES,
             note="Their note " + HOSTILE, picked_by="Eve " + ESCAPES)
    )  # fmt: skip
    return agenda


def acting_characters(text: str) -> list[str]:
    """Characters that would act on a terminal (control, format, bidi) rather than show: none may be drawn."""
    return sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")})


def drawn(pilot: Pilot[None], selector: str) -> str:
    content = pilot.app.screen.query_one(selector, Static).render()
    return content.plain if isinstance(content, Text) else str(content)


def make(conference: Conference, agenda: Agenda) -> PlannerApp:
    state = PlannerState(conference, agenda, clock=lambda: CONFERENCE_MORNING, local_zone=ZoneInfo("UTC"))
    return PlannerApp(state)


async def test_programme_list_detail_search_and_pick_show_hostile_text_literally() -> None:
    conference = hostile_conference()
    app = make(conference, hostile_agenda(conference))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        programme = app.screen.query_one(ProgrammeList)
        lines = [programme.render_row(row, 118).plain for row in programme.rows]
        assert any("Talk [bold red]Not bold[/] [/] [link=https://evil.example]x[/link]" in line for line in lines)
        for line in lines:
            assert not acting_characters(line), line

        for _ in range(5):  # down to the first talk: markup, escapes, controls and a 1 MB abstract
            if programme.current is not None and programme.current.event_id == "p00001":
                break
            await pilot.press("down")
            await settle(pilot)
        title = drawn(pilot, "#detail-title")
        assert title.startswith("Talk [bold red]Not bold[/] [/] [link=https://evil.example]x[/link]")
        assert "\\x1b[31mred\\x1b[0m" in title and "\\u202egnp.exe" in title and "\\x00" in title
        abstract = drawn(pilot, "#detail-abstract")
        assert "[@click=app.quit]quit[/]" in abstract and HUGE_LINE[:1000] in abstract
        for selector in ("#detail-title", "#detail-facts", "#detail-pick", "#detail-abstract"):
            assert not acting_characters(drawn(pilot, selector)), selector

        await pilot.press("slash", *"[/]")
        await settle(pilot)
        assert "found" in drawn(pilot, "#status")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("space")  # pick it: the notification names it
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("Talk [bold red]Not bold[/]" in m for m in messages)
        assert not acting_characters("".join(messages))
        assert app.is_running  # [@click=app.quit] did not quit

        screen = app.export_screenshot()
        assert not [c for c in ("\x1b", "\x07", "\x00", "\u202e", "\u2066", "\x9b") if c in screen]


async def test_agenda_view_timeline_and_header_show_hostile_text_literally() -> None:
    conference = hostile_conference()
    app = make(conference, hostile_agenda(conference))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        await pilot.press("2")
        await settle(pilot)
        agenda = app.screen.query_one(AgendaList)
        lines = [agenda.render_row(row, 118).plain for row in agenda.rows]
        assert any("Orphan [bold red]Not bold[/] [/]" in line for line in lines)
        assert any("Note [bold red]Not bold[/]" in line for line in lines)
        for line in lines:
            assert not acting_characters(line), line
        screen = app.export_screenshot()
        assert not [c for c in ("\x1b", "\x07", "\x00", "\u202e", "\u2066", "\x9b") if c in screen]

        await pilot.press("3")
        await settle(pilot)
        screen = app.export_screenshot()
        assert not [c for c in ("\x1b", "\x07", "\x00", "\u202e", "\u2066", "\x9b") if c in screen]
        cell = drawn(pilot, "#timeline-cell")
        assert not acting_characters(cell)
        assert app.is_running


# --- the header, and what really reaches a terminal ------------------------------------------------------------


async def test_the_header_shows_the_conference_name_literally() -> None:
    conference = hostile_conference()
    app = make(conference, hostile_agenda(conference))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(HeaderTitle).render()
        shown = header.plain if isinstance(header, Content | Text) else str(header)
        assert "Conf [bold red]Not bold[/]" in shown  # markup stays text (this part holds)
        assert not acting_characters(shown), shown


#: Sequences a schedule tries to send to the terminal: a hyperlink, a window title, clearing and blinking.
SENT = ["\x1b]8;;https://evil.example\x1b\\EVILLINK\x1b]8;;\x1b\\", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[5mblink"]


def bytes_written_by_the_planner(schedule: Path, data_dir: Path, wanted: bytes) -> bytes:
    """Everything the real `confplan` writes to a pseudo-terminal until it has drawn ``wanted``, then quits."""
    env = dict(os.environ, CONFPLAN_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS="120", LINES="40")
    child = pexpect.spawn(confplan_command(), ["--schedule", str(schedule)], env=env, dimensions=(40, 120))
    written = b""
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and wanted not in written:
            try:
                written += child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
        assert wanted in written, written[-2000:]
        # ``wanted`` can arrive in the first chunk of a frame: read on until the planner has been quiet for a while,
        # so that the whole frame (the list below the status line) is in ``written``.
        while time.monotonic() < deadline:
            try:
                written += child.read_nonblocking(65536, timeout=1.0)
            except pexpect.TIMEOUT:
                break
        child.send("q")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        child.close(force=True)
    return written


@pytest.mark.parametrize(
    "where",
    [
        "event texts",
        "conference name",
    ],
)
def test_no_sequence_from_a_schedule_reaches_the_terminal(tmp_path: Path, where: str) -> None:
    document = json.loads((FIXTURES / "schedule2_flat.json").read_text(encoding="utf-8"))
    hostile = "Hostile " + " ".join(SENT)
    if where == "event texts":
        for event in document["schedule"]["events"]:
            event["title"], event["abstract"], event["room"]["name"] = hostile, hostile, "Room " + hostile
            event["participants"] = [{"name": hostile}]
    else:
        document["schedule"]["conference"]["title"] = hostile
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(document), encoding="utf-8")
    # Read the raw bytes, not an emulated screen: a stray OSC swallows the rest of the frame in a real terminal.
    written = bytes_written_by_the_planner(schedule, tmp_path / "data", b"picks")
    for sequence in SENT:
        assert sequence.encode() not in written, sequence
    assert b"EVILLINK" in written  # the text was on screen, as text
