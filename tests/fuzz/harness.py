"""What every fuzzed input must end in: a result, or the project's own error with a message — quickly."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

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


def located_in(outcome: object, source: str) -> None:
    """A refusal names the input it is about; a summary line ("3 events could not be read…") may stand alone."""
    if isinstance(outcome, ConfplanError):
        assert any(problem.path == source for problem in outcome.problems), f"{outcome} does not name {source}"
        for problem in outcome.problems:
            assert problem.path in (source, ""), f"{problem} names another input than {source}"


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


@st.composite
def truncated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` cut at any position."""
    return data[: draw(st.integers(0, len(data)))]


def mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """Everything the issue asks for on a real input: lines deleted, duplicated or swapped; a cut; flipped bytes."""
    text = data.decode("utf-8")
    return st.one_of(
        mutated_lines(text).map(lambda t: t.encode("utf-8")),
        truncated(data),
        flipped_bytes(data),
    )


#: Values that have broken parsers before or plausibly could: odd zone names (a folder of zones, a path, a very long
#: name), impossible dates and times, huge numbers, half a surrogate pair, markup and control characters.
TRICKY_VALUES = st.sampled_from(
    [
        "",
        " ",
        "America",
        "Europe/",
        "../../etc/passwd",
        "x" * 300,
        "UTC",
        "Etc/GMT+14",
        "2023-13-45",
        "2023-02-29T10:00:00+02:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "25:00",
        "-1:00",
        "00:00",
        "99:99:99",
        "1e999",
        "P1D",
        "\ud800",
        "[bold]x[/]",
        "\x1b]0;t\x07",
        "\x00",
        "line\r\nBEGIN:VEVENT",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | TRICKY_VALUES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def replaced_values(draw: st.DrawFn, document: object) -> object:
    """A copy of a JSON-like ``document`` with one to three values (anywhere in it) replaced by others."""
    copy = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(copy)[1:]
        if not paths:
            return draw(JSON_VALUES)
        path = draw(st.sampled_from(paths))
        parent: Any = copy
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = draw(JSON_VALUES)
    return copy
