"""A save that fails while the planner runs: shown at once with what to do, the picks kept in memory and saved
again when the cause is gone; quitting with unsaved picks asks once and can save them elsewhere.

Each cause is made real: the file replaced by a folder; a full disk and a read-only one (a small tmpfs, mounted in
a user namespace of its own by `unshare`, where the suite may do so); a folder without write permission (as a user
who is not root, or as root without the capability to override permissions, in that namespace).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from confplan.storage.store import load_agenda, open_agenda
from confplan.tui.app import PlannerApp
from confplan.tui.screens.choice import ChoiceDialog
from confplan.tui.screens.dialogs import PathDialog
from confplan.views.state import PlannerState
from iclr_events import iclr

from .conftest import settle

IN_NAMESPACE = os.environ.get("CONFPLAN_TEST_IN_NAMESPACE") == "1"


def planner(path: Path) -> PlannerApp:
    app = PlannerApp(PlannerState(iclr(), open_agenda(path, iclr())), path)
    app.save_delay = 0
    app.retry_seconds = 0.2
    app.watch_seconds = 0.1
    return app


def told(app: PlannerApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def pick_next(pilot: Pilot[None]) -> None:
    await pilot.press("down", "space")
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)


async def until(pilot: Pilot[None], check: object, seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.1)):
        if callable(check) and check():
            return
        await pilot.pause(0.1)
    raise AssertionError("never happened")


async def fails_then_recovers(path: Path, break_it: object, mend_it: object, advice: str) -> None:
    """Pick (saved), break saving, pick again: told with ``advice``, kept; mend it: saved again with both."""
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pick_next(pilot)
        assert len(load_agenda(path, iclr())) == 1
        break_it()  # type: ignore[operator]
        await pick_next(pilot)
        await until(pilot, lambda: app.failing is not None)
        messages = [m for m in told(app) if m.startswith("Your picks are NOT saved")]
        assert len(messages) == 1, told(app)  # once, not at every retry
        assert f"What to do: {advice}" in messages[0]
        assert len(app.state.agenda) == 2  # kept here
        mend_it()  # type: ignore[operator]
        await until(pilot, lambda: app.failing is None)
        assert any(m.endswith(f"Your picks are saved again, in {path}.") for m in told(app)), told(app)
    assert {p.id for p in load_agenda(path, iclr())} == {p.id for p in app.state.agenda}
    assert len(app.state.agenda) == 2


async def test_the_file_replaced_by_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"

    def replace_by_folder() -> None:
        path.unlink()
        (path / "something").mkdir(parents=True)

    await fails_then_recovers(
        path, replace_by_folder, lambda: shutil.rmtree(path), "a folder now has the agenda's name"
    )


def permissions_stop_this_process(folder: Path) -> bool:
    """Whether a folder without write permission keeps this process out: not for root, unless it runs without the
    capability to override permissions (as test_full_and_read_only_disks runs it)."""
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "file").touch()
    except PermissionError:
        return True
    else:
        return False
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)


async def test_a_folder_made_read_only(tmp_path: Path) -> None:
    if not permissions_stop_this_process(tmp_path):
        pytest.skip("permissions do not stop root (see test_full_and_read_only_disks, which runs it without them)")
    folder = tmp_path / "agendas"
    folder.mkdir()
    try:
        await fails_then_recovers(
            folder / "agenda.yaml",
            lambda: folder.chmod(0o555),
            lambda: folder.chmod(0o755),
            f"the folder {folder} is read-only",
        )
    finally:
        folder.chmod(0o755)


async def quit_with_an_unsaved_pick(pilot: Pilot[None], app: PlannerApp, path: Path, key: str) -> None:
    """A pick that cannot be saved (a folder took the file's name), then ``key``: the question is asked."""
    await settle(pilot)
    path.mkdir()
    await pick_next(pilot)
    await until(pilot, lambda: app.failing is not None)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, ChoiceDialog)


async def test_quitting_with_unsaved_picks_asks_once_and_saves_them_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    elsewhere = tmp_path / "kept.yaml"
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await quit_with_an_unsaved_pick(pilot, app, path, "q")
        await pilot.press("c")  # cancel: back to the planner, nothing lost
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog) and app.is_running
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        path_box = app.screen.query_one("#path")
        path_box.value = str(elsewhere)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
    assert not app.is_running
    assert len(load_agenda(elsewhere, iclr())) == 1


async def test_quitting_without_saving_is_reported_by_the_command(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await quit_with_an_unsaved_pick(pilot, app, path, "ctrl+c")  # the same question as q
        await pilot.press("q")
        await settle(pilot)
    assert app.unsaved is not None


# --- a full disk and a read-only one: a small tmpfs in a mount namespace of the test's own ---------------------


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    if not IN_NAMESPACE:
        pytest.skip("runs inside a mount namespace (see test_full_and_read_only_disks)")
    folder = tmp_path / "small"
    folder.mkdir()
    mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder))
    return folder


async def test_inside_a_namespace_a_full_disk(small_disk: Path) -> None:
    filler = small_disk / "filler"

    def fill() -> None:
        with filler.open("wb", buffering=0) as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
            except OSError:  # ENOSPC: full
                pass

    await fails_then_recovers(small_disk / "agenda.yaml", fill, filler.unlink, f"the disk holding {small_disk} is full")


async def test_inside_a_namespace_a_disk_made_read_only(small_disk: Path) -> None:
    await fails_then_recovers(
        small_disk / "agenda.yaml",
        lambda: mount("-o", "remount,ro", str(small_disk)),
        lambda: mount("-o", "remount,rw", str(small_disk)),
        f"the disk holding {small_disk} is mounted read-only",
    )


@pytest.mark.skipif(IN_NAMESPACE, reason="the outer test")
def test_full_and_read_only_disks() -> None:
    """Runs the two tests above as root of a user and mount namespace of their own (`unshare -rm`), where a
    small tmpfs can be mounted, filled and made read-only without touching the machine; and, there, without the
    capability to override file permissions (`setpriv`), the read-only folder, which root would not notice."""
    unshare, setpriv = shutil.which("unshare"), shutil.which("setpriv")
    if unshare is None or setpriv is None or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode:
        pytest.skip("`unshare -rm` or setpriv is not available here: the full and read-only disk cases")
    without_override = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    result = subprocess.run(
        [unshare, "-rm", *without_override, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__]
        + ["-k", "inside or read_only", "-rs"],
        capture_output=True,
        text=True,
        env=dict(os.environ, CONFPLAN_TEST_IN_NAMESPACE="1"),
        cwd=Path(__file__).parents[2],
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout, result.stdout[-3000:]
