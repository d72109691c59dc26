"""printable: what it shows, the same whether the text is ASCII, other scripts or control characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from confplan.text.plain_text import printable


def shown_one_by_one(text: str, keep_newlines: bool) -> str:
    """The rule, character by character (as printable did it before it skipped plain ASCII at C speed)."""
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif (
            char in "\u200b\u200e\u200f\u2028\u2029\ufeff"
            or 0x202A <= ord(char) < 0x202F
            or 0x2066 <= ord(char) < 0x206A
        ):
            out.append(f"\\u{ord(char):04x}")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


@settings(derandomize=True, max_examples=300)
@given(st.text(), st.booleans())
def test_every_character_is_shown_by_the_rule(text: str, keep_newlines: bool) -> None:
    assert printable(text, keep_newlines) == shown_one_by_one(text, keep_newlines)


def test_examples() -> None:
    assert printable("Caf\u00e9 \x1b[31mred\u202e\tx\ny") == "Caf\u00e9 \\x1b[31mred\\u202e    x\\x0ay"
    assert printable("a\nb", keep_newlines=True) == "a\nb"
    assert printable("") == ""
