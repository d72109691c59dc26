"""The c3voc ``schedule.json``: what frab, pretalx and the CCC hub publish (https://c3voc.de/schedule/schema.json).

Layout: ``{"schedule": {"conference": {"time_zone_name", "days": [{"date", "day_start", "rooms": {"Room":
[event, …]}}]}}}``; each event has ``guid``, ``id``, ``date`` (ISO with offset), ``start`` (HH:MM), ``duration``,
``room``, ``title``, ``type``, ``persons``, ``links``…  The newer "schedule2" layout (a flat ``events`` list with
ISO ``start``/``end``) is read too.  Real files vary: missing optional fields, persons as strings or objects,
rooms as objects or arrays, ``url`` or ``link``; all of these are accepted.  docs/formats.md has the details.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded
from confplan.formats.common import (
    LoadOptions,
    Note,
    RawEvent,
    StartParts,
    build_conference,
    choose_zone,
    clean_text,
    collect_event_notes,
    day_change_from,
    join_paragraphs,
    kind_from_type,
    make_link,
    parse_date,
    parse_datetime,
    parse_duration,
    plain_text,
    refuse_or_skip,
    resolve_start,
    stem_of,
    timed_event_end,
    unique_links,
)
from confplan.formats.conference_settings import ConferenceSettings
from confplan.model import Conference, Link, TimeSource

FORMAT_NAME = "schedule-json"

_KEY = re.compile(rb'"(schedule|conference)"\s*:')


def recognises(data: bytes) -> bool:
    """Whether ``data`` is a JSON object that has a "schedule" or "conference" member near its start."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and _KEY.search(head) is not None


def read(
    data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None = None
) -> tuple[Conference, list[Problem]]:
    """The registry's way in (``confplan.formats.registry``): the file says its own zone and year, so a
    conference.yaml's settings do not apply."""
    return parse_schedule_json(data, source, options)


def parse_schedule_json(data: bytes, source: str, options: LoadOptions) -> tuple[Conference, list[Problem]]:
    """Read a schedule.json; raise ConfplanError when it is not JSON or not a schedule."""
    try:
        document = loads_bounded(data, source, "a schedule")
    except UnicodeDecodeError as exc:
        raise ConfplanError(Problem(f"not UTF-8 text ({exc.reason}); expected a schedule.json", source)) from None
    except json.JSONDecodeError as exc:
        raise ConfplanError(Problem(f"not valid JSON: {exc.msg}", source, exc.lineno, exc.colno)) from None
    schedule = document.get("schedule", document) if isinstance(document, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(schedule, dict) or not isinstance(conference, dict):
        raise ConfplanError(
            Problem('not a schedule.json: expected {"schedule": {"conference": {…, "days": […]}}}', source)
        )
    base_url = clean_text(schedule.get("base_url") or conference.get("base_url") or conference.get("url"))
    listed = list(_listed_events(schedule, conference, base_url))
    if not listed:
        raise ConfplanError(Problem("the schedule lists no events (no conference.days[].rooms or events)", source))

    declared = clean_text(conference.get("time_zone_name") or schedule.get("time_zone_name"))
    zone = choose_zone(
        option=options.timezone,
        declared=declared,
        offsets=[_offset_of(item.parts.stated) for item in listed],
        what_declared="time_zone_name",
        stated=[item.parts.stated for item in listed],
    )
    events: list[RawEvent] = []
    problems: list[Problem] = []
    for item in listed:
        try:
            events.append(item.to_raw(zone.zone))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(f"event {item.label}: {exc}", source))
    refuse_or_skip(problems, options.lenient)
    if not events:
        raise ConfplanError(*problems, Problem("no event could be read", source))

    name = options.name or clean_text(conference.get("title")) or clean_text(conference.get("acronym"))
    built, duplicates = build_conference(
        events, name=name or stem_of(source), timezone=zone.name, source=source, content=data
    )
    notes: list[Problem] = [Note(n, source) for n in zone.notes]
    return built, [*problems, *notes, *duplicates, *collect_event_notes(events, source)]


def _offset_of(stated: str) -> timedelta | None:
    try:
        return parse_datetime(stated).utcoffset() if stated else None
    except ValueError:
        return None


# --- walking the document ------------------------------------------------------------------------------------


