"""The `confplan` command line: list, show, global options and bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.storage import locations

REQUIRED_JSON_KEYS = {
    "id", "kind", "session", "title", "start", "end", "room", "track", "abstract",
    "time_source", "truncated", "also_presented_as",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed package in a separate process, from an unrelated working directory."""
    return subprocess.run(
        [sys.executable, "-m", "confplan", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_list_json_has_every_event_with_iso_times(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    events = json.loads(out)
    assert len(events) == 27 + 366
    assert all(REQUIRED_JSON_KEYS <= set(e) for e in events)
    first_talk = next(e for e in events if e["session"].startswith("Oral 3 Track 1") and e["level"] == "presentation")
    assert first_talk["start"] == "2023-05-02T10:00:00+02:00"
    assert first_talk["end"] == "2023-05-02T10:10:00+02:00"
    assert first_talk["room"] == "Auditorium"
    assert first_talk["time_source"] == "estimated"
    assert first_talk["track"] == "Reinforcement Learning"
    assert len(first_talk["also_presented_as"]) == 1
    poster = next(e for e in events if e["id"] == first_talk["also_presented_as"][0])
    assert poster["also_presented_as"] == [first_talk["id"]] and poster["kind"] == "poster"


def test_list_filters_by_kind_and_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--kind", "invited", "--json")
    assert code == 0
    assert [e["speakers"] for e in json.loads(out)] == [["Masashi Sugiyama"], ["Elaine Nsoesie"]]
    code, out, _ = run(capsys, "list", "--search", "grokking")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2  # the oral and its poster
    assert all("Grokking" in line for line in lines)
    assert "≈" in lines[0] and "AD12" in lines[0]


def test_list_keeps_the_days_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    # The planner's day filter, on the command line too: "Saturday only" on a multi-day programme (issue 15).
    fosdem = str(Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "fosdem_style.xml")
    days = {
        wanted: {line.split()[0] for line in run(capsys, "--schedule", fosdem, "list", "--day", wanted)[1].splitlines()}
        for wanted in ("sat", "Sunday", "2018-02-03")
    }
    assert days == {"sat": {"Sat"}, "Sunday": {"Sun"}, "2018-02-03": {"Sat"}}
    code, _, err = run(capsys, "--schedule", fosdem, "list", "--day", "mon")
    assert code == 2 and "no day of the programme" in err and "Sat 3 Feb (2018-02-03), Sun 4 Feb (2018-02-04)" in err


def test_list_text_lines_show_time_room_kind_id_title(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--kind", "registration")
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith("Tue 02 May 08:00–≈18:00")
    assert "registration" in line and "Registration Desk: Registration / Check-in" in line


def test_show_accepts_a_unique_id_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "--search", "Importance-Weighting", "--json")
    talk_id = json.loads(out)[0]["id"]
    code, out, _ = run(capsys, "show", talk_id[:5])
    assert code == 0
    assert out.startswith("Importance-Weighting Approach to Distribution Shift Adaptation")
    assert "Masashi Sugiyama" in out and "≈09:00–≈10:00" in out and "inferred" in out
    assert "Kigali Convention Centre" in out


def test_show_unknown_or_ambiguous_id_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "zzzzzz")
    assert code == 2 and err.strip() == "confplan: no event has the id 'zzzzzz'; `confplan list` shows every id"
    code, _, err = run(capsys, "show", "a")
    assert code == 2 and "ambiguous" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Oral 3 Track 1: RL Tue 2 May\n[ AD1 ]\n", "programme.txt:1: broken session header"),
        (b"[ AD1 ]\n", "programme.txt:1: room line '[ AD1 ]' before any session"),
        (b"Poster Session 3 Tue 2 Mai 11:30 a.m.\n", "programme.txt:1: unknown month 'Mai'"),
        (b"Poster Session 3 Tue 2 May 11:61 a.m.\n", "programme.txt:1: bad time 11:61"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "programme.txt: this is not a text file"),
    ],
)
def test_bad_schedules_exit_2_with_one_line_and_no_traceback(tmp_path: Path, content: bytes, expected: str) -> None:
    shutil.copy(locations.bundled_schedule().with_name("conference.yaml"), tmp_path)
    (tmp_path / "programme.txt").write_bytes(content)
    result = run_process("--schedule", "programme.txt", "list", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("confplan: " + expected)
    assert len(result.stderr.splitlines()) == 1


def test_lenient_mode_reports_skipped_lines_and_lists_the_rest(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(
        "Poster Session 3 Tue 2 Mai 11:30 a.m.\n[ MH1 ]\nx\nSocial: A Tue 2 May 12:30 p.m.\n"
    )
    result = run_process("--schedule", "p.txt", "--timezone", "Africa/Kigali", "--year", "2023", "--lenient", "list",
                         cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0
    assert "Social: A" in result.stdout
    assert "skipped: p.txt:1: unknown month" in result.stderr and "p.txt:2: lines 2–3 skipped" in result.stderr


def test_schedule_without_settings_needs_a_time_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schedule = tmp_path / "p.txt"
    schedule.write_text("Social: A Tue 2 May 12:30 p.m.\n")
    code, _, err = run(capsys, "--schedule", str(schedule), "list")
    assert code == 2 and "pass --timezone" in err
    code, out, _ = run(capsys, "list", "--schedule", str(schedule), "--timezone", "Europe/Paris", "--year", "2023",
                       "--json")  # fmt: skip
    assert code == 0 and json.loads(out)[0]["start"] == "2023-05-02T12:30:00+02:00"


def test_a_zone_or_year_against_the_programmes_own_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """The bundled programme says Africa/Kigali and 2023: --timezone America/New_York would move every event (and
    the export) by six hours, so it is one clear message rather than a silent reinterpretation."""
    code, out, err = run(capsys, "--timezone", "America/New_York", "list")
    assert code == 2 and out == ""
    assert "--timezone America/New_York contradicts the programme's own zone Africa/Kigali" in err
    assert "press t in the planner" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "--year", "2024", "list")
    assert code == 2 and "--year 2024 contradicts the programme's own year 2023" in err
    code, out, _ = run(capsys, "--timezone", "Africa/Kigali", "--year", "2023", "list", "--json")
    assert code == 0 and json.loads(out)[0]["start"].endswith("+02:00")


def test_bundled_programme_loads_from_any_working_directory(tmp_path: Path) -> None:
    result = run_process("list", "--kind", "social", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 10


def test_missing_schedule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--schedule", str(tmp_path / "nope.txt"), "list")
    assert code == 2 and err.strip().endswith("nope.txt: no such schedule file")


def test_an_unexpected_error_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from confplan.cli import schedule_cmds

    def broken(*args: object) -> int:
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(schedule_cmds, "list_command", broken)
    monkeypatch.delenv("CONFPLAN_DEBUG", raising=False)
    code, out, err = run(capsys, "list")
    assert code == 70 and out == ""
    assert err.startswith("confplan: internal error (RuntimeError: something we did not foresee)")
    assert len(err.splitlines()) == 1


def test_an_unknown_time_zone_option_is_named_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Checked as the command line is read (before any schedule is), with the same words as conference.yaml's."""
    schedule = tmp_path / "p.txt"
    schedule.write_text("Social: A Tue 2 May 12:30 p.m.\n")
    with pytest.raises(SystemExit) as exit_:
        main(["--schedule", str(schedule), "--timezone", "Mars/Olympus", "--year", "2023", "list"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.splitlines()[-1] == (
        "confplan: error: argument --timezone: unknown time zone 'Mars/Olympus' "
        "(expected an IANA name such as Africa/Kigali)"
    )
    assert err.count("unknown time zone") == 1


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Kigali", "Africa/Kigali"),
        ("africa/kigali", "Africa/Kigali"),
        ("Africa/Kigalli", "Africa/Kigali"),
        ("New York", "America/New_York"),
        ("Europe/Pari", "Europe/Paris"),
    ],
)
def test_a_mistyped_time_zone_gets_the_zone_it_probably_means(
    typed: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--timezone", typed, "list"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"unknown time zone {typed!r} (did you mean {meant}?)")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`confplan list --json | head -1`: the pipe closes while confplan still writes; that is the reader's choice."""
    confplan = subprocess.Popen(
        [sys.executable, "-m", "confplan", "list", "--json"],  # more than a pipe holds (64 kB)
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CONFPLAN_DATA_DIR": str(tmp_path)},
    )
    assert confplan.stdout is not None and confplan.stderr is not None
    first_line = confplan.stdout.readline()
    confplan.stdout.close()  # as head does after its line
    errors = confplan.stderr.read().decode()
    assert confplan.wait(timeout=60) == 0
    assert first_line.strip() and errors == ""


def test_search_ignores_accents_both_ways(capsys: pytest.CaptureFixture[str]) -> None:
    """A user types "schrodinger" or "Schrödinger": either finds a text with either spelling."""
    from confplan.domain.search import fold

    assert (
        fold("Schrödinger Zürich São Kraków")
        == fold("schrodinger zurich sao krakow")
        == "schrodinger zurich sao krakow"
    )
    assert len(fold("Müller")) == len("Müller")  # offsets in the folded text mark the shown characters
    code, plain, _ = run(capsys, "list", "--search", "schrodinger")
    code_accented, accented, _ = run(capsys, "list", "--search", "Schrödinger")
    assert code == code_accented == 0 and plain == accented and len(plain.splitlines()) == 2  # in two abstracts
