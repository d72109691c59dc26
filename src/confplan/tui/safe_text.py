"""Schedule text turned into Rich ``Text`` that is shown literally.

Everything the planner shows from a programme goes through here: the string is made printable (control characters
and escape sequences become visible codes) and wrapped in ``Text``, so that ``[bold]`` or ``[/]`` inside an abstract
is never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from confplan.domain.search import fold
from confplan.text.plain_text import printable


def safe_text(text: str, style: str | Style = "", keep_newlines: bool = False) -> Text:
    """``text`` as a literal Rich ``Text``: no markup, no control characters."""
    # Most text has nothing to make visible: every character ``printable`` changes (controls, format and
    # private-use characters, surrogates, line and paragraph separators, tabs, newlines) is one that
    # ``str.isprintable`` rejects, and it asks in C rather than a character at a time in Python.
    shown = text if text.isprintable() else printable(text, keep_newlines=keep_newlines)
    return Text(shown, style=style)


def highlight_words(text: Text, words: Iterable[str], style: str | Style) -> Text:
    """Style every case-insensitive occurrence of ``words`` inside ``text`` (in place; returns it for chaining)."""
    folded = fold(text.plain)
    # casefold() may change lengths (ß -> ss); only highlight when offsets still line up with the shown text.
    if len(folded) != len(text.plain):
        return text
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start != -1:
            text.stylize(style, start, start + len(word))
            start = folded.find(word, start + len(word))
    return text
