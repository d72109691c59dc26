"""frab / Pentabarf ``schedule.xml``: the programme format of frab, pretalx, wafer (DebConf) and FOSDEM.

Layout: ``<schedule><conference>…</conference><day date=…><room name=…><event id=… guid=…>`` with ``<date>``
(a full date-time, usually with a UTC offset), ``<start>`` (HH:MM on the schedule day), ``<duration>``,
``<room>``, ``<title>``, ``<subtitle>``, ``<track>``, ``<type>``, ``<abstract>``, ``<description>``,
``<persons><person>``, ``<links><link href=…>`` and ``<url>``.  Parsed with defusedxml: documents that declare
entities or reach for external resources are refused.  docs/formats.md has what is kept and how.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import (
    ImportOptions,
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
from confplan.model import Conference

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


def parse_frab_xml(data: bytes, source: str, options: ImportOptions) -> tuple[Conference, list[Problem]]:
    """Read a schedule.xml; raise ConfplanError on an unreadable or unsafe document."""
    root, lines = _parse_safely(data, source)
    if root.tag != "schedule":
        raise ConfplanError(
            Problem(f"the XML root element is <{root.tag}>; expected <schedule> (frab/Pentabarf)", source)
        )
    conference = root.find("conference")
    info = _ConferenceInfo(conference if conference is not None else ET.Element("conference"))

    listed = list(_listed_events(root, info, source, lines))
    if not listed:
        raise ConfplanError(Problem("the schedule lists no events (no <day><room><event> elements)", source))
    # The zone: --timezone, else <time_zone_name>, else one that fits the offsets of the events' <date>s.
    offsets = [_offset_of(item.parts.stated) for item in listed]
    zone = choose_zone(
        option=options.timezone, declared=info.text("time_zone_name"), offsets=offsets, what_declared="time_zone_name"
    )

    events: list[RawEvent] = []
    problems: list[Problem] = []
    for item in listed:
        try:
            events.append(item.to_raw(zone.zone))
        except ValueError as exc:
            problems.append(Problem(f"event {item.label}: {exc}", source, item.line))
        item.element.clear()  # read: its children can go, so that the tree shrinks as the events grow
    refuse_or_skip(problems, options.lenient)
    if not events:
        raise ConfplanError(*problems, Problem("no event could be read", source))

    name = options.name or info.text("title") or info.text("acronym") or stem_of(source)
    venue = ", ".join(part for part in (info.text("venue"), info.text("city")) if part)
    # The element tree is no longer needed: let it go before the model is built (for a 50,000-event schedule the
    # tree is 300 MB, as much as the model).
    del root, conference, info, listed, lines
    built, duplicates = build_conference(
        events, name=name, timezone=zone.name, source=source, content=data, venue=venue
    )
    notes: list[Problem] = [Note(n, source) for n in zone.notes]
    return built, [*problems, *notes, *duplicates, *collect_event_notes(events, source)]


# --- safe parsing with line numbers --------------------------------------------------------------------------


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


def _parse_safely(data: bytes, source: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    fast = _parse_plain_document(data)
    if fast is not None:
        return fast
    builder = _LineRecordingBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
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
    return root, builder.lines


_EVENT_START_TAG = re.compile(rb"<event[\s/>]")
_FEED = 1 << 20


def _parse_plain_document(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]] | None:
    """The tree and the line of each <event>, the fast way, for a document that cannot hold anything dangerous;
    None for any other document (which the careful parser below reads).

    Without a DOCTYPE a document cannot declare entities or refer to external ones, so the C parser of the
    standard library reads it as safely as defusedxml does, and several times faster: defusedxml runs a Python
    callback for every element (700,000 of them in a 50,000-event schedule), only to note line numbers.  The
    lines of the <event> elements are found instead by scanning the bytes for their start tags; the scan is
    used only when it finds exactly as many as the parser did (a comment or CDATA section holding "<event"
    would make them differ) and the file is in an encoding whose "<" and newline are those bytes.
    """
    head = data[:4]
    if b"\x00" in head or head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone CR counts as a line end for expat, not for the scan
    try:
        parser = ET.XMLParser(target=ET.TreeBuilder())
        for start in range(0, len(data), _FEED):  # in pieces: expat copies what it is fed into its own buffer
            parser.feed(data[start : start + _FEED])
        root = parser.close()
    except Exception:  # not well-formed, an unknown encoding…: the careful parser below reports where and why
        return None
    events = list(root.iter("event"))
    starts = [match.start() for match in _EVENT_START_TAG.finditer(data)]
    if len(starts) != len(events):
        return None
    lines: dict[ET.Element, int] = {}
    line, position = 1, 0
    for element, start in zip(events, starts, strict=True):
        line += data.count(b"\n", position, start)
        position = start
        lines[element] = line
    return root, lines


def _offset_of(stated: str) -> timedelta | None:
    if not stated:
        return None
    try:
        return parse_datetime(stated).utcoffset()
    except ValueError:
        return None


# --- reading the document ------------------------------------------------------------------------------------


def _text(element: ET.Element | None, tag: str) -> str:
    """The text of ``element``'s child ``tag`` (with any nested markup flattened), or ''."""
    if element is None:
        return ""
    child = element.find(tag)
    if child is None:
        return ""
    return clean_text(child.text if len(child) == 0 else "".join(child.itertext()))


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
        return _text(self.element, tag)


