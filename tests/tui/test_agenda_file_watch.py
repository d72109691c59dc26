"""The agenda file changed by another program while the planner has it open: taken in within the watch interval,
told in words, drawn; picks changed both here and elsewhere are asked about, never silently decided."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot

from confplan.domain.agenda import Agenda, Priority
from confplan.domain.concurrent_edits import arrival, contradictions, settle
from confplan.storage.store import load_agenda, open_agenda, save_agenda
from confplan.tui.app import PlannerApp
from confplan.tui.screens.choice import ChoiceDialog
from confplan.tui.widgets.agenda_list import AgendaList
from confplan.tui.widgets.programme_list import ProgrammeList
from confplan.views.rows import index_of
from confplan.views.state import PlannerState
from iclr_events import iclr, talk

from .conftest import settle as settle_pilot

FIRST, SECOND, THIRD = talk("Oral 3 Track 1", 0), talk("Oral 3 Track 1", 1), talk("Oral 3 Track 5", 0)


def another_program(path: Path, change: str, event_id: str = "", priority: Priority = Priority.MUST) -> None:
    """What `confplan pick`/`unpick` or a second planner does: read the file, change it, save it."""
    agenda = load_agenda(path, iclr())
    event = iclr()[event_id or FIRST.id]
    if change == "pick":
        agenda.pick(event, priority)
    else:
        agenda.unpick(event.id)
    save_agenda(agenda, path, iclr())


def empty_agenda_file(path: Path) -> Path:
    save_agenda(Agenda.for_conference(iclr()), path, iclr())
    return path


def planner(path: Path, save_delay: float = 0) -> PlannerApp:
    app = PlannerApp(PlannerState(iclr(), open_agenda(path, iclr())), path)
    app.save_delay = save_delay
    app.watch_seconds = 0.05
    return app


async def wait_for_the_watch(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause(0.1)
        await settle_pilot(pilot)


def told(app: PlannerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_picks_added_and_removed_elsewhere_appear_here_and_are_told(tmp_path: Path) -> None:
    path = empty_agenda_file(tmp_path / "agenda.yaml")
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        another_program(path, "pick", FIRST.id)
        another_program(path, "pick", SECOND.id, Priority.MAYBE)
        await wait_for_the_watch(pilot)
        assert {p.id for p in app.state.agenda} == {FIRST.id, SECOND.id}
        assert any(m.startswith("2 picks added elsewhere: “") for m in told(app)), told(app)
        assert "2 picks" in str(pilot.app.screen.query_one("#status").render())
        another_program(path, "unpick", FIRST.id)
        await wait_for_the_watch(pilot)
        assert {p.id for p in app.state.agenda} == {SECOND.id}
        assert any(m.startswith("1 pick unpicked elsewhere") for m in told(app)), told(app)
    assert {p.id for p in load_agenda(path, iclr())} == {SECOND.id}


def marker_in_list(app: PlannerApp, event_id: str) -> str:
    listing = app.screen.query_one(ProgrammeList)
    index = index_of(list(listing.rows), event_id)
    assert index is not None
    return listing.render_row(listing.rows[index], 118).plain[:4].strip()


async def test_picks_arriving_are_marked_in_the_list_and_shown_in_the_agenda_view_that_is_open(tmp_path: Path) -> None:
    path = empty_agenda_file(tmp_path / "agenda.yaml")
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        assert marker_in_list(app, FIRST.id) == ""
        another_program(path, "pick", FIRST.id)
        await wait_for_the_watch(pilot)
        assert marker_in_list(app, FIRST.id) == "●"
        await pilot.press("2")  # the agenda view, open while the next pick arrives
        await settle_pilot(pilot)
        another_program(path, "pick", THIRD.id, Priority.MAYBE)
        await wait_for_the_watch(pilot)
        agenda = app.screen.query_one(AgendaList)
        shown = {row.event_id: agenda.render_row(row, 118).plain for row in agenda.rows if row.event_id and row.time}
        assert set(shown) == {FIRST.id, THIRD.id}
        assert "◐" in shown[THIRD.id] and THIRD.title[:20] in shown[THIRD.id]


async def test_a_pick_made_here_and_one_made_elsewhere_both_end_in_the_file(tmp_path: Path) -> None:
    path = empty_agenda_file(tmp_path / "agenda.yaml")
    app = planner(path, save_delay=30)  # the pick made here stays unsaved while the other arrives
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        await pilot.press("space")  # the first row of the list
        here = next(iter(app.state.agenda)).id
        another_program(path, "pick", THIRD.id)
        await wait_for_the_watch(pilot)
        assert {p.id for p in app.state.agenda} == {here, THIRD.id}
    assert {p.id for p in load_agenda(path, iclr())} == {here, THIRD.id}


async def test_a_pick_changed_differently_on_both_sides_is_asked_about(tmp_path: Path) -> None:
    """Picked as a must here (not saved yet), as a maybe elsewhere: the planner asks; the answer is what is saved."""
    for key, expected in (("f", Priority.MAYBE), ("m", Priority.MUST)):
        path = empty_agenda_file(tmp_path / f"agenda-{key}.yaml")
        app = planner(path, save_delay=30)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle_pilot(pilot)
            await pilot.press("space")
            picked = next(iter(app.state.agenda))
            another_program(path, "pick", picked.id, Priority.MAYBE)
            await wait_for_the_watch(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert app.state.agenda.get(picked.id).priority is Priority.MUST  # nothing decided yet
            assert load_agenda(path, iclr()).get(picked.id).priority is Priority.MAYBE  # nor written over
            await pilot.press(key)
            await settle_pilot(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert app.state.agenda.get(picked.id).priority is expected
        assert load_agenda(path, iclr()).get(picked.id).priority is expected


async def test_a_file_that_is_not_an_agenda_now_is_told_and_the_picks_here_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    agenda = Agenda.for_conference(iclr())
    agenda.pick(FIRST)
    save_agenda(agenda, path, iclr())
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        path.write_text("<<<<<<< HEAD\nversion: 1\n", encoding="utf-8")  # a merge conflict left in it
        await wait_for_the_watch(pilot)
        assert any(m.startswith("The agenda file was changed elsewhere and cannot be read now") for m in told(app))
        assert [p.id for p in app.state.agenda] == [FIRST.id]


def test_contradictions_and_settling_them_either_way() -> None:
    base = Agenda.for_conference(iclr())
    base.pick(FIRST)
    mine, theirs = base.copy(), base.copy()
    mine.pick(FIRST, Priority.MAYBE)  # changed here
    theirs.unpick(FIRST.id)  # changed there, differently
    theirs.pick(SECOND)  # and something else there only
    found = contradictions(base, mine, theirs)
    assert [c.event_id for c in found] == [FIRST.id]
    assert found[0].describe().endswith("a maybe here, not picked elsewhere")
    kept = mine.copy()
    from confplan.domain.agenda import merge_changes

    merge_changes(settle(base, kept, theirs, keep_mine=True), kept, theirs)
    assert kept.get(FIRST.id).priority is Priority.MAYBE and SECOND.id in kept
    taken = mine.copy()
    merge_changes(settle(base, taken, theirs, keep_mine=False), taken, theirs)
    assert FIRST.id not in taken and SECOND.id in taken
    assert arrival(base, theirs).summary().startswith("1 pick added, 1 unpicked elsewhere")


# --- real other programs: an editor (saving in place and by rename) and `git pull` ----------------------------


def editor() -> str:
    found = shutil.which("vim") or shutil.which("vi")
    if found is None:
        pytest.skip("no vim or vi here: the editor cases (.ci/run installs vim-tiny)")
    return found


def edit_with_vim(path: Path, backupcopy: str, *commands: str) -> None:
    """Edit ``path`` as a person in vim would, then save: 'yes' writes the file in place; 'no' renames the old file
    away and writes a new one (a new inode), as editors that save by rename do (``backupskip`` emptied: vim keeps no
    backup of files under /tmp, where the tests' files are, and writes them in place)."""
    ex = ["-c", f"set backupskip= backupcopy={backupcopy}", *(arg for command in commands for arg in ("-c", command))]
    subprocess.run([editor(), "-u", "NONE", "-N", "-es", *ex, "-c", "wq", str(path)], check=True, timeout=30)


@pytest.mark.parametrize("backupcopy", ["no", "yes"])
async def test_an_editor_saving_the_file_by_rename_or_in_place(tmp_path: Path, backupcopy: str) -> None:
    """In vim: the first pick becomes a maybe, the second is deleted; the planner shows both, and says so."""
    path = tmp_path / "agenda.yaml"
    agenda = Agenda.for_conference(iclr())
    agenda.pick(FIRST)
    agenda.pick(SECOND)
    save_agenda(agenda, path, iclr())
    inode = path.stat().st_ino
    app = planner(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        edit_with_vim(
            path,
            backupcopy,
            f"/id: {FIRST.id}/;/priority:/s/priority: must/priority: maybe/",
            f"/- id: {SECOND.id}/;/fingerprint:/d",
        )
        assert (path.stat().st_ino != inode) is (backupcopy == "no")  # the editor saved the way it was asked
        await wait_for_the_watch(pilot)
        assert {p.id: p.priority for p in app.state.agenda} == {FIRST.id: Priority.MAYBE}
        assert any(m.startswith("1 pick unpicked, 1 changed elsewhere") for m in told(app)), told(app)
        assert "1 pick" in str(pilot.app.screen.query_one("#status").render())
    assert {p.id: p.priority for p in load_agenda(path, iclr())} == {FIRST.id: Priority.MAYBE}


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=60,
    )


async def test_a_git_pull_that_brings_picks(tmp_path: Path) -> None:
    """The agenda kept in git: a pick committed in another clone arrives here by `git pull`, while a pick made here
    (not saved yet) stays; after quitting the file holds both."""
    if shutil.which("git") is None:
        pytest.skip("no git here: the git pull case")
    upstream, here = tmp_path / "upstream", tmp_path / "here"
    upstream.mkdir()
    git("init", "-q", "-b", "main", cwd=upstream)
    save_agenda(Agenda.for_conference(iclr()), upstream / "agenda.yaml", iclr())
    git("add", "agenda.yaml", cwd=upstream)
    git("commit", "-q", "-m", "agenda", cwd=upstream)
    git("clone", "-q", str(upstream), str(here), cwd=tmp_path)
    path = here / "agenda.yaml"
    app = planner(path, save_delay=30)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_pilot(pilot)
        another_program(upstream / "agenda.yaml", "pick", THIRD.id)
        git("commit", "-q", "-am", "a pick", cwd=upstream)
        await pilot.press("space")  # the first row, here
        mine = next(iter(app.state.agenda)).id
        git("pull", "-q", "--ff-only", cwd=here)  # the file is still as committed: the pick here is not saved yet
        await wait_for_the_watch(pilot)
        assert {p.id for p in app.state.agenda} == {mine, THIRD.id}
        assert any(m.startswith("1 pick added elsewhere") for m in told(app)), told(app)
    assert {p.id for p in load_agenda(path, iclr())} == {mine, THIRD.id}
