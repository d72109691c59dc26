"""Finding and loading a schedule: the bundled one, or a file given by the user."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from confplan import locations
from confplan.errors import ConfplanError, Problem
from confplan.formats.iclr_text import load_iclr_text
from confplan.model import Conference
from confplan.settings import SETTINGS_FILE, ConferenceSettings, load_settings, settings_from_mapping


@dataclass(frozen=True)
class LoadOptions:
    """What the command line may say about a schedule that the file itself does not."""

    timezone: str | None = None
    year: int | None = None
    name: str | None = None
    lenient: bool = False


def load_schedule(path: Path | None, options: LoadOptions = LoadOptions()) -> tuple[Conference, list[Problem]]:
    """Load ``path`` (or the bundled programme); return the conference and the problems skipped leniently."""
    schedule = path if path is not None else locations.bundled_schedule()
    if not schedule.is_file():
        raise ConfplanError(Problem("no such schedule file" if not schedule.exists() else "not a file", str(schedule)))
    return load_iclr_text(schedule, _settings_for(schedule, options), options.lenient)


def _settings_for(schedule: Path, options: LoadOptions) -> ConferenceSettings:
    beside = schedule.with_name(SETTINGS_FILE)
    if beside.is_file():
        settings = load_settings(beside)
    elif options.timezone is None:
        raise ConfplanError(
            Problem(
                f"the programme gives no time zone and there is no {SETTINGS_FILE} beside it; "
                "pass --timezone (e.g. Africa/Kigali) and --year",
                str(schedule),
            )
        )
    else:
        settings = settings_from_mapping({"timezone": options.timezone}, "--timezone")
    if options.timezone is not None:
        settings = replace(
            settings, timezone=settings_from_mapping({"timezone": options.timezone}, "--timezone").timezone
        )
    if options.year is not None:
        settings = replace(settings, year=options.year)
    if options.name:
        settings = replace(settings, name=options.name)
    return settings
