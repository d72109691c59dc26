"""A deterministic synthetic conference, written in any input format confplan reads.

    python -m bench.synthetic --events 10000 --format xml -o /tmp/conf.xml

The same seed and size always give the same file.  The mix is meant to look like a real large conference:
parallel rooms, multi-day, tracks, talks of various lengths, workshops, poster sessions and socials, long
abstracts with non-ASCII text.

Two shapes (``--shape``): "plain", the mix above (up to 200 rooms, 1-3 speakers, no links), and "rich", what a
large published schedule.xml has besides: abstracts half as long again with a description, 2-5 persons and 1-3
links an event, a room for every 25 events (2,000 at 50,000) and a track for every two rooms.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar

FORMATS = ("iclr", "xml", "json", "ics")
SHAPES = ("plain", "rich")
TIMEZONE = "Europe/Brussels"
FIRST_DAY = date(2025, 10, 24)  # spans the October clock change when the conference is long enough
NAMESPACE = uuid.UUID("0b9ad3b4-6f0e-4d5e-9a43-1f7c1f2f6b10")

_WORDS = (
    "learning graph neural network attention transformer diffusion causal inference bayesian optimisation "
    "robustness privacy federated reinforcement policy reward sparse kernel embedding contrastive retrieval "
    "language vision speech protein molecule climate fairness interpretability compiler database storage "
    "scheduling latency distributed consensus verification type system rust python kernel driver firmware"
).split()
_FLAVOUR = ["naïve", "Schrödinger", "façade", "Zürich", "Gödel", "São Paulo", "Kraków", "北京", "東京", "Ελλάδα",
            "—", "“quoted”", "∼", "×", "🙂"]  # fmt: skip
_KINDS = [("talk", 70), ("workshop", 8), ("poster", 12), ("social", 5), ("lightning", 5)]
_LENGTHS = {"talk": [20, 25, 30, 40, 50], "workshop": [90, 120, 180], "poster": [90, 120], "social": [60, 90, 120],
            "lightning": [5, 10]}  # fmt: skip


@dataclass(frozen=True)
class SyntheticEvent:
    number: int
    guid: str
    day: date
    start: datetime
    minutes: int
    room: str
    track: str
    kind: str
    title: str
    abstract: str
    speakers: tuple[str, ...]
    description: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (url, title)


def generate(events: int, seed: int = 2023, shape: str = "plain") -> list[SyntheticEvent]:
    """``events`` events in time order, filling rooms day by day from 09:00 to about 19:00."""
    rng = random.Random(seed)
    rich = shape == "rich"
    room_count = max(4, events // 25) if rich else max(4, min(200, events // 60))
    rooms = [f"Room {chr(65 + i % 26)}{i // 26 or ''}" for i in range(room_count)]
    sentences, speakers = ((6, 16), (2, 5)) if rich else ((3, 12), (1, 3))
    tracks = [f"{rng.choice(_WORDS).title()} & {rng.choice(_WORDS).title()}" for _ in range(max(3, len(rooms) // 2))]
    zone = ZoneInfo(TIMEZONE)
    result: list[SyntheticEvent] = []
    day_index = 0
    while len(result) < events:
        day = FIRST_DAY + timedelta(days=day_index)
        for room in rooms:
            clock = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
            end_of_day = clock.replace(hour=19)
            while clock < end_of_day and len(result) < events:
                kind = rng.choices([k for k, _ in _KINDS], weights=[w for _, w in _KINDS])[0]
                minutes = rng.choice(_LENGTHS[kind])
                number = len(result) + 1
                result.append(
                    SyntheticEvent(
                        number=number,
                        guid=str(uuid.uuid5(NAMESPACE, f"{seed}/{number}")),
                        day=day,
                        start=clock,
                        minutes=minutes,
                        room=room,
                        track=rng.choice(tracks),
                        kind=kind,
                        title=_sentence(rng, rng.randint(4, 11)).rstrip("."),
                        abstract=" ".join(_sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(*sentences))),
                        speakers=tuple(_name(rng) for _ in range(rng.randint(*speakers))),
                        description=" ".join(_sentence(rng, 20) for _ in range(rng.randint(1, 2))) if rich else "",
                        links=tuple(_link(rng, number, n) for n in range(rng.randint(1, 3))) if rich else (),
                    )
                )
                clock += timedelta(minutes=minutes + rng.choice([0, 5, 10, 15]))
        day_index += 1
    result.sort(key=lambda e: (e.start, e.room))
    return result


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    if rng.random() < 0.4:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(_FLAVOUR))
    return " ".join(chosen).capitalize() + "."


def _name(rng: random.Random) -> str:
    first = ["Ada", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Fatima", "Gustavo", "Hiroshi", "Ingrid", "José"]
    last = ["Okafor", "Müller", "Nakamura", "Silva", "Kowalski", "Nguyễn", "O'Brien", "Haddad", "Andersson", "Rossi"]
    return f"{rng.choice(first)} {rng.choice(last)}"


def _link(rng: random.Random, number: int, n: int) -> tuple[str, str]:
    kind = rng.choice(["slides", "video", "paper", "code", "chat"])
    return f"https://example.org/{kind}/{number}/{n}?lang=en&amp=1", f"{kind.title()}: {_sentence(rng, 3)}"


# --- writers ----------------------------------------------------------------------------------------------------


def write(events: list[SyntheticEvent], fmt: str, path: Path) -> None:
    if fmt == "iclr":
        path.write_text(to_iclr_text(events), encoding="utf-8")
        path.with_name("conference.yaml").write_text(
            f"name: Synthetic {len(events)}\ntimezone: {TIMEZONE}\nyear: {FIRST_DAY.year}\n", encoding="utf-8"
        )
    elif fmt == "xml":
        path.write_bytes(to_frab_xml(events))
    elif fmt == "json":
        path.write_text(to_c3voc_json(events), encoding="utf-8")
    elif fmt == "ics":
        path.write_bytes(to_ics(events))
    else:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def to_iclr_text(events: list[SyntheticEvent]) -> str:
    """The ICLR site's text: one session per (start, room) with its talks as [ Room ] lines."""
    lines: list[str] = []
    for index, event in enumerate(events):
        when = f"{event.start:%a} {event.start.day} {event.start:%b} {event.start:%I:%M} {event.start:%p}"
        when = when.replace("AM", "a.m.").replace("PM", "p.m.")
        kind = "Poster Session" if event.kind == "poster" else f"Oral {index % 9 + 1} Track"
        lines.append(f"{kind} {index % 7 + 1}: {event.track} {when}")
        lines.extend([f"[ {event.room} ]", "", event.abstract])
    return "\n".join(lines)


