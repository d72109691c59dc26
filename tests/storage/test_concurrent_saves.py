"""One agenda file, two programs (two terminals, two planner windows): a save never loses the other's picks.

A save notices that the file changed since the agenda was read, and keeps both sides' changes; when both changed
the same pick differently it refuses, clearly, and writes nothing.  Saves of one folder take turns (a lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.domain.agenda import Agenda, Priority
from confplan.errors import ConfplanError
from confplan.storage import store
from confplan.storage.atomic_files import backup_path
from confplan.storage.store import folder_lock, load_agenda, open_agenda, save_agenda
from iclr_events import iclr, session, talk

A, B, C = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0), session("Poster Session 3")


def ids(agenda: Agenda) -> set[str]:
    return {p.id for p in agenda}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An agenda file holding one pick, C."""
    file = tmp_path / "agenda.yaml"
    agenda = open_agenda(file, iclr())
    agenda.pick(C)
    save_agenda(agenda, file, iclr())
    return file


# --- read, change, save, interleaved (in one process, step by step) --------------------------------------------


def test_two_windows_picking_keep_both_picks(path: Path) -> None:
    first, second = load_agenda(path, iclr()), load_agenda(path, iclr())
    first.pick(A)
    save_agenda(first, path, iclr())
    second.pick(B)
    save_agenda(second, path, iclr())
    assert ids(load_agenda(path)) == {A.id, B.id, C.id}
    assert ids(second) == {A.id, B.id, C.id}  # the window now shows the other's pick too
    assert second.merged_on_save == [f"kept what another program saved here meanwhile: picked {A.id} “{A.title}”"]
    assert first.merged_on_save == []


def test_an_unpick_there_and_a_pick_here_both_stand(path: Path) -> None:
    first, second = load_agenda(path, iclr()), load_agenda(path, iclr())
    first.unpick(C.id)
    save_agenda(first, path, iclr())
    second.pick(A, note="mine")
    save_agenda(second, path, iclr())
    saved = load_agenda(path, iclr())
    assert ids(saved) == {A.id}  # C stays unpicked: an unchanged copy here does not bring it back
    assert saved.get(A.id).note == "mine"  # type: ignore[union-attr]
    assert "unpicked" in second.merged_on_save[0] and C.id in second.merged_on_save[0]


def test_the_same_change_on_both_sides_is_no_conflict(path: Path) -> None:
    first, second = load_agenda(path, iclr()), load_agenda(path, iclr())
    for agenda in (first, second):
        agenda.pick(A, Priority.MAYBE, note="same")
        save_agenda(agenda, path, iclr())
    assert ids(load_agenda(path)) == {A.id, C.id}
    assert second.merged_on_save == []


def test_different_changes_to_one_pick_are_refused_and_nothing_is_lost(path: Path) -> None:
    first, second = load_agenda(path, iclr()), load_agenda(path, iclr())
    first.set_note(C.id, "meet Ada at the poster")
    first.owner = "Ada"
    save_agenda(first, path, iclr())
    written = path.read_bytes()
    second.set_note(C.id, "skip the first half")
    second.pick(A)
    with pytest.raises(ConfplanError) as caught:
        save_agenda(second, path, iclr())
    assert str(caught.value) == (
        f"{path}: not saved: another program (another confplan window?) saved this agenda since it was read here, "
        f"and both this and the other program changed {C.id} “{C.title}”; your changes are still open here; "
        "save them to another file, or close and reopen the agenda"
    )
    assert path.read_bytes() == written  # the other's note is on disk
    assert second.get(C.id).note == "skip the first half" and A.id in second and second.owner == ""  # type: ignore[union-attr]
    other_file = path.with_name("mine.yaml")
    save_agenda(second, other_file, iclr())  # what the message suggests works: nothing of either side is lost
    assert load_agenda(other_file).get(C.id).note == "skip the first half"  # type: ignore[union-attr]


def test_a_file_made_invalid_meanwhile_is_not_overwritten(path: Path) -> None:
    agenda = load_agenda(path, iclr())
    path.write_text("version: 1\npicks: [oops\n", encoding="utf-8")
    agenda.pick(A)
    with pytest.raises(ConfplanError, match=r"since it was read here, and it is not a valid agenda now \(not valid"):
        save_agenda(agenda, path, iclr())
    assert path.read_text(encoding="utf-8") == "version: 1\npicks: [oops\n"


