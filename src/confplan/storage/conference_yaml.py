"""conference.yaml: what a programme text does not say (time zone, year, session lengths, corrections).

Read through ``safe_yaml``'s located tree, like agendas and reading lists: every problem names the file, the key,
its line and column.  Values are read as text and checked here, not guessed by YAML.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import MAX_EVENT_LENGTH, PLAUSIBLE_YEARS
from confplan.formats.conference_settings import (
    DEFAULT_DURATIONS,
    ConferenceSettings,
    PaperSources,
    TimeOverride,
)
from confplan.model import zone_named
from confplan.storage.bounded_files import CONFERENCE_SETTINGS, read_bounded
from confplan.storage.safe_yaml import Mapping, Node, Scalar, describe, fields_of, located, read_tree, text_of

_KEYS = ("name", "venue", "timezone", "year", "durations", "overrides", "papers")
#: An OpenReview venue id: the group id that notes' content.venueid holds, e.g. ICLR.cc/2023/Conference.
_VENUE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9._-]+)+$")

_UNTIL = re.compile(r"^until\s+(\d{1,2}):(\d{2})$")


def load_settings(path: Path) -> ConferenceSettings:
    """Read and check a conference.yaml."""
    try:
        text = read_bounded(path, CONFERENCE_SETTINGS).decode("utf-8")
    except FileNotFoundError:
        raise ConfplanError(Problem("no such file", str(path))) from None
    except UnicodeDecodeError as exc:
        raise ConfplanError(Problem(f"cannot read conference settings: {exc}", str(path))) from None
    return settings_from_text(text, str(path))


def settings_from_text(text: str, where: str) -> ConferenceSettings:
    """The settings written in ``text`` (the contents of the file ``where``)."""
    root = read_tree(text, where)
    if root is None:
        raise ConfplanError(Problem("expected a mapping of settings (timezone: …, year: …); the file is empty", where))
    fields = fields_of(root, where, "a mapping of settings (timezone: …, year: …)", _KEYS)
    if "timezone" not in fields:
        raise located(root, where, "'timezone' is required: an IANA zone name such as Africa/Kigali")
    zone_node = fields["timezone"][1]
    try:
        zone = zone_named(text_of(zone_node, where, "'timezone': an IANA zone name"))
    except ValueError as exc:
        raise located(zone_node, where, f"'timezone': {exc}") from None
    year = _year(fields["year"][1], where) if "year" in fields else None

    durations = dict(DEFAULT_DURATIONS)
    for kind, value in _entries(fields, "durations", where, "kind: minutes", tuple(DEFAULT_DURATIONS)):
        durations[kind] = _duration(value, where, f"durations.{kind}")

    overrides = {}
    for event_id, value in _entries(fields, "overrides", where, "event id: {start: …, end: …}", None):
        what = f"'overrides.{event_id}': expected a mapping with start and/or end"
        if not isinstance(value, Mapping) or not value.items:
            raise located(value, where, what)
        times = fields_of(value, where, what, ("start", "end"))
        start, end = (
            _datetime(times[k][1], where, f"overrides.{event_id}.{k}", zone) if k in times else None
            for k in ("start", "end")
        )
        if start is not None and end is not None and not timedelta(0) <= end - start <= MAX_EVENT_LENGTH:
            raise located(
                value,
                where,
                f"'overrides.{event_id}': from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}; "
                "an event ends after it starts and lasts at most 31 days",
            )
        overrides[event_id] = TimeOverride(start=start, end=end, line=value.line)
    return ConferenceSettings(
        timezone=zone.key,
        name=text_of(fields["name"][1], where, "'name': text") if "name" in fields else "",
        venue=text_of(fields["venue"][1], where, "'venue': text") if "venue" in fields else "",
        year=year,
        durations=durations,
        overrides=overrides,
        papers=_papers(fields["papers"][1], where) if "papers" in fields else PaperSources(),
    )


def _entries(
    fields: dict[str, tuple[Scalar, Node]], key: str, where: str, shape: str, allowed: tuple[str, ...] | None
) -> list[tuple[str, Node]]:
    """The entries of the mapping under ``key`` (none when it is missing or empty); any key when ``allowed`` is None."""
    if key not in fields:
        return []
    node = fields[key][1]
    if isinstance(node, Scalar) and node.is_null:
        return []
    if allowed is None:
        if not isinstance(node, Mapping):
            raise located(node, where, f"expected a mapping ({shape}) under '{key}'; found {describe(node)}")
        allowed = tuple(k.value.strip() for k, _ in node.items if isinstance(k, Scalar))
    entries = fields_of(node, where, f"a mapping ({shape}) under '{key}'", allowed)
    return [(name, value) for name, (_, value) in entries.items()]


def _papers(node: Node, where: str) -> PaperSources:
    """``papers: {openreview: VENUE_ID, file: PATH}``: where the paper list comes from."""
    shape = "a mapping with openreview (a venue id such as ICLR.cc/2023/Conference) and/or file (a paper list)"
    if not isinstance(node, Mapping):
        raise located(node, where, f"'papers': expected {shape}; found {describe(node)}")
    fields = fields_of(node, where, shape, ("openreview", "file"))
    venue = text_of(fields["openreview"][1], where, "'papers.openreview': a venue id") if "openreview" in fields else ""
    if venue and not (len(venue) <= 200 and _VENUE_ID.match(venue)):
        raise located(
            fields["openreview"][1],
            where,
            f"'papers.openreview': expected a venue id such as ICLR.cc/2023/Conference, got {venue!r}",
        )
    file = text_of(fields["file"][1], where, "'papers.file': a path") if "file" in fields else ""
    if not venue and not file:
        raise located(node, where, f"'papers': expected {shape}")
    return PaperSources(openreview=venue, file=file)


def _year(node: Node, where: str) -> int:
    text = text_of(node, where, "'year': a year such as 2023")
    if not (text.isdigit() and int(text) in PLAUSIBLE_YEARS):
        raise located(node, where, f"'year': expected a year such as 2023, got {text!r}")
    return int(text)


def _duration(node: Node, where: str, key: str) -> int | time:
    text = text_of(node, where, f"'{key}': minutes")
    if text.isdigit() and 0 < int(text) <= 24 * 60:
        return int(text)
    if m := _UNTIL.match(text):
        hour, minute = int(m[1]), int(m[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise located(node, where, f"'{key}': expected minutes (e.g. 90) or 'until HH:MM', got {text!r}")


def _datetime(node: Node, where: str, key: str, zone: ZoneInfo) -> datetime | None:
    text = text_of(node, where, f"'{key}': a date and time")
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise located(
            node, where, f"'{key}': expected a date and time such as '2023-05-02 10:15', got {text!r}"
        ) from None
    # The same window as a programme's own dates: a correction cannot move an event out of the years a conference
    # could be in.
    if parsed.year not in PLAUSIBLE_YEARS:
        raise located(
            node,
            where,
            f"'{key}': the date {text!r} is out of range (years {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[-1]})",
        )
    return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed.astimezone(zone)
