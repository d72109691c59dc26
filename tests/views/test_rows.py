"""The programme view-model: which rows the planner's list shows, and what each row says."""

from __future__ import annotations

import threading
from itertools import islice
from zoneinfo import ZoneInfo

from confplan.domain.agenda import Agenda, Priority
from confplan.domain.conflicts import ConflictKind, find_conflicts
from confplan.model import Kind
from confplan.views.rows import (
    Filters,
    Marks,
    ProgrammeLayout,
    RowKind,
    build_programme_rows,
    default_collapsed,
    first_match_index,
    index_of,
    row_cells,
    time_span,
)
from iclr_events import iclr, session, talk


def test_rows_are_grouped_by_time_slot_in_time_order() -> None:
    rows = build_programme_rows(iclr())
    slots = [r.start for r in rows if r.kind is RowKind.SLOT]
    assert slots == sorted(set(slots))
    assert len(slots) == len({s.start for s in iclr().sessions})
    # Every event row sits under the header of the slot it starts in (talks may start later in their session).
    current_slot = None
    for row in rows:
        if row.kind is RowKind.SLOT:
            current_slot = row.start
        elif row.kind is RowKind.SESSION:
            assert row.start == current_slot


def test_unfolded_programme_shows_every_event_once() -> None:
    rows = build_programme_rows(iclr(), collapsed=set())
    ids = [r.event_id for r in rows if r.event is not None]
    assert sorted(ids) == sorted(e.id for e in iclr().events())


def test_poster_sessions_start_folded_and_show_their_size() -> None:
    conference = iclr()
    collapsed = default_collapsed(conference)
    poster = session("Poster Session 3")
    assert poster.id in collapsed
    assert session("Oral 3 Track 1").id not in collapsed
    rows = build_programme_rows(conference, collapsed=collapsed)
    header = rows[index_of(rows, poster.id) or 0]
    assert header.kind is RowKind.SESSION and not header.expanded
    assert all(r.event_id not in poster.presentation_ids for r in rows)
    cells = row_cells(header, Marks())
    assert cells.fold == "▸"
    assert f"({len(poster.presentation_ids)} items)" in cells.title


def test_search_matches_open_folded_sessions_and_keep_their_session_as_context() -> None:
    conference = iclr()
    oral = talk("Oral 3 Track 1", 0)
    poster = conference[oral.also_presented_as[0]]
    rows = build_programme_rows(conference, collapsed=default_collapsed(conference), matches={oral.id, poster.id})
    shown = [r.event_id for r in rows if r.event is not None]
    assert shown == [oral.session_id, oral.id, session("Poster Session 3").id, poster.id]
    assert all(r.context_only for r in rows if r.kind is RowKind.SESSION)
    assert first_match_index(rows, {oral.id, poster.id}) == index_of(rows, oral.id)


def test_a_search_that_finds_nothing_shows_no_rows() -> None:
    assert build_programme_rows(iclr(), matches=frozenset()) == []


def test_filters_by_kind_room_picked_and_conflicts() -> None:
    conference = iclr()
    orals = build_programme_rows(conference, filters=Filters(kinds=frozenset({Kind.ORAL})))
    assert {r.event.kind for r in orals if r.event is not None} == {Kind.ORAL}

    in_ad10 = build_programme_rows(conference, filters=Filters(rooms=frozenset({"AD10"})))
    assert {r.event.room for r in in_ad10 if r.event is not None} == {"AD10"}

    a, b = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    picked = {a.id, b.id, talk("Oral 4 Track 1", 0).id}
    only_picked = build_programme_rows(conference, filters=Filters(picked_only=True), picked=picked)
    assert {r.event_id for r in only_picked if r.kind is RowKind.PRESENTATION} == picked

    conflicting = {a.id, b.id}
    only_conflicts = build_programme_rows(
        conference, filters=Filters(conflicts_only=True), picked=picked, conflicting=conflicting
    )
    assert {r.event_id for r in only_conflicts if r.kind is RowKind.PRESENTATION} == conflicting
    assert Filters(conflicts_only=True, rooms=frozenset({"AD1"})).describe() == "room: AD1 · conflicts only"


def test_a_stopped_build_gives_up_early() -> None:
    assert build_programme_rows(iclr(), should_stop=lambda: True) == []


def test_times_mark_each_estimated_end_with_an_approximately_sign() -> None:
    oral_session = session("Oral 3 Track 1")  # start stated, end from the default session length
    assert time_span(oral_session) == "10:00–≈11:30"
    assert time_span(talk("Oral 3 Track 1", 1)) == "≈10:10–≈10:20"  # slot inside the session: estimated
    assert time_span(oral_session, ZoneInfo("UTC")) == "08:00–≈09:30"  # Kigali is UTC+2


def test_cells_show_pick_and_conflict_markers() -> None:
    conference = iclr()
    a, b = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    agenda = Agenda.for_conference(conference)
    agenda.pick(a)
    agenda.pick(b, Priority.MAYBE)
    report = find_conflicts(conference, agenda)
    worst = report.worst_by_event()
    assert worst == {a.id: ConflictKind.CLASH, b.id: ConflictKind.CLASH}
    marks = Marks({p.id: p.priority for p in agenda}, worst)
    rows = build_programme_rows(conference)
    cells_a = row_cells(rows[index_of(rows, a.id) or 0], marks)
    cells_b = row_cells(rows[index_of(rows, b.id) or 0], marks)
    assert (cells_a.pick, cells_a.conflict) == ("●", "⚠")
    assert (cells_b.pick, cells_b.conflict, cells_b.priority) == ("◐", "⚠", Priority.MAYBE)
    unpicked = row_cells(rows[index_of(rows, talk("Oral 3 Track 1", 1).id) or 0], marks)
    assert (unpicked.pick, unpicked.conflict) == (" ", " ")


def test_slot_header_shows_local_time_when_asked() -> None:
    rows = build_programme_rows(iclr())
    header = rows[0]
    assert row_cells(header, Marks()).time == "Tue 2 May  08:00"
    tokyo = row_cells(header, Marks(), ZoneInfo("Asia/Tokyo"))
    assert tokyo.local_time == "Tue 15:00 local"


def test_the_layout_works_out_slots_as_they_are_asked_for_the_same_from_several_threads() -> None:
    conference = iclr()
    expected = list(ProgrammeLayout(conference).slots())
    layout = ProgrammeLayout(conference)
    assert list(islice(layout.slots(), 2)) == expected[:2]  # only the first ones so far
    results: list[list[object]] = []
    threads = [threading.Thread(target=lambda: results.append(list(layout.slots()))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
    assert [start for start, _ in expected] == sorted({s.start for s in conference.sessions})
