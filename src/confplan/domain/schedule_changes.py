"""What changed between two versions of a programme, for all events or only for someone's picks.

Pure functions on the model: the CLI (``confplan schedule diff``), the planner and the calendar export call them.
Events are matched by id (derived from the source's guid, so it survives re-imports), then by the source's own
id, then by an id that grew to stay unique, then by an unchanged, unambiguous title.  An event that disappeared,
or whose new title says it is cancelled, counts as cancelled.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from confplan.domain.agenda import Pick, content_fingerprint
from confplan.model import Conference, Event, Kind, Presentation, normalise_text
from confplan.text.clock import clock_time


class ChangeKind(StrEnum):
    MOVED = "moved"
    ROOM = "room changed"
    CANCELLED = "cancelled"
    SPEAKERS = "speakers changed"
    RETITLED = "retitled"
    ADDED = "added"


_ORDER = list(ChangeKind)

# Titles that announce a cancellation, as programmes write them: "CANCELLED: …", "[Abgesagt] …", "… (cancelled)".
_CANCELLED = re.compile(
    r"^\W*(cancel+ed|abgesagt|annul+ée?|cancelad[oa]|annullato|entfällt)\b|[\[(]\s*(cancel+ed|abgesagt)\s*[\])]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Change:
    """One change to one event.  ``old`` is None for an added event, ``new`` is None for a removed one."""

    kind: ChangeKind
    old: Event | None
    new: Event | None
    detail: str  # the change in words, e.g. "Saal 1 → Saal 2"

    @property
    def event_id(self) -> str:
        """The id the event had before (the id a pick refers to); the new id for an added event."""
        event = self.old or self.new
        assert event is not None
        return event.id

    @property
    def title(self) -> str:
        """The title the user knows the event by: the old one (the new one for an added event)."""
        event = self.old or self.new
        assert event is not None
        return event.title


def is_marked_cancelled(title: str) -> bool:
    return _CANCELLED.search(title) is not None


def diff_schedules(old: Conference, new: Conference) -> list[Change]:
    """Every change from ``old`` to ``new``, ordered by kind of change, then by time."""
    old_events = list(old.events())
    matches = match_events(old_events, new)
    matched_new = {e.id for e in matches.values()}
    changes = [c for event in old_events for c in compare(event, matches.get(event.id))]
    changes += [
        Change(ChangeKind.ADDED, None, event, f"{when(event)}{_in_room(event)}")
        for event in new.events()
        if event.id not in matched_new
    ]
    return _sorted(changes)


def changes_for_picks(
    old_conference: Conference | None, new_conference: Conference, picks: Iterable[Pick]
) -> list[Change]:
    """What changed for these picks: moved, changed room, cancelled, new speakers or title.

    Each pick is compared as it was in ``old_conference`` (the programme the agenda was made with), or, when that
    is not at hand or does not have it, as the pick's own snapshot of the event.
    """
    picks = list(picks)
    before = [_as_picked(pick, old_conference) for pick in picks]
    matches = match_events([event for event, _ in before], new_conference)
    for pick in picks:
        # A pick knows only its event's snapshot; matched by anything but its id, the event must also have the
        # same content (kind and abstract), or an oral whose talk was dropped would "move" to its own poster.
        found = matches.get(pick.id)
        if found is not None and found.id != pick.id and pick.fingerprint not in ("", content_fingerprint(found)):
            del matches[pick.id]
    return _sorted([c for event, known in before for c in compare(event, matches.get(event.id), speakers_known=known)])


def match_events(old_events: list[Event], new: Conference) -> dict[str, Event]:
    """For each old event id, the same event in ``new`` (events that cannot be found are left out)."""
    matches: dict[str, Event] = {}
    taken: set[str] = set()

    def pair(old_event: Event, new_event: Event) -> None:
        matches[old_event.id] = new_event
        taken.add(new_event.id)

    for event in old_events:  # 1. the same id
        if (same := new.get(event.id)) is not None:
            pair(event, same)
    free = [e for e in new.events() if e.id not in taken]
    by_source = _unique_index(free, lambda e: e.source_id or "")
    for event in old_events:  # 2. the source format's own id (guid, frab id, UID)
        if event.id not in matches and event.source_id and (found := by_source.get(event.source_id)):
            pair(event, found)
    free_ids = sorted(e.id for e in new.events() if e.id not in taken)
    for event in old_events:  # 3. an id that grew (or shrank) to stay unique among new events
        if event.id in matches:
            continue
        grown = {i for i in _ids_growing(free_ids, event.id) if i not in taken}
        shorter = (event.id[:n] for n in range(1, len(event.id)))
        grown.update(i for i in shorter if i not in taken and new.get(i) is not None)
        if len(grown) == 1:
            pair(event, new[grown.pop()])
    free = [e for e in new.events() if e.id not in taken]
    by_title = _unique_index(free, lambda e: normalise_text(e.title))
    old_titles = Counter(normalise_text(e.title) for e in old_events if e.id not in matches)
    for event in old_events:  # 4. the same title, when only one event on each side has it
        title = normalise_text(event.title)
        if event.id not in matches and old_titles[title] == 1 and (found := by_title.get(title)):
            pair(event, found)
    return matches


def _ids_growing(ids: list[str], start: str) -> list[str]:
    """The ids in sorted ``ids`` that start with ``start`` (found by halves, not by comparing with every id)."""
    first = bisect.bisect_left(ids, start)
    last = first
    while last < len(ids) and ids[last].startswith(start):
        last += 1
    return ids[first:last]


def compare(old: Event, new: Event | None, speakers_known: bool = True) -> list[Change]:
    """The changes from one event to its new version (``None``: it is no longer in the programme).

    ``speakers_known`` is False when ``old`` is a pick's snapshot, which does not record speakers.
    """
    if new is None:
        return [Change(ChangeKind.CANCELLED, old, None, f"no longer in the programme (was {when(old)}{_in_room(old)})")]
    if is_marked_cancelled(new.title) and not is_marked_cancelled(old.title):
        return [Change(ChangeKind.CANCELLED, old, new, f"the programme now calls it {new.title!r}")]
    changes: list[Change] = []
    if _instant(old.start) != _instant(new.start) or _instant(old.end) != _instant(new.end):
        changes.append(Change(ChangeKind.MOVED, old, new, f"{when(old, new.start.tzinfo)} → {when(new)}"))
    if (old.room or "") != (new.room or ""):
        changes.append(Change(ChangeKind.ROOM, old, new, f"{old.room or 'no room'} → {new.room or 'no room'}"))
    if speakers_known and set(old.speakers) != set(new.speakers):
        added = [s for s in new.speakers if s not in old.speakers]
        gone = [s for s in old.speakers if s not in new.speakers]
        words = ([f"now with {', '.join(added)}"] if added else []) + ([f"without {', '.join(gone)}"] if gone else [])
        changes.append(Change(ChangeKind.SPEAKERS, old, new, "; ".join(words)))
    # A paper list naming the paper (its real title instead of the programme's) is not the programme changing.
    programme_title = new.programme_title if isinstance(new, Presentation) else ""
    if normalise_text(old.title) not in {normalise_text(new.title), normalise_text(programme_title)}:
        changes.append(Change(ChangeKind.RETITLED, old, new, f"{old.title!r} → {new.title!r}"))
    return changes


def describe(change: Change) -> str:
    """One line for people: what happened to which event."""
    return f"{change.kind.value}: {change.title} ({change.event_id}): {change.detail}"


def when(event: Event, zone: tzinfo | None = None) -> str:
    """An event's time as people read it, e.g. "Wed 27 Dec 10:30–≈11:15" (in ``zone`` when given; each end marked
    ``≈`` when estimated, as everywhere: ``text.clock``)."""
    start, end = event.start, event.end
    if zone is not None:
        start, end = start.astimezone(zone), end.astimezone(zone)
    first = f"{start:%a %d %b} {clock_time(start, event.start_source.certain)}"
    last = clock_time(end, event.end_source.certain)
    return f"{first}–{last}" if start.date() == end.date() else f"{first}–{end:%a %d %b} {last}"


def _in_room(event: Event) -> str:
    return f" in {event.room}" if event.room else ""


def _instant(moment: datetime) -> datetime:
    """Compare times as instants: two datetimes of one zone compare by wall clock, even across a clock change."""
    return moment.astimezone(UTC)


def _as_picked(pick: Pick, conference: Conference | None) -> tuple[Event, bool]:
    """The picked event as it was (from the old programme, else from the pick's snapshot) and whether that is known
    fully (a snapshot has no speakers)."""
    found = conference.get(pick.id) if conference is not None else None
    if found is not None:
        return found, True
    return Event(pick.id, Kind.OTHER, pick.title, pick.start, pick.end, room=pick.room), False


def _unique_index(events: list[Event], key: Callable[[Event], str]) -> dict[str, Event]:
    """Events by ``key(event)``, keeping only keys that exactly one event has (ambiguous matches are no matches)."""
    counts = Counter(key(e) for e in events)
    return {key(e): e for e in events if key(e) and counts[key(e)] == 1}


def _sorted(changes: list[Change]) -> list[Change]:
    def order(change: Change) -> tuple[int, datetime, str]:
        event = change.old or change.new
        assert event is not None
        return _ORDER.index(change.kind), _instant(event.start), event.id

    return sorted(changes, key=order)
