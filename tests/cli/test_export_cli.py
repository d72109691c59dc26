"""`confplan export`: files, stdout, the state beside the agenda, and bad input."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from confplan.cli import main
from confplan.cli.export_cmds import parse_duration
from confplan.domain.agenda import Agenda, Priority
from confplan.model import Conference
from confplan.storage.export_ics import event_uid
from confplan.storage.loading import load_schedule
from confplan.storage.store import default_agenda_path, save_agenda


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def iclr() -> Conference:
    return load_schedule(None)[0]


def saved_agenda(conference: Conference, *event_ids: str, maybe: tuple[str, ...] = ()) -> Path:
    agenda = Agenda.for_conference(conference)
    for event_id in event_ids:
        agenda.pick(conference[event_id], Priority.MAYBE if event_id in maybe else Priority.MUST)
    path = default_agenda_path(conference)
    save_agenda(agenda, path, conference)
    return path


def vevents(data: bytes) -> dict[str, Calendar]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def some_ids(conference: Conference, count: int) -> list[str]:
    return [p.id for p in conference.presentations[:count]]


def test_no_agenda_yet_writes_a_valid_empty_calendar_and_says_so(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "empty.ics"
    assert main(["export", "-o", str(out)]) == 0
    calendar = Calendar.from_ical(out.read_bytes())
    assert calendar.walk("VEVENT") == [] and [tz.tz_name for tz in calendar.timezones] == ["Africa/Kigali"]
    err = capsys.readouterr().err
    assert "no picks" in err and "--all" in err
    assert not data_dir.exists() or not list(data_dir.rglob("*.export-state.json"))  # nothing to remember


def test_export_writes_the_picks_and_the_state_beside_the_agenda(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = some_ids(iclr, 3)
    agenda_path = saved_agenda(iclr, *ids, maybe=(ids[1],))
    out = tmp_path / "agenda.ics"
    assert main(["export", "-o", str(out), "--remind", "1h30m"]) == 0
    events = vevents(out.read_bytes())
    assert set(events) == {event_uid(iclr, i) for i in ids}
    assert str(events[event_uid(iclr, ids[1])]["STATUS"]) == "TENTATIVE"
    assert all(e.walk("VALARM")[0]["TRIGGER"].dt == -timedelta(hours=1, minutes=30) for e in events.values())
    assert "wrote 3 events (3 new, 0 updated, 0 cancelled, 0 unchanged)" in capsys.readouterr().err
    state = agenda_path.with_name(agenda_path.name + ".export-state.json")
    assert state.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["agenda.ics"]  # no temporary file left

    # Unpick one and export again: it comes back cancelled; the others are unchanged.
    agenda_path.unlink()
    saved_agenda(iclr, ids[0], ids[1], maybe=(ids[1],))
    assert main(["export", "-o", str(out), "--remind", "1h30m"]) == 0
    events = vevents(out.read_bytes())
    assert str(events[event_uid(iclr, ids[2])]["STATUS"]) == "CANCELLED"
    assert int(events[event_uid(iclr, ids[2])]["SEQUENCE"]) == 1
    assert int(events[event_uid(iclr, ids[0])]["SEQUENCE"]) == 0
    assert "(0 new, 0 updated, 1 cancelled, 2 unchanged)" in capsys.readouterr().err


def test_dash_writes_to_stdout(data_dir: Path, iclr: Conference, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    saved_agenda(iclr, *some_ids(iclr, 2))
    assert main(["export", "-o", "-"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"BEGIN:VCALENDAR\r\n") and len(vevents(captured.out)) == 2
    assert b"to stdout" in captured.err


def test_all_exports_the_whole_programme_with_a_state_of_its_own(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda_path = saved_agenda(iclr, *some_ids(iclr, 2))
    programme = tmp_path / "programme.ics"
    assert main(["export", "-o", str(programme), "--all"]) == 0
    assert len(vevents(programme.read_bytes())) == len(iclr)
    assert agenda_path.with_name(agenda_path.name + ".export-all-state.json").is_file()
    # The picks' export afterwards cancels nothing: the programme went to a calendar of its own.
    mine = tmp_path / "mine.ics"
    assert main(["export", "-o", str(mine)]) == 0
    assert {str(e["STATUS"]) for e in vevents(mine.read_bytes()).values()} == {"CONFIRMED"}
    assert len(vevents(mine.read_bytes())) == 2
    assert "(2 new, 0 updated, 0 cancelled, 0 unchanged)" in capsys.readouterr().err


def test_a_new_calendar_file_gets_the_usual_permissions(data_dir: Path, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert main(["export", "-o", str(tmp_path / "x.ics")]) == 0
    finally:
        os.umask(umask)
    assert (tmp_path / "x.ics").stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_an_explicit_agenda_file_is_used(tmp_path: Path, iclr: Conference, data_dir: Path) -> None:
    agenda = Agenda.for_conference(iclr)
    agenda.pick(iclr[some_ids(iclr, 1)[0]])
    path = tmp_path / "shared" / "ada.yaml"
    path.parent.mkdir()
    save_agenda(agenda, path, iclr)
    out = tmp_path / "ada.ics"
    assert main(["export", "-o", str(out), "--agenda", str(path)]) == 0
    assert len(vevents(out.read_bytes())) == 1
    assert (tmp_path / "shared" / "ada.yaml.export-state.json").is_file()


@pytest.mark.parametrize(("text", "expected"), [("10m", 10), ("1h", 60), ("1h30m", 90), ("2d", 2880), ("0m", 0)])
def test_parse_duration(text: str, expected: int) -> None:
    assert parse_duration(text) == timedelta(minutes=expected)


@pytest.mark.parametrize("bad", ["10", "ten minutes", "-5m", "1x", "", "8d"])
def test_a_bad_reminder_is_a_clear_message_and_exit_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", "-o", str(tmp_path / "x.ics"), f"--remind={bad}"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--remind" in err and ("10m" in err or "at most 7d" in err)
    assert not (tmp_path / "x.ics").exists()


def test_an_unwritable_output_is_a_clear_message_and_keeps_the_state(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda_path = saved_agenda(iclr, *some_ids(iclr, 1))
    assert main(["export", "-o", str(tmp_path / "missing-dir" / "x.ics")]) == 2
    err = capsys.readouterr().err
    assert "missing-dir" in err and "Traceback" not in err
    assert not agenda_path.with_name(agenda_path.name + ".export-state.json").exists()


def test_the_calendar_is_never_written_over_the_agenda(
    data_dir: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda_path = saved_agenda(iclr, *some_ids(iclr, 1))
    before = agenda_path.read_bytes()
    assert main(["export", "-o", str(agenda_path)]) == 2
    assert "refusing" in capsys.readouterr().err
    assert agenda_path.read_bytes() == before


def test_a_damaged_state_file_stops_the_export(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda_path = saved_agenda(iclr, *some_ids(iclr, 1))
    agenda_path.with_name(agenda_path.name + ".export-state.json").write_text("{", encoding="utf-8")
    assert main(["export", "-o", str(tmp_path / "x.ics")]) == 2
    assert "damaged" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()


def test_a_stdout_preview_does_not_use_up_the_cancellation_owed_to_the_file(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    ids = some_ids(iclr, 2)
    agenda_path = saved_agenda(iclr, *ids)
    out = tmp_path / "agenda.ics"
    assert main(["export", "-o", str(out)]) == 0
    state = agenda_path.with_name(agenda_path.name + ".export-state.json")
    remembered = state.read_bytes()
    agenda_path.unlink()
    saved_agenda(iclr, ids[0])  # unpick the second
    assert main(["export", "-o", "-"]) == 0  # a preview: shows the cancellation...
    assert str(vevents(capsysbinary.readouterr().out)[event_uid(iclr, ids[1])]["STATUS"]) == "CANCELLED"
    assert state.read_bytes() == remembered  # ...without recording it
    assert main(["export", "-o", str(out)]) == 0  # so the next file export still carries it
    assert str(vevents(out.read_bytes())[event_uid(iclr, ids[1])]["STATUS"]) == "CANCELLED"


def test_export_vdir_writes_one_file_per_pick_and_says_what_changed(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = some_ids(iclr, 2)
    saved_agenda(iclr, first, second)
    folder = tmp_path / "calendar"
    assert main(["export", "--vdir", str(folder)]) == 0
    assert sorted(p.stem for p in folder.glob("*.ics")) == sorted(event_uid(iclr, i) for i in (first, second))
    assert "holds 2 events (2 new, 0 updated, 0 removed, 0 unchanged)" in capsys.readouterr().err

    assert main(["unpick", second]) == 0
    assert main(["export", "--vdir", str(folder)]) == 0
    assert [p.stem for p in folder.glob("*.ics")] == [event_uid(iclr, first)]
    assert "1 removed" in capsys.readouterr().err


def test_export_vdir_refuses_the_whole_programme_and_a_second_destination(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "calendar"
    assert main(["export", "--vdir", str(folder), "--all"]) == 2
    assert "use -o FILE with --all" in capsys.readouterr().err and not folder.exists()
    with pytest.raises(SystemExit) as exited:
        main(["export", "--vdir", str(folder), "-o", str(tmp_path / "x.ics")])
    assert exited.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    assert not folder.exists() and not (tmp_path / "x.ics").exists()


def test_an_export_of_clashing_picks_says_so(
    data_dir: Path, tmp_path: Path, iclr: Conference, capsys: pytest.CaptureFixture[str]
) -> None:
    """A calendar shows two events side by side without a word: the export is the last moment to say it."""
    saved_agenda(iclr, "85c810", "43108a")  # two orals at 10:30 in different rooms
    assert main(["export", "-o", str(tmp_path / "clash.ics")]) == 0
    err = capsys.readouterr().err
    assert "your picks hold 1 clash; `confplan conflicts` says what to do" in err
    assert main(["export", "--vdir", str(tmp_path / "vdir")]) == 0
    assert "your picks hold 1 clash" in capsys.readouterr().err
    default_agenda_path(iclr).unlink()
    saved_agenda(iclr, "85c810")
    assert main(["export", "-o", str(tmp_path / "alone.ics")]) == 0
    assert "your picks hold" not in capsys.readouterr().err
