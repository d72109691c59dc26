"""Inputs that crashed or stalled a parser (found by tests/fuzz and by reading the parsers), each now refused with
one clear, located message or read correctly.  One test per finding, named after what the input does."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from confplan.domain.agenda import Agenda
from confplan.errors import ConfplanError
from confplan.formats.common import LoadOptions
from confplan.formats.frab_xml import parse_frab_xml
from confplan.formats.ical_programme import parse_ical
from confplan.formats.schedule_json import parse_schedule_json
from confplan.storage.conference_yaml import load_settings
from confplan.storage.listings import parse_reading_list_yaml
from confplan.storage.safe_yaml import read_tree
from confplan.storage.store import load_agenda, parse_agenda, save_agenda

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
OPTIONS = LoadOptions()


def refused(parse: object, *args: object) -> str:
    with pytest.raises(ConfplanError) as caught:
        parse(*args)  # type: ignore[operator]
    return str(caught.value)


# --- frab XML ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["UdF-8", "utf_16", "UTF-7", "utf-32"])
def test_xml_declaring_an_encoding_expat_cannot_read(encoding: str) -> None:
    """Was LookupError (unknown encoding) or ValueError (multi-byte encodings) from inside expat."""
    data = (FIXTURES / "fosdem_style.xml").read_bytes().replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode())
    message = refused(parse_frab_xml, data, "s.xml", OPTIONS)
    assert message.startswith("s.xml:1: the XML declares an encoding that cannot be read (")


# --- iCalendar -----------------------------------------------------------------------------------------------------

ICS = (FIXTURES / "vtimezone_at_end.ics").read_bytes()


def test_ics_with_an_unreadable_dtstart() -> None:
    """icalendar 7 keeps an unparsable DTSTART as a 'broken' property whose .dt raises; was an uncaught error."""
    data = (FIXTURES / "all_utc.ics").read_bytes().replace(b"DTSTART:20240515T163000Z", b"DTSTART:20240515|163000Z")
    message = refused(parse_ical, data, "s.ics", OPTIONS)
    assert "s.ics:4: event 'Talk at 16:30 UTC': unreadable DTSTART '20240515|163000Z'" in message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"TZID:Conference Time\n", b"TZID:Conference Time\nTZID:Conference Time\n"),  # was AttributeError
        (b"RRULE:FREQ=YEARLY;BYMONTH=10", b"RRULE:BYMONTH=10"),  # no FREQ: was TypeError from dateutil
    ],
)
def test_ics_with_a_malformed_vtimezone(old: bytes, new: bytes) -> None:
    assert refused(parse_ical, ICS.replace(old, new, 1), "s.ics", OPTIONS).startswith(
        "s.ics: not a readable iCalendar file: "
    )


def test_ics_whose_time_zone_rule_repeats_hourly_is_refused_at_once() -> None:
    """dateutil walked every occurrence since 1970 for each time converted: seconds to minutes for a few lines."""
    minutes = ",".join(str(m) for m in range(60)).encode()
    slow = ICS.replace(b"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", b"RRULE:FREQ=HOURLY;BYMINUTE=" + minutes, 1)
    started = time.monotonic()
    message = refused(parse_ical, slow, "s.ics", OPTIONS)
    assert time.monotonic() - started < 5  # generous: it is refused before any time is converted
    assert "s.ics: the time zone 'Conference Time' (VTIMEZONE) has the rule 'FREQ=HOURLY;BYMINUTE=0,1,2" in message
    assert "time-zone rules repeat yearly on a few days" in message


@pytest.mark.parametrize(
    "rule", [b"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", b"FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU"]
)
def test_real_time_zone_rules_are_still_read(rule: bytes) -> None:
    data = ICS.replace(b"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", b"RRULE:" + rule, 1)
    conference, _ = parse_ical(data, "s.ics", OPTIONS)
    assert len(conference) == 2


def test_one_calendar_s_vtimezone_does_not_decide_the_next_calendar_s_times() -> None:
    """icalendar caches VTIMEZONEs by TZID for the whole process: a second file with the same TZID got the first's."""
    shifted = ICS
    for hours in (b"+0200", b"+0100"):
        shifted = shifted.replace(hours, b"+05" + hours[3:])  # "Conference Time" is UTC+5 in this file
    first, _ = parse_ical(shifted, "first.ics", LoadOptions(timezone="UTC"))
    second, _ = parse_ical(ICS, "second.ics", LoadOptions(timezone="UTC"))
    assert min(e.start for e in first.events()).isoformat() == "2023-07-03T04:00:00+00:00"
    assert min(e.start for e in second.events()).isoformat() == "2023-07-03T07:00:00+00:00"  # 09:00 at UTC+2


