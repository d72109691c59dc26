"""What the importers of published schedules (frab XML, schedule JSON, iCalendar) share.

Each importer turns its file into ``RawEvent`` objects; ``build_conference`` gives them their ids and makes the
model.  The helpers here hold the rules every format needs the same way: durations, kinds, time zones, clock
changes, HTML in abstracts and links.  docs/formats.md describes these rules for users.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TypeVar
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, available_timezones

from confplan.errors import ConfplanError, Problem
from confplan.model import Conference, Kind, Link, Session, TimeSource, normalise_text, unique_ids, zone_named
from confplan.text.wording import counted


@dataclass(frozen=True, slots=True)
class Note(Problem):
    """Something the user should know about an import that is not an error: a guess, a repair, a duplicate."""


@dataclass(frozen=True)
class LoadOptions:
    """What the command line may say about a schedule that the file itself does not."""

    timezone: str | None = None  # --timezone: the zone to show times in (and to read times without one)
    year: int | None = None  # --year: for programme text that gives none
    name: str | None = None
    lenient: bool = False  # skip events with unreadable values instead of refusing the file
    format: str | None = None  # a format name or alias (see registry.FORMATS); None: recognise it by content


@dataclass
class RawEvent:
    """One event as an importer read it, before it gets its short id."""

    title: str
    start: datetime
    end: datetime
    kind: Kind = Kind.TALK
    guid: str = ""  # the format's globally unique id (frab/pretalx guid, iCalendar UID)
    native_id: str = ""  # the format's own local id (frab event id)
    own_id: str = ""  # the id confplan gave the event, when the file is confplan's own export (X-CONFPLAN-ID)
    start_source: TimeSource = TimeSource.STATED
    end_source: TimeSource = TimeSource.STATED
    time_note: str = ""
    room: str | None = None
    track: str | None = None
    abstract: str = ""
    description: str = ""
    speakers: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    source_line: int | None = None
    notes: list[str] = field(default_factory=list)  # per-event remarks, collected into one Note per kind


# --- ids and the conference ----------------------------------------------------------------------------------


def id_key(event: RawEvent) -> tuple[str, ...]:
    """What identifies an event across re-imports: its guid, else its id in the format, else its title."""
    if event.guid:
        return ("guid", event.guid.strip().lower())
    if event.native_id:
        return ("id", event.native_id.strip())
    return ("content", normalise_text(event.title))


_OWN_ID = re.compile(r"^[0-9a-f]{6,16}$")


def _keep_own_ids(ids: list[str], events: list[RawEvent]) -> list[str]:
    """Our own export re-imported keeps the ids it was exported with, so agendas made on it still apply."""
    own = [e.own_id for e in events]
    if all(_OWN_ID.match(i) for i in own) and len(set(own)) == len(own):
        return own
    return ids


def build_conference(
    events: list[RawEvent],
    *,
    name: str,
    timezone: str,
    source: str,
    content: bytes,
    venue: str = "",
    guid_name: str = "guid",
) -> tuple[Conference, list[Problem]]:
    """The conference of these events (every event a Session without presentations) and notes on duplicates."""
    keys = [id_key(e) for e in events]
    ids = _keep_own_ids(unique_ids(keys), events)
    notes: list[Problem] = []
    counts = Counter(keys)
    for key, count in counts.items():
        if count < 2:
            continue
        same = [(i, e) for i, e, k in zip(ids, events, keys, strict=True) if k == key]
        label = {"guid": guid_name, "id": "id", "content": "title"}[key[0]]
        first = same[0][1]
        value = first.guid or first.native_id or first.title
        notes.append(
            Note(
                f"{label} {value!r} appears {count} times; kept all of them, as "
                + ", ".join(f"{i} ({e.start:%a %H:%M} {e.room or 'no room'})" for i, e in same),
                source,
                first.source_line,
            )
        )
    sessions = [
        Session(
            id=event_id,
            kind=e.kind,
            title=e.title,
            start=e.start,
            end=e.end,
            start_source=e.start_source,
            end_source=e.end_source,
            time_note=e.time_note,
            room=e.room,
            track=e.track,
            abstract=e.abstract,
            description=e.description,
            speakers=e.speakers,
            links=e.links,
            source_id=e.guid or e.native_id or None,
            source_line=e.source_line,
        )
        for event_id, e in zip(ids, events, strict=True)
    ]
    # Sorted by instant: datetimes of one zone compare by wall clock, which is wrong around a clock change.
    sessions.sort(key=lambda s: (s.start.astimezone(UTC), s.end.astimezone(UTC), s.room or "", s.title, s.id))
    conference = Conference(
        name=name,
        timezone=timezone,
        sessions=tuple(sessions),
        presentations=(),
        venue=venue,
        source_path=source,
        content_hash=hashlib.sha256(content).hexdigest(),
    )
    return conference, notes


def collect_event_notes(events: Iterable[RawEvent], source: str) -> list[Problem]:
    """One Note per distinct kind of remark (e.g. "ends after it starts"), naming how many events and the first."""
    grouped: dict[str, list[RawEvent]] = {}
    for event in events:
        for remark in dict.fromkeys(event.notes):  # a remark made for both start and end counts once
            grouped.setdefault(remark, []).append(event)
    notes: list[Problem] = []
    for remark, affected in grouped.items():
        first = affected[0]
        what = f"{first.title!r}" if len(affected) == 1 else f"{len(affected)} events (first: {first.title!r})"
        notes.append(Note(f"{what}: {remark}", source, first.source_line))
    return notes


def refuse_or_skip(problems: list[Problem], lenient: bool) -> None:
    """Refuse the file when events could not be read, unless the user asked for what can be read."""
    if problems and not lenient:
        count = counted(len(problems), "event")
        raise ConfplanError(
            *problems, Problem(f"{count} could not be read; pass --lenient to load the rest and skip them")
        )


# --- text ----------------------------------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """A field's text with line ends made LF and outer space removed; '' for missing values."""
    if type(value) is not str:  # text is by far the most common (700,000 calls for a 50,000-event schedule)
        if value is None or isinstance(value, bool):
            return ""
        if isinstance(value, dict):  # translated text, e.g. {"en": "…", "de": "…"}
            preferred = value.get("en") or next((v for v in value.values() if isinstance(v, str) and v), "")
            return clean_text(preferred)
        if not isinstance(value, str | int | float):
            return ""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    # JSON can escape half a character ("\ud800"); text holding one can be neither printed nor saved as UTF-8.
    if text.isascii() or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


