"""Search matches words from their start (issue 15: "rust" found Trustable and Murray-Rust), still ignoring case
and accents; ``*word`` searches inside words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from confplan.domain.search import fold, matches, searchable_bytes, shown_words, term_test
from confplan.model import Conference, Kind, Session
from confplan.views.search_index import SearchIndex

ZONE = ZoneInfo("Europe/Brussels")
TITLES = {
    "kernel": "Rust in the Linux kernel",
    "rustc": "rustc internals",
    "trust": "Trustable builds",
    "surname": "A talk by Peter Murray-Rust",
    "zurich": "Meet-up in Zürich",
    "paren": "Tooling (Rust, Go)",
}


def conference() -> Conference:
    start, end = datetime(2025, 2, 1, 10, tzinfo=ZONE), datetime(2025, 2, 1, 11, tzinfo=ZONE)
    sessions = tuple(Session(i, Kind.TALK, title, start, end, room="K.1") for i, title in TITLES.items())
    return Conference("FOSDEM-like", "Europe/Brussels", sessions, ())


def found(query: str) -> set[str]:
    c = conference()
    return {e.id for e in c.events() if matches(c, e, query)}


def test_a_word_matches_at_word_starts_only() -> None:
    assert found("rust") == {"kernel", "rustc", "paren"}
    assert found("RUST") == found("rust")


def test_a_star_searches_inside_words() -> None:
    assert found("*rust") == {"kernel", "rustc", "paren", "trust", "surname"}
    assert shown_words("*rust kernel") == ["rust", "kernel"]


def test_accents_are_still_folded() -> None:
    assert found("zurich") == {"zurich"} == found("Zürich")


def test_the_planner_s_index_agrees_and_narrows_correctly() -> None:
    c = conference()
    index = SearchIndex(c)
    for query in ("r", "ru", "rust", "*ust", "*rust", "rust", "ust"):
        expected = {e.id for e in c.events() if matches(c, e, query)}
        assert index.search(query) == frozenset(expected), query
    assert index.search("ust") == frozenset()  # after "*ust" found two: a word-start "ust" finds none


# --- the word-start test, against its definition ---------------------------------------------------------------

#: Letters, word parts ("-", "'"), separators and accented or non-Latin letters: what word starts depend on.
_TEXT_ALPHABET = "ab1-' .\n(éΣ北🙂"


def _defined_match(term: str, text: str) -> bool:
    """``term`` is in ``text`` at a word start by the definition: an occurrence not preceded by a letter, a digit,
    a hyphen, an apostrophe or any character beyond ASCII (a letter of another alphabet, an emoji) - or anywhere,
    for ``*term`` and words that start beyond ASCII letters and digits."""
    word = term.lstrip("*")
    if term.startswith("*") or not word or not (word[0].isascii() and word[0].isalnum()):
        return word in text
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else " "
        if before.isascii() and not (before.isalnum() or before in "-'"):
            return True
        start = text.find(word, start + 1)
    return False


@settings(derandomize=True, deadline=None)  # the same cases on every machine
@given(
    st.text(alphabet=_TEXT_ALPHABET, max_size=40),
    st.text(alphabet=_TEXT_ALPHABET.replace(" ", "").replace("\n", "") + "*", min_size=1, max_size=4),
)
def test_the_word_start_test_agrees_with_its_definition(text: str, term: str) -> None:
    event = Session("e", Kind.TALK, text, datetime(2025, 2, 1, 10, tzinfo=ZONE), datetime(2025, 2, 1, 11, tzinfo=ZONE))
    c = Conference("c", "Europe/Brussels", (event,), ())
    assert bool(term_test(term)(searchable_bytes(c, event))) == _defined_match(term, fold(text) + "\n\n\n"), (
        text,
        term,
    )
