"""`confplan pick`, `unpick`, `conflicts` and `agenda show|diff|merge|validate|owner|restore`: the agenda on the
command line.

Every command works on one agenda file: ``--agenda PATH``, or by default the conference's own file in the user's
data directory (see ``store.default_agenda_path``).  Commands that change the agenda check everything first and
save once, atomically, at the end: a bad id or a bad file leaves the agenda on disk untouched.  Picks another
program saved to the file meanwhile are kept (see ``store.save_agenda``), and the user is told.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confplan.cli.context import (
    Context,
    agenda_path_for,
    command_options,
    note,
    open_agenda_for,
    out,
    save_and_tell,
    tell_relinked,
    whole_minutes,
)
from confplan.cli.schedule_cmds import resolve_id, room_column_width
from confplan.errors import ConfplanError
from confplan.model import Conference, Event, time_span
from confplan.text.clock import clock_time, time_range
from confplan.text.wording import counted, duration

if TYPE_CHECKING:
    from confplan.domain.agenda import Agenda, Pick
    from confplan.domain.conflicts import Conflict, ConflictReport, Gap

#: Lists of picks a command changed, and of the conflicts it created, stop after this many lines and say how many more.
LISTED = 20
#: `confplan conflicts` lists this many (a person's agenda has a few dozen at most; a colleague's 50,000 picks made
#: 8 million, and writing out 355,000 took 23 s); `--all` lists every one.  `agenda show` shows a few under each pick.
CONFLICTS_LISTED = 100
_CONFLICTS_UNDER_A_PICK = 5
EXIT_NOT_DONE = 1  # `unpick` of something not picked, `agenda validate` of an invalid file, `conflicts --check`
_ON_NOW_SHOWN = 4


def register(subparsers: Any) -> None:
    pick = subparsers.add_parser("pick", help="add events to your agenda (picking again updates priority and note)")
    pick.add_argument("ids", nargs="+", metavar="ID", help="event ids (or unique starts of them), see `confplan list`")
    pick.add_argument("--maybe", action="store_true", help="pick with priority `maybe` instead of `must`")
    pick.add_argument("--note", metavar="TEXT", help="a personal note for these picks")
    command_options(pick, walking=True)
    pick.set_defaults(handler=pick_command)

    unpick = subparsers.add_parser(
        "unpick", help="remove events from your agenda (exit status 1 if one of them was not picked)"
    )
    unpick.add_argument("ids", nargs="+", metavar="ID", help="ids of picked events (orphaned ones too)")
    command_options(unpick)
    unpick.set_defaults(handler=unpick_command)

    conflicts = subparsers.add_parser("conflicts", help="clashes, soft overlaps and tight room changes in your agenda")
    conflicts.add_argument("--json", action="store_true", help="print a JSON object")
    conflicts.add_argument(
        "--check", action="store_true", help=f"for scripts: exit status {EXIT_NOT_DONE} when any two picks clash"
    )
    conflicts.add_argument(
        "--all", action="store_true", help=f"list every conflict (without it: the first {CONFLICTS_LISTED} and a count)"
    )
    command_options(conflicts, walking=True)
    conflicts.set_defaults(handler=conflicts_command)

    agenda = subparsers.add_parser("agenda", help="show, compare, merge or check agenda files")
    commands = agenda.add_subparsers(dest="agenda_command", metavar="ACTION", required=True)

    show = commands.add_parser("show", help="your picks in time order, with conflicts and free time")
    show.add_argument(
        "--gap-minutes",
        type=whole_minutes,
        default=15,
        metavar="N",
        help="free time shorter than N minutes is not shown",
    )
    command_options(show, walking=True)
    show.set_defaults(handler=show_command)

    diff = commands.add_parser("diff", help="compare with a colleague's agenda: shared, only mine, only theirs, meet")
    diff.add_argument("theirs", type=Path, metavar="THEIRS.yaml")
    command_options(diff)
    diff.set_defaults(handler=diff_command)

    merge = commands.add_parser("merge", help="add a colleague's picks to yours (each remembers who it came from)")
    merge.add_argument("theirs", type=Path, metavar="THEIRS.yaml")
    merge.add_argument("--as", dest="their_name", metavar="NAME", help="label their picks (default: their owner name)")
    command_options(merge, walking=True)
    merge.set_defaults(handler=merge_command)

    validate = commands.add_parser("validate", help="check an agenda file (exit status 0 valid, 1 invalid)")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=validate_command)

    owner = commands.add_parser("owner", help="set the name that labels your picks when others merge them")
    owner.add_argument("name", metavar="NAME")
    command_options(owner)
    owner.set_defaults(handler=owner_command)

    restore = commands.add_parser(
        "restore", help="put back the previous version (<agenda>.bak, kept by every save); again to undo"
    )
    command_options(restore)
    restore.set_defaults(handler=restore_command)


# --- pick / unpick -----------------------------------------------------------------------------------------------


def pick_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.agenda import Priority
    from confplan.domain.conflicts import conflicts_added, find_conflicts

    conference = context.conference()
    agenda, path = open_agenda_for(args, conference)
    events = _all_or_nothing(conference, args.ids)
    priority = Priority.MAYBE if args.maybe else Priority.MUST
    before = find_conflicts(conference, agenda, args.walking_minutes)
    done: list[str] = []
    for event in events:
        existing = agenda.get(event.id)
        pick = agenda.pick(event, priority, args.note)
        word = "picked" if existing is None else "already" if existing == pick else "updated"
        done.append(f"{word:<9} {_pick_line(conference, pick)}")
    save_and_tell(agenda, path, conference)  # told only once it is saved: a failed save picked nothing
    _out_some(done, "`confplan agenda show` lists them")
    added = conflicts_added(before, find_conflicts(conference, agenda, args.walking_minutes), shown=LISTED)
    _out_some(
        [f"  {c.kind.value}: {c.message}" for c in added.earliest], "`confplan conflicts` lists them", added.total
    )
    note(f"{counted(len(agenda), 'pick')} in {path}")
    return 0


def _out_some(lines: list[str], where_all: str, total: int | None = None) -> None:
    """The first LISTED of ``total`` lines (``lines`` may hold only those), then how many more and where to see them:
    a colleague's 50,000 picks are not 50,000 lines."""
    total = len(lines) if total is None else total
    for line in lines[:LISTED]:
        out(line)
    if total > LISTED:
        out(f"… and {total - LISTED:,} more; {where_all}")


