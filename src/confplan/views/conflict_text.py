"""Conflicts in the planner's words, seen from one event: "⚠ clashes with … 10:20–10:30 AD12", then a line for each
way out: "This paper is also a poster at 11:30–≈13:30 in MH1-2-3-4 (a: swap this oral for it)"."""

from __future__ import annotations

from collections.abc import Iterable

from confplan.domain.conflicts import Conflict, ConflictKind
from confplan.model import Conference, Event, time_span
from confplan.views.rows import CONFLICT_MARKERS, KIND_LABELS

_TITLE_WIDTH = 48


def short_title(event: Event, width: int = _TITLE_WIDTH) -> str:
    title = event.title
    return f"“{title if len(title) <= width else title[: width - 1].rstrip() + '…'}”"


def where_and_when(event: Event) -> str:
    return f"{time_span(event)}{' ' + event.room if event.room else ''}"


def own_side(conference: Conference, conflict: Conflict, event_id: str) -> str:
    """The side of ``conflict`` that stands for ``event_id``: itself, or the whole picked session it is part of."""
    if event_id in (conflict.first_id, conflict.second_id):
        return event_id
    session_id = getattr(conference.get(event_id), "session_id", None)
    return session_id if session_id in (conflict.first_id, conflict.second_id) else event_id


def other_side(conference: Conference, conflict: Conflict, event_id: str) -> str:
    """The id of the event that ``event_id`` (or the picked session around it) conflicts with."""
    mine = own_side(conference, conflict, event_id)
    return conflict.second_id if conflict.first_id == mine else conflict.first_id


def swap_for(conference: Conference, conflicts: Iterable[Conflict], event_id: str) -> tuple[str, str] | None:
    """What ``a`` does on ``event_id``: (pick to drop, presentation to pick instead) resolving one of its clashes.

    The highlighted event's own paper elsewhere comes first (that is what the user is looking at); otherwise the
    other side's.
    """
    options: list[tuple[str, str]] = []
    for conflict in conflicts:
        if conflict.kind is ConflictKind.CLASH:
            options.extend(zip(conflict.alternative_to, conflict.alternatives, strict=True))
    options.sort(key=lambda option: option[0] != event_id)
    return options[0] if options else None


#: How the lines under a clash (its ways out) start, so that they read as part of it.
WAY_OUT_INDENT = "  "


def describe_conflict(
    conference: Conference, conflict: Conflict, event_id: str, swap: tuple[str, str] | None = None
) -> list[str]:
    """Lines about ``conflict`` from the point of view of ``event_id``: what it is, then (for a clash) one indented
    line per way out.  ``swap`` is what ``a`` would do there (see ``swap_for``), named beside that way out."""
    other = conference.get(other_side(conference, conflict, event_id))
    if other is None:
        return [conflict.message]
    marker = CONFLICT_MARKERS[conflict.kind]
    # Times the programme does not state make a conflict probable, and its minutes approximate: say so.
    minutes = f"{'' if conflict.exact else '≈'}{conflict.overlap_minutes} min"
    probably = "" if conflict.sure else "probably "
    if conflict.kind is ConflictKind.CLASH:
        line = f"{marker} {probably}clashes with {short_title(other)} {where_and_when(other)} ({minutes} overlap)"
        return [line, *(WAY_OUT_INDENT + way for way in _ways_out(conference, conflict, event_id, swap))]
    if conflict.kind is ConflictKind.SOFT_OVERLAP:
        return [
            f"{marker} {probably}overlaps {short_title(other)} {where_and_when(other)} by {minutes} "
            "(one of them you can drop in and out of)"
        ]
    only = "only" if conflict.exact else "probably only"
    return [f"{marker} {only} {minutes} to change rooms to or from {short_title(other)} {where_and_when(other)}"]


def _ways_out(conference: Conference, conflict: Conflict, event_id: str, swap: tuple[str, str] | None) -> list[str]:
    """How the clash can be settled, each paper by name ("this paper" is ``event_id``'s, "the other paper" the
    other side's): a presentation of it that is picked already, or one that would fit instead."""
    mine = own_side(conference, conflict, event_id)

    def whose(side: str) -> str:
        return "this" if side == mine else "the other"

    def kind_of(event_id: str) -> str:
        event = conference.get(event_id)
        return KIND_LABELS[event.kind] if event is not None else "presentation"

    phrases = []
    for side, twin_id in sorted(conflict.picked_elsewhere, key=lambda pair: pair[0] != mine):
        twin = conference.get(twin_id)
        if twin is not None:
            phrases.append(
                f"You also picked {whose(side)} paper's {kind_of(twin_id)} ({where_and_when(twin)}), "
                f"so you can unpick {whose(side)} {kind_of(side)}"
            )
    alternatives = zip(conflict.alternative_to, conflict.alternatives, strict=True)
    for side, twin_id in sorted(alternatives, key=lambda pair: pair[0] != mine):  # this paper's first
        twin = conference.get(twin_id)
        if twin is None:
            continue
        where = f" in {twin.room}" if twin.room else ""
        phrase = f"{whose(side).capitalize()} paper is also a {kind_of(twin_id)} at {time_span(twin)}{where}"
        if swap == (side, twin_id):
            phrase += f" (a: swap {whose(side)} {kind_of(side)} for it)"
        phrases.append(phrase)
    return phrases
