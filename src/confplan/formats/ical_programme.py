"""A programme published as an iCalendar file (``.ics``): one VEVENT per talk.

Read with the icalendar library, which resolves ``TZID`` parameters through the file's VTIMEZONE wherever it is
(also after the events), or through the IANA and Windows zone names when there is none.  Kept: SUMMARY (title),
DTSTART/DTEND or DURATION, LOCATION (room), DESCRIPTION (abstract), CATEGORIES (kind and track), URL, ATTACH,
ATTENDEE names (speakers) and UID.  docs/formats.md has the details.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import (
    MAX_EVENT_LENGTH,
    LoadOptions,
    Note,
    RawEvent,
    add_elapsed,
    build_conference,
    check_year,
    choose_zone,
    clean_text,
    collect_event_notes,
    is_kind_word,
    kind_from_type,
    localize,
    make_link,
    plain_text,
    refuse_or_skip,
    stem_of,
    unique_links,
)
from confplan.formats.conference_settings import ConferenceSettings
from confplan.formats.ical_zones import MAX_RDATES, BoundedZone, ZoneTooCostly, bounded_zone, count_rdates
from confplan.model import Conference, Kind, Link, TimeSource

FORMAT_NAME = "ical"

_BEGIN = re.compile(rb"^(\xef\xbb\xbf)?\s*BEGIN:VCALENDAR", re.I)
_VEVENT_LINE = re.compile(r"^BEGIN:VEVENT\s*$", re.I)


def recognises(data: bytes) -> bool:
    """Whether ``data`` starts like an iCalendar file."""
    return _BEGIN.match(data[:1024]) is not None


def read(
    data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None = None
) -> tuple[Conference, list[Problem]]:
    """The registry's way in (``confplan.formats.registry``): the file says its own zone and year, so a
    conference.yaml's settings do not apply."""
    return parse_ical(data, source, options)


