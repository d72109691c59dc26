"""Issue 20, class 3 beyond schedules: the other JSON confplan reads.

A paper list someone hands over (`papers fetch --file`), and the files confplan keeps that people and other programs
edit too (the export state beside an agenda, the sync settings): a 5,000-digit number ended in "internal error",
nesting thousands deep in a RecursionError, and a named pipe as the sync settings waited for ever.  All are read
with the schedules' bounds now, and refused with the line and column.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile.child import assert_refused_cleanly, run_confplan

LONG_NUMBER = b"9" * 5000
DEEP = b"[" * 100_000 + b"]" * 100_000


def test_a_paper_list_with_a_huge_number_is_refused_where_it_is(tmp_path: Path, private_env: dict[str, str]) -> None:
    papers = tmp_path / "papers.json"
    papers.write_bytes(b'[{"title": "A", "n": ' + LONG_NUMBER + b"}]")
    outcome = run_confplan("papers", "fetch", "--file", str(papers), env=private_env)
    assert_refused_cleanly(outcome, f"{papers}:1:22: a number of 5,000 characters; numbers in a paper list")


def test_paper_list_lines_nested_deep_are_refused_at_their_line(tmp_path: Path, private_env: dict[str, str]) -> None:
    papers = tmp_path / "papers.jsonl"
    papers.write_bytes(b'{"title": "A"}\n{"title": ' + DEEP + b"}\n")
    outcome = run_confplan("papers", "fetch", "--file", str(papers), env=private_env)
    assert_refused_cleanly(outcome, f"{papers}:2:42: JSON nested more than 32 levels deep")


def test_a_deeply_nested_export_state_is_called_damaged(tmp_path: Path, private_env: dict[str, str]) -> None:
    agenda = tmp_path / "agenda.yaml"
    assert run_confplan("pick", "e79e55", "--agenda", str(agenda), env=private_env).status == 0
    (tmp_path / "agenda.yaml.export-state.json").write_bytes(DEEP)
    outcome = run_confplan("export", "--agenda", str(agenda), "-o", str(tmp_path / "out.ics"), env=private_env)
    assert_refused_cleanly(outcome, "the export state is damaged (JSON nested more than 32 levels deep")
    assert not (tmp_path / "out.ics").exists()


@pytest.mark.parametrize("what", ["long number", "named pipe"])
def test_the_sync_settings_are_read_with_bounds(tmp_path: Path, private_env: dict[str, str], what: str) -> None:
    settings = tmp_path / "config" / "sync.json"
    settings.parent.mkdir()
    if what == "named pipe":
        os.mkfifo(settings)
        expected = f"{settings}: a named pipe (FIFO), not a file; expected the sync settings"
    else:
        settings.write_bytes(b'{"format": 1, "agendas": {}, "n": ' + LONG_NUMBER + b"}")
        expected = "the sync settings are damaged (a number of 5,000 characters"
    outcome = run_confplan("sync", env={**private_env, "CONFPLAN_CONFIG_DIR": str(settings.parent)})
    assert_refused_cleanly(outcome, expected)
