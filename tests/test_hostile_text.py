"""Schedule text that tries to act (markup, escape sequences, bidi overrides, NUL, huge lines) stays inert text."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from confplan.cli import main
from confplan.domain.agenda import Agenda, Pick
from confplan.model import Conference, Kind, Link, Presentation, Session, TimeSource
from confplan.storage.export_ics import build_calendar
from confplan.storage.store import load_agenda, save_agenda
from iclr_events import iclr

HOSTILE_ABSTRACT = (
    "[bold red]Not bold[/] [ AD10 ] [/] [link=https://evil.example]x[/link] "
    "\x1b[31mred\x1b[0m \x1b]0;pwned title\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ "
    "\u202egnp.exe\u202c nul\x00byte bell\x07 backspace\x08 "
    "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected"
)


@pytest.fixture
def hostile_schedule(tmp_path: Path) -> Path:
    lines = [
        "Poster Session 3 Tue 2 May 11:30 a.m.",
        "[ MH1 ]",
        HOSTILE_ABSTRACT.replace("\r\n", " "),
        "[ MH1 ]",
        "x" * 1_000_000,
    ]
    path = tmp_path / "programme.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "conference.yaml").write_text("timezone: Africa/Kigali\nyear: 2023\n")
    return path


def test_plain_output_never_carries_control_characters(
    hostile_schedule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["list"], ["list", "--search", "bold"]):
        assert main(["--schedule", str(hostile_schedule), *args]) == 0
        out = capsys.readouterr().out
        assert out
        assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in out)
        assert "\u202e" not in out
        assert "[bold red]Not bold[/]" in out  # shown literally, not interpreted
    (poster_id,) = [e["id"] for e in _events(hostile_schedule, capsys) if "Not bold" in e["title"]]
    assert main(["--schedule", str(hostile_schedule), "show", poster_id]) == 0
    shown = capsys.readouterr().out
    assert "\\x1b[31mred\\x1b[0m" in shown and "\\u202e" in shown and "\\x00" in shown
    assert "\x1b" not in shown


def test_json_output_keeps_the_text_exactly(hostile_schedule: Path, capsys: pytest.CaptureFixture[str]) -> None:
    abstracts = [e["abstract"] for e in _events(hostile_schedule, capsys) if e["level"] == "presentation"]
    assert abstracts[0] == HOSTILE_ABSTRACT.replace("\r\n", " ")  # JSON escapes it; the data is not altered
    assert len(abstracts[1]) == 1_000_000


def _events(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    assert main(["--schedule", str(path), "list", "--json"]) == 0
    events: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return events


# --- the .ics export: hostile text stays text (escaped), never new properties or components --------------------

KIGALI = ZoneInfo("Africa/Kigali")
# Each tries to end the current line and start a property or component of its own, with every kind of line break.
INJECTIONS = [
    "\r\nBEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT1M\r\nEND:VALARM",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\r\nSUMMARY:injected\r\nDTSTART:20230502T100000Z",
    "\nATTENDEE;CN=Eve:mailto:eve@evil.example",
    "\rRRULE:FREQ=SECONDLY",
    "\x85X-INJECTED-NEL:1",  # NEL, a C1 control character
    "\u2028X-INJECTED-LS:1\u2029X-INJECTED-PS:1",
    "\\nATTACH:https://evil.example/literal-backslash-n",
    ";X-PARAM=1:ORGANIZER:mailto:eve@evil.example",
    "\x00NUL \x1b]0;title\x07 \x1b[2J [bold]markup[/] \u202egnp.exe",
]
HOSTILE = "Title " + " ".join(INJECTIONS)


def hostile_conference() -> Conference:
    start = datetime(2023, 5, 2, 10, 0, tzinfo=KIGALI)
    session = Session(
        "s00001", Kind.ORAL, HOSTILE, start, start + timedelta(hours=1), room="Room " + INJECTIONS[0],
        track="Track " + INJECTIONS[2], description="Session " + HOSTILE, presentation_ids=("p00001",),
    )  # fmt: skip
    talk = Presentation(
        "p00001", Kind.ORAL, "Talk " + HOSTILE, start, start + timedelta(minutes=10), room="Room " + INJECTIONS[1],
        track="Track " + INJECTIONS[3], abstract="Abstract " + HOSTILE, speakers=("Eve" + INJECTIONS[2], "Mallory"),
        links=(Link("https://example.org/talk" + INJECTIONS[1]),), session_id="s00001",
        start_source=TimeSource.ESTIMATED, time_note="≈ " + INJECTIONS[3],
    )  # fmt: skip
    return Conference("Conf " + INJECTIONS[1], "Africa/Kigali", (session,), (talk,), venue="Venue" + INJECTIONS[2])


def hostile_agenda(conference: Conference) -> Agenda:
    agenda = Agenda.for_conference(conference, owner="Owner" + INJECTIONS[0])
    for event in conference.events():
        agenda.pick(event, note="Note " + HOSTILE)
    orphan_start = datetime(2023, 5, 2, 15, 0, tzinfo=KIGALI)  # a colleague's pick that is not in the programme
    agenda.add(
        Pick("orphan" + INJECTIONS[1], "Orphan " + HOSTILE, orphan_start, orphan_start + timedelta(hours=1),
             "Room " + INJECTIONS[0], note="Note " + HOSTILE, picked_by="Eve" + INJECTIONS[2])
    )  # fmt: skip
    return agenda


EVENT_PROPERTIES = {"UID", "X-CONFPLAN-ID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION"} | {
    "DESCRIPTION", "CATEGORIES", "STATUS", "URL"
}  # fmt: skip
CALENDAR_PROPERTIES = {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE"}


@pytest.mark.parametrize("all_events", [False, True])
def test_ics_export_carries_hostile_text_as_escaped_text_only(all_events: bool) -> None:
    conference = hostile_conference()
    agenda = hostile_agenda(conference)
    now = datetime(2023, 4, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    data, _ = build_calendar(conference, agenda, now=now, remind=timedelta(minutes=10), all_events=all_events)

    calendar = Calendar.from_ical(data)  # re-parsed by the library calendar programs use
    assert calendar.name == "VCALENDAR" and set(calendar) == CALENDAR_PROPERTIES
    events = calendar.walk("VEVENT")
    assert len(events) == (2 if all_events else 3)  # no event was added by the text
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", *["VEVENT"] * len(events)]
    for event in events:
        assert set(event) <= EVENT_PROPERTIES, set(event) - EVENT_PROPERTIES
        assert [c.name for c in event.subcomponents] == ["VALARM"]  # only the reminder asked for
        assert set(event.subcomponents[0]) == {"ACTION", "DESCRIPTION", "TRIGGER"}
        assert str(event["STATUS"]) in ("CONFIRMED", "CANCELLED")
        # The text itself arrives, with its line breaks as text and its control characters dropped.
        summary = str(event["SUMMARY"])
        assert "Title \nBEGIN:VALARM\nACTION:AUDIO" in summary and "\nATTENDEE;CN=Eve:mailto:" in summary
        assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in summary)
    assert str(calendar["X-WR-CALNAME"]).startswith("Conf ") and "\n" not in str(calendar["X-WR-CALNAME"])

    # Unfolded, every line of the file starts a property we write or a component we write; nothing else.
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert lines[-1] == ""
    names = {re.split(r"[;:]", line, maxsplit=1)[0] for line in lines[:-1]}
    allowed = EVENT_PROPERTIES | CALENDAR_PROPERTIES | {"BEGIN", "END", "ACTION", "TRIGGER", "TZID", "TZNAME"}
    allowed |= {"TZOFFSETFROM", "TZOFFSETTO", "RRULE", "RDATE", "COMMENT"}  # inside the VTIMEZONE
    assert names <= allowed, names - allowed
    begins = [line for line in lines if line.startswith("BEGIN:")]
    assert begins.count("BEGIN:VEVENT") == len(events) and begins.count("BEGIN:VALARM") == len(events)
    assert not any(line.startswith("RRULE") for line in lines if "FREQ=SECONDLY" in line)


def test_ics_export_keeps_a_note_s_words_as_escaped_text() -> None:
    conference = hostile_conference()
    data, _ = build_calendar(conference, hostile_agenda(conference), now=datetime(2023, 4, 1, tzinfo=ZoneInfo("UTC")))
    [talk] = [e for e in Calendar.from_ical(data).walk("VEVENT") if str(e["X-CONFPLAN-ID"]) == "p00001"]
    description = str(talk["DESCRIPTION"])
    assert "Your note: Note Title \nBEGIN:VALARM\nACTION:AUDIO" in description  # CRLF became one newline, as text
    assert "\\nATTACH:https://evil.example/literal-backslash-n" in description  # a backslash stays a backslash
    assert ";X-PARAM=1:ORGANIZER:mailto:eve@evil.example" in description
    assert "[bold]markup[/] \u202egnp.exe" in description
    assert b"\\nBEGIN:VALARM\\nACTION:AUDIO" in data.replace(b"\r\n ", b"")  # escaped on the wire


# --- the YAML agenda: hostile notes come back exactly, and the file itself cannot act on a terminal --------------


def test_yaml_agenda_keeps_hostile_notes_exactly(tmp_path: Path) -> None:
    conference = hostile_conference()
    agenda = hostile_agenda(conference)
    [session, talk] = list(conference.events())
    agenda.set_note(session.id, HOSTILE_ABSTRACT + "\x00\x7f\x9b[31m" + "\n" + "y" * 1_000_000)  # a 1 MB line
    agenda.set_note(talk.id, "\r\n".join(INJECTIONS) + "\n\n  trailing spaces  \n")
    path = tmp_path / "agenda.yaml"
    save_agenda(agenda, path, conference)

    loaded = load_agenda(path, conference)
    assert loaded == agenda
    assert loaded.get(session.id).note == agenda.get(session.id).note  # type: ignore[union-attr]
    assert loaded.owner == "Owner" + INJECTIONS[0]
    # YAML escapes control characters ("\e", "\0", "\r"), so `cat agenda.yaml` shows them, never obeys them.
    text = path.read_text(encoding="utf-8")
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


def test_agenda_commands_print_a_colleague_s_hostile_agenda_inertly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    conference = iclr()
    theirs = Agenda.for_conference(conference, owner="Eve\x1b]0;pwned\x07\u202e")
    real = next(iter(conference.events()))
    theirs.pick(real, note="Note " + HOSTILE)
    orphan_start = datetime(2023, 5, 2, 15, 0, tzinfo=KIGALI)
    theirs.add(Pick("orphan" + INJECTIONS[1], "Orphan " + HOSTILE, orphan_start, orphan_start + timedelta(hours=1),
                    "Room " + INJECTIONS[0], note="Note " + HOSTILE))  # fmt: skip
    path = tmp_path / "eve.yaml"
    save_agenda(theirs, path, conference)
    capsys.readouterr()
    mine = str(tmp_path / "mine.yaml")
    for command, names_the_orphan in (
        (["agenda", "show", "--agenda", str(path)], True),
        (["conflicts", "--agenda", str(path)], False),
        (["agenda", "diff", str(path), "--agenda", mine], True),
        (["agenda", "merge", str(path), "--agenda", mine], True),
    ):
        assert main(command) == 0
        out, err = capsys.readouterr()
        assert ("Orphan Title \\x0d\\x0aBEGIN:VALARM" in out) is names_the_orphan, command
        assert not [c for c in out + err if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"], command
    merged = load_agenda(tmp_path / "mine.yaml", conference)
    assert merged.get("orphan" + INJECTIONS[1]).note == "Note " + HOSTILE  # type: ignore[union-attr]
