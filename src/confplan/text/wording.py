"""Counting in words for messages: "1 pick", "2 picks", "1 clash", "3 clashes"; lengths of time: "2 h 30 min"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and ``noun``, with its plural for any number but one: ``plural`` when given, else the regular English
    one ("pick" → "picks", "clash" → "clashes")."""
    return f"{n} {noun if n == 1 else plural or _regular_plural(noun)}"


def _regular_plural(noun: str) -> str:
    return noun + ("es" if noun.endswith(("s", "x", "z", "ch", "sh")) else "s")


def duration(minutes: int) -> str:
    """Minutes as a person reads them: "45 min", "2 h", "12 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")
