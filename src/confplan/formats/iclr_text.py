"""The ICLR-site programme text: session header lines, ``[ Room ]`` lines and one-line abstracts.

The text states only each session's start (no year, no zone, no ends, no talk times); the rest comes from
conference.yaml and is marked with how it was obtained.  docs/formats.md describes the format and its ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import MAX_EVENT_LENGTH, LoadOptions
from confplan.formats.conference_settings import ConferenceSettings, TimeOverride
from confplan.model import (
    Conference,
    Kind,
    Presentation,
    Session,
    TimeSource,
    normalise_text,
    unique_ids,
)
from confplan.text.titles import derive_title

FORMAT_NAME = "iclr-text"

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# `<kind>[: <title>] <Dow> <D> <Mon> <hh:mm> a.m.|p.m.`; deliberately loose so that a near-miss
# (unknown month, bad time) is reported precisely instead of being read as text.
_HEADER = re.compile(
    r"^(?P<head>\S.*?)\s+(?P<dow>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+"
    r"(?P<time>\d{1,2}(?::\d{1,2})?)\s*(?P<ampm>[aApP]\.?\s?[mM]\.?)?$"
)
# Lines that can only be meant as session headers; if _HEADER does not match them, they are broken.
_HEADER_START = re.compile(r"^(Oral \d+ Track \d+|Poster Session \d+)\b|^(Registration Desk|Social|Workshop):")
_INVITED = re.compile(r"^Invited Talk:\s*(?P<speaker>.+?)\s*$")
_ROOM = re.compile(r"^\[\s*(?P<room>[^\[\]]*?)\s*\]$")
_BIO = re.compile(r"^Bio\s*:\s*(?P<rest>.*)$")

_KINDS = [
    (re.compile(r"^Registration Desk\b"), Kind.REGISTRATION, "registration"),
    (re.compile(r"^Oral \d+ Track \d+\b"), Kind.ORAL, "oral session"),
    (re.compile(r"^Poster Session \d+\b"), Kind.POSTER, "poster session"),
    (re.compile(r"^Social\b"), Kind.SOCIAL, "social"),
    (re.compile(r"^Workshop\b"), Kind.WORKSHOP, "workshop"),
    (re.compile(r"^Invited Talk\b"), Kind.INVITED_TALK, "invited talk"),
]
_HAS_ROOMS = {Kind.ORAL, Kind.POSTER, Kind.WORKSHOP}
EXPECTED_HEADER = "'<kind>[: <title>] <Dow> <D> <Mon> <hh:mm> a.m.|p.m.', e.g. 'Poster Session 3 Tue 2 May 11:30 a.m.'"


@dataclass
class _RawTalk:
    room: str
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _RawSession:
    kind: Kind
    duration_key: str
    head: str  # the header without its date and time
    line: int
    start: datetime | None  # None for invited talks, which the text does not time
    speaker: str = ""
    title: str = ""
    text: list[str] = field(default_factory=list)  # abstract of an invited talk, else free text
    bio: list[str] = field(default_factory=list)
    talks: list[_RawTalk] = field(default_factory=list)
    in_bio: bool = False
    weekday_mismatch: str = ""  # set when the header's weekday does not fit its date in the configured year


def looks_like_iclr_text(text: str) -> bool:
    """Whether ``text`` is in this format: a session header within its first lines."""
    lines = source_lines(text[:20000])[:50]
    return any(_HEADER.match(line.strip()) and _HEADER_START.match(line.strip()) for line in lines)


def recognises(data: bytes) -> bool:
    """Whether the start of ``data`` reads like ICLR programme text."""
    return looks_like_iclr_text(data[:20000].decode("utf-8", errors="replace"))


def read(
    data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None
) -> tuple[Conference, list[Problem]]:
    """The registry's way in (``confplan.formats.registry``): the text has no zone or year, ``settings`` (from
    conference.yaml or the options) must give them."""
    if settings is None:
        raise ConfplanError(Problem("the programme gives no time zone; pass --timezone and --year", source))
    return parse_iclr_text(decode_text(data, source), settings, source, options.lenient, content=data)


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text, or one clear error for a file that is not text.

    A stray NUL or escape inside an abstract is data (shown visibly later); a file made mostly of control
    bytes is not a programme.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfplanError(
            Problem(
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); expected a programme as UTF-8 text",
                where,
                line,
            )
        ) from None
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f")
    if controls > max(2, len(sample) // 20):  # one in twenty: no programme, however many escapes it quotes
        raise ConfplanError(
            Problem(
                f"this is not a text file ({controls:,} of its first {len(sample):,} characters are control "
                "characters); expected a programme as UTF-8 text",
                where,
            )
        )
    return text


def parse_iclr_text(
    text: str,
    settings: ConferenceSettings,
    path: str = "",
    lenient: bool = False,
    content: bytes | None = None,
) -> tuple[Conference, list[Problem]]:
    """Build the conference from programme text.

    Returns the conference and the problems that were skipped (only in lenient mode; otherwise any
    problem raises ConfplanError listing all of them).
    """
    sessions, problems = _scan(text, settings, path, lenient)
    if problems and not lenient:
        raise ConfplanError(*problems)
    if not sessions:
        raise ConfplanError(
            *problems, Problem(f"no sessions found; expected header lines like {EXPECTED_HEADER}", path)
        )
    if all(s.start is None for s in sessions):
        raise ConfplanError(Problem("no session has a time, so nothing can be placed in the day", path))
    conference = _build(sessions, settings, path, content if content is not None else text.encode("utf-8"))
    return conference, problems


# --- reading lines -------------------------------------------------------------------------------------------


def source_lines(text: str) -> list[str]:
    """The text's lines, split at LF, CRLF or CR only (str.splitlines also splits at U+2028 and friends,
    which would shift every line number after them)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _scan(text: str, settings: ConferenceSettings, path: str, lenient: bool) -> tuple[list[_RawSession], list[Problem]]:
    sessions: list[_RawSession] = []
    problems: list[Problem] = []
    current: _RawSession | None = None
    talk: _RawTalk | None = None
    skipping_from: int | None = None  # lenient: first line of a block whose header was unreadable

    def skip_block_end(end_line: int) -> None:
        nonlocal skipping_from
        if lenient and skipping_from is not None and end_line > skipping_from:
            span = f"line {skipping_from}" if end_line == skipping_from + 1 else f"lines {skipping_from}–{end_line - 1}"
            problems.append(
                Problem(
                    f"{span} skipped: they belong to the session above whose header could not be read",
                    path,
                    skipping_from,
                )
            )
        skipping_from = None

    lines = source_lines(text)
    wrong_weekdays: list[tuple[int, str]] = []
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.strip()
        header = _HEADER.match(line)
        invited = _INVITED.match(line)
        if header:
            skip_block_end(number)
            try:
                current = _session_from_header(header, settings, path, number)
                if current.weekday_mismatch:
                    wrong_weekdays.append((number, current.weekday_mismatch))
            except ConfplanError as exc:
                problems.extend(exc.problems)
                current, talk, skipping_from = None, None, number + 1
                continue
            sessions.append(current)
            talk = None
        elif invited:
            skip_block_end(number)
            current = _RawSession(Kind.INVITED_TALK, "invited talk", line, number, None, speaker=invited["speaker"])
            sessions.append(current)
            talk = None
        elif _HEADER_START.match(line):
            skip_block_end(number)
            problems.append(Problem(f"broken session header {_clip(line)!r}: expected {EXPECTED_HEADER}", path, number))
            current, talk, skipping_from = None, None, number + 1
        elif skipping_from is not None:
            continue
        elif room := _ROOM.match(line):
            if current is None or current.kind not in _HAS_ROOMS:
                where = "before any session" if current is None else f"inside a {current.kind} session"
                problems.append(
                    Problem(
                        f"room line {line!r} {where}: room lines may only start a "
                        "presentation in an oral or poster session",
                        path,
                        number,
                    )
                )
                continue
            talk = _RawTalk(room["room"], number)
            current.talks.append(talk)
        elif not line:
            continue
        elif talk is not None:
            if line == "Abstract" and not talk.lines:  # a stray heading the site left before one abstract
                continue
            talk.lines.append(line)
        elif current is not None:
            _add_session_text(current, line)
        else:
            problems.append(
                Problem(
                    f"text before the first session header: {_clip(line)!r}; expected a header like {EXPECTED_HEADER}",
                    path,
                    number,
                )
            )
    skip_block_end(len(lines) + 1)
    if wrong_weekdays:
        first_line, first = wrong_weekdays[0]
        problems.append(
            Problem(
                f"{len(wrong_weekdays)} session header(s) name a weekday that does not fit the year "
                f"{settings.year} (first: {first}); set the right year",
                path,
                first_line,
            )
        )
    return sessions, problems