def parse_ical(data: bytes, source: str, options: LoadOptions) -> tuple[Conference, list[Problem]]:
    """Read an .ics programme; raise ConfplanError when it is not iCalendar or has no timed events."""
    # icalendar keeps the VTIMEZONEs it has read in a process-wide cache by TZID, and the first calendar to define
    # a TZID would decide the times of every later one using it; choosing the provider again empties that cache.
    # Imported here: the library takes a noticeable part of the command's start, and most schedules are not .ics.
    import icalendar
    from icalendar.timezone import tzp

    tzp.use_zoneinfo()
    rdates, line = count_rdates(data)
    if rdates > MAX_RDATES:  # icalendar parses each slowly (minutes for a few hundred thousand): refuse unparsed
        raise ConfplanError(
            Problem(
                f"{rdates:,} RDATE values; a time zone lists a few clock changes (at most {MAX_RDATES:,} are read)",
                source,
                line,
            )
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
        # TypeError and AttributeError: how icalendar and dateutil fail on some broken VTIMEZONEs (found by
        # fuzzing: two TZIDs in one VTIMEZONE, an RRULE without FREQ).
        raise ConfplanError(Problem(f"not a readable iCalendar file: {_first_line(str(exc))}", source)) from None
    _check_zone_rules(calendar, source)
    vevents = list(calendar.walk("VEVENT"))
    _use_bounded_zones(calendar, vevents, source)
    if not vevents:
        raise ConfplanError(Problem("the calendar has no events (no VEVENT components)", source))
    lines = _vevent_lines(data)

    ours = str(calendar.get("PRODID") or "").startswith(CONFPLAN_PRODID_START)  # our own export: see below
    named = clean_text(str(calendar.get("X-WR-TIMEZONE") or ""))
    used = _most_common_zone(vevents)
    zone = choose_zone(
        option=options.timezone,
        declared=named or (used if options.timezone is None else None),  # a TZID is no declaration to override
        offsets=[_offset(v.get("DTSTART")) for v in vevents],
        what_declared="X-WR-TIMEZONE" if named else "TZID",
        stated=_stated_starts(vevents),
    )
    if not named and not options.timezone and used == "UTC":
        zone = replace(
            zone,
            notes=(
                *zone.notes,
                "the calendar names no time zone and gives its times in UTC; "
                "showing them in UTC (pass --timezone for the conference's own zone)",
            ),
        )
    events: list[RawEvent] = []
    problems: list[Problem] = []
    skipped: Counter[str] = Counter()
    for index, vevent in enumerate(vevents):
        line = lines[index] if index < len(lines) else None
        title = clean_text(str(vevent.get("SUMMARY") or "")) or "(untitled)"
        status = clean_text(str(vevent.get("STATUS") or "")).upper()
        if status == "CANCELLED":
            skipped["marked cancelled (STATUS:CANCELLED)"] += 1
            continue
        try:
            event = _event(vevent, title, zone.zone, line, ours)
        except ValueError as exc:
            problems.append(Problem(f"event {title!r}: {exc}", source, line))
            continue
        if event is None:
            skipped["all-day, without a time of day"] += 1
            continue
        events.append(event)
    refuse_or_skip(problems, options.lenient)
    if not events:
        raise ConfplanError(*problems, Problem("no timed event could be read from the calendar", source))

    name = options.name or clean_text(str(calendar.get("X-WR-CALNAME") or calendar.get("NAME") or ""))
    venue = ""
    if ours:
        name = re.sub(r" — (programme|my agenda)$", "", name)
        venue = _split_venue(events)
    built, duplicates = build_conference(
        events,
        name=name or stem_of(source),
        timezone=zone.name,
        source=source,
        content=data,
        venue=venue,
        guid_name="UID",
    )
    notes: list[Problem] = [Note(n, source) for n in zone.notes]
    notes += [Note(f"not imported: {count} event(s) {why}", source) for why, count in skipped.items()]
    return built, [*problems, *notes, *duplicates, *collect_event_notes(events, source)]


def _event(vevent: Any, title: str, zone: ZoneInfo, line: int | None, ours: bool) -> RawEvent | None:
    """The event, or None for an all-day entry (a day's banner, not something one attends at a time)."""
    remarks: list[str] = []
    start_prop = vevent.get("DTSTART")
    if start_prop is None:
        raise ValueError("it has no DTSTART")
    start_value = _value(start_prop, "DTSTART")
    if not isinstance(start_value, datetime):
        return None
    start = _in_zone(start_value, start_prop, zone, remarks)
    end_source, time_note = TimeSource.STATED, ""
    if (end_prop := vevent.get("DTEND")) is not None:
        end_value = _value(end_prop, "DTEND")
        if not isinstance(end_value, datetime):
            raise ValueError(f"DTEND {end_value} is a date, but DTSTART has a time")
        end = _in_zone(end_value, end_prop, zone, remarks)
    elif (duration_prop := vevent.get("DURATION")) is not None:
        duration = _value(duration_prop, "DURATION")
        if not isinstance(duration, timedelta):
            raise ValueError(f"unreadable DURATION {duration!r}")
        end = add_elapsed(start, duration)
    else:
        end = start  # RFC 5545: a timed event without DTEND or DURATION ends when it starts
        time_note = "the calendar gives no end; shown as ending when it starts"
    if end.astimezone(UTC) < start.astimezone(UTC):  # compared as instants, not wall times
        raise ValueError(f"it ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})")
    if vevent.get("RRULE") is not None:
        remarks.append("repeats (RRULE); only its first occurrence was imported")

    categories = _categories(vevent)
    kind_word = next((c for c in categories if is_kind_word(c)), None)
    uid = clean_text(str(vevent.get("UID") or ""))
    title, speakers = _title_and_speakers(title, uid, vevent)
    description = plain_text(clean_text(str(vevent.get("DESCRIPTION") or "")))
    start_source = TimeSource.STATED
    if ours:
        title = title.removeprefix(MAYBE_MARK)
        facts, description = _confplan_description(description)
        speakers = speakers or facts.speakers
        if facts.time_note:  # our export says the programme did not give this time
            start_source = TimeSource.ESTIMATED if facts.start_estimated else TimeSource.STATED
            end_source = TimeSource.ESTIMATED if facts.end_estimated else TimeSource.STATED
            time_note = facts.time_note
    return RawEvent(
        title=title,
        start=start,
        end=end,
        kind=kind_from_type(kind_word) if kind_word else Kind.TALK,
        guid=uid,
        own_id=clean_text(str(vevent.get("X-CONFPLAN-ID") or "")) if ours else "",
        start_source=start_source,
        end_source=end_source,
        time_note=time_note,
        room=clean_text(str(vevent.get("LOCATION") or "")) or None,
        track=next((c for c in categories if c != kind_word), None),
        abstract=description,
        speakers=speakers,
        links=_links(vevent),
        source_line=line,
        notes=remarks,
    )


def _value(prop: Any, name: str) -> object:
    """A property's Python value (datetime, date, timedelta); ValueError for one icalendar could not read."""
    value = _dt(prop)
    if value is None:
        raise ValueError(f"unreadable {name} {str(prop)!r}")
    if isinstance(value, date):  # a datetime too
        check_year(value, f"{name} {value}")
    elif isinstance(value, timedelta) and abs(value) > _LONGEST:
        raise ValueError(f"{name} {value} is out of range (at most {_LONGEST.days} days)")
    return value


_LONGEST = MAX_EVENT_LENGTH


def _dt(prop: Any) -> object:
    """``prop.dt``, or None when there is none or icalendar could not read the value (a broken property)."""
    try:
        return getattr(prop, "dt", None)
    except ValueError:  # icalendar's BrokenCalendarProperty, raised on reading a value it kept unparsed
        return None


#: Time-zone rules change the clock a few times a year.  dateutil walks through every date a VTIMEZONE rule gives,
#: from its DTSTART on, to convert a time: a rule repeating hourly (a few lines of text) costs seconds to minutes.
_ZONE_RULE_KEYS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYMONTH", "BYDAY", "BYMONTHDAY", "BYSETPOS", "BYHOUR", "BYMINUTE"}
    | {"BYSECOND"}
)
_MAX_ZONE_RULE_DATES_PER_YEAR = 31
_NTH_WEEKDAY = re.compile(r"^[+-]?\d")  # "-1SU": the last Sunday


