"""The time zones an .ics file defines itself (VTIMEZONE), with bounded work.

icalendar hands a VTIMEZONE that is not an IANA zone to dateutil, which walks every date of every rule from its
DTSTART on for each time converted: a rule that starts in the year 1001, thirty of them, or a list of 400,000
RDATEs costs seconds per event.  Here each zone's clock changes are computed once, only within the years a
conference can be in (1900-2200, the last change before 1900 giving the state at the start), with a cap on how
many there may be; each conversion is then a binary search, and each distinct local time is converted once.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from confplan.formats.common import PLAUSIBLE_YEARS

#: A real zone changes its clocks twice a year at most: 600 times in 300 years.  Far more is not a time zone.
MAX_CLOCK_CHANGES = 5_000
#: RDATE values in a whole file (they are parsed one by one, slowly, before anything else can look at them).
MAX_RDATES = 10_000
_FIRST = datetime(PLAUSIBLE_YEARS[0], 1, 1)
_LAST = datetime(PLAUSIBLE_YEARS[-1], 12, 31, 23, 59)
_GREGORIAN_CYCLE = 400  # years after which dates fall on the same weekdays again
_RDATE_LINE = re.compile(rb"^RDATE[^:\r\n]*:([^\r\n]*)", re.M | re.I)
_FOLD = re.compile(rb"\r?\n[ \t]")


class ZoneTooCostly(ValueError):
    """A VTIMEZONE whose clock changes would take unbounded work (the message says why)."""


def count_rdates(data: bytes) -> tuple[int, int | None]:
    """How many RDATE values the raw file holds, and the line of the first RDATE property (None: there is none)."""
    first = _RDATE_LINE.search(data)
    if first is None:
        return 0, None
    total = sum(match[1].count(b",") + 1 for match in _RDATE_LINE.finditer(_FOLD.sub(b"", data)))
    return total, data.count(b"\n", 0, first.start()) + 1


class BoundedZone(tzinfo):
    """A fixed list of clock changes (UTC instant, offset after it), searched by halves."""

    def __init__(self, name: str, initial: timedelta, changes: list[tuple[datetime, timedelta]]) -> None:
        self.name, self.initial = name, initial
        self.changes_utc = [utc for utc, _ in changes]  # naive UTC, sorted
        self.offsets = [offset for _, offset in changes]  # the offset from each change on
        # For a local time (fold=0, PEP 495): a change counts once the later of its two wall-clock readings is
        # reached, so a doubled hour reads as its first time and a skipped one with the offset before the change.
        before = [initial, *self.offsets][: len(changes)]
        starts = sorted((utc + max(prior, after), after) for (utc, after), prior in zip(changes, before, strict=True))
        self._local_starts = [start for start, _ in starts]
        self._local_offsets = [offset for _, offset in starts]
        self._converted: dict[datetime, timedelta] = {}  # each distinct local time is looked up once

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self.initial
        local = dt.replace(tzinfo=None, fold=0)
        offset = self._converted.get(local)
        if offset is None:
            at = bisect.bisect_right(self._local_starts, local)
            offset = self._local_offsets[at - 1] if at else self.initial
            self._converted[local] = offset
        return offset

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return self.name

    def fromutc(self, dt: datetime) -> datetime:
        at = bisect.bisect_right(self.changes_utc, dt.replace(tzinfo=None))
        return dt + (self.offsets[at - 1] if at else self.initial)


class _Budget:
    """Counts the clock changes computed for one zone (those before 1900 too: walking to 1900 is work)."""

    def __init__(self, name: str) -> None:
        self.name, self.left = name, MAX_CLOCK_CHANGES

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ZoneTooCostly(
                f"the time zone {self.name!r} (VTIMEZONE) would change its clocks more than {MAX_CLOCK_CHANGES:,} "
                "times from its first rule to 2200; a time zone changes them a few times a year"
            )


def bounded_zone(vtimezone: Any) -> BoundedZone:
    """The zone a VTIMEZONE component describes; ZoneTooCostly for one that would need unbounded work."""
    name = str(vtimezone.get("TZID") or "")
    budget = _Budget(name)
    changes: list[tuple[datetime, timedelta]] = []  # (UTC, offset after)
    for observance in vtimezone.subcomponents:
        try:
            start = observance["DTSTART"].dt
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
        except (KeyError, AttributeError, ValueError):
            continue  # an observance without its times tells nothing
        if isinstance(start, datetime):
            changes += [(local - offset_from, offset_to) for local in _local_changes(observance, start, budget)]
    changes.sort()
    # Only the last change before 1900 matters (it gives the offset at the start); none after 2200 is kept.
    earlier = [offset for utc, offset in changes if utc < _FIRST]
    kept = [(utc, offset) for utc, offset in changes if _FIRST <= utc <= _LAST]
    initial = earlier[-1] if earlier else (kept[0][1] if kept else timedelta(0))
    return BoundedZone(name, initial, kept)


def _local_changes(observance: Any, start: datetime, budget: _Budget) -> list[datetime]:
    """The wall-clock times (before the change) at which ``observance`` takes effect, up to 2200."""
    start = start.replace(tzinfo=None)
    found = [start]
    rules = observance.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        found += _occurrences(rule, start, budget)
    dates = observance.get("RDATE")
    for listed in dates if isinstance(dates, list) else [dates] if dates is not None else []:
        for value in getattr(listed, "dts", []):
            budget.spend()
            moment = getattr(value, "dt", None)
            if isinstance(moment, tuple):  # a PERIOD: its start
                moment = moment[0]
            if isinstance(moment, datetime):
                found.append(moment.replace(tzinfo=None))
            elif isinstance(moment, date):
                found.append(datetime.combine(moment, start.time()))
    return found


def _occurrences(rule: Any, start: datetime, budget: _Budget) -> list[datetime]:
    """The dates of a yearly rule from ``start``, moved on by whole 400-year cycles to just before 1900 (the same
    weekdays fall on the same dates), up to 2200; of those before 1900 only the last."""
    if start < _FIRST:
        cycles = (_FIRST.year - start.year) // _GREGORIAN_CYCLE
        start = start.replace(year=start.year + cycles * _GREGORIAN_CYCLE)
    from dateutil import rrule  # with icalendar, only for an .ics being read

    text = rule.to_ical().decode("utf-8", "replace") if hasattr(rule, "to_ical") else str(rule)
    try:
        recurrence = rrule.rrulestr(text, dtstart=start, ignoretz=True)
    except (ValueError, TypeError, OverflowError):
        return []
    found: list[datetime] = []
    last_before: datetime | None = None
    for moment in recurrence:
        if moment > _LAST:
            break
        budget.spend()
        if moment < _FIRST:
            last_before = moment
        else:
            found.append(moment)
    return [last_before, *found] if last_before is not None else found