_HTML_TAG = re.compile(r"</?(p|br|div|ul|ol|li|a|em|strong|b|i|h[1-6]|span|code|pre|blockquote)\b[^>]*>", re.I)


def plain_text(text: str) -> str:
    """Abstracts as readable plain text: HTML (as FOSDEM and frab publish it) becomes paragraphs and bullets.

    Markdown and plain text are left alone; nothing is ever interpreted as markup downstream.
    """
    return html_as_text(clean_text(text))


def html_as_text(text: str) -> str:
    """``plain_text`` of a text that ``clean_text`` has already cleaned."""
    if "<" not in text or not _HTML_TAG.search(text):  # the "in" is quicker than the search over a long abstract
        return text
    from confplan.formats.html_text import text_of_html  # html.parser: only for a schedule that holds HTML

    return text_of_html(text)


def join_paragraphs(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


# --- kinds ---------------------------------------------------------------------------------------------------

# Checked in order against the event's type (and, for some, its title); the first match wins.
_KIND_WORDS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.REGISTRATION, re.compile(r"registration|check-?in|badge pick", re.I)),
    (Kind.INVITED_TALK, re.compile(r"keynote|invited|plenary", re.I)),
    (Kind.WORKSHOP, re.compile(r"workshop|hands-?on|tutorial|sprint|\blab\b|training|hackathon", re.I)),
    (Kind.POSTER, re.compile(r"poster", re.I)),
    (Kind.ORAL, re.compile(r"\boral\b", re.I)),
    (Kind.SOCIAL, re.compile(r"social|party|reception|dinner|concert|game|music|performance|meetup|gathering", re.I)),
    (
        Kind.TALK,
        re.compile(r"talk|lecture|presentation|maintrack|devroom|panel|podium|discussion|session|bof|short|long", re.I),
    ),
    (Kind.OTHER, re.compile(r"break|lunch|coffee|other|misc|opening|closing|meeting|assembly", re.I)),
]


