"""The .ics export: times in the right zone, text that survives, UIDs that stay, updates that update."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.errors import ConfplanError
from confplan.model import Conference, Kind, Link, Presentation, Session, TimeSource
from confplan.storage.export_ics import UID_NAMESPACE, Expected, _serialised, build_calendar, event_uid, verify_calendar
from confplan.storage.export_state import load_state, save_state, state_path_for
from confplan.storage.loading import load_schedule

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2023, 10, 1, 9, 30, tzinfo=UTC)  # the export's fixed clock

# Abstract text that iCalendar must escape or fold with care.
TRICKY = (
    "Commas, semicolons; and a backslash \\ in one line.\n"
    "A second line, with emoji 🎉 and a family 👩‍👩‍👧 (one grapheme, five code points).\n"
    "Windows line end here\r\nand an old Mac one here\rthen a tab\tand an escape \x1b[31m that must not act.\n"
    + "Très long: "
    + "é😀—ü" * 60
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 10, day, hour, minute, tzinfo=BRUSSELS)


def brussels_conference() -> Conference:
    """Two days around the end of summer time in Brussels (29 October 2023, 03:00 CEST -> 02:00 CET)."""
    saturday = Session(
        "sat001", Kind.ORAL, "Oral 1: Before the change", at(28, 10), at(28, 11), room="Room A",
        track="Clocks, calendars; and time", presentation_ids=("talk01", "talk02"),
    )  # fmt: skip
    talk1 = Presentation(
        "talk01", Kind.ORAL, "Summer time talk", at(28, 10), at(28, 10, 30), room="Room A",
        track="Clocks, calendars; and time", abstract=TRICKY, session_id="sat001", position=0,
        start_source=TimeSource.ESTIMATED, end_source=TimeSource.ESTIMATED,
        time_note="≈ estimated: talk 1 of 2, in a 30-minute slot",
    )  # fmt: skip
    talk2 = Presentation(
        "talk02", Kind.ORAL, "Second talk", at(28, 10, 30), at(28, 11), room="Room A",
        track="Clocks, calendars; and time", abstract="Plain.", session_id="sat001", position=1,
    )  # fmt: skip
    # Crosses the change: 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC) is nine hours, not eight.
    night = Session("night1", Kind.SOCIAL, "Night hackathon", at(28, 22), at(29, 6), description="Bring snacks")
    parallel = Session("sat002", Kind.ORAL, "Oral 2: In parallel", at(28, 10, 15), at(28, 10, 45), room="Room B")
    sunday = Session("sun001", Kind.POSTER, "Poster session after the change", at(29, 10), at(29, 12), room="Hall")
    return Conference(
        name="Synthetic Conference 2023",
        timezone="Europe/Brussels",
        sessions=(saturday, parallel, night, sunday),
        presentations=(talk1, talk2),
        venue="Square, Brussels",
    )


def agenda_of(conference: Conference, *ids: str, maybe: tuple[str, ...] = ()) -> Agenda:
    agenda = Agenda.for_conference(conference)
    for event_id in ids:
        agenda.pick(conference[event_id], Priority.MAYBE if event_id in maybe else Priority.MUST)
    return agenda


def events_of(data: bytes) -> dict[str, Calendar]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(conference: Conference, event_id: str) -> str:
    return event_uid(conference, event_id)


# --- the golden file --------------------------------------------------------------------------------------------


def test_small_export_matches_the_golden_file() -> None:
    """The whole file, byte for byte: set CONFPLAN_UPDATE_GOLDEN=1 to rewrite it after a deliberate change (and read
    the diff before committing it)."""
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "sat002", "night1", "sun001", maybe=("sun001",))
    agenda.set_note("night1", "Sleep first; then code, maybe")
    data, _ = build_calendar(conference, agenda, now=NOW, remind=timedelta(minutes=10))
    golden = GOLDEN / "brussels_small.ics"
    if os.environ.get("CONFPLAN_UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes()


# --- time zones -------------------------------------------------------------------------------------------------


def test_times_carry_the_conference_zone_and_its_vtimezone_comes_first() -> None:
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "sun001"), now=NOW)
    text = data.decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "X-WR-TIMEZONE:Europe/Brussels\r\n" in text
    assert "DTSTART;TZID=Europe/Brussels:20231028T100000\r\n" in text
    assert "DTSTART;TZID=Europe/Brussels:20231029T100000\r\n" in text
    assert "Z\r\n" not in text.replace("DTSTAMP:20231001T093000Z\r\n", "")  # no event time in UTC
    assert Calendar.from_ical(data).get_missing_tzids() == set()


def test_the_vtimezone_alone_places_events_on_both_sides_of_the_dst_change() -> None:
    """Resolve the times with the VTIMEZONE from the file only, as a calendar without a zone database would."""
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "night1", "sun001"), now=NOW)
    calendar = Calendar.from_ical(data)
    [vtimezone] = calendar.timezones
    assert vtimezone.tz_name == "Europe/Brussels"
    assert {str(s["TZNAME"]) for s in vtimezone.daylight} == {"CEST"}
    assert {str(s["TZNAME"]) for s in vtimezone.standard} == {"CET"}
    file_zone = vtimezone.to_tz(lookup_tzid=False)

    def landed(event_id: str, name: str) -> datetime:
        prop = events_of(data)[uid(conference, event_id)][name]
        return prop.dt.replace(tzinfo=file_zone).astimezone(UTC)  # type: ignore[no-any-return]

    assert landed("talk01", "DTSTART") == datetime(2023, 10, 28, 8, 0, tzinfo=UTC)  # CEST, +02:00
    assert landed("sun001", "DTSTART") == datetime(2023, 10, 29, 9, 0, tzinfo=UTC)  # CET, +01:00
    assert landed("night1", "DTSTART") == datetime(2023, 10, 28, 20, 0, tzinfo=UTC)
    assert landed("night1", "DTEND") == datetime(2023, 10, 29, 5, 0, tzinfo=UTC)  # nine hours later
    # The file's zone agrees with zoneinfo on every hour of the two days.
    hour = datetime(2023, 10, 27, 0, tzinfo=UTC)
    while hour < datetime(2023, 10, 31, tzinfo=UTC):
        assert hour.astimezone(file_zone).utcoffset() == hour.astimezone(BRUSSELS).utcoffset(), hour
        hour += timedelta(hours=1)


def test_event_times_in_another_zone_are_written_in_the_conference_zone() -> None:
    conference = brussels_conference()
    utc_session = dataclasses.replace(
        conference["sun001"], start=at(29, 10).astimezone(UTC), end=at(29, 12).astimezone(UTC)
    )
    moved = dataclasses.replace(conference, sessions=(*conference.sessions[:3], utc_session))
    data, _ = build_calendar(moved, agenda_of(moved, "sun001"), now=NOW)
    assert b"DTSTART;TZID=Europe/Brussels:20231029T100000\r\n" in data


# --- text -------------------------------------------------------------------------------------------------------


def test_tricky_text_round_trips_and_every_line_is_folded_on_a_character_boundary() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01")
    agenda.set_note("talk01", "Ask about; commas, and \\ backslashes 🎉")
    data, _ = build_calendar(conference, agenda, now=NOW)

    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    lines = data.split(b"\r\n")
    assert lines[-1] == b""  # ends with CRLF
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8 by itself: no character was split
    assert max(len(line) for line in lines) >= 73  # long lines were really folded, close to the limit
    assert b"Commas\\, semicolons\\; and a backslash \\\\ in one line.\\n" in data.replace(b"\r\n ", b"")

    description = str(events_of(data)[uid(conference, "talk01")]["DESCRIPTION"])
    expected_abstract = (
        TRICKY.replace("\r\n", "\n").replace("\r", "\n").replace("\x1b", "")  # newlines unified, control chars gone
    )
    assert description.endswith(expected_abstract)
    assert "Your note: Ask about; commas, and \\ backslashes 🎉" in description
    assert "👩‍👩‍👧" in description and "\x1b" not in description
    categories = [str(c) for c in events_of(data)[uid(conference, "talk01")]["CATEGORIES"].cats]
    assert categories == ["oral", "Clocks, calendars; and time"]


# Characters whose folding needs care: escapes (\\ ^), multi-byte UTF-8 (2, 3 and 4 octets), and what is escaped.
_FOLD_ALPHABET = st.sampled_from(["a", " ", "\\", "^", ",", ";", "\n", "é", "€", "🙂", '"', "x"])


@settings(max_examples=300, deadline=None)
@given(st.text(_FOLD_ALPHABET, max_size=400), st.text(_FOLD_ALPHABET, min_size=60, max_size=160))
def test_the_export_folds_lines_into_the_same_bytes_as_icalendar(description: str, summary: str) -> None:
    # The export folds long lines itself (icalendar's folding is slow): byte for byte as icalendar would.
    calendar = Calendar()
    event = Event()
    event.add("summary", summary)
    event.add("description", description)
    calendar.add_component(event)
    assert _serialised(calendar) == calendar.to_ical()


def test_description_says_how_uncertain_times_were_obtained_and_names_the_session() -> None:
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "talk02"), now=NOW)
    events = events_of(data)
    estimated = str(events[uid(conference, "talk01")]["DESCRIPTION"])
    assert "Session: Oral 1: Before the change" in estimated
    assert "Track: Clocks, calendars; and time" in estimated
    assert "estimated: talk 1 of 2, in a 30-minute slot" in estimated
    assert "estimated" not in str(events[uid(conference, "talk02")]["DESCRIPTION"])
    assert str(events[uid(conference, "talk01")]["LOCATION"]) == "Room A, Square, Brussels"


def test_description_names_clashes_with_other_picks() -> None:
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "sat002", "sun001"), now=NOW)
    events = events_of(data)
    for event_id, other in (("talk01", "sat002"), ("sat002", "talk01")):
        description = str(events[uid(conference, event_id)]["DESCRIPTION"])
        [clash] = [line for line in description.splitlines() if line.startswith("Clash: ")]
        assert other in clash and "probably overlap, by about 15 minutes (by estimated times)" in clash
    assert "Clash" not in str(events[uid(conference, "sun001")].get("DESCRIPTION", ""))


def test_maybe_picks_are_tentative_and_marked() -> None:
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "sun001", maybe=("sun001",)), now=NOW)
    events = events_of(data)
    maybe, must = events[uid(conference, "sun001")], events[uid(conference, "talk01")]
    assert (str(maybe["STATUS"]), str(maybe["SUMMARY"])) == ("TENTATIVE", "[maybe] Poster session after the change")
    assert (str(must["STATUS"]), str(must["SUMMARY"])) == ("CONFIRMED", "Summer time talk")


def test_remind_adds_a_display_alarm_to_every_event() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "talk02", "sun001")
    data, _ = build_calendar(conference, agenda, now=NOW, remind=timedelta(minutes=10))
    alarms = [e.walk("VALARM") for e in events_of(data).values()]
    assert len(alarms) == 3 and all(len(a) == 1 for a in alarms)
    for [alarm] in alarms:
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].dt == timedelta(minutes=-10)
    plain, _ = build_calendar(conference, agenda, now=NOW)
    assert b"VALARM" not in plain


def test_a_pick_no_longer_in_the_programme_is_exported_cancelled_as_it_was_picked() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk02")
    agenda.add(Pick("gone01", "A keynote", at(28, 9), at(28, 10), "Room Z"))
    data, _ = build_calendar(conference, agenda, now=NOW)
    gone = events_of(data)[uid(conference, "gone01")]
    assert str(gone["SUMMARY"]) == "[cancelled] A keynote"
    assert str(gone["STATUS"]) == "CANCELLED"
    assert "no longer in the programme" in str(gone["DESCRIPTION"])
    assert gone["DTSTART"].dt == at(28, 9)
    assert str(events_of(data)[uid(conference, "talk02")]["STATUS"]) == "CONFIRMED"


def test_an_event_the_programme_marks_cancelled_is_exported_cancelled_with_a_higher_sequence() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk02")
    first, state = build_calendar(conference, agenda, now=NOW)
    talk = conference["talk02"]
    assert isinstance(talk, Presentation)
    renamed = dataclasses.replace(talk, title="CANCELLED: " + talk.title)
    changed = dataclasses.replace(
        conference, presentations=tuple(renamed if p.id == talk.id else p for p in conference.presentations)
    )
    second, _ = build_calendar(changed, agenda, now=NOW, previous=state)
    before, after = events_of(first)[uid(conference, "talk02")], events_of(second)[uid(conference, "talk02")]
    assert str(after["STATUS"]) == "CANCELLED" and str(before["STATUS"]) == "CONFIRMED"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


# --- empty, uniqueness, stability, determinism -----------------------------------------------------------------


def test_zero_picks_give_a_valid_calendar_with_no_events() -> None:
    conference = brussels_conference()
    data, state = build_calendar(conference, Agenda.for_conference(conference), now=NOW)
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Brussels"]  # a VCALENDAR needs one component
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH" and calendar["PRODID"]
    assert state.events == {}


def test_uids_are_uuid5_of_conference_and_event_and_unique_in_the_whole_programme() -> None:
    conference, _ = load_schedule(None)
    data, _ = build_calendar(conference, Agenda.for_conference(conference), now=NOW, all_events=True)
    uids = [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert len(uids) == len(conference) == len(set(uids))
    first = next(conference.events())
    assert event_uid(conference, first.id) == str(uuid.uuid5(UID_NAMESPACE, f"iclr 2023\n{first.id}"))
    # Same event, another export with another clock, another agenda, another spelling of the name: same UID.
    other = dataclasses.replace(conference, name="  ICLR   2023 ")
    agenda = agenda_of(other, first.id)
    later, _ = build_calendar(other, agenda, now=NOW + timedelta(days=30))
    assert list(events_of(later)) == [event_uid(conference, first.id)]
    assert event_uid(dataclasses.replace(conference, name="ICLR 2024"), first.id) != event_uid(conference, first.id)


def test_same_input_and_clock_give_the_same_bytes_in_separate_processes() -> None:
    """Processes with other hash seeds (set order) and other machine time zones must write the same bytes."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from test_export_ics import brussels_conference, agenda_of, NOW;"
        "from confplan.storage.export_ics import build_calendar;"
        "c = brussels_conference();"
        "sys.stdout.buffer.write(build_calendar(c, agenda_of(c, 'talk01', 'night1', 'sun001', 'talk02'), now=NOW)[0])"
    )
    outputs = set()
    for seed, machine_zone in (("1", "Pacific/Kiritimati"), ("2", "America/Los_Angeles"), ("3", "UTC")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": machine_zone}
        result = subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent)], env=env, capture_output=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1 and b"BEGIN:VEVENT" in outputs.pop()


