"""Times of day as every part of confplan writes them: ``10:20``, ``≈10:20`` for an estimate, ``10:00–≈11:30``.

One convention everywhere (the list, ``show``, the planner, ``agenda show``, the .ics DESCRIPTION): each end of a
range carries its own ``≈`` when it was estimated or inferred rather than stated, so ``10:00–≈11:30`` reads "starts
at 10:00 as stated, ends at about 11:30".  An end on a later day carries the number of days, as timetables write
it: ``22:00–02:00+1`` (an end at midnight is plain ``22:00–00:00``).
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

ESTIMATED_MARK = "≈"


def clock_time(moment: datetime, certain: bool = True, zone: tzinfo | None = None) -> str:
    """``10:20``, or ``≈10:20`` when the time is an estimate; in ``zone`` when given."""
    shown = moment.astimezone(zone) if zone is not None else moment
    return f"{'' if certain else ESTIMATED_MARK}{shown:%H:%M}"


def time_range(
    start: datetime,
    end: datetime,
    start_certain: bool = True,
    end_certain: bool = True,
    zone: tzinfo | None = None,
) -> str:
    """``10:00–≈11:30``: each end marked ``≈`` when it is not stated, and ``+1`` when it is on the next day."""
    shown_start = start.astimezone(zone) if zone is not None else start
    shown_end = end.astimezone(zone) if zone is not None else end
    days_later = (shown_end.date() - shown_start.date()).days
    if days_later == 1 and shown_end.time() == time(0):
        days_later = 0  # "until midnight" needs no day
    later = f"+{days_later}" if days_later > 0 else ""
    return f"{clock_time(start, start_certain, zone)}–{clock_time(end, end_certain, zone)}{later}"


def zone_label(zone_name: str) -> str:
    """A zone's name as people read it: ``Europe/Brussels``; a fixed offset ``Etc/GMT-1`` as ``UTC+01:00`` (POSIX
    inverts the sign of the Etc zones, so their names say the opposite of what they mean)."""
    if not zone_name.startswith("Etc/GMT") or zone_name in ("Etc/GMT", "Etc/GMT0"):
        return zone_name
    try:
        hours = -int(zone_name.removeprefix("Etc/GMT"))
    except ValueError:
        return zone_name
    return f"UTC{'+' if hours >= 0 else '-'}{abs(hours):02d}:00"


def date_span(first: date, last: date) -> str:
    """The days a programme covers, as a header says them: ``Tue 2 May``, ``1–5 May``, ``30 Apr–3 May``."""
    if first == last:
        return f"{first:%a} {first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"
