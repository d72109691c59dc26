"""A colleague's agenda of every event of a large programme: merging it, and the pick after it.

    python -m bench.bench_merge [--events 50000]

A synthetic programme (``bench/synthetic.py``, schedule.xml) and an agenda that picks every one of its events are
written to a temporary folder; then, as a user would, ``confplan agenda merge THEIRS`` into an empty agenda, and
``confplan pick ID`` of one more event afterwards, each in its own process.  The baseline, measured in the same run
and the same way, is ``confplan show ID`` reading the programme (parsed, with the cache of parsed schedules cold: the
merge and the pick read it from that cache).  Targets (issue 20): the merge within 10x the baseline, the next pick
within 5x.  Only the ratios mean anything on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate, write
from confplan.domain.agenda import Agenda
from confplan.storage.loading import load_schedule
from confplan.storage.store import save_agenda


def timed_command(*arguments: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "confplan", *arguments], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"confplan {' '.join(arguments)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    events = parser.parse_args().events
    with tempfile.TemporaryDirectory(prefix="confplan-bench-merge-") as folder:
        base = Path(folder)
        env = {**os.environ, "CONFPLAN_CACHE_DIR": str(base / "cache"), "CONFPLAN_DATA_DIR": str(base / "data")}
        programme = base / "programme.xml"
        write(generate(events), "xml", programme)
        conference, _ = load_schedule(programme, papers=False)
        theirs = Agenda.for_conference(conference)
        theirs.owner = "Grace"
        everything = list(conference.events())
        for event in everything[:-1]:
            theirs.pick(event)
        started = time.perf_counter()
        save_agenda(theirs, base / "grace.yaml", conference)
        print(f"(writing Grace's agenda of {len(theirs):,} picks took {time.perf_counter() - started:.1f} s)")

        # Reading the programme: parsing it (the parsed cache is cold), then one event shown; it fills the cache.
        reading, _ = timed_command("--schedule", str(programme), "show", everything[0].id, env=env)
        mine = str(base / "mine.yaml")
        merging, said = timed_command(
            "--schedule", str(programme), "agenda", "merge", str(base / "grace.yaml"), "--agenda", mine, env=env
        )
        picking, _ = timed_command("--schedule", str(programme), "pick", everything[-1].id, "--agenda", mine, env=env)
        print(f"{events:,} events; reading the programme (confplan show, parsing it): {reading:.1f} s")
        print(f"merge of {len(theirs):,} picks: {merging:.1f} s = {merging / reading:.1f}x (target <= 10x)")
        print(f"the next pick: {picking:.1f} s = {picking / reading:.1f}x (target <= 5x)")
        print(f"the merge said {len(said.splitlines())} lines; its last: {said.splitlines()[-1] if said else ''}")


if __name__ == "__main__":
    main()
