"""The agenda (or the whole programme) as an iCalendar file that calendars import at the right time, and re-import
as an update rather than a duplicate.

- Times are written in the conference's own zone (``TZID=…``) with a VTIMEZONE made by the icalendar library from
  zoneinfo, so no calendar has to guess the zone, and the machine's own zone never enters the file.
- A UID is derived from the conference and the event id only, so every export, on every machine, names the same
  talk the same way.
- What the previous export wrote (an :class:`ExportState`, kept by the caller) decides SEQUENCE: it goes up when an
  event changed, and a pick removed since then is sent once more as ``STATUS:CANCELLED``.
- No clock and no files here: the caller passes ``now`` and stores the state.  The same input gives the same bytes.
- The bytes are parsed back and checked before they are returned (:func:`verify_calendar`).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.domain.conflicts import Conflict, ConflictKind, ConflictReport, find_conflicts
from confplan.domain.schedule_changes import is_marked_cancelled
from confplan.errors import ConfplanError
from confplan.model import Conference, Kind, Presentation, Session, normalise_text, time_span
from confplan.model import Event as ProgrammeEvent
from confplan.storage.export_state import ExportState, WrittenEvent

PRODID = "-//confplan//Conference agenda export//EN"

#: Namespace of confplan's UIDs (a fixed random UUID): UIDs are uuid5(namespace, conference + event id).
UID_NAMESPACE = uuid.UUID("8f9a225a-2337-43dc-a2b8-cb19a1fc395c")

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
MAYBE_MARK = "[maybe] "
CANCELLED_MARK = "[cancelled] "
REMOVED_MARK = "[removed] "  # for calendars that ignore STATUS:CANCELLED and show the event anyway
FOLD_LIMIT = 75  # octets per line, without the CRLF (RFC 5545, 3.1)
#: Conflicts written into an event's description; more are counted (the calendar is no place for a long list).
CONFLICTS_IN_A_DESCRIPTION = 10
_CONFLICT_LABELS = {
    ConflictKind.CLASH: "Clash",
    ConflictKind.SOFT_OVERLAP: "Overlap",
    ConflictKind.TIGHT_CHANGE: "Tight change",
}


@dataclass(frozen=True, slots=True)
class Expected:
    """Where one event must land in the calendar: checked by :func:`verify_calendar`."""

    start: datetime
    end: datetime
    status: str


@dataclass(frozen=True, slots=True)
class _Planned:
    """One VEVENT to write."""

    uid: str
    written: WrittenEvent
    component: Event


def event_uid(conference: Conference, event_id: str) -> str:
    """The UID of an event: the same for everyone who exports that event of that conference."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{normalise_text(conference.name)}\n{event_id}"))


def build_calendar(
    conference: Conference,
    agenda: Agenda,
    *,
    now: datetime,
    remind: timedelta | None = None,
    previous: ExportState | None = None,
    all_events: bool = False,
) -> tuple[bytes, ExportState]:
    """The .ics bytes for ``agenda`` (or, with ``all_events``, the whole programme) and the state to keep for next time.

    ``now`` is the export time (DTSTAMP); ``remind`` adds a display alarm that long before each event; ``previous``
    is what the last export of this agenda wrote.  Raises ConfplanError if the output fails its own check.
    """
    planned, timezone, state = _plan(conference, agenda, now, remind, previous, all_events)
    name = " ".join(_text(conference.name).split())  # one line: X- properties are not escaped like TEXT
    calendar = _calendar_head(conference, f"{name} — {'programme' if all_events else 'my agenda'}")
    calendar.add_component(timezone)
    for item in planned:
        calendar.add_component(item.component)
    data = _serialised(calendar)
    verify_calendar(data, conference.timezone, {p.uid: _expected(p.written) for p in planned})
    return data, state


