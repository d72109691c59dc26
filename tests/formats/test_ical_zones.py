"""VTIMEZONEs computed with bounded work give the same times as the real zone they describe."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from confplan.formats.ical_zones import MAX_CLOCK_CHANGES, ZoneTooCostly, bounded_zone, count_rdates

BERLIN = """BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Conference Time
BEGIN:STANDARD
DTSTART:{year}1025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:{year}0329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
END:VCALENDAR
"""


def zone_of(text: str) -> object:
    calendar = icalendar.Calendar.from_ical(text)
    return bounded_zone(next(iter(calendar.walk("VTIMEZONE"))))


@pytest.mark.parametrize("first_year", ["1996", "1001"])
def test_every_hour_has_berlin_s_offset_including_the_clock_changes(first_year: str) -> None:
    """Rules starting a thousand years back give the same times, without walking the thousand years."""
    ours = zone_of(BERLIN.format(year=first_year))
    berlin = ZoneInfo("Europe/Berlin")
    moment = datetime(2019, 1, 1)
    while moment < datetime(2021, 1, 1):
        assert moment.replace(tzinfo=ours).utcoffset() == moment.replace(tzinfo=berlin).utcoffset(), moment
        utc = moment.replace(tzinfo=ZoneInfo("UTC"))
        assert utc.astimezone(ours).replace(tzinfo=None) == utc.astimezone(berlin).replace(tzinfo=None), moment
        moment += timedelta(minutes=30)


def test_a_zone_with_too_many_clock_changes_is_refused() -> None:
    rules = "".join(
        f"BEGIN:STANDARD\nDTSTART:10010{m % 9 + 1}01T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n"
        f"RRULE:FREQ=YEARLY;BYMONTH={m % 9 + 1};BYDAY={m % 4 + 1}SU\nEND:STANDARD\n"
        for m in range(MAX_CLOCK_CHANGES // 300 + 10)
    )
    text = BERLIN.format(year=2000).replace("END:VTIMEZONE", rules + "END:VTIMEZONE")
    with pytest.raises(ZoneTooCostly, match="more than 5,000 times"):
        zone_of(text)


def test_rdates_are_counted_across_folded_lines() -> None:
    data = b"BEGIN:VCALENDAR\r\nX:1\r\nRDATE:20000101T000000,\r\n 20010101T000000,20020101T000000\r\nEND:VCALENDAR\r\n"
    assert count_rdates(data) == (3, 3)
    assert count_rdates(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") == (0, None)
