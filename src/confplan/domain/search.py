"""Plain text search over the programme: what `list --search` and the planner's search box match."""

from __future__ import annotations

import re
import unicodedata

from confplan.model import Conference, Event, Presentation

#: The combining diacritical marks (the accents NFD splits off letters: ü -> u + U+0308).
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """``text`` as searches compare it: case-folded, letters without their accents (a user typing "zurich" or
    "Muller" finds "Zürich" and "Müller").  For most scripts one character for each character of
    ``text.casefold()``, so that offsets found in the folded text mark the same characters (a caller that needs
    that checks the lengths: Hangul syllables, for one, come apart)."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    return _ACCENTS.sub("", unicodedata.normalize("NFD", folded))


def searchable_text(conference: Conference, event: Event) -> str:
    """Everything a person may search an event by, folded: title, abstract, speakers, session, track, room."""
    parts = [event.title, event.abstract, *event.speakers, event.track or "", event.room or ""]
    if isinstance(event, Presentation):
        parts.append(conference.session_of(event).title)
    return fold("\n".join(parts))


def matches(conference: Conference, event: Event, query: str) -> bool:
    """Every word of ``query`` occurs in the event's searchable text."""
    text = searchable_text(conference, event)
    return all(word in text for word in fold(query).split())
