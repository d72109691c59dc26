"""Issue 20, class 7 and the smaller ones: what is at the path a command writes, and what it says it did.

`export -o` renamed its file over whatever was there: a symbolic link became a file (its target left stale), a
named pipe or, run as root, /dev/null became a regular file.  A symlinked agenda was replaced the same way on
save.  `pick` printed "picked" before a save that then failed; a merge of a colleague's 50,000 picks printed
50,000 lines.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from hostile.child import assert_refused_cleanly, run_confplan

SOME_IDS = ["e79e55", "f51cbb", "4ceede"]


def linked(tmp_path: Path, folder: str, name: str, link_name: str) -> tuple[Path, Path]:
    """A symbolic link in ``tmp_path`` to a file (not made yet) in another folder: (link, file)."""
    (tmp_path / folder).mkdir()
    link = tmp_path / link_name
    link.symlink_to(tmp_path / folder / name)
    return link, tmp_path / folder / name


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, private_env: dict[str, str]
) -> None:
    link, target = linked(tmp_path, "calendars", "conference.ics", "current.ics")
    target.write_text("stale\n", encoding="utf-8")
    elsewhere = target.parent
    outcome = run_confplan("export", "--all", "-o", str(link), env=private_env)
    assert outcome.status == 0, outcome.describe()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("what", ["fifo", "link to /dev/null", "directory"])
def test_export_refuses_to_replace_what_is_not_a_file(tmp_path: Path, private_env: dict[str, str], what: str) -> None:
    path = tmp_path / "out.ics"
    if what == "fifo":
        os.mkfifo(path)
    elif what == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")
    before = os.lstat(path)
    outcome = run_confplan("export", "--all", "-o", str(path), env=private_env)
    assert_refused_cleanly(outcome, "is at this path, not a file; nothing was written")
    after = os.lstat(path)
    assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (before.st_ino, stat.S_IFMT(before.st_mode))
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlinked_agenda_stays_a_link_and_its_file_gets_the_picks(
    tmp_path: Path, private_env: dict[str, str]
) -> None:
    link, target = linked(tmp_path, "synced", "iclr.yaml", "agenda.yaml")
    synced = target.parent
    for event_id in SOME_IDS[:2]:
        outcome = run_confplan("pick", event_id, "--agenda", str(link), env=private_env)
        assert outcome.status == 0, outcome.describe()
    assert link.is_symlink() and os.readlink(link) == str(target)
    text = target.read_text(encoding="utf-8")
    assert "id: e79e55" in text and "id: f51cbb" in text
    assert (synced / "iclr.yaml.bak").is_file()  # the backup beside the file, not beside the link


def test_picked_is_said_only_after_the_save_succeeded(tmp_path: Path, private_env: dict[str, str]) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    outcome = run_confplan("pick", SOME_IDS[0], "--agenda", str(not_a_folder / "agenda.yaml"), env=private_env)
    assert_refused_cleanly(outcome, "nothing was written")
    assert "picked" not in outcome.stdout, outcome.describe()


def test_a_merge_of_many_picks_lists_twenty_and_counts_the_rest(tmp_path: Path, private_env: dict[str, str]) -> None:
    listed = run_confplan("list", "--kind", "poster", env=private_env)
    ids = [m[1] for m in re.finditer(r"\s([0-9a-f]{6})\s", listed.stdout)][:60]
    assert len(ids) == 60, listed.describe()
    theirs = tmp_path / "theirs.yaml"
    picked = run_confplan("pick", *ids, "--agenda", str(theirs), env=private_env)
    assert picked.status == 0 and len(picked.stdout.splitlines()) < 30, picked.describe()
    assert "… and 40 more; `confplan agenda show` lists them" in picked.stdout
    merged = run_confplan("agenda", "merge", str(theirs), "--agenda", str(tmp_path / "mine.yaml"), env=private_env)
    assert merged.status == 0, merged.describe()
    assert sum(line.startswith("added") for line in merged.stdout.splitlines()) == 20
    assert "… and 40 more; `confplan agenda show` lists them" in merged.stdout


def test_an_agenda_too_big_to_read_back_is_not_written(tmp_path: Path, private_env: dict[str, str]) -> None:
    """Two agendas of 18 MB whose notes a merge combines would make 36 MB, which the next read refuses (32 MB):
    it was written all the same, and the agenda could not be opened again.  Now nothing is written."""
    listed = run_confplan("list", "--json", env=private_env)
    mine, theirs = tmp_path / "mine.yaml", tmp_path / "grace.yaml"
    mine.write_bytes(agenda_with_notes(listed.stdout, "a" * 900_000))
    theirs.write_bytes(agenda_with_notes(listed.stdout, "b" * 900_000))
    before = mine.read_bytes()
    outcome = run_confplan("agenda", "merge", str(theirs), "--agenda", str(mine), env=private_env)
    assert_refused_cleanly(outcome, "more than an agenda file may hold (32.0 MB")
    assert "nothing was written" in outcome.stderr and "combined" not in outcome.stdout
    assert mine.read_bytes() == before


def agenda_with_notes(listed: str, note: str, picks: int = 20) -> bytes:
    import json

    import yaml

    events = [e for e in json.loads(listed) if e["start"]][:picks]
    chosen = [
        {"id": e["id"], "title": e["title"], "start": e["start"], "end": e["end"], "room": e["room"]}
        | {"priority": "must", "note": note}
        for e in events
    ]
    return yaml.safe_dump({"version": 1, "conference": {"name": "ICLR 2023"}, "picks": chosen}).encode()
