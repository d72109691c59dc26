"""Which format a schedule is in, and the function that reads it.

Each format is one module; ``FORMATS`` lists them with a function that recognises a file by its content (not its
extension) and one that reads it.  ``--format`` picks one by name instead.  A file no format recognises is read as
ICLR programme text, the default, whose parser explains precisely what it expected.  Getting the bytes (a file,
a URL, the cache) is ``confplan.storage.loading``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from confplan.errors import ConfplanError, Problem
from confplan.formats import frab_xml, ical_programme, iclr_text, schedule_json
from confplan.formats.common import LoadOptions
from confplan.formats.conference_settings import ConferenceSettings
from confplan.model import Conference

#: Reads a schedule's bytes; the settings are conference.yaml's (with the options applied) for formats that need them.
_Reader = Callable[[bytes, str, LoadOptions, ConferenceSettings | None], tuple[Conference, list[Problem]]]


@dataclass(frozen=True)
class ScheduleFormat:
    name: str
    description: str
    aliases: tuple[str, ...]
    recognises: Callable[[bytes], bool]
    read: _Reader
    needs_settings: bool = False  # the text has no zone or year: conference.yaml or the options must say


def _read_iclr(
    data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None
) -> tuple[Conference, list[Problem]]:
    if settings is None:
        raise ConfplanError(Problem("the programme gives no time zone; pass --timezone and --year", source))
    text = iclr_text.decode_text(data, source)
    return iclr_text.parse_iclr_text(text, settings, source, options.lenient, content=data)


def _importer(parse: Callable[[bytes, str, LoadOptions], tuple[Conference, list[Problem]]]) -> _Reader:
    """A reader for a format whose file says its own zone and year: conference.yaml does not apply."""

    def read(
        data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None
    ) -> tuple[Conference, list[Problem]]:
        return parse(data, source, options)

    return read


def _looks_like_iclr(data: bytes) -> bool:
    return iclr_text.looks_like_iclr_text(data[:20000].decode("utf-8", errors="replace"))


# Tried in this order; the first that recognises the content reads it.
FORMATS: tuple[ScheduleFormat, ...] = (
    ScheduleFormat(
        ical_programme.FORMAT_NAME,
        "iCalendar (.ics) programme",
        ("ics", "ical", "icalendar"),
        ical_programme.recognises,
        _importer(ical_programme.parse_ical),
    ),
    ScheduleFormat(
        frab_xml.FORMAT_NAME,
        "frab/Pentabarf schedule.xml (frab, pretalx, wafer, FOSDEM)",
        ("xml", "frab", "pentabarf"),
        frab_xml.recognises,
        _importer(frab_xml.parse_frab_xml),
    ),
    ScheduleFormat(
        schedule_json.FORMAT_NAME,
        "c3voc schedule.json (frab, pretalx, CCC hub)",
        ("json", "pretalx", "c3voc"),
        schedule_json.recognises,
        _importer(schedule_json.parse_schedule_json),
    ),
    ScheduleFormat(
        iclr_text.FORMAT_NAME,
        "ICLR programme text scraped from the conference site",
        ("text", "iclr"),
        _looks_like_iclr,
        _read_iclr,
        needs_settings=True,
    ),
)
DEFAULT_FORMAT = FORMATS[-1]


def format_names() -> list[str]:
    return [f.name for f in FORMATS]


def find_format(name: str) -> ScheduleFormat:
    """The format called ``name`` (or one of its aliases); a clear error for an unknown name."""
    wanted = name.strip().lower()
    for candidate in FORMATS:
        if wanted == candidate.name or wanted in candidate.aliases:
            return candidate
    raise ConfplanError(f"--format: unknown format {name!r}; expected one of {', '.join(format_names())}")


def recognise(data: bytes, source: str) -> ScheduleFormat:
    """The format whose content ``data`` has; ICLR text when none recognises it, unless it is clearly other data."""
    for candidate in FORMATS:
        if candidate.recognises(data):
            return candidate
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root = frab_xml.root_element_name(data) or "?"
        raise ConfplanError(
            Problem(f"an XML document with root <{root}>, not a frab/Pentabarf schedule.xml (root <schedule>)", source)
        )
    # "[ AD10 ]" starts an ICLR room line, so only a "[" followed by a JSON value counts as JSON.
    if head.startswith(b"{") or re.match(rb"\[\s*[\[{\"\d\]-]", head):
        raise ConfplanError(
            Problem('JSON, but not a schedule.json (expected {"schedule": {"conference": …}}); see --format', source)
        )
    return DEFAULT_FORMAT
