"""Saving in the background: the file always ends with the latest picks, another window's picks are kept, and a
save that fails is told, at once or at quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from confplan.domain.agenda import Agenda, Priority
from confplan.errors import ConfplanError
from confplan.storage.store import load_agenda, open_agenda, save_agenda
from confplan.tui.app import PlannerApp
from confplan.tui.autosave import AgendaSaver
from confplan.views.state import PlannerState
from iclr_events import iclr, session, talk

from .conftest import AppFactory, settle


def picked_ids(path: Path) -> set[str]:
    return {p.id for p in load_agenda(path, iclr())}


def test_the_newest_snapshot_is_written_and_an_overtaken_save_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    agenda = open_agenda(path, iclr())
    saver = AgendaSaver(path, iclr(), agenda.saved)
    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    agenda.pick(first)
    saver.request(agenda)
    agenda.pick(second)
    saver.request(agenda)
    agenda.unpick(first.id)  # a change not asked to be saved yet: the snapshot is what was asked for
    written = saver.save()
    assert written is not None and written.error is None
    assert picked_ids(path) == {first.id, second.id}
    assert saver.save() is None  # the save that was overtaken finds the newest snapshot written
    assert saver.flush() is None


def test_pick_then_unpick_leaves_it_out_of_the_file(tmp_path: Path) -> None:
    """The second save knows the file holds the first save's picks, so it does not take the pick back in as a
    change made by another program."""
    path = tmp_path / "agenda.yaml"
    agenda = open_agenda(path, iclr())
    saver = AgendaSaver(path, iclr(), agenda.saved)
    event = talk("Oral 3 Track 1", 0)
    agenda.pick(event)
    saver.request(agenda)
    saver.save()
    agenda.unpick(event.id)
    saver.request(agenda)
    saver.save()
    assert picked_ids(path) == set()


def test_flush_writes_what_no_save_has_written_yet(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    agenda = open_agenda(path, iclr())
    saver = AgendaSaver(path, iclr(), agenda.saved)
    agenda.pick(session("Poster Session 3"))
    saver.request(agenda)
    assert not path.exists()
    assert saver.flush() is not None
    assert picked_ids(path) == {session("Poster Session 3").id}


def test_a_failed_save_is_reported_with_its_reason(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    agenda = Agenda.for_conference(iclr())
    saver = AgendaSaver(blocked / "agenda.yaml", iclr(), None)
    agenda.pick(session("Poster Session 3"))
    saver.request(agenda)
    outcome = saver.save()
    assert outcome is not None and isinstance(outcome.error, ConfplanError)


async def test_picks_reach_the_file_and_another_windows_picks_are_kept(make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    mine, theirs = talk("Oral 3 Track 1", 0), talk("Oral 4 Track 1", 2)
    app = make_app(open_agenda(path, iclr()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "space")  # a first pick creates the file
        await settle(pilot)
        first = {p.id for p in app.state.agenda}
        assert picked_ids(path) == first

        # Another window, which read the file just now, adds a pick and saves.
        other = load_agenda(path, iclr())
        other.pick(theirs)
        save_agenda(other, path, iclr())

        app.state.toggle_pick(mine, Priority.MUST)
        app.agenda_changed()
        await settle(pilot)
        assert {p.id for p in app.state.agenda} == first | {mine.id, theirs.id}  # taken into this window too
        assert picked_ids(path) == first | {mine.id, theirs.id}


async def test_a_save_that_fails_at_quit_is_kept_for_the_command_to_report(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    app = PlannerApp(PlannerState(iclr(), Agenda.for_conference(iclr())), blocked / "agenda.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.saver is not None
        app.state.toggle_pick(session("Poster Session 3"), Priority.MUST)
        app.saver.request(app.state.agenda)  # asked for, not yet written when the app quits
    assert isinstance(app.unsaved, ConfplanError)


@pytest.mark.parametrize("presses", [1, 2, 3])
async def test_quick_presses_end_with_the_last_state_in_the_file(
    make_app: AppFactory, tmp_path: Path, presses: int
) -> None:
    path = tmp_path / "agenda.yaml"
    app = make_app(open_agenda(path, iclr()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", *["space"] * presses)  # pick, unpick, pick…
        picked = {p.id for p in app.state.agenda}
    assert len(picked) == presses % 2
    assert (picked_ids(path) if path.exists() else set()) == picked


async def test_a_burst_of_picks_is_saved_once_after_the_delay_and_at_quit_at_once(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    app = PlannerApp(PlannerState(iclr(), open_agenda(path, iclr())), path)
    app.save_delay = 0.5
    writes: list[set[str]] = []
    save = AgendaSaver.save

    def counted_save(saver: AgendaSaver) -> object:
        outcome = save(saver)
        if outcome is not None:
            writes.append({p.id for p in outcome.after})
        return outcome

    first, second = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 5", 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AgendaSaver, "save", counted_save)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for event in (first, second):
                app.state.toggle_pick(event, Priority.MUST)
                app.agenda_changed()
                await pilot.pause(0.1)
            assert writes == [] and not path.exists()  # still within the delay of the last change
            await pilot.pause(0.6)
            await app.workers.wait_for_complete()
            assert writes == [{first.id, second.id}] and picked_ids(path) == {first.id, second.id}

            app.state.toggle_pick(first, Priority.MUST)  # unpicked, then quit before the delay is over
            app.agenda_changed()
        assert picked_ids(path) == {second.id}


@pytest.mark.parametrize("what", ["fifo", "device"])
def test_a_pipe_or_device_put_at_the_agenda_path_is_an_error_not_a_hang(tmp_path: Path, what: str) -> None:
    """The planner looks at its agenda file now and then in a thread: a named pipe there blocked that read for
    ever, /dev/zero read until memory ran out (issue 20, class 4)."""
    import os
    import threading

    path = tmp_path / "agenda.yaml"
    agenda = open_agenda(path, iclr())
    agenda.pick(talk("Oral 3 Track 1", 0))
    saver = AgendaSaver(path, iclr(), agenda.saved)
    saver.request(agenda)
    saver.save()
    path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    found: list[object] = []
    looking = threading.Thread(target=lambda: found.append(saver.read_if_changed()), daemon=True)
    looking.start()
    looking.join(timeout=10)
    assert found, "read_if_changed did not return"
    changed = found[0]
    assert changed is not None and changed.theirs is None  # type: ignore[attr-defined]
    expected = "a named pipe (FIFO), not a file" if what == "fifo" else "a device, not a file"
    assert expected in str(changed.error)  # type: ignore[attr-defined]
