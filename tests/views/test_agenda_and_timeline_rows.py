"""The agenda view's rows (picks, conflicts, gaps) and the timeline grid, without a screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.domain.conflicts import ConflictKind, find_conflicts
from confplan.model import Conference, Kind, Session
from confplan.views.agenda_rows import AgendaRowKind, build_agenda_rows
from confplan.views.timeline import NO_ROOM, build_timeline, cell_priority, default_day, grid_events, row_minutes
from iclr_events import iclr, session, talk

MORNING = datetime(2023, 5, 2, 8, 5, tzinfo=UTC)  # 10:05 in Kigali


def test_agenda_rows_show_picks_in_order_with_the_clash_under_the_later_pick_and_gaps() -> None:
    conference = iclr()
    agenda = Agenda.for_conference(conference)
    a, b, later = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0), talk("Oral 4 Track 1", 2)
    for event in (later, b, a):
        agenda.pick(event)
    agenda.set_note(later.id, "sit near the front")
    rows = build_agenda_rows(conference, agenda, find_conflicts(conference, agenda), MORNING)
    kinds = [r.kind for r in rows]
    assert kinds[0] is AgendaRowKind.DAY
    picks = [r for r in rows if r.kind is AgendaRowKind.PICK]
    assert [r.event_id for r in picks] == sorted([a.id, b.id, later.id], key=lambda i: (conference[i].start, i))
    assert all(r.conflict is ConflictKind.CLASH for r in picks[:2]) and picks[2].conflict is None
    clash = rows[rows.index(picks[1]) + 1]
    assert clash.kind is AgendaRowKind.CONFLICT and clash.text.startswith("⚠ probably clashes with")
    note = rows[rows.index(picks[2]) + 1]
    assert note.kind is AgendaRowKind.NOTE and note.text == "✎ sit near the front"
    gaps = [r for r in rows if r.kind is AgendaRowKind.GAP]
    assert gaps and gaps[0].time == "08:00–≈10:00" and "Registration Desk" in gaps[0].text
    # At 10:05 the two 10:00 talks are on; the afternoon one is not.
    assert [r.is_now for r in picks] == [True, True, False]


def test_agenda_rows_list_picks_no_longer_in_the_programme() -> None:
    conference = iclr()
    agenda = Agenda.for_conference(conference)
    event = talk("Oral 3 Track 1", 0)
    agenda.add(Pick("gone00", "A withdrawn talk", event.start, event.end, "AD99", Priority.MAYBE))
    rows = build_agenda_rows(conference, agenda, find_conflicts(conference, agenda), MORNING)
    assert [r.kind for r in rows] == [AgendaRowKind.DAY, AgendaRowKind.ORPHAN]
    assert rows[1].text == "A withdrawn talk" and rows[1].marker == "◐"


def test_timeline_has_a_column_per_room_and_talks_in_their_own_slots() -> None:
    conference = iclr()
    day = conference.days[0]
    grid = build_timeline(conference, day)
    assert grid.rooms[-1] == NO_ROOM
    assert {"AD1", "AD10", "Auditorium", "MH1-2-3-4"} <= set(grid.rooms)
    assert grid.times[1] - grid.times[0] == (grid.times[2] - grid.times[1])
    oral = talk("Oral 3 Track 1", 1)  # 10:10-10:20 in the Auditorium
    row = grid.times.index(oral.start)
    cell = grid.cell(row, grid.rooms.index("Auditorium"))
    assert cell is not None and cell.event_ids == (oral.id,) and cell.starting_id == oral.id
    # A poster session stands for its posters; its later rows continue it.
    poster_session = session("Poster Session 3")
    assert poster_session in grid_events(conference, day)
    poster_row = grid.times.index(poster_session.start)
    below = grid.cell(poster_row + 1, grid.rooms.index("MH1-2-3-4"))
    assert below is not None and below.starting_id is None and below.event_ids == (poster_session.id,)
    # A picked poster lights up its session's cell.
    poster = conference[poster_session.presentation_ids[0]]
    assert cell_priority(conference, below, {poster.id: Priority.MAYBE}) is Priority.MAYBE
    assert cell_priority(conference, below, {poster.id: Priority.MAYBE, poster_session.id: Priority.MUST}) is (
        Priority.MUST
    )
    assert cell_priority(conference, below, {oral.id: Priority.MUST}) is None
    assert grid.start_row(MORNING.astimezone(poster.start.tzinfo)) == grid.times.index(oral.start) - 1


def test_default_day_prefers_today_then_the_first_day_with_picks() -> None:
    conference = iclr()
    day = conference.days[0]
    assert default_day(conference, set(), day) == day
    assert default_day(conference, {talk("Oral 3 Track 1", 0).id}, None) == day


def test_a_talk_at_09_45_gets_the_09_45_row_not_the_09_40_one() -> None:
    zone = ZoneInfo("Europe/Brussels")

    def at(hour: int, minute: int) -> datetime:
        return datetime(2025, 2, 1, hour, minute, tzinfo=zone)

    sessions = (
        Session("a", Kind.TALK, "Lightning", at(9, 40), at(10, 0), room="H.2215"),
        Session("b", Kind.TALK, "Rust intro", at(9, 45), at(10, 15), room="K.4.201"),
        Session("c", Kind.TALK, "Later", at(10, 0), at(10, 30), room="H.2215"),
    )
    conference = Conference("Made up", "Europe/Brussels", sessions, ())
    grid = build_timeline(conference, at(9, 0).date())
    assert grid.times[1] - grid.times[0] == timedelta(minutes=5)
    row = grid.times.index(at(9, 45))
    assert grid.cell(row, grid.rooms.index("K.4.201")) is not None
    assert grid.cell(row, grid.rooms.index("K.4.201")).starting_id == "b"  # type: ignore[union-attr]
    assert grid.cell(row - 1, grid.rooms.index("K.4.201")) is None  # nothing at 09:40 in that room
    assert row_minutes([sessions[0], sessions[2]]) == 10 and row_minutes([sessions[1]]) == 15


def test_timeline_columns_are_made_when_first_asked_for() -> None:
    """A programme with thousands of rooms shows a few at a time: building the grid makes no column, asking for
    a cell makes its column only (issue 20: 6,000 rooms took 66 s and 2.65 GB when every column was built)."""
    conference = iclr()
    grid = build_timeline(conference, conference.days[0])
    assert grid.columns_built == 0
    oral = talk("Oral 3 Track 1", 1)
    column = grid.rooms.index("Auditorium")
    cell = grid.cell(grid.times.index(oral.start), column)
    assert cell is not None and cell.event_ids == (oral.id,)
    assert grid.cell(0, column) is None  # nothing in the Auditorium at dawn
    assert grid.columns_built == 1
    grid.start_row(MORNING)
    assert grid.columns_built == 1
