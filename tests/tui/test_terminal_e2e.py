"""The installed `confplan` command in a real pseudo-terminal: it draws the programme, takes keys, quits with q.

A terminal emulator (pyte) reads what the app writes, so the test sees the screen a person would see.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from confplan.storage.store import default_agenda_path, open_agenda
from iclr_events import iclr, talk

ROWS, COLUMNS = 40, 120


def confplan_command() -> str:
    """The `confplan` script installed beside the Python running the tests (the package as users install it)."""
    beside = Path(sys.executable).parent / "confplan"
    found = str(beside) if beside.exists() else shutil.which("confplan")
    if found is None:
        pytest.fail("the confplan command is not installed: pip install .[test] first")
    return found


class Terminal:
    def __init__(self, data_dir: Path) -> None:
        env = dict(os.environ, CONFPLAN_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS="120", LINES="40")
        self.child = pexpect.spawn(
            confplan_command(), [], env=env, dimensions=(ROWS, COLUMNS), encoding="utf-8", codec_errors="replace"
        )
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, wanted: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.text():
                return
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        pytest.fail(f"{wanted!r} never appeared on the screen:\n{self.text()}")


def test_confplan_in_a_pty_shows_the_programme_picks_with_keys_and_quits_with_q(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal(tmp_path)
    try:
        terminal.wait_for("Oral 3 Track 1: Reinforcement Learning")
        terminal.wait_for("0 picks")
        terminal.child.send("/")
        time.sleep(0.3)  # a person's pause between keys (without it the letters could reach the list as commands)
        terminal.child.send("Dec-POMDPs")
        terminal.wait_for("2 found")
        terminal.child.send("\r")
        time.sleep(0.3)
        terminal.child.send(" ")
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


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM"])
def test_a_pick_made_just_before_the_terminal_closes_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The planner saves a moment (0.3 s) after a change; a terminal closed (or a kill) within that moment still
    finds the pick in the file.  The signal is sent once a pick is on the screen and not yet in the file."""
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path))
    agenda_file = default_agenda_path(iclr())
    terminal = Terminal(tmp_path)
    try:
        terminal.wait_for("0 picks")
        for picks in range(1, 6):
            terminal.child.send(" ")
            terminal.wait_for(f"{picks} pick")
            if not agenda_file.exists() or len(open_agenda(agenda_file, iclr())) < picks:
                break  # on the screen, not in the file yet: now
            terminal.child.send("j")  # saved already (a slow machine): try again on the next row
            time.sleep(0.3)
        else:
            pytest.fail("every pick was saved before the signal could be sent")
        terminal.child.kill(getattr(signal, how))
        terminal.child.expect(pexpect.EOF, timeout=20)
    finally:
        terminal.child.close(force=True)
    assert len(open_agenda(agenda_file, iclr())) == picks
