"""The conflict engine on real picks from the ICLR 2023 programme, and on small made-up programmes for edge cases."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confplan.domain.agenda import Agenda, Priority
from confplan.domain.conflicts import SEVERITY, ConflictKind, ConflictReport, conflicts_added, find_conflicts, free_gaps
from confplan.model import Conference, Kind, Presentation, Session, TimeSource, is_browseable, time_span
from iclr_events import iclr, session, talk, twin, with_text

KIGALI = ZoneInfo("Africa/Kigali")


def kinds(report: ConflictReport) -> list[tuple[ConflictKind, str, str]]:
    return [(c.kind, c.first_id, c.second_id) for c in report.all]


# --- clashes ---------------------------------------------------------------------------------------------------


def test_two_orals_in_parallel_tracks_at_the_same_time_clash() -> None:
    first_rl = talk("Oral 3 Track 1", 0)
    first_dl = talk("Oral 3 Track 5", 0)
    assert first_rl.start == first_dl.start and first_rl.room != first_dl.room

    report = find_conflicts(iclr(), [first_dl.id, first_rl.id])

    assert len(report.clashes) == 1 and not report.soft_overlaps and not report.tight_changes
    clash = report.clashes[0]
    assert clash.kind is ConflictKind.CLASH
    assert {clash.first_id, clash.second_id} == {first_rl.id, first_dl.id}
    assert clash.overlap_minutes == first_rl.minutes == 10
    assert clash.when == first_rl.start


def test_two_orals_in_parallel_tracks_in_different_slots_do_not_clash() -> None:
    early = talk("Oral 3 Track 1", 0)  # 10:00–10:10
    later = talk("Oral 3 Track 2", 2)  # 10:20–10:30, the Grokking paper
    assert early.end < later.start

    report = find_conflicts(iclr(), [early.id, later.id])

    assert report.all == []


def test_clash_lists_the_oral_s_own_poster_as_the_alternative() -> None:
    grokking = with_text("Grokking", Kind.ORAL)
    robots = talk("Oral 3 Track 1", 2)  # same 10:20 slot, another track
    assert grokking.start == robots.start

    report = find_conflicts(iclr(), [grokking.id, robots.id])

    [clash] = report.clashes
    # Both papers are shown again in Poster Session 3, which nothing else picked overlaps: both posters fit.
    assert set(clash.alternatives) == {twin(grokking).id, twin(robots).id}
    poster = iclr()[twin(grokking).id]
    assert poster.kind is Kind.POSTER and poster.abstract == grokking.abstract
    assert twin(grokking).id in clash.message and "keep both" in clash.message


def test_each_alternative_says_which_clashing_paper_it_is() -> None:
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    [clash] = find_conflicts(iclr(), [second.id, first.id]).clashes
    by_side = dict(zip(clash.alternative_to, clash.alternatives, strict=True))
    assert by_side == {first.id: twin(first).id, second.id: twin(second).id}
    # Each way out says what and when it is, so the user need not look it up.
    assert f"{first.id}'s poster {twin(first).id} ({time_span(twin(first))} {twin(first).room})" in clash.message
    assert f"{second.id}'s poster {twin(second).id} ({time_span(twin(second))} {twin(second).room})" in clash.message


def test_a_presentation_already_picked_is_not_offered_as_the_alternative() -> None:
    """Oral A, oral B and B's poster picked: B's paper is seen at the poster already, so the clash says that B can
    simply be dropped, and offers only A's poster."""
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    [clash] = find_conflicts(iclr(), [first.id, twin(second).id, second.id]).clashes
    assert {clash.first_id, clash.second_id} == {first.id, second.id}
    assert clash.alternatives == (twin(first).id,)
    assert clash.alternative_to == (first.id,)
    assert clash.picked_elsewhere == ((second.id, twin(second).id),)
    assert f"You also picked {twin(second).id}, the same paper as {second.id}, so you can drop {second.id}." in (
        clash.message
    )
    assert f"at {twin(second).id}" not in clash.message

    # Both posters picked as well: nothing left to offer, both ways out named.
    [clash] = find_conflicts(iclr(), [first.id, second.id, twin(first).id, twin(second).id]).clashes
    assert clash.alternatives == () and clash.alternative_to == ()
    assert {pair[0] for pair in clash.picked_elsewhere} == {first.id, second.id}
    assert "keep both" not in clash.message and " instead" not in clash.message