def _all_or_nothing(conference: Conference, ids: list[str]) -> list[Event]:
    """Every id resolved before anything changes; one bad id stops the command, and the message says so."""
    events, problems = [], []
    for event_id in ids:
        try:
            events.append(resolve_id(conference, event_id))
        except ConfplanError as exc:
            problems.extend(exc.problems)
    if problems:
        valid = f" (not even the {counted(len(events), 'valid one')})" if events else ""
        raise ConfplanError(*problems, f"nothing was picked{valid}; fix the id and run the command again")
    return _unique(events)


def _unique(events: Iterable[Event]) -> list[Event]:
    seen: dict[str, Event] = {}
    for event in events:
        seen.setdefault(event.id, event)
    return list(seen.values())


def unpick_command(args: argparse.Namespace, context: Context) -> int:
    conference = context.conference()
    agenda, path = open_agenda_for(args, conference)
    wanted: list[str] = []
    not_picked: list[str] = []
    for text in args.ids:
        event_id = _picked_id(agenda, text)
        if event_id is None:  # not picked: name what it is, or fail if it is nothing at all
            event = resolve_id(conference, text)
            not_picked.append(f"{event.id} “{event.title}” is not in your agenda; nothing to unpick")
        elif event_id not in wanted:
            wanted.append(event_id)
    done = [f"unpicked  {_pick_line(conference, agenda.unpick(event_id))}" for event_id in wanted]
    if wanted:
        save_and_tell(agenda, path, conference)  # told only once it is saved
    _out_some(done, "`confplan agenda show` lists what is left")
    for message in not_picked:
        note(message)
    return EXIT_NOT_DONE if not_picked else 0


