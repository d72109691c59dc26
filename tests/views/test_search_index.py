"""The planner's search index finds what ``domain.search.matches`` finds, however the queries come (narrowed from
remembered results, widened again by Backspace, before or after ``prepare``), all at once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from confplan.domain.search import matches
from confplan.model import Conference, Kind, Session
from confplan.views.search_index import SearchIndex

ZONE = ZoneInfo("Europe/Brussels")
TITLES = [
    "Rust in the Linux kernel",
    "rustc internals",
    "Trustable builds",
    "A talk by Peter Murray-Rust",
    "Meet-up in Zürich",
    "Tooling (Rust, Go)",
    "Kernel rust drivers",
    "Graph kernels for rust-y code",
    "Zurich's kernel hackers",
    "",
]


def conference() -> Conference:
    start, end = datetime(2025, 2, 1, 10, tzinfo=ZONE), datetime(2025, 2, 1, 11, tzinfo=ZONE)
    sessions = tuple(
        Session(f"s{n}", Kind.TALK, title, start, end, room="K.1" if n % 2 else "H.2") for n, title in enumerate(TITLES)
    )
    return Conference("FOSDEM-like", "Europe/Brussels", sessions, ())


CONFERENCE = conference()
#: Queries as a person types them: prefixes of words that the titles have, a few with *, several words.
_WORDS = st.sampled_from(
    ["r", "ru", "rus", "rust", "*ust", "*r", "k", "ke", "kernel", "kernels", "z", "zur", "h2", "k.1"]
)
_QUERIES = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)


@settings(derandomize=True, deadline=None)  # the same cases on every machine
@given(st.lists(_QUERIES, min_size=1, max_size=8), st.booleans())
def test_the_index_finds_what_a_fresh_search_finds_however_the_queries_come(queries: list[str], prepared: bool) -> None:
    index = SearchIndex(CONFERENCE)
    if prepared:
        index.prepare()
        assert index.ready
    for query in queries:
        expected = frozenset(e.id for e in CONFERENCE.events() if matches(CONFERENCE, e, query))
        assert index.search(query) == expected, (queries, query)
        found = index.matcher(query)
        assert {e.id for e in CONFERENCE.events() if found(e.id)} == expected, (queries, query)
    assert index.ready  # a search folds every text it has not yet


def test_a_stopped_preparation_leaves_the_index_not_ready_and_searches_still_complete() -> None:
    index = SearchIndex(CONFERENCE)
    index.prepare(should_stop=lambda: True)
    assert not index.ready
    assert index.search("rust") == frozenset({"s0", "s1", "s5", "s6", "s7"})
    assert index.ready
