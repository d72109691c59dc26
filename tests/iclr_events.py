"""Finding real events of the bundled ICLR 2023 programme by what they are, not by their ids."""

from __future__ import annotations

from functools import cache

from confplan.model import Conference, Kind, Presentation, Session
from confplan.storage.loading import load_schedule


@cache
def iclr() -> Conference:
    conference, skipped = load_schedule(None, papers=False)  # the programme as it is, whatever a test fetched
    assert not skipped
    return conference


def session(title_start: str) -> Session:
    found = [s for s in iclr().sessions if s.title.startswith(title_start)]
    assert len(found) == 1, f"{title_start!r} names {len(found)} sessions"
    return found[0]


def talk(session_title: str, position: int) -> Presentation:
    """The presentation at ``position`` (0-based) of the session whose title starts with ``session_title``."""
    return iclr().presentations_of(session(session_title))[position]


def with_text(words: str, kind: Kind) -> Presentation:
    """The one presentation of ``kind`` whose abstract contains ``words``."""
    found = [p for p in iclr().presentations if p.kind is kind and words in p.abstract]
    assert len(found) == 1, f"{words!r} is in {len(found)} {kind.value} abstracts"
    return found[0]


def twin(presentation: Presentation) -> Presentation:
    """The same paper presented elsewhere (the poster of an oral, or the oral of a poster)."""
    assert len(presentation.also_presented_as) == 1
    other = iclr()[presentation.also_presented_as[0]]
    assert isinstance(other, Presentation)
    return other
