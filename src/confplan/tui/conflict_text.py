"""Conflicts in the planner's words, seen from one event: "clashes with … 10:20–10:30 AD12; its poster is at …"."""

from __future__ import annotations

from confplan.conflicts import Conflict, ConflictKind
from confplan.model import Conference, Event, Presentation
from confplan.tui.rows import CONFLICT_MARKERS, KIND_LABELS, time_span

_TITLE_WIDTH = 48


def short_title(event: Event, width: int = _TITLE_WIDTH) -> str:
    title = event.title
    return f"“{title if len(title) <= width else title[: width - 1].rstrip() + '…'}”"


def where_and_when(event: Event) -> str:
    return f"{time_span(event)}{' ' + event.room if event.room else ''}"


def other_side(conflict: Conflict, event_id: str) -> str:
    """The id of the event ``event_id`` conflicts with (for a talk inside a picked session: the side it is not)."""
    return conflict.second_id if conflict.first_id == event_id else conflict.first_id


def twin_of(conference: Conference, alternative_id: str, conflict: Conflict) -> str | None:
    """Which side of ``conflict`` the alternative is the same paper as."""
    alternative = conference.get(alternative_id)
    if not isinstance(alternative, Presentation):
        return None
    for side in (conflict.first_id, conflict.second_id):
        if side in alternative.also_presented_as:
            return side
    return None


def alternative_phrase(conference: Conference, conflict: Conflict, event_id: str) -> str:
    """``its poster is at 11:30 in MH1-2-3-4`` for each alternative, seen from ``event_id``."""
    phrases = []
    for alternative_id in conflict.alternatives:
        alternative = conference.get(alternative_id)
        if alternative is None:
            continue
        whose = "this paper's" if twin_of(conference, alternative_id, conflict) == event_id else "its"
        where = f" in {alternative.room}" if alternative.room else ""
        phrases.append(f"{whose} {KIND_LABELS[alternative.kind]} is at {alternative.start:%H:%M}{where}")
    return "; ".join(phrases)


def describe_conflict(conference: Conference, conflict: Conflict, event_id: str) -> str:
    """One line about ``conflict`` from the point of view of ``event_id``."""
    other = conference.get(other_side(conflict, event_id))
    if other is None:
        return conflict.message
    marker = CONFLICT_MARKERS[conflict.kind]
    minutes = conflict.overlap_minutes
    if conflict.kind is ConflictKind.CLASH:
        line = f"{marker} clashes with {short_title(other)} {where_and_when(other)} ({minutes} min overlap)"
        alternatives = alternative_phrase(conference, conflict, event_id)
        if alternatives:
            line += f"; {alternatives} (a: pick that instead)"
        return line
    if conflict.kind is ConflictKind.SOFT_OVERLAP:
        return (
            f"{marker} overlaps {short_title(other)} {where_and_when(other)} by {minutes} min "
            "(one of them you can drop in and out of)"
        )
    return f"{marker} only {minutes} min to change rooms to or from {short_title(other)} {where_and_when(other)}"