# --- updates: SEQUENCE and CANCELLED ---------------------------------------------------------------------------


def sequences(data: bytes) -> dict[str, tuple[int, str]]:
    return {u: (int(e["SEQUENCE"]), str(e["STATUS"])) for u, e in events_of(data).items()}


def moved(conference: Conference, event_id: str, hours: int) -> Conference:
    """The conference with one presentation moved by ``hours`` (as a schedule override would)."""
    presentations = tuple(
        dataclasses.replace(p, start=p.start + timedelta(hours=hours), end=p.end + timedelta(hours=hours))
        if p.id == event_id
        else p
        for p in conference.presentations
    )
    return dataclasses.replace(conference, presentations=presentations)


def test_an_unchanged_re_export_keeps_every_sequence() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "talk02")
    first, state = build_calendar(conference, agenda, now=NOW)
    second, state2 = build_calendar(conference, agenda, now=NOW + timedelta(days=1), previous=state)
    assert (
        sequences(first)
        == sequences(second)
        == {
            uid(conference, "talk01"): (0, "CONFIRMED"),
            uid(conference, "talk02"): (0, "CONFIRMED"),
        }
    )
    assert state2 == state


def test_a_moved_or_edited_pick_gets_a_higher_sequence_and_a_removed_one_is_cancelled_once() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "talk02", "sun001")
    _, state = build_calendar(conference, agenda, now=NOW)

    later = moved(conference, "talk02", 2)  # talk02 moves; sun001 is unpicked; talk01's note changes
    agenda.unpick("sun001")
    agenda.set_note("talk01", "front row")
    data, state = build_calendar(later, agenda, now=NOW, previous=state)
    assert sequences(data) == {
        uid(conference, "talk01"): (1, "CONFIRMED"),
        uid(conference, "talk02"): (1, "CONFIRMED"),
        uid(conference, "sun001"): (1, "CANCELLED"),
    }
    events = events_of(data)
    assert events[uid(conference, "talk02")]["DTSTART"].dt == at(28, 12, 30)
    cancelled = events[uid(conference, "sun001")]
    assert cancelled["DTSTART"].dt == at(29, 10)  # where the calendar has it
    assert str(cancelled["SUMMARY"]).endswith("Poster session after the change")

    # The cancellation was sent: the next export leaves it out, but remembers its sequence.
    data, state = build_calendar(later, agenda, now=NOW, previous=state)
    assert sequences(data) == {uid(conference, "talk01"): (1, "CONFIRMED"), uid(conference, "talk02"): (1, "CONFIRMED")}
    # Picked again: it comes back above the cancellation's sequence.
    agenda.pick(later["sun001"], Priority.MAYBE)
    data, _ = build_calendar(later, agenda, now=NOW, previous=state)
    assert sequences(data)[uid(conference, "sun001")] == (2, "TENTATIVE")


