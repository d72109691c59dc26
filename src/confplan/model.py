"""The conference programme as plain, immutable data.

Every input format builds these objects; everything else (agenda, conflicts, UI, exports) reads them.
Nothing here knows about widgets, YAML or iCalendar.  All datetimes are aware and in the conference's
time zone.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confplan.text.clock import time_range
from confplan.text.titles import derive_title


class Kind(StrEnum):
    """What sort of thing an event is; decides how it may conflict with others."""

    REGISTRATION = "registration"
    INVITED_TALK = "invited talk"
    ORAL = "oral"
    POSTER = "poster"
    SOCIAL = "social"
    WORKSHOP = "workshop"
    TALK = "talk"  # a plain talk from a generic schedule (frab, pretalx, .ics)
    OTHER = "other"


#: Kinds one drifts in and out of (browse-able): overlapping them is never a hard clash.
BROWSEABLE_KINDS = frozenset({Kind.REGISTRATION, Kind.POSTER, Kind.SOCIAL})


class TimeSource(StrEnum):
    """How a start or end time was obtained, from most to least certain."""

    STATED = "stated"  # written in the source
    OVERRIDE = "override"  # given by the user in conference.yaml
    ESTIMATED = "estimated"  # an oral talk's slot inside its session, from the default slot length
    DEFAULT_DURATION = "default duration"  # an end computed from the default length of that kind of session
    INFERRED = "inferred"  # placed by its position in the programme

    @property
    def certain(self) -> bool:
        return self in (TimeSource.STATED, TimeSource.OVERRIDE)


_UNCERTAINTY = [
    TimeSource.STATED,
    TimeSource.OVERRIDE,
    TimeSource.ESTIMATED,
    TimeSource.DEFAULT_DURATION,
    TimeSource.INFERRED,
]


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """What sessions and presentations have in common: something at a time, maybe in a room."""

    id: str
    kind: Kind
    title: str
    start: datetime
    end: datetime
    start_source: TimeSource = TimeSource.STATED
    end_source: TimeSource = TimeSource.STATED
    time_note: str = ""  # how uncertain times were obtained, in words
    room: str | None = None
    track: str | None = None
    abstract: str = ""
    speakers: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    source_id: str | None = None  # the source format's own identifier (guid, event id, UID), if any
    source_line: int | None = None  # where the event starts in the source file

    @property
    def time_source(self) -> TimeSource:
        """The less certain of the start's and the end's source."""
        return max(self.start_source, self.end_source, key=_UNCERTAINTY.index)

    @property
    def time_is_certain(self) -> bool:
        return self.start_source.certain and self.end_source.certain

    @property
    def minutes(self) -> int:
        """Elapsed minutes; in UTC, because subtracting two times of one zone ignores a clock change between them."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


def time_span(event: Event, zone: tzinfo | None = None) -> str:
    """``10:00–≈11:30``: the event's times as everything in confplan writes them (``text.clock.time_range``)."""
    return time_range(event.start, event.end, event.start_source.certain, event.end_source.certain, zone)


def is_browseable(event: Event) -> bool:
    """Can one drop in and out of it?  A workshop is sat through, unless it is a poster session (ICLR's blog
    track is a "Workshop: … Poster Session")."""
    return event.kind in BROWSEABLE_KINDS or (event.kind is Kind.WORKSHOP and "poster" in event.title.casefold())


@dataclass(frozen=True, slots=True)
class Session(Event):
    """A block of the programme: an oral session, a poster session, a social, an invited talk…"""

    description: str = ""  # free text from the source (a bio, a note)
    presentation_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Presentation(Event):
    """One paper or talk inside a session."""

    session_id: str = ""
    position: int = 0  # 0-based order inside the session
    title_is_derived: bool = False  # the title was made from the abstract, not given by the source
    truncated: bool = False  # the source cut the abstract short
    also_presented_as: tuple[str, ...] = ()  # ids of the same paper elsewhere (oral <-> poster)
    paper_source: str = ""  # where the title and authors came from when a paper list named them ("openreview")
    decision: str = ""  # the paper's acceptance as its list states it ("notable top 5%"), from the paper list
    programme_title: str = ""  # with a paper's title: the title the programme alone gave (to compare picks by)

    @property
    def title_source(self) -> str:
        """Where the title comes from: the paper list's name ("openreview"), "first sentence" or "programme"."""
        if self.paper_source:
            return self.paper_source
        return "first sentence" if self.title_is_derived else "programme"


