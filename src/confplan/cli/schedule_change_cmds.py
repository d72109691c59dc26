"""`confplan schedule diff OLD NEW`: what changed between two versions of a programme."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from confplan.cli.context import Context, add_global_options, load_and_report
from confplan.model import Event
from confplan.text.plain_text import printable

if TYPE_CHECKING:
    from confplan.domain.schedule_changes import Change


def register(subparsers: Any) -> None:
    schedule = subparsers.add_parser("schedule", help="work with programme versions (see `schedule diff`)")
    actions = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    diff = actions.add_parser(
        "diff",
        help="what changed between two versions of a programme",
        description=(
            "Compare two versions of a programme (files or URLs, in any format confplan reads) and list the events "
            "that moved, changed room, were cancelled or removed, were added, or changed speakers or title."
        ),
    )
    diff.add_argument("old", metavar="OLD", help="the earlier programme (file or http(s) URL)")
    diff.add_argument("new", metavar="NEW", help="the later programme (file or http(s) URL)")
    diff.add_argument("--json", action="store_true", help="print a JSON array of changes")
    add_global_options(diff, suppress_defaults=True)
    diff.set_defaults(handler=diff_command)


def diff_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.schedule_changes import ChangeKind, diff_schedules

    options = context.load_options()
    old = load_and_report(args.old, options, download_seconds=args.download_timeout)
    new = load_and_report(args.new, options, download_seconds=args.download_timeout)
    changes = diff_schedules(old, new)
    if args.json:
        print(json.dumps([change_json(c) for c in changes], ensure_ascii=False, indent=2))
        return 0
    if not changes:
        print("no changes")
        return 0
    counts = Counter(c.kind for c in changes)
    print(", ".join(f"{counts[kind]} {kind.value}" for kind in ChangeKind if counts[kind]))
    for change in changes:
        print(printable(f"{change.kind.value:<17} {change.event_id}  {change.title}: {change.detail}"))
    return 0


def change_json(change: Change) -> dict[str, Any]:
    return {
        "change": change.kind.value,
        "id": change.event_id,
        "new_id": change.new.id if change.new is not None else None,
        "title": change.title,
        "detail": change.detail,
        "old": _event_json(change.old),
        "new": _event_json(change.new),
    }


def _event_json(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "title": event.title,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "room": event.room,
        "speakers": list(event.speakers),
        "source_id": event.source_id,
    }
