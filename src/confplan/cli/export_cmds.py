"""`confplan export`: the agenda (or the whole programme) as an .ics file for calendar apps."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confplan.cli.context import Context, add_global_options
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference
from confplan.text.plain_text import printable
from confplan.text.wording import counted

if TYPE_CHECKING:
    from confplan.domain.agenda import Agenda
    from confplan.storage.export_state import ExportState

MAX_REMINDER = timedelta(days=7)
_DURATION = re.compile(r"^(?:(?P<days>\d+)d)?(?:(?P<hours>\d+)h)?(?:(?P<minutes>\d+)m(?:in)?)?$")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write your agenda as an .ics file for your calendar app",
        description=(
            "Write your picks (or, with --all, the whole programme) as an iCalendar file. Times are in the "
            "conference's time zone. Exporting again after a change updates the events in your calendar instead "
            "of duplicating them; picks you removed are sent as cancelled. What was exported is remembered in a "
            "file beside the agenda (<agenda>.export-state.json; <agenda>.export-all-state.json for --all); "
            "an export to stdout (-o -) is not remembered. With --vdir, each pick is a file of its own in a "
            "folder that khal reads and vdirsyncer syncs, brought up to date in place."
        ),
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the .ics file to write; - for stdout (a preview: not remembered for later updates)",
    )
    where.add_argument(
        "--vdir",
        type=Path,
        metavar="DIR",
        help="a calendar folder (vdir, as khal and vdirsyncer use): one <UID>.ics per pick, changed ones "
        "rewritten, removed ones deleted, other files left alone",
    )
    parser.add_argument(
        "--remind",
        metavar="DURATION",
        type=parse_duration,
        help="add a reminder this long before each event, e.g. 10m, 1h, 1h30m or 1d",
    )
    parser.add_argument(
        "--all", dest="all_events", action="store_true", help="export the whole programme, not only your picks"
    )
    add_global_options(parser, suppress_defaults=True)
    parser.set_defaults(handler=export_command)


def parse_duration(text: str) -> timedelta:
    """``10m``, ``1h``, ``1h30m``, ``1d``: how long before an event its reminder goes off."""
    match = _DURATION.match(text.strip().lower().replace(" ", ""))
    if not text.strip() or match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration; expected minutes, hours or days such as 10m, 1h, 1h30m or 1d"
        )
    duration = timedelta(**{unit: int(value) for unit, value in match.groupdict().items() if value})
    if duration > MAX_REMINDER:
        raise argparse.ArgumentTypeError(f"{text!r} is too long for a reminder; at most 7d")
    return duration


def export_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.agenda import Agenda
    from confplan.storage.atomic_files import write_atomically
    from confplan.storage.export_ics import build_calendar  # with icalendar: imported by the command that uses it
    from confplan.storage.export_state import ExportState, load_state, save_state, state_path_for
    from confplan.storage.store import default_agenda_path, load_agenda

    conference = context.conference()
    agenda_path: Path = args.agenda or default_agenda_path(conference)
    if args.agenda is None and not agenda_path.exists():
        agenda = Agenda.for_conference(conference)  # nothing picked yet: a valid calendar with no events
    else:
        agenda = load_agenda(agenda_path, conference)
    if args.vdir is not None:
        return export_vdir_command(args, conference, agenda, agenda_path)
    state_path = state_path_for(agenda_path, args.all_events)
    output = None if args.output == "-" else Path(args.output)
    protected = (agenda_path, state_path_for(agenda_path), state_path_for(agenda_path, all_events=True))
    if output is not None and output.resolve() in {p.resolve() for p in protected}:
        raise ConfplanError(Problem("refusing to write the calendar over the agenda or its export state", str(output)))

    previous = load_state(state_path)
    data, state = build_calendar(
        conference,
        agenda,
        now=datetime.now(UTC),
        remind=args.remind,
        previous=previous,
        all_events=args.all_events,
    )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, data)
    # Only a file export is remembered: `-o -` is a preview (or a pipe) and must not use up the one-time
    # cancellations and updates that the next file export owes the calendar that imported the last file.
    if output is not None and state != (previous or ExportState()):
        save_state(state_path, state)

    if len(agenda) == 0 and not args.all_events:
        _say_no_picks(agenda_path)
    print(f"confplan: {summary(previous, state)} to {printable(args.output if output else 'stdout')}", file=sys.stderr)
    _say_clashes(conference, agenda)
    return 0


def export_vdir_command(args: argparse.Namespace, conference: Conference, agenda: Agenda, agenda_path: Path) -> int:
    from confplan.storage.vdir import export_vdir

    if args.all_events:
        raise ConfplanError(Problem("--vdir writes your picks, not the whole programme: use -o FILE with --all"))
    changes = export_vdir(args.vdir, conference, agenda, now=datetime.now(UTC), remind=args.remind)
    if len(agenda) == 0:
        _say_no_picks(agenda_path, whole_programme_hint=False)
    events = len(changes.new) + len(changes.updated) + len(changes.unchanged)
    counts = (
        f"{len(changes.new)} new, {len(changes.updated)} updated, {len(changes.removed)} removed, "
        f"{len(changes.unchanged)} unchanged"
    )
    print(f"confplan: {printable(str(args.vdir))} now holds {counted(events, 'event')} ({counts})", file=sys.stderr)
    _say_clashes(conference, agenda)
    return 0


def _say_clashes(conference: Conference, agenda: Agenda) -> None:
    """A calendar shows clashing events side by side without a word: the export says so while it can still help."""
    from confplan.domain.conflicts import ConflictKind, find_conflicts

    clashes = find_conflicts(conference, agenda).counts()[ConflictKind.CLASH]  # counted, none written out
    if clashes:
        print(
            f"confplan: note: your picks hold {counted(clashes, 'clash')}; `confplan conflicts` says what to do",
            file=sys.stderr,
        )


def _say_no_picks(agenda_path: Path, whole_programme_hint: bool = True) -> None:
    hint = ", or use --all for the whole programme" if whole_programme_hint else ""
    print(
        f"confplan: no picks in {printable(str(agenda_path))}, so the calendar has no events "
        f"(pick talks in the planner first{hint})",
        file=sys.stderr,
    )


def summary(previous: ExportState | None, state: ExportState) -> str:
    from confplan.storage.export_ics import CANCELLED

    """What this export does to a calendar that imported the previous one, in words."""
    before = previous.events if previous is not None else {}
    new = updated = cancelled = unchanged = 0
    for uid, written in state.events.items():
        last = before.get(uid)
        if last is None:
            new += 1
        elif written.sequence == last.sequence:
            unchanged += written.status != CANCELLED
        elif written.status == CANCELLED:
            cancelled += 1
        else:
            updated += 1
    parts = [f"{new} new", f"{updated} updated", f"{cancelled} cancelled", f"{unchanged} unchanged"]
    return f"wrote {new + updated + cancelled + unchanged} events ({', '.join(parts)})"
