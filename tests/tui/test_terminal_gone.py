"""The driver's output when its terminal goes away (tui/terminal_driver.py), on a real pseudo-terminal whose window
side is closed: the first write that fails is the last one tried, nothing raises, and the planner is told once."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from confplan.tui.terminal_driver import _GuardedOutput

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")


class CountedWrites:
    """The terminal side the planner writes to, counting what is tried."""

    def __init__(self, fd: int) -> None:
        self.file = os.fdopen(fd, "w", encoding="utf-8")
        self.tried = 0

    def write(self, text: str) -> None:
        self.tried += 1
        self.file.write(text)

    def flush(self) -> None:
        self.tried += 1
        self.file.flush()

    def fileno(self) -> int:
        return self.file.fileno()


def test_after_the_terminal_is_gone_one_write_fails_and_no_other_is_tried(tmp_path: Path) -> None:
    window, terminal = os.openpty()
    counted = CountedWrites(terminal)
    told = []
    output = _GuardedOutput(counted, lambda: told.append("gone"))  # type: ignore[arg-type]
    output.write("drawn while the window is open")
    output.flush()
    assert os.read(window, 100).startswith(b"drawn")
    assert told == [] and not output.gone

    os.close(window)  # the window closes
    for _ in range(100):  # a screen's worth of updates
        output.write("x" * 5000)
        output.flush()
    assert output.gone
    assert told == ["gone"]
    assert counted.tried <= 4  # the two before, then the one write (or its flush) that failed
    with contextlib.suppress(OSError):  # what stayed in the buffer cannot go anywhere either
        counted.file.close()
