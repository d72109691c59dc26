"""What the last calendar export wrote, kept in a small JSON file beside the agenda.

Calendars recognise an updated event by its UID and a higher SEQUENCE.  To know whether an event changed (and so
needs a higher SEQUENCE) or disappeared (and so must be sent once more as cancelled), the exporter compares what it
is about to write with what it wrote last time.  This module is the only part of the export that touches files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from confplan.errors import ConfplanError, Problem
from confplan.formats.bounded_json import loads_bounded, out_of_bounds
from confplan.storage.atomic_files import write_atomically
from confplan.storage.bounded_files import EXPORT_STATE, check_size_to_write, read_bounded

STATE_SUFFIX = ".export-state.json"
PROGRAMME_STATE_SUFFIX = ".export-all-state.json"  # `--all` exports are meant for a calendar of their own
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class WrittenEvent:
    """One VEVENT as the last export wrote it: the fields calendars treat as significant, and a digest of the rest."""

    event_id: str
    title: str
    start: datetime  # aware
    end: datetime
    room: str | None
    status: str  # CONFIRMED, TENTATIVE or CANCELLED
    sequence: int
    digest: str  # of everything else the calendar shows (summary, description, location, alarm…)


@dataclass(frozen=True, slots=True)
class ExportState:
    """What the exports of one agenda have written so far, by UID (cancelled events stay, to keep their SEQUENCE)."""

    events: Mapping[str, WrittenEvent] = field(default_factory=dict)


def state_path_for(agenda_path: Path, all_events: bool = False) -> Path:
    """The state file beside an agenda: ``my.yaml`` → ``my.yaml.export-state.json``.

    Exports of the whole programme keep their own (``my.yaml.export-all-state.json``): they go to a calendar of
    their own, and sharing one state would make the next export of the picks cancel every event not picked.
    """
    return agenda_path.with_name(agenda_path.name + (PROGRAMME_STATE_SUFFIX if all_events else STATE_SUFFIX))


def load_state(path: Path) -> ExportState | None:
    """The state saved at ``path``, or None when there is none yet (the first export of an agenda)."""
    try:
        text = read_bounded(path, EXPORT_STATE).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise ConfplanError(Problem(f"cannot read the export state: {exc}", str(path))) from None
    try:
        return _state_from_json(loads_bounded(text, str(path), "an export state"))
    except ConfplanError as exc:  # a value out of bounds
        why = out_of_bounds(exc)
    except (ValueError, KeyError, TypeError) as exc:
        why = str(exc)
    # Guessing would risk duplicates or ghosts in the user's calendar; say what is wrong and how to start over.
    raise ConfplanError(
        Problem(
            f"the export state is damaged ({why}); it records what earlier exports wrote, so that re-imports "
            "update instead of duplicating. Delete it to start over (the next export then counts as the first)",
            str(path),
        )
    )


def save_state(path: Path, state: ExportState) -> None:
    data = {
        "format": FORMAT_VERSION,
        "events": {uid: written_to_json(written) for uid, written in sorted(state.events.items())},
    }
    written = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    check_size_to_write(written, EXPORT_STATE, str(path))
    write_atomically(path, written, make_folder=True)  # the agenda's folder may not exist yet


def written_to_json(written: WrittenEvent) -> dict[str, Any]:
    """One written event as JSON (also kept by the CalDAV sync's state)."""
    return {
        "event_id": written.event_id,
        "title": written.title,
        "start": written.start.isoformat(),
        "end": written.end.isoformat(),
        "room": written.room,
        "status": written.status,
        "sequence": written.sequence,
        "digest": written.digest,
    }


def _state_from_json(raw: object) -> ExportState:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_VERSION or not isinstance(raw.get("events"), dict):
        raise ValueError(f"expected an object with format {FORMAT_VERSION} and events")
    return ExportState({str(uid): written_from_json(str(uid), item) for uid, item in raw["events"].items()})


def written_from_json(uid: str, item: Any) -> WrittenEvent:
    """The inverse of :func:`written_to_json`; ValueError, KeyError or TypeError for anything else."""
    start = datetime.fromisoformat(item["start"])
    end = datetime.fromisoformat(item["end"])
    sequence = item["sequence"]
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError(f"{uid}: times without a UTC offset")
    if not isinstance(sequence, int) or sequence < 0:
        raise ValueError(f"{uid}: sequence must be a whole number >= 0")
    room = item["room"]
    return WrittenEvent(
        event_id=str(item["event_id"]),
        title=str(item["title"]),
        start=start,
        end=end,
        room=None if room is None else str(room),
        status=str(item["status"]),
        sequence=sequence,
        digest=str(item["digest"]),
    )
