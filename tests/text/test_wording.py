"""Counting in words."""

from __future__ import annotations

from confplan.text.wording import counted, duration


def test_one_is_singular_everything_else_plural() -> None:
    assert counted(1, "pick") == "1 pick"
    assert counted(0, "pick") == "0 picks"
    assert counted(2, "pick") == "2 picks"
    assert counted(1, "clash", "clashes") == "1 clash"
    assert counted(3, "clash", "clashes") == "3 clashes"


def test_lengths_of_time_read_in_hours_and_minutes() -> None:
    assert duration(45) == "45 min"
    assert duration(120) == "2 h"
    assert duration(750) == "12 h 30 min"
