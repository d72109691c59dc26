"""The agenda commands as a user runs them: pick, unpick, conflicts, agenda show/diff/merge/validate/owner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.domain.agenda import content_fingerprint
from confplan.model import Kind
from confplan.storage import locations
from confplan.storage.store import load_agenda
from iclr_events import iclr, session, talk, twin, with_text


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(directory))
    return directory


def default_file(data_dir: Path) -> Path:
    return data_dir / "agendas" / "iclr-2023.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def clash_pair() -> tuple[str, str]:
    return talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 5", 0).id


# --- pick and unpick ------------------------------------------------------------------------------------------------


def test_pick_saves_to_the_conference_s_own_file_and_reports_new_conflicts(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    a, b = clash_pair()
    code, out, err = run(capsys, "pick", a, b[:4], "--note", "compare these two")
    assert code == 0
    assert out.startswith(f"picked    Tue 02 May ≈10:00–≈10:10 Auditorium  must   {a}  Many Dec-POMDPs")
    assert f"clash: {a} “Many Dec-POMDPs" in out and twin(talk("Oral 3 Track 1", 0)).id in out
    assert f"2 picks in {default_file(data_dir)}" in err
    agenda = load_agenda(default_file(data_dir), iclr())
    assert {p.id for p in agenda} == {a, b}
    assert {p.note for p in agenda} == {"compare these two"}


def test_one_pick_is_counted_in_the_singular(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    a, _ = clash_pair()
    _, _, err = run(capsys, "pick", a)
    assert f"1 pick in {default_file(data_dir)}" in err
    _, out, _ = run(capsys, "agenda", "show")
    assert ", 1 pick (" in out


def test_picking_again_is_idempotent_and_updates_priority(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    a, _ = clash_pair()
    run(capsys, "pick", a, "--note", "keep me")
    before = default_file(data_dir).read_bytes()
    code, out, _ = run(capsys, "pick", a)
    assert code == 0 and out.startswith("already ")
    assert default_file(data_dir).read_bytes() == before  # nothing changed: not a byte
    code, out, _ = run(capsys, "pick", a, "--maybe")
    assert code == 0 and out.startswith("updated ") and " maybe " in out
    pick = load_agenda(default_file(data_dir)).get(a)
    assert pick is not None and pick.note == "keep me"


def test_a_bad_id_changes_nothing(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    a, b = clash_pair()
    run(capsys, "pick", a)
    before = default_file(data_dir).read_bytes()
    code, out, err = run(capsys, "pick", b, "nosuch")
    assert code == 2 and out == ""
    assert err == (
        "confplan: no event has the id 'nosuch'; `confplan list` shows every id\n"
        "confplan: nothing was picked (not even the 1 valid one); fix the id and run the command again\n"
    )
    assert default_file(data_dir).read_bytes() == before


def test_unpick(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    a, b = clash_pair()
    run(capsys, "pick", a, b)
    code, out, err = run(capsys, "unpick", a, session("Oral 3 Track 1").id)
    assert code == 1  # one of the two was not picked
    assert out.startswith("unpicked ") and a in out
    assert f"{session('Oral 3 Track 1').id} “Oral 3 Track 1: Reinforcement Learning” is not in your agenda" in err
    assert "Traceback" not in err
    assert [p.id for p in load_agenda(default_file(data_dir))] == [b]
    code, _, err = run(capsys, "unpick", "nosuch")
    assert code == 2 and "no event has the id 'nosuch'" in err
    code, _, _ = run(capsys, "unpick", b)
    assert code == 0 and len(load_agenda(default_file(data_dir))) == 0


def test_agenda_option_chooses_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path) -> None:
    mine = tmp_path / "trip" / "mine.yaml"
    code, _, _ = run(capsys, "pick", clash_pair()[0], "--agenda", str(mine))
    assert code == 0 and mine.is_file() and not default_file(data_dir).exists()
    code, out, _ = run(capsys, "agenda", "show", "--agenda", str(mine))
    assert code == 0 and clash_pair()[0] in out


def test_two_conferences_never_mix_picks(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(locations.bundled_schedule(), other / "programme.txt")
    settings = locations.bundled_schedule().with_name("conference.yaml").read_text(encoding="utf-8")
    (other / "conference.yaml").write_text(settings.replace("name: ICLR 2023", "name: ICLR 2023 rehearsal"))
    a, b = clash_pair()
    run(capsys, "pick", a)
    run(capsys, "pick", b, "--schedule", str(other / "programme.txt"))
    assert [p.id for p in load_agenda(default_file(data_dir))] == [a]
    assert [p.id for p in load_agenda(data_dir / "agendas" / "iclr-2023-rehearsal.yaml")] == [b]
    # An agenda of one conference is refused for the other, and left as it was.
    before = default_file(data_dir).read_bytes()
    code, _, err = run(
        capsys, "pick", b, "--schedule", str(other / "programme.txt"), "--agenda", str(default_file(data_dir))
    )
    assert code == 2 and "this agenda is for 'ICLR 2023', but the schedule loaded is 'ICLR 2023 rehearsal'" in err
    assert default_file(data_dir).read_bytes() == before


BAD_FILES = {
    "empty": ("", "the file is empty"),
    "not yaml": ("version: [1\n", "not valid YAML"),
    "python tag": ("version: 1\nconference: !!python/object/apply:os.system ['echo hi']\n", "tags are not allowed"),
    "bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nversion: 1\n", "anchors and aliases are not allowed"),
    "deep": ("version: " + "[" * 5000 + "]" * 5000 + "\n", "nesting"),
    "wrong type": ("version: 1\nconference: {name: ICLR 2023}\npicks: {a: 1}\n", "`picks` should be a list"),
    "version": ("version: 7\nconference: {name: ICLR 2023}\npicks: []\n", "reads version 1"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_agenda_file_is_one_message_and_stays_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    text, expected = BAD_FILES[name]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["pick", clash_pair()[0]], ["unpick", clash_pair()[0]], ["agenda", "show"], ["conflicts"]):
        code, out, err = run(capsys, *command, "--agenda", str(path))
        assert code == 2, command
        assert err.startswith(f"confplan: {path}") and expected in err and "Traceback" not in err
        assert len(err.splitlines()) == 1
        assert path.read_text(encoding="utf-8") == text
    code, out, err = run(capsys, "agenda", "validate", str(path))
    assert code == 1 and expected in err and out == f"{path}: not a valid agenda file\n"


# --- show and conflicts -----------------------------------------------------------------------------------------------


def test_agenda_show_is_chronological_with_conflicts_gaps_and_orphans(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    a, b = clash_pair()
    orals = session("Oral 4 Track 6")
    social = session("Social: Large Language Model Research")
    run(capsys, "pick", social.id, orals.id, b, a, "--note", "line one\nline two \x1b[31m")
    path = default_file(data_dir)
    saved = path.read_text(encoding="utf-8")
    fingerprint = content_fingerprint(talk("Oral 3 Track 1", 0))
    # The same talk under an id the programme does not have: found again by its content…
    path.write_text(saved.replace(f"id: {a}", "id: gone00"), encoding="utf-8")
    code, out, err = run(capsys, "agenda", "show")
    assert code == 0 and f"gone00 is now {a} in the programme (same content); re-linked" in err
    assert "orphaned" not in out
    # …and with other content too: kept, and shown as orphaned.
    path.write_text(saved.replace(f"id: {a}", "id: gone00").replace(fingerprint, "0" * 12), encoding="utf-8")

    code, out, _ = run(capsys, "agenda", "show")

    assert code == 0
    lines = out.splitlines()
    pick_lines = [line for line in lines if line.startswith("Tue 02 May") and " free for " not in line]
    times = [line.split()[3].lstrip("≈")[:5] for line in pick_lines]
    assert times == sorted(times) and len(pick_lines) == 4
    assert any("gone00" in line and "[orphaned: no longer in the programme]" in line for line in pick_lines)
    assert "    note: line one" in lines and "          line two \\x1b[31m" in lines  # control characters shown
    assert any(line.startswith("    soft overlap: ") and social.id in line for line in lines)
    gaps = [line for line in lines if " free for " in line]
    assert gaps[0].startswith("Tue 02 May 08:00–≈10:00") and "free for 2 h;" in gaps[0]
    assert lines[-1] == "0 clashes, 1 soft overlap, 0 tight changes, 1 orphaned pick."


def test_conflicts_lists_the_first_ones_and_counts_the_rest_unless_all(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from confplan.cli import agenda_cmds

    orals = [talk(f"Oral 3 Track {track}", 0).id for track in range(1, 6)]  # five talks at once: ten clashes
    run(capsys, "pick", *orals)
    _, every, _ = run(capsys, "conflicts")
    listed = [line for line in every.splitlines() if line.startswith("clash")]
    assert len(listed) == 10 and "more;" not in every
    monkeypatch.setattr(agenda_cmds, "CONFLICTS_LISTED", 3)
    _, cut, _ = run(capsys, "conflicts")
    assert cut.splitlines() == [*every.splitlines()[:3], "… and 7 more; `confplan conflicts --all` lists them"] + [
        every.splitlines()[-1]
    ]
    assert run(capsys, "conflicts", "--all")[1] == every
    monkeypatch.setattr(agenda_cmds, "_CONFLICTS_UNDER_A_PICK", 2)
    _, shown, _ = run(capsys, "agenda", "show")
    assert "    … and 2 more conflicts; `confplan conflicts --all` lists them" in shown.splitlines()


def test_conflicts_json_lists_kind_ids_minutes_and_alternatives(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    grokking = with_text("Grokking", Kind.ORAL)
    robots = talk("Oral 3 Track 1", 2)
    next_slot = talk("Oral 3 Track 5", 3)
    run(capsys, "pick", grokking.id, robots.id, next_slot.id)

    code, out, _ = run(capsys, "conflicts", "--json")

    assert code == 0
    data = json.loads(out)
    assert data["orphaned"] == [] and data["walking_minutes"] == 5
    kinds = [(c["kind"], {c["first_id"], c["second_id"]}) for c in data["conflicts"]]
    # The next talk follows in another room, but its start and their ends are the same guess: not "tight".
    assert kinds == [("clash", {grokking.id, robots.id})]
    clash = data["conflicts"][0]
    assert clash["overlap_minutes"] == 10 and set(clash["alternatives"]) == {twin(grokking).id, twin(robots).id}
    assert sorted((w["instead_of"], w["pick"]) for w in clash["ways_out"]) == sorted(
        [(grokking.id, twin(grokking).id), (robots.id, twin(robots).id)]
    )
    assert clash["also_picked_as"] == []
    run(capsys, "pick", twin(grokking).id)
    code, out, _ = run(capsys, "conflicts", "--json")
    [clash] = [c for c in json.loads(out)["conflicts"] if c["kind"] == "clash"]
    assert clash["also_picked_as"] == [{"side": grokking.id, "picked": twin(grokking).id}]
    assert clash["ways_out"] == [{"instead_of": robots.id, "pick": twin(robots).id}]
    code, out, _ = run(capsys, "conflicts", "--walking-minutes", "0")
    assert code == 0 and out.splitlines()[-1] == "1 clash, 0 soft overlaps, 0 tight changes."
    # The date too (a long conference repeats weekdays), and ≈ on an estimated time, as everywhere.
    assert out.startswith("clash         Tue 02 May ≈10:20  ")


# --- sharing ----------------------------------------------------------------------------------------------------------


def colleague_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    theirs = tmp_path / "grace.yaml"
    run(capsys, "pick", talk("Oral 3 Track 1", 3).id, talk("Oral 3 Track 5", 0).id, "--agenda", str(theirs))
    run(capsys, "agenda", "owner", "Grace", "--agenda", str(theirs))
    return theirs


def test_diff_shows_shared_mine_theirs_and_meeting_points(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    theirs = colleague_file(capsys, tmp_path)
    run(capsys, "pick", session("Oral 3 Track 1").id, talk("Oral 3 Track 5", 0).id)

    code, out, _ = run(capsys, "agenda", "diff", str(theirs))

    assert code == 0
    sections = out.split("\n")
    assert sections[0] == "Both of us (1):" and talk("Oral 3 Track 5", 0).id in sections[1]
    assert "Only mine (1):" in out and "Only Grace's (1):" in out and "Where we could meet (1):" in out
    meeting = out.split("Where we could meet (1):\n")[1]
    assert session("Oral 3 Track 1").title in meeting and f"Grace at {talk('Oral 3 Track 1', 3).id}" in meeting
    assert meeting.startswith("  Tue 02 May ≈10:30  Auditorium")  # her talk's estimated slot: ≈, as everywhere


def test_merge_adds_their_picks_with_their_name_and_reports_new_conflicts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    theirs = colleague_file(capsys, tmp_path)
    theirs_before = theirs.read_bytes()
    run(capsys, "pick", talk("Oral 3 Track 1", 0).id)

    code, out, _ = run(capsys, "agenda", "merge", str(theirs))

    assert code == 0
    assert out.count("added ") == 2 and "(from Grace)" in out
    assert "The merge created 1 conflict:" in out and "clash: " in out  # my talk and their parallel one
    merged = load_agenda(default_file(data_dir), iclr())
    assert {p.picked_by for p in merged} == {"", "Grace"} and len(merged) == 3
    assert "picked_by: Grace" in default_file(data_dir).read_text(encoding="utf-8")
    assert theirs.read_bytes() == theirs_before
    code, out, _ = run(capsys, "agenda", "merge", str(theirs))  # again: nothing new
    assert code == 0 and "2 of their picks were already yours" in out and "created 0 conflicts." in out


def test_merging_another_conference_s_agenda_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    run(capsys, "pick", clash_pair()[0])
    before = default_file(data_dir).read_bytes()
    other = tmp_path / "other.yaml"
    other.write_text(
        default_file(data_dir).read_text(encoding="utf-8").replace("name: ICLR 2023", "name: NeurIPS 2023"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "agenda", "merge", str(other))
    assert code == 2 and "this agenda is for 'NeurIPS 2023'" in err
    assert default_file(data_dir).read_bytes() == before


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    run(capsys, "pick", *clash_pair())
    code, out, _ = run(capsys, "agenda", "validate", str(default_file(data_dir)))
    assert code == 0 and out == f"{default_file(data_dir)}: valid agenda (format version 1) for ICLR 2023, 2 picks\n"
    code, _, err = run(capsys, "agenda", "validate", str(default_file(data_dir).with_name("none.yaml")))
    assert code == 1 and "no such agenda file" in err


def test_installed_command_in_a_separate_process(tmp_path: Path) -> None:
    env = {**os.environ, "CONFPLAN_DATA_DIR": str(tmp_path / "data")}
    if "PYTHONPATH" in env:  # a development run (PYTHONPATH=src): keep it valid from another directory
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env["PYTHONPATH"].split(os.pathsep))
    done = subprocess.run(
        [sys.executable, "-m", "confplan", "pick", clash_pair()[0], "--maybe"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "agendas" / "iclr-2023.yaml").is_file()
