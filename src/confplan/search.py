"""Plain text search over the programme: what `list --search` and the planner's search box match."""

from __future__ import annotations

from confplan.model import Conference, Event, Presentation


def searchable_text(conference: Conference, event: Event) -> str:
    """Everything a person may search an event by, case-folded: title, abstract, speakers, session, track, room."""
    parts = [event.title, event.abstract, *event.speakers, event.track or "", event.room or ""]
    if isinstance(event, Presentation):
        parts.append(conference.session_of(event).title)
    return "\n".join(parts).casefold()


def matches(conference: Conference, event: Event, query: str) -> bool:
    """Every word of ``query`` occurs in the event's searchable text."""
    text = searchable_text(conference, event)
    return all(word in text for word in query.casefold().split())