def _check_zone_rules(calendar: Any, source: str) -> None:
    """Refuse VTIMEZONE rules that are not time-zone rules: repeating other than yearly, or on many days a year."""
    for vtimezone in calendar.walk("VTIMEZONE"):
        for observance in vtimezone.subcomponents:
            found = observance.get("RRULE")
            for rule in found if isinstance(found, list) else [found] if found is not None else []:
                if not isinstance(rule, dict) or _zone_rule_dates_per_year(rule) > _MAX_ZONE_RULE_DATES_PER_YEAR:
                    tzid = clean_text(str(vtimezone.get("TZID") or ""))
                    shown = rule.to_ical().decode("utf-8", "replace") if hasattr(rule, "to_ical") else str(rule)
                    raise ConfplanError(
                        Problem(
                            f"the time zone {tzid!r} (VTIMEZONE) has the rule {shown[:80]!r}; time-zone rules repeat "
                            "yearly on a few days (e.g. FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU)",
                            source,
                        )
                    )


def _use_bounded_zones(calendar: Any, vevents: list[Any], source: str) -> None:
    """Give each event time in a zone the file defines (not an IANA one) that zone with bounded work
    (``ical_zones``) instead of dateutil's, which walks every rule from its first year for each time converted."""
    defined = {str(v.get("TZID") or ""): v for v in calendar.walk("VTIMEZONE")}
    zones: dict[str, BoundedZone] = {}
    for vevent in vevents:
        for name in ("DTSTART", "DTEND"):
            prop = vevent.get(name)
            value = _dt(prop)
            tzid = str(prop.params.get("TZID") or "") if hasattr(prop, "params") else ""
            if not isinstance(value, datetime) or isinstance(value.tzinfo, ZoneInfo) or tzid not in defined:
                continue
            if tzid not in zones:
                try:
                    zones[tzid] = bounded_zone(defined[tzid])
                except ZoneTooCostly as exc:
                    raise ConfplanError(Problem(str(exc), source)) from None
            prop.dt = value.replace(tzinfo=zones[tzid])


