"""The `confplan` command: parses arguments, calls the library, prints, sets the exit code.

Each group of commands lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from confplan import __version__
from confplan.cli.context import Context, add_global_options
from confplan.cli.habits import Parser, describe_subcommands
from confplan.errors import ConfplanError
from confplan.text.plain_text import printable
from confplan.text.wording import counted

EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE
#: A file with 50,000 bad lines is not worth 50,000 lines of messages.
MAX_PROBLEMS_SHOWN = 20


def command_modules() -> list[ModuleType]:
    """The modules of the commands, each with ``register(subparsers)``; imported only when the commands are parsed
    (the planner's start needs none of them)."""
    from confplan.cli import (
        agenda_cmds,
        changes_cmds,
        export_cmds,
        help_cmds,
        papers_cmds,
        schedule_change_cmds,
        schedule_cmds,
        suggest_cmds,
        sync_cmds,
    )

    return [
        schedule_cmds,
        suggest_cmds,
        papers_cmds,
        export_cmds,
        sync_cmds,
        schedule_change_cmds,
        agenda_cmds,
        changes_cmds,
        help_cmds,
    ]


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without the commands, the planner's options only (see ``parse_arguments``)."""
    parser = (Parser if with_commands else _PlannerOnlyParser)(
        prog="confplan",
        description="Plan your conference: browse the programme, pick talks, see clashes, export to your calendar.",
        epilog="With no command, opens the planner (terminal UI) on the programme.",
    )
    parser.add_argument("--version", action="version", version=f"confplan {__version__}")
    add_global_options(parser, suppress_defaults=False)
    parser.add_argument(
        "--from",
        dest="reading_list",
        action="append",
        type=Path,
        metavar="FILE",
        help="planner: a reading list (publication listing or YAML) for the suggested filter and score column; "
        "repeat for several (default for the bundled programme: its example listings)",
    )
    parser.add_argument(
        "--no-reading-list",
        action="store_true",
        help="planner: no reading list, so no score column and no suggestions (not even the bundled example)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="planner: never touch the network (no fetching of paper titles; also CONFPLAN_OFFLINE=1)",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        module.register(subparsers)
    describe_subcommands(parser)
    return parser


class _NotThePlanner(Exception):
    """The arguments are not a plain start of the planner: the whole parser decides (and words any error)."""


class _PlannerOnlyParser(Parser):
    def error(self, message: str) -> NoReturn:
        raise _NotThePlanner(message)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, parsed.  Starting the planner (no command) is the usual case and parsed without the commands'
    parsers, whose building took longer than the rest of the parsing (issue 17); a command, help, or anything the
    planner's options do not account for goes to the whole parser, which answers as it always did."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not any(word == "-h" or (word.startswith("--h") and "--help".startswith(word)) for word in words):
        try:
            args, rest = build_parser(with_commands=False).parse_known_args(words)
        except _NotThePlanner:
            pass
        else:
            if not rest:
                return args
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    context = Context(args)
    try:
        if args.command is None:
            return run_planner(context)
        handler = args.handler
        result: int = handler(args, context)
        return result
    except ConfplanError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"confplan: {printable(str(problem))}", file=sys.stderr)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:  # the rest are usually the same mistake again
            more = len(exc.problems) - MAX_PROBLEMS_SHOWN
            print(f"confplan: … and {counted(more, 'more problem')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (`confplan list | head`): nothing to say, nothing wrong
        # Python would try to flush what is left at exit and fail again: send the rest nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug of ours: say so in one line (CONFPLAN_DEBUG=1 shows the traceback)
        if os.environ.get("CONFPLAN_DEBUG"):
            raise
        print(
            f"confplan: internal error ({type(exc).__name__}: {printable(str(exc))[:300]}). "
            "Please report it; CONFPLAN_DEBUG=1 shows the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL_ERROR


def run_planner(context: Context) -> int:
    from confplan.cli.context import report_problems
    from confplan.storage.listings import bundled_reading_list
    from confplan.tui.launch import run_planner as run

    # The bundled programme comes with its reading-list example; another programme has suggestions with --from.
    schedule = context.schedule()
    reading_list = context.args.reading_list or (bundled_reading_list() if schedule is None else [])
    if context.args.no_reading_list:
        reading_list = []
    return run(
        schedule,
        context.load_options(),
        context.args.agenda,
        reading_list,
        report_problems,
        offline=context.args.offline,
    )
