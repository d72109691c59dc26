"""frab/Pentabarf schedule.xml: fixtures written after pretalx's, frab's (CCC) and FOSDEM's published files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.formats.common import LoadOptions
from confplan.model import Kind, Link, Session, TimeSource
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES, by_title, load, notes_of, span


def test_pretalx_xml_keeps_everything_the_format_offers() -> None:
    assert b"\r\n" in (FIXTURES / "pretalx_schedule.xml").read_bytes()  # the fixture has CRLF line ends
    conference, reported = load("pretalx_schedule.xml")
    assert reported == []
    assert conference.name == "DémoCon 2023 — Kraków" and conference.timezone == "Europe/Warsaw"
    assert conference.presentations == () and all(isinstance(e, Session) for e in conference.events())
    events = by_title(conference)
    unicode_talk = events["Zażółć gęślą jaźń: Unicode in schedules"]
    assert span(unicode_talk) == "2023-06-14 09:00+0200 – 2023-06-14 09:30+0200"
    assert unicode_talk.kind is Kind.TALK
    assert unicode_talk.room == "Sala Główna" and unicode_talk.track == "Text & Types"
    assert unicode_talk.speakers == ("Zoë Ångström", "李小龍")
    assert unicode_talk.abstract == "Why “smart quotes”, emoji 🎉 and ĳ ligatures break parsers."
    assert isinstance(unicode_talk, Session)
    assert unicode_talk.description == "A longer description.\nIt spans two lines."  # CRLF became LF
    assert unicode_talk.source_id == "8079583e-8321-506c-95af-fd2903a5f075"
    assert unicode_talk.links == (
        Link("https://pretalx.example.org/democon-2023/talk/G9JGWY/", "Event page"),
        Link("https://example.org/slides.pdf", "Slides"),
        Link("https://pretalx.example.org/media/democon-2023/paper.pdf", "Paper"),  # relative, resolved
    )
    assert unicode_talk.time_source is TimeSource.STATED and unicode_talk.source_line is not None


def test_types_map_to_kinds_and_description_fills_a_missing_abstract() -> None:
    events = by_title(load("pretalx_schedule.xml")[0])
    keynote = events["Keynote: The Long Now"]
    assert keynote.kind is Kind.INVITED_TALK and keynote.minutes == 90
    assert keynote.abstract == "Only a description, no abstract."
    assert isinstance(keynote, Session) and keynote.description == "Planning for decades"  # the subtitle
    assert keynote.track is None  # <track></track>
    assert events["Overnight Hackathon"].kind is Kind.WORKSHOP
    assert events["Panel on “Schedules”"].speakers == ("Ana", "Bo", "Cy")


def test_duration_d_hh_mm_is_days_hours_minutes() -> None:
    hackathon = by_title(load("pretalx_schedule.xml")[0])["Overnight Hackathon"]
    assert hackathon.end - hackathon.start == timedelta(days=1, hours=2)
    assert span(hackathon) == "2023-06-14 13:00+0200 – 2023-06-15 15:00+0200"


def test_links_without_href_keep_an_address_in_their_text_and_drop_the_rest() -> None:
    hackathon = by_title(load("pretalx_schedule.xml")[0])["Overnight Hackathon"]
    assert hackathon.links == (Link("https://example.org/hackathon", ""),)


def test_day_change_puts_events_after_midnight_on_the_next_calendar_day() -> None:
    conference, _ = load("ccc_day_change.xml")
    events = by_title(conference)
    # Listed under 27 December; one has a <date> of the 28th, the other only <start>02:30 before the 04:00 change.
    assert span(events["Late night with a date"]) == "2023-12-28 01:00+0100 – 2023-12-28 02:30+0100"
    marker = events["After-midnight marker without a date"]
    assert span(marker) == "2023-12-28 02:30+0100 – 2023-12-28 02:30+0100"
    assert marker.source_id == "12004"  # no guid: the frab id
    assert "00:00" in marker.time_note  # a zero length is kept, and said
    assert span(events["Opening Ceremony"]) == "2023-12-27 10:30+0100 – 2023-12-27 11:15+0100"  # H:MM duration
    assert conference.days == [conference.days[0], conference.days[0] + timedelta(days=1)]


def test_an_offset_that_disagrees_with_the_zone_wins_and_is_reported() -> None:
    conference, reported = load("ccc_day_change.xml")
    event = by_title(conference)["Offset versus zone"]
    assert span(event) == "2023-12-27 15:00+0100 – 2023-12-27 16:00+0100"  # 14:00 at +00:00
    (note,) = [n for n in notes_of(reported) if "Offset versus zone" in n]
    assert "disagrees with Europe/Berlin" in note and "explicit offset" in note


def test_the_same_event_id_twice_keeps_both_and_says_so() -> None:
    conference, reported = load("ccc_day_change.xml")
    twins = [e for e in conference.events() if e.title == "Lightning talks"]
    assert sorted(e.room or "" for e in twins) == ["Saal 2", "Saal 3"]
    assert len({e.id for e in twins}) == 2
    (note,) = [n for n in notes_of(reported) if "appears 2 times" in n]
    assert "'12005'" in note and all(e.id in note for e in twins)


def test_fosdem_style_without_a_zone_reads_its_city_s_zone_and_says_so() -> None:
    # No zone and no offsets, but <city>Brussels</city>: read in UTC, every time in a calendar was an hour off.
    conference, reported = load("fosdem_style.xml")
    assert conference.timezone == "Europe/Brussels"
    assert any("no time zone" in n and "its venue" in n and "--timezone" in n for n in notes_of(reported))
    assert span(by_title(conference)["Consensus as a Service"]) == "2018-02-03 10:00+0100 – 2018-02-03 10:50+0100"


def test_fosdem_style_with_timezone_option_html_abstracts_and_hh_mm_ss() -> None:
    conference, reported = load("fosdem_style.xml", timezone="Europe/Brussels")
    assert reported == [] and conference.venue == "ULB (Université Libre de Bruxelles), Brussels"
    events = by_title(conference)
    keynote = events["Consensus as a Service"]
    assert span(keynote) == "2018-02-03 10:00+0100 – 2018-02-03 10:50+0100"
    assert keynote.kind is Kind.INVITED_TALK and keynote.track == "Keynotes"
    assert keynote.abstract == "The Open Source label was born on February 3, 1998.\n\n- one\n- two & three"
    assert isinstance(keynote, Session)
    assert keynote.description == "Twenty Years of OSI Stewardship\n\nSee the OSI (https://opensource.org/)."
    assert keynote.source_id == "6245"
    assert events["Community BoF"].minutes == 60  # 01:00:00 is HH:MM:SS
    assert span(events["Closing FOSDEM"]) == "2018-02-04 17:00+0100 – 2018-02-04 17:25+0100"


def test_ids_come_from_the_guid_and_survive_moves(tmp_path: Path) -> None:
    original, _ = load("ccc_day_change.xml")
    text = (FIXTURES / "ccc_day_change.xml").read_text(encoding="utf-8")
    moved = text.replace("<date>2023-12-27T10:30:00+01:00</date>", "<date>2023-12-27T12:30:00+01:00</date>")
    moved = moved.replace("<room>Saal 1</room>\n        <slug>", "<room>Saal 2</room>\n        <slug>")
    moved = moved.replace("<title>Opening Ceremony</title>", "<title>Opening Ceremony (new title)</title>")
    assert moved != text
    (tmp_path / "moved.xml").write_text(moved, encoding="utf-8")
    changed, _ = load_schedule(tmp_path / "moved.xml")
    before = by_title(original)["Opening Ceremony"]
    after = by_title(changed)["Opening Ceremony (new title)"]
    assert after.id == before.id and after.room == "Saal 2" and after.start.hour == 12
    assert {e.id for e in original.events()} == {e.id for e in changed.events()}


def test_unreadable_values_refuse_the_file_unless_lenient(tmp_path: Path) -> None:
    text = (FIXTURES / "ccc_day_change.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<duration>00:40</duration>", "<duration>forty</duration>"), encoding="utf-8")
    with pytest.raises(ConfplanError) as caught:
        load_schedule(broken)
    first, last = caught.value.problems[0], caught.value.problems[-1]
    assert "'Day two'" in first.message and "unreadable duration 'forty'" in first.message
    assert (
        first.line
        == text.splitlines().index('      <event guid="0a99f1db-dfad-4534-888c-bd98acc576b3" id="12010">') + 1
    )
    assert "--lenient" in last.message
    conference, reported = load_schedule(broken, LoadOptions(lenient=True))
    assert "Day two" not in by_title(conference) and len(conference) == 6  # of 7
    assert any("forty" in p.message for p in reported)


def test_malformed_xml_is_one_clear_error_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<?xml version='1.0'?>\n<schedule>\n  <conference><title>x</conference>\n</schedule>\n")
    with pytest.raises(ConfplanError) as caught:
        load_schedule(bad)
    (problem,) = caught.value.problems
    assert problem.line == 3 and problem.message.startswith("not well-formed XML (mismatched tag")


def test_a_schedule_without_events_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text("<schedule><conference><title>Nothing</title></conference></schedule>")
    with pytest.raises(ConfplanError, match="lists no events"):
        load_schedule(empty)


@pytest.mark.parametrize(
    ("index", "day"), [("3", "2023-01-03"), ("²", "2023-01-01"), ("99999999999", "2023-01-01"), ("3000000", None)]
)
def test_a_day_without_a_date_is_counted_from_the_conference_start(tmp_path: Path, index: str, day: str | None) -> None:
    document = tmp_path / "schedule.xml"
    document.write_text(
        "<schedule><conference><start>2023-01-01</start><time_zone_name>UTC</time_zone_name></conference>"
        f'<day index="{index}"><room name="A"><event id="1"><start>10:00</start><duration>00:30</duration>'
        "<title>T</title></event></room></day></schedule>",
        encoding="utf-8",
    )
    if day is None:  # an index no calendar reaches: the day has no date, and the event no start
        with pytest.raises(ConfplanError, match="no start time"):
            load_schedule(document)
    else:  # "²" is a digit but not a number, and 99999999999 no day count: the day's place in the document counts
        conference, _ = load_schedule(document)
        assert [f"{e.start:%Y-%m-%d}" for e in conference.events()] == [day]