@pytest.mark.parametrize(
    ("start", "end", "told"),
    [
        (b"99991231T235959Z", b"DURATION:PT1H", "the date 'DTSTART 9999-12-31 23:59:59+00:00' is out of range"),
        (b"20230101T100000Z", b"DURATION:P9999999D", "DURATION 9999999 days, 0:00:00 is out of range"),
    ],
)
def test_ics_times_at_the_ends_of_the_calendar(start: bytes, end: bytes, told: str) -> None:
    """Converting year 9999 to a zone east of UTC, or adding a huge DURATION, was an OverflowError."""
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:%s\r\n%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert told in refused(parse_ical, data % (start, end), "s.ics", LoadOptions(timezone="Pacific/Kiritimati"))


# --- schedule.json -------------------------------------------------------------------------------------------------

JSON_DOC = json.loads((FIXTURES / "schedule2_flat.json").read_bytes())


def test_json_nested_thousands_deep() -> None:
    """Was RecursionError from the json module."""
    data = b'{"schedule": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    said = refused(parse_schedule_json, data, "s.json", OPTIONS)
    assert said == "s.json:1:45: JSON nested more than 32 levels deep; a schedule needs about ten"


def test_json_with_half_a_surrogate_pair_is_read_and_printable() -> None:
    """JSON may escape half a character ("\\ud800"): it reached `list --json` and crashed the UTF-8 output."""
    document = json.loads(json.dumps(JSON_DOC))
    document["schedule"]["events"][0]["title"] = "Open\ud800ing"
    conference, _ = parse_schedule_json(json.dumps(document).encode(), "s.json", OPTIONS)
    titles = [e.title for e in conference.events()]
    assert "Open\ufffding" in titles
    "".join(titles).encode("utf-8")


@pytest.mark.parametrize("zone", ["America", "x" * 300])
def test_json_naming_a_folder_of_zones_or_a_huge_zone(zone: str) -> None:
    """ZoneInfo raises IsADirectoryError / OSError for these, not ZoneInfoNotFoundError."""
    document = json.loads(json.dumps(JSON_DOC))
    document["schedule"]["conference"]["time_zone_name"] = zone
    conference, notes = parse_schedule_json(json.dumps(document).encode(), "s.json", OPTIONS)
    assert conference.timezone != zone
    assert any("is not a known IANA zone; ignored it" in n.message for n in notes)


def test_json_with_a_date_in_year_9999() -> None:
    document = json.loads(json.dumps(JSON_DOC))
    document["schedule"]["events"][0]["start"] = "9999-12-31T23:59:59-14:00"
    message = refused(parse_schedule_json, json.dumps(document).encode(), "s.json", OPTIONS)
    assert "the date '9999-12-31T23:59:59-14:00' is out of range (years 1900–2200)" in message


