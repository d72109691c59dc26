"""frab / Pentabarf ``schedule.xml``: the programme format of frab, pretalx, wafer (DebConf) and FOSDEM.

Layout: ``<schedule><conference>…</conference><day date=…><room name=…><event id=… guid=…>`` with ``<date>``
(a full date-time, usually with a UTC offset), ``<start>`` (HH:MM on the schedule day), ``<duration>``,
``<room>``, ``<title>``, ``<subtitle>``, ``<track>``, ``<type>``, ``<abstract>``, ``<description>``,
``<persons><person>``, ``<links><link href=…>`` and ``<url>``.  Documents with a DOCTYPE are parsed with
defusedxml: those that declare entities or reach for external resources are refused.  Others are read as they are
parsed, a <day> at a time, so that a large schedule's whole element tree is never in memory.  docs/formats.md has
what is kept and how.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple, TypeVar, cast
from zoneinfo import ZoneInfo

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import (
    PLAUSIBLE_YEARS,
    LoadOptions,
    Note,
    RawEvent,
    StartParts,
    build_conference,
    choose_zone,
    collect_event_notes,
    day_change_from,
    html_as_text,
    join_paragraphs,
    kind_from_type,
    make_link,
    parse_date,
    parse_datetime,
    parse_duration,
    refuse_or_skip,
    resolve_start,
    stem_of,
    timed_event_end,
    unique_links,
)
from confplan.formats.conference_settings import ConferenceSettings
from confplan.model import Conference, Link, TimeSource

FORMAT_NAME = "frab-xml"

_ROOT = re.compile(r"<(?![?!])([\w:.-]+)")
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_ABSOLUTE_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)


def root_element_name(data: bytes) -> str | None:
    """The name of an XML document's first element, read from its beginning without parsing it."""
    head = data[:65536].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return None
    match = _ROOT.search(_COMMENTS.sub("", head))
    return match[1] if match else None


def recognises(data: bytes) -> bool:
    """Whether ``data`` is an XML document whose root element is ``<schedule>``."""
    return root_element_name(data) == "schedule"


def read(
    data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None = None
) -> tuple[Conference, list[Problem]]:
    """The registry's way in (``confplan.formats.registry``): the file says its own zone and year, so a
    conference.yaml's settings do not apply."""
    return parse_frab_xml(data, source, options)


def parse_frab_xml(data: bytes, source: str, options: LoadOptions) -> tuple[Conference, list[Problem]]:
    """Read a schedule.xml; raise ConfplanError on an unreadable or unsafe document."""
    document = _read_plain_document(data) or _read_carefully(data, source)
    if document.root_tag != "schedule":
        raise ConfplanError(
            Problem(f"the XML root element is <{document.root_tag}>; expected <schedule> (frab/Pentabarf)", source)
        )
    info = _ConferenceInfo(document.conference if document.conference is not None else ET.Element("conference"))

    listed = [
        (schedule_day, room_name, event)
        for number, day in enumerate(document.days, start=1)
        for schedule_day in [_ScheduleDay(day, info, number)]
        for room_name, event in day.events
    ]
    if not listed:
        raise ConfplanError(Problem("the schedule lists no events (no <day><room><event> elements)", source))
    # The zone: --timezone, else <time_zone_name>, else one that fits the offsets of the events' <date>s.
    offset_of = _memoised(_offset_of)
    zone = choose_zone(
        option=options.timezone,
        declared=info.text("time_zone_name"),
        offsets=[offset_of(event.date) for _, _, event in listed],
        what_declared="time_zone_name",
        stated=[event.date for _, _, event in listed],
        venue=", ".join(part for part in (info.text("venue"), info.text("city")) if part),
    )

    reader = _EventReader(zone.zone, info.base_url)
    events: list[RawEvent] = []
    problems: list[Problem] = []
    for day, room_name, event in listed:
        try:
            events.append(reader.raw_event(day, room_name, event))
        except ValueError as exc:
            problems.append(Problem(f"event {event.label}: {exc}", source, event.line))
    refuse_or_skip(problems, options.lenient)
    if not events:
        raise ConfplanError(*problems, Problem("no event could be read", source))

    name = options.name or info.text("title") or info.text("acronym") or stem_of(source)
    venue = ", ".join(part for part in (info.text("venue"), info.text("city")) if part)
    del document, listed, reader  # the texts read from the document live on in the events
    built, duplicates = build_conference(
        events, name=name, timezone=zone.name, source=source, content=data, venue=venue
    )
    notes: list[Problem] = [Note(n, source) for n in zone.notes]
    return built, [*problems, *notes, *duplicates, *collect_event_notes(events, source)]


# --- what the document lists ---------------------------------------------------------------------------------