@dataclass
class _ListedEvent:
    data: dict[str, Any]
    parts: StartParts
    room: str
    base_url: str
    end: str = ""  # schedule2: an ISO end date-time instead of a duration

    @property
    def label(self) -> str:
        ident = clean_text(self.data.get("id") or self.data.get("guid") or self.data.get("code")) or "?"
        return f"{ident} {clean_text(self.data.get('title'))!r}"

    def to_raw(self, zone: ZoneInfo) -> RawEvent:
        e = self.data
        start, remarks, _ = resolve_start(self.parts, zone)
        if self.end:
            end = parse_datetime(self.end)
            end = end.astimezone(zone) if end.tzinfo else end.replace(tzinfo=zone)
            end_source, end_note = TimeSource.STATED, ""
            if end.astimezone(UTC) < start.astimezone(UTC):  # compared as instants, not wall times
                raise ValueError(f"it ends ({self.end}) before it starts")
        else:
            duration = parse_duration(e.get("duration"))
            end, end_source, end_note = timed_event_end(start, duration)
        abstract = plain_text(clean_text(e.get("abstract")))
        description = plain_text(clean_text(e.get("description")))
        if not abstract:
            abstract, description = description, ""
        elif description == abstract:
            description = ""
        return RawEvent(
            title=clean_text(e.get("title")) or "(untitled)",
            start=start,
            end=end,
            kind=kind_from_type(_name_of(e.get("type"))),
            guid=clean_text(e.get("guid")),
            native_id=clean_text(e.get("id") if e.get("id") not in (None, "") else e.get("code")),
            end_source=end_source,
            time_note=end_note,
            room=_name_of(e.get("room")) or self.room or None,
            track=_name_of(e.get("track")) or None,
            abstract=abstract,
            description=join_paragraphs(clean_text(e.get("subtitle")), description),
            speakers=_people(e),
            links=_links(e, self.base_url),
            notes=remarks,
        )


def _listed_events(schedule: dict[str, Any], conference: dict[str, Any], base_url: str) -> Iterator[_ListedEvent]:
    conference_start = _date_or_none(conference.get("start"))
    day_change = day_change_from(clean_text(conference.get("day_change")))
    days = conference.get("days")
    days = days if isinstance(days, list) else []
    for index, day in enumerate(days, start=1):
        if not isinstance(day, dict):
            continue
        day_start = clean_text(day.get("day_start") or day.get("start"))
        day_date = _date_or_none(day.get("date")) or _date_or_none(day_start)
        if day_date is None and conference_start is not None:
            day_date = conference_start + timedelta(days=index - 1)
        changes_at = day_change
        if changes_at is None and day_start:
            try:
                changes_at = day_change_from(f"{parse_datetime(day_start):%H:%M}")
            except ValueError:
                changes_at = None
        for room, event in _events_by_room(day.get("rooms")):
            yield _listed(event, room, base_url, day_date, changes_at)
    # schedule2 (and some generators): one flat list of events with full ISO start and end times.
    flat = schedule.get("events") or conference.get("events")
    if isinstance(flat, list):
        for event in flat:
            if isinstance(event, dict):
                yield _listed(event, "", base_url, None, day_change)


def _listed(event: dict[str, Any], room: str, base_url: str, day: date | None, day_change: time | None) -> _ListedEvent:
    start = clean_text(event.get("start"))
    stated = clean_text(event.get("date"))
    if "T" in start or len(start) > 8:  # schedule2: "start" is a full date-time
        stated, start = start, ""
    return _ListedEvent(
        event,
        StartParts(stated=stated, day=day, clock=start, day_change=day_change),
        room,
        base_url,
        end=clean_text(event.get("end")),
    )


def _events_by_room(rooms: object) -> Iterator[tuple[str, dict[str, Any]]]:
    """(room name, event) pairs from ``{"Room": [events]}`` or ``[{"name": "Room", "events": [events]}]``."""
    if isinstance(rooms, dict):
        for name, events in rooms.items():
            for event in events if isinstance(events, list) else []:
                if isinstance(event, dict):
                    yield clean_text(name), event
    elif isinstance(rooms, list):
        for room in rooms:
            if isinstance(room, dict):
                events = room.get("events") or room.get("talks") or []
                for event in events if isinstance(events, list) else []:
                    if isinstance(event, dict):
                        yield _name_of(room), event


def _name_of(value: object) -> str:
    """A room, track or type: a string, an object with a name, or a list of those (joined)."""
    if isinstance(value, list):
        return ", ".join(n for n in (_name_of(v) for v in value) if n)
    if isinstance(value, dict):
        return clean_text(value.get("name") or value.get("title") or value.get("slug"))
    return clean_text(value)


def _people(event: dict[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for key in ("persons", "participants", "speakers"):
        people = event.get(key)
        for person in people if isinstance(people, list) else []:
            if isinstance(person, dict):
                name = clean_text(
                    person.get("public_name") or person.get("name") or person.get("full_public_name")
                    or person.get("full_name")
                )  # fmt: skip
            else:
                name = clean_text(person)
            name = " ".join(name.split())
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _links(event: dict[str, Any], base_url: str) -> tuple[Link, ...]:
    found: list[Link | None] = []
    page = event.get("url") or event.get("link")
    if isinstance(page, str):
        found.append(make_link(page, "Event page", base_url))
    for key in ("links", "attachments"):
        items = event.get(key)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                found.append(make_link(item, "", base_url))
            elif isinstance(item, dict):
                url = clean_text(item.get("url") or item.get("href") or item.get("link"))
                found.append(make_link(url, clean_text(item.get("title") or item.get("name")), base_url))
    return unique_links(found)


def _date_or_none(value: object) -> date | None:
    text = clean_text(value)
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None