def _picked_id(agenda: Agenda, text: str) -> str | None:
    """The picked id ``text`` names (exactly or as a unique start), so that orphans can be unpicked too."""
    wanted = text.strip().lower()
    if wanted in agenda:
        return wanted
    starting = [p.id for p in agenda if p.id.startswith(wanted)]
    if len(starting) > 1:
        raise ConfplanError(f"the id {text!r} starts {len(starting)} picked ids ({', '.join(sorted(starting))})")
    return starting[0] if starting else None


# --- show ------------------------------------------------------------------------------------------------------


def _pick_line(conference: Conference, pick: Pick, room_width: int = 11) -> str:
    """One line for a pick: current details when the programme has it, the saved ones (orphaned) when not."""
    event = conference.get(pick.id)
    if event is None:
        start, when, room, title = pick.start, time_range(pick.start, pick.end), pick.room, pick.title
        title += "  [orphaned: no longer in the programme]"
    else:
        start, room, title = event.start, event.room, event.title
        when = time_span(event)
    origin = f"  (from {pick.picked_by})" if pick.picked_by else ""
    room_text = f"{(room or '-'):<{room_width}}"
    return f"{start:%a %d %b} {when:<13} {room_text} {pick.priority.value:<5}  {pick.id}  {title}{origin}"


def _room_width(conference: Conference, picks: Iterable[Pick]) -> int:
    """The room column's width for these picks' lines (their current rooms, or the saved ones of orphans)."""
    rooms = []
    for pick in picks:
        event = conference.get(pick.id)
        rooms.append(event.room if event is not None else pick.room)
    return room_column_width(rooms)


def show_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.conflicts import find_conflicts, free_gaps
    from confplan.domain.schedule_changes import changes_for_picks

    conference = context.conference()
    agenda, path = open_agenda_for(args, conference)
    report = find_conflicts(conference, agenda, args.walking_minutes)
    gaps = free_gaps(conference, agenda, args.gap_minutes)
    owner = f" of {agenda.owner}" if agenda.owner else ""
    out(f"{conference.name}: agenda{owner}, {counted(len(agenda), 'pick')} ({path})")
    if not len(agenda):
        out("Nothing picked yet: `confplan pick ID` adds an event (`confplan list` shows the ids).")
        return 0

    under = report.under_later_pick(_CONFLICTS_UNDER_A_PICK)  # each conflict is shown once, under the later pick
    rows: list[tuple[datetime, int, list[str]]] = []
    room_width = _room_width(conference, agenda)
    for pick in agenda.in_time_order():
        event = conference.get(pick.id)
        start = event.start if event is not None else pick.start
        lines = [_pick_line(conference, pick, room_width)]
        if pick.note:
            first, *rest = pick.note.splitlines() or [""]
            lines += [f"    note: {first}", *(f"          {line}" for line in rest)]
        conflicts, total = under.get(pick.id, ([], 0))
        lines += [f"    {c.kind.value}: {c.message}" for c in conflicts]
        if total > len(conflicts):
            lines.append(f"    … and {total - len(conflicts):,} more conflicts; `confplan conflicts --all` lists them")
        rows.append((start, 1, lines))
    for gap in gaps:
        rows.append((gap.start, 0, [_gap_line(conference, gap)]))
    day: date | None = None
    for start, _, lines in sorted(rows, key=lambda row: (row[0], row[1])):
        if start.date() != day:
            day = start.date()
            out("")
            out(f"{start:%A %d %B %Y}")
        for line in lines:
            out(line)
    out("")
    changed = changes_for_picks(None, conference, agenda)
    if changed:
        out(f"The programme changed {len(changed)} of your picks since you made them: see `confplan changes`.")
    out(_summary(report))
    return 0


def _gap_line(conference: Conference, gap: Gap) -> str:
    names = [f"{i} {conference[i].title}" for i in gap.on_now[:_ON_NOW_SHOWN]]
    more = f", and {len(gap.on_now) - _ON_NOW_SHOWN} more" if len(gap.on_now) > _ON_NOW_SHOWN else ""
    on_now = f"; on meanwhile: {'; '.join(names)}{more}" if names else ""
    when = time_range(gap.start, gap.end, gap.start_certain, gap.end_certain)
    return f"{gap.start:%a %d %b} {when:<13} free for {duration(gap.minutes)}{on_now}"


