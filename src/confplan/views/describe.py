"""Everything the detail pane says about one event, as plain strings (the pane only lays them out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from confplan.domain.agenda import Pick
from confplan.model import Conference, Event, ListedPaper, Presentation, Session, time_span
from confplan.text.clock import zone_label
from confplan.text.wording import counted
from confplan.views.rows import KIND_LABELS

if TYPE_CHECKING:
    from confplan.domain.suggest import Suggestion  # only named here: the module (with its stemmer) loads later


@dataclass(frozen=True)
class OtherPresentation:
    """The same paper shown elsewhere (an oral's poster, a poster's oral)."""

    event_id: str
    summary: str  # "poster in Poster Session 3 · 11:30–≈13:30 · MH1-2-3-4"


@dataclass(frozen=True)
class Detail:
    event_id: str
    title: str
    facts: list[tuple[str, str]]  # (label, value) lines: kind, session, track, room, time, local time
    time_note: str  # how the time was obtained
    pick: str  # "must-pick", "maybe", or "" when not picked
    picked_by: str  # whose agenda the pick came from (after a merge or load), "" for the user's own
    note: str
    others: list[OtherPresentation]
    conflicts: list[str]  # one line per conflict with a pick (from the conflict report), with the alternative
    abstract: str
    abstract_note: str  # e.g. that the programme cut the abstract short


def describe(
    conference: Conference,
    event: Event,
    pick: Pick | None,
    conflicts: Sequence[str] = (),
    local_zone: tzinfo | None = None,
    suggestion: Suggestion | None = None,
    listed: ListedPaper | None = None,
) -> Detail:
    facts: list[tuple[str, str]] = [("kind", event.kind.value)]
    if listed is not None:  # one of the reading list's own papers: its real title and authors
        authors = f" — {', '.join(listed.authors)}" if listed.authors else ""
        facts.append(("listed paper", f"★ {listed.title or 'untitled in the listing'}{authors}"))
    elif suggestion is not None:
        shared = ", ".join(suggestion.shared_terms)
        facts.append(
            ("suggested", f"{suggestion.score:.2f}, closest to “{suggestion.closest_title}” (shared: {shared})")
        )
    if isinstance(event, Presentation):
        session = conference.session_of(event)
        of = len(session.presentation_ids)
        facts.append(("session", f"{session.title}  (#{event.position + 1} of {of})"))
    if event.track:
        facts.append(("track", event.track))
    facts.append(("room", event.room or "not given"))
    if event.speakers:
        facts.append(
            (
                "authors" if isinstance(event, Presentation) and event.paper_source else "speakers",
                ", ".join(event.speakers),
            )
        )
    if isinstance(event, Presentation) and event.paper_source:
        paper = next((link.url for link in event.links if link.title == "paper"), "")
        accepted = f"accepted as {event.decision}; " if event.decision else ""
        facts.append(("paper", f"{accepted}{paper or 'no link'} (from {source_name(event.paper_source)})"))
    facts.append(("time", f"{event.start:%a %-d %b %Y}  {time_span(event)}  ({zone_label(conference.timezone)})"))
    if local_zone is not None:
        local_start = event.start.astimezone(local_zone)
        facts.append(("local time", f"{local_start:%a %-d %b}  {time_span(event, local_zone)}  (your time)"))

    time_note = event.time_note or (
        "as stated in the programme" if event.time_is_certain else f"{event.time_source.value} (not stated)"
    )
    others = []
    if isinstance(event, Presentation):
        for other_id in event.also_presented_as:
            other = conference.get(other_id)
            if other is not None:
                others.append(OtherPresentation(other_id, _summary(conference, other)))

    abstract = event.abstract
    abstract_note = ""
    if isinstance(event, Session):
        abstract = event.description or event.abstract
        if event.presentation_ids:
            abstract_note = f"{counted(len(event.presentation_ids), 'presentation')} in this session"
    elif isinstance(event, Presentation):
        if event.truncated:
            abstract_note = "The programme cut this abstract short."
        if event.title_is_derived and event.abstract:
            derived = "The title is the abstract's first sentence (the programme gives none)."
            abstract_note = f"{abstract_note} {derived}".strip()
        elif event.title_is_derived:
            derived = "The programme gives neither a title nor an abstract: it is named by its session and place."
            abstract_note = f"{abstract_note} {derived}".strip()
    return Detail(
        event_id=event.id,
        title=event.title,
        facts=facts,
        time_note=time_note,
        pick="" if pick is None else pick.priority.value,
        picked_by=pick.picked_by if pick is not None else "",
        note=pick.note if pick is not None else "",
        others=others,
        conflicts=list(conflicts),
        abstract=abstract,
        abstract_note=abstract_note,
    )


def source_name(paper_source: str) -> str:
    """A paper list's name in a sentence: "OpenReview", "a paper list"."""
    return "OpenReview" if paper_source == "openreview" else f"a {paper_source}"


def _summary(conference: Conference, event: Event) -> str:
    where = event.room or "room not given"
    if isinstance(event, Presentation):
        return f"{KIND_LABELS[event.kind]} in {conference.session_of(event).title} · {time_span(event)} · {where}"
    return f"{event.title} · {time_span(event)} · {where}"
