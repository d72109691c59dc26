"""Hostile files of each class in issue 20, built small in code (each is a class: variants are tried too)."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def xml_default_attributes(attributes: int = 60, size: int = 1000, elements: int = 50_000) -> bytes:
    """An internal DTD giving one element many long default attributes, and that element repeated: every copy
    gets every attribute when parsed (a few hundred KB of file, gigabytes of attributes)."""
    declared = "".join(f' a{i} CDATA "{"x" * size}"' for i in range(attributes))
    return (
        '<?xml version="1.0"?>\n'
        f"<!DOCTYPE schedule [\n<!ATTLIST x{declared}>\n]>\n"
        "<schedule><conference><title>T</title></conference>\n" + "<x/>" * elements + "\n</schedule>\n"
    ).encode()


def xml_declaring_elements() -> bytes:
    """A harmless-looking internal DTD that declares elements: refused too (a schedule never needs one)."""
    xml = (FIXTURES / "pretalx_schedule.xml").read_text(encoding="utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    return ('<?xml version="1.0"?>\n<!DOCTYPE schedule [\n<!ELEMENT schedule ANY>\n]>' + body).encode()


def ics_slow_time_zone(rules: int = 60, events: int = 2000, first_year: int = 1001) -> bytes:
    """A VTIMEZONE of many yearly rules starting a thousand years back, used by many events."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN", "BEGIN:VTIMEZONE", "TZID:Slow"]
    for i in range(rules):
        kind = "DAYLIGHT" if i % 2 else "STANDARD"
        month = i % 12 + 1
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{first_year:04d}{month:02d}01T020000",
            f"TZOFFSETFROM:+0{i % 2}00",
            f"TZOFFSETTO:+0{(i + 1) % 2}00",
            f"RRULE:FREQ=YEARLY;BYMONTH={month};BYDAY={i % 4 + 1}SU",
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    for i in range(events):
        day, hour = 1 + i % 28, 8 + i % 10
        lines += [
            "BEGIN:VEVENT",
            f"UID:e{i}@hostile",
            "DTSTAMP:20240101T000000Z",
            f"DTSTART;TZID=Slow:202405{day:02d}T{hour:02d}{i % 60:02d}00",
            f"DTEND;TZID=Slow:202405{day:02d}T{hour + 1:02d}{i % 60:02d}00",
            f"SUMMARY:Talk {i}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def ics_many_rdates(dates: int = 400_000) -> bytes:
    """A VTIMEZONE observance with a very long RDATE list (one line, a few MB)."""
    rdates = ",".join(f"{1900 + i % 300:04d}{i % 12 + 1:02d}01T020000" for i in range(dates))
    return ics_slow_time_zone(rules=2, events=50, first_year=2000).replace(
        b"RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=1SU", b"RDATE:" + rdates.encode(), 1
    )


def _json_schedule() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((FIXTURES / "pretalx_schedule.json").read_text(encoding="utf-8"))
    return loaded


def json_long_number(digits: int = 5000) -> bytes:
    """A schedule.json whose version is an integer of more digits than Python converts."""
    text = json.dumps(_json_schedule())
    return text.replace('"schedule": {', '"schedule": {"big": ' + "9" * digits + ", ", 1).encode()


def json_deep(levels: int = 300, key: str = "room") -> bytes:
    """A schedule.json whose first event's ``key`` is nested ``levels`` lists deep (json.loads itself takes it)."""
    document = _json_schedule()
    days = document["schedule"]["conference"]["days"]  # type: ignore[index]
    rooms = days[0]["rooms"]
    first = next(iter(rooms.values())) if isinstance(rooms, dict) else rooms[0]["events"]
    first[0][key] = "DEEP"
    return json.dumps(document).replace('"DEEP"', "[" * levels + "]" * levels, 1).encode()


def reading_list_yaml(megabytes: int = 60) -> bytes:
    """A YAML reading list far bigger than any person's."""
    entry = "- title: A paper about graphs and attention\n  abstract: " + "words about learning " * 20 + "\n"
    return ("papers:\n" + entry * (megabytes * 1024 * 1024 // len(entry) + 1)).encode()


def reading_list_text(megabytes: int = 100) -> bytes:
    """A text file the size of a disk image, with no paper in it."""
    line = "lorem ipsum dolor sit amet " * 3 + "\n"
    return (line * (megabytes * 1024 * 1024 // len(line) + 1)).encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def wide_programme(rooms: int = 50, days: int = 5, slots: int = 20) -> bytes:
    """A schedule.json of ``rooms`` parallel half-hour talks all day: every talk clashes with the ``rooms - 1``
    beside it (5,000 events: 122,500 clashes and 232,750 tight changes for someone who picks them all)."""
    listed_days = []
    number = 0
    for day in range(days):
        date = f"2024-06-{10 + day:02d}"
        by_room: dict[str, list[dict[str, object]]] = {}
        for room in range(rooms):
            talks = by_room.setdefault(f"Room {room}", [])
            for slot in range(slots):
                number += 1
                hour, minute = divmod(8 * 60 + slot * 30, 60)
                talks.append(
                    {
                        "guid": f"00000000-0000-4000-8000-{number:012d}",
                        "id": number,
                        "date": f"{date}T{hour:02d}:{minute:02d}:00+02:00",
                        "start": f"{hour:02d}:{minute:02d}",
                        "duration": "00:30",
                        "room": f"Room {room}",
                        "title": f"Talk {number}",
                        "type": "Talk",
                        "persons": [],
                    }
                )
        listed_days.append({"index": day + 1, "date": date, "rooms": by_room})
    conference = {"title": "Wide", "time_zone_name": "Europe/Berlin", "days": listed_days}
    return json.dumps({"schedule": {"version": "1", "conference": conference}}).encode()


def agenda_of_everything(listed: str, owner: str) -> bytes:
    """An agenda (as a colleague's confplan would write it) picking every event of `confplan list --json`."""
    import yaml

    picks = [
        {
            "id": e["id"],
            "title": e["title"],
            "start": e["start"],
            "end": e["end"],
            "room": e["room"],
            "priority": "must",
        }
        for e in json.loads(listed)
    ]
    agenda = {"version": 1, "conference": {"name": "Wide"}, "owner": owner, "picks": picks}
    return yaml.safe_dump(agenda, sort_keys=False, allow_unicode=True).encode()
