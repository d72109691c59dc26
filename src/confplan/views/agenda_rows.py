"""My agenda as rows: the picks in time order, each conflict under the later of its two picks, and the free gaps
(with what is on meanwhile).  Plain data for the agenda view; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.domain.conflicts import ConflictKind, ConflictReport, Gap, free_gaps
from confplan.model import Conference, time_span
from confplan.text.clock import time_range
from confplan.text.wording import duration
from confplan.views.conflict_text import describe_conflict, swap_for
from confplan.views.rows import PICK_MARKERS

#: How many of the events on during a gap are named before "+N more".
GAP_EVENTS_NAMED = 3


class AgendaRowKind(Enum):
    DAY = "day"
    PICK = "pick"
    CONFLICT = "conflict"
    GAP = "gap"
    NOTE = "note"  # the user's note on the pick above
    ORPHAN = "orphan"  # a pick whose event is no longer in the programme


@dataclass(frozen=True, slots=True)
class AgendaRow:
    kind: AgendaRowKind
    text: str  # the row's main text (title, conflict line, gap summary)
    time: str = ""
    room: str = ""
    marker: str = ""  # ● / ◐ for picks
    event_id: str | None = None  # the event to jump to
    priority: Priority | None = None
    conflict: ConflictKind | None = None
    is_now: bool = False  # the pick on at the clock's time
    picked_by: str = ""  # whose agenda the pick came from (a merge or load), "" for the user's own


def build_agenda_rows(
    conference: Conference,
    agenda: Agenda,
    report: ConflictReport,
    now: datetime,
    local_zone: tzinfo | None = None,
    min_gap_minutes: int = 15,
) -> list[AgendaRow]:
    picks = [p for p in agenda.in_time_order() if p.id in conference]
    gaps = free_gaps(conference, picks, min_minutes=min_gap_minutes)
    conflicts_after: dict[str, list[str]] = {}
    for conflict in report.all:
        later = conflict.second_id
        swap = swap_for(conference, report.involving(later), later)  # what ``a`` does on that pick's rows
        conflicts_after.setdefault(later, []).extend(describe_conflict(conference, conflict, later, swap))

    # Picks and gaps interleaved by start time, grouped by day.
    items: list[tuple[datetime, int, Pick | Gap]] = [(p.start, 1, p) for p in picks]
    items += [(g.start, 0, g) for g in gaps]
    items.sort(key=lambda item: (item[0], item[1]))
    rows: list[AgendaRow] = []
    day = None
    for start, _, item in items:
        if start.date() != day:
            day = start.date()
            rows.append(AgendaRow(AgendaRowKind.DAY, f"{start:%A %-d %B %Y}"))
        if isinstance(item, Gap):
            rows.append(_gap_row(conference, item, local_zone))
            continue
        event = conference[item.id]
        worst = report.involving(item.id)
        rows.append(
            AgendaRow(
                AgendaRowKind.PICK,
                event.title,
                time_span(event, local_zone),
                event.room or "",
                PICK_MARKERS[item.priority],
                item.id,
                item.priority,
                min((c.kind for c in worst), key=lambda kind: kind.severity, default=None),
                is_now=event.start <= now < event.end,
                picked_by=item.picked_by,
            )
        )
        if item.note:
            rows.append(AgendaRow(AgendaRowKind.NOTE, f"✎ {item.note}", event_id=item.id))
        rows.extend(
            AgendaRow(AgendaRowKind.CONFLICT, line, event_id=item.id) for line in conflicts_after.get(item.id, [])
        )
    orphans = [p for p in agenda.in_time_order() if p.id not in conference]
    if orphans:
        rows.append(AgendaRow(AgendaRowKind.DAY, "No longer in the programme"))
        rows.extend(
            AgendaRow(
                AgendaRowKind.ORPHAN,
                p.title,
                f"{p.start:%a %H:%M}",
                p.room or "",
                PICK_MARKERS[p.priority],
                picked_by=p.picked_by,
            )
            for p in orphans
        )
    return rows


def _gap_row(conference: Conference, gap: Gap, local_zone: tzinfo | None) -> AgendaRow:
    named = [conference[i].title for i in gap.on_now[:GAP_EVENTS_NAMED]]
    more = len(gap.on_now) - len(named)
    on = "; ".join(named) + (f"; +{more} more" if more > 0 else "")
    text = f"free for {duration(gap.minutes)}" + (f" · on then: {on}" if on else "")
    span = time_range(gap.start, gap.end, gap.start_certain, gap.end_certain, local_zone)
    return AgendaRow(AgendaRowKind.GAP, text, span)