@dataclass(frozen=True, slots=True)
class EventObject:
    """One event as a calendar object of its own: a VCALENDAR holding the conference's VTIMEZONE and one VEVENT,
    without METHOD (RFC 4791, 4.1), as a CalDAV server and a vdir (khal, vdirsyncer) keep events."""

    uid: str
    data: bytes
    written: WrittenEvent


def build_event_objects(
    conference: Conference,
    agenda: Agenda,
    *,
    now: datetime,
    remind: timedelta | None = None,
    previous: ExportState | None = None,
) -> tuple[dict[str, EventObject], ExportState]:
    """Each pick as an :class:`EventObject`, by UID, with the same UIDs, times, zones and texts as
    :func:`build_calendar`; and the state to keep for next time.

    A pick cancelled in the programme, and one removed since ``previous``, has no object: where each event is a
    resource of its own, the caller deletes it instead of sending it as cancelled.  The state still remembers it,
    so that its SEQUENCE goes on rising if it comes back.
    """
    planned, timezone, state = _plan(conference, agenda, now, remind, previous, all_events=False)
    objects: dict[str, EventObject] = {}
    for item in planned:
        if item.written.status == CANCELLED:
            continue
        calendar = _calendar_head(conference)
        calendar.add_component(timezone)
        calendar.add_component(item.component)
        data = _serialised(calendar)
        verify_calendar(data, conference.timezone, {item.uid: _expected(item.written)})
        objects[item.uid] = EventObject(item.uid, data, item.written)
    return objects, state


def _plan(
    conference: Conference,
    agenda: Agenda,
    now: datetime,
    remind: timedelta | None,
    previous: ExportState | None,
    all_events: bool,
) -> tuple[list[_Planned], Timezone, ExportState]:
    """The VEVENTs to write (stamped, in time order), the VTIMEZONE they need, and the state after writing them."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    zone = conference.zone
    before = previous.events if previous is not None else {}
    conflicts = find_conflicts(conference, agenda)

    planned = [
        _plan_event(conference, zone, event, pick, conflicts, remind, before)
        for event, pick in _exported(conference, agenda, all_events)
    ]
    exported_uids = {p.uid for p in planned}
    for uid, written in before.items():
        if uid not in exported_uids and written.status != CANCELLED:
            planned.append(_plan_cancellation(conference, zone, uid, written))
    planned.sort(key=lambda p: (p.written.start, p.written.end, p.uid))

    stamp = now.astimezone(UTC)
    for item in planned:
        item.component.add("dtstamp", stamp)
        item.component.add("sequence", item.written.sequence)
    after = dict(before)
    after.update((p.uid, p.written) for p in planned)
    # Always made, even with no events: X-WR-TIMEZONE names it, and a VCALENDAR needs at least one component.
    return planned, _vtimezone(conference, zone, [p.written for p in planned]), ExportState(after)


def _calendar_head(conference: Conference, published_as: str | None = None) -> Calendar:
    """The VCALENDAR's own properties; a file to import (``published_as`` its name) gets METHOD:PUBLISH too."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if published_as is not None:
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", published_as)
    calendar.add("x-wr-timezone", conference.timezone)
    return calendar


def _expected(written: WrittenEvent) -> Expected:
    return Expected(written.start, written.end, written.status)


def _exported(conference: Conference, agenda: Agenda, all_events: bool) -> Iterable[tuple[ProgrammeEvent, Pick | None]]:
    """The events to export, each with its pick (None for an unpicked event of the programme)."""
    if all_events:
        for event in conference.events():
            yield event, agenda.get(event.id)
        return
    for pick in agenda.in_time_order():
        current = conference.get(pick.id)
        if current is None:
            # No longer in the programme (or picked on another version of it): keep it as it was when picked.
            current = ProgrammeEvent(pick.id, Kind.OTHER, pick.title, pick.start, pick.end, room=pick.room)
        yield current, pick