def test_priority_change_and_new_reminder_count_as_changes() -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "talk02")
    _, state = build_calendar(conference, agenda, now=NOW)
    agenda.pick(conference["talk01"], Priority.MAYBE)
    data, state = build_calendar(conference, agenda, now=NOW, previous=state)
    assert sequences(data)[uid(conference, "talk01")] == (1, "TENTATIVE")
    assert sequences(data)[uid(conference, "talk02")] == (0, "CONFIRMED")
    data, _ = build_calendar(conference, agenda, now=NOW, previous=state, remind=timedelta(minutes=5))
    assert sequences(data)[uid(conference, "talk02")] == (1, "CONFIRMED")


def test_the_state_file_round_trips_beside_the_agenda(tmp_path: Path) -> None:
    conference = brussels_conference()
    agenda = agenda_of(conference, "talk01", "night1")
    _, state = build_calendar(conference, agenda, now=NOW)
    path = state_path_for(tmp_path / "iclr.yaml")
    assert path == tmp_path / "iclr.yaml.export-state.json"
    assert load_state(path) is None
    save_state(path, state)
    assert load_state(path) == state
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left behind


@pytest.mark.parametrize(
    "content",
    ["not json", '{"format": 99, "events": {}}', '{"format": 1, "events": {"x": {"start": "2023-10-28T10:00"}}}'],
)
def test_a_damaged_state_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "a.yaml.export-state.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfplanError) as caught:
        load_state(path)
    message = str(caught.value)
    assert str(path) in message and "damaged" in message and "Delete it" in message


