"""`confplan sync`: the agenda put into a CalDAV calendar, one event resource per pick, and kept in step.

The events are those of the .ics export (:func:`build_event_objects`: same UIDs, times, zones and texts).  A sync
first looks (one listing of the calendar's ETags, and a read of any event that is not as confplan left it), makes
a plan, then carries it out one request at a time:

- a new pick is created at ``<calendar>/<UID>.ics``, never over an existing resource (``If-None-Match: *``);
- a changed pick, or one the programme moved or renamed, is updated with ``If-Match`` on the ETag confplan stored;
- an unpicked one, or one the programme cancelled, is deleted, with the same ``If-Match``;
- an event changed in the calendar since (its ETag is not the stored one) or deleted there is left as the user
  made it, and reported; ``force`` overwrites (or puts back, or deletes) instead;
- resources confplan did not create are never touched: it only acts on the resources its state records, and on
  the one URL of each new pick, where it finds either nothing or an event it made and did not get to record.

The state (:mod:`confplan.storage.sync_state`) records only what the server confirmed, and is saved even when a
request fails half-way, so the next sync finishes the job without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from icalendar import Calendar

from confplan.domain.agenda import Agenda
from confplan.errors import ConfplanError, Problem
from confplan.model import Conference
from confplan.storage.caldav_remote import CalendarRemote, Changed, Exists, UidTaken, path_of
from confplan.storage.export_ics import PRODID, EventObject, build_event_objects
from confplan.storage.export_state import WrittenEvent
from confplan.storage.sync_state import SyncedEvent, as_export_state, load_synced, save_synced, sync_state_path

#: Properties a server or a client may rewrite without changing the event; left out when comparing two versions.
_STAMPS = frozenset({"DTSTAMP", "LAST-MODIFIED", "CREATED"})


class Action(Enum):
    CREATE = "new"
    UPDATE = "update"
    DELETE = "remove"
    RECORD = "take back"  # an event confplan made and did not get to record (a sync cut short): record it only
    KEEP_EDITED = "kept: changed in your calendar"
    KEEP_DELETED = "kept: deleted in your calendar"
    KEEP_EDITED_UNPICKED = "kept: unpicked, but changed in your calendar"
    FOREIGN = "left alone: another event has this UID"


#: What each kept or refused action tells the user to do about it.
ADVICE = {
    Action.KEEP_EDITED: "--force puts confplan's version back",
    Action.KEEP_DELETED: "--force puts it back",
    Action.KEEP_EDITED_UNPICKED: "--force deletes it",
    Action.FOREIGN: "an event not made by confplan holds it (an imported .ics export?); delete that one to sync it",
}
KEPT = frozenset(ADVICE)


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    uid: str
    title: str
    start: datetime
    href: str
    data: bytes | None = None  # what to PUT (CREATE, UPDATE)
    etag: str | None = None  # the precondition (UPDATE, DELETE) or the ETag to record (RECORD)
    written: WrittenEvent | None = None


@dataclass
class SyncResult:
    calendar: str  # its display name
    steps: list[Step]  # in the order carried out (everything planned, for a dry run)
    unchanged: int
    done: list[Step] = field(default_factory=list)  # carried out (empty for a dry run)

    def count(self, action: Action) -> int:
        return sum(step.action is action for step in self.steps)

    def summary(self, dry_run: bool = False) -> str:
        """One line: what the sync did (or would do) to the calendar."""
        taken_back = sum(s.action is Action.RECORD and s.written is not None for s in self.steps)
        counts = [
            f"{self.count(Action.CREATE)} new",
            f"{self.count(Action.UPDATE)} updated",
            f"{self.count(Action.DELETE)} removed",
            f"{self.unchanged + taken_back} unchanged",
        ]
        kept = sum(self.count(action) for action in KEPT)
        if kept:
            counts.append(f"{kept} kept as in your calendar")
        verb = "would sync" if dry_run else "synced"
        return f"{verb} {self.calendar}: {', '.join(counts)}" + (" (nothing was changed)" if dry_run else "")


def sync_agenda(
    remote: CalendarRemote,
    conference: Conference,
    agenda: Agenda,
    agenda_path: Path,
    *,
    now: datetime,
    remind: timedelta | None = None,
    force: bool = False,
    dry_run: bool = False,
    progress: Callable[[Step, int, int], None] | None = None,
    connected: Callable[[], None] | None = None,
) -> SyncResult:
    """Bring the calendar in step with ``agenda``; what was planned and what was done.

    ``progress`` is told of each change made (the step, its number, how many); ``connected`` is called once the
    calendar answered as a calendar, before anything is changed (not in a dry run).  Raises ConfplanError for a
    failure that stops the sync (after recording what was done); an event changed in the calendar meanwhile is not
    a failure, but a kept step.
    """
    name = remote.check()
    if connected is not None and not dry_run:
        connected()
    state_path = sync_state_path(agenda_path)
    synced = load_synced(state_path, remote.url)
    objects, _ = build_event_objects(conference, agenda, now=now, remind=remind, previous=as_export_state(synced))
    steps, unchanged = plan_sync(remote, objects, synced, force=force)
    result = SyncResult(name, steps, unchanged)
    if dry_run:
        return result
    after = dict(synced)
    try:
        for number, step in enumerate(steps, start=1):
            outcome = _carry_out(remote, step)
            _record(after, step, outcome)
            result.done.append(outcome)
            if progress is not None:
                progress(outcome, number, len(steps))
    except KeyboardInterrupt:
        save_synced(state_path, remote.url, after)  # what the server confirmed stays recorded
        raise
    except ConfplanError as exc:
        save_synced(state_path, remote.url, after)
        left = len(steps) - len(result.done)
        raise ConfplanError(
            *exc.problems,
            Problem(
                f"the sync stopped with {left} of {len(steps)} changes not made; those done are recorded, "
                "so `confplan sync` again finishes the job"
            ),
        ) from exc
    result.steps = result.done
    save_synced(state_path, remote.url, after)
    return result


def plan_sync(
    remote: CalendarRemote, objects: Mapping[str, EventObject], synced: Mapping[str, SyncedEvent], *, force: bool
) -> tuple[list[Step], int]:
    """What to do to the calendar, and how many events are already as they should be."""
    on_server = remote.etags()
    steps: list[Step] = []
    unchanged = 0
    for uid, item in objects.items():
        known = synced.get(uid)
        href = known.href if known is not None else remote.href_for(uid)
        step = _plan_pick(remote, item, known, href, on_server, force)
        if step is None:
            unchanged += 1
        else:
            steps.append(step)
    for uid, known in synced.items():
        if uid not in objects:
            step = _plan_removal(remote, uid, known, on_server, force)
            if step is not None:
                steps.append(step)
    steps.sort(key=lambda s: (s.action in KEPT, s.start, s.uid))
    return steps, unchanged


def _plan_pick(
    remote: CalendarRemote,
    item: EventObject,
    known: SyncedEvent | None,
    href: str,
    on_server: Mapping[str, str | None],
    force: bool,
) -> Step | None:
    def step(action: Action, etag: str | None = None) -> Step:
        return Step(action, item.uid, item.written.title, item.written.start, href, item.data, etag, item.written)

    path = path_of(href)
    if path not in on_server:
        if known is None or force:
            return step(Action.CREATE)
        return step(Action.KEEP_DELETED)
    server_etag = on_server[path]
    if known is not None and known.etag is not None and server_etag == known.etag:
        return None if known.written.sequence == item.written.sequence else step(Action.UPDATE, known.etag)
    # Not as confplan left it (or never recorded): read it to tell our own write from someone else's edit.
    fetched = remote.fetch(href)
    if fetched is None:
        return step(Action.CREATE) if known is None or force else step(Action.KEEP_DELETED)
    if _same_event(fetched.data, item.data):
        return step(Action.RECORD, fetched.etag)  # already there as it should be: the answer got lost
    if fetched.etag is not None and (force or (known is None and _made_by_confplan(fetched.data, item.uid))):
        return step(Action.UPDATE, fetched.etag)
    return step(Action.KEEP_EDITED if known is not None else Action.FOREIGN)


def _plan_removal(
    remote: CalendarRemote, uid: str, known: SyncedEvent, on_server: Mapping[str, str | None], force: bool
) -> Step | None:
    def step(action: Action, etag: str | None) -> Step:
        return Step(action, uid, known.written.title, known.written.start, known.href, etag=etag)

    path = path_of(known.href)
    if path not in on_server:
        return step(Action.RECORD, None)  # gone already: forget it
    server_etag = on_server[path]
    if known.etag is not None and server_etag == known.etag:
        return step(Action.DELETE, known.etag)
    fetched = remote.fetch(known.href)
    if fetched is None:
        return step(Action.RECORD, None)
    if fetched.etag is not None and force:
        return step(Action.DELETE, fetched.etag)
    return step(Action.KEEP_EDITED_UNPICKED, None)


def _carry_out(remote: CalendarRemote, step: Step) -> Step:
    """Make one change; the step as it turned out (a kept one if the event changed meanwhile)."""
    try:
        if step.action is Action.CREATE:
            assert step.data is not None
            return replace(step, etag=remote.create(step.href, step.data))
        if step.action is Action.UPDATE:
            assert step.data is not None and step.etag is not None
            return replace(step, etag=remote.update(step.href, step.data, step.etag))
        if step.action is Action.DELETE:
            assert step.etag is not None
            remote.delete(step.href, step.etag)
    except (Changed, Exists):
        # Changed between the listing and this request: the user's version stays.
        return replace(step, action=Action.KEEP_EDITED if step.written is not None else Action.KEEP_EDITED_UNPICKED)
    except UidTaken:
        return replace(step, action=Action.FOREIGN)
    return step


def _record(synced: dict[str, SyncedEvent], step: Step, outcome: Step) -> None:
    """Update the state with a change the server confirmed."""
    if outcome.action in (Action.CREATE, Action.UPDATE) or (outcome.action is Action.RECORD and outcome.written):
        assert outcome.written is not None
        synced[outcome.uid] = SyncedEvent(outcome.href, outcome.etag, outcome.written)
    elif outcome.action in (Action.DELETE, Action.RECORD):
        synced.pop(outcome.uid, None)
    elif outcome.action is Action.FOREIGN:
        synced.pop(outcome.uid, None)  # not ours: never touched again unless it becomes free


def _same_event(theirs: bytes, ours: bytes) -> bool:
    """Whether two calendar objects hold the same event, whatever the order, folding and stamps of their lines."""
    return _event_lines(theirs) == _event_lines(ours) is not None


def _event_lines(data: bytes) -> list[str] | None:
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return None
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        return None
    event = events[0]
    for name in _STAMPS:
        event.pop(name, None)
    return sorted(line for line in event.content_lines() if line)


def _made_by_confplan(data: bytes, uid: str) -> bool:
    """An event confplan wrote (its PRODID, the UID, and confplan's own id property), e.g. by a sync cut short."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return False
    events = calendar.walk("VEVENT")
    return (
        str(calendar.get("PRODID", "")) == PRODID
        and len(events) == 1
        and str(events[0].get("UID", "")) == uid
        and "X-CONFPLAN-ID" in events[0]
    )
