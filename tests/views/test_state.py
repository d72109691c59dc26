"""The planner's state without a screen: picking, conflict notices, the alternative, clash navigation, search."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from confplan.domain.agenda import Agenda, Priority
from confplan.domain.conflicts import ConflictKind
from confplan.model import time_span
from confplan.text.name_order import by_name
from confplan.views.describe import describe
from confplan.views.search_index import SearchIndex
from confplan.views.state import PlannerState
from iclr_events import iclr, talk, twin


def new_state() -> PlannerState:
    conference = iclr()
    return PlannerState(
        conference, Agenda.for_conference(conference), clock=lambda: datetime(2023, 5, 2, 8, 5, tzinfo=UTC)
    )


def test_same_key_unpicks_and_other_key_changes_priority() -> None:
    state = new_state()
    event = talk("Oral 3 Track 1", 0)
    state.toggle_pick(event, Priority.MUST)
    assert state.agenda.get(event.id) is not None
    state.toggle_pick(event, Priority.MAYBE)
    pick = state.agenda.get(event.id)
    assert pick is not None and pick.priority is Priority.MAYBE
    result = state.toggle_pick(event, Priority.MAYBE)
    assert event.id not in state.agenda
    assert result.message.startswith("Unpicked")


def test_picking_a_clash_says_what_it_clashes_with_and_where_its_poster_is() -> None:
    state = new_state()
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    quiet = state.toggle_pick(first, Priority.MUST)
    assert quiet.severity == "information" and "clash" not in quiet.message
    result = state.toggle_pick(second, Priority.MUST)
    assert result.severity == "warning"
    assert "probably clashes with “Many Dec-POMDPs" in result.message
    assert "≈10:00–≈10:10 Auditorium" in result.message
    poster = twin(second)
    assert f"This paper is also a poster at {time_span(poster)} in {poster.room} (a: swap this oral" in result.message
    assert state.marks().conflicts == {first.id: ConflictKind.CLASH, second.id: ConflictKind.CLASH}
    detail = describe(state.conference, second, state.agenda.get(second.id), state.conflict_lines(second.id))
    assert detail.conflicts[0].startswith("⚠ probably clashes with")
    assert len(detail.conflicts) == 3  # the clash, then each paper's poster


def test_pick_the_alternative_swaps_the_highlighted_talk_for_its_poster() -> None:
    state = new_state()
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    state.toggle_pick(first, Priority.MUST)
    state.toggle_pick(second, Priority.MAYBE)
    state.set_note(second, "ask about sign flips")
    result = state.pick_alternative(second.id)
    poster = twin(second)
    assert result.focus_id == poster.id
    # The paper named once, then what changed: which presentation, when, where.
    assert result.message.count(poster.title[:20]) == 1
    assert result.message.endswith(
        f": now the poster at {time_span(poster)} in {poster.room}, "
        f"instead of the oral at {time_span(second)} in {second.room}"
    )
    assert {p.id for p in state.agenda} == {first.id, poster.id}
    moved = state.agenda.get(poster.id)
    assert moved is not None and moved.priority is Priority.MAYBE and moved.note == "ask about sign flips"
    assert not state.report.clashes


def test_no_alternative_is_a_warning_that_changes_nothing() -> None:
    state = new_state()
    event = talk("Oral 3 Track 1", 0)
    state.toggle_pick(event, Priority.MUST)
    result = state.pick_alternative(event.id)
    assert result.severity == "warning"
    assert [p.id for p in state.agenda] == [event.id]


def test_next_and_previous_clash_wrap_around_in_time_order() -> None:
    state = new_state()
    morning = [talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)]
    afternoon = [talk("Oral 4 Track 1", 2), talk("Oral 4 Track 3", 2)]
    assert state.next_clash(None) is None
    for event in morning + afternoon:
        state.toggle_pick(event, Priority.MUST)
    stops = [event_id for _, event_id in state.clash_stops()]
    assert set(stops) == {e.id for e in morning + afternoon}
    last = iclr()[stops[-1]]
    assert state.next_clash(last) == stops[0]
    assert state.next_clash(iclr()[stops[0]], backwards=True) == stops[-1]
    assert state.next_clash(iclr()[stops[0]]) == stops[1]


def test_note_on_an_unpicked_event_picks_it_as_a_maybe() -> None:
    state = new_state()
    event = talk("Oral 4 Track 1", 0)
    pick = state.set_note(event, "maybe")
    assert pick.priority is Priority.MAYBE and pick.note == "maybe"


def test_local_zone_is_shown_only_when_toggled() -> None:
    conference = iclr()
    state = PlannerState(conference, Agenda.for_conference(conference), local_zone=ZoneInfo("America/Montreal"))
    assert state.shown_local_zone is None
    state.show_local = True
    assert state.shown_local_zone == ZoneInfo("America/Montreal")


def test_search_index_finds_every_word_in_any_field_and_can_be_stopped() -> None:
    index = SearchIndex(iclr())
    oral = talk("Oral 3 Track 1", 0)
    found = index.search("dec-pomdps HANABI")
    assert found == {oral.id, *oral.also_presented_as}
    room = index.search("auditorium")
    assert room is not None and oral.id in room
    session_title = index.search("Oral 3 Track 1")
    assert session_title is not None and oral.id in session_title
    assert index.search("hanabi", should_stop=lambda: True) is None


def test_search_results_are_the_same_however_the_query_was_typed() -> None:
    """Narrowing from remembered results (typing on, Backspace) finds exactly what a fresh search finds."""
    steps = ["d", "di", "dif", "diff", "diffusion", "diffusion m", "diffusion mo", "diffusion m", "diffusion", "dif"]
    steps += ["model", "model diffusion", "graph", "gr", ""]
    typed = SearchIndex(iclr())
    for query in steps:
        if not query.strip():
            continue
        expected = SearchIndex(iclr()).search(query)
        assert typed.search(query) == expected, query
        found = typed.matcher(query)
        assert {e.id for e in iclr().events() if found(e.id)} == expected, query


def test_a_stopped_search_is_not_remembered() -> None:
    index = SearchIndex(iclr())
    assert index.search("hanabi", should_stop=lambda: True) is None
    assert index.search("hanabi") == SearchIndex(iclr()).search("hanabi")


def test_the_filters_choices_are_every_day_kind_track_and_room_in_order_worked_out_once_per_programme() -> None:
    conference = iclr()
    state = PlannerState(conference, Agenda.for_conference(conference))
    choices = state.filter_choices
    events = list(conference.events())
    assert choices.days == sorted({e.start.date() for e in events})
    assert set(choices.kinds) == {e.kind for e in events}
    assert choices.rooms == by_name({e.room for e in events if e.room})  # in the order a person looks for them
    assert choices.tracks == by_name({e.track for e in events if e.track})
    assert state.filter_choices is choices  # a pass over every event (50,000: tens of ms) made once
    state.use_programme(conference)
    assert state.filter_choices is not choices and state.filter_choices == choices


def test_the_days_are_worked_out_once_per_programme() -> None:
    conference = iclr()
    state = PlannerState(conference, Agenda.for_conference(conference))
    days = state.days
    assert days == sorted({e.start.date() for e in conference.events()})
    assert state.days is days  # a pass over every event (50,000: 35 ms), which the timeline asked for thrice
    shorter = replace(conference, sessions=conference.sessions[:1], presentations=())
    state.use_programme(shorter)
    assert state.days == [conference.sessions[0].start.date()]