def test_a_poster_picked_inside_a_whole_picked_poster_session_counts_as_picked() -> None:
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    poster = twin(second)
    report = find_conflicts(iclr(), [first.id, second.id, poster.id, session("Poster Session 3").id])
    assert poster.id in report.absorbed
    [clash] = report.clashes
    assert clash.alternatives == (twin(first).id,)
    assert clash.picked_elsewhere == ((second.id, poster.id),)


def test_whole_oral_sessions_in_parallel_clash_for_their_whole_length() -> None:
    track1, track2 = session("Oral 3 Track 1"), session("Oral 3 Track 2")
    report = find_conflicts(iclr(), [track1.id, track2.id])
    [clash] = report.clashes
    assert clash.overlap_minutes == track1.minutes == 90
    assert clash.alternatives == ()  # sessions are not presented anywhere else


def test_a_whole_session_and_a_talk_inside_it_are_not_a_clash() -> None:
    track1 = session("Oral 3 Track 1")
    inside = talk("Oral 3 Track 1", 3)
    other_track = talk("Oral 3 Track 4", 3)  # the same slot as ``inside``

    assert find_conflicts(iclr(), [track1.id, inside.id]).all == []

    report = find_conflicts(iclr(), [track1.id, inside.id, other_track.id])
    assert [(c.first_id, c.second_id) for c in report.clashes] == [(track1.id, other_track.id)]
    # The talk is attended as part of its session, so it shares the session's conflicts.
    assert report.involving(inside.id) == report.involving(track1.id) == report.clashes
    assert report.absorbed == {inside.id: track1.id}


# --- soft overlaps -----------------------------------------------------------------------------------------------


def test_posters_in_one_poster_session_never_conflict() -> None:
    poster_session = session("Poster Session 3")
    posters = iclr().presentations_of(poster_session)[:12]
    assert all(p.start == poster_session.start for p in posters)

    assert find_conflicts(iclr(), [p.id for p in posters]).all == []
    assert find_conflicts(iclr(), [poster_session.id, *(p.id for p in posters)]).all == []


def test_posters_overlapping_a_social_are_soft_overlaps_not_clashes() -> None:
    posters = iclr().presentations_of(session("Poster Session 3"))[:2]
    social = session("Social: Lin Gu")

    report = find_conflicts(iclr(), [social.id, *(p.id for p in posters)])

    assert report.clashes == []
    assert sorted((c.first_id, c.second_id) for c in report.soft_overlaps) == sorted((p.id, social.id) for p in posters)
    assert all(c.overlap_minutes == 60 for c in report.soft_overlaps)
    assert "poster" in report.soft_overlaps[0].message


def test_an_oral_session_overlapping_a_social_is_soft() -> None:
    orals = session("Oral 4 Track 6")  # 15:00–16:30
    social = session("Social: Large Language Model Research")  # 15:30–16:30
    report = find_conflicts(iclr(), [social.id, orals.id])
    assert kinds(report) == [(ConflictKind.SOFT_OVERLAP, orals.id, social.id)]
    assert report.soft_overlaps[0].overlap_minutes == 60
    assert "social" in report.soft_overlaps[0].message


def test_the_registration_desk_is_soft_against_a_talk() -> None:
    desk = session("Registration Desk")
    report = find_conflicts(iclr(), [desk.id, talk("Oral 3 Track 1", 0).id])
    assert [c.kind for c in report.all] == [ConflictKind.SOFT_OVERLAP]


# --- tight changes ----------------------------------------------------------------------------------------------


def test_consecutive_estimated_talks_in_different_rooms_are_not_called_tight() -> None:
    first = talk("Oral 3 Track 1", 0)  # ≈10:00–≈10:10, Auditorium
    second = talk("Oral 3 Track 5", 1)  # ≈10:10–≈10:20, AD1
    assert first.end == second.start and first.room != second.room
    assert not first.end_source.certain and not second.start_source.certain

    # Both times are the same guess: nothing says the change is tight, so it is not reported.
    assert find_conflicts(iclr(), [second.id, first.id]).all == []