@dataclass(frozen=True)
class Conference:
    """A whole programme: its sessions and their presentations, looked up by id."""

    name: str
    timezone: str  # IANA name, e.g. Africa/Kigali
    sessions: tuple[Session, ...]
    presentations: tuple[Presentation, ...]
    venue: str = ""
    source_path: str = ""
    content_hash: str = ""  # sha256 of the schedule file, to tie agendas to the schedule they were made on
    _by_id: dict[str, Event] = field(init=False, repr=False, compare=False)
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_zone", zone_named(self.timezone))
        by_id: dict[str, Event] = {}
        for event in self.events():
            if event.id in by_id:
                raise ValueError(f"duplicate event id {event.id!r}")
            by_id[event.id] = event
        object.__setattr__(self, "_by_id", by_id)

    @property
    def zone(self) -> ZoneInfo:
        """The conference's time zone (``timezone`` as a zone, made once)."""
        return self._zone

    def events(self) -> Iterator[Event]:
        """Sessions and presentations in programme order: each session followed by its presentations."""
        by_id = {p.id: p for p in self.presentations}
        for session in self.sessions:
            yield session
            for pid in session.presentation_ids:
                yield by_id[pid]

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, event_id: str) -> Event | None:
        return self._by_id.get(event_id)

    def __getitem__(self, event_id: str) -> Event:
        return self._by_id[event_id]

    def find(self, id_prefix: str) -> list[Event]:
        """Events whose id starts with ``id_prefix`` (an exact id wins)."""
        wanted = id_prefix.strip().lower()
        if wanted in self._by_id:
            return [self._by_id[wanted]]
        return [e for i, e in self._by_id.items() if i.startswith(wanted)]

    def session_of(self, presentation: Presentation) -> Session:
        session = self._by_id[presentation.session_id]
        assert isinstance(session, Session)
        return session

    def presentations_of(self, session: Session) -> list[Presentation]:
        return [p for p in (self._by_id[i] for i in session.presentation_ids) if isinstance(p, Presentation)]

    @property
    def days(self) -> list[date]:
        return sorted({e.start.date() for e in self._by_id.values()})


def normalise_text(text: str) -> str:
    """Text reduced to what identifies it: NFKC, case-folded, whitespace collapsed, trailing ellipsis gone."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = " ".join(text.split())
    return text.rstrip("…").rstrip(".").strip()


def short_hash(*parts: str, length: int = 6) -> str:
    """A short, stable hexadecimal id from text parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def unique_ids(keys: Iterable[tuple[str, ...]], length: int = 6) -> list[str]:
    """Short ids for content keys: equal keys get an occurrence suffix, and ids that collide grow longer.

    Growing only the colliding ids keeps every other id unchanged when an item is added.
    """
    seen: dict[tuple[str, ...], int] = {}
    full: list[str] = []
    for key in keys:
        n = seen.get(key, 0)
        seen[key] = n + 1
        full.append(short_hash(*key, *(["#", str(n)] if n else []), length=64))
    ids = [h[:length] for h in full]
    while True:
        counts: dict[str, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        clashing = [k for k, i in enumerate(ids) if counts[i] > 1]
        if not clashing:
            return ids
        for k in clashing:
            ids[k] = full[k][: len(ids[k]) + 2]


@dataclass(frozen=True, slots=True)
class ListedPaper:
    """One paper of a reading list (or, for ``is_keywords``, a person's keywords standing in for one)."""

    title: str = ""  # "" when the listing gives none
    abstract: str = ""  # the full abstract, marker removed (may still be cut short); for keywords, the keywords
    authors: tuple[str, ...] = ()
    published: date | None = None
    venue: str = ""
    source: str = ""  # the file it was read from
    line: int = 0  # where its entry starts in that file (1-based)
    also_listed_at: tuple[str, ...] = ()  # "file:line" of the other entries that are the same paper
    is_keywords: bool = False

    @property
    def label(self) -> str:
        """A name to show: the title, else the abstract's first sentence, marked as made up."""
        if self.is_keywords:
            return "your keywords: " + self.abstract
        if self.title:
            return self.title
        if self.abstract:
            return f"{derive_title(self.abstract, width=80)} (untitled in the listing)"
        return "(empty entry)"

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    @property
    def text(self) -> str:
        """Everything the matching and ranking read: title and abstract."""
        return f"{self.title}\n{self.abstract}".strip()


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``; ValueError saying what was expected when there is none."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones ("America"), a huge name
        like = _zones_like(name.strip())
        hint = f"did you mean {like[0]}?" if like else "expected an IANA name such as Africa/Kigali"
        raise ValueError(f"unknown time zone {name!r} ({hint})") from None


def _zones_like(name: str) -> list[str]:
    """Zone names close to a mistyped one: "Kigali", "africa/kigali" and "Africa/Kigalli" all mean Africa/Kigali."""
    if not name or len(name) > 100:
        return []
    from difflib import get_close_matches  # only on this error path
    from zoneinfo import available_timezones

    by_folded: dict[str, str] = {}
    for zone in sorted(available_timezones()):  # sorted: the same suggestion every time
        by_folded.setdefault(zone.casefold(), zone)
        by_folded.setdefault(zone.rsplit("/", 1)[-1].casefold(), zone)  # the city alone
    folded = name.casefold().replace(" ", "_")
    if folded in by_folded:
        return [by_folded[folded]]
    return [by_folded[m] for m in get_close_matches(folded, list(by_folded), n=1, cutoff=0.8)]


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of a conference's paper list (OpenReview's accepted papers): what the programme may lack."""

    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    url: str = ""  # the paper's page (an OpenReview forum)
    decision: str = ""  # "poster", "notable top 5%", … as the list says it
