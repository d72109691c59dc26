"""What every command shares: the global options and the schedule they select, loaded once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from confplan.errors import ConfplanError, Problem
from confplan.model import Conference, zone_named
from confplan.text.plain_text import printable

# Only what every command needs is imported here; the rest when a command uses it, so that `confplan --help` or a
# command that loads no schedule does not pay for the parsers, the cache or the network (tests/cli/test_imports.py).
if TYPE_CHECKING:
    from confplan.domain.agenda import Agenda
    from confplan.formats.common import LoadOptions

#: The names `--format` accepts, for its help (the registry imports every parser; a test holds the two equal).
FORMAT_NAMES = ("frab-xml", "ical", "schedule-json", "iclr-text")
#: The default of --download-timeout: storage.addresses' TIMEOUT_SECONDS (fetch imports the network; a test holds the
#: two equal).
DOWNLOAD_SECONDS = 30.0
#: Lines skipped by --lenient that are listed one by one; a file with 50,000 bad lines gets a count for the rest.
SKIPPED_SHOWN = 20


def add_global_options(parser: argparse.ArgumentParser, suppress_defaults: bool) -> None:
    """Options accepted before or after the command name (``confplan --schedule F list`` or ``list --schedule F``)."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress_defaults else value

    parser.add_argument(
        "--agenda",
        type=Path,
        metavar="PATH",
        default=default(None),
        help="agenda file to use (default: one per conference in your data directory)",
    )
    group = parser.add_argument_group("schedule options")
    group.add_argument(
        "--schedule",
        metavar="PATH|URL",
        default=default(None),
        help="programme file or http(s) URL to use instead of the bundled ICLR 2023 programme "
        "(ICLR text, frab/Pentabarf schedule.xml, c3voc/pretalx schedule.json or .ics; recognised by content)",
    )
    group.add_argument(
        "--format",
        metavar="FORMAT",
        type=parse_format,
        default=default(None),
        help="read the schedule in this format instead of recognising it: " + ", ".join(FORMAT_NAMES),
    )
    group.add_argument(
        "--timezone",
        metavar="ZONE",
        type=parse_zone,
        default=default(None),
        help="IANA time zone of the schedule, when it has no conference.yaml (e.g. Africa/Kigali)",
    )
    group.add_argument("--year", type=int, default=default(None), help="year of the schedule, when the text has none")
    group.add_argument(
        "--lenient",
        action="store_true",
        default=default(False),
        help="load what can be read, skip bad lines and report each of them",
    )
    group.add_argument(
        "--download-timeout",
        metavar="SECONDS",
        type=positive_seconds,
        default=default(DOWNLOAD_SECONDS),
        help=f"--schedule URL: give up a download after this long in all and use the cached copy "
        f"(default {DOWNLOAD_SECONDS:g})",
    )


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._conference: Conference | None = None

    def conference(self) -> Conference:
        if self._conference is None:
            self._conference = load_and_report(
                self.schedule(), self.load_options(), download_seconds=self.args.download_timeout
            )
        return self._conference

    def schedule(self) -> str | None:
        """``--schedule``; without it, the programme the ``--agenda`` file was made on (saying so); else None, the
        bundled programme."""
        if self.args.schedule is not None or getattr(self.args, "agenda", None) is None:
            return self.args.schedule  # type: ignore[no-any-return]
        agenda_path: Path = self.args.agenda
        if not agenda_path.is_file():
            return None
        from confplan.storage.store import load_agenda

        try:
            source = load_agenda(agenda_path).schedule_source
        except ConfplanError:
            return None  # the command reads the agenda again and says what is wrong with it
        if source:
            note(f"{agenda_path} was made on the programme {source}; using it (--schedule chooses another)")
        return source or None

    def load_options(self) -> LoadOptions:
        from confplan.formats.common import LoadOptions

        return LoadOptions(
            timezone=self.args.timezone, year=self.args.year, lenient=self.args.lenient, format=self.args.format
        )