def test_a_stated_end_and_a_stated_start_close_together_are_a_tight_change() -> None:
    conference = stated_and_estimated()
    report = find_conflicts(conference, ["early", "next"])

    assert kinds(report) == [(ConflictKind.TIGHT_CHANGE, "early", "next")]
    [change] = report.tight_changes
    assert change.overlap_minutes == 0 and change.exact  # minutes available to walk
    assert change.first_room == "A" and change.second_room == "B"
    assert change.message.startswith("Only 0 minutes to get from A to B")


def test_a_tight_change_after_an_estimated_end_is_probable() -> None:
    [change] = find_conflicts(stated_and_estimated(), ["guess", "next"]).tight_changes
    assert not change.exact
    assert change.message.startswith("Probably only 0 minutes (by estimated times) to get from C to B")


def test_a_clash_between_stated_times_is_certain_and_between_guesses_probable() -> None:
    conference = stated_and_estimated()
    [certain] = find_conflicts(conference, ["early", "rival"]).clashes
    assert certain.sure and certain.exact
    assert "overlap by 30 minutes: you cannot attend both." in certain.message

    [guessed] = find_conflicts(conference, ["guess", "late_guess"]).clashes
    assert not guessed.sure
    assert "probably overlap, by about 10 minutes (by estimated times): you probably cannot attend both." in (
        guessed.message
    )


def test_a_clash_of_two_stated_starts_is_certain_even_when_the_ends_are_estimated() -> None:
    [clash] = find_conflicts(stated_and_estimated(), ["open_a", "open_b"]).clashes
    # Both start at 10:00 as stated: they surely overlap; only how long is a guess.
    assert clash.sure and not clash.exact
    assert "overlap by about 60 minutes (by estimated times): you cannot attend both." in clash.message


def stated_and_estimated() -> Conference:
    """Sessions with stated and estimated times, in rooms A, B, C."""
    guessed = {"start_source": TimeSource.ESTIMATED, "end_source": TimeSource.ESTIMATED}
    open_end = {"end_source": TimeSource.DEFAULT_DURATION}
    sessions = (
        Session("early", Kind.TALK, "Early", at(9), at(10), room="A"),
        Session("rival", Kind.TALK, "Rival", at(9, 30), at(10, 30), room="C"),
        Session("guess", Kind.TALK, "Guess", at(9), at(10), room="C", **guessed),
        Session("late_guess", Kind.TALK, "Later guess", at(9, 50), at(10, 50), room="D", **guessed),
        Session("next", Kind.TALK, "Next", at(10), at(11), room="B"),
        Session("open_a", Kind.TALK, "Open A", at(12), at(13), room="A", **open_end),
        Session("open_b", Kind.TALK, "Open B", at(12), at(13), room="B", **open_end),
    )
    return Conference("Stated and estimated", "Africa/Kigali", sessions, ())


def test_walking_time_is_configurable() -> None:
    first = talk("Oral 3 Track 1", 0)  # ends 10:10
    third_slot = talk("Oral 3 Track 2", 2)  # starts 10:20: 10 minutes to walk
    picks = [first.id, third_slot.id]
    assert find_conflicts(iclr(), picks).tight_changes == []  # default 5 minutes
    [change] = find_conflicts(iclr(), picks, walking_minutes=15).tight_changes
    assert change.overlap_minutes == 10
    back_to_back = [first.id, talk("Oral 3 Track 5", 1).id]
    assert find_conflicts(iclr(), back_to_back, walking_minutes=0).tight_changes == []


