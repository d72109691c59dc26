"""The export's self-check reads the events back without icalendar's slow line parser: it must still catch what a
wrong export would get wrong, wherever the property sits in the event and however it is folded."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from bench.synthetic import generate, write
from confplan.domain.agenda import Agenda
from confplan.errors import ConfplanError
from confplan.storage.export_ics import Expected, build_calendar, event_uid, verify_calendar
from confplan.storage.loading import load_schedule

NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, Expected]]:
    path = tmp_path_factory.mktemp("export") / "schedule.xml"
    write(generate(300), "xml", path)
    conference, _ = load_schedule(path)
    agenda = Agenda.for_conference(conference)
    for event in random.Random(5).sample(list(conference.events()), 120):
        agenda.pick(event)
    data, _ = build_calendar(conference, agenda, now=NOW)
    expected = {
        event_uid(conference, p.id): Expected(conference[p.id].start, conference[p.id].end, "CONFIRMED") for p in agenda
    }
    return data, expected


def complaints(data: bytes, expected: dict[str, Expected]) -> str:
    try:
        verify_calendar(data, "Europe/Brussels", expected)
    except ConfplanError as exc:
        return str(exc)
    return ""


def test_the_export_of_many_clashing_picks_passes(exported: tuple[bytes, dict[str, Expected]]) -> None:
    assert complaints(*exported) == ""


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        (b"DTEND;TZID=Europe/Brussels:", b"DTEND;TZID=Europe/Paris:", "DTEND is not a date-time"),
        (b"DTSTART;TZID=Europe/Brussels:2025", b"DTSTART;VALUE=DATE:2025", "DTSTART is not a date-time"),
        (b"\r\nUID:", b"\r\nX-UID:", "missing"),
        (b"STATUS:CONFIRMED", b"STATUS:TENTATIVE", "STATUS is TENTATIVE"),
    ],
)
def test_a_wrong_event_is_caught(
    exported: tuple[bytes, dict[str, Expected]], old: bytes, new: bytes, complaint: str
) -> None:
    data, expected = exported
    assert old in data
    assert complaint in complaints(data.replace(old, new, 1), expected)


def test_a_time_moved_by_an_hour_is_caught_even_when_the_line_is_folded(
    exported: tuple[bytes, dict[str, Expected]],
) -> None:
    data, expected = exported
    start = data.index(b"DTSTART;TZID=Europe/Brussels:")
    line_end = data.index(b"\r\n", start)
    line = data[start:line_end]
    hour = int(line[-6:-4])
    moved = line[:-6] + f"{(hour + 1) % 24:02d}".encode() + line[-4:]
    folded = moved[:20] + b"\r\n " + moved[20:]  # a legal fold in the middle of the value
    assert "lands at" in complaints(data[:start] + folded + data[line_end:], expected)
