"""The rules every importer shares: durations, kinds, HTML abstracts, zones and clock changes, links."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from confplan.errors import ConfplanError
from confplan.formats.common import (
    StartParts,
    choose_zone,
    kind_from_type,
    localize,
    make_link,
    parse_duration,
    plain_text,
    resolve_start,
)
from confplan.model import Kind, Link


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("0:45", 45),  # H:MM
        ("01:30", 90),  # HH:MM
        ("00:00", 0),
        ("1:02:00", 26 * 60),  # D:HH:MM (pretalx, a day or more)
        ("2:00:30", 2 * 24 * 60 + 30),
        ("00:50:00", 50),  # HH:MM:SS (Pentabarf)
        ("1:30:00", 90),  # 30 hours cannot be D:HH:MM, so HH:MM:SS
        ("0:45:00", 45),
        ("90", 90),
        (45, 45),
        ("PT1H15M", 75),
        ("P1DT2H", 26 * 60),
    ],
)
def test_durations(written: object, minutes: int) -> None:
    assert parse_duration(written) == timedelta(minutes=minutes)


@pytest.mark.parametrize("written", [None, "", "  "])
def test_missing_durations(written: object) -> None:
    assert parse_duration(written) is None


@pytest.mark.parametrize("written", ["half an hour", "1:5", "-0:30", "12:00:00:00", True, -5])
def test_unreadable_durations(written: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(written)


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("lecture", Kind.TALK),
        ("Talk", Kind.TALK),
        ("lightningtalk", Kind.TALK),
        ("maintrack", Kind.TALK),
        ("Keynote", Kind.INVITED_TALK),
        ("Workshop", Kind.WORKSHOP),
        ("hands-on", Kind.WORKSHOP),
        ("Tutorial", Kind.WORKSHOP),
        ("Poster", Kind.POSTER),
        ("Social Event", Kind.SOCIAL),
        ("concert", Kind.SOCIAL),
        ("Registration", Kind.REGISTRATION),
        ("Lunch break", Kind.OTHER),
        ("other", Kind.OTHER),
        ("", Kind.TALK),
        ("Vortrag", Kind.TALK),
    ],
)
def test_kinds(type_name: str, kind: Kind) -> None:
    assert kind_from_type(type_name) is kind


def test_html_becomes_plain_text_and_markdown_stays() -> None:
    html = "<p>One &amp; two</p><p>Line<br>break <a href='https://x.org/a'>here</a></p><ul><li>a</li><li>b</li></ul>"
    assert plain_text(html) == "One & two\n\nLine\nbreak here (https://x.org/a)\n\n- a\n- b"
    assert plain_text("* item\n* **bold** <3") == "* item\n* **bold** <3"
    assert plain_text("<script>alert(1)</script>") == "<script>alert(1)</script>"  # text, never run or rendered


def test_localize_reports_missing_and_doubled_wall_times() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    moment, remark = localize(datetime(2024, 3, 31, 2, 30), berlin)
    assert moment.isoformat() == "2024-03-31T03:30:00+02:00" and "does not exist" in remark
    moment, remark = localize(datetime(2023, 10, 29, 2, 30), berlin)
    assert moment.utcoffset() == timedelta(hours=2) and "happens twice" in remark
    moment, remark = localize(datetime(2023, 10, 29, 12, 0), berlin)
    assert remark == "" and moment.utcoffset() == timedelta(hours=1)


def test_resolve_start_prefers_the_explicit_offset_and_reports_disagreement() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    parts = StartParts(stated="2023-07-01T10:00:00+01:00", day=date(2023, 7, 1), clock="10:00")
    moment, remarks, offset = resolve_start(parts, berlin)
    assert moment.isoformat() == "2023-07-01T11:00:00+02:00" and offset == timedelta(hours=1)
    assert len(remarks) == 1 and "explicit offset" in remarks[0]
    # The same instant written in UTC agrees with the clock time: nothing to report.
    utc = StartParts(stated="2023-07-01T08:00:00Z", day=date(2023, 7, 1), clock="10:00")
    assert resolve_start(utc, berlin)[1] == []
    # Without a date, the day change decides which calendar day a clock time is on.
    late = StartParts(day=date(2023, 7, 1), clock="03:00", day_change=time(4, 0))
    assert resolve_start(late, berlin)[0].isoformat() == "2023-07-02T03:00:00+02:00"
    with pytest.raises(ValueError, match="no start"):
        resolve_start(StartParts(), berlin)


def test_choose_zone() -> None:
    assert choose_zone(option=None, declared="Europe/Paris", offsets=[], what_declared="x").notes == ()
    fixed = choose_zone(option=None, declared=None, offsets=[timedelta(hours=-5)], what_declared="x")
    assert fixed.name == "Etc/GMT+5" and "UTC-05:00" in fixed.notes[0]  # POSIX signs are inverted
    odd = choose_zone(option=None, declared=None, offsets=[timedelta(hours=5, minutes=30)], what_declared="x")
    assert odd.name == "UTC" and "UTC+05:30" in odd.notes[0]
    bad = choose_zone(option=None, declared="Mars/Olympus", offsets=[], what_declared="time_zone_name")
    assert bad.name == "UTC" and "not a known IANA zone" in bad.notes[0]
    with pytest.raises(ConfplanError, match="unknown time zone 'Nowhere'"):
        choose_zone(option="Nowhere", declared=None, offsets=[], what_declared="x")


def test_links() -> None:
    assert make_link("/media/a.pdf", "A", "https://x.org/conf/") == Link("https://x.org/media/a.pdf", "A")
    assert make_link("slides.pdf", "", "https://x.org/conf") == Link("https://x.org/conf/slides.pdf", "")
    assert make_link("slides.pdf") is None  # relative, and nothing to resolve it against
    assert make_link("javascript:alert(1)") is None
    assert make_link("  ") is None