def load_and_report(
    schedule: str | None, options: LoadOptions, papers: bool = True, download_seconds: float = DOWNLOAD_SECONDS
) -> Conference:
    """Load a schedule (through the parsed-schedule cache) and tell the user, on stderr, what was skipped and what
    the import noted.  ``papers``: with the titles of its paper list, when one was fetched (see `papers fetch`)."""
    from confplan.cli.download_bar import download_bar
    from confplan.storage.loading import load_schedule
    from confplan.storage.schedule_cache import ScheduleCache

    with download_bar() as progress:
        conference, reported = load_schedule(
            schedule,
            options,
            cache=ScheduleCache(),
            download_progress=progress,
            papers=papers,
            download_seconds=download_seconds,
        )
    report_problems(reported)
    return conference


def report_problems(reported: list[Problem]) -> None:
    """On stderr: what a load skipped (with --lenient; the first SKIPPED_SHOWN, then a count) and what its import
    noted."""
    from confplan.formats.common import Note

    skipped = 0
    for problem in reported:
        label = "note" if isinstance(problem, Note) else "skipped"
        skipped += label == "skipped"
        if label == "note" or skipped <= SKIPPED_SHOWN:
            print(f"confplan: {label}: {printable(str(problem))}", file=sys.stderr)
    if skipped > SKIPPED_SHOWN:
        print(f"confplan: … and {skipped - SKIPPED_SHOWN:,} more skipped", file=sys.stderr)


def parse_zone(text: str) -> str:
    """--timezone: an IANA zone name, checked when the command line is read."""
    try:
        return zone_named(text).key
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 86400:
        raise argparse.ArgumentTypeError(f"expected a number of seconds such as 30, not {text!r}")
    return seconds


def parse_format(text: str) -> str:
    from confplan.formats.registry import find_format

    try:
        return find_format(text).name
    except ConfplanError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--format: ")) from None


# --- what the agenda commands share ------------------------------------------------------------------------------


def command_options(parser: argparse.ArgumentParser, walking: bool = False) -> None:
    """The options every agenda command takes (``walking``: also --walking-minutes, for the clash rules)."""
    if walking:
        parser.add_argument(
            "--walking-minutes",
            type=whole_minutes,
            default=5,
            metavar="N",
            help="minutes needed to change rooms; closer picks are a tight change (default 5)",
        )
    add_global_options(parser, suppress_defaults=True)


def whole_minutes(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of minutes, not {text!r}")
    return int(text)


def agenda_path_for(args: argparse.Namespace, conference: Conference) -> Path:
    """--agenda, or the conference's own agenda file in the user's data directory."""
    from confplan.storage.store import default_agenda_path

    path: Path | None = args.agenda
    return path if path is not None else default_agenda_path(conference)


def open_agenda_for(args: argparse.Namespace, conference: Conference) -> tuple[Agenda, Path]:
    """The agenda the command works on (a new one when its file does not exist yet), and its path."""
    from confplan.storage.store import open_agenda

    path = agenda_path_for(args, conference)
    agenda = open_agenda(path, conference)
    tell_relinked(agenda, path)
    return agenda, path


def tell_relinked(agenda: Agenda, path: Path) -> None:
    for moved in agenda.relinked:
        note(f"{path}: {moved.old_id} is now {moved.new_id} in the programme (same content); re-linked")


def save_and_tell(agenda: Agenda, path: Path, conference: Conference) -> None:
    """Save, and tell what was kept of changes another program saved to the file meanwhile."""
    from confplan.storage.store import save_agenda

    save_agenda(agenda, path, conference)
    for message in agenda.merged_on_save:
        note(f"{path}: {message}")


def note(text: str) -> None:
    """A line for the user on stderr (what happened besides the output), schedule text made printable."""
    print(f"confplan: {printable(text)}", file=sys.stderr)


def out(text: str) -> None:
    """A line of output on stdout, schedule text made printable."""
    print(printable(text))
