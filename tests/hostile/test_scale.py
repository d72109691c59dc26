"""Issue 20, class 9: size in a colleague's file.

A colleague who picked every one of 5,000 parallel talks hands over their agenda: 355,000 conflicts.  The merge
wrote out every new conflict (334,000 lines for 5,000 picks, minutes); `confplan conflicts` took 23 s to list
355,000 lines and `agenda show` 27 s.  Each now ends in seconds, lists a few and counts the rest.
(The 50,000-pick merge and the pick after it, as ratios to reading the programme: bench/bench_merge.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile import inputs
from hostile.child import PEAK_MB, SECONDS, Outcome, run_confplan


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The wide programme, an agenda that picked all of it merged into mine, and the environment."""
    folder = tmp_path_factory.mktemp("scale")
    env = {"CONFPLAN_DATA_DIR": str(folder / "data"), "CONFPLAN_CACHE_DIR": str(folder / "cache")}
    programme = inputs.write(folder / "schedule.json", inputs.wide_programme())
    listed = run_confplan("--schedule", str(programme), "list", "--json", env=env)
    assert listed.status == 0, listed.describe()
    theirs = inputs.write(folder / "grace.yaml", inputs.agenda_of_everything(listed.stdout, "Grace"))
    mine = folder / "mine.yaml"
    merged = run_confplan("--schedule", str(programme), "agenda", "merge", str(theirs), "--agenda", str(mine), env=env)
    check_in_time(merged, lines=60)
    assert "… and 4,980 more; `confplan agenda show` lists them" in merged.stdout
    assert "The merge created 355250 conflicts:" in merged.stdout
    assert "… and 355,230 more; `confplan conflicts` lists them" in merged.stdout
    return programme, mine, env


def check_in_time(outcome: Outcome, lines: int) -> None:
    """Done, within the promise's time (of CPU: the suite shares two cores with others) and memory."""
    assert outcome.status == 0, outcome.describe()
    assert outcome.cpu_seconds < SECONDS and outcome.peak_mb < PEAK_MB, outcome.describe()
    assert len(outcome.stdout.splitlines()) <= lines, outcome.describe()


def test_conflicts_lists_a_hundred_and_counts_the_rest(crowded: tuple[Path, Path, dict[str, str]]) -> None:
    programme, mine, env = crowded
    outcome = run_confplan("--schedule", str(programme), "conflicts", "--agenda", str(mine), env=env)
    check_in_time(outcome, lines=102)
    assert "… and 355,150 more; `confplan conflicts --all` lists them" in outcome.stdout
    assert outcome.stdout.rstrip().endswith("122500 clashes, 0 soft overlaps, 232750 tight changes.")


def test_agenda_show_shows_a_few_conflicts_under_each_pick(crowded: tuple[Path, Path, dict[str, str]]) -> None:
    programme, mine, env = crowded
    outcome = run_confplan("--schedule", str(programme), "agenda", "show", "--agenda", str(mine), env=env)
    check_in_time(outcome, lines=40_000)  # 5,000 picks, at most 5 conflicts and a count under each
    assert "more conflicts; `confplan conflicts --all` lists them" in outcome.stdout


def test_export_writes_a_few_conflicts_into_each_event(crowded: tuple[Path, Path, dict[str, str]]) -> None:
    """Each event's description listed all its conflicts (142 here): 39 s and 750 MB for the export."""
    programme, mine, env = crowded
    calendar = mine.with_name("mine.ics")
    outcome = run_confplan("--schedule", str(programme), "export", "--agenda", str(mine), "-o", str(calendar), env=env)
    check_in_time(outcome, lines=0)
    assert "your picks hold 122500 clashes" in outcome.stderr
    unfolded = calendar.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert unfolded.count("BEGIN:VEVENT") == 5000
    assert unfolded.count("more conflicts: `confplan conflicts` lists them") == 5000  # each has over ten
