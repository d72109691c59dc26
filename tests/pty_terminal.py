"""The installed `confplan` command in a real pseudo-terminal, with a terminal emulator (pyte) reading what it draws.

What a person does to a planner (keys, closing the window, `kill`) and what they would check afterwards (the exit
status, the file, the process list).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pexpect
import pyte
import pytest

ROWS, COLUMNS = 40, 120


def confplan_command() -> str:
    """The `confplan` script installed beside the Python running the tests (the package as users install it)."""
    beside = Path(sys.executable).parent / "confplan"
    found = str(beside) if beside.exists() else shutil.which("confplan")
    if found is None:
        pytest.fail("the confplan command is not installed: pip install .[test] first")
    return found


class Terminal:
    """One terminal window running `confplan ARGS` with its agendas in ``data_dir``."""

    def __init__(self, data_dir: Path, args: Sequence[str] = (), rows: int = ROWS, columns: int = COLUMNS) -> None:
        env = dict(
            os.environ, CONFPLAN_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows)
        )
        self.child = pexpect.spawn(
            confplan_command(),
            list(args),
            env=env,
            dimensions=(rows, columns),
            encoding="utf-8",
            codec_errors="replace",
        )
        self.pid = self.child.pid
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.status: int | None = None  # the exit status, once it ended (-N: killed by signal N)
        self._closed = False

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read(self, timeout: float = 0.1) -> None:
        if self._closed:
            time.sleep(timeout)
            return
        with contextlib.suppress(pexpect.TIMEOUT, pexpect.EOF):
            self.stream.feed(self.child.read_nonblocking(65536, timeout=timeout))

    def wait_for(self, wanted: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.text():
                return
            self.read(0.1)
        pytest.fail(f"{wanted!r} never appeared on the screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def close_window(self) -> None:
        """What closing the window (or `tmux kill-session`) does: the terminal side of the pty disappears."""
        self.child.ptyproc.fileobj.close()  # the file object, not just the descriptor: its number is reused
        self._closed = self.child.closed = self.child.ptyproc.closed = True

    def signal(self, number: int) -> None:
        os.kill(self.pid, number)

    def ended_within(self, seconds: float) -> bool:
        """Whether the process ended within ``seconds`` (its status is then in ``status``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.02)  # a terminal that is still open is read, as a real one would be
            if not self.child.isalive():
                signalled = self.child.signalstatus
                self.status = -signalled if signalled is not None else self.child.exitstatus
                return True
        return False

    def left_behind(self) -> list[int]:
        """Processes still alive in the planner's session (pexpect starts it in a session of its own)."""
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == self.pid and fields[0] != "Z":  # fields[3]: the session id
                alive.append(int(stat.parent.name))
        return alive

    def threads(self) -> str:
        """Its threads' names, states and what they wait in (for a message when it did not end)."""
        lines = []
        for task in sorted(Path(f"/proc/{self.pid}/task").glob("*")):
            try:
                state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
                lines.append(f"{(task / 'comm').read_text().strip()} {state} {(task / 'wchan').read_text()}")
            except OSError:
                continue
        return "; ".join(lines)

    def kill(self) -> None:
        """The end of a test: nothing may outlive it."""
        for pid in [self.pid, *self.left_behind()]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not self._closed:
            self.child.close(force=True)
