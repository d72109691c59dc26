"""Which format a schedule is in, and the function that reads it.

Each format is one module; ``FORMATS`` lists them with a function that recognises a file by its content (not its
extension) and one that reads it.  ``--format`` picks one by name instead.  A file no format recognises is read as
ICLR programme text, the default, whose parser explains precisely what it expected.  Getting the bytes (a file,
a URL, the cache) is ``confplan.storage.loading``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import LoadOptions
from confplan.formats.conference_settings import ConferenceSettings
from confplan.model import Conference

#: Reads a schedule's bytes; the settings are conference.yaml's (with the options applied) for formats that need them.
_Reader = Callable[[bytes, str, LoadOptions, ConferenceSettings | None], tuple[Conference, list[Problem]]]


@dataclass(frozen=True)
class ScheduleFormat:
    """A format, and the module of ``confplan.formats`` that recognises (``recognises(data)``) and reads it
    (``read(data, source, options, settings)``).  The module is imported when a file is first tried in its
    format: reading a schedule.xml does not import the other parsers (issue 17: every start of the planner on a
    new file pays for what it imports)."""

    name: str
    description: str
    aliases: tuple[str, ...]
    module: str
    needs_settings: bool = False  # the text has no zone or year: conference.yaml or the options must say
    #: What the content must start with (after a BOM and blanks; upper case) for the module to be asked at all:
    #: a necessary condition of its ``recognises``, so that other files do not import it (empty: always asked).
    starts: tuple[bytes, ...] = ()

    def recognises(self, data: bytes) -> bool:
        recognises: Callable[[bytes], bool] = importlib.import_module(f"confplan.formats.{self.module}").recognises
        return recognises(data)

    def read(
        self, data: bytes, source: str, options: LoadOptions, settings: ConferenceSettings | None
    ) -> tuple[Conference, list[Problem]]:
        read: _Reader = importlib.import_module(f"confplan.formats.{self.module}").read
        return read(data, source, options, settings)


# Tried in this order; the first that recognises the content reads it (the most common first: each is imported
# to be tried; no content is recognised by two).
FORMATS: tuple[ScheduleFormat, ...] = (
    ScheduleFormat(
        "frab-xml",
        "frab/Pentabarf schedule.xml (frab, pretalx, wafer, FOSDEM)",
        ("xml", "frab", "pentabarf"),
        "frab_xml",
        starts=(b"<",),
    ),
    ScheduleFormat(
        "ical", "iCalendar (.ics) programme", ("ics", "ical", "icalendar"), "ical_programme", starts=(b"BEGIN:",)
    ),
    ScheduleFormat(
        "schedule-json",
        "c3voc schedule.json (frab, pretalx, CCC hub)",
        ("json", "pretalx", "c3voc"),
        "schedule_json",
        starts=(b"{",),
    ),
    ScheduleFormat(
        "iclr-text",
        "ICLR programme text scraped from the conference site",
        ("text", "iclr"),
        "iclr_text",
        needs_settings=True,
    ),
)
DEFAULT_FORMAT = FORMATS[-1]
#: A UTF-8 byte order mark's bytes and what ``\s`` matches in bytes: what may come before a format's ``starts``.
_BOM_AND_BLANKS = b"\xef\xbb\xbf \t\r\n\f\v"


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
    start = data[:4096].lstrip(_BOM_AND_BLANKS)[:16].upper()
    for candidate in FORMATS:
        if start and candidate.starts and not start.startswith(candidate.starts):
            continue  # (without importing its module)
        if candidate.recognises(data):
            return candidate
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        from confplan.formats.frab_xml import root_element_name

        root = root_element_name(data) or "?"
        raise ConfplanError(
            Problem(f"an XML document with root <{root}>, not a frab/Pentabarf schedule.xml (root <schedule>)", source)
        )
    # "[ AD10 ]" starts an ICLR room line, so only a "[" followed by a JSON value counts as JSON.
    if head.startswith(b"{") or re.match(rb"\[\s*[\[{\"\d\]-]", head):
        raise ConfplanError(
            Problem('JSON, but not a schedule.json (expected {"schedule": {"conference": …}}); see --format', source)
        )
    return DEFAULT_FORMAT
