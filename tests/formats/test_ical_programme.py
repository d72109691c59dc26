"""iCalendar (.ics) programmes: TZID without VTIMEZONE, VTIMEZONE at the end, UTC, floating + X-WR-TIMEZONE."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.model import Kind, Link
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES, by_title, elapsed_minutes, load, notes_of, span


def test_tzid_without_vtimezone_uses_the_iana_or_windows_zone_name() -> None:
    assert b"\r\n" in (FIXTURES / "tzid_no_vtimezone.ics").read_bytes()
    conference, reported = load("tzid_no_vtimezone.ics")
    assert conference.name == "Encontro Lisboa 2024" and conference.timezone == "Europe/Lisbon"
    events = by_title(conference)
    opening = events["Abertura: ação, coração e pão"]
    assert span(opening) == "2024-06-12 09:30+0100 – 2024-06-12 10:15+0100"
    assert opening.kind is Kind.INVITED_TALK and opening.track == "Comunidade"
    assert opening.room == "Auditório Agostinho da Silva"
    assert opening.speakers == ("João Ninguém", "Maria Sá")
    assert opening.abstract == "Uma sessão de abertura.\nSegunda linha com acentuação: ç ã é — e uma linha dobrada."
    assert opening.links == (Link("https://encontro.example.org/talk/101", "Event page"),)
    assert opening.source_id == "talk-101@encontro.example.org" and opening.source_line == 5
    workshop = events["Oficina de Python (Windows zone name)"]  # W. Europe Standard Time is UTC+2 in June
    assert span(workshop) == "2024-06-12 13:00+0100 – 2024-06-12 14:30+0100" and workshop.kind is Kind.WORKSHOP
    unknown = events["A zone nobody knows"]
    assert span(unknown) == "2024-06-12 16:00+0100 – 2024-06-12 16:30+0100"
    (note,) = notes_of(reported)
    assert "'A zone nobody knows'" in note and "'Atlantis/Lost City' is unknown" in note


def test_vtimezone_after_the_events_is_used() -> None:
    conference, reported = load("vtimezone_at_end.ics")
    events = by_title(conference)
    assert span(events["Lecture 1: Optimisation"]) == "2023-07-03 09:00+0200 – 2023-07-03 10:30+0200"
    assert events["Poster session"].kind is Kind.POSTER and events["Lecture 1: Optimisation"].kind is Kind.TALK
    # "Conference Time" is no IANA name: the zone is the fixed offset the events use, and a note says so.
    assert conference.timezone == "Etc/GMT-2"
    assert any("UTC+02:00" in n and "--timezone" in n for n in notes_of(reported))


def test_vtimezone_at_end_with_timezone_option() -> None:
    conference, reported = load("vtimezone_at_end.ics", timezone="Europe/Vienna")
    assert conference.timezone == "Europe/Vienna" and reported == []
    assert span(by_title(conference)["Poster session"]) == "2023-07-03 11:00+0200 – 2023-07-03 12:30+0200"


def test_all_utc_is_shown_in_utc_with_a_note_or_in_the_zone_given() -> None:
    conference, reported = load("all_utc.ics")
    assert conference.timezone == "UTC"
    assert any("in UTC" in n for n in notes_of(reported))
    conference, reported = load("all_utc.ics", timezone="America/Chicago")
    assert reported == []
    assert span(by_title(conference)["Talk at 16:30 UTC"]) == "2024-05-15 11:30-0500 – 2024-05-15 12:15-0500"


def test_floating_times_are_read_in_x_wr_timezone() -> None:
    conference, reported = load("floating_x_wr_timezone.ics")
    assert conference.timezone == "America/New_York" and conference.name == "PyCon US 2024"
    events = by_title(conference)
    typing = events["Typing in Python"]  # pretalx puts the speakers at the end of SUMMARY
    assert span(typing) == "2024-05-17 10:30-0400 – 2024-05-17 11:00-0400"
    assert typing.speakers == ("Ana Pérez", "Bo Li")
    asynchronous = events["Async - From Zero to Hero"]
    assert asynchronous.speakers == ("Chidi Okafor",) and asynchronous.minutes == 45  # DURATION
    notes = notes_of(reported)
    assert "not imported: 1 event(s) all-day, without a time of day" in notes
    assert "not imported: 1 event(s) marked cancelled (STATUS:CANCELLED)" in notes
    assert "Cancelled talk" not in events and "Conference day 1" not in events
    # The same UID twice (two blocks of one series): both kept, and the user told.
    blocks = [e for e in conference.events() if e.title.startswith("Lightning talks")]
    assert len(blocks) == 2 and len({b.id for b in blocks}) == 2
    assert any("UID 'repeated@example.org' appears 2 times" in n for n in notes)


def test_clocks_going_forward() -> None:
    conference, reported = load("spring_forward.ics")
    events = by_title(conference)
    night = events["Night across the change"]
    assert span(night) == "2024-03-30 23:00+0100 – 2024-03-31 04:00+0200" and elapsed_minutes(night) == 240
    missing = events["At a time that does not exist"]
    assert span(missing) == "2024-03-31 03:30+0200 – 2024-03-31 04:30+0200"
    assert any("02:30 on 2024-03-31 does not exist" in n and "03:30" in n for n in notes_of(reported))


def test_crlf_and_lf_line_ends_read_the_same(tmp_path: Path) -> None:
    lf = (FIXTURES / "floating_x_wr_timezone.ics").read_bytes()
    assert b"\r\n" not in lf
    (tmp_path / "crlf.ics").write_bytes(lf.replace(b"\n", b"\r\n"))
    (tmp_path / "lf.ics").write_bytes(lf)
    crlf_conference, _ = load_schedule(tmp_path / "crlf.ics")
    lf_conference, _ = load_schedule(tmp_path / "lf.ics")
    assert crlf_conference.sessions == lf_conference.sessions  # same events, ids, times and line numbers


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "not a readable iCalendar file"),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nSUMMARY:x\nDTSTART;VALUE=DATE:20240101\nEND:VEVENT\nEND:VCALENDAR\n",
            "no timed event",
        ),
    ],
)
def test_broken_calendars_are_one_clear_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "programme.ics"
    path.write_bytes(content)
    with pytest.raises(ConfplanError) as caught:
        load_schedule(path)
    assert any(expected in p.message for p in caught.value.problems)
