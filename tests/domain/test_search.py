"""Search matches words from their start (issue 15: "rust" found Trustable and Murray-Rust), still ignoring case
and accents; ``*word`` searches inside words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from confplan.domain.search import matches, shown_words
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
