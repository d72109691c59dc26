"""The benchmark's synthetic conference generator: deterministic, and readable in every format it writes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import icalendar

from bench.synthetic import generate, to_c3voc_json, to_frab_xml, to_ics, write
from confplan.formats.common import LoadOptions
from confplan.model import Kind
from confplan.storage.loading import load_schedule


def test_same_seed_same_conference() -> None:
    assert generate(300, seed=7) == generate(300, seed=7)
    assert generate(300, seed=7) != generate(300, seed=8)
    assert to_frab_xml(generate(50)) == to_frab_xml(generate(50))


def test_events_are_in_time_order_with_parallel_rooms_and_non_ascii_text() -> None:
    events = generate(1000)
    assert len(events) == 1000
    assert [e.start for e in events] == sorted(e.start for e in events)
    assert len({e.room for e in events}) >= 10
    assert len({e.day for e in events}) >= 2
    assert any(not e.abstract.isascii() for e in events)
    assert {e.kind for e in events} >= {"talk", "workshop", "poster", "social"}


def test_iclr_text_output_parses_into_one_presentation_per_event(tmp_path: Path) -> None:
    events = generate(400)
    path = tmp_path / "programme.txt"
    write(events, "iclr", path)
    conference, skipped = load_schedule(path, LoadOptions())
    assert skipped == []
    assert len(conference.presentations) == 400
    assert sum(p.kind is Kind.POSTER for p in conference.presentations) == sum(e.kind == "poster" for e in events)


def test_xml_json_and_ics_outputs_hold_every_event() -> None:
    events = generate(200)
    assert len(ElementTree.fromstring(to_frab_xml(events)).findall("./day/room/event")) == 200
    days = json.loads(to_c3voc_json(events))["schedule"]["conference"]["days"]
    assert sum(len(room) for day in days for room in day["rooms"].values()) == 200
    calendar = icalendar.Calendar.from_ical(to_ics(events))
    assert len(calendar.walk("VEVENT")) == 200
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/Brussels"}


def test_every_format_imports_to_the_same_events(tmp_path: Path) -> None:
    events = generate(150)
    seen = []
    for fmt in ("xml", "json", "ics"):
        path = tmp_path / f"synthetic.{fmt}"
        write(events, fmt, path)
        conference, _ = load_schedule(path, LoadOptions())
        seen.append(sorted((e.id, e.start, e.end, e.room, e.title) for e in conference.events()))
    assert len(seen[0]) == 150
    assert seen[0] == seen[1] == seen[2]
