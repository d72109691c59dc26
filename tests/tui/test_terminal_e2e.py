"""The installed `confplan` command in a real pseudo-terminal: it draws the programme, takes keys, quits with q.

A terminal emulator (pyte) reads what the app writes, so the test sees the screen a person would see.  How the
planner ends when its terminal closes or it is killed: test_endings.py.
"""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from confplan.storage.store import default_agenda_path, open_agenda
from iclr_events import iclr, talk
from pty_terminal import Terminal


def test_confplan_in_a_pty_shows_the_programme_picks_with_keys_and_quits_with_q(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal(tmp_path)
    try:
        terminal.wait_for("Oral 3 Track 1: Reinforcement Learning")
        terminal.wait_for("0 picks")
        # Typed faster than the planner handles keys (as on a busy machine, or right after the first frame): each
        # key still goes where the keys before it lead, "/" to the search box, Enter to the first one found.
        terminal.child.send("/Dec-POMDPs")
        terminal.wait_for("2 found")
        terminal.child.send("\r ")
        terminal.wait_for("1 pick")
        terminal.child.send("q")
        terminal.child.expect(pexpect.EOF, timeout=20)
    finally:
        terminal.child.close(force=True)
    assert terminal.child.exitstatus == 0, terminal.text()

    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path))
    agenda_file = default_agenda_path(iclr())
    assert agenda_file.is_relative_to(tmp_path)
    picked = [p.id for p in open_agenda(agenda_file, iclr())]
    assert picked == [talk("Oral 3 Track 1", 0).id]