def test_a_file_deleted_meanwhile_is_written_again_with_every_pick(path: Path) -> None:
    agenda = load_agenda(path, iclr())
    path.unlink()
    agenda.pick(A)
    save_agenda(agenda, path, iclr())
    assert ids(load_agenda(path)) == {A.id, C.id}


def test_two_windows_on_an_agenda_that_did_not_exist_yet(tmp_path: Path) -> None:
    file = tmp_path / "new.yaml"
    first, second = open_agenda(file, iclr()), open_agenda(file, iclr())
    first.pick(A)
    save_agenda(first, file, iclr())
    second.pick(B)
    save_agenda(second, file, iclr())
    assert ids(load_agenda(file)) == {A.id, B.id}


def test_saving_again_after_a_merge_needs_no_merge(path: Path) -> None:
    first, second = load_agenda(path, iclr()), load_agenda(path, iclr())
    first.pick(A)
    save_agenda(first, path, iclr())
    second.pick(B)
    save_agenda(second, path, iclr())
    second.unpick(B.id)
    assert save_agenda(second, path, iclr()) is True
    assert second.merged_on_save == [] and ids(load_agenda(path)) == {A.id, C.id}
    assert ids(load_agenda(backup_path(path))) == {A.id, B.id, C.id}


def test_an_agenda_saved_to_another_file_replaces_it(path: Path) -> None:
    """Save-as is a deliberate choice of file: the agenda was not read from it, so it replaces it (with a backup)."""
    other = load_agenda(path, iclr())
    other.pick(A)
    target = path.with_name("other.yaml")
    save_agenda(other, target, iclr())
    mine = load_agenda(path, iclr())
    save_agenda(mine, target, iclr())
    assert ids(load_agenda(target)) == {C.id} and ids(load_agenda(backup_path(target))) == {A.id, C.id}


def test_a_save_waits_for_the_folder_lock_and_gives_up_clearly(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    agenda = load_agenda(path, iclr())
    agenda.pick(A)
    monkeypatch.setattr(store, "LOCK_WAIT_SECONDS", 0.2)
    before = path.read_bytes()
    with folder_lock(path), pytest.raises(ConfplanError, match="another program has been saving in .* for over 0 s"):
        save_agenda(agenda, path, iclr())  # flock: a second lock in one process waits like another process's
    assert path.read_bytes() == before
    save_agenda(agenda, path, iclr())  # lock released: the save goes through
    assert A.id in ids(load_agenda(path))


# --- real processes ----------------------------------------------------------------------------------------------

STEPPED_CHILD = """
import sys
from pathlib import Path
from confplan.storage.loading import load_schedule
from confplan.storage.store import open_agenda, save_agenda

path, event_id = Path(sys.argv[1]), sys.argv[2]
conference, _ = load_schedule(None)
agenda = open_agenda(path, conference)
print("loaded", flush=True)
sys.stdin.readline()  # go
agenda.pick(conference[event_id])
save_agenda(agenda, path, conference)
print("saved", *agenda.merged_on_save, flush=True)
"""


def start_stepped(path: Path, event_id: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", STEPPED_CHILD, str(path), event_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "loaded\n", child.communicate()[1]
    return child


def test_two_processes_that_both_read_before_either_saves(path: Path) -> None:
    first, second = start_stepped(path, A.id), start_stepped(path, B.id)  # both have read the file
    out, err = first.communicate("go\n", timeout=60)
    assert (out, first.returncode) == ("saved\n", 0), err
    out, err = second.communicate("go\n", timeout=60)
    assert second.returncode == 0, err
    assert out == f"saved kept what another program saved here meanwhile: picked {A.id} “{A.title}”\n"
    assert ids(load_agenda(path)) == {A.id, B.id, C.id}


def test_confplan_pick_commands_racing_on_one_agenda_lose_nothing(path: Path, tmp_path: Path) -> None:
    """Six terminals run `confplan pick` at the same moment on one agenda: all six picks are saved."""
    events = [talk("Oral 3 Track 1", i) for i in range(1, 4)] + [talk("Oral 3 Track 2", i) for i in range(3)]
    env = {**os.environ, "CONFPLAN_DATA_DIR": str(tmp_path / "data")}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "confplan", "pick", event.id, "--agenda", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for event in events
    ]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "Traceback" not in err
    assert ids(load_agenda(path)) == {C.id, *(e.id for e in events)}