def to_frab_xml(events: list[SyntheticEvent]) -> bytes:
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "version").text = "1.0"
    conference = ElementTree.SubElement(root, "conference")
    ElementTree.SubElement(conference, "title").text = f"Synthetic {len(events)}"
    ElementTree.SubElement(conference, "acronym").text = f"synth{len(events)}"
    ElementTree.SubElement(conference, "time_zone_name").text = TIMEZONE
    for index, (day, day_events) in enumerate(_by_day(events), start=1):
        day_node = ElementTree.SubElement(root, "day", index=str(index), date=day.isoformat())
        by_room: dict[str, list[SyntheticEvent]] = {}
        for event in day_events:
            by_room.setdefault(event.room, []).append(event)
        for room, room_events in sorted(by_room.items()):
            room_node = ElementTree.SubElement(day_node, "room", name=room)
            for event in room_events:
                node = ElementTree.SubElement(room_node, "event", guid=event.guid, id=str(event.number))
                for tag, text in [
                    ("date", event.start.isoformat()),
                    ("start", f"{event.start:%H:%M}"),
                    ("duration", f"{event.minutes // 60:02d}:{event.minutes % 60:02d}"),
                    ("room", event.room),
                    ("slug", f"synth-{event.number}"),
                    ("title", event.title),
                    ("track", event.track),
                    ("type", event.kind),
                    ("language", "en"),
                    ("abstract", event.abstract),
                    *([("description", event.description)] if event.description else []),
                ]:
                    ElementTree.SubElement(node, tag).text = text
                persons = ElementTree.SubElement(node, "persons")
                for number, speaker in enumerate(event.speakers):
                    ElementTree.SubElement(persons, "person", id=str(event.number * 10 + number)).text = speaker
                if event.links:
                    links = ElementTree.SubElement(node, "links")
                    for url, title in event.links:
                        ElementTree.SubElement(links, "link", href=url).text = title
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")


def to_c3voc_json(events: list[SyntheticEvent]) -> str:
    rooms = sorted({e.room for e in events})
    days = []
    for index, (day, day_events) in enumerate(_by_day(events), start=1):
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "rooms": {room: [_json_event(e) for e in day_events if e.room == room] for room in rooms},
            }
        )
    schedule = {
        "version": "1.0",
        "conference": {
            "acronym": f"synth{len(events)}",
            "title": f"Synthetic {len(events)}",
            "start": events[0].day.isoformat(),
            "end": events[-1].day.isoformat(),
            "daysCount": len(days),
            "time_zone_name": TIMEZONE,
            "rooms": [{"name": room} for room in rooms],
            "days": days,
        },
    }
    return json.dumps({"schedule": schedule}, ensure_ascii=False, indent=1)


def _json_event(event: SyntheticEvent) -> dict[str, object]:
    return {
        "guid": event.guid,
        "id": event.number,
        "date": event.start.isoformat(),
        "start": f"{event.start:%H:%M}",
        "duration": f"{event.minutes // 60:02d}:{event.minutes % 60:02d}",
        "room": event.room,
        "slug": f"synth-{event.number}",
        "title": event.title,
        "track": event.track,
        "type": event.kind,
        "language": "en",
        "abstract": event.abstract,
        "persons": [{"id": event.number * 10 + i, "public_name": s} for i, s in enumerate(event.speakers)],
        "links": [{"url": url, "title": title} for url, title in event.links],
    }


def to_ics(events: list[SyntheticEvent]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//confplan//synthetic//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Synthetic {len(events)}")
    calendar.add("x-wr-timezone", TIMEZONE)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.guid)
        vevent.add("dtstamp", datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC")))
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.start + timedelta(minutes=event.minutes))
        vevent.add("summary", event.title)
        vevent.add("location", event.room)
        vevent.add("description", event.abstract + "\n\nSpeakers: " + ", ".join(event.speakers))
        vevent.add("categories", [event.kind, event.track])
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _by_day(events: list[SyntheticEvent]) -> list[tuple[date, list[SyntheticEvent]]]:
    days: dict[date, list[SyntheticEvent]] = {}
    for event in events:
        days.setdefault(event.day, []).append(event)
    return sorted(days.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--format", choices=FORMATS, default="xml")
    parser.add_argument("--shape", choices=SHAPES, default="plain")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write(generate(args.events, args.seed, args.shape), args.format, args.output)


if __name__ == "__main__":
    main()