@lru_cache(maxsize=1024)  # a schedule uses a handful of type names, thousands of times each
def kind_from_type(type_name: str) -> Kind:
    """The model's kind for a format's event type ("lecture", "Workshop", "lightningtalk", …); a talk if unknown."""
    for kind, pattern in _KIND_WORDS:
        if pattern.search(type_name):
            return kind
    return Kind.TALK


def is_kind_word(word: str) -> bool:
    return any(pattern.search(word) for _, pattern in _KIND_WORDS)


# --- durations -----------------------------------------------------------------------------------------------

_ISO_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$", re.I)
EXPECTED_DURATION = "H:MM, HH:MM, D:HH:MM, HH:MM:SS, minutes or an ISO 8601 duration such as PT45M"


def parse_duration(value: object) -> timedelta | None:
    """A duration as schedules write it; None when it is missing.  Raises ValueError when it is unreadable.

    ``H:MM``/``HH:MM`` are hours and minutes.  Three parts are ``D:HH:MM`` (pretalx, for events of a day or more)
    when the first is an unpadded day count and the hours fit in a day, else ``HH:MM:SS`` (Pentabarf, FOSDEM).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"unreadable duration {value!r}; expected {EXPECTED_DURATION}")
    if isinstance(value, int | float):
        minutes = float(value)
    else:
        text = str(value).strip()
        parts = text.split(":")
        if not text:
            return None
        if all(p.isdigit() for p in parts) and len(parts) == 1:
            minutes = int(text)
        elif all(p.isdigit() for p in parts) and len(parts) == 2 and len(parts[1]) == 2:
            minutes = int(parts[0]) * 60 + int(parts[1])
        elif all(p.isdigit() for p in parts) and len(parts) == 3 and len(parts[1]) == len(parts[2]) == 2:
            first, second, third = (int(p) for p in parts)
            if len(parts[0]) == 1 and first > 0 and second < 24:
                minutes = first * 24 * 60 + second * 60 + third  # D:HH:MM
            else:
                minutes = first * 60 + second + third / 60  # HH:MM:SS
        elif match := _ISO_DURATION.match(text):
            d, h, m, s = (int(match[g] or 0) for g in "dhms")
            minutes = d * 24 * 60 + h * 60 + m + s / 60
        else:
            raise ValueError(f"unreadable duration {text!r}; expected {EXPECTED_DURATION}")
    if minutes < 0 or minutes > MAX_EVENT_LENGTH.total_seconds() / 60:
        raise ValueError(f"duration of {minutes:g} minutes is out of range")
    return timedelta(minutes=minutes)


def parse_clock(value: str) -> time:
    """``HH:MM`` or ``HH:MM:SS``; raises ValueError."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise ValueError(f"unreadable time {value.strip()!r}; expected HH:MM from 00:00 to 23:59")
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date and time, with or without an offset; raises ValueError."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        expected = "expected ISO 8601 like 2024-02-03T10:30:00+01:00"
        raise ValueError(f"unreadable date and time {text!r}; {expected}") from None
    return check_year(parsed, text)


def parse_date(value: str) -> date:
    text = value.strip()
    try:
        parsed = date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"unreadable date {text!r}; expected YYYY-MM-DD") from None
    return check_year(parsed, text)


#: Years a schedule can be about.  Far from datetime's limits (1 and 9999), so that moving a time to another zone
#: or adding a day or a duration to it can never overflow.
PLAUSIBLE_YEARS = range(1900, 2201)
#: No event of a conference lasts longer (and adding it to a plausible date can never overflow).
MAX_EVENT_LENGTH = timedelta(days=31)
_Dated = TypeVar("_Dated", date, datetime)


def check_year(value: _Dated, text: str) -> _Dated:
    """``value`` (read from ``text``), or ValueError when its year is not one a conference could be in."""
    if value.year not in PLAUSIBLE_YEARS:
        raise ValueError(f"the date {text!r} is out of range (years {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[-1]})")
    return value


# --- time zones and clock changes ----------------------------------------------------------------------------


