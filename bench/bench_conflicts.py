"""How the conflict engine grows with the number of picks, against an all-pairs baseline run alongside it.

    python -m bench.bench_conflicts [--sizes 500 2000 8000]

A synthetic multi-day conference (parallel rooms of talks, poster sessions with many posters, socials) is built in
memory and every event is picked.  For each size it prints the time of ``find_conflicts`` and of a naive
all-pairs check, and the growth factor from the previous size: about 4–5 for a sort-and-sweep when the size
quadruples, about 16 for all pairs.  Only ratios measured in the same run mean anything; the tests never time.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from confplan.domain.conflicts import find_conflicts
from confplan.model import BROWSEABLE_KINDS, Conference, Event, Kind, Presentation, Session

ZONE = ZoneInfo("Europe/Brussels")


def synthetic_conference(picks: int, seed: int = 2023) -> Conference:
    """About ``picks`` events: 8 rooms of 30-minute talks from 09:00 to 17:00, a poster session of 40 posters
    and two socials each day, as many days as needed."""
    rng = random.Random(seed)
    sessions: list[Session] = []
    presentations: list[Presentation] = []
    day = 0
    while len(sessions) + len(presentations) < picks:
        base = datetime(2025, 10, 20, tzinfo=ZONE) + timedelta(days=day)
        for room in range(8):
            talks = []
            for slot in range(16):
                start = base + timedelta(hours=9, minutes=30 * slot + rng.choice((0, 0, 5, 10)))
                talk_id = f"t{day}-{room}-{slot}"
                talks.append(
                    Presentation(
                        talk_id,
                        Kind.TALK,
                        talk_id,
                        start,
                        start + timedelta(minutes=25),
                        room=f"R{room}",
                        session_id=f"s{day}-{room}",
                        position=slot,
                    )
                )
            sessions.append(
                Session(
                    f"s{day}-{room}",
                    Kind.OTHER,
                    f"Room {room}",
                    talks[0].start,
                    talks[-1].end,
                    room=f"R{room}",
                    presentation_ids=tuple(t.id for t in talks),
                )
            )
            presentations += talks
        poster_start = base + timedelta(hours=12)
        posters = [
            Presentation(
                f"p{day}-{i}",
                Kind.POSTER,
                f"poster {i}",
                poster_start,
                poster_start + timedelta(hours=2),
                room="Hall",
                session_id=f"ps{day}",
                position=i,
            )
            for i in range(40)
        ]
        sessions.append(
            Session(
                f"ps{day}",
                Kind.POSTER,
                "Posters",
                poster_start,
                poster_start + timedelta(hours=2),
                room="Hall",
                presentation_ids=tuple(p.id for p in posters),
            )
        )
        presentations += posters
        for n in range(2):
            start = base + timedelta(hours=13 + 4 * n)
            sessions.append(Session(f"so{day}-{n}", Kind.SOCIAL, "Social", start, start + timedelta(hours=1)))
        day += 1
    return Conference("Synthetic", "Europe/Brussels", tuple(sessions), tuple(presentations))


def all_pairs(conference: Conference, ids: list[str]) -> int:
    """The baseline: look at every pair of picked presentations (what the engine must never do)."""
    events: list[Event] = [conference[i] for i in ids if isinstance(conference[i], Presentation)]
    found = 0
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            same_poster_session = (
                isinstance(a, Presentation)
                and isinstance(b, Presentation)
                and a.session_id == b.session_id
                and a.kind in BROWSEABLE_KINDS
            )
            if a.start < b.end and b.start < a.end and not same_poster_session:
                found += 1
    return found


def timed(run: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000])
    args = parser.parse_args()
    print(f"{'picks':>7} {'sweep s':>9} {'growth':>7} {'all pairs s':>12} {'growth':>7} {'conflicts':>10}")
    previous: tuple[float, float] | None = None
    for size in args.sizes:
        conference = synthetic_conference(size)
        ids = [e.id for e in conference.events()][:size]
        sweep = timed(lambda: find_conflicts(conference, ids))  # noqa: B023
        pairs = timed(lambda: all_pairs(conference, ids), repeat=1)  # noqa: B023
        report = find_conflicts(conference, ids)
        growth = (
            f"{sweep / previous[0]:7.1f} {pairs:12.3f} {pairs / previous[1]:7.1f}"
            if previous
            else (f"{'':>7} {pairs:12.3f} {'':>7}")
        )
        print(f"{size:>7} {sweep:9.3f} {growth} {len(report):>10}")
        previous = (sweep, pairs)


if __name__ == "__main__":
    main()
