"""A schedule with UTC offsets but no zone name, whose offsets change during the event (issue 15): every time is
shown at the wall-clock time the programme states, in a real zone that has exactly those offsets.  And one whose
offset does not change: the venue's zone when its city is named and has that offset, else the fixed offset."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from confplan.formats.common import zone_fitting, zone_of_venue
from confplan.model import time_span
from confplan.storage.loading import load_schedule
from confplan.views.describe import describe
from format_helpers import notes_of

#: Seven days in October 2024: summer time (+02:00) for six of them, winter time (+01:00) on the last.
DAYS = [f"2024-10-{day}" for day in range(21, 28)]


def offset_of(day: str) -> str:
    return "+01:00" if day == "2024-10-27" else "+02:00"


def frab_xml(venue: str, city: str) -> str:
    days = "\n".join(
        f"""  <day index="{n}" date="{day}">
    <room name="Hall">
      <event guid="00000000-0000-4000-8000-0000000000{n:02d}" id="{n}">
        <date>{day}T09:00:00{offset_of(day)}</date>
        <start>09:00</start><duration>00:45</duration><room>Hall</room>
        <title>Morning talk {n}</title><type>talk</type>
      </event>
    </room>
  </day>"""
        for n, day in enumerate(DAYS, start=1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Week of talks</title><venue>{venue}</venue><city>{city}</city>
    <start>{DAYS[0]}</start><end>{DAYS[-1]}</end></conference>
{days}
</schedule>
"""


def schedule_json() -> str:
    days = [
        {
            "index": n,
            "date": day,
            "rooms": {
                "Hall": [
                    {
                        "guid": f"00000000-0000-4000-8000-0000000000{n:02d}",
                        "date": f"{day}T09:00:00{offset_of(day)}",
                        "start": "09:00",
                        "duration": "00:45",
                        "title": f"Morning talk {n}",
                        "type": "talk",
                    }
                ]
            },
        }
        for n, day in enumerate(DAYS, start=1)
    ]
    document = {"schedule": {"version": "1", "conference": {"title": "Week of talks", "days": days}}}
    return json.dumps(document)


def test_frab_times_after_the_clock_change_keep_their_stated_wall_clock(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(frab_xml("Square", "Brussels"), encoding="utf-8")
    conference, reported = load_schedule(path)

    assert conference.timezone == "Europe/Brussels"  # the venue's city, among the zones that fit
    assert {time_span(e) for e in conference.events()} == {"09:00–09:45"}  # the last day too, not 10:00
    [note] = [n for n in notes_of(reported) if "offsets change" in n]
    assert "UTC+02:00, then UTC+01:00" in note and "Europe/Brussels" in note and "the venue's" in note


def test_schedule_json_does_the_same_without_a_venue(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(schedule_json(), encoding="utf-8")
    conference, reported = load_schedule(path)

    assert conference.timezone.startswith("Europe/")
    assert {f"{e.start:%H:%M}" for e in conference.events()} == {"09:00"}
    assert any("offsets change" in n for n in notes_of(reported))


def test_no_zone_fits_offsets_that_no_place_ever_had() -> None:
    assert zone_fitting(["2024-10-21T09:00:00+02:00", "2024-10-22T09:00:00+05:45"]) is None
    fitting = zone_fitting(["2024-10-21T09:00:00+02:00", "2024-10-27T09:00:00+01:00"], venue="Paris, France")
    assert fitting is not None and fitting.key == "Europe/Paris"


def ics_with_its_own_zone() -> str:
    """The same week as an .ics whose events use a zone of its own name ("Conference Time"), defined by a
    VTIMEZONE with the European clock change: no IANA name anywhere, only the offsets its rules give."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:week-{n}\r\nDTSTAMP:20240901T000000Z\r\n"
        f"DTSTART;TZID=Conference Time:{day.replace('-', '')}T090000\r\n"
        f"DTEND;TZID=Conference Time:{day.replace('-', '')}T094500\r\nSUMMARY:Morning talk {n}\r\nEND:VEVENT\r\n"
        for n, day in enumerate(DAYS, start=1)
    )
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Conference Time\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//confplan tests//week//EN\r\n{zone}{events}END:VCALENDAR\r\n"


def test_an_ics_with_a_zone_of_its_own_keeps_its_stated_wall_clock_too(tmp_path: Path) -> None:
    path = tmp_path / "week.ics"
    path.write_text(ics_with_its_own_zone(), encoding="utf-8", newline="")
    conference, reported = load_schedule(path)

    assert conference.timezone.startswith("Europe/")  # a real zone with both offsets, not a fixed UTC+2
    assert {time_span(e) for e in conference.events()} == {"09:00–09:45"}  # the last day too, not 10:00
    assert any("offsets change" in n and "UTC+02:00, then UTC+01:00" in n for n in notes_of(reported))


def one_offset_frab_xml(city: str) -> str:
    # The same week a month later: winter time (+01:00) on every day.
    return frab_xml("ULB", city).replace("+02:00", "+01:00").replace("2024-10-", "2024-11-")


def test_a_single_offset_is_shown_in_the_venue_s_zone_when_its_city_has_it(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(one_offset_frab_xml("Brussels"), encoding="utf-8")
    conference, reported = load_schedule(path)
    assert conference.timezone == "Europe/Brussels"  # was Etc/GMT-1, which reads as "GMT minus 1"
    assert {time_span(e) for e in conference.events()} == {"09:00–09:45"}
    assert any("UTC+01:00" in n and "its venue" in n for n in notes_of(reported))
    # A city whose zone has another offset then is not believed: the fixed offset stays.
    path.write_text(one_offset_frab_xml("Lisbon"), encoding="utf-8")
    conference, _ = load_schedule(path)
    assert conference.timezone == "Etc/GMT-1" and {time_span(e) for e in conference.events()} == {"09:00–09:45"}


def test_a_venue_names_a_zone_by_its_city_as_a_word() -> None:
    assert zone_of_venue("ULB (Université Libre de Bruxelles), Brussels") == ZoneInfo("Europe/Brussels")
    assert zone_of_venue("Kigali Convention Centre, Kigali, Rwanda") == ZoneInfo("Africa/Kigali")
    assert zone_of_venue("New York Hilton") == ZoneInfo("America/New_York")
    assert zone_of_venue("Parish hall") is None  # not Paris
    assert zone_of_venue("Paris or Berlin") is None and zone_of_venue("") is None


def test_without_a_venue_the_fixed_offset_is_named_by_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(schedule_json().replace("+02:00", "+01:00").replace("2024-10-", "2024-11-"), encoding="utf-8")
    conference, _ = load_schedule(path)
    event = next(iter(conference.events()))
    assert conference.timezone == "Etc/GMT-1"
    assert dict(describe(conference, event, None).facts)["time"].endswith("(UTC+01:00)")  # not "(Etc/GMT-1)"
