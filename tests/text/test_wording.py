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


def test_regular_plurals_need_no_second_word() -> None:
    assert counted(2, "clash") == "2 clashes"
    assert counted(2, "box") == "2 boxes"
    assert counted(0, "soft overlap") == "0 soft overlaps"


def test_no_hand_written_plural_is_left_in_the_source() -> None:
    """Every count in a message goes through ``counted``: a hand-made ``'s' if n != 1`` forgets a case sooner or
    later (issue 15 found seven)."""
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "confplan"
    hand_made = re.compile(r"""['"]s['"] if [^\n]*(?:!= ?1|> ?1)|== ?1 else ['"][a-z]*s['"]""")
    found = [
        f"{path.name}:{number}"
        for path in source.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hand_made.search(line)
    ]
    assert found == []