def _summary(report: ConflictReport) -> str:
    from confplan.domain.conflicts import ConflictKind

    counts = report.counts()  # counted from the pairs: none needs writing out
    parts = [
        counted(counts[ConflictKind.CLASH], "clash"),
        counted(counts[ConflictKind.SOFT_OVERLAP], "soft overlap"),
        counted(counts[ConflictKind.TIGHT_CHANGE], "tight change"),
    ]
    if report.orphaned:
        parts.append(counted(len(report.orphaned), "orphaned pick"))
    return ", ".join(parts) + "."


# --- conflicts -------------------------------------------------------------------------------------------------


def conflicts_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.conflicts import ConflictKind, find_conflicts

    conference = context.conference()
    agenda, _ = open_agenda_for(args, conference)
    report = find_conflicts(conference, agenda, args.walking_minutes)
    if args.json:
        data = {
            "conflicts": [_conflict_json(c) for c in report.all],
            "orphaned": report.orphaned,
            "walking_minutes": args.walking_minutes,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        shown = report.all if args.all else report.earliest(CONFLICTS_LISTED)
        for conflict in shown:
            when = ""
            if conflict.when is not None:
                when = f"{conflict.when:%a %d %b} {clock_time(conflict.when, conflict.when_certain)}"
            out(f"{conflict.kind.value:<12}  {when:<17}  {conflict.message}")
        if len(report) > len(shown):
            out(f"… and {len(report) - len(shown):,} more; `confplan conflicts --all` lists them")
        out(_summary(report))
    return EXIT_NOT_DONE if args.check and report.counts()[ConflictKind.CLASH] else 0


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "kind": conflict.kind.value,
        "first_id": conflict.first_id,
        "second_id": conflict.second_id,
        "overlap_minutes": conflict.overlap_minutes,
        "alternatives": list(conflict.alternatives),
        # The same, with which side of the clash each would replace; and the sides whose paper is picked elsewhere.
        "ways_out": [
            {"instead_of": side, "pick": twin_id}
            for side, twin_id in zip(conflict.alternative_to, conflict.alternatives, strict=True)
        ],
        "also_picked_as": [{"side": side, "picked": twin_id} for side, twin_id in conflict.picked_elsewhere],
        "when": conflict.when.isoformat() if conflict.when else None,
        "first_title": conflict.first_title,
        "second_title": conflict.second_title,
        "first_room": conflict.first_room,
        "second_room": conflict.second_room,
        "message": conflict.message,
    }


# --- sharing ---------------------------------------------------------------------------------------------------


def _their_agenda(path: Path, conference: Conference) -> Agenda:
    from confplan.storage.store import load_agenda

    theirs = load_agenda(path, conference)
    tell_relinked(theirs, path)
    return theirs


def diff_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.agenda import diff_agendas

    conference = context.conference()
    mine, _ = open_agenda_for(args, conference)
    theirs = _their_agenda(args.theirs, conference)
    name = theirs.owner or args.theirs.stem
    diff = diff_agendas(mine, theirs, conference)
    differing = {own.id: other for own, other in diff.differing}
    room_width = _room_width(conference, [*diff.both, *diff.only_mine, *diff.only_theirs])
    for heading, picks in (
        ("Both of us", diff.both),
        ("Only mine", diff.only_mine),
        (f"Only {name}'s", diff.only_theirs),
    ):
        out(f"{heading} ({len(picks)}):")
        for pick in picks:
            out(f"  {_pick_line(conference, pick, room_width)}")
            other = differing.get(pick.id) if picks is diff.both else None
            if other is not None:
                for line in _differences(pick, other, name):
                    out(f"      {line}")
    out(f"Where we could meet ({len(diff.meeting_points)}):")
    for meeting in diff.meeting_points:
        session = conference[meeting.session_id]
        events = [e for e in (conference.get(meeting.mine.id), conference.get(meeting.theirs.id)) if e is not None]
        later = max(events, key=lambda e: e.start, default=None)
        start = max(meeting.mine.start, meeting.theirs.start)
        at = clock_time(start, later is None or later.start != start or later.start_source.certain)
        out(
            f"  {start:%a %d %b} {at}  {session.room or '-'}  {session.title} ({session.id}): "
            f"you at {_what(conference, meeting.mine)}, {name} at {_what(conference, meeting.theirs)}"
        )
    return 0


