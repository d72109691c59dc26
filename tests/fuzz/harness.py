"""What every fuzzed input must end in: a result, or the project's own error with a message — quickly."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from hypothesis import strategies as st

from confplan.errors import ConfplanError

T = TypeVar("T")

#: Far above any real case (the whole ICLR programme parses in milliseconds); only a hang reaches it.
CASE_SECONDS = 20


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Hang(f"a single input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def parses_or_refuses(parse: Callable[[], T]) -> T | ConfplanError:
    """Run ``parse``: any exception other than ConfplanError (or a hang) fails the test."""
    with time_limit(CASE_SECONDS):
        try:
            return parse()
        except ConfplanError as error:
            assert error.problems and all(p.message.strip() for p in error.problems)
            return error


@st.composite
def mutated_lines(draw: st.DrawFn, text: str) -> str:
    """``text`` with some lines deleted, duplicated or swapped."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@st.composite
def flipped_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few random bytes replaced."""
    mutable = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        mutable[draw(st.integers(0, len(mutable) - 1))] = draw(st.integers(0, 255))
    return bytes(mutable)
