"""JSON from files people hand confplan (schedules, paper lists), read with bounds on its values.

``json.loads`` takes numbers of any length (Python then refuses to convert an integer of over 4300 digits: a
ValueError nobody expects), ``NaN`` and ``Infinity`` (not JSON), and nesting as deep as its stack allows (code that
walks the values recursively later may not).  ``loads_bounded`` refuses each of these with one message that gives
the line and column.  What is not JSON at all raises as ``json.loads`` does (each caller words that itself).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from confplan.errors import ConfplanError, Problem

#: Files of data nest about ten levels (a schedule: schedule, conference, days, rooms, events, persons…).
MAX_DEPTH = 32
#: Characters in a number: ids and years need a few; Python refuses to convert ints of over 4300 digits.
MAX_NUMBER_LENGTH = 40
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def loads_bounded(data: bytes | str, where: str, what: str, first_line: int = 1) -> Any:
    """The JSON value in ``data`` (from ``where``, holding ``what``: "a schedule"), or one located ConfplanError
    for a number too long, NaN or Infinity, or nesting deeper than MAX_DEPTH.  ``first_line``: the line of the
    file ``data`` starts on (a line of JSON Lines).  json.JSONDecodeError and UnicodeDecodeError pass through."""
    try:
        document = json.loads(
            data, parse_int=_number(int, what), parse_float=_number(float, what), parse_constant=_no_constant
        )
    except _OutOfBounds as exc:
        raise ConfplanError(Problem(exc.message, where, *_locate(_bytes(data), exc.text, first_line))) from None
    except RecursionError:  # the decoder recurses once per level: "[[[[…" thousands deep exhausts the stack
        document, too_deep = None, True
    else:
        too_deep = _deeper_than(document, MAX_DEPTH)
    if too_deep:  # later steps walk some values recursively: refuse before they do
        line, column = _too_deep_at(_bytes(data), first_line)
        message = f"JSON nested more than {MAX_DEPTH} levels deep; {what} needs about ten"
        raise ConfplanError(Problem(message, where, line, column))
    return document


def out_of_bounds(error: ConfplanError) -> str:
    """What ``loads_bounded`` refused and where, in words for a message about the whole file ("… (line 3)")."""
    problem = error.problems[0]
    return f"{problem.message} (line {problem.line})" if problem.line is not None else problem.message


class _OutOfBounds(Exception):
    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.message, self.text = message, text


def _number(convert: Callable[[str], int | float], what: str) -> Callable[[str], int | float]:
    """A JSON number converted only when it is of a sensible length (a 5000-digit one costs seconds or fails)."""

    def bounded(text: str) -> int | float:
        if len(text) > MAX_NUMBER_LENGTH:
            raise _OutOfBounds(f"a number of {len(text):,} characters; numbers in {what} have a few", text)
        return convert(text)

    return bounded


def _no_constant(text: str) -> object:
    raise _OutOfBounds(f"{text} is not a JSON value (JSON has no NaN or Infinity)", text)


def _bytes(data: bytes | str) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8", "replace")  # only to say where, on refusal


def _locate(data: bytes, text: str, first_line: int) -> tuple[int | None, int | None]:
    """Line and column of the first ``text`` in ``data`` (a refused number), for the message."""
    at = data.find(text.encode("utf-8", "replace"))
    return _position(data, at, first_line) if at >= 0 else (None, None)


def _position(data: bytes, at: int, first_line: int) -> tuple[int, int]:
    return data.count(b"\n", 0, at) + first_line, at - (data.rfind(b"\n", 0, at) + 1) + 1


def _deeper_than(document: object, limit: int) -> bool:
    """Whether ``document`` nests lists and objects more than ``limit`` deep (walked without recursion)."""
    level: list[tuple[object, int]] = [(document, 1)]
    while level:
        value, depth = level.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        level.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _too_deep_at(data: bytes, first_line: int) -> tuple[int | None, int | None]:
    """Where the nesting first goes past MAX_DEPTH (brackets inside strings do not count)."""
    depth = 0
    for token in _TOKENS.finditer(data):
        mark = token[0][:1]
        depth += 1 if mark in (b"[", b"{") else -1 if mark in (b"]", b"}") else 0
        if depth > MAX_DEPTH:
            return _position(data, token.start(), first_line)
    return None, None