# --- the self-check ---------------------------------------------------------------------------------------------


@pytest.fixture
def exported() -> Iterator[tuple[bytes, dict[str, Expected]]]:
    conference = brussels_conference()
    data, _ = build_calendar(conference, agenda_of(conference, "talk01", "sun001"), now=NOW)
    yield (
        data,
        {
            uid(conference, "talk01"): Expected(at(28, 10), at(28, 10, 30), "CONFIRMED"),
            uid(conference, "sun001"): Expected(at(29, 10), at(29, 12), "CONFIRMED"),
        },
    )


def test_verify_accepts_the_export(exported: tuple[bytes, dict[str, Expected]]) -> None:
    data, expected = exported
    verify_calendar(data, "Europe/Brussels", expected)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        (b"DTSTART;TZID=Europe/Brussels:20231029T100000", b"DTSTART;TZID=Europe/Brussels:20231029T110000", "DTSTART"),
        (b"TZOFFSETTO:+0100\r\nEND:STANDARD", b"TZOFFSETTO:+0300\r\nEND:STANDARD", "lands at"),  # a wrong VTIMEZONE
        (b"TZID:Europe/Brussels\r\n", b"TZID:Europe/Paris\r\n", "no VTIMEZONE"),
        (b"STATUS:CONFIRMED", b"STATUS:CANCELLED", "STATUS"),
        (b"\r\nEND:VCALENDAR", b"\nEND:VCALENDAR", "CR LF"),
    ],
)
def test_verify_catches_a_wrong_file(
    exported: tuple[bytes, dict[str, Expected]], old: bytes, new: bytes, complaint: str
) -> None:
    data, expected = exported
    assert old in data
    with pytest.raises(ConfplanError) as caught:
        verify_calendar(data.replace(old, new), "Europe/Brussels", expected)
    assert complaint in str(caught.value) and "bug in confplan" in str(caught.value)


