"""`confplan changes`: what the programme changed for your picks since you made them, and accepting it.

Each pick keeps the title, time and room its event had when it was picked, so a newer programme (a re-download,
an edited conference.yaml) can be compared with it even though the old programme is gone.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from confplan.cli.context import Context, command_options, note, open_agenda_for, out
from confplan.model import Conference
from confplan.text.wording import counted

if TYPE_CHECKING:
    from confplan.domain.agenda import Agenda
    from confplan.domain.schedule_changes import Change


def register(subparsers: Any) -> None:
    changes = subparsers.add_parser(
        "changes", help="what the programme changed for your picks (moved, room, cancelled, retitled)"
    )
    changes.add_argument("--json", action="store_true", help="print a JSON array of changes")
    changes.add_argument(
        "--accept", action="store_true", help="update your agenda's copy of the changed picks to the programme's"
    )
    command_options(changes)
    changes.set_defaults(handler=changes_command)


def pick_changes(conference: Conference, agenda: Agenda) -> list[Change]:
    """Changes to the picked events, compared with what each pick recorded when it was made."""
    from confplan.domain.schedule_changes import changes_for_picks

    return changes_for_picks(None, conference, agenda)


def accept_changes(agenda: Agenda, changes: list[Change]) -> int:
    """Copy the programme's new title, time and room into the changed picks; returns how many picks changed."""
    from confplan.domain.schedule_changes import ChangeKind

    # A cancelled pick stays as it was (kept, shown as orphaned).
    acceptable = {ChangeKind.MOVED, ChangeKind.ROOM, ChangeKind.RETITLED}
    accepted = 0
    for change in changes:
        pick = agenda.get(change.event_id)
        if change.kind not in acceptable or change.new is None or pick is None:
            continue
        new = change.new
        updated = replace(pick, id=new.id, title=new.title, start=new.start, end=new.end, room=new.room)
        if updated != pick:
            agenda.unpick(pick.id)
            agenda.add(updated)
            accepted += 1
    return accepted


def changes_command(args: argparse.Namespace, context: Context) -> int:
    from confplan.domain.schedule_changes import describe
    from confplan.storage.store import save_agenda

    conference = context.conference()
    agenda, path = open_agenda_for(args, conference)
    changes = pick_changes(conference, agenda)
    if args.json:
        print(json.dumps([_change_json(c) for c in changes], ensure_ascii=False, indent=2))
    elif not changes:
        out(f"No changes: your {counted(len(agenda), 'pick')} are as the programme has them.")
    else:
        out(f"{counted(len(changes), 'change')} to your picks since you made them:")
        for change in changes:
            out(f"  {describe(change)}")
    if args.accept and changes:
        accepted = accept_changes(agenda, changes)
        if accepted:
            save_agenda(agenda, path, conference)
        note(f"{path}: accepted {counted(accepted, 'change')}; cancelled picks are kept and shown as orphaned")
    return 0


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "id": change.event_id,
        "new_id": change.new.id if change.new is not None else None,
        "title": change.title,
        "detail": change.detail,
        "new_start": change.new.start.isoformat() if change.new is not None else None,
        "new_end": change.new.end.isoformat() if change.new is not None else None,
        "new_room": change.new.room if change.new is not None else None,
    }