def test_no_tight_change_in_the_same_room_or_to_a_place_one_browses() -> None:
    same_room = [talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 1", 1).id]
    assert find_conflicts(iclr(), same_room).all == []
    # The last talk of the morning ends at 11:20 (its session at 11:30), the poster session starts at 11:30.
    to_posters = [session("Oral 3 Track 2").id, session("Poster Session 3").id]
    assert find_conflicts(iclr(), to_posters).all == []


# --- reports ----------------------------------------------------------------------------------------------------


def test_report_takes_an_agenda_and_lists_orphans_apart() -> None:
    agenda = Agenda.for_conference(iclr())
    a, b = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    agenda.pick(a)
    agenda.pick(b, Priority.MAYBE)
    orphan = agenda.pick(session("Oral 4 Track 1"))
    agenda.add(type(orphan)("gone00", "A talk that was cancelled", a.start, a.end, "AD2"))

    report = find_conflicts(iclr(), agenda)

    assert report.orphaned == ["gone00"]
    assert [c.kind for c in report.all] == [ConflictKind.CLASH]
    assert report.involving("gone00") == []
    assert len(report) == 1


def test_all_is_in_time_order_and_involving_filters() -> None:
    picks = [
        session("Oral 4 Track 6").id,
        session("Social: Large Language Model Research").id,
        talk("Oral 3 Track 1", 0).id,
        talk("Oral 3 Track 5", 0).id,
        talk("Oral 3 Track 4", 1).id,
    ]
    report = find_conflicts(iclr(), picks)
    # The talk of Track 4 follows the two others in another room, but all three times are guesses: not "tight".
    assert [c.kind for c in report.all] == [ConflictKind.CLASH, ConflictKind.SOFT_OVERLAP]
    whens = [c.when for c in report.all]
    assert whens == sorted(w for w in whens if w is not None)
    assert report.involving(talk("Oral 3 Track 4", 1).id) == []
    assert report.involving(talk("Oral 3 Track 1", 0).id) == report.clashes


def test_conflicts_added_names_only_the_new_ones() -> None:
    before = find_conflicts(iclr(), [talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 5", 0).id])
    after = find_conflicts(
        iclr(), [talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 5", 0).id, talk("Oral 3 Track 4", 0).id]
    )
    added = conflicts_added(before, after)
    assert len(after.clashes) == 3 and added.total == 2 and added.counts[ConflictKind.CLASH] == 2
    assert all(talk("Oral 3 Track 4", 0).id in (c.first_id, c.second_id) for c in added.earliest)
    assert conflicts_added(before, after, shown=1).earliest == added.earliest[:1]  # the earliest, counted all
    assert conflicts_added(before, after, shown=0).total == 2


def test_conflicts_added_counts_millions_without_writing_them_out() -> None:
    """A colleague's whole programme picked: each new pair is counted, only the earliest few are written."""
    everything = [e.id for e in iclr().events()]
    after = find_conflicts(iclr(), everything)
    added = conflicts_added(find_conflicts(iclr(), []), after, shown=3)
    assert added.total == len(after) > 3 and len(added.earliest) == 3
    assert len(after._written) == 3  # the rest were never put into words


# --- free time --------------------------------------------------------------------------------------------------


def test_free_gaps_between_picks_with_what_is_on() -> None:
    first = talk("Oral 3 Track 1", 0)  # 10:00–10:10
    posters = session("Poster Session 3")  # 11:30–13:30
    desk = session("Registration Desk")  # the day's first event
    day_end = max(e.end for e in iclr().events())

    gaps = free_gaps(iclr(), [posters.id, first.id])

    assert [(g.start, g.end) for g in gaps] == [
        (desk.start, first.start),
        (first.end, posters.start),
        (posters.end, day_end),
    ]
    middle = gaps[1]
    assert middle.minutes == 80
    assert talk("Oral 3 Track 1", 1).id in middle.on_now  # the next talk in the same room
    assert first.id not in middle.on_now and posters.id not in middle.on_now
    poster_ids = {p.id for p in iclr().presentations_of(posters)}
    assert not poster_ids & {i for g in gaps for i in g.on_now}  # the session is named, not its 135 posters
    assert session("Invited talk by Elaine Nsoesie").id in gaps[2].on_now


def test_something_on_all_day_is_named_in_the_first_gap_only() -> None:
    desk = session("Registration Desk")  # 08:00–≈18:00
    gaps = free_gaps(iclr(), [talk("Oral 3 Track 1", 0).id, session("Poster Session 3").id])
    assert len(gaps) == 3
    assert desk.id in gaps[0].on_now  # named once, in the first gap…
    assert desk.id not in gaps[1].on_now and desk.id not in gaps[2].on_now  # …not again in every later one
    every = [i for g in gaps for i in g.on_now]  # nothing is named twice in one day
    assert len(every) == len(set(every))


def test_an_overnight_event_does_not_stretch_the_days_free_time_over_the_next_day() -> None:
    next_day = timedelta(days=1)
    sessions = (
        Session("key", Kind.INVITED_TALK, "Keynote", at(10), at(11, 30), room="Main"),
        Session("hack", Kind.WORKSHOP, "Overnight hackathon", at(13), at(15) + next_day, room="Lab"),
        Session("panel", Kind.TALK, "Panel", at(11, 30) + next_day, at(12, 15) + next_day, room="Main"),
    )
    overnight = Conference("Overnight", "Africa/Kigali", sessions, ())
    gaps = free_gaps(overnight, ["key", "panel"])
    # Free from the keynote to midnight (the hackathon on meanwhile), not until the hackathon ends the next day.
    assert [(g.start, g.end, g.on_now) for g in gaps] == [(at(11, 30), at(0) + next_day, ["hack"])]


def test_free_gaps_respect_the_minimum_and_ignore_orphans() -> None:
    picks = [talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 1", 2).id, "gone00"]
    assert [g.minutes for g in free_gaps(iclr(), picks, min_minutes=10)][1] == 10
    assert all(g.minutes >= 15 for g in free_gaps(iclr(), picks))
    assert 10 not in [g.minutes for g in free_gaps(iclr(), picks)]
    assert free_gaps(iclr(), []) == []


# --- alternatives that do not fit, and scale (small made-up programmes) --------------------------------------------


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 5, 2, hour, minute, tzinfo=KIGALI)


def made_up_conference(invited_from: datetime, invited_to: datetime) -> Conference:
    """Two parallel oral talks at 10:00; the first is also a poster at 12:00–13:00; an invited talk at a given time."""
    oral_a = Presentation(
        "oa", Kind.ORAL, "Paper A", at(10), at(10, 10), room="A", session_id="sa", also_presented_as=("pa",)
    )
    oral_b = Presentation("ob", Kind.ORAL, "Paper B", at(10), at(10, 10), room="B", session_id="sb")
    poster_a = Presentation(
        "pa", Kind.POSTER, "Paper A", at(12), at(13), room="Hall", session_id="sp", also_presented_as=("oa",)
    )
    sessions = (
        Session("sa", Kind.ORAL, "Orals A", at(10), at(11), room="A", presentation_ids=("oa",)),
        Session("sb", Kind.ORAL, "Orals B", at(10), at(11), room="B", presentation_ids=("ob",)),
        Session("sp", Kind.POSTER, "Posters", at(12), at(13), room="Hall", presentation_ids=("pa",)),
        Session("it", Kind.INVITED_TALK, "Keynote", invited_from, invited_to, room="Main"),
    )
    return Conference("Made up", "Africa/Kigali", sessions, (oral_a, oral_b, poster_a))


def test_an_alternative_hidden_behind_another_pick_is_not_offered() -> None:
    covering = made_up_conference(at(11, 50), at(13, 10))
    [clash] = find_conflicts(covering, ["oa", "ob", "it"]).clashes
    assert clash.alternatives == ()

    partly = made_up_conference(at(12), at(12, 30))  # the poster can still be seen 12:30–13:00
    [clash] = find_conflicts(partly, ["oa", "ob", "it"]).clashes
    assert clash.alternatives == ("pa",)


def test_thousands_of_picks_are_swept_not_paired() -> None:
    """Many posters of one session never conflict; a long chain of back-to-back talks gives one change per step."""
    count = 3000
    posters = tuple(
        Presentation(f"p{i}", Kind.POSTER, f"Poster {i}", at(6), at(8), room="Hall", session_id="ps", position=i)
        for i in range(count)
    )
    start = at(7, 50)  # the first talk overlaps the posters' last ten minutes
    talks = tuple(
        Presentation(
            f"t{i}",
            Kind.TALK,
            f"Talk {i}",
            start + timedelta(minutes=10 * i),
            start + timedelta(minutes=10 * (i + 1)),
            room="A" if i % 2 else "B",
            session_id="ts",
            position=i,
        )
        for i in range(count)
    )
    sessions = (
        Session("ps", Kind.POSTER, "Posters", at(6), at(8), presentation_ids=tuple(p.id for p in posters)),
        Session("ts", Kind.OTHER, "Talks", talks[0].start, talks[-1].end, presentation_ids=tuple(t.id for t in talks)),
    )
    conference = Conference("Big", "Africa/Kigali", sessions, posters + talks)

    report = find_conflicts(conference, [p.id for p in posters] + [t.id for t in talks])

    assert report.clashes == []
    assert len(report.tight_changes) == count - 1
    assert len(report.soft_overlaps) == count  # each poster against the first talk
    assert {c.second_id for c in report.soft_overlaps} == {"t0"}


def test_a_workshop_is_sat_through_unless_it_is_a_poster_session() -> None:
    zone = ZoneInfo("Europe/Brussels")
    at = datetime(2024, 2, 3, 10, 0, tzinfo=zone)
    talk_ = Session("talk01", Kind.TALK, "A talk", at, at + timedelta(minutes=30), room="K.1")
    hands_on = Session("work01", Kind.WORKSHOP, "Hands-on Rust", at, at + timedelta(minutes=30), room="K.2")
    posters = Session("work02", Kind.WORKSHOP, "Workshop: Blog Track Poster Session", at, at + timedelta(hours=2))
    conference = Conference("FOSDEM-ish", "Europe/Brussels", (talk_, hands_on, posters), ())

    def kinds(*ids: str) -> list[ConflictKind]:
        agenda = Agenda.for_conference(conference)
        for event_id in ids:
            agenda.pick(conference[event_id])
        return [c.kind for c in find_conflicts(conference, agenda).all]

    assert kinds("talk01", "work01") == [ConflictKind.CLASH]
    assert kinds("talk01", "work02") == [ConflictKind.SOFT_OVERLAP]


# --- what the report knows before writing anything out ------------------------------------------------------------


def test_counts_and_worst_kinds_agree_with_the_conflicts_written_out() -> None:
    """The planner's markers come from the report without writing each conflict out; on random agendas of the
    bundled programme they must be what the written-out conflicts say."""
    conference = iclr()
    events = list(conference.events())
    for seed in range(30):
        picks = [e.id for e in random.Random(seed).sample(events, 40)]
        report = find_conflicts(conference, picks)
        written = report.all
        assert len(report) == len(written) == sum(report.counts().values())
        assert report.counts()[ConflictKind.CLASH] == len(report.clashes)
        worst: dict[str, ConflictKind] = {}
        for conflict in written:
            for event_id in (conflict.first_id, conflict.second_id):
                if event_id not in worst or SEVERITY.index(conflict.kind) < SEVERITY.index(worst[event_id]):
                    worst[event_id] = conflict.kind
        for presentation_id, session_id in report.absorbed.items():
            if session_id in worst:
                worst[presentation_id] = worst[session_id]
        assert report.worst_by_event() == worst
        for event_id in picks:
            assert report.involving(event_id) == [
                c
                for c in written
                if event_id in (c.first_id, c.second_id) or report.absorbed.get(event_id) in (c.first_id, c.second_id)
            ]


def test_a_tight_change_is_worse_than_a_soft_overlap() -> None:
    assert SEVERITY.index(ConflictKind.TIGHT_CHANGE) < SEVERITY.index(ConflictKind.SOFT_OVERLAP)
    assert SEVERITY[0] is ConflictKind.CLASH


# --- the sweep against the rules applied to every pair ------------------------------------------------------------

_KINDS = st.sampled_from([Kind.TALK, Kind.ORAL, Kind.POSTER, Kind.SOCIAL, Kind.WORKSHOP])
# (session number, kind, start in quarter hours, length in quarter hours, 0 included), for each presentation
_PRESENTATIONS = st.lists(st.tuples(st.integers(0, 2), _KINDS, st.integers(0, 16), st.integers(0, 8)), max_size=14)


def small_programme(presentations: list[tuple[int, Kind, int, int]], session_kinds: list[Kind]) -> Conference:
    made: list[Presentation] = []
    for number, (session_number, kind, start, length) in enumerate(presentations):
        begins = at(9) + timedelta(minutes=15 * start)
        made.append(
            Presentation(
                f"p{number}",
                kind,
                f"P{number}",
                begins,
                begins + timedelta(minutes=15 * length),
                room=f"R{number % 3}",
                session_id=f"s{session_number}",
            )
        )
    sessions = []
    for number, kind in enumerate(session_kinds):
        inside = [p for p in made if p.session_id == f"s{number}"]
        start = min((p.start for p in inside), default=at(9))
        end = max((p.end for p in inside), default=at(10))
        ids = tuple(p.id for p in inside)
        sessions.append(Session(f"s{number}", kind, f"S{number}", start, end, room="Hall", presentation_ids=ids))
    return Conference("Small", "Africa/Kigali", tuple(sessions), tuple(made))


def conflicting_pairs_by_the_rules(conference: Conference, picks: list[str]) -> set[tuple[ConflictKind, str, str]]:
    """Every pair of picks looked at: a talk inside a picked session takes no part of its own; posters (things one
    browses) of one session never conflict; otherwise overlapping picks clash, or overlap softly when one of
    them can be browsed."""
    picked = [conference[i] for i in dict.fromkeys(picks)]
    whole = {e.id for e in picked if isinstance(e, Session)}
    taking_part = [e for e in picked if not (isinstance(e, Presentation) and e.session_id in whole)]
    found = set()
    for i, a in enumerate(taking_part):
        for b in taking_part[i + 1 :]:
            same_session = isinstance(a, Presentation) and isinstance(b, Presentation) and a.session_id == b.session_id
            if same_session and is_browseable(a) and is_browseable(b):
                continue
            if a.start < b.end and b.start < a.end:
                kind = ConflictKind.SOFT_OVERLAP if is_browseable(a) or is_browseable(b) else ConflictKind.CLASH
                first, second = sorted((a, b), key=lambda e: (e.start, e.end, e.id))
                found.add((kind, first.id, second.id))
    return found


@settings(derandomize=True, deadline=None)  # the same cases on every machine
@given(_PRESENTATIONS, st.lists(_KINDS, min_size=3, max_size=3), st.data())
def test_the_sweep_finds_exactly_the_pairs_the_rules_give(
    presentations: list[tuple[int, Kind, int, int]], session_kinds: list[Kind], data: st.DataObject
) -> None:
    conference = small_programme(presentations, session_kinds)
    ids = [e.id for e in conference.events()]
    picks = data.draw(st.lists(st.sampled_from(ids), max_size=len(ids)))
    report = find_conflicts(conference, picks)
    found = {(c.kind, c.first_id, c.second_id) for c in report.all if c.kind is not ConflictKind.TIGHT_CHANGE}
    assert found == conflicting_pairs_by_the_rules(conference, picks)
    assert len(report.clashes) + len(report.soft_overlaps) == len(found)  # each pair once


def test_one_order_of_severity_decides_markers_and_ties() -> None:
    """The enum's order is the severity order; the report's ties at one moment and the worst marker both follow it."""
    assert (
        list(ConflictKind)
        == list(SEVERITY)
        == [ConflictKind.CLASH, ConflictKind.TIGHT_CHANGE, ConflictKind.SOFT_OVERLAP]
    )
    assert [kind.severity for kind in SEVERITY] == [0, 1, 2]


@pytest.mark.parametrize("seed", range(6))
def test_conflicts_added_by_added_picks_are_those_a_full_comparison_finds(seed: int) -> None:
    """Picks only added: the new conflicts are looked for among the added picks' pairs; the same as comparing all."""

    events = [e.id for e in iclr().events()]
    rng = random.Random(seed)
    mine = rng.sample(events, 40)
    more = mine + rng.sample([e for e in events if e not in mine], rng.choice((1, 3, 30)))
    before, after = find_conflicts(iclr(), mine), find_conflicts(iclr(), more)
    added = conflicts_added(before, after, shown=10_000)
    known = {(c.kind, c.first_id, c.second_id) for c in before.all}
    expected = [c for c in after.all if (c.kind, c.first_id, c.second_id) not in known]
    assert sorted(added.earliest) == sorted(expected) and added.total == len(expected)


@pytest.mark.parametrize("seed", range(4))
def test_the_earliest_conflicts_and_those_under_each_pick_are_the_full_lists_cut(seed: int) -> None:
    """`conflicts` lists the earliest and `agenda show` a few under each pick without writing out the rest: what
    they show is what writing out every conflict and cutting the list gives."""
    events = [e.id for e in iclr().events()]
    report = find_conflicts(iclr(), random.Random(seed).sample(events, 120))
    everything = find_conflicts(iclr(), report.picked_ids()).all
    assert len(everything) > 30
    assert report.earliest(len(everything) + 5) == everything
    assert report.earliest(10) == everything[:10]
    for most in (1, 2, 1_000):
        under = find_conflicts(iclr(), report.picked_ids()).under_later_pick(most)
        for pick_id in report.picked_ids():
            later = [c for c in everything if c.second_id == pick_id]
            shown, total = under.get(pick_id, ([], 0))
            assert total == len(later) and len(shown) == min(most, len(later))
            assert set(shown) <= set(later) and shown == sorted(shown, key=everything.index)
            worst_left = min((c.kind.severity for c in later if c not in shown), default=9)
            assert all(c.kind.severity <= worst_left for c in shown)  # the worst are the ones shown
