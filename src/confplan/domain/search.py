"""Plain text search over the programme: what `list --search` and the planner's search box match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


#: A query word written ``*word`` is looked for inside words too ("*rust" finds "Trustable").
INSIDE_WORDS = "*"
#: What a word starts after: anything but a letter, a digit, a hyphen or an apostrophe ("Murray-Rust" is one word).
#: Bytes from 0x80 are parts of letters beyond ASCII (the texts are searched as UTF-8).
_NOT_WORD_PART = rb"[^0-9a-z\x80-\xff'\-]"


def search_terms(query: str) -> list[str]:
    """The words of ``query``, folded; one that starts with ``*`` keeps it (it matches inside words)."""
    return fold(query).split()


def shown_words(query: str) -> list[str]:
    """The words to highlight for ``query`` (without the ``*``)."""
    return [term.lstrip(INSIDE_WORDS) for term in search_terms(query) if term.lstrip(INSIDE_WORDS)]


def searchable_bytes(conference: Conference, event: Event) -> bytes:
    """``searchable_text`` as the searches scan it: UTF-8, after a line break (so that even the first word has a byte
    before it, which the word-start test of ``term_test`` looks at)."""
    return b"\n" + searchable_text(conference, event).encode("utf-8", errors="surrogatepass")


def term_test(term: str) -> Callable[[bytes], object]:
    """Whether a text made by ``searchable_bytes`` contains ``term`` (a true result: yes): at the start of a word
    ("rust" finds "Rust" and "rustc", not "Trustable" or "Murray-Rust"), or anywhere for ``*term`` and for words in
    scripts written without spaces (a word that does not start with an ASCII letter or digit).

    The test is a compiled pattern's ``search``, so that a caller can run it over many texts without a Python call
    each (``map``).  The pattern begins with the word itself and looks back at the byte before it only where the
    word is found: the regex engine then skips through a text as fast as ``in`` does (a pattern that began with the
    look back was tried at every byte: ten times slower on texts without the word)."""
    word = term.lstrip(INSIDE_WORDS)
    encoded = re.escape(word.encode("utf-8", errors="surrogatepass"))
    if not word or term.startswith(INSIDE_WORDS) or not (word[0].isascii() and word[0].isalnum()):
        return re.compile(encoded).search
    return re.compile(encoded + rb"(?<=" + _NOT_WORD_PART + encoded + rb")").search


def matches(conference: Conference, event: Event, query: str) -> bool:
    """Every word of ``query`` is in the event's searchable text (see ``term_test``)."""
    text = searchable_bytes(conference, event)
    return all(term_test(term)(text) for term in search_terms(query))