def _zone_rule_dates_per_year(rule: dict[str, list[Any]]) -> int:
    """At most how many dates a year ``rule`` gives; more than allowed for a rule that is not yearly or unusual."""
    if set(rule) - _ZONE_RULE_KEYS or [str(f).upper() for f in rule.get("FREQ", [])] != ["YEARLY"]:
        return _MAX_ZONE_RULE_DATES_PER_YEAR + 1
    weekdays = [str(day) for day in rule.get("BYDAY", [])]
    every = [day for day in weekdays if not _NTH_WEEKDAY.match(day)]  # "SU": every Sunday, up to 5 a month
    per_month = len(rule.get("BYMONTHDAY", [])) or (len(weekdays) + 4 * len(every)) or 1
    months = len(rule.get("BYMONTH", [])) or (12 if rule.get("BYMONTHDAY") or every else 1)
    times_a_day = math.prod(len(rule.get(key, [])) or 1 for key in ("BYHOUR", "BYMINUTE", "BYSECOND"))
    return months * per_month * times_a_day


def _in_zone(value: datetime, prop: Any, zone: ZoneInfo, remarks: list[str]) -> datetime:
    """An aware time converted to the conference zone; a floating time (or an unknown TZID) read in it."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(zone)
    tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
    moment, remark = localize(value.replace(tzinfo=None), zone)
    if tzid:
        remarks.append(f"its time zone {tzid!r} is unknown and has no VTIMEZONE; read its times in {zone.key}")
    if remark:
        remarks.append(remark)
    return moment


def _most_common_zone(vevents: list[Any]) -> str | None:
    """The IANA zone most events' DTSTART is written in, when the calendar does not name one."""
    keys: Counter[str] = Counter()
    for vevent in vevents:
        value = _dt(vevent.get("DTSTART"))
        key = getattr(getattr(value, "tzinfo", None), "key", None)
        if isinstance(key, str):
            keys[key] += 1
    return keys.most_common(1)[0][0] if keys else None


def _stated_starts(vevents: list[Any]) -> list[str]:
    """Each start with the UTC offset its own zone gives it (ISO 8601): a zone that is no IANA name, defined only by
    a VTIMEZONE, is known by these offsets, which change at a clock change."""
    starts = (_dt(v.get("DTSTART")) for v in vevents)
    return [start.isoformat() for start in starts if isinstance(start, datetime) and start.tzinfo is not None]


def _offset(prop: Any) -> timedelta | None:
    value = _dt(prop)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.utcoffset()
    return None


def _categories(vevent: Any) -> list[str]:
    found = vevent.get("CATEGORIES")
    props = found if isinstance(found, list) else [found] if found is not None else []
    names: list[str] = []
    for prop in props:
        for category in getattr(prop, "cats", []):
            name = clean_text(str(category))
            if name and name not in names:
                names.append(name)
    return names