def _add_session_text(session: _RawSession, line: str) -> None:
    if session.kind is not Kind.INVITED_TALK:
        session.text.append(line)
        return
    if bio := _BIO.match(line):
        session.in_bio = True
        if bio["rest"]:
            session.bio.append(bio["rest"])
    elif session.in_bio:
        session.bio.append(line)
    elif not session.title and not session.text and _looks_like_title(line):
        session.title = line
    else:
        session.text.append(line)


def _looks_like_title(line: str) -> bool:
    """An invited talk's title line is short and is not a sentence; the abstract that follows is long."""
    return len(line) <= 160 and not line.endswith(".")


def _session_from_header(match: re.Match[str], settings: ConferenceSettings, path: str, number: int) -> _RawSession:
    head = match["head"]
    kind, duration_key = Kind.OTHER, "other"
    for pattern, candidate, key in _KINDS:
        if pattern.match(head):
            kind, duration_key = candidate, key
            break
    start = _header_datetime(match, settings, path, number)
    session = _RawSession(kind, duration_key, head, number, start)
    if _DAYS.index(match["dow"][:3].lower()) != start.weekday():
        session.weekday_mismatch = f"{match['dow']} {match['day']} {match['month']} {start.year} is a {start:%A}"
    if kind is Kind.INVITED_TALK:
        session.speaker = head.partition(":")[2].strip()
    return session