def test_verify_catches_a_missing_or_duplicated_event(exported: tuple[bytes, dict[str, Expected]]) -> None:
    data, expected = exported
    extra = dict(expected)
    extra["another"] = next(iter(expected.values()))
    with pytest.raises(ConfplanError, match="another is missing"):
        verify_calendar(data, "Europe/Brussels", extra)
    start = data.index(b"BEGIN:VEVENT")
    end = data.index(b"END:VEVENT\r\n") + len(b"END:VEVENT\r\n")
    doubled = data[:end] + data[start:end] + data[end:]
    with pytest.raises(ConfplanError, match="appears twice"):
        verify_calendar(doubled, "Europe/Brussels", expected)


def test_hostile_conference_name_and_link_cannot_break_the_file() -> None:
    conference = dataclasses.replace(brussels_conference(), name="Evil\r\nBEGIN:VEVENT\x00 Conf")
    talk = dataclasses.replace(conference["talk02"], links=(Link("https://example.org/a b\r\nSUMMARY:x"),))
    hostile = dataclasses.replace(conference, presentations=(conference["talk01"], talk))
    data, _ = build_calendar(hostile, agenda_of(hostile, "talk02"), now=NOW)
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1 and b"\x00" not in data
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Evil BEGIN:VEVENT Conf — my agenda"
    [event] = calendar.walk("VEVENT")
    assert str(event["URL"]) == "https://example.org/abSUMMARY:x" and str(event["SUMMARY"]) == "Second talk"
