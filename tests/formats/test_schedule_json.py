"""c3voc schedule.json (frab, pretalx, CCC hub): fixtures written after the published JSON schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.formats.common import LoadOptions
from confplan.model import Kind, Link, Session, TimeSource
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES, by_title, elapsed_minutes, load, notes_of, span


def test_pretalx_json_keeps_titles_speakers_tracks_rooms_links() -> None:
    conference, reported = load("pretalx_schedule.json")
    assert reported == []
    assert conference.name == "PyCon DE & PyData Berlin 2023" and conference.timezone == "Europe/Berlin"
    events = by_title(conference)
    talk = events["Machine Learning Lifecycle für Einsteiger:innen"]
    assert span(talk) == "2023-04-17 10:10+0200 – 2023-04-17 10:55+0200"
    assert talk.kind is Kind.TALK and talk.room == "A1" and talk.track == "PyData: Machine Learning"
    assert talk.speakers == ("Jürgen Groß", "Seo-yeon Park")
    assert talk.abstract == "Vom Notebook in die Produktion – Schritt für Schritt."
    assert isinstance(talk, Session) and talk.description == "Wir bauen gemeinsam eine Pipeline.\n\n* Daten\n* Modelle"
    assert talk.links == (
        Link("https://pretalx.example.org/pyconde-2023/talk/HX3ZJA/", "Event page"),
        Link("https://example.org/repo", "Repository"),
        Link("https://pretalx.example.org/media/pyconde-2023/submissions/HX3ZJA/slides.pdf", "Slides"),
    )
    assert talk.source_id == "0c3b7d0e-3c4e-5b7f-8b5e-5a1c1d2e0001"
    tutorial = events["Tutorial: Polars from zero"]
    assert tutorial.kind is Kind.WORKSHOP and isinstance(tutorial, Session)
    assert tutorial.description == "Bring a laptop"  # the subtitle; the description equals the abstract
    assert events["Keynote: Open Source Sustainability"].kind is Kind.INVITED_TALK
    social = events["PyLadies Late Night Social"]
    assert social.kind is Kind.SOCIAL and social.track is None
    assert span(social) == "2023-04-18 00:30+0200 – 2023-04-18 01:30+0200"  # listed under 17 April


def test_the_same_conference_as_xml_and_json_gives_the_same_ids(tmp_path: Path) -> None:
    json_conference, _ = load("pretalx_schedule.json")
    talk = by_title(json_conference)["Machine Learning Lifecycle für Einsteiger:innen"]
    xml = (
        "<schedule><conference><title>PyCon DE</title><time_zone_name>Europe/Berlin</time_zone_name></conference>"
        f"<day date='2023-04-17'><room name='A1'><event guid='{talk.source_id}' id='27112'>"
        "<date>2023-04-17T10:10:00+02:00</date><start>10:10</start><duration>00:45</duration>"
        f"<title>{talk.title}</title></event></room></day></schedule>"
    )
    (tmp_path / "schedule.xml").write_text(xml, encoding="utf-8")
    xml_conference, _ = load_schedule(tmp_path / "schedule.xml")
    assert [e.id for e in xml_conference.events()] == [talk.id]


def test_liberal_input_is_accepted_and_unreadable_values_need_lenient() -> None:
    with pytest.raises(ConfplanError) as caught:
        load("frab_liberal.json")
    assert "unreadable duration 'half an hour'" in caught.value.problems[0].message
    conference, reported = load("frab_liberal.json", lenient=True)
    assert [p.message for p in reported if "half an hour" in p.message]
    events = by_title(conference)
    assert "Unreadable duration" not in events

    strings = events["Persons as plain strings"]
    assert strings.speakers == ("Grace Hopper", "Alan Turing")  # strings, de-duplicated
    assert strings.minutes == 50  # a bare number of minutes
    assert strings.room == "Main Tent"  # from the day's room key
    assert [link.url for link in strings.links] == [
        "https://schedule.example.org/conf/events/1",  # "link" instead of "url"
        "https://example.org/a",  # a link as a plain string
        "https://example.org/b",  # {"href": …}
    ]

    no_length = events["No duration at all"]
    assert no_length.end == no_length.start and no_length.end_source is TimeSource.INFERRED
    assert "no length" in no_length.time_note
    assert no_length.track == "Track as an object" and no_length.room == "Main Tent"
    assert no_length.abstract == "Translated abstract" and no_length.speakers == ("Old Frab Person",)
    assert no_length.kind is Kind.TALK  # "type": null

    assert events["Room as an array"].room == "Annex, Annex Garden"
    assert events["Room as an array"].kind is Kind.WORKSHOP  # hands-on
    late = events["After midnight, no date, day starts 09:00"]
    assert span(late) == "2024-08-11 01:15-0400 – 2024-08-11 03:15-0400"
    assert late.kind is Kind.SOCIAL
    assert span(events["Day rooms as a list of objects"]) == "2024-08-11 09:30-0400 – 2024-08-11 10:00-0400"
    assert any("id '6' appears 2 times" in n for n in notes_of(reported))


def test_schedule2_flat_events_with_start_and_end() -> None:
    conference, reported = load("schedule2_flat.json")
    assert reported == []
    events = by_title(conference)
    opening = events["Opening"]
    assert span(opening) == "2024-12-27 10:30+0100 – 2024-12-27 11:00+0100"
    assert opening.room == "Saal 1" and opening.speakers == ("Herald Angel",)
    assert Link("https://example.org/38c3", "Website") in opening.links
    night = events["Night workshop"]
    assert night.kind is Kind.WORKSHOP and night.minutes == 90 and night.abstract == ""


def test_clock_change_inside_the_conference() -> None:
    conference, reported = load("clock_change.json")
    events = by_title(conference)
    assert span(events["Saturday evening (summer time)"]) == "2023-10-28 18:00+0200 – 2023-10-28 19:00+0200"
    across = events["Across the change"]
    assert span(across) == "2023-10-29 01:30+0200 – 2023-10-29 02:30+0100"
    assert elapsed_minutes(across) == 120  # two hours of real time, not of wall clock
    twice = events["At a time that happens twice"]
    assert span(twice) == "2023-10-29 02:30+0200 – 2023-10-29 02:00+0100" and elapsed_minutes(twice) == 30
    assert any("happens twice" in n and "first" in n for n in notes_of(reported))
    assert span(events["The second 02:30, with its offset"]) == "2023-10-29 02:30+0100 – 2023-10-29 03:00+0100"
    assert span(events["Sunday morning (winter time)"]) == "2023-10-29 10:00+0100 – 2023-10-29 11:00+0100"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"schedule": {"conference": ', "not valid JSON"),
        (b'{"schedule": {"version": "1"}}', "not a schedule.json"),
        (b'{"schedule": {"conference": {"title": "x", "days": []}}}', "lists no events"),
    ],
)
def test_broken_json_is_one_clear_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "schedule.json"
    path.write_bytes(content)
    with pytest.raises(ConfplanError) as caught:
        load_schedule(path, LoadOptions(format="json"))
    assert expected in caught.value.problems[0].message


def test_json_fixture_is_recognised_without_its_extension(tmp_path: Path) -> None:
    copy = tmp_path / "download"
    copy.write_bytes((FIXTURES / "schedule2_flat.json").read_bytes())
    conference, _ = load_schedule(copy)
    assert len(conference) == 2