def _plan_event(
    conference: Conference,
    zone: ZoneInfo,
    event: ProgrammeEvent,
    pick: Pick | None,
    conflicts: ConflictReport,
    remind: timedelta | None,
    before: Mapping[str, WrittenEvent],
) -> _Planned:
    uid = event_uid(conference, event.id)
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    maybe = pick is not None and pick.priority is Priority.MAYBE
    # Gone from the programme, or announced as cancelled in it: tell calendars to drop it (the agenda keeps it).
    cancelled = event.id not in conference or is_marked_cancelled(event.title)
    status = CANCELLED if cancelled else TENTATIVE if maybe else CONFIRMED
    summary = (CANCELLED_MARK if event.id not in conference else MAYBE_MARK if maybe else "") + _text(event.title)
    location = ", ".join(part for part in (event.room, conference.venue) if part)
    categories = [event.kind.value] + ([event.track] if event.track else [])
    description = _description(conference, event, pick, conflicts)
    url = "".join(_text(event.links[0].url).split()) if event.links else ""  # a URL has no whitespace

    component = Event()
    component.add("uid", uid)
    # Lets confplan read its own export back under the same ids.  One line: X- properties are not escaped like TEXT,
    # and an orphaned pick's id comes from an agenda file, which may hold anything.
    component.add("x-confplan-id", " ".join(_text(event.id).split()))
    component.add("dtstart", start)
    component.add("dtend", end)
    component.add("summary", summary)
    if location:
        component.add("location", _text(location))
    if description:
        component.add("description", description)
    component.add("categories", [_text(c) for c in categories])
    component.add("status", status)
    if url:
        component.add("url", url)
    if remind is not None:
        component.add_component(_alarm(summary, remind))

    digest = _digest(summary, location, description, categories, url, remind)
    written = WrittenEvent(event.id, event.title, start, end, event.room, status, 0, digest)
    return _Planned(uid, replace(written, sequence=_next_sequence(before.get(uid), written)), component)


def _plan_cancellation(conference: Conference, zone: ZoneInfo, uid: str, last: WrittenEvent) -> _Planned:
    """A VEVENT telling calendars that imported ``last`` to drop it: same UID, higher SEQUENCE, STATUS:CANCELLED."""
    start, end = last.start.astimezone(zone), last.end.astimezone(zone)
    component = Event()
    component.add("uid", uid)
    component.add("dtstart", start)
    component.add("dtend", end)
    component.add("summary", REMOVED_MARK + _text(last.title))
    component.add("description", "Removed from your agenda since the last export.")
    component.add("status", CANCELLED)
    written = replace(last, start=start, end=end, status=CANCELLED, sequence=last.sequence + 1, digest="")
    return _Planned(uid, written, component)


def _next_sequence(last: WrittenEvent | None, now: WrittenEvent) -> int:
    """Same SEQUENCE for an unchanged event; one more when anything a calendar shows has changed (or it returns)."""
    if last is None:
        return 0
    unchanged = (
        last.status == now.status
        and last.start == now.start
        and last.end == now.end
        and last.room == now.room
        and last.digest == now.digest
    )
    return last.sequence if unchanged else last.sequence + 1


