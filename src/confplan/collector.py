"""Pausing Python's cyclic garbage collector while many objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Creating hundreds of thousands of objects at once (parsing a schedule, reading it back, pairing picks)
    makes the cyclic garbage collector run again and again over all of them, for nothing: they hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
