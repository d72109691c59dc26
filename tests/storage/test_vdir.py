"""The vdir export: one file per pick, the same events as the .ics export, brought up to date in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from confplan.domain.agenda import Agenda, Priority
from confplan.errors import ConfplanError
from confplan.model import Conference
from confplan.storage.export_ics import build_calendar, build_event_objects, event_uid
from confplan.storage.loading import load_schedule
from confplan.storage.vdir import STATE_NAME, export_vdir

NOW = datetime(2023, 4, 20, 7, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def iclr() -> Conference:
    return load_schedule(None)[0]


def agenda_of(conference: Conference, *ids: str, maybe: tuple[str, ...] = ()) -> Agenda:
    agenda = Agenda.for_conference(conference)
    for event_id in ids:
        agenda.pick(conference[event_id], Priority.MAYBE if event_id in maybe else Priority.MUST)
    return agenda


def files(folder: Path) -> dict[str, bytes]:
    return {path.stem: path.read_bytes() for path in sorted(folder.glob("*.ics"))}


def three_picks(conference: Conference) -> tuple[str, str, str]:
    talk, poster = conference.presentations[0].id, conference.presentations[-1].id
    social = next(e.id for e in conference.sessions if e.kind.value == "social")
    return talk, poster, social


def test_one_file_per_pick_with_the_events_of_the_ics_export(iclr: Conference, tmp_path: Path) -> None:
    talk, poster, social = three_picks(iclr)
    agenda = agenda_of(iclr, talk, poster, social, maybe=(poster,))
    agenda.pick(iclr[talk], note="front row; bring a pen")
    changes = export_vdir(tmp_path / "cal", iclr, agenda, now=NOW, remind=timedelta(minutes=10))

    written = files(tmp_path / "cal")
    assert sorted(written) == sorted(event_uid(iclr, i) for i in (talk, poster, social)) == sorted(changes.new)
    whole, _ = build_calendar(iclr, agenda, now=NOW, remind=timedelta(minutes=10))
    expected = {str(e["UID"]): e for e in Calendar.from_ical(whole).walk("VEVENT")}
    for uid, data in written.items():
        calendar = Calendar.from_ical(data)
        (event,) = calendar.walk("VEVENT")
        assert event.to_ical() == expected[uid].to_ical(), "the same VEVENT as the file export"
        assert [tz.tz_name for tz in calendar.timezones] == ["Africa/Kigali"]
        assert "METHOD" not in calendar  # a stored calendar object has none (RFC 4791, 4.1)
    assert str(expected[event_uid(iclr, poster)]["STATUS"]) == "TENTATIVE"


def test_a_second_export_rewrites_only_what_changed_and_deletes_the_unpicked(iclr: Conference, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    talk, poster, social = three_picks(iclr)
    agenda = agenda_of(iclr, talk, poster, social)
    export_vdir(folder, iclr, agenda, now=NOW)
    before = {path.name: path.stat().st_ino for path in folder.glob("*.ics")}

    agenda.unpick(social)
    agenda.pick(iclr[poster], Priority.MAYBE)
    changes = export_vdir(folder, iclr, agenda, now=NOW + timedelta(days=1))

    assert changes.removed == (event_uid(iclr, social),) and changes.updated == (event_uid(iclr, poster),)
    assert changes.unchanged == (event_uid(iclr, talk),) and changes.new == ()
    after = files(folder)
    assert sorted(after) == sorted([event_uid(iclr, talk), event_uid(iclr, poster)]), "no file for the unpicked"
    assert b"STATUS:TENTATIVE" in after[event_uid(iclr, poster)] and b"SEQUENCE:1" in after[event_uid(iclr, poster)]
    talk_file = folder / f"{event_uid(iclr, talk)}.ics"
    assert talk_file.stat().st_ino == before[talk_file.name], "an unchanged event's file is not rewritten"
    assert not list(folder.glob(".*.tmp")), "no temporary file left behind"


def test_files_confplan_did_not_write_are_left_alone(iclr: Conference, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    foreign = folder / "dentist.ics"
    foreign.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    talk = three_picks(iclr)[0]
    export_vdir(folder, iclr, agenda_of(iclr, talk), now=NOW)
    export_vdir(folder, iclr, agenda_of(iclr), now=NOW)
    assert [p.name for p in folder.glob("*.ics")] == ["dentist.ics"]
    assert foreign.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_an_edit_by_another_program_is_kept_until_the_event_changes(iclr: Conference, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    talk, poster, _ = three_picks(iclr)
    agenda = agenda_of(iclr, talk, poster)
    export_vdir(folder, iclr, agenda, now=NOW)
    talk_file, poster_file = (folder / f"{event_uid(iclr, i)}.ics" for i in (talk, poster))
    edited = talk_file.read_bytes().replace(b"SUMMARY:", b"SUMMARY:(edited in khal) ")
    talk_file.write_bytes(edited)
    poster_file.unlink()

    export_vdir(folder, iclr, agenda, now=NOW)
    assert talk_file.read_bytes() == edited
    assert poster_file.exists(), "a missing file is written again: the folder holds every pick"

    agenda.pick(iclr[talk], note="changed")
    export_vdir(folder, iclr, agenda, now=NOW)
    assert b"(edited in khal)" not in talk_file.read_bytes() and b"Your note: changed" in talk_file.read_bytes()


def test_each_folder_is_brought_up_to_date_on_its_own(iclr: Conference, tmp_path: Path) -> None:
    talk, poster, _ = three_picks(iclr)
    agenda = agenda_of(iclr, talk)
    export_vdir(tmp_path / "a", iclr, agenda, now=NOW)
    export_vdir(tmp_path / "b", iclr, agenda, now=NOW)
    agenda.pick(iclr[poster])
    agenda.unpick(talk)
    export_vdir(tmp_path / "a", iclr, agenda, now=NOW)
    export_vdir(tmp_path / "b", iclr, agenda, now=NOW)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert sorted(files(tmp_path / "b")) == [event_uid(iclr, poster)]


def test_a_pick_gone_from_the_programme_has_no_file(iclr: Conference, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    _, poster, social = three_picks(iclr)
    agenda = agenda_of(iclr, poster, social)
    export_vdir(folder, iclr, agenda, now=NOW)
    without_social = Conference(
        name=iclr.name,
        timezone=iclr.timezone,
        sessions=tuple(s for s in iclr.sessions if s.id != social),
        presentations=iclr.presentations,
        venue=iclr.venue,
    )
    changes = export_vdir(folder, without_social, agenda, now=NOW)
    assert changes.removed == (event_uid(iclr, social),)
    assert sorted(files(folder)) == [event_uid(iclr, poster)]
    objects, _ = build_event_objects(without_social, agenda, now=NOW)
    assert list(objects) == [event_uid(iclr, poster)]


def test_bad_folders_are_one_message_and_nothing_is_written(iclr: Conference, tmp_path: Path) -> None:
    agenda = agenda_of(iclr, three_picks(iclr)[0])
    with pytest.raises(ConfplanError, match="create it first"):
        export_vdir(tmp_path / "missing" / "cal", iclr, agenda, now=NOW)
    a_file = tmp_path / "file.ics"
    a_file.write_text("x")
    with pytest.raises(ConfplanError, match="not a folder"):
        export_vdir(a_file, iclr, agenda, now=NOW)
    assert a_file.read_text() == "x" and not (tmp_path / "missing").exists()


def test_a_damaged_state_says_how_to_start_over(iclr: Conference, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / STATE_NAME).write_text("{not json")
    with pytest.raises(ConfplanError, match="Delete it to start over"):
        export_vdir(folder, iclr, agenda_of(iclr, three_picks(iclr)[0]), now=NOW)
    assert not list(folder.glob("*.ics"))