def _description(conference: Conference, event: ProgrammeEvent, pick: Pick | None, conflicts: ConflictReport) -> str:
    lines: list[str] = []
    if isinstance(event, Presentation):
        session = conference.session_of(event)
        lines.append(f"Session: {session.title}")
    if event.track:
        lines.append(f"Track: {event.track}")
    from_paper = isinstance(event, Presentation) and bool(event.paper_source)
    if event.speakers:
        lines.append(f"{'Authors' if from_paper else 'Speakers'}: {', '.join(event.speakers)}")
    if isinstance(event, Presentation) and from_paper:
        paper = next((link.url for link in event.links if link.title == "paper"), "")
        accepted = f" (accepted as {event.decision})" if event.decision else ""
        lines.append(f"Paper: {paper or event.title}{accepted}")
    if not event.time_is_certain:
        how = event.time_note.lstrip("≈ ") or event.time_source.value
        lines.append(f"Time: {time_span(event)} (≈ not given by the programme) — {how}")
    if event.id not in conference:
        lines.append("Cancelled: no longer in the programme (shown as it was when you picked it).")
    if pick is not None and pick.note:
        lines.append(f"Your note: {pick.note}")
    if pick is not None:
        shown, total = conflicts.earliest_involving(event.id, CONFLICTS_IN_A_DESCRIPTION)
        lines += [_conflict_line(c) for c in shown]
        if total > len(shown):  # a colleague's 5,000 parallel picks gave each event 142 lines (and the export 39 s)
            lines.append(f"… and {total - len(shown):,} more conflicts: `confplan conflicts` lists them")
    if isinstance(event, Session) and event.description:
        lines += ["", event.description]
    if event.abstract:
        lines += ["", event.abstract]
        if isinstance(event, Presentation) and event.truncated:
            lines.append("(The programme cut this abstract short.)")
    return _text("\n".join(lines).strip("\n"))


@lru_cache(maxsize=65536)  # each conflict is written into both events' descriptions
def _conflict_line(conflict: Conflict) -> str:
    return f"{_CONFLICT_LABELS[conflict.kind]}: {conflict.message}"


def _alarm(summary: str, remind: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -remind)
    return alarm


