"""The one way confplan writes files: permissions of new and replaced files, the backup, leftovers of killed saves."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from confplan.errors import ConfplanError
from confplan.storage.atomic_files import STALE_TEMPORARY_SECONDS, backup_path, write_atomically


@pytest.fixture
def private_umask() -> Iterator[None]:
    before = os.umask(0o077)
    yield
    os.umask(before)


def test_a_new_file_gets_what_the_umask_gives(tmp_path: Path, private_umask: None) -> None:
    write_atomically(tmp_path / "a.yaml", b"x")
    assert (tmp_path / "a.yaml").stat().st_mode & 0o777 == 0o600
    os.umask(0o022)
    write_atomically(tmp_path / "b.ics", b"x")
    assert (tmp_path / "b.ics").stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_permissions_and_the_backup_its_content(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new", keep_backup=True)
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640
    assert backup_path(path).read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "a.yaml.bak"]


def test_a_missing_folder_is_made_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(ConfplanError, match="cannot save here: No such file or directory; nothing was written"):
        write_atomically(tmp_path / "typo" / "x.ics", b"x")
    assert not (tmp_path / "typo").exists()
    write_atomically(tmp_path / "own" / "state.json", b"x", make_folder=True)
    assert (tmp_path / "own" / "state.json").read_bytes() == b"x"


def test_leftovers_of_killed_saves_are_removed_once_old(tmp_path: Path) -> None:
    old, recent = tmp_path / ".a.yaml.dead.tmp", tmp_path / ".a.yaml.running.tmp"
    old.write_bytes(b"half")
    recent.write_bytes(b"half")
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    write_atomically(tmp_path / "a.yaml", b"x")
    assert not old.exists() and recent.exists()  # a save running now in another process keeps its file