def zone_or_none(name: str | None) -> ZoneInfo | None:
    """The zone a file names, or None when it names none or one that does not exist."""
    if not name or not name.strip():
        return None
    try:
        return zone_named(name)
    except ValueError:
        return None


@dataclass(frozen=True)
class ZoneChoice:
    zone: ZoneInfo
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.zone.key


def option_zone(name: str) -> ZoneInfo:
    """The zone that ``--timezone`` names, or the option's one clear message."""
    try:
        return zone_named(name)
    except ValueError as exc:
        raise ConfplanError(f"--timezone: {exc}") from None


def choose_zone(
    *,
    option: str | None,
    declared: str | None,
    offsets: Iterable[timedelta | None],
    what_declared: str,
    stated: Iterable[str] = (),
    venue: str = "",
) -> ZoneChoice:
    """The conference's zone: --timezone, else the one the file names, else one fitting its UTC offsets, else UTC.

    ``stated`` are the date-times the file gives with their offsets: when the offsets change during the event (a
    clock change), a real zone that gives every one of them (the venue's, when ``venue`` names its city) keeps
    each time at the wall-clock time the programme states; a fixed offset would show the times after the change
    an hour off."""
    notes: list[str] = []
    declared_zone = zone_or_none(declared)
    if declared and declared_zone is None:
        notes.append(f"the schedule's time zone {declared!r} ({what_declared}) is not a known IANA zone; ignored it")
    if option is not None:
        zone = option_zone(option)
        if declared_zone is not None and declared_zone.key != zone.key:
            notes.append(f"showing times in {zone.key} (--timezone), not in the schedule's own {declared_zone.key}")
        return ZoneChoice(zone, tuple(notes))
    if declared_zone is not None:
        return ZoneChoice(declared_zone, tuple(notes))
    seen = Counter(o for o in offsets if o is not None)
    venue_zone = zone_of_venue(venue)
    if not seen:
        if venue_zone is not None:
            notes.append(
                f"the schedule names no time zone and gives no UTC offsets; read its times in {venue_zone.key}, the "
                f"zone of its venue ({venue}); pass --timezone for another"
            )
            return ZoneChoice(venue_zone, tuple(notes))
        notes.append("the schedule gives no time zone and no UTC offsets; read its times as UTC (pass --timezone)")
        return ZoneChoice(ZoneInfo("UTC"), tuple(notes))
    if len(seen) > 1:
        fitting = zone_fitting(stated, venue)
        if fitting is not None:
            changes = ", then ".join(format_offset(o) for o in _offsets_in_time_order(stated))
            notes.append(
                f"the schedule names no time zone and its UTC offsets change ({changes}); showing every time as "
                f"stated, in {fitting.key}, a zone with exactly those offsets{_venue_words(fitting, venue)}; "
                "pass --timezone for the conference's own zone"
            )
            return ZoneChoice(fitting, tuple(notes))
    offset, _ = seen.most_common(1)[0]
    if len(seen) == 1 and venue_zone is not None and _has_the_stated_offsets(venue_zone, stated):
        notes.append(
            f"the schedule names no time zone; its times are at UTC offset {format_offset(offset)}, as in "
            f"{venue_zone.key}, the zone of its venue ({venue}): showing them there; pass --timezone for another"
        )
        return ZoneChoice(venue_zone, tuple(notes))
    fixed = fixed_offset_zone(offset)
    if fixed is None:
        notes.append(
            f"the schedule gives no time zone and its offset {format_offset(offset)} has no fixed-offset zone; "
            "showing times in UTC (pass --timezone)"
        )
        return ZoneChoice(ZoneInfo("UTC"), tuple(notes))
    also = "" if len(seen) == 1 else f" (it also uses {', '.join(format_offset(o) for o in seen if o != offset)})"
    notes.append(
        f"the schedule names no time zone; showing times at its UTC offset {format_offset(offset)}{also} as "
        f"{fixed.key}; pass --timezone for the conference's own zone"
    )
    return ZoneChoice(fixed, tuple(notes))


#: Regions whose zones are preferred, in this order, when several fit and the venue names none of them.
_REGIONS = ("Europe", "America", "Asia", "Australia", "Pacific", "Africa", "Atlantic", "Indian")


