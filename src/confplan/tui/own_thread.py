"""Waiting, in the event loop, for work done in a thread that nothing else waits for.

Textual's thread workers run in the event loop's thread pool, and the end of the loop waits for every thread of that
pool (``asyncio.run`` shuts the pool down).  For work that may block for long on something outside (a download on a
slow network), that made quitting wait too: ``in_own_thread`` runs it in a daemon thread instead, which neither the
loop's end nor the interpreter's waits for.  Work that writes files must write them atomically: it may be cut short.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

T = TypeVar("T")


async def in_own_thread(function: Callable[[], T], name: str) -> T:
    """``function()``'s result (or exception), computed in a daemon thread called ``name``."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(outcome: Callable[[], None]) -> None:
        if not future.done():  # not cancelled meanwhile (the app quit)
            outcome()

    def run() -> None:
        outcome: Callable[[], None]
        try:
            outcome = partial(future.set_result, function())
        except BaseException as exc:  # handed to the awaiting task, which raises it
            outcome = partial(future.set_exception, exc)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
            loop.call_soon_threadsafe(deliver, outcome)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
