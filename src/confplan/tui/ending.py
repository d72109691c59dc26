"""How the planner ends when the world ends it: SIGHUP, SIGTERM, SIGINT, or its terminal gone (tui/terminal_driver).

In every case the same three steps: the picks are saved (in a thread of its own, so that a busy or stuck event loop
cannot hold them back); the app is asked to quit through its event loop (``call_soon_threadsafe``: nothing of
Textual runs in a signal handler or another thread); and the process ends with the conventional status, 128 + the
signal's number (129 for a terminal gone), within ``DEADLINE_SECONDS`` of the save even if quitting gets stuck.
A planner must never outlive its terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: After the save, how long quitting may take before the process is ended without it (a normal quit takes
#: a few hundred milliseconds).
DEADLINE_SECONDS = 1.5
#: The signals that end the planner (those that exist here: Windows has no SIGHUP).
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, name))
#: The status of a planner whose terminal went away, as if SIGHUP had ended it.
TERMINAL_GONE_STATUS = 128 + getattr(signal, "SIGHUP", 1)


class Ending:
    """Ends the planner once, whichever way comes first.

    ``save`` writes the pending picks and may run in any thread (``AgendaSaver.flush`` takes turns with other
    saves); ``quit`` runs in the event loop with the exit status.
    """

    def __init__(self, save: Callable[[], None], quit: Callable[[int], None]) -> None:
        self._save = save
        self._quit = quit
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self.status: int | None = None  # set by the first ending

    def end(self, status: int) -> None:
        """End the planner with ``status``; callable from a signal handler or any thread, and more than once."""
        with self._lock:
            if self.status is not None:
                return
            self.status = status
        threading.Thread(target=self._save_then_deadline, args=(status,), name="confplan-ending", daemon=True).start()
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the planner has ended already
                loop.call_soon_threadsafe(self._quit, status)

    def terminal_gone(self) -> None:
        self.end(TERMINAL_GONE_STATUS)

    def _save_then_deadline(self, status: int) -> None:
        """The deadline holds until the process is gone, not only until the app has stopped: what follows (the
        interpreter waiting for a thread that never ends, say) must not keep it alive either."""
        try:
            self._save()
        finally:
            time.sleep(DEADLINE_SECONDS)
            os._exit(status)  # quitting got stuck: the picks are saved, the process must not linger

    def _on_signal(self, number: int, frame: object) -> None:
        self.end(128 + number)

    @contextmanager
    def watching(self, loop: asyncio.AbstractEventLoop) -> Iterator[None]:
        """While the planner runs on ``loop``: the ending signals end it (their previous handlers come back after)."""
        self._loop = loop
        before = {number: signal.signal(number, self._on_signal) for number in ENDING_SIGNALS}
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)
            self._loop = None
