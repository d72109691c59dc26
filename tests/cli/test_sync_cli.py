"""`confplan sync` before any server is reached: where to sync, where the password comes from, and bad input.

The syncing itself is tested against a real Radicale in tests/interop/test_caldav_sync.py.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from confplan.cli import main
from confplan.cli.sync_cmds import password_for
from confplan.errors import ConfplanError
from confplan.storage.sync_config import (
    KEYRING_SERVICE,
    PASSWORD_VARIABLE,
    SyncTarget,
    config_path,
    keyring_name,
    remember_target,
    remembered_target,
)

TARGET = SyncTarget("https://dav.example.org/calendars/ada/conference/", "ada")


@pytest.fixture(autouse=True)
def no_password_in_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))


def command_printing(text: str, status: int = 0) -> str:
    script = f"import sys; sys.stdout.write({text!r}); sys.exit({status})"
    return shlex.join([sys.executable, "-c", script])


def test_the_password_comes_from_the_environment_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "from-env")
    target = SyncTarget(TARGET.calendar_url, TARGET.user, command_printing("from-command\n"))
    assert password_for(target, interactive=False) == "from-env"


def test_the_password_command_gives_its_first_line() -> None:
    target = SyncTarget(TARGET.calendar_url, TARGET.user, command_printing("s3cret with spaces\nsecond line\n"))
    assert password_for(target, interactive=False) == "s3cret with spaces"


def test_a_failing_password_command_never_shows_what_it_printed() -> None:
    target = SyncTarget(TARGET.calendar_url, TARGET.user, command_printing("half-a-secret", status=3))
    with pytest.raises(ConfplanError) as failed:
        password_for(target, interactive=False)
    assert "exit status 3" in str(failed.value) and "half-a-secret" not in str(failed.value)


def test_no_password_anywhere_says_where_one_can_come_from() -> None:
    with pytest.raises(ConfplanError, match=f"set {PASSWORD_VARIABLE}, give --password-command"):
        password_for(TARGET, interactive=False)


def test_a_first_sync_without_a_calendar_says_how_to_give_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync"]) == 2
    assert "give --calendar URL --user NAME the first time" in capsys.readouterr().err
    assert not config_path().exists()


def test_the_target_is_remembered_per_agenda_without_a_password(tmp_path: Path) -> None:
    mine, hers = tmp_path / "mine.yaml", tmp_path / "hers.yaml"
    remember_target(mine, SyncTarget(TARGET.calendar_url, "ada", "pass show dav"))
    remember_target(hers, SyncTarget("https://other.example/dav/", "grace"))
    assert remembered_target(mine) == SyncTarget(TARGET.calendar_url, "ada", "pass show dav")
    assert remembered_target(hers) == SyncTarget("https://other.example/dav/", "grace")
    assert remembered_target(tmp_path / "third.yaml") is None
    saved = json.loads(config_path().read_text())
    assert set(saved["agendas"][str(mine.resolve())]) == {"calendar", "user", "password_command"}


def test_damaged_settings_are_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("{ not json")
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert "the sync settings are damaged" in err and err.count("\n") == 1
    assert config_path().read_text() == "{ not json"


@pytest.mark.parametrize("timeout", ["0", "-5", "soon", "7200"])
def test_a_timeout_must_be_a_sensible_number_of_seconds(timeout: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sync", "--timeout", timeout])
    assert exited.value.code == 2 and "expected seconds above 0, at most 3600" in capsys.readouterr().err


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """A real keyring backend (keyring's own API) that keeps passwords in memory: the system's keyring is not touched."""
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.stored: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.stored.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.stored[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.stored.pop((service, username), None)

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_the_keyring_is_asked_after_the_environment_and_the_command(memory_keyring: Any) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, keyring_name(TARGET), "from-keyring")
    assert password_for(TARGET, interactive=False) == "from-keyring"
    with_command = SyncTarget(TARGET.calendar_url, TARGET.user, command_printing("from-command\n"))
    assert password_for(with_command, interactive=False) == "from-command"
    other_calendar = SyncTarget("https://dav.example.org/calendars/ada/other/", "ada")
    with pytest.raises(ConfplanError, match="no password for ada"):
        password_for(other_calendar, interactive=False)
