"""Counting in words for messages: "1 pick", "2 picks", "1 clash", "3 clashes"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and ``noun``, with the plural (``noun + "s"`` unless given) for any number but one."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
