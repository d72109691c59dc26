"""Incremental search over the programme, fast enough to run on every key press of a large schedule.

The searchable text of every event (title, abstract, speakers, session, track, room; see ``confplan.domain.search``) is
folded once and kept, as UTF-8: a str holding one emoji takes four bytes a character, which made the texts of
50,000 events 180 MB rather than 80 (a UTF-8 word can only match a UTF-8 text at character boundaries, so
searching the bytes finds what searching the text would).  A query is then a scan of byte strings, run by the
regex engine over the whole list without a Python call for each text (``map`` of a compiled pattern's search):
about 30 ms for a word over the 80 MB of 50,000 events, where a Python test for each event took four times as long.
What keeps a key press cheap besides:

- the texts are folded as they are first needed (``prepare`` folds them all in the background, and ``ready``
  says when that is done), so the first search does not wait for all of them;
- a query that narrows the last complete one (a letter typed at the end of a word, another word added) is tried
  only on the events the last one found, and the last few results are kept for the Backspace key;
- the result is the whole answer at once (the count of events found, for the status line, among them), not a
  test to run event by event while the rows are built.

Scans check ``should_stop`` as they go so that a background worker can abandon them when a newer key arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from itertools import compress

from confplan.domain.search import INSIDE_WORDS, search_terms, searchable_bytes, shown_words, term_test
from confplan.model import Conference

#: How many texts are folded between two checks of ``should_stop``.
_CHUNK = 2000
#: How many complete results are kept (typing and deleting the last letters of a query finds them again).
_REMEMBERED = 16


def query_words(query: str) -> list[str]:
    """The words a query highlights, folded as the index is."""
    return shown_words(query)


def _narrows(words: list[str], earlier: tuple[str, ...]) -> bool:
    """Whether every event matching ``words`` also matches ``earlier``: each earlier word is the start of a word
    now (both matching at word starts), or part of one now (the earlier one matching inside words)."""
    return all(any(_implies(new, old) for new in words) for old in earlier)


def _implies(new: str, old: str) -> bool:
    if old.startswith(INSIDE_WORDS):
        return old.lstrip(INSIDE_WORDS) in new.lstrip(INSIDE_WORDS)
    return not new.startswith(INSIDE_WORDS) and new.startswith(old)


class _Found:
    """The complete result of one query: the positions (in programme order) of the events found, and their ids
    (a set, made when first asked for: the rows test every event against it)."""

    def __init__(self, positions: list[int], ids: Sequence[str]) -> None:
        self.positions = positions
        self._all_ids = ids
        self._ids: frozenset[str] | None = None

    @property
    def ids(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset(map(self._all_ids.__getitem__, self.positions))
        return self._ids


class SearchIndex:
    def __init__(self, conference: Conference) -> None:
        self._conference = conference
        self._events = list(conference.events())
        self._ids = [e.id for e in self._events]
        self._everyone = list(range(len(self._ids)))  # shared by the results: one int object per position
        self._position: dict[str, int] | None = None  # made when ``text`` is first asked for an id
        self._texts: list[bytes | None] = [None] * len(self._ids)  # folded lazily; all by ``prepare``
        self._ready = not self._ids
        self._results: dict[tuple[str, ...], _Found] = {}  # complete results of recent queries
        self._lock = threading.Lock()  # workers of successive key presses remember and look up results
        self._folding = threading.Lock()  # a search and ``prepare`` fold a chunk each in turn, not both the same

    @property
    def ready(self) -> bool:
        """Whether every text is folded: a search is then one scan, tens of milliseconds on 50,000 events."""
        return self._ready

    def text(self, event_id: str) -> bytes:
        """The event's folded searchable text, as UTF-8 (see ``searchable_bytes``)."""
        if self._position is None:
            self._position = {event_id: n for n, event_id in enumerate(self._ids)}
        return self._text_at(self._position[event_id])

    def _text_at(self, position: int) -> bytes:
        text = self._texts[position]
        if text is None:
            text = self._texts[position] = searchable_bytes(self._conference, self._events[position])
        return text

    def prepare(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Fold every event's text now (a background worker does this while the user looks at the list)."""
        self._all_texts(should_stop)

    def _all_texts(self, should_stop: Callable[[], bool]) -> list[bytes] | None:
        """Every event's folded text, folding those not folded yet; None when stopped before the end."""
        texts = self._texts
        if not self._ready:
            for offset in range(0, len(texts), _CHUNK):
                if should_stop():
                    return None
                with self._folding:
                    for position in range(offset, min(offset + _CHUNK, len(texts))):
                        if texts[position] is None:
                            self._text_at(position)
            self._ready = True
        return texts  # type: ignore[return-value]  # no None left

    def matcher(self, query: str) -> Callable[[str], bool]:
        """A test, by event id, of whether the event contains every word of ``query`` (for a caller that wants a
        few events, not all: each is folded as it is asked about)."""
        words = search_terms(query)
        with self._lock:
            remembered = self._results.get(tuple(words))
        if remembered is not None:
            return remembered.ids.__contains__
        tests = [term_test(word) for word in words]
        text = self.text
        return lambda event_id: all(test(text(event_id)) for test in tests)

    def search(self, query: str, should_stop: Callable[[], bool] = lambda: False) -> frozenset[str] | None:
        """Ids of the events containing every word of ``query``; None when stopped early."""
        found = self._search(query, should_stop)
        return None if found is None else found.ids

    def _search(self, query: str, should_stop: Callable[[], bool]) -> _Found | None:
        words = search_terms(query)
        key = tuple(words)
        with self._lock:
            remembered = self._results.get(key)
            earlier = list(self._results.items())
        if remembered is not None:
            return remembered
        if should_stop():
            return None
        narrowing = [found for words_then, found in earlier if _narrows(words, words_then)]
        texts = self._all_texts(should_stop)
        if texts is None:
            return None
        # Each word is looked for only in the texts that had the words before it: the first (or the narrowed
        # result's events) is the one long scan.
        positions = min(narrowing, key=lambda found: len(found.positions)).positions if narrowing else None
        for word in words:
            test = term_test(word)
            if positions is None:
                positions = list(compress(self._everyone, map(test, texts)))
            else:
                positions = list(compress(positions, map(test, map(texts.__getitem__, positions))))
            if should_stop():
                return None
        found = _Found(self._everyone if positions is None else positions, self._ids)
        with self._lock:
            self._results.pop(key, None)
            self._results[key] = found
            while len(self._results) > _REMEMBERED:
                del self._results[next(iter(self._results))]
        return found