def _header_datetime(match: re.Match[str], settings: ConferenceSettings, path: str, number: int) -> datetime:
    def fail(message: str) -> ConfplanError:
        return ConfplanError(Problem(message, path, number))

    dow, month_name, clock = match["dow"], match["month"], match["time"]
    if dow[:3].lower() not in _DAYS:
        raise fail(f"unknown day of the week {dow!r} (expected Mon, Tue, … Sun)")
    if month_name[:3].lower() not in _MONTHS or (len(month_name) > 3 and not _is_full_month(month_name)):
        raise fail(f"unknown month {month_name!r} (expected Jan, Feb, … Dec)")
    if settings.year is None:
        raise fail("the programme gives no year; set 'year' in conference.yaml or pass --year")
    month = _MONTHS.index(month_name[:3].lower()) + 1
    hour_text, _, minute_text = clock.partition(":")
    hour, minute = int(hour_text), int(minute_text or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12 or minute > 59:
            raise fail(f"bad time {clock} {match['ampm']} (expected hh:mm from 01:00 to 12:59 with a.m./p.m.)")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif hour > 23 or minute > 59:
        raise fail(f"bad time {clock} (expected hh:mm, 00:00 to 23:59)")
    try:
        day = date(settings.year, month, int(match["day"]))
    except ValueError:
        raise fail(f"no such date: {match['day']} {month_name} {settings.year}") from None
    return datetime.combine(day, time(hour, minute), settings.zone)


def _is_full_month(name: str) -> bool:
    full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
    ]
    return name.lower() in full


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- building the model --------------------------------------------------------------------------------------


