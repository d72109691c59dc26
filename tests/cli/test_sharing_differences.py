"""Sharing agendas without losing a colleague's words (issue 15): diff shows a shared pick's priority and note
differences; merge keeps both notes, marked whose, and says what it combined."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.cli import main
from confplan.domain.agenda import Agenda, Priority, merge_agendas
from confplan.storage.store import load_agenda
from iclr_events import iclr, talk

SHARED = talk("Oral 3 Track 5", 0)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def graces_agenda(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    theirs = tmp_path / "grace.yaml"
    run(capsys, "pick", SHARED.id, "--note", "sit at the front", "--agenda", str(theirs))
    run(capsys, "agenda", "owner", "Grace", "--agenda", str(theirs))
    return theirs


def test_diff_shows_that_we_gave_a_shared_pick_other_priorities_and_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    theirs = graces_agenda(capsys, tmp_path)
    run(capsys, "pick", SHARED.id, "--maybe", "--note", "if awake")

    code, out = run(capsys, "agenda", "diff", str(theirs))

    assert code == 0
    assert "priority: yours maybe, Grace's must" in out
    assert "your note: if awake" in out and "Grace's note: sit at the front" in out


def test_merge_keeps_both_notes_marked_whose_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    theirs = graces_agenda(capsys, tmp_path)
    run(capsys, "pick", SHARED.id, "--maybe", "--note", "if awake")

    code, out = run(capsys, "agenda", "merge", str(theirs))

    assert code == 0
    assert f"combined  {SHARED.id}: their note added to yours" in out
    assert f"kept      {SHARED.id}: your priority maybe (theirs is must)" in out
    [merged] = list(load_agenda(data_dir / "agendas" / "iclr-2023.yaml", iclr()))
    assert merged.note == "if awake\nGrace: sit at the front" and merged.priority is Priority.MAYBE
    # Merging again adds nothing twice.
    code, out = run(capsys, "agenda", "merge", str(theirs))
    assert "combined" not in out
    [again] = list(load_agenda(data_dir / "agendas" / "iclr-2023.yaml", iclr()))
    assert again.note == merged.note


def test_merge_takes_their_note_when_mine_is_empty_and_ignores_an_equal_one() -> None:
    conference = iclr()
    mine, theirs = Agenda.for_conference(conference), Agenda.for_conference(conference, owner="Ada")
    mine.pick(SHARED)
    theirs.pick(SHARED, note="great speaker")
    result = merge_agendas(mine, theirs)
    assert result.notes_combined == [SHARED.id]
    assert result.merged.get(SHARED.id).note == "Ada: great speaker"  # type: ignore[union-attr]
    mine.set_note(SHARED.id, "great speaker")
    assert merge_agendas(mine, theirs).notes_combined == []
