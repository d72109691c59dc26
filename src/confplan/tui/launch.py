"""Starting the planner as the `confplan` command does.

A schedule that loads in a blink (the bundled one, a local file of a few megabytes, or any file whose parsed copy
is cached) is loaded before the planner starts, as before: its notes are printed and its errors reported before
the terminal changes.  A large file, or a URL, is opened with the planner already on screen: a loading screen
shows the steps while a background worker loads (tui/loading.py); notes and errors are printed when the planner
closes.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from confplan.errors import ConfplanError, Problem
from confplan.formats.common import LoadOptions
from confplan.storage.addresses import DownloadProgress, is_url
from confplan.storage.loading import load_schedule
from confplan.storage.schedule_cache import ScheduleCache
from confplan.storage.store import default_agenda_path, open_agenda
from confplan.tui.app import PlannerApp
from confplan.tui.ending import Ending
from confplan.tui.loading import Opened
from confplan.views.state import Clock, PlannerState, system_clock

#: Local schedule files up to this size are loaded before the planner starts (4 MB of schedule.xml is about
#: 2,000 events, parsed in a fraction of a second); larger files and URLs are opened with the planner on screen.
LOAD_BEFORE_START_BYTES = 4_000_000


def loads_quickly(schedule: str | None) -> bool:
    """Whether ``schedule`` (a path, a URL or None for the bundled programme) is worth no loading screen."""
    if schedule is None:
        return True
    if is_url(schedule):
        return False
    try:
        return Path(schedule).stat().st_size <= LOAD_BEFORE_START_BYTES
    except OSError:
        return True  # load_schedule reports what is wrong with it, before the planner starts


def _download_told_by(tell: Callable[[str], None]) -> DownloadProgress:
    """A download's progress as a line on the loading screen, new for each tenth of a megabyte."""
    shown = -1

    def progress(received: int, total: int | None) -> None:
        nonlocal shown
        if received // 100_000 != shown:
            shown = received // 100_000
            of = f" of {total / 1e6:.1f}" if total else ""
            tell(f"Downloading the schedule ({shown / 10:.1f}{of} MB)")

    return progress


def open_for_planner(
    schedule: str | None,
    options: LoadOptions,
    agenda_path: Path | None,
    clock: Clock,
    tell: Callable[[str], None],
    arrange: bool = True,
) -> Opened:
    """Everything the planner works on: the schedule (through the cache), the agenda file (default: the
    conference's usual one), the conflicts among its picks, and (with ``arrange``) the programme laid out for
    the list; without, the list lays out what it shows as it goes (the first screenful before the first frame)."""
    cache = ScheduleCache(write_later=True)
    conference, notes = load_schedule(
        schedule, options, cache=cache, progress=tell, download_progress=_download_told_by(tell)
    )
    tell("Opening your agenda")
    path = agenda_path if agenda_path is not None else default_agenda_path(conference)
    agenda = open_agenda(path, conference)
    tell("Looking for clashes among your picks")
    state = PlannerState(conference, agenda, clock)
    if arrange:
        tell("Arranging the programme")
        state.layout.lay_out_all()
    # The programme lives as long as the planner: take it out of the garbage collector's generations, so that
    # collections while the user types do not walk the hundreds of thousands of objects of a large programme.
    gc.freeze()
    return Opened(state, path, notes, cache.write_pending)


def make_planner(
    schedule: str | None,
    options: LoadOptions,
    agenda_path: Path | None = None,
    reading_list: Sequence[Path] = (),
    clock: Clock = system_clock,
    offline: bool = False,
) -> PlannerApp:
    """The planner on ``schedule``: loaded now if that is quick (errors are raised here), else in the background.
    The notes of a load done here are in ``app.notes`` before it runs."""
    if loads_quickly(schedule):
        opened = open_for_planner(schedule, options, agenda_path, clock, lambda step: None, arrange=False)
        app = PlannerApp(opened.state, opened.agenda_path, reading_list, offline=offline)
        app.notes = opened.notes
        app.after_first_frame = opened.afterwards
        return app
    assert schedule is not None  # the bundled programme always loads quickly
    opener = partial(open_for_planner, schedule, options, agenda_path, clock)
    name = schedule if is_url(schedule) else Path(schedule).name
    return PlannerApp(None, None, reading_list, opener=opener, opening=name, offline=offline)


def stdin_is_a_terminal() -> bool:
    """The planner takes its keys from standard input: without a terminal there, it has nothing to read."""
    try:
        return sys.__stdin__ is not None and os.isatty(sys.__stdin__.fileno())
    except (OSError, ValueError):  # closed
        return False


def _run_until_ended(app: PlannerApp) -> None:
    """Run the planner until it quits or is ended: by SIGHUP, SIGTERM or SIGINT, or by its terminal going away,
    it saves the picks and exits with 128 + the signal's number (see tui/ending.py)."""
    ending = Ending(save=app.save_now, quit=lambda status: app.exit(return_code=status))
    if os.name == "posix":
        from confplan.tui.terminal_driver import driver_ending_with

        app.driver_class = driver_ending_with(ending.terminal_gone)

    async def run() -> None:
        with ending.watching(asyncio.get_running_loop()):
            await app.run_async()

    asyncio.run(run())


def run_planner(
    schedule: str | None,
    options: LoadOptions,
    agenda_path: Path | None,
    reading_list: Sequence[Path],
    tell_notes: Callable[[list[Problem]], None],
    offline: bool = False,
) -> int:
    """Run the planner; ``tell_notes`` prints what the schedule's import noted (before the planner starts when the
    schedule was loaded first, after it closes otherwise).  Raises ConfplanError for what stops it."""
    if not stdin_is_a_terminal():
        raise ConfplanError(
            "the planner takes its keys from a terminal, and standard input is not one; "
            "without a terminal, use the commands (`confplan list`, `confplan pick`, `confplan agenda show`)"
        )
    app = make_planner(schedule, options, agenda_path, reading_list, offline=offline)
    if not app.opens_in_background:
        tell_notes(app.notes)
    _run_until_ended(app)
    if app.open_error is not None:
        raise app.open_error
    if app.opens_in_background:
        tell_notes(app.notes)
    if app.unsaved is not None:
        raise app.unsaved  # the picks of the last moments are not in the file
    return app.return_code or 0
