"""What a conference.yaml says about a programme text that the text does not: zone, year, lengths, corrections.

Only the values; reading them from the file is ``confplan.storage.conference_yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

#: The file beside a programme that holds these settings.
SETTINGS_FILE = "conference.yaml"

#: Used when conference.yaml does not give a length.  Estimates; times derived from them are marked so.
DEFAULT_DURATIONS: dict[str, int | time] = {
    "registration": time(18, 0),
    "invited talk": 60,
    "oral session": 90,
    "oral talk": 10,
    "poster session": 120,
    "workshop": 120,
    "social": 60,
    "other": 60,
}


@dataclass(frozen=True)
class TimeOverride:
    start: datetime | None
    end: datetime | None
    line: int | None = None  # of its key in conference.yaml, for messages


@dataclass(frozen=True)
class PaperSources:
    """Where the conference's paper list comes from (``papers:`` in conference.yaml): an OpenReview venue id
    and/or a file (as written: relative to conference.yaml)."""

    openreview: str = ""  # e.g. ICLR.cc/2023/Conference
    file: str = ""


@dataclass(frozen=True)
class ConferenceSettings:
    timezone: str
    name: str = ""
    venue: str = ""
    year: int | None = None
    durations: dict[str, int | time] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))
    overrides: dict[str, TimeOverride] = field(default_factory=dict)
    papers: PaperSources = PaperSources()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