def _digest(*parts: object) -> str:
    encoded = json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def _text(value: str) -> str:
    """Schedule text made fit for an iCalendar TEXT value: one kind of newline, no control characters.

    Escaping of commas, semicolons, backslashes and newlines is the icalendar library's job, not ours.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", value)


#: The control characters (Unicode category Cc: U+0000–U+001F and U+007F–U+009F) other than tab and newline.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _vtimezone(conference: Conference, zone: ZoneInfo, written: list[WrittenEvent]) -> Timezone:
    """The conference zone's VTIMEZONE, covering the whole programme and every exported event.

    The icalendar library builds it from zoneinfo (tzdata); the range runs from 1 January of the first year to
    1 January after the last, so the component stays small and is the same for every export of the programme.
    """
    days = [*conference.days, *(w.start.astimezone(zone).date() for w in written)]
    days += [w.end.astimezone(zone).date() for w in written]
    first_year = min(days).year if days else 2000
    last_year = max(days).year if days else 2000
    return Timezone.from_tzinfo(
        zone, conference.timezone, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def _serialised(calendar: Calendar) -> bytes:
    """``calendar.to_ical()``, the same bytes, with the long lines folded by :func:`_folded`.

    icalendar makes the content lines (names, parameters, escaping); its folding looks at each character in
    Python and took two thirds of an export of long abstracts.
    """
    return b"".join(_folded(line.encode("utf-8")) + b"\r\n" for line in calendar.content_lines() if line)


def _folded(line: bytes) -> bytes:
    """One content line folded as icalendar folds it: pieces of at most 74 octets, cut between characters (not
    inside a UTF-8 sequence) and not right after a backslash or caret, so that an escape stays whole."""
    if len(line) < FOLD_LIMIT:
        return line
    pieces: list[bytes] = []
    start, size = 0, len(line)
    while size - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while line[end] & 0xC0 == 0x80:  # a continuation byte: the cut would split a character
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:  # an escape stays whole, unless it is all the piece holds
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def verify_calendar(data: bytes, zone_name: str, expected: Mapping[str, Expected]) -> None:
    """Parse exported bytes back and check that every event lands where it must; raise ConfplanError if not.

    Times are resolved with the VTIMEZONE written in the file (not with this machine's zone database), so a wrong
    or missing VTIMEZONE is caught the way a calendar without the zone database would meet it.
    """
    problems = [
        f"{problem} (a bug in confplan's export: nothing was written)" for problem in _check(data, zone_name, expected)
    ]
    if problems:
        raise ConfplanError(*problems)


#: How a date-time property of the conference zone is written (after the name): the only form confplan writes.
_DATE_TIME = re.compile(r";TZID=([^;:\"]+):(\d{8}T\d{6})")
_BEGIN, _END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"


def _events_apart(data: bytes) -> tuple[bytes, list[bytes]]:
    """The calendar without its VEVENTs, and the VEVENTs (from their first property to their END line).

    The check parses the calendar around the events back with icalendar, and reads the four properties it needs
    from each event itself: icalendar's parser reads text a character at a time in Python, and took as long to
    read an export back as to write it.  Found with ``bytes.find``, which does not look at each character either.
    """
    rest: list[bytes] = []
    events: list[bytes] = []
    position = 0
    while (begin := data.find(_BEGIN, position)) != -1 and (end := data.find(_END, begin)) != -1:
        rest.append(data[position:begin])
        events.append(data[begin + len(_BEGIN) - 2 : end])  # from the CR LF before the first property
        position = end + len(_END)
    rest.append(data[position:])
    return b"".join(rest), events


def _property(event: bytes, name: bytes) -> str:
    """The first ``name`` property of ``event`` after its name (";params:value" or ":value"), unfolded; or ""."""
    start = 0
    while (start := event.find(b"\r\n" + name, start)) != -1:
        after = start + 2 + len(name)
        if event[after : after + 1] in (b":", b";"):
            end = after
            while (end := event.find(b"\r\n", end)) != -1 and event[end + 2 : end + 3] in (b" ", b"\t"):
                end += 3
            line = event[after : end if end != -1 else len(event)]
            return line.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8")
        start = after
    return ""


def _check(data: bytes, zone_name: str, expected: Mapping[str, Expected]) -> Iterable[str]:
    if b"\n" in data.replace(b"\r\n", b""):
        yield "a line ends without CR LF"
    lines = data.split(b"\r\n")
    if max(map(len, lines)) > FOLD_LIMIT:  # then say which (a loop in Python over every line is slow)
        for number, line in enumerate(lines, start=1):
            if len(line) > FOLD_LIMIT:
                yield f"line {number} is {len(line)} octets long (at most {FOLD_LIMIT})"
    around, events = _events_apart(data)
    try:
        data.decode("utf-8")
        calendar = Calendar.from_ical(around)
    except ValueError as exc:
        yield f"the calendar cannot be parsed back: {exc}"
        return
    if not isinstance(calendar, Calendar):
        yield "the output is not one VCALENDAR"
        return
    zones = {vtz.tz_name: vtz for vtz in calendar.timezones}
    if str(calendar.get("X-WR-TIMEZONE")) != zone_name or zone_name not in zones:
        yield f"no VTIMEZONE for the conference zone {zone_name}"
        return
    tz = zones[zone_name].to_tz(lookup_tzid=False)  # built from the file's own VTIMEZONE
    seen: set[str] = set()
    for event in events:
        uid = _property(event, b"UID")[1:]
        if uid in seen:
            yield f"UID {uid} appears twice"
        seen.add(uid)
        wanted = expected.get(uid)
        if wanted is None:
            yield f"unexpected event {uid}"
            continue
        for name, instant in (("DTSTART", wanted.start), ("DTEND", wanted.end)):
            written = _DATE_TIME.fullmatch(_property(event, name.encode()))
            if written is None or written[1] != zone_name:
                yield f"{uid}: {name} is not a date-time with TZID={zone_name}"
                continue
            v = written[2]
            landed = datetime(int(v[:4]), int(v[4:6]), int(v[6:8]), int(v[9:11]), int(v[11:13]), int(v[13:]), tzinfo=tz)
            if landed != instant:
                yield f"{uid}: {name} lands at {_utc(landed)}, not at {_utc(instant)}"
        status = _property(event, b"STATUS")[1:]
        if status != wanted.status:
            yield f"{uid}: STATUS is {status}, not {wanted.status}"
    for uid in sorted(set(expected) - seen):
        yield f"event {uid} is missing"


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