def _stated_moments(stated: Iterable[str]) -> list[datetime]:
    moments = []
    for text in set(stated):
        try:
            moment = parse_datetime(text) if text else None
        except ValueError:
            continue
        if moment is not None and moment.utcoffset() is not None:
            moments.append(moment)
    return moments


def _offsets_in_time_order(stated: Iterable[str]) -> list[timedelta]:
    ordered: list[timedelta] = []
    for moment in sorted(_stated_moments(stated), key=lambda m: m.astimezone(UTC)):
        offset = moment.utcoffset()
        if offset is not None and (not ordered or ordered[-1] != offset):
            ordered.append(offset)
    return ordered


def zone_fitting(stated: Iterable[str], venue: str = "") -> ZoneInfo | None:
    """A real (IANA) zone in which each of ``stated`` (ISO date-times with offsets) has the offset it states; the
    venue's city's zone when ``venue`` names one, else the first by region and name; None when no zone fits."""
    # The first and last moment at each offset say it all: offsets change a few times a year at most.
    bounds: dict[timedelta, tuple[datetime, datetime]] = {}
    for moment in _stated_moments(stated):
        offset = moment.utcoffset()
        assert offset is not None
        first, last = bounds.get(offset, (moment, moment))
        bounds[offset] = (min(first, moment), max(last, moment))
    checks = [(moment, offset) for offset, pair in bounds.items() for moment in pair]
    if not checks:
        return None
    fitting = [
        name
        for name in available_timezones()
        if name.split("/")[0] in _REGIONS
        and all(moment.astimezone(ZoneInfo(name)).utcoffset() == offset for moment, offset in checks)
    ]
    if not fitting:
        return None
    place = venue.casefold()
    named = [name for name in fitting if _city(name) in place] if place else []
    best = min(named or fitting, key=lambda name: (_REGIONS.index(name.split("/")[0]), name))
    return ZoneInfo(best)


def zone_of_venue(venue: str) -> ZoneInfo | None:
    """The zone whose city the venue names as a word ("ULB, Brussels": Europe/Brussels); None when it names none,
    or more than one."""
    place = venue.casefold()
    if not place:
        return None
    named = {
        name
        for name in available_timezones()
        if name.split("/")[0] in _REGIONS and re.search(rf"(?<!\w){re.escape(_city(name))}(?!\w)", place)
    }
    return ZoneInfo(named.pop()) if len(named) == 1 else None


def _has_the_stated_offsets(zone: ZoneInfo, stated: Iterable[str]) -> bool:
    moments = _stated_moments(stated)
    return bool(moments) and all(moment.astimezone(zone).utcoffset() == moment.utcoffset() for moment in moments)


def _city(zone_name: str) -> str:
    return zone_name.rsplit("/", 1)[-1].replace("_", " ").casefold()


def _venue_words(zone: ZoneInfo, venue: str) -> str:
    return f" (the venue's, {venue})" if venue and _city(zone.key) in venue.casefold() else ""


def fixed_offset_zone(offset: timedelta) -> ZoneInfo | None:
    """The IANA zone of a whole-hour fixed offset (``Etc/GMT-1`` is UTC+1: the sign is inverted by POSIX)."""
    if offset == timedelta(0):
        return ZoneInfo("UTC")
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest or not -12 <= hours <= 14:
        return None
    return ZoneInfo(f"Etc/GMT{-hours:+d}")