def _title_and_speakers(title: str, uid: str, vevent: Any) -> tuple[str, tuple[str, ...]]:
    """Speakers from ATTENDEE names; pretalx writes no attendees but ends its SUMMARY with " - <speakers>"."""
    found = vevent.get("ATTENDEE")
    attendees = found if isinstance(found, list) else [found] if found is not None else []
    names = [clean_text(str(a.params.get("CN") or "")) for a in attendees if hasattr(a, "params")]
    speakers = tuple(dict.fromkeys(n for n in names if n))
    if not speakers and uid.startswith("pretalx-") and " - " in title:
        title, _, people = title.rpartition(" - ")
        speakers = tuple(p.strip() for p in re.split(r",\s*| and ", people) if p.strip())
    return title, speakers


def _links(vevent: Any) -> tuple[Link, ...]:
    found: list[Link | None] = []
    if (url := vevent.get("URL")) is not None:
        found.append(make_link(str(url), "Event page"))
    attachments = vevent.get("ATTACH")
    for attach in attachments if isinstance(attachments, list) else [attachments] if attachments else []:
        found.append(make_link(str(attach)))
    return unique_links(found)


def _vevent_lines(data: bytes) -> list[int]:
    """The line number of each BEGIN:VEVENT, in file order (the order icalendar walks them)."""
    text = data.decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [number for number, line in enumerate(lines, start=1) if _VEVENT_LINE.match(line.strip())]


def _first_line(text: str) -> str:
    return text.splitlines()[0][:200] if text else "unknown error"


# --- confplan's own export -----------------------------------------------------------------------------------
# Our .ics export (export_ics.py) writes the room and the venue into LOCATION, and the track, speakers and time
# notes as the first lines of DESCRIPTION.  Reading them back makes an exported programme re-import as it was.

CONFPLAN_PRODID_START = "-//confplan//"
MAYBE_MARK = "[maybe] "
_FACT_LINE = re.compile(
    r"^(Session|Track|Speakers|Time(?=: )|Time not given by the programme|No longer in the programme|Your note"
    r"|Clash|Overlap|Tight change)\b"
)
_TRUNCATED_NOTE = "(The programme cut this abstract short.)"


@dataclass(frozen=True)
class _Facts:
    speakers: tuple[str, ...] = ()
    time_note: str = ""
    start_estimated: bool = True  # which ends the time note is about (older exports did not say: both)
    end_estimated: bool = True


def _confplan_description(description: str) -> tuple[_Facts, str]:
    """The facts our export put before the text (speakers, time notes), and the text itself."""
    lines = description.split("\n")
    speakers: tuple[str, ...] = ()
    time_note = ""
    ends = (True, True)
    taken = 0
    for line in lines:
        if not _FACT_LINE.match(line):
            break
        taken += 1
        if line.startswith("Speakers: "):
            speakers = tuple(s.strip() for s in line.removeprefix("Speakers: ").split(",") if s.strip())
        elif line.startswith("Time not given by the programme"):
            time_note = "≈ " + line.partition(" — ")[2]
        elif line.startswith("Time: "):  # "Time: 10:00–≈11:30 (≈ not given by the programme) — how"
            time_note = "≈ " + line.partition(" — ")[2]
            start, _, end = line.removeprefix("Time: ").partition(" ")[0].partition("–")
            ends = (start.startswith("≈"), end.startswith("≈"))
    text = "\n".join(lines[taken:]).strip("\n").removesuffix(_TRUNCATED_NOTE).rstrip("\n")
    return _Facts(speakers, time_note, *ends), text


def _split_venue(events: list[RawEvent]) -> str:
    """The venue our export appended to every LOCATION ("AD10, Kigali Convention Centre"); rooms keep the rest."""
    locations = [e.room for e in events if e.room]
    if len(set(locations)) < 2:  # one place for everything: no telling the room from the venue
        return ""
    parts = min(locations, key=len).split(", ")
    for first in range(len(parts)):
        venue = ", ".join(parts[first:])
        if all(place == venue or place.endswith(", " + venue) for place in locations):
            for event in events:
                if event.room:
                    event.room = event.room.removesuffix(venue).removesuffix(", ") or None
            return venue
    return ""
