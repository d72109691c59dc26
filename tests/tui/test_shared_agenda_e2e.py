"""Two planners and the `confplan pick` command on one agenda file, in real pseudo-terminals: the picks made in each
appear in the others without a restart, and after all have quit the file holds every pick."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from confplan.storage.store import default_agenda_path, load_agenda
from iclr_events import iclr, talk
from pty_terminal import Terminal, confplan_command


def test_two_planners_and_the_command_line_see_each_others_picks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path))
    first, second = Terminal(tmp_path), Terminal(tmp_path)
    try:
        first.wait_for("0 picks")
        second.wait_for("0 picks")
        first.send(" ")  # the first row
        first.wait_for("1 pick")
        second.wait_for("1 pick", timeout=10)  # arrived from the first planner

        from_the_command = talk("Oral 3 Track 5", 0)
        subprocess.run(
            [confplan_command(), "pick", from_the_command.id],
            check=True,
            capture_output=True,
            env=dict(os.environ, CONFPLAN_DATA_DIR=str(tmp_path)),
            timeout=60,
        )
        first.wait_for("2 picks", timeout=10)
        second.wait_for("2 picks", timeout=10)
        second.wait_for("added elsewhere", timeout=10)

        for key in "jjj":  # a row that nobody picked yet
            second.send(key)
            time.sleep(0.1)
        second.send(" ")
        second.wait_for("3 picks")
        first.wait_for("3 picks", timeout=10)

        for terminal in (first, second):
            terminal.send("q")
            assert terminal.ended_within(10)
            assert terminal.status == 0
    finally:
        first.kill()
        second.kill()
    picks = load_agenda(default_agenda_path(iclr()), iclr())
    assert len(picks) == 3
    assert from_the_command.id in picks
