"""Times of day: one way of writing a range, each end marked ≈ when it is an estimate."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from confplan.text.clock import clock_time, date_span, time_range, zone_label

KIGALI = ZoneInfo("Africa/Kigali")
TEN = datetime(2023, 5, 2, 10, 0, tzinfo=KIGALI)
HALF_PAST_ELEVEN = datetime(2023, 5, 2, 11, 30, tzinfo=KIGALI)


def test_each_end_carries_its_own_mark() -> None:
    assert time_range(TEN, HALF_PAST_ELEVEN) == "10:00–11:30"
    assert time_range(TEN, HALF_PAST_ELEVEN, True, False) == "10:00–≈11:30"
    assert time_range(TEN, HALF_PAST_ELEVEN, False, False) == "≈10:00–≈11:30"


def test_a_zone_moves_the_clock() -> None:
    assert clock_time(TEN, zone=ZoneInfo("Europe/London")) == "09:00"
    assert time_range(TEN, HALF_PAST_ELEVEN, zone=ZoneInfo("UTC")) == "08:00–09:30"


def test_a_fixed_offset_zone_is_named_by_its_offset_not_by_its_inverted_posix_name() -> None:
    assert zone_label("Etc/GMT-1") == "UTC+01:00"  # POSIX: Etc/GMT-1 is one hour ahead of UTC
    assert zone_label("Etc/GMT+5") == "UTC-05:00"
    assert zone_label("Europe/Brussels") == "Europe/Brussels" and zone_label("UTC") == "UTC"


def test_an_end_on_a_later_day_says_how_many_days_later() -> None:
    overnight = datetime(2023, 5, 3, 2, 0, tzinfo=KIGALI)
    assert time_range(datetime(2023, 5, 2, 22, 0, tzinfo=KIGALI), overnight) == "22:00–02:00+1"
    assert time_range(TEN, datetime(2023, 5, 4, 15, 0, tzinfo=KIGALI), True, False) == "10:00–≈15:00+2"
    # Until midnight is a plain range; and the day is counted where the range is shown.
    assert time_range(TEN, datetime(2023, 5, 3, 0, 0, tzinfo=KIGALI)) == "10:00–00:00"
    late = datetime(2023, 5, 2, 23, 0, tzinfo=KIGALI)
    assert time_range(late, datetime(2023, 5, 3, 1, 0, tzinfo=KIGALI), zone=ZoneInfo("UTC")) == "21:00–23:00"
    assert time_range(datetime(2023, 5, 2, 23, 0, tzinfo=KIGALI), overnight, zone=ZoneInfo("UTC")) == "21:00–00:00"


def test_the_days_a_programme_covers() -> None:
    assert date_span(date(2023, 5, 2), date(2023, 5, 2)) == "Tue 2 May"
    assert date_span(date(2023, 5, 1), date(2023, 5, 5)) == "1–5 May"
    assert date_span(date(2023, 4, 30), date(2023, 5, 3)) == "30 Apr–3 May"
