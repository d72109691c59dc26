"""The ICLR programme text parser, pinned on the bundled ICLR 2023 Tuesday programme."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from confplan.errors import ConfplanError
from confplan.formats.conference_settings import ConferenceSettings
from confplan.formats.iclr_text import parse_iclr_text
from confplan.model import Conference, Kind, Presentation, Session, TimeSource
from confplan.storage import locations
from confplan.storage.conference_yaml import settings_from_text
from confplan.storage.loading import load_schedule

KIGALI = ZoneInfo("Africa/Kigali")
SETTINGS = settings_from_text("timezone: Africa/Kigali\nyear: 2023\nname: ICLR 2023\n", "conference.yaml")


def settings_of(mapping: dict[str, object]) -> ConferenceSettings:
    """Settings as a conference.yaml with ``mapping`` in it would give."""
    return settings_from_text(yaml.safe_dump(mapping), "conference.yaml")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 5, 2, hour, minute, tzinfo=KIGALI)


@pytest.fixture(scope="module")
def iclr() -> Conference:
    conference, skipped = load_schedule(None)
    assert skipped == []
    return conference


@pytest.fixture(scope="module")
def programme_text() -> str:
    return locations.bundled_schedule().read_text(encoding="utf-8")


def session_titled(conference: Conference, prefix: str) -> Session:
    (session,) = [s for s in conference.sessions if s.title.startswith(prefix)]
    return session


def test_session_counts_by_kind(iclr: Conference) -> None:
    assert len(iclr.sessions) == 27
    assert Counter(s.kind for s in iclr.sessions) == {
        Kind.REGISTRATION: 1,
        Kind.INVITED_TALK: 2,
        Kind.ORAL: 11,
        Kind.POSTER: 2,
        Kind.WORKSHOP: 1,
        Kind.SOCIAL: 10,
    }


def test_every_room_line_is_a_presentation(iclr: Conference, programme_text: str) -> None:
    room_lines = sum(1 for line in programme_text.split("\n") if line.startswith("[ "))
    assert room_lines == 366
    assert len(iclr.presentations) == 366
    assert Counter(p.kind for p in iclr.presentations) == {Kind.ORAL: 86, Kind.POSTER: 280}
    assert sum(len(s.presentation_ids) for s in iclr.sessions) == 366


def test_first_talk_of_oral_3_track_1(iclr: Conference) -> None:
    session = session_titled(iclr, "Oral 3 Track 1")
    assert session.track == "Reinforcement Learning"
    assert session.room == "Auditorium"
    assert (session.start, session.end) == (at(10), at(11, 30))
    assert (session.start_source, session.end_source) == (TimeSource.STATED, TimeSource.DEFAULT_DURATION)
    first, second = iclr.presentations_of(session)[:2]
    assert first.start == datetime.fromisoformat("2023-05-02T10:00:00+02:00")
    assert first.start.tzinfo == KIGALI
    assert (first.end, first.room, first.position) == (at(10, 10), "Auditorium", 0)
    assert (second.start, second.end) == (at(10, 10), at(10, 20))
    assert first.start_source is TimeSource.ESTIMATED and "≈" in first.time_note
    assert not first.time_is_certain


def test_oral_talks_get_consecutive_slots_in_every_track(iclr: Conference) -> None:
    for session in (s for s in iclr.sessions if s.kind is Kind.ORAL):
        talks = iclr.presentations_of(session)
        assert [t.start for t in talks] == [session.start + (t.end - t.start) * i for i, t in enumerate(talks)]
        assert all(t.minutes == 10 for t in talks)


def test_invited_talks_are_placed_by_position_and_marked_inferred(iclr: Conference) -> None:
    sugiyama = session_titled(iclr, "Importance-Weighting Approach")
    assert sugiyama.kind is Kind.INVITED_TALK
    assert sugiyama.speakers == ("Masashi Sugiyama",)
    assert (sugiyama.start, sugiyama.end) == (at(9), at(10))
    assert sugiyama.start_source is TimeSource.INFERRED and sugiyama.end_source is TimeSource.INFERRED
    assert sugiyama.abstract.startswith("For reliable machine learning")
    assert "inferred" in sugiyama.time_note

    nsoesie = session_titled(iclr, "Invited talk by Elaine Nsoesie")  # the text gives her talk no title line
    assert (nsoesie.start, nsoesie.end) == (at(14), at(15))
    assert nsoesie.abstract.startswith("Large datasets are increasing used")
    assert nsoesie.time_source is TimeSource.INFERRED


def test_sessions_without_end_times_use_the_estimated_defaults(iclr: Conference) -> None:
    registration = session_titled(iclr, "Registration Desk")
    assert (registration.start, registration.end) == (at(8), at(18))
    assert registration.description.startswith("Registration and Check-in are located")
    poster = session_titled(iclr, "Poster Session 3")
    assert (poster.start, poster.end, poster.room) == (at(11, 30), at(13, 30), "MH1-2-3-4")
    social = session_titled(iclr, "Social: Lin Gu")
    assert (social.start, social.end) == (at(12, 30), at(13, 30))
    workshop = session_titled(iclr, "Workshop: Blog Track Poster Session")
    assert workshop.presentation_ids == () and (workshop.start, workshop.end) == (at(11, 30), at(13, 30))
    assert all(s.end_source is TimeSource.DEFAULT_DURATION for s in iclr.sessions if s.kind is not Kind.INVITED_TALK)


def test_posters_share_their_session_time(iclr: Conference) -> None:
    for poster in (p for p in iclr.presentations if p.kind is Kind.POSTER):
        session = iclr.session_of(poster)
        assert (poster.start, poster.end, poster.room) == (session.start, session.end, "MH1-2-3-4")


def test_presentations_without_abstract_are_kept_with_a_label(iclr: Conference) -> None:
    session = session_titled(iclr, "Oral 3 Track 3")
    talks = iclr.presentations_of(session)
    assert len(talks) == 8
    assert talks[0].abstract == "" and talks[0].title == "Oral 3 Track 3 · talk 1 (no abstract)"
    assert talks[3].abstract.startswith("Deep neural networks can learn powerful prior")
    poster_session = session_titled(iclr, "Poster Session 3")
    untitled = [p for p in iclr.presentations_of(poster_session) if not p.abstract]
    assert untitled and all(p.title.startswith("Poster Session 3 · poster ") for p in untitled)
    assert all(p.title.endswith("(no abstract)") for p in untitled)


def test_titles_are_first_sentences_and_abstracts_stay_whole(iclr: Conference) -> None:
    session = session_titled(iclr, "Oral 3 Track 1")
    first = iclr.presentations_of(session)[0]
    assert first.title_is_derived
    assert first.title.startswith("Many Dec-POMDPs admit a qualitatively diverse set of “reasonable” joint policies")
    assert len(first.title) <= 100
    assert first.abstract.startswith("Many Dec-POMDPs admit a qualitatively diverse set of ''reasonable''")
    assert len(first.abstract) > 500
    short = next(p for p in iclr.presentations if p.abstract.startswith("Equivariance guarantees that a model"))
    assert short.title == "Equivariance guarantees that a model's predictions capture key symmetries in data"


def test_truncated_abstracts_are_flagged(iclr: Conference) -> None:
    truncated = [p for p in iclr.presentations if p.truncated]
    assert len(truncated) == 84
    assert all(p.abstract.endswith("…") for p in truncated)
    assert not any(p.truncated for p in iclr.presentations if p.abstract and not p.abstract.endswith("…"))


def test_stray_abstract_heading_is_dropped(iclr: Conference) -> None:
    grad_odam = [p for p in iclr.presentations if "Grad-ODAM" in p.abstract]
    assert len(grad_odam) == 1
    assert grad_odam[0].abstract.startswith("We propose the Gradient-weighted Object Detector Activation Mapping")
    assert not any(p.abstract.startswith("Abstract") for p in iclr.presentations)


def test_orals_are_linked_to_their_posters(iclr: Conference) -> None:
    linked = [p for p in iclr.presentations if p.kind is Kind.ORAL and p.also_presented_as]
    assert len(linked) == 65
    for oral in linked:
        (poster_id,) = oral.also_presented_as
        poster = iclr[poster_id]
        assert isinstance(poster, Presentation) and poster.kind is Kind.POSTER
        assert poster.also_presented_as == (oral.id,)
        assert poster.abstract == oral.abstract
        assert poster.start > oral.start
        assert poster.track == oral.track  # the poster inherits the oral's track
    oral_3 = {p.id for p in iclr.presentations if p.kind is Kind.ORAL and iclr.session_of(p).title.startswith("Oral 3")}
    poster_3 = set(session_titled(iclr, "Poster Session 3").presentation_ids)
    assert all(set(iclr[i].also_presented_as) <= poster_3 for i in oral_3 if i in {p.id for p in linked})


def test_non_ascii_text_and_last_line_survive(iclr: Conference) -> None:
    assert any("’" in p.abstract for p in iclr.presentations)
    assert any("∼" in p.abstract for p in iclr.presentations)
    last = iclr.sessions[-1]
    assert last.title == "Social: Gintare Karolina Dziugaite + Daniel Roy"
    assert last.description.endswith("Masters of Advanced Study (MASt) in Applied Mathematics.")


def test_ids_are_short_unique_hex(iclr: Conference) -> None:
    ids = [e.id for e in iclr.events()]
    assert len(ids) == len(set(ids)) == 27 + 366
    assert all(len(i) == 6 and int(i, 16) >= 0 for i in ids)


def test_ids_are_stable_across_reparses_and_line_endings(iclr: Conference, programme_text: str) -> None:
    again, _ = parse_iclr_text(programme_text, SETTINGS)
    assert [e.id for e in again.events()] == [e.id for e in iclr.events()]
    crlf, _ = parse_iclr_text(programme_text.replace("\n", "\r\n"), SETTINGS)
    assert [(e.id, e.start, e.title) for e in crlf.events()] == [(e.id, e.start, e.title) for e in iclr.events()]


def test_ids_survive_inserting_and_removing_unrelated_presentations(iclr: Conference, programme_text: str) -> None:
    lines = programme_text.split("\n")
    poster_4 = lines.index("Poster Session 4 Tue 2 May 04:30 p.m.")
    inserted = (
        lines[: poster_4 + 1] + ["[ MH1-2-3-4 ]", "A brand new poster about something else."] + lines[poster_4 + 1 :]
    )
    changed, _ = parse_iclr_text("\n".join(inserted), SETTINGS)
    old_ids = {e.id for e in iclr.events()}
    new_ids = {e.id for e in changed.events()}
    assert old_ids < new_ids and len(new_ids - old_ids) == 1

    # Remove the first presentation of Oral 3 Track 1 (its room line and abstract).
    first_room = lines.index("[ Auditorium ]")
    removed_text = "\n".join(lines[:first_room] + lines[first_room + 3 :])
    removed, _ = parse_iclr_text(removed_text, SETTINGS)
    gone = old_ids - {e.id for e in removed.events()}
    assert len(gone) == 1
    assert "Many Dec-POMDPs" in iclr[gone.pop()].abstract


def test_overrides_move_a_session_and_its_talks_and_single_talks(programme_text: str, iclr: Conference) -> None:
    session = session_titled(iclr, "Oral 3 Track 1")
    talk = iclr.presentations_of(session_titled(iclr, "Oral 3 Track 3"))[2]
    settings = settings_of(
        {
            "timezone": "Africa/Kigali",
            "year": 2023,
            "overrides": {
                session.id: {"start": "2023-05-02 10:15"},
                talk.id: {"start": "2023-05-02 10:40", "end": "2023-05-02 10:55"},
            },
        }
    )
    moved, _ = parse_iclr_text(programme_text, settings)
    moved_session = moved[session.id]
    assert (moved_session.start, moved_session.end) == (at(10, 15), at(11, 45))
    assert moved_session.start_source is TimeSource.OVERRIDE
    first_talk = moved.presentations_of(moved_session)[0]  # type: ignore[arg-type]
    assert first_talk.start == at(10, 15)
    moved_talk = moved[talk.id]
    assert (moved_talk.start, moved_talk.end) == (at(10, 40), at(10, 55))
    assert moved_talk.time_is_certain and moved_talk.time_note == "time corrected in conference.yaml"


def test_override_of_an_unknown_id_is_refused(programme_text: str) -> None:
    settings = settings_of(
        {"timezone": "Africa/Kigali", "year": 2023, "overrides": {"abcdef": {"start": "2023-05-02 10:15"}}}
    )
    with pytest.raises(ConfplanError, match="no session or presentation has the id abcdef"):
        parse_iclr_text(programme_text, settings)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Oral 3 Track 1: RL Tue 2 May\n[ AD1 ]\nabc\n", 1, "broken session header"),
        ("[ AD1 ]\nOral 3 Track 1: RL Tue 2 May 10:00 a.m.\n", 1, "room line '[ AD1 ]' before any session"),
        ("Social: X Tue 2 May 12:30 p.m.\n[ AD1 ]\n", 2, "inside a social session"),
        ("Oral 3 Track 1: RL Tue 2 Mai 10:00 a.m.\n[ AD1 ]\n", 1, "unknown month 'Mai'"),
        ("Poster Session 3 Tue 2 May 13:30 p.m.\n", 1, "bad time 13:30"),
        ("Poster Session 3 Tue 2 May 10:75 a.m.\n", 1, "bad time 10:75"),
        ("Poster Session 3 Tue 31 Feb 10:00 a.m.\n", 1, "no such date"),
        ("Poster Session 3 Wed 2 May 10:00 a.m.\n", 1, "weekday that does not fit the year 2023"),
        ("hello\nworld\n", 1, "text before the first session header"),
        ("", None, "no sessions found"),
    ],
)
def test_bad_input_is_reported_with_its_line(text: str, line: int | None, message: str) -> None:
    with pytest.raises(ConfplanError) as error:
        parse_iclr_text(text, SETTINGS, "bad.txt")
    problem = error.value.problems[0]
    assert message in problem.message
    assert (problem.path, problem.line) == ("bad.txt", line)


def test_lenient_mode_keeps_what_it_can_and_reports_every_skipped_line() -> None:
    text = (
        "Oral 3 Track 1: RL Tue 2 Mai 10:00 a.m.\n[ AD1 ]\nan abstract.\n"
        "Poster Session 3 Tue 2 May 11:30 a.m.\n[ MH1 ]\nA poster.\n[ MH1 ]\n"
    )
    conference, skipped = parse_iclr_text(text, SETTINGS, "x.txt", lenient=True)
    assert [s.title for s in conference.sessions] == ["Poster Session 3"]
    assert len(conference.presentations) == 2
    assert [(p.line, p.message[:14]) for p in skipped] == [(1, "unknown month "), (2, "lines 2–3 skip")]


def test_a_year_is_required_when_the_text_has_none() -> None:
    settings = settings_of({"timezone": "Africa/Kigali"})
    with pytest.raises(ConfplanError, match="gives no year"):
        parse_iclr_text("Poster Session 3 Tue 2 May 11:30 a.m.\n", settings)


def test_conference_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfplanError, match="'timezone' is required"):
        settings_of({"year": 2023})
    with pytest.raises(ConfplanError, match="unknown time zone 'Mars/Olympus'"):
        settings_of({"timezone": "Mars/Olympus"})
    with pytest.raises(ConfplanError, match="'durations.social': expected minutes"):
        settings_of({"timezone": "UTC", "durations": {"social": "long"}})
    with pytest.raises(ConfplanError, match="unknown key"):
        settings_of({"timezone": "UTC", "zone": "UTC"})


def test_minutes_count_elapsed_time_across_a_clock_change() -> None:
    from confplan.model import Session

    brussels = ZoneInfo("Europe/Brussels")
    # 26 Oct 2025: clocks go back at 03:00 CEST to 02:00 CET, so 01:00–03:00 wall time is three hours.
    night = Session(id="x", kind=Kind.SOCIAL, title="Night", start=datetime(2025, 10, 26, 1, 0, tzinfo=brussels),
                    end=datetime(2025, 10, 26, 3, 0, tzinfo=brussels))  # fmt: skip
    assert night.minutes == 180


def test_a_few_escapes_in_a_short_programme_are_data_and_a_binary_file_is_named_so() -> None:
    """A 200-character file with 4 control characters was refused as "mostly control bytes"."""
    from confplan.formats.iclr_text import decode_text

    text = ("Oral 1: Graphs Tue 2 May 10:00 a.m.\n" + "A talk about \x1b[1mbold\x1b[0m claims. " * 2).ljust(200, "x")
    assert decode_text(text.encode(), "p.txt") == text
    with pytest.raises(ConfplanError, match=r"this is not a text file \(6 of its first 16 characters"):
        decode_text(b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "p.txt")