# --- conference.yaml ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            "timezone: UTC\ndurations: [90]\n",
            ":2:12: expected a mapping (kind: minutes) under 'durations'; found a list",
        ),
        (
            "timezone: UTC\noverrides: [x]\n",
            ":2:12: expected a mapping (event id: {start: …, end: …}) under 'overrides'",
        ),
        (
            "timezone: UTC\noverrides: {a: {start: 2023-13-01}}\n",
            ":2:24: 'overrides.a.start': expected a date and time such as '2023-05-02 10:15', got '2023-13-01'",
        ),
        (
            "timezone: UTC\noverrides: {a: {start: '9999-12-31 23:59-14:00'}}\n",
            ":2:24: 'overrides.a.start': the date '9999-12-31 23:59-14:00' is out of range (years 1900–2200)",
        ),
        ("timezone: America\n", "'timezone': unknown time zone 'America'"),
        ("timezone: UTC\nname: &n x\nvenue: *n\n", ":2:7: an anchor (&n); anchors and aliases are not allowed"),
        ("timezone: UTC\ndurations: " + "[" * 5000 + "]" * 5000 + "\n", ":2:"),
        ("timezone: !!python/name:os.system UTC\n", ":1:11: the tag !!python/name:os.system; tags are not allowed"),
    ],
    ids=["durations list", "overrides list", "month 13", "year 9999", "zone folder", "alias", "deep", "tag"],
)
def test_conference_yaml_of_the_wrong_shape(tmp_path: Path, text: str, told: str) -> None:
    """Were AttributeError, ValueError, OverflowError, IsADirectoryError and RecursionError."""
    path = tmp_path / "conference.yaml"
    path.write_text(text, encoding="utf-8")
    message = refused(load_settings, path)
    assert message.startswith(str(path)) and told in message and "\n" not in message


# --- YAML files in general: reading lists, agendas ------------------------------------------------------------------


def test_reading_list_nested_thousands_deep() -> None:
    """PyYAML's composer recurses once per level: was RecursionError."""
    message = refused(parse_reading_list_yaml, "papers: " + "[" * 3000 + "]" * 3000, "list.yaml")
    assert message.startswith("list.yaml:1:") and "nesting" in message


def test_yaml_control_character_is_located_after_multibyte_text() -> None:
    """libyaml reports the position in bytes; the message gives line and column in characters."""
    assert refused(read_tree, "owner: Ré\x01", "a.yaml") == (
        "a.yaml:1:10: not valid YAML: the character U+0001 cannot appear in it"
    )


def test_agenda_text_with_half_a_surrogate_pair() -> None:
    """Only a str can hold one (never a UTF-8 file): was UnicodeEncodeError from libyaml."""
    assert "the character U+D800" in refused(parse_agenda, "version: 1\nowner: x\ud800\n", "a.yaml")


def test_agenda_time_in_year_9999_with_an_offset() -> None:
    """Converting it to the conference's zone was an OverflowError."""
    text = (
        "version: 1\nconference: {name: X}\npicks:\n"
        "  - {id: a, title: t, start: '9999-12-31T23:59:59-14:00', end: '9999-12-31T23:59:59-14:00'}\n"
    )
    assert "a.yaml:4:30: `start`: the date '9999-12-31T23:59:59-14:00' is out of range" in refused(
        parse_agenda, text, "a.yaml"
    )


def test_a_pick_whose_text_holds_nel_can_be_saved(tmp_path: Path) -> None:
    """PyYAML wrote NEL (U+0085) as it is and read it back as a line break, so such an agenda could not be saved
    ("would not read back as written"): picking an event with NEL in its title blocked every later save."""
    document = json.loads(json.dumps(JSON_DOC))
    document["schedule"]["events"][0]["title"] = "Open\x85ing"
    document["schedule"]["events"][0]["room"]["name"] = "\x85"
    conference, _ = parse_schedule_json(json.dumps(document).encode(), "s.json", OPTIONS)
    agenda = Agenda.for_conference(conference)
    for event in conference.events():
        agenda.pick(event, note="line\x85break")
    save_agenda(agenda, tmp_path / "a.yaml", conference)
    assert load_agenda(tmp_path / "a.yaml", conference) == agenda