def _differences(mine: Pick, theirs: Pick, name: str) -> list[str]:
    """How a pick we share differs: priority, then each note (all of its lines)."""
    lines = []
    if mine.priority is not theirs.priority:
        lines.append(f"priority: yours {mine.priority.value}, {name}'s {theirs.priority.value}")
    if mine.note.strip() != theirs.note.strip():
        for whose, note in (("your note", mine.note), (f"{name}'s note", theirs.note)):
            first, *rest = note.strip().splitlines() or ["(none)"]
            lines += [f"{whose}: {first}", *(f"{' ' * len(whose)}  {line}" for line in rest)]
    return lines


def _what(conference: Conference, pick: Pick) -> str:
    event = conference.get(pick.id)
    if event is None:
        return pick.id
    title = event.title if len(event.title) <= 50 else event.title[:49] + "…"
    return f"{pick.id} “{title}”"


def merge_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.agenda import merge_agendas
    from confplan.domain.conflicts import conflicts_added, find_conflicts

    conference = context.conference()
    mine, path = open_agenda_for(args, conference)
    theirs = _their_agenda(args.theirs, conference)
    name = args.their_name or theirs.owner or args.theirs.stem
    result = merge_agendas(mine, theirs, name)
    save_and_tell(result.merged, path, conference)  # told only once it is saved
    _out_some(
        [f"added     {_pick_line(conference, p)}" for p in result.added[:LISTED]],
        "`confplan agenda show` lists them",
        len(result.added),
    )
    if result.already_mine:
        shared = len(result.already_mine)
        out(f"{shared} of their picks {'was' if shared == 1 else 'were'} already yours (your priority kept).")
    for event_id in result.notes_combined:
        out(f"combined  {event_id}: their note added to yours, marked “{name}: …”")
    for event_id, own, their_priority in result.priorities_differ:
        out(f"kept      {event_id}: your priority {own.value} (theirs is {their_priority.value})")
    before = find_conflicts(conference, mine, args.walking_minutes)
    created = conflicts_added(before, find_conflicts(conference, result.merged, args.walking_minutes), shown=LISTED)
    total = created.total
    out(f"The merge created {counted(total, 'conflict')}" + (":" if total else "."))
    _out_some([f"  {c.kind.value}: {c.message}" for c in created.earliest], "`confplan conflicts` lists them", total)
    note(f"{counted(len(result.merged), 'pick')} in {path}")
    return 0


def validate_command(args: argparse.Namespace, context: Context) -> int:
    """Check the file's format on its own (it may be for any conference): 0 valid, 1 invalid."""
    from confplan.storage.store import load_agenda

    try:
        agenda = load_agenda(args.file)
    except ConfplanError as exc:
        for problem in exc.problems:
            note(str(problem))
        out(f"{args.file}: not a valid agenda file")
        return EXIT_NOT_DONE
    out(f"{args.file}: valid agenda (format version 1) for {agenda.conference_name}, {counted(len(agenda), 'pick')}")
    return 0


def owner_command(args: argparse.Namespace, context: Context) -> int:
    conference = context.conference()
    agenda, path = open_agenda_for(args, conference)
    agenda.owner = args.name.strip()
    save_and_tell(agenda, path, conference)
    out(f"owner of {path} is now {agenda.owner or '(nobody)'}")
    return 0


def restore_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.storage.atomic_files import backup_path
    from confplan.storage.store import restore_backup

    conference = context.conference()
    path = agenda_path_for(args, conference)
    restored = restore_backup(path, conference)
    out(f"restored {path} from {backup_path(path).name}: {counted(len(restored), 'pick')}")
    note(f"the version it replaced is now {backup_path(path)}; `confplan agenda restore` again undoes this")
    return 0
