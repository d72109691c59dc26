"""One agenda open in several places at once: what arrived from elsewhere, and the picks both sides changed.

The planner keeps the version of the file it last read or wrote (``base``); another program (a second planner,
`confplan pick`, a `git pull`, an editor) may save ``theirs`` meanwhile, while ``mine`` has changes of its own.
``merge_changes`` (domain/agenda.py) takes theirs in when the two sides touched different picks; when they changed
the same pick differently, it refuses, and these functions say which picks and let the user choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from confplan.domain.agenda import Agenda, Pick
from confplan.text.wording import counted

#: How many titles a message names before "and N more".
_NAMED = 3


@dataclass(frozen=True)
class Arrival:
    """What another program changed in the file since ``base``: picks added, removed and changed there."""

    added: list[Pick]
    removed: list[Pick]
    changed: list[Pick]
    owner: str | None = None  # the new owner, when it changed

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.owner is not None)

    def summary(self) -> str:
        """In words, e.g. "2 picks added elsewhere: “A”, “B”"; "" when nothing arrived."""
        parts = []
        if self.added:
            parts.append(f"{counted(len(self.added), 'pick')} added")
        if self.removed:
            parts.append(f"{len(self.removed)} unpicked" if parts else f"{counted(len(self.removed), 'pick')} unpicked")
        if self.changed:
            parts.append(f"{len(self.changed)} changed" if parts else f"{counted(len(self.changed), 'pick')} changed")
        if self.owner is not None:
            parts.append(f"the owner set to {self.owner!r}")
        if not parts:
            return ""
        picks = [*self.added, *self.removed, *self.changed]
        named = ", ".join(f"“{p.title}”" for p in picks[:_NAMED])
        more = f" and {len(picks) - _NAMED} more" if len(picks) > _NAMED else ""
        return ", ".join(parts) + " elsewhere" + (f": {named}{more}" if picks else "")


def arrival(base: Agenda, theirs: Agenda) -> Arrival:
    """What ``theirs`` changed since ``base``."""
    added = [p for p in theirs if p.id not in base]
    removed = [p for p in base if p.id not in theirs]
    changed = [p for p in theirs if p.id in base and base.get(p.id) != p]
    return Arrival(added, removed, changed, theirs.owner if theirs.owner != base.owner else None)


@dataclass(frozen=True)
class Contradiction:
    """One pick changed differently here and elsewhere since ``base`` (None: not picked on that side)."""

    event_id: str
    title: str
    here: Pick | None
    there: Pick | None

    def describe(self) -> str:
        return f"“{self.title}”: {_state(self.here)} here, {_state(self.there)} elsewhere"


def _state(pick: Pick | None) -> str:
    if pick is None:
        return "not picked"
    what = "picked" if pick.priority.value == "must" else "a maybe"
    return what + (f" (note: {pick.note[:40]!r})" if pick.note else "")


def contradictions(base: Agenda, mine: Agenda, theirs: Agenda) -> list[Contradiction]:
    """The picks that ``mine`` and ``theirs`` both changed since ``base``, each differently (the owner aside)."""
    found = []
    for event_id in dict.fromkeys([*base._picks, *mine._picks, *theirs._picks]):
        was, here, there = base.get(event_id), mine.get(event_id), theirs.get(event_id)
        if here != was and there != was and here != there:
            title = next(p.title for p in (here, there, was) if p is not None)
            found.append(Contradiction(event_id, title, here, there))
    return found


def settle(base: Agenda, mine: Agenda, theirs: Agenda, keep_mine: bool) -> Agenda:
    """Decide every contradiction one way, so that ``merge_changes(new_base, mine, theirs)`` succeeds: with
    ``keep_mine`` the returned base has their version of those picks (so they look unchanged there, and mine stay);
    otherwise ``mine`` takes their version (changed in place).  The owner goes the same way."""
    settled = base.copy()
    for contradiction in contradictions(base, mine, theirs):
        if keep_mine:
            _put(settled, contradiction.event_id, contradiction.there)
        else:
            _put(mine, contradiction.event_id, contradiction.there)
    if mine.owner != base.owner and theirs.owner != base.owner and mine.owner != theirs.owner:
        if keep_mine:
            settled.owner = theirs.owner
        else:
            mine.owner = theirs.owner
    return settled


def _put(agenda: Agenda, event_id: str, pick: Pick | None) -> None:
    if pick is None:
        if event_id in agenda:
            agenda.unpick(event_id)
    else:
        agenda.add(pick)
