"""Schedule changes: `confplan schedule diff OLD NEW` and what changed for a user's picks."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from confplan.cli import main
from confplan.domain.agenda import Agenda, Pick
from confplan.domain.schedule_changes import (
    ChangeKind,
    changes_for_picks,
    compare,
    describe,
    diff_schedules,
    is_marked_cancelled,
)
from confplan.model import Conference
from format_helpers import FIXTURES, by_title, load
from iclr_events import talk as iclr_talk

OLD, NEW = "ccc_day_change.xml", "ccc_day_change_v2.xml"


def versions() -> tuple[Conference, Conference]:
    return load(OLD)[0], load(NEW)[0]


def test_diff_lists_moves_rooms_cancellations_speakers_and_additions() -> None:
    old, new = versions()
    changes = diff_schedules(old, new)
    summary = [(c.kind, c.title) for c in changes]
    assert summary == [
        (ChangeKind.MOVED, "Opening Ceremony"),
        (ChangeKind.ROOM, "Offset versus zone"),
        (ChangeKind.CANCELLED, "After-midnight marker without a date"),  # removed
        (ChangeKind.CANCELLED, "Day two"),  # still listed, but its title says so
        (ChangeKind.SPEAKERS, "Offset versus zone"),
        (ChangeKind.ADDED, "A late addition"),
    ]
    moved, room, removed, marked, speakers, added = changes
    assert moved.detail == "Wed 27 Dec 10:30–11:15 → Wed 27 Dec 11:00–11:45"
    assert room.detail == "Saal 1 → Saal 2"
    assert removed.new is None and "no longer in the programme" in removed.detail
    assert marked.new is not None and marked.new.title == "CANCELLED: Day two"
    assert speakers.detail == "now with Lise Meitner"
    assert added.old is None and added.detail == "Thu 28 Dec 12:00–12:30 in Saal 1"
    assert describe(room) == f"room changed: Offset versus zone ({room.event_id}): Saal 1 → Saal 2"


def test_identical_versions_have_no_changes() -> None:
    old, _ = versions()
    assert diff_schedules(old, load(OLD)[0]) == []


def test_changes_for_picks_report_only_what_was_picked() -> None:
    old, new = versions()
    events = by_title(old)
    agenda = Agenda.for_conference(old)
    for title in ("Opening Ceremony", "Day two", "Late night with a date"):
        agenda.pick(events[title])
    changes = changes_for_picks(old, new, agenda)
    assert [(c.kind, c.event_id) for c in changes] == [
        (ChangeKind.MOVED, events["Opening Ceremony"].id),
        (ChangeKind.CANCELLED, events["Day two"].id),
    ]


def test_changes_for_picks_without_the_old_programme_use_the_picks_snapshots() -> None:
    old, new = versions()
    events = by_title(old)
    stale = replace(Pick.of(events["Offset versus zone"]), room="Saal 7")  # picked when it was in Saal 7
    gone = Pick.of(events["After-midnight marker without a date"])
    changes = changes_for_picks(None, new, [stale, gone])
    assert [(c.kind, c.detail) for c in changes] == [
        (ChangeKind.ROOM, "Saal 7 → Saal 2"),
        (ChangeKind.CANCELLED, "no longer in the programme (was Thu 28 Dec 02:30–02:30 in Saal 1)"),
    ]  # no speaker change: a snapshot does not record speakers


def test_events_are_matched_by_source_id_and_title_when_ids_differ() -> None:
    old, new = versions()
    opening = by_title(new)["Opening Ceremony"]
    renamed = replace(opening, id="zzzzzz")  # same guid, another id
    other = replace(by_title(new)["A late addition"], id="yyyyyy", source_id=None)
    changed = Conference(new.name, new.timezone, (renamed, other), ())
    before = Conference(old.name, old.timezone, (by_title(old)["Opening Ceremony"], replace(other, id="xxxxxx")), ())
    changes = diff_schedules(before, changed)
    assert [(c.kind, c.event_id, c.new.id if c.new else None) for c in changes] == [
        (ChangeKind.MOVED, by_title(old)["Opening Ceremony"].id, "zzzzzz")
    ]


def test_a_move_across_a_clock_change_is_seen() -> None:
    conference, _ = load("clock_change.json")
    event = by_title(conference)["At a time that happens twice"]
    second = replace(event, start=event.start.replace(fold=1), end=event.end + timedelta(hours=1))
    assert event.start == second.start  # Python compares one zone's times by wall clock…
    later = Conference(conference.name, conference.timezone, (second,), ())
    (change,) = diff_schedules(Conference(conference.name, conference.timezone, (event,), ()), later)
    assert change.kind is ChangeKind.MOVED  # …but the move is an hour of real time


def test_a_move_of_an_estimated_slot_is_written_with_its_marks() -> None:
    talk = iclr_talk("Oral 3 Track 1", 0)  # ≈10:00–≈10:10: both ends estimated
    later = replace(talk, start=talk.start + timedelta(minutes=5), end=talk.end + timedelta(minutes=5))
    (change,) = compare(talk, later)
    assert change.detail == "Tue 02 May ≈10:00–≈10:10 → Tue 02 May ≈10:05–≈10:15"  # as the list writes them


@pytest.mark.parametrize(
    ("title", "cancelled"),
    [
        ("CANCELLED: Day two", True),
        ("[Abgesagt] Vortrag", True),
        ("Talk (cancelled)", True),
        ("Canceled - x", True),
        ("Cancellation policies for conferences", False),
        ("Why talks get cancelled", False),
    ],
)
def test_cancellation_markers(title: str, cancelled: bool) -> None:
    assert is_marked_cancelled(title) is cancelled


def test_cli_schedule_diff_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "diff", str(FIXTURES / OLD), str(FIXTURES / NEW)]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "1 moved, 1 room changed, 2 cancelled, 1 speakers changed, 1 added"
    assert len(lines) == 7 and lines[1].startswith("moved ") and "Opening Ceremony" in lines[1]
    assert main(["schedule", "diff", str(FIXTURES / OLD), str(FIXTURES / NEW), "--json"]) == 0
    changes = json.loads(capsys.readouterr()[0])
    room = next(c for c in changes if c["change"] == "room changed")
    assert room["old"]["room"] == "Saal 1" and room["new"]["room"] == "Saal 2" and room["id"] == room["new_id"]
    assert main(["schedule", "diff", str(FIXTURES / OLD), str(FIXTURES / OLD)]) == 0
    assert capsys.readouterr()[0] == "no changes\n"


def test_cli_schedule_diff_of_a_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "diff", str(FIXTURES / OLD), str(FIXTURES / "nope.xml")]) == 2
    assert "nope.xml: no such schedule file" in capsys.readouterr().err