class _ListedEvent(NamedTuple):
    """An <event>'s texts as the document gives them (cleaned, not yet interpreted), and where it starts.

    Only strings, so that the document's elements can be let go as soon as they are read."""

    line: int | None
    id: str  # the attributes, as given
    guid_attribute: str
    title: str
    date: str  # the children's texts ('' when missing)
    start: str
    duration: str
    room: str
    track: str
    type: str
    abstract: str
    description: str
    subtitle: str
    url: str
    guid: str
    persons: tuple[str, ...]
    links: tuple[tuple[str, str], ...]  # (href, text) of each <links><link> and <attachments><attachment>

    @property
    def label(self) -> str:
        return f"{self.id or self.guid_attribute or '?'} {self.title!r}"


class _ListedDay(NamedTuple):
    """A <day>'s attributes and its events (those of its rooms in order, then those directly in it), each with
    the name of the <room> it is listed in."""

    date: str
    start: str
    index_attribute: str  # "index", a name a tuple has already
    events: list[tuple[str, _ListedEvent]]


class _Document(NamedTuple):
    root_tag: str
    conference: ET.Element | None
    days: list[_ListedDay]


def _list_day(day: ET.Element, listing_of: Callable[[ET.Element], _ListedEvent]) -> _ListedDay:
    rooms = [(_clean(room.get("name")), room) for room in day.findall("room")] + [("", day)]
    events = [(room_name, listing_of(event)) for room_name, container in rooms for event in container.findall("event")]
    return _ListedDay(day.get("date") or "", day.get("start") or "", day.get("index") or "", events)


#: The children whose texts are listed, in the order of _ListedEvent's fields.
_TEXTS: tuple[str, ...] = ("title", "date", "start", "duration", "room", "track", "type", "abstract", "description")
_TEXTS += ("subtitle", "url", "guid")


def _list_event(event: ET.Element, line: int | None) -> _ListedEvent:
    first = {child.tag: child for child in reversed(event)}  # the first of each name wins, as Element.find finds
    texts: list[str] = []
    for tag in _TEXTS:  # _text of each, written out: this runs 12 times for each of 50,000 events
        child = first.get(tag)
        text = None if child is None else child.text if len(child) == 0 else "".join(child.itertext())
        texts.append("" if not text else text.strip() if "\r" not in text else _clean(text))
    title, date, start, duration, room, track, kind, abstract, description, subtitle, url, guid = texts
    return _ListedEvent(
        line,
        event.get("id") or "",
        event.get("guid") or "",
        title,
        date,
        start,
        duration,
        room,
        track,
        kind,
        abstract,
        description,
        subtitle,
        url,
        guid,
        _persons(event) if "persons" in first else (),
        _links(event) if "links" in first or "attachments" in first else (),
    )


def _clean(text: str | None) -> str:
    """``clean_text`` for text from expat, which never holds half a character (it refuses them as malformed)."""
    if not text:
        return ""
    if "\r" in text:  # only a &#13; reaches us as a CR: expat makes line ends LF
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _text(element: ET.Element | None) -> str:
    """The text of ``element`` (with any nested markup flattened), cleaned, or ''."""
    if element is None:
        return ""
    return _clean(element.text if len(element) == 0 else "".join(element.itertext()))


def _grandchildren(element: ET.Element, child: str, grandchild: str) -> list[ET.Element]:
    """``element.findall("child/grandchild")`` without ElementPath's Python machinery."""
    return [found for parent in element.findall(child) for found in parent.findall(grandchild)]


