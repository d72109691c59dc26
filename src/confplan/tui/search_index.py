"""Incremental search over the programme, fast enough to run on every key press of a large schedule.

The searchable text of every event (title, abstract, speakers, session, track, room; see ``confplan.search``) is
folded once and kept; a query is then a scan of plain strings.  The scan checks ``should_stop`` as it goes so that a
background worker can abandon it when the user types the next letter.
"""

from __future__ import annotations

from collections.abc import Callable

from confplan.model import Conference
from confplan.search import searchable_text

#: How many events are scanned between two checks of ``should_stop``.
_CHUNK = 2000


def query_words(query: str) -> list[str]:
    """The words a query is made of, folded as the index is."""
    return query.casefold().split()


class SearchIndex:
    def __init__(self, conference: Conference) -> None:
        self._conference = conference
        self._texts: list[tuple[str, str]] | None = None

    def _entries(self) -> list[tuple[str, str]]:
        if self._texts is None:
            self._texts = [(e.id, searchable_text(self._conference, e)) for e in self._conference.events()]
        return self._texts

    def search(self, query: str, should_stop: Callable[[], bool] = lambda: False) -> frozenset[str] | None:
        """Ids of the events containing every word of ``query``; None when stopped early."""
        words = query_words(query)
        found: list[str] = []
        entries = self._entries()
        for offset in range(0, len(entries), _CHUNK):
            if should_stop():
                return None
            found.extend(i for i, text in entries[offset : offset + _CHUNK] if all(w in text for w in words))
        return frozenset(found)
