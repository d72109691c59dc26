"""Columns that the programme and agenda lists share: one way of fitting a value to its column, and how wide the
room column is."""

from __future__ import annotations

from rich.text import Text

TIME_WIDTH = 13  # "≈10:20–≈10:30"
ROOM_WIDTH = 10  # at least; as wide as the longest room up to ROOM_WIDTH_WIDE on a wide terminal
ROOM_WIDTH_WIDE = 20
WIDE_ENOUGH_FOR_LONG_ROOMS = 110


def fit(text: Text, width: int) -> Text:
    """``text`` cut (at a word's end where there is one) or padded to exactly ``width`` cells."""
    if text.cell_len > width:
        cut = text.plain.rfind(" ", 0, width)
        if cut >= width // 2:  # a word's end not too far back: "UB2.252A (Lameere)" → "UB2.252A…", not "UB2.252A (…"
            text = text[:cut]
            text.append("…")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def cell(text: Text, width: int) -> Text:
    """``text`` fitted to ``width`` cells, then one space: a column of a list."""
    text = fit(text, width)
    text.append(" ")
    return text


def room_width(longest_room: int, width: int) -> int:
    """Wide terminals give long room names ("UB2.252A (Lameere)") their whole width, up to a limit."""
    most = ROOM_WIDTH_WIDE if width >= WIDE_ENOUGH_FOR_LONG_ROOMS else ROOM_WIDTH
    return max(ROOM_WIDTH, min(longest_room, most))