def _build(raw: list[_RawSession], settings: ConferenceSettings, path: str, content: bytes) -> Conference:
    keys: list[tuple[str, ...]] = []
    for s in raw:
        keys.append(("session", normalise_text(s.head), s.start.date().isoformat() if s.start else s.speaker))
        keys.extend(_presentation_keys(s))
    ids = iter(unique_ids(keys))

    times = _session_times(raw, settings)
    sessions: list[Session] = []
    presentations: list[Presentation] = []
    for s, timing in zip(raw, times, strict=True):
        session_id = next(ids)
        if override := settings.overrides.get(session_id):
            timing = timing.corrected(override)
        track = _track_of(s)
        talks: list[Presentation] = []
        slot = timedelta(minutes=_minutes(settings, "oral talk"))
        for position, t in enumerate(s.talks):
            talk_id = next(ids)
            abstract = "\n".join(t.lines)
            talk_timing = timing
            if s.kind is Kind.ORAL:
                talk_timing = Timing(
                    timing.start + position * slot,
                    timing.start + (position + 1) * slot,
                    TimeSource.ESTIMATED,
                    TimeSource.ESTIMATED,
                    f"≈ estimated: talk {position + 1} of {len(s.talks)}, in a {slot.seconds // 60}-minute "
                    "slot from the session start (the programme gives no talk times)",
                )
            if override := settings.overrides.get(talk_id):
                talk_timing = talk_timing.corrected(override)
            word = "talk" if s.kind is Kind.ORAL else "poster"
            short_head = s.head.partition(":")[0]
            talks.append(
                Presentation(
                    id=talk_id,
                    kind=Kind.ORAL if s.kind is Kind.ORAL else Kind.POSTER if s.kind is Kind.POSTER else s.kind,
                    title=derive_title(abstract) if abstract else f"{short_head} · {word} {position + 1} (no abstract)",
                    title_is_derived=True,
                    start=talk_timing.start,
                    end=talk_timing.end,
                    start_source=talk_timing.start_source,
                    end_source=talk_timing.end_source,
                    time_note=talk_timing.note,
                    room=t.room or None,
                    track=track,
                    abstract=abstract,
                    truncated=abstract.rstrip().endswith(("…", "...")),
                    source_line=t.line,
                    session_id=session_id,
                    position=position,
                )
            )
        rooms = {t.room for t in talks if t.room}
        sessions.append(
            Session(
                id=session_id,
                kind=s.kind,
                title=_session_title(s),
                start=timing.start,
                end=timing.end,
                start_source=timing.start_source,
                end_source=timing.end_source,
                time_note=timing.note,
                room=rooms.pop() if len(rooms) == 1 else None,
                track=track,
                abstract="\n".join(s.text) if s.kind is Kind.INVITED_TALK else "",
                description="\n".join(s.bio if s.kind is Kind.INVITED_TALK else s.text),
                speakers=(s.speaker,) if s.speaker else (),
                source_line=s.line,
                presentation_ids=tuple(t.id for t in talks),
            )
        )
        presentations.extend(talks)

    _check_overrides(settings, {s.id for s in sessions} | {p.id for p in presentations}, path)
    _check_overridden_lengths([*sessions, *presentations], settings, path)
    return Conference(
        name=settings.name or Path(path).stem or "Conference",
        timezone=settings.timezone,
        venue=settings.venue,
        sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.source_line or 0))),
        presentations=tuple(_link_same_papers(presentations)),
        source_path=path,
        content_hash=hashlib.sha256(content).hexdigest(),
    )


def _presentation_keys(session: _RawSession) -> list[tuple[str, ...]]:
    """What identifies each presentation: its session and abstract.

    A presentation without an abstract is identified by its room and its place after the nearest presentation
    before it that has one, so that adding or removing presentations elsewhere does not change its id.
    """
    head = normalise_text(session.head)
    keys: list[tuple[str, ...]] = []
    anchor, since_anchor = "", 0
    for talk in session.talks:
        abstract = normalise_text(" ".join(talk.lines))
        if abstract:
            keys.append(("presentation", head, abstract))
            anchor, since_anchor = abstract, 0
        else:
            since_anchor += 1
            keys.append(("presentation", head, talk.room, "after", anchor, str(since_anchor)))
    return keys


@dataclass(frozen=True)
class Timing:
    """When an event is, how each end was obtained, and the note that says so."""

    start: datetime
    end: datetime
    start_source: TimeSource
    end_source: TimeSource
    note: str

    def corrected(self, override: TimeOverride) -> Timing:
        """This timing with conference.yaml's correction: a new start keeps the length unless an end is given."""
        start, end, start_source, end_source = self.start, self.end, self.start_source, self.end_source
        if override.start is not None:
            start, start_source = override.start, TimeSource.OVERRIDE
            if override.end is None:
                end = start + (self.end - self.start)
        if override.end is not None:
            end, end_source = override.end, TimeSource.OVERRIDE
        certain = start_source.certain and end_source.certain
        note = "time corrected in conference.yaml" + ("" if certain else f"; {self.note}")
        return Timing(start, end, start_source, end_source, note)