class _ListedEvent:
    """An <event> with what its <day> and <room> say about it, not yet interpreted."""

    def __init__(self, element: ET.Element, parts: StartParts, room: str, base_url: str, line: int | None) -> None:
        self.element = element
        self.parts = parts
        self.room = room
        self.base_url = base_url
        self.line = line
        self.title = _text(element, "title")
        self.label = f"{element.get('id') or element.get('guid') or '?'} {self.title!r}"

    def to_raw(self, zone: ZoneInfo) -> RawEvent:
        e = self.element
        start, remarks, _ = resolve_start(self.parts, zone)
        duration = parse_duration(_text(e, "duration"))
        end, end_source, end_note = timed_event_end(start, duration)
        abstract = plain_text(_text(e, "abstract"))
        description = plain_text(_text(e, "description"))
        if not abstract:  # many generators (wafer, FOSDEM) fill only the description
            abstract, description = description, ""
        elif description == abstract:
            description = ""
        links = [make_link(_text(e, "url"), "Event page", self.base_url)]
        for container, item in (("links", "link"), ("attachments", "attachment")):
            for link in _grandchildren(e, container, item):
                title = clean_text("".join(link.itertext()))
                href = (link.get("href") or "").strip()
                if href:
                    links.append(make_link(href, title, self.base_url))
                elif _ABSOLUTE_URL.match(title):  # no href: some generators put the address in the text
                    links.append(make_link(title))
        return RawEvent(
            title=self.title or "(untitled)",
            start=start,
            end=end,
            kind=kind_from_type(_text(e, "type")),
            guid=(e.get("guid") or _text(e, "guid")).strip(),
            native_id=(e.get("id") or "").strip(),
            end_source=end_source,
            time_note=end_note,
            room=_text(e, "room") or self.room or None,
            track=_text(e, "track") or None,
            abstract=abstract,
            description=join_paragraphs(_text(e, "subtitle"), description),
            speakers=_persons(e),
            links=unique_links(links),
            source_line=self.line,
            notes=remarks,
        )


def _grandchildren(element: ET.Element, child: str, grandchild: str) -> list[ET.Element]:
    """``element.findall("child/grandchild")`` without ElementPath's Python machinery (once per event)."""
    return [found for parent in element.findall(child) for found in parent.findall(grandchild)]


def _persons(event: ET.Element) -> tuple[str, ...]:
    names: list[str] = []
    for person in _grandchildren(event, "persons", "person"):
        # Usually <person id="1">Name</person>; some generators nest <name>/<public_name>.
        if len(person) == 0:  # the usual <person id="1">Name</person>
            name = clean_text(person.text)
        else:
            name = _text(person, "public_name") or _text(person, "name") or clean_text("".join(person.itertext()))
        name = " ".join(name.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _listed_events(
    root: ET.Element, info: _ConferenceInfo, source: str, lines: dict[ET.Element, int]
) -> Iterator[_ListedEvent]:
    for index, day in enumerate(root.findall("day"), start=1):
        day_date = _day_date(day, info, index)
        # Without a day_change, a day's own start time tells when its schedule day begins.
        day_change = info.day_change
        day_start = day.get("start") or ""
        if day_change is None and day_start:
            try:
                day_change = day_change_from(f"{parse_datetime(day_start):%H:%M}")
            except ValueError:
                day_change = None
        rooms = [(room.get("name") or "", room) for room in day.findall("room")] + [("", day)]
        for room_name, container in rooms:
            for event in container.findall("event"):
                parts = StartParts(
                    stated=_text(event, "date"), day=day_date, clock=_text(event, "start"), day_change=day_change
                )
                yield _ListedEvent(event, parts, clean_text(room_name), info.base_url, lines.get(event))


def _day_date(day: ET.Element, info: _ConferenceInfo, index: int) -> date | None:
    for value in (day.get("date") or "", day.get("start") or ""):
        if value.strip():
            try:
                return parse_date(value)
            except ValueError:
                continue
    position = day.get("index") or ""
    if info.start is not None:
        return info.start + timedelta(days=(int(position) if position.isdigit() else index) - 1)
    return None
