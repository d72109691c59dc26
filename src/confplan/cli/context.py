"""What every command shares: the global options and the schedule they select, loaded once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confplan.formats.registry import LoadOptions, load_schedule
from confplan.model import Conference
from confplan.plain_text import printable


def add_global_options(parser: argparse.ArgumentParser, suppress_defaults: bool) -> None:
    """Options accepted before or after the command name (``confplan --schedule F list`` or ``list --schedule F``)."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress_defaults else value

    group = parser.add_argument_group("schedule options")
    group.add_argument(
        "--schedule",
        metavar="PATH",
        type=Path,
        default=default(None),
        help="programme file to use instead of the bundled ICLR 2023 programme",
    )
    group.add_argument(
        "--timezone",
        metavar="ZONE",
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


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._conference: Conference | None = None

    def conference(self) -> Conference:
        if self._conference is None:
            options = LoadOptions(timezone=self.args.timezone, year=self.args.year, lenient=self.args.lenient)
            self._conference, skipped = load_schedule(self.args.schedule, options)
            for problem in skipped:
                print(f"confplan: skipped: {printable(str(problem))}", file=sys.stderr)
        return self._conference