def format_offset(offset: timedelta | None) -> str:
    if offset is None:
        return "no offset"
    total = int(offset.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def localize(naive: datetime, zone: ZoneInfo) -> tuple[datetime, str]:
    """A wall-clock time in ``zone``, and a remark when a clock change makes it missing or doubled."""
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        return round_trip, (
            f"{naive:%H:%M} on {naive:%Y-%m-%d} does not exist in {zone.key} (the clocks go forward); "
            f"read as {round_trip:%H:%M}"
        )
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        return aware, (
            f"{naive:%H:%M} on {naive:%Y-%m-%d} happens twice in {zone.key} (the clocks go back); "
            "read as the first time"
        )
    return aware, ""


def add_elapsed(start: datetime, duration: timedelta) -> datetime:
    """``start`` plus real elapsed time (aware arithmetic in Python is wall-clock, wrong across clock changes)."""
    assert start.tzinfo is not None
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


@dataclass(frozen=True)
class StartParts:
    """The ways frab-style formats give an event's start: a full date-time and/or a day plus a clock time."""

    stated: str = ""  # <date> / "date": ISO date-time, usually with a UTC offset
    day: date | None = None  # the schedule day the event is listed under
    clock: str = ""  # <start> / "start": HH:MM on that schedule day
    day_change: time | None = None  # when a schedule day ends: earlier clock times are on the next calendar day


def resolve_start(parts: StartParts, zone: ZoneInfo) -> tuple[datetime, list[str], timedelta | None]:
    """The event's start in ``zone``, remarks for the user, and the offset the file stated (if any).

    An explicit offset wins over the zone: when the two disagree, the instant written with the offset is kept
    and a remark says so.  Raises ValueError when no start can be read.
    """
    wall: datetime | None = None
    wall_remark = ""
    if parts.clock and parts.day is not None:
        clock = parse_clock(parts.clock)
        day = parts.day
        if parts.day_change is not None and clock < parts.day_change:
            day = day + timedelta(days=1)  # after midnight, still listed under the previous schedule day
        wall, wall_remark = localize(datetime.combine(day, clock), zone)
    if parts.stated:
        stated = parse_datetime(parts.stated)
        if stated.tzinfo is None:
            moment, remark = localize(stated, zone)
            return moment, [remark] if remark else [], None
        moment = stated.astimezone(zone)
        offset, zone_offset = stated.utcoffset(), moment.utcoffset()
        clock_agrees = wall is not None and wall.time() == moment.time()
        remarks: list[str] = []
        if offset != zone_offset and not clock_agrees:
            remarks.append(
                f"its start {stated:%H:%M} {format_offset(offset)} disagrees with {zone.key} "
                f"({format_offset(zone_offset)} on that day); kept the time given with the explicit offset, "
                f"{moment:%H:%M} {zone.key}"
            )
        elif wall is not None and not clock_agrees:
            remarks.append(f"its start time {wall:%H:%M} and its full date {moment:%H:%M} disagree; kept the full date")
        return moment, remarks, offset
    if wall is not None:
        return wall, [wall_remark] if wall_remark else [], None
    raise ValueError("no start time")


def day_change_from(value: str) -> time | None:
    """A frab ``day_change`` ("04:00", "09:00:00"); None when absent, unreadable or midnight."""
    if not value.strip():
        return None
    try:
        clock = parse_clock(value)
    except ValueError:
        return None
    return clock if clock != time(0) else None


def timed_event_end(start: datetime, duration: timedelta | None) -> tuple[datetime, TimeSource, str]:
    """The end from a duration; a missing one makes a zero-length event marked as uncertain."""
    if duration is None:
        return start, TimeSource.INFERRED, "≈ the schedule gives no length; shown as ending when it starts"
    note = "the schedule gives a length of 00:00" if duration == timedelta(0) else ""
    return add_elapsed(start, duration), TimeSource.STATED, note


# --- links and names -----------------------------------------------------------------------------------------


def make_link(url: str, title: str = "", base_url: str = "") -> Link | None:
    """A link with an absolute URL (relative ones are resolved against the schedule's base URL), or None."""
    url = url.strip()
    if not url:
        return None
    if not urlsplit(url).scheme:
        if not base_url:
            return None
        url = urljoin(base_url if base_url.endswith("/") else base_url + "/", url)
    if urlsplit(url).scheme.lower() not in ("http", "https", "mailto", "ftp"):
        return None
    return Link(url, " ".join(title.split()))


def unique_links(links: Iterable[Link | None]) -> tuple[Link, ...]:
    seen: dict[str, Link] = {}
    for link in links:
        if link is not None and link.url not in seen:
            seen[link.url] = link
    return tuple(seen.values())


def stem_of(source: str) -> str:
    """A fallback conference name: the file name without its extension (works for paths and URLs)."""
    path = urlsplit(source).path if "://" in source else source
    return PurePosixPath(path.replace("\\", "/")).stem or "Conference"
