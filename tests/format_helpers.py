"""Helpers for the schedule format tests (imported by the test modules in this folder)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from confplan.errors import Problem
from confplan.formats.common import LoadOptions, Note
from confplan.model import Conference, Event
from confplan.storage.loading import load_schedule

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"


def load(name: str, **options: object) -> tuple[Conference, list[Problem]]:
    """A fixture file read through the registry, as ``--schedule`` reads it."""
    return load_schedule(FIXTURES / name, LoadOptions(**options))  # type: ignore[arg-type]


def by_title(conference: Conference) -> dict[str, Event]:
    return {e.title: e for e in conference.events()}


def notes_of(reported: list[Problem]) -> list[str]:
    return [p.message for p in reported if isinstance(p, Note)]


def span(event: Event) -> str:
    """Start and end with their UTC offsets, e.g. '2023-12-28 01:00+0100 – 2023-12-28 02:30+0100'."""
    return f"{event.start:%Y-%m-%d %H:%M%z} – {event.end:%Y-%m-%d %H:%M%z}"


def elapsed_minutes(event: Event) -> int:
    """Real minutes between start and end (subtracting datetimes of one zone counts wall-clock time)."""
    return int((event.end.astimezone(UTC) - event.start.astimezone(UTC)).total_seconds() // 60)