def _persons(event: ET.Element) -> tuple[str, ...]:
    names: list[str] = []
    for person in _grandchildren(event, "persons", "person"):
        if len(person) == 0:  # the usual <person id="1">Name</person>
            name = " ".join((person.text or "").split())
        else:  # some generators nest <name>/<public_name>
            name = " ".join((_text(person.find("public_name")) or _text(person.find("name")) or _text(person)).split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _links(event: ET.Element) -> tuple[tuple[str, str], ...]:
    return tuple(
        ((link.get("href") or "").strip(), _clean("".join(link.itertext())))
        for container, item in (("links", "link"), ("attachments", "attachment"))
        for link in _grandchildren(event, container, item)
    )


# --- reading the document safely ------------------------------------------------------------------------------


_EVENT_START_TAG = re.compile(rb"<event[\s/>]")
_FEED = 1 << 20


def _read_plain_document(data: bytes) -> _Document | None:
    """What the document lists, the fast way, for a document that cannot hold anything dangerous; None for any
    other document (which ``_read_carefully`` reads).

    Without a DOCTYPE a document cannot declare entities or refer to external ones, so the C parser of the
    standard library reads it as safely as defusedxml does, and several times faster: defusedxml runs a Python
    callback for every element (700,000 of them in a 50,000-event schedule), only to note line numbers.  Each
    <day> is listed and let go as soon as it ends, so that the whole tree (330 MB for 50,000 events) is never in
    memory at once; that assumes the <day>s are children of the root, which is checked at the end.

    The lines of the <event> elements are found by scanning the bytes for their start tags; the scan is used
    only when it finds exactly as many as the parser did (a comment or CDATA section holding "<event" would make
    them differ) and the file is in an encoding whose "<" and newline are those bytes.
    """
    head = data[:4]
    # (Entities can only be declared in a DOCTYPE: expat refuses an <!ENTITY anywhere else.)
    if b"\x00" in head or head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"<!DOCTYPE" in data:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone CR counts as a line end for expat, not for the scan
    lines = _event_lines(data)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    days: list[_ListedDay] = []
    day_elements: list[ET.Element] = []
    listed: dict[ET.Element, _ListedEvent] = {}  # the <event>s that ended since the last <day> did
    events_ended = 0
    element: ET.Element | None = None
    try:
        for start in range(0, len(data) + _FEED, _FEED):  # in pieces: expat copies what it is fed into its own buffer
            if start < len(data):
                parser.feed(data[start : start + _FEED])
            else:
                parser.close()
            # Only "end" events were asked for: each comes with its element.
            for _, element in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):
                tag = element.tag
                if tag == "event":
                    # Listed at once, while its elements are fresh in the processor's cache, then let go.  Events do
                    # not nest, so they end in the order they start, which is the order of the scan.
                    line = lines[events_ended] if events_ended < len(lines) else None
                    listed[element] = _list_event(element, line)
                    element.clear()
                    events_ended += 1
                elif tag == "day":
                    day = _list_day(element, listed.pop)
                    if listed:  # an <event> before this day but not in a day, or inside another event
                        return None
                    days.append(day)
                    day_elements.append(element)
                    element.clear()
    except Exception:  # not well-formed, an unknown encoding…: the careful way says where and why
        return None
    root = element  # the last element to end
    if root is None or events_ended != len(lines) or root.findall("day") != day_elements:
        return None  # the scan missed events, or a <day> is not where days go: the careful way lists it
    return _Document(root.tag, root.find("conference"), days)


def _event_lines(data: bytes) -> list[int]:
    """The line of each "<event" start tag in the bytes, in order."""
    lines: list[int] = []
    line, position = 1, 0
    for match in _EVENT_START_TAG.finditer(data):
        start = match.start()
        if data.find(b"\n", position, start) >= 0:  # (quicker than counting where there is none)
            line += data.count(b"\n", position, start)
        position = start
        lines.append(line)
    return lines


class _LineRecordingBuilder(ET.TreeBuilder):
    """Builds the tree like ElementTree does, and remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.expat is not None:
            self.lines[element] = self.expat.CurrentLineNumber
        return element


class _Declared(Exception):
    """A DTD declaration a schedule has no use for (its text says which)."""


def _refuse_declaration(what: str) -> Callable[..., None]:
    def refuse(*declaration: object) -> None:
        raise _Declared(what)

    return refuse


def _read_carefully(data: bytes, source: str) -> _Document:
    """What the document lists, read with defusedxml; entities and external references are refused."""
    builder = _LineRecordingBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    # Declared attributes get their defaults copied into every element (100 KB of defaults × 50,000 elements is
    # 5 GB from a 0.3 MB file), and declared elements mean nothing to a schedule: refused at the declaration.
    parser.parser.AttlistDeclHandler = _refuse_declaration("attributes (<!ATTLIST …>)")
    parser.parser.ElementDeclHandler = _refuse_declaration("elements (<!ELEMENT …>)")
    try:
        parser.feed(data)
        root = parser.close()
    except _Declared as exc:
        raise ConfplanError(
            Problem(
                f"refused: the XML's DTD declares {exc}, which a schedule never needs and which can make every "
                "element carry copies of long default values",
                source,
                builder.expat.CurrentLineNumber,
            )
        ) from None
    except defusedxml.EntitiesForbidden:
        raise ConfplanError(
            Problem(
                "refused: the XML declares entities (<!ENTITY …>), which schedules never need and which are used "
                "for attacks (entity expansion bombs, reading local files)",
                source,
                builder.expat.CurrentLineNumber,
            )
        ) from None
    except defusedxml.DefusedXmlException:
        raise ConfplanError(
            Problem(
                "refused: the XML refers to external resources (DTD or entities), which confplan never loads",
                source,
                builder.expat.CurrentLineNumber,
            )
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise ConfplanError(Problem(f"not well-formed XML ({message})", source, line, column + 1)) from None
    except (LookupError, ValueError) as exc:  # expat asks Python for the declared encoding: unknown or multi-byte
        raise ConfplanError(
            Problem(f"the XML declares an encoding that cannot be read ({exc}); expected UTF-8", source, 1)
        ) from None
    days = [_list_day(day, lambda event: _list_event(event, builder.lines.get(event))) for day in root.findall("day")]
    return _Document(root.tag, root.find("conference"), days)


# --- interpreting what is listed ------------------------------------------------------------------------------


class _ConferenceInfo:
    def __init__(self, element: ET.Element) -> None:
        self.element = element
        self.day_change = day_change_from(self.text("day_change"))
        self.base_url = self.text("base_url")
        try:
            self.start: date | None = parse_date(self.text("start")) if self.text("start") else None
        except ValueError:
            self.start = None

    def text(self, tag: str) -> str:
        return _text(self.element.find(tag))


class _ScheduleDay:
    """What a <day> says about the events listed in it: their calendar day, and when that day's schedule ends."""

    def __init__(self, day: _ListedDay, info: _ConferenceInfo, number: int) -> None:
        self.date = _day_date(day, info, number)
        # Without a day_change, a day's own start time tells when its schedule day begins.
        self.day_change = info.day_change
        if self.day_change is None and day.start:
            try:
                self.day_change = day_change_from(f"{parse_datetime(day.start):%H:%M}")
            except ValueError:
                self.day_change = None


