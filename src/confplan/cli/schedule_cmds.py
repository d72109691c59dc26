"""`confplan list` and `confplan show`: the programme as text or JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from confplan.cli.context import Context, add_global_options
from confplan.errors import ConfplanError
from confplan.model import Conference, Event, Kind, Presentation, Session, time_span
from confplan.text.clock import zone_label
from confplan.text.plain_text import printable


def register(subparsers: Any) -> None:
    list_parser = subparsers.add_parser("list", help="one line per session and presentation")
    list_parser.add_argument("--json", action="store_true", help="print a JSON array of events")
    list_parser.add_argument("--kind", type=parse_kind, help="only this kind: " + ", ".join(k.value for k in Kind))
    list_parser.add_argument(
        "--search",
        metavar="TEXT",
        help="only events with every word of TEXT at the start of a word (rust: Rust, rustc; *rust inside words too)",
    )
    list_parser.add_argument(
        "--day",
        action="append",
        metavar="DAY",
        help="only this day of the programme: a weekday (sat, Saturday) or a date (2025-02-01); repeat for several",
    )
    add_global_options(list_parser, suppress_defaults=True)
    list_parser.set_defaults(handler=list_command)

    show_parser = subparsers.add_parser("show", help="everything known about one event")
    show_parser.add_argument("id", help="an event id (or a unique start of one), as shown by `confplan list`")
    show_parser.add_argument("--json", action="store_true", help="print a JSON object")
    add_global_options(show_parser, suppress_defaults=True)
    show_parser.set_defaults(handler=show_command)


def parse_kind(text: str) -> Kind:
    wanted = text.strip().lower().replace("-", " ").replace("_", " ")
    for kind in Kind:
        if kind.value == wanted or kind.value.split()[0] == wanted:
            return kind
    raise argparse.ArgumentTypeError(f"unknown kind {text!r}; expected one of {', '.join(k.value for k in Kind)}")


def list_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.search import matches

    conference = context.conference()
    days = programme_days(conference, args.day) if args.day else None
    events = [
        e
        for e in conference.events()
        if (args.kind is None or e.kind is args.kind)
        and (days is None or e.start.date() in days)
        and (not args.search or matches(conference, e, args.search))
    ]
    if args.json:
        print(json.dumps([event_json(conference, e) for e in events], ensure_ascii=False, indent=2))
        return 0
    room_width = room_column_width(e.room for e in events)
    for event in events:
        print(event_line(event, room_width))
    return 0


def programme_days(conference: Conference, wanted: Iterable[str]) -> set[date]:
    """The programme's days that ``wanted`` name, each by a weekday ("sat", "Saturday") or a date ("2025-02-01");
    a name that fits no day of the programme is an error listing its days."""
    days: set[date] = set()
    for text in wanted:
        word = text.strip().casefold()
        found = [
            day
            for day in conference.days
            if word == day.isoformat() or (len(word) >= 2 and f"{day:%A}".casefold().startswith(word))
        ]
        if not found:
            listed = ", ".join(f"{day:%a %-d %b} ({day.isoformat()})" for day in conference.days)
            raise ConfplanError(f"--day {text!r}: no day of the programme is that one; its days are {listed}")
        days.update(found)
    return days


def show_command(args: argparse.Namespace, context: Context) -> int:
    conference = context.conference()
    event = resolve_id(conference, args.id)
    if args.json:
        print(json.dumps(event_json(conference, event), ensure_ascii=False, indent=2))
    else:
        print(event_details(conference, event))
    return 0


def resolve_id(conference: Conference, event_id: str) -> Event:
    """The one event ``event_id`` names, or a clear error."""
    found = conference.find(event_id)
    if not found:
        raise ConfplanError(f"no event has the id {event_id!r}; `confplan list` shows every id")
    if len(found) > 1:
        some = ", ".join(sorted(e.id for e in found)[:8])
        raise ConfplanError(f"the id {event_id!r} is ambiguous: it starts {len(found)} ids ({some}); type more of it")
    return found[0]


def when(event: Event) -> str:
    """``Tue 02 May 10:00–≈11:30``: the day, and the times as every part of confplan writes them."""
    return f"{event.start:%a %d %b} {time_span(event)}"


#: The room column of `list` is as wide as the longest room, up to this; longer names push the line right.
ROOM_COLUMN_MOST = 30


def room_column_width(rooms: Iterable[str | None], least: int = 11) -> int:
    """A width that keeps the columns after the room aligned for every room up to ``ROOM_COLUMN_MOST`` long."""
    return min(max([least, *(len(r) for r in rooms if r)]), ROOM_COLUMN_MOST)


def event_line(event: Event, room_width: int = 11) -> str:
    indent = "  " if isinstance(event, Presentation) else ""
    fields = [
        f"{when(event):<24}",
        f"{(event.room or '-'):<{room_width}}",
        f"{event.kind.value:<12}",
        event.id,
        indent + event.title,
    ]
    return printable("  ".join(fields))


def event_json(conference: Conference, event: Event) -> dict[str, Any]:
    session = conference.session_of(event) if isinstance(event, Presentation) else event
    data: dict[str, Any] = {
        "id": event.id,
        "level": "presentation" if isinstance(event, Presentation) else "session",
        "kind": event.kind.value,
        "session": session.title,
        "session_id": session.id,
        "title": event.title,
        "title_source": event.title_source if isinstance(event, Presentation) else "programme",
        "decision": event.decision if isinstance(event, Presentation) else "",
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "room": event.room,
        "track": event.track,
        "speakers": list(event.speakers),
        "abstract": event.abstract,
        "time_source": event.time_source.value,
        "start_source": event.start_source.value,
        "end_source": event.end_source.value,
        "time_note": event.time_note,
        "truncated": isinstance(event, Presentation) and event.truncated,
        "also_presented_as": list(event.also_presented_as) if isinstance(event, Presentation) else [],
        "links": [{"url": link.url, "title": link.title} for link in event.links],
        "source_id": event.source_id,
        "source_line": event.source_line,
    }
    if isinstance(event, Session):
        data["description"] = event.description
        data["presentations"] = list(event.presentation_ids)
    return data


def event_details(conference: Conference, event: Event) -> str:
    from confplan.views.describe import source_name

    lines = [event.title, "", f"id:        {event.id}", f"kind:      {event.kind.value}"]
    if isinstance(event, Presentation):
        session = conference.session_of(event)
        lines.append(
            f"session:   {session.title} ({session.id}), {event.kind.value} {event.position + 1} "
            f"of {len(session.presentation_ids)}"
        )
    lines.append(f"when:      {when(event)} ({zone_label(conference.timezone)})")
    if event.time_note:
        lines.append(f"           {event.time_note}")
    lines.append(f"room:      {event.room or '-'}" + (f", {conference.venue}" if conference.venue else ""))
    if event.track:
        lines.append(f"track:     {event.track}")
    if event.speakers:
        lines.append(f"speakers:  {', '.join(event.speakers)}")
    if isinstance(event, Presentation) and event.paper_source:
        accepted = f"accepted as {event.decision}; " if event.decision else ""
        lines.append(f"paper:     {accepted}title and authors from {source_name(event.paper_source)}")
        lines.append(f"           the programme's own title: {event.programme_title}")
    if isinstance(event, Presentation):
        for twin_id in event.also_presented_as:
            twin = conference[twin_id]
            lines.append(f"also:      {twin.kind.value} {twin.id}, {when(twin)} in {twin.room or '-'}")
    for link in event.links:
        lines.append(f"link:      {link.url}" + (f" ({link.title})" if link.title else ""))
    if event.source_line:
        lines.append(f"source:    {conference.source_path}:{event.source_line}")
    if event.abstract:
        lines += ["", event.abstract]
        if isinstance(event, Presentation) and event.truncated:
            lines.append("(the programme cut this abstract short)")
    if isinstance(event, Session):
        if event.description:
            lines += ["", event.description]
        for presentation in conference.presentations_of(event):
            lines.append(f"  {presentation.id}  {time_span(presentation)}  {presentation.title}")
    return printable("\n".join(lines), keep_newlines=True)
