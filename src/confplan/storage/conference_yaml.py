"""conference.yaml: what a programme text does not say (time zone, year, session lengths, corrections)."""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from confplan.errors import ConfplanError, Problem
from confplan.formats.conference_settings import DEFAULT_DURATIONS, ConferenceSettings, TimeOverride
from confplan.storage.safe_yaml import read_tree

SETTINGS_FILE = "conference.yaml"

_UNTIL = re.compile(r"^until\s+(\d{1,2}):(\d{2})$")


def load_settings(path: Path) -> ConferenceSettings:
    """Read and check a conference.yaml; every problem names the file and the key."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfplanError(Problem(f"cannot read conference settings: {exc}", where)) from None
    # A conference.yaml may come with a schedule from anywhere: tags, anchors and aliases (the "billion laughs"),
    # deep nesting and extra documents are refused, located, before PyYAML builds anything.
    read_tree(text, where)
    try:
        raw = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "unreadable"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ConfplanError(Problem(f"not valid YAML: {message}", where, line, column)) from None
    except yaml.YAMLError as exc:
        raise ConfplanError(Problem(f"not valid YAML: {exc}", where)) from None
    except (ValueError, OverflowError) as exc:  # an unquoted impossible date, e.g. `start: 2023-13-01`
        raise ConfplanError(Problem(f"an impossible date or time ({exc})", where)) from None
    if not isinstance(raw, dict):
        raise ConfplanError(Problem("expected a mapping of settings (timezone: …, year: …)", str(path)))
    return settings_from_mapping(raw, str(path))


def settings_from_mapping(raw: dict[str, Any], where: str = "") -> ConferenceSettings:
    def fail(message: str) -> ConfplanError:
        return ConfplanError(Problem(message, where))

    unknown = set(raw) - {"name", "venue", "timezone", "year", "durations", "overrides"}
    if unknown:
        raise fail(
            f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; expected name, venue, timezone, "
            "year, durations, overrides"
        )
    timezone = raw.get("timezone")
    if not isinstance(timezone, str):
        raise fail("'timezone' is required: an IANA zone name such as Africa/Kigali")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones ("America"), a huge name
        raise fail(
            f"'timezone': unknown time zone {timezone!r} (expected an IANA name such as Africa/Kigali)"
        ) from None
    year = raw.get("year")
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2200):
        raise fail(f"'year': expected a year such as 2023, got {year!r}")

    durations = dict(DEFAULT_DURATIONS)
    for kind, value in _mapping(raw, "durations", "kind: minutes", fail).items():
        if kind not in DEFAULT_DURATIONS:
            raise fail(f"'durations': unknown kind {kind!r}; expected one of {', '.join(DEFAULT_DURATIONS)}")
        durations[kind] = _duration(value, f"durations.{kind}", fail)

    overrides = {}
    for event_id, value in _mapping(raw, "overrides", "event id: {start: …, end: …}", fail).items():
        if not isinstance(value, dict) or not set(value) <= {"start", "end"} or not value:
            raise fail(f"'overrides.{event_id}': expected a mapping with start and/or end")
        overrides[str(event_id)] = TimeOverride(
            start=_datetime(value.get("start"), f"overrides.{event_id}.start", zone, fail),
            end=_datetime(value.get("end"), f"overrides.{event_id}.end", zone, fail),
        )
    return ConferenceSettings(
        timezone=timezone,
        name=str(raw.get("name") or ""),
        venue=str(raw.get("venue") or ""),
        year=year,
        durations=durations,
        overrides=overrides,
    )


def _mapping(raw: dict[str, Any], key: str, shape: str, fail: Any) -> dict[Any, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise fail(f"'{key}': expected a mapping ({shape}), got {value!r}")
    return value


def _duration(value: object, key: str, fail: Any) -> int | time:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 24 * 60:
        return value
    if isinstance(value, str) and (m := _UNTIL.match(value.strip())):
        hour, minute = int(m[1]), int(m[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise fail(f"'{key}': expected minutes (e.g. 90) or 'until HH:MM', got {value!r}")


def _datetime(value: object, key: str, zone: ZoneInfo, fail: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # YAML turns unquoted timestamps into datetimes
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            raise fail(f"'{key}': expected a date and time such as '2023-05-02 10:15', got {value!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=zone)
    try:
        return parsed.astimezone(zone)
    except OverflowError:  # 0001-01-01 or 9999-12-31 moved across midnight by the offset
        raise fail(f"'{key}': {value!r} is out of the range of dates") from None
