"""Incremental search over the programme, fast enough to run on every key press of a large schedule.

The searchable text of every event (title, abstract, speakers, session, track, room; see ``confplan.domain.search``) is
folded once and kept, as UTF-8: a str holding one emoji takes four bytes a character, which made the texts of
50,000 events 180 MB rather than 80 (a UTF-8 word can only match a UTF-8 text at character boundaries, so
searching the bytes finds what searching the text would).  A query is then a scan of byte strings.  Three
things keep a key press cheap on 50,000 events:

- the texts are folded as they are first needed (``prepare`` folds the rest in the background), so the first
  search does not wait for all of them;
- a query that narrows the last complete one (a letter typed at the end of a word, another word added) is tried
  only on the events the last one found, and the last few results are kept for the Backspace key;
- ``matcher`` answers for one event at a time, so that the list can show the first screenful of matches before
  the scan has reached the end of the programme.

Scans check ``should_stop`` as they go so that a background worker can abandon them when a newer key arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from confplan.domain.search import INSIDE_WORDS, search_terms, searchable_text, shown_words, term_test
from confplan.model import Conference

#: How many events are scanned between two checks of ``should_stop``.
_CHUNK = 2000
#: How many complete results are kept (typing and deleting the last letters of a query finds them again).
_REMEMBERED = 16


def query_words(query: str) -> list[str]:
    """The words a query highlights, folded as the index is."""
    return shown_words(query)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def _narrows(words: list[str], earlier: tuple[str, ...]) -> bool:
    """Whether every event matching ``words`` also matches ``earlier``: each earlier word is the start of a word
    now (both matching at word starts), or part of one now (the earlier one matching inside words)."""
    return all(any(_implies(new, old) for new in words) for old in earlier)


def _implies(new: str, old: str) -> bool:
    if old.startswith(INSIDE_WORDS):
        return old.lstrip(INSIDE_WORDS) in new.lstrip(INSIDE_WORDS)
    return not new.startswith(INSIDE_WORDS) and new.startswith(old)


class SearchIndex:
    def __init__(self, conference: Conference) -> None:
        self._conference = conference
        self._ids = [e.id for e in conference.events()]
        self._texts: dict[str, bytes] = {}  # folded lazily; filled by ``prepare``
        self._results: dict[tuple[str, ...], frozenset[str]] = {}  # complete results of recent queries
        self._lock = threading.Lock()  # workers of successive key presses remember and look up results

    def text(self, event_id: str) -> bytes:
        """The event's folded searchable text, as UTF-8."""
        text = self._texts.get(event_id)
        if text is None:
            text = self._texts[event_id] = _utf8(searchable_text(self._conference, self._conference[event_id]))
        return text

    def prepare(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Fold every event's text now (a background worker does this while the user looks at the list)."""
        for offset in range(0, len(self._ids), _CHUNK):
            if should_stop():
                return
            for event_id in self._ids[offset : offset + _CHUNK]:
                self.text(event_id)

    def matcher(self, query: str) -> Callable[[str], bool]:
        """A test, by event id, of whether the event contains every word of ``query``."""
        words = search_terms(query)
        with self._lock:
            remembered = self._results.get(tuple(words))
            earlier = list(self._results.items())
        if remembered is not None:
            return remembered.__contains__
        narrowing = [found for words_then, found in earlier if _narrows(words, words_then)]
        candidates = min(narrowing, key=len) if narrowing else None  # the fewest events to look at
        text = self.text
        tests = [term_test(word) for word in words]

        def found(event_id: str) -> bool:
            if candidates is not None and event_id not in candidates:
                return False
            folded = text(event_id)
            return all(test(folded) for test in tests)

        return found

    def remember(self, query: str, found: frozenset[str]) -> None:
        """Keep the complete result of ``query`` (the newest few are kept)."""
        key = tuple(search_terms(query))
        with self._lock:
            self._results.pop(key, None)
            self._results[key] = found
            while len(self._results) > _REMEMBERED:
                del self._results[next(iter(self._results))]

    def search(self, query: str, should_stop: Callable[[], bool] = lambda: False) -> frozenset[str] | None:
        """Ids of the events containing every word of ``query``; None when stopped early."""
        found = self.matcher(query)
        result: list[str] = []
        for offset in range(0, len(self._ids), _CHUNK):
            if should_stop():
                return None
            result.extend(i for i in self._ids[offset : offset + _CHUNK] if found(i))
        matches = frozenset(result)
        self.remember(query, matches)
        return matches
