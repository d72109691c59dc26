"""Issue 20, class 5: corrections in conference.yaml out of range.

An override to the year 9999 made `pick` print "picked" and then fail its save ("internal error: a pick would not
read back"), made `export` raise ValueError, and the planner's timeline grow to gigabytes.  Overrides now keep to
the same years as schedules and agendas (1900-2200) and the same 31-day limit, and the message gives the key's line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hostile.child import assert_refused_cleanly, run_confplan

BUNDLED = Path(__file__).parents[2] / "data" / "iclr2023"
INVITED_TALK = "f51cbb"  # 09:00-10:00 on 2 May 2023


def programme_with(tmp_path: Path, override: str) -> tuple[Path, int]:
    """The bundled programme beside a conference.yaml with ``override`` for the invited talk, and its line."""
    shutil.copy(BUNDLED / "programme.txt", tmp_path / "programme.txt")
    settings = (BUNDLED / "conference.yaml").read_text(encoding="utf-8")
    settings = settings.replace("overrides: {}", f"overrides:\n  {INVITED_TALK}: {override}")
    (tmp_path / "conference.yaml").write_text(settings, encoding="utf-8")
    line = settings.splitlines().index(f"  {INVITED_TALK}: {override}") + 1
    return tmp_path / "programme.txt", line


@pytest.mark.parametrize(
    "override, message",
    [
        ('{start: "9999-12-31 10:00", end: "9999-12-31 11:00"}', "'overrides.f51cbb.start': the date"),
        ('{start: "0001-01-01 00:00"}', "out of range (years 1900–2200)"),
        ('{end: "2200-12-31 10:00"}', "f51cbb would then run from 2023-05-02 09:00 to 2200-12-31 10:00"),
        ('{start: "2023-05-02 09:00", end: "2023-07-02 09:00"}', "lasts at most 31 days"),
        ('{start: "2023-05-02 09:00", end: "2023-05-01 09:00"}', "an event ends after it starts"),
    ],
    ids=["year 9999", "year 1", "end far off", "two months", "backwards"],
)
def test_an_override_out_of_range_is_one_located_message(
    tmp_path: Path, private_env: dict[str, str], override: str, message: str
) -> None:
    check_refused(tmp_path, private_env, override, message, "pick")


@pytest.mark.parametrize("command", ["export", "list"])
def test_other_commands_refuse_it_too(tmp_path: Path, private_env: dict[str, str], command: str) -> None:
    check_refused(tmp_path, private_env, '{start: "9999-12-31 10:00"}', "out of range (years 1900–2200)", command)


def check_refused(tmp_path: Path, private_env: dict[str, str], override: str, message: str, command: str) -> None:
    schedule, line = programme_with(tmp_path, override)
    arguments = {
        "pick": ["pick", INVITED_TALK],
        "export": ["export", "--all", "-o", str(tmp_path / "out.ics")],
        "list": ["list"],
    }[command]
    outcome = run_confplan("--schedule", str(schedule), *arguments, env=private_env)
    assert_refused_cleanly(outcome, message)
    assert f"{tmp_path / 'conference.yaml'}:{line}:" in outcome.stderr, outcome.describe()
    assert "picked" not in outcome.stdout
    assert not (tmp_path / "out.ics").exists()
