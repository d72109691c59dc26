"""Finding and loading a schedule: the bundled one, a file or a URL, in whichever format its content is.

Each format is one module; ``FORMATS`` lists them with a function that recognises a file by its content (not its
extension) and one that reads it.  ``--format`` picks one by name instead.  A file no format recognises is read as
ICLR programme text, the default, whose parser explains precisely what it expected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from confplan.collector import collector_paused
from confplan.errors import ConfplanError, Problem
from confplan.formats import frab_xml, ical_programme, iclr_text, schedule_json
from confplan.formats.common import ImportOptions, Note
from confplan.model import Conference
from confplan.storage import locations
from confplan.storage.conference_yaml import SETTINGS_FILE, ConferenceSettings, load_settings
from confplan.storage.fetch import fetch_schedule, is_url
from confplan.storage.schedule_cache import ScheduleCache, cache_key


@dataclass(frozen=True)
class LoadOptions:
    """What the command line may say about a schedule that the file itself does not."""

    timezone: str | None = None
    year: int | None = None
    name: str | None = None
    lenient: bool = False
    format: str | None = None  # a format name or alias (see FORMATS); None: recognise it by content


_Reader = Callable[[bytes, str, Path | None, LoadOptions], tuple[Conference, list[Problem]]]


@dataclass(frozen=True)
class ScheduleFormat:
    name: str
    description: str
    aliases: tuple[str, ...]
    recognises: Callable[[bytes], bool]
    read: _Reader


def _read_iclr(data: bytes, source: str, path: Path | None, options: LoadOptions) -> tuple[Conference, list[Problem]]:
    settings = _settings_for(path, source, options)
    text = iclr_text.decode_text(data, source)
    return iclr_text.parse_iclr_text(text, settings, source, options.lenient, content=data)


def _importer(parse: Callable[[bytes, str, ImportOptions], tuple[Conference, list[Problem]]]) -> _Reader:
    def read(data: bytes, source: str, path: Path | None, options: LoadOptions) -> tuple[Conference, list[Problem]]:
        return parse(data, source, ImportOptions(timezone=options.timezone, name=options.name, lenient=options.lenient))

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


def load_schedule(
    path: Path | str | None,
    options: LoadOptions = LoadOptions(),
    cache: ScheduleCache | None = None,
    progress: Callable[[str], None] = lambda step: None,
) -> tuple[Conference, list[Problem]]:
    """Load ``path`` (a file, an http(s) URL, or None for the bundled programme).

    Returns the conference and what the user should be told: problems skipped leniently, and notes (instances
    of ``Note``) on guesses and repairs the import made.  With a ``cache``, an unchanged schedule read the same
    way before is taken from it instead of being parsed again (see ``confplan.storage.schedule_cache``).  ``progress``
    is told each step in a few words, for a screen that shows what a long load is doing.
    """
    notes: list[Problem] = []
    local: Path | None
    fetched = None
    if isinstance(path, str) and is_url(path):
        progress("Downloading the schedule")
        fetched = fetch_schedule(path.strip())
        data, source, local = fetched.content, path.strip(), None
        notes += [Note(n, source) for n in fetched.notes]
    else:
        local = Path(path) if path is not None else locations.bundled_schedule()
        source = str(local)
        data = _read_file(local)
    chosen = find_format(options.format) if options.format else recognise(data, source)
    reading = f"Reading the {chosen.description} ({len(data) / 1e6:.1f} MB)"
    if cache is None:
        progress(reading)
        with collector_paused():
            conference, problems = chosen.read(data, source, local, options)
        return conference, [*notes, *problems]
    settings = _settings_digest(local) if chosen is DEFAULT_FORMAT else ""
    key = cache_key(data, chosen.name, repr(options), source, settings)
    loaded = None
    if cache.holds(source, key):
        progress("Reading it from the cache of schedules opened before")
        # The bytes (100 MB for 50,000 events) are not needed while the parsed copy is read: let them go first.
        data = fetched = None  # type: ignore[assignment]
        loaded = cache.get(source, key)
        if loaded is None:  # a damaged entry: read the schedule again, and parse it
            data = fetch_schedule(source).content if local is None else _read_file(local)
    if loaded is None:
        progress(reading)
        with collector_paused():
            loaded = chosen.read(data, source, local, options)
        cache.put(source, key, loaded)
    conference, problems = loaded
    return conference, [*notes, *problems]


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise ConfplanError(Problem("no such schedule file" if not path.exists() else "not a file", str(path)))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot read the schedule: {exc.strerror or exc}", str(path))) from None


def _settings_digest(schedule: Path | None) -> str:
    """A digest of the settings file that ICLR text is read with, for a cache key ('' when there is none)."""
    beside = schedule.with_name(SETTINGS_FILE) if schedule is not None else None
    try:
        return hashlib.sha256(beside.read_bytes()).hexdigest() if beside is not None and beside.is_file() else ""
    except OSError:
        return ""


def _settings_for(schedule: Path | None, source: str, options: LoadOptions) -> ConferenceSettings:
    """ICLR text needs conference.yaml (beside the file) or --timezone/--year: the text has no zone or year."""
    beside = schedule.with_name(SETTINGS_FILE) if schedule is not None else None
    if beside is not None and beside.is_file():
        settings = load_settings(beside)
    elif options.timezone is None:
        raise ConfplanError(
            Problem(
                f"the programme gives no time zone and there is no {SETTINGS_FILE} beside it; "
                "pass --timezone (e.g. Africa/Kigali) and --year",
                source,
            )
        )
    else:
        settings = ConferenceSettings(timezone=_checked_zone(options.timezone))
    if options.timezone is not None:
        settings = replace(settings, timezone=_checked_zone(options.timezone))
    if options.year is not None:
        settings = replace(settings, year=options.year)
    if options.name:
        settings = replace(settings, name=options.name)
    return settings


def _checked_zone(name: str) -> str:
    """The --timezone option's zone, or one clear message."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfplanError(
            f"--timezone: unknown time zone {name!r} (expected an IANA name such as Africa/Kigali)"
        ) from None
    return name
