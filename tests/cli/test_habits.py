"""The command line for someone typing from habit (issue 15): a mistyped command gets "did you mean", every
subcommand's --help starts with what it does, and scripts can fail on clashes."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from confplan.cli import build_parser, main
from iclr_events import talk


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_mistyped_command_gets_the_closest_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["shwo", "5eb4f7"])
    assert exit_.value.code == 2
    assert "did you mean show?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["agenda", "mrege", "x.yaml"])
    assert "did you mean merge?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["zzzzzz"])
    assert "did you mean" not in capsys.readouterr().err  # nothing close: no guess


def every_subparser(
    parser: argparse.ArgumentParser, path: str = "confplan"
) -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((f"{path} {name}", sub))
                found += every_subparser(sub, f"{path} {name}")
    return found


def test_every_subcommand_s_help_says_what_it_does() -> None:
    subcommands = every_subparser(build_parser())
    assert len(subcommands) >= 15
    missing = [name for name, sub in subcommands if not sub.description]
    assert missing == []
    owner = dict(subcommands)["confplan agenda owner"]
    assert "labels your picks when others merge them" in owner.format_help()


def test_conflicts_check_fails_on_a_clash_for_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conflicts", "--check"]) == 0  # nothing picked: nothing clashes
    main(["pick", talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 5", 0).id])
    capsys.readouterr()
    assert main(["conflicts"]) == 0  # without --check, a report and exit status 0, as before
    assert main(["conflicts", "--check"]) == 1
    assert main(["conflicts", "--check", "--json"]) == 1
    assert "1 clash" in capsys.readouterr().out
