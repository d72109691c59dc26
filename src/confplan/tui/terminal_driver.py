"""Textual's terminal driver, made to survive its terminal going away.

When the terminal disappears (a window closed, `tmux kill-session`, a dropped ssh connection), writing to it fails
with EIO and reading from it returns end-of-file at once.  Textual 8's LinuxDriver is not ready for either: its
writer thread dies on the first failed write, after which the 30 places of its queue fill and the event loop
blocks for ever in ``Queue.put``; its input loop, given end-of-file, goes round again at once and spins.  That is
how a planner outlived its terminal, spinning with nothing to draw on.

Here output to a terminal that is gone is dropped (and the standard streams that wrote to it are pointed at
/dev/null, so that nothing later fails on them either), and end-of-file or an error on input stops the reading.
Either calls ``on_gone`` from the thread that found it; the planner then saves and ends (tui/ending.py).
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from typing import IO, Any

from textual._xterm_parser import XTermParser  # the key parser Textual's own input loop uses
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver


class _GuardedOutput:
    """The file the driver's writer thread writes to: it never raises, and after one failure it writes nothing."""

    def __init__(self, file: IO[str], lost: Callable[[], None]) -> None:
        self._file = file
        self._lost = lost
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._file.write(text)
            except (OSError, ValueError):  # EIO: the terminal is gone; ValueError: the stream was closed
                self._give_up()

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._give_up()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True

    def _give_up(self) -> None:
        self.gone = True
        silence_streams_of(self._file)
        self._lost()


def silence_streams_of(file: IO[str]) -> None:
    """Point every standard stream that is the same device as ``file`` at /dev/null: a terminal that is gone takes
    no more output (Python's own flush at exit included), and a failed write would otherwise raise again."""
    try:
        device = os.fstat(file.fileno())
        null = os.open(os.devnull, os.O_RDWR)
    except (OSError, ValueError):
        return
    try:
        for fd in (0, 1, 2):
            try:
                if os.path.samestat(os.fstat(fd), device):
                    os.dup2(null, fd)
            except OSError:
                continue
    finally:
        os.close(null)


def driver_ending_with(on_gone: Callable[[], None]) -> type[Driver]:
    """The planner's driver class: Textual's, calling ``on_gone`` (from any thread, once) when the terminal goes."""

    class PlannerDriver(LinuxDriver):
        def __init__(self, app: Any, **options: Any) -> None:
            self._suspended = False  # by SIGTSTP (before super: it installs the signal handlers)
            self._gone = False
            super().__init__(app, **options)
            self._told = threading.Lock()
            self._file = _GuardedOutput(self._file, self._terminal_gone)  # type: ignore[arg-type,assignment]

        def _sigtstp_application(self, *args: Any) -> None:
            self._suspended = True
            super()._sigtstp_application(*args)

        def _sigcont_application(self, *args: Any) -> None:
            """Resume only what SIGTSTP suspended: a terminal that hangs up sends SIGCONT too, and Textual would
            then start its writer and input threads again while the planner is ending."""
            if self._suspended and not self._gone:
                self._suspended = False
                super()._sigcont_application(*args)

        def _terminal_gone(self) -> None:
            with self._told:
                if self._gone:
                    return
                self._gone = True
            on_gone()

        def _run_input_thread(self) -> None:
            try:
                self.run_input_thread()
            except OSError:  # an error reading the terminal: it is as gone as at end-of-file
                self._terminal_gone()

        def run_input_thread(self) -> None:
            """Textual's input loop, ending at end-of-file (a hung-up terminal, a closed stdin) instead of
            spinning: the terminal is reported gone, and the thread waits quietly for the app to stop it."""
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")(errors="replace").decode
            with selectors.DefaultSelector() as selector:
                selector.register(self.fileno, selectors.EVENT_READ)
                while not self.exit_event.is_set():
                    for _key, _mask in selector.select(0.1):
                        data = os.read(self.fileno, 4096)
                        if not data:
                            self._terminal_gone()
                            self.exit_event.wait()
                            return
                        for event in parser.feed(decode(data)):
                            self.process_message(event)
                    for event in parser.tick():
                        self.process_message(event)

    return PlannerDriver