def _day_date(day: _ListedDay, info: _ConferenceInfo, number: int) -> date | None:
    for value in (day.date, day.start):
        if value.strip():
            try:
                return parse_date(value)
            except ValueError:
                continue
    if info.start is None:
        return None
    # The day's index (else its place in the document) counted from the conference's first day, if in range.
    index = int(day.index_attribute) if day.index_attribute.isdecimal() and len(day.index_attribute) < 10 else number
    try:
        found = info.start + timedelta(days=index - 1)
    except OverflowError:
        return None
    return found if found.year in PLAUSIBLE_YEARS else None


_T = TypeVar("_T")


def _memoised(function: Callable[[str], _T]) -> Callable[[str], _T]:
    """``function`` remembering its result for each text (a schedule repeats its times and lengths thousands of
    times); exceptions are not remembered: the text is read again, and raises again."""
    results: dict[str, _T] = {}

    def remembering(text: str) -> _T:
        try:
            return results[text]
        except KeyError:
            result = results[text] = function(text)
            return result

    return remembering


def _offset_of(stated: str) -> timedelta | None:
    if not stated:
        return None
    try:
        return parse_datetime(stated).utcoffset()
    except ValueError:
        return None


class _EventReader:
    """Turns listed events into RawEvents, working out each distinct start, length and end only once."""

    def __init__(self, zone: ZoneInfo, base_url: str) -> None:
        self.zone = zone
        self.base_url = base_url
        self.starts: dict[tuple[str, date | None, str, time | None], tuple[datetime, tuple[str, ...]]] = {}
        self.ends: dict[tuple[tuple[object, ...], str], tuple[datetime, TimeSource, str]] = {}
        self.duration = _memoised(parse_duration)

    def raw_event(self, day: _ScheduleDay, room_name: str, event: _ListedEvent) -> RawEvent:
        """Raises ValueError when a value cannot be read."""
        start_key = (event.date, day.date, event.start, day.day_change)
        try:
            start, remarks = self.starts[start_key]
        except KeyError:
            parts = StartParts(stated=event.date, day=day.date, clock=event.start, day_change=day.day_change)
            start, found_remarks, _ = resolve_start(parts, self.zone)
            start, remarks = self.starts[start_key] = start, tuple(found_remarks)
        end_key = (start_key, event.duration)
        try:
            end, end_source, end_note = self.ends[end_key]
        except KeyError:
            end, end_source, end_note = self.ends[end_key] = timed_event_end(start, self.duration(event.duration))
        abstract = html_as_text(event.abstract)
        description = html_as_text(event.description)
        if not abstract:  # many generators (wafer, FOSDEM) fill only the description
            abstract, description = description, ""
        elif description == abstract:
            description = ""
        return RawEvent(
            event.title or "(untitled)",
            start,
            end,
            kind_from_type(event.type),
            guid=(event.guid_attribute or event.guid).strip(),
            native_id=event.id.strip(),
            end_source=end_source,
            time_note=end_note,
            room=event.room or room_name or None,
            track=event.track or None,
            abstract=abstract,
            description=join_paragraphs(event.subtitle, description) if event.subtitle else description,
            speakers=event.persons,
            links=self.links(event) if event.url or event.links else (),
            source_line=event.line,
            notes=list(remarks),
        )

    def links(self, event: _ListedEvent) -> tuple[Link, ...]:
        links = [make_link(event.url, "Event page", self.base_url)]
        for href, text in event.links:
            if href:
                links.append(make_link(href, text, self.base_url))
            elif _ABSOLUTE_URL.match(text):  # no href: some generators put the address in the text
                links.append(make_link(text))
        return unique_links(links)