def _session_times(raw: list[_RawSession], settings: ConferenceSettings) -> list[Timing]:
    """When each session is, in file order."""
    result: list[Timing] = []
    for index, s in enumerate(raw):
        length = settings.durations.get(s.duration_key, settings.durations["other"])
        if s.start is not None:
            end, how = _end_from(s.start, length)
            note = f"≈ start as stated; end estimated: {how} (our estimate, not the organisers')"
            result.append(Timing(s.start, end, TimeSource.STATED, TimeSource.DEFAULT_DURATION, note))
            continue
        # An untimed session (an invited talk) ends when the next timed session starts.
        following = next((r for r in raw[index + 1 :] if r.start is not None), None)
        minutes = length if isinstance(length, int) else 60
        if following is not None and following.start is not None:
            end = following.start
            start = end - timedelta(minutes=minutes)
            note = (
                f"≈ inferred from its place in the programme: ends when '{_clip(following.head, 50)}' "
                f"starts at {end:%H:%M}, and lasts the default {minutes} min"
            )
        else:
            start = max(r.end for r in result)
            end = start + timedelta(minutes=minutes)
            note = (
                f"≈ inferred from its place in the programme: starts after the session before it ends "
                f"({start:%H:%M}), and lasts the default {minutes} min"
            )
        result.append(Timing(start, end, TimeSource.INFERRED, TimeSource.INFERRED, note))
    return result


def _end_from(start: datetime, length: int | time) -> tuple[datetime, str]:
    if isinstance(length, time):
        end = datetime.combine(start.date(), length, start.tzinfo)
        if end > start:
            return end, f"open until {length:%H:%M}"
        length = 60
    return start + timedelta(minutes=length), f"default length of {length} min"


def _minutes(settings: ConferenceSettings, key: str) -> int:
    value = settings.durations[key]
    return value if isinstance(value, int) else 10


def _check_overrides(settings: ConferenceSettings, known: set[str], path: str) -> None:
    unknown = sorted(set(settings.overrides) - known)
    if unknown:
        raise ConfplanError(
            Problem(
                f"overrides: no session or presentation has the id {', '.join(unknown)} "
                "(ids come from `confplan list`)",
                _settings_path(path),
            )
        )


def _check_overridden_lengths(events: list[Session | Presentation], settings: ConferenceSettings, path: str) -> None:
    """An override may move one end only: the other follows or stays, and the result must still be an event."""
    for event in events:
        override = settings.overrides.get(event.id)
        length = event.end - event.start
        if override is not None and not timedelta(0) <= length <= MAX_EVENT_LENGTH:
            raise ConfplanError(
                Problem(
                    f"overrides: {event.id} would then run from {event.start:%Y-%m-%d %H:%M} to "
                    f"{event.end:%Y-%m-%d %H:%M}; an event ends after it starts and lasts at most 31 days",
                    _settings_path(path),
                    override.line,
                )
            )


def _settings_path(path: str) -> str:
    return str(Path(path).parent / "conference.yaml") if path else "conference.yaml"


def _track_of(s: _RawSession) -> str | None:
    if s.kind is Kind.ORAL:
        return s.head.partition(":")[2].strip() or s.head
    return None


def _session_title(s: _RawSession) -> str:
    if s.kind is Kind.INVITED_TALK:
        return s.title or f"Invited talk by {s.speaker}"
    return s.head


def _link_same_papers(presentations: list[Presentation]) -> list[Presentation]:
    """Link each oral to the poster of the same paper (same abstract) and back; posters take the oral's track."""
    posters: dict[str, list[Presentation]] = {}
    for p in presentations:
        if p.kind is Kind.POSTER and p.abstract:
            posters.setdefault(normalise_text(p.abstract), []).append(p)
    links: dict[str, list[str]] = {}
    tracks: dict[str, str] = {}
    for p in presentations:
        if p.kind is not Kind.ORAL or not p.abstract:
            continue
        for twin in posters.get(normalise_text(p.abstract), []):
            links.setdefault(p.id, []).append(twin.id)
            links.setdefault(twin.id, []).append(p.id)
            if p.track:
                tracks.setdefault(twin.id, p.track)
    return [
        replace(p, also_presented_as=tuple(links[p.id]), track=p.track or tracks.get(p.id)) if p.id in links else p
        for p in presentations
    ]
