"""Names in the order a person looks for them: case ignored, and numbers by their value, so rooms read AD1, AD4,
AD10 (not AD1, AD10, AD4) and "rust" sits beside "Ruby", not after every capitalised name."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"(\d+)")


def name_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: text parts case-folded, digit runs as numbers (each part tagged so that they never compare)."""
    parts = _NUMBER.split(name.casefold())
    return tuple((1, int(part)) if i % 2 else (0, part) for i, part in enumerate(parts))


def by_name(names: Iterable[str]) -> list[str]:
    """``names`` sorted by ``name_key``, ties (names differing only in case) in a fixed order."""
    return sorted(names, key=lambda name: (name_key(name), name))
