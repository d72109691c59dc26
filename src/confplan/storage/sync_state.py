"""What confplan has put into each CalDAV calendar, kept in ``<agenda>.caldav-state.json`` beside the agenda.

For every event it created it keeps the resource's URL and the ETag the server gave for what confplan wrote, and
what was written (as the .ics export's state does): the ETag tells whether someone changed the event in the
calendar since, and confplan only ever touches resources recorded here.  Only what the server confirmed is
recorded, so a sync stopped half-way is finished by the next one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded, out_of_bounds
from confplan.storage.atomic_files import write_atomically
from confplan.storage.bounded_files import SYNC_STATE, read_bounded
from confplan.storage.export_state import ExportState, WrittenEvent, written_from_json, written_to_json

SUFFIX = ".caldav-state.json"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class SyncedEvent:
    """One event resource confplan created: where it is, the ETag of confplan's last write, and what it wrote."""

    href: str  # the resource's full URL
    etag: str | None  # None when the server gave none (the next sync asks for it)
    written: WrittenEvent


def sync_state_path(agenda_path: Path) -> Path:
    """``my.yaml`` → ``my.yaml.caldav-state.json``."""
    return agenda_path.with_name(agenda_path.name + SUFFIX)


def load_synced(path: Path, calendar_url: str) -> dict[str, SyncedEvent]:
    """What confplan put into the calendar at ``calendar_url``, by UID (empty before the first sync)."""
    calendars = _read(path)
    try:
        return {
            str(uid): SyncedEvent(str(item["href"]), _etag(item["etag"]), written_from_json(str(uid), item["written"]))
            for uid, item in calendars.get(calendar_url, {}).items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(path, str(exc)) from None


def save_synced(path: Path, calendar_url: str, events: Mapping[str, SyncedEvent]) -> None:
    """Record ``events`` for ``calendar_url``, keeping what is recorded for other calendars."""
    calendars = _read(path)
    calendars[calendar_url] = {
        uid: {"href": event.href, "etag": event.etag, "written": written_to_json(event.written)}
        for uid, event in sorted(events.items())
    }
    data = {"format": FORMAT_VERSION, "calendars": calendars}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"), make_folder=True)


def as_export_state(events: Mapping[str, SyncedEvent]) -> ExportState:
    """The written events alone, as the exporter takes them (to keep each event's SEQUENCE rising)."""
    return ExportState({uid: event.written for uid, event in events.items()})


def _etag(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("etag must be text or null")
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        text = read_bounded(path, SYNC_STATE)
    except FileNotFoundError:
        return {}
    try:
        data = loads_bounded(text, str(path), "a sync state")
    except ValueError as exc:  # not JSON, or not UTF-8
        raise _damaged(path, str(exc)) from None
    except ConfplanError as exc:  # a value out of bounds
        raise _damaged(path, out_of_bounds(exc)) from None
    calendars = data.get("calendars") if isinstance(data, dict) and data.get("format") == FORMAT_VERSION else None
    if not isinstance(calendars, dict):
        raise _damaged(path, f"expected an object with format {FORMAT_VERSION} and calendars")
    return calendars


def _damaged(path: Path, why: str) -> ConfplanError:
    # Guessing could delete or duplicate events in the user's calendar: say what is wrong and how to start over.
    return ConfplanError(
        Problem(
            f"the sync state is damaged ({why}); it records which events confplan put into your calendar. Delete it "
            "to start over: the next sync then takes back the events it finds there that confplan made",
            str(path),
        )
    )
