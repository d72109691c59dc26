"""A long randomised run of the planner: random keys, clicks and terminal sizes (down to 40x10 and back) across
every view and dialog, from a seeded random driver over Pilot.

After every step: nothing raised (the app is still running, with no exception kept); after every step that changed
the picks (so saved them), and every 25 steps, once the saves have finished: the agenda file holds exactly the
planner's picks.  A short run in the normal suite; under `make fuzz` (CONFPLAN_FUZZ=long) several seeds of
thousands of steps.  A failure names its seed and step.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest
from textual.pilot import Pilot

from confplan.storage.store import load_agenda, open_agenda
from confplan.tui.app import PlannerApp
from confplan.views.state import PlannerState
from iclr_events import iclr

from .conftest import settle

LONG = os.environ.get("CONFPLAN_FUZZ") == "long"
SEEDS = list(range(1, 6)) if LONG else [1]
STEPS = 1000 if LONG else 100

#: Every key the planner binds, and some it does not (q and Ctrl+C quit: left out, the run would end).
KEYS = [
    *"jkmnoaPCsfNtS123-+?/[]",
    *["space", "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown"],
    *["home", "end", "ctrl+p", "backspace", "e", "L", "M", "x", "Z", "9", "é"],
    # Weighted up: Escape leaves the search box and the dialogs (else most keys end up typed into them), 1 goes
    # back to the programme (else most steps are spent in the other views), and the keys that change picks.
    *["escape"] * 6,
    *["1"] * 4,
    *["space", "m", "j", "down"] * 3,
]
SIZES = [(120, 40), (80, 24), (40, 10), (160, 50), (60, 15)]


def file_picks(path: Path) -> dict[str, tuple[str, str]]:
    if not path.exists():
        return {}
    return {p.id: (p.priority.value, p.note) for p in load_agenda(path, iclr())}


def live_picks(app: PlannerApp) -> dict[str, tuple[str, str]]:
    return {p.id: (p.priority.value, p.note) for p in app.state.agenda}


async def random_step(pilot: Pilot[None], rng: random.Random, seen: Counter[str]) -> str:
    roll = rng.random()
    if roll < 0.80:
        key = rng.choice(KEYS)
        await pilot.press(key)
        seen["keys"] += 1
        return f"key {key}"
    if roll < 0.95:
        width, height = pilot.app.size
        x, y = rng.randrange(width), rng.randrange(height)
        await pilot.click(offset=(x, y), times=rng.choice((1, 1, 2)))
        seen["clicks"] += 1
        return f"click {x},{y}"
    size = rng.choice(SIZES)
    await pilot.resize_terminal(*size)
    seen["resizes"] += 1
    return f"resize {size}"


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_clicks_and_sizes(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the file dialogs propose (and may write) files in the current folder
    path = tmp_path / "agenda.yaml"
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    views: set[str] = set()
    steps: list[str] = []
    while len(steps) < STEPS:
        await run_a_planner(path, rng, seed, steps, seen, views)
    print(f"seed {seed}: {dict(seen)}, views {sorted(views)}")


async def run_a_planner(
    path: Path, rng: random.Random, seed: int, steps: list[str], seen: Counter[str], views: set[str]
) -> None:
    """Random steps on a planner until the run's steps are done or it quits (a click on the footer's Quit, at a
    size where the footer is where the click lands): then the file must hold its picks, and the run goes on with
    a new planner on that file."""
    app = PlannerApp(PlannerState(iclr(), open_agenda(path, iclr())), path)
    app.save_delay = 0
    checked = live_picks(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        while len(steps) < STEPS:
            steps.append(await random_step(pilot, rng, seen))
            where = f"seed {seed}, step {len(steps) - 1}: {steps[-8:]}"
            assert app._exception is None, where
            if not app.is_running:
                seen["quits"] += 1
                break
            views.add(type(app.screen).__name__)
            changed = live_picks(app) != checked
            seen["changes"] += changed
            if changed or len(steps) % 25 == 0:  # after every change (hence a save), and now and then
                await settle(pilot)
                await pilot.pause(0.05)
                await settle(pilot)
                if app.saver is not None and app.failing is None and not app._settling:
                    assert file_picks(path) == live_picks(app), where
                    seen["checks"] += 1
                checked = live_picks(app)
    assert app._exception is None
    if app.unsaved is None and app.failing is None:
        assert file_picks(path) == live_picks(app), f"seed {seed}, after quitting at step {len(steps) - 1}"
