"""Issue 20, class 4 (and 6): paths that are not regular files, and files far bigger than their kind.

``/dev/zero`` reads forever (its size says 0), a named pipe nobody writes to blocks the first read; each must be
one clear message at once.  A reading list of 60 MB took minutes and a gigabyte; now its size is refused unread.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from hostile import inputs
from hostile.child import assert_refused_cleanly, run_confplan


@pytest.mark.parametrize(
    "command",
    [
        ["agenda", "validate", "/dev/zero"],
        ["agenda", "show", "--agenda", "/dev/zero"],
        ["pick", "e79e55", "--agenda", "/dev/zero"],
        ["--schedule", "/dev/zero", "list"],
        ["suggest", "--from", "/dev/zero"],
    ],
    ids=["validate", "--agenda", "pick", "--schedule", "--from"],
)
def test_an_endless_device_is_refused_unread(command: list[str], private_env: dict[str, str]) -> None:
    outcome = run_confplan(*command, env=private_env)
    assert_refused_cleanly(outcome, "/dev/zero: a device, not a file")


@pytest.mark.parametrize("where", ["agenda", "schedule", "conference.yaml", "reading list", "agenda to merge"])
def test_a_named_pipe_nobody_writes_to_is_refused_without_waiting(
    tmp_path: Path, private_env: dict[str, str], where: str
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    schedule = tmp_path / "programme.txt"
    schedule.write_bytes((Path(__file__).parents[2] / "data" / "iclr2023" / "programme.txt").read_bytes())
    command = {
        "agenda": ["agenda", "show", "--agenda", str(pipe)],
        "schedule": ["--schedule", str(pipe), "list"],
        "conference.yaml": ["--schedule", str(schedule), "list"],
        "reading list": ["suggest", "--from", str(pipe)],
        "agenda to merge": ["agenda", "merge", str(pipe)],
    }[where]
    if where == "conference.yaml":
        pipe.rename(tmp_path / "conference.yaml")
        pipe = tmp_path / "conference.yaml"
    outcome = run_confplan(*command, env=private_env)
    assert_refused_cleanly(outcome, f"{pipe}: a named pipe (FIFO), not a file")


def test_a_socket_and_a_directory_are_refused(tmp_path: Path, private_env: dict[str, str]) -> None:
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "sock"))
    try:
        outcome = run_confplan("agenda", "validate", str(tmp_path / "sock"), env=private_env)
        assert_refused_cleanly(outcome, "a socket, not a file")
    finally:
        listening.close()
    assert_refused_cleanly(run_confplan("agenda", "validate", str(tmp_path), env=private_env), "a directory")


@pytest.mark.parametrize(
    "name, content",
    [("list.yaml", inputs.reading_list_yaml), ("list.txt", inputs.reading_list_text)],
    ids=["yaml", "text"],
)
def test_a_huge_reading_list_is_refused_by_its_size(
    tmp_path: Path, private_env: dict[str, str], name: str, content: object
) -> None:
    path = inputs.write(tmp_path / name, content(megabytes=60))  # type: ignore[operator]
    outcome = run_confplan("suggest", "--from", str(path), env=private_env)
    assert_refused_cleanly(outcome, "far too big for a")
