"""What each command imports: a command loads the modules it needs, not the whole program.

Importing is most of what `confplan --version` costs, and part of every start of the planner (issue 17): the
network client, the parsers, YAML, the agenda's rules and Textual take longer to import than most commands take to
run.  Each case runs the command in a fresh interpreter and lists the modules it ended with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from confplan.cli.context import FORMAT_NAMES
from confplan.formats.registry import format_names

#: Runs confplan's main() on the arguments and prints, as JSON, every module imported by the end.
_PROBE = """
import contextlib, io, json, sys
from confplan.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""

#: Third-party packages and heavy parts of the standard library that no command below needs.
_NETWORK = {"urllib.request", "http.client", "ssl", "socket", "email"}
_PLANNER = {"textual", "rich"}
_EXPORT = {"icalendar", "dateutil"}


def imported_by(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["list", "--help"]])
def test_version_and_help_import_no_parser_no_storage_no_third_party_package(args: list[str], tmp_path: Path) -> None:
    modules = imported_by(*args, cwd=tmp_path)
    ours = {m for m in modules if m.startswith("confplan.")}
    allowed = {"confplan.cli", "confplan.errors", "confplan.model", "confplan.text"}
    assert {m for m in ours if not any(m == a or m.startswith(a + ".") for a in allowed)} == set()
    third_party = top_level(modules) - set(sys.stdlib_module_names) - {"confplan", "__main__", "_distutils_hack"}
    assert {name for name in third_party if not name.startswith("_sysconfigdata")} == set()  # that is sysconfig's
    assert modules & (_NETWORK | {"yaml", "pickle"}) == set()


def test_list_imports_the_parsers_but_not_the_network_the_planner_the_agenda_or_the_export(tmp_path: Path) -> None:
    modules = imported_by("list", cwd=tmp_path)
    assert {"confplan.formats.iclr_text", "confplan.storage.loading", "yaml"} <= modules  # what it needs
    assert top_level(modules) & (_PLANNER | _EXPORT | {"snowballstemmer"}) == set()
    assert modules & _NETWORK == set()
    unneeded = {"confplan.tui", "confplan.views", "confplan.domain.agenda", "confplan.domain.conflicts"}
    assert modules & (unneeded | {"confplan.storage.store", "confplan.storage.listings"}) == set()


def test_the_format_names_in_the_help_are_the_registrys() -> None:
    assert list(FORMAT_NAMES) == format_names()


def test_the_offline_variable_in_the_papers_help_is_openreviews(capsys: pytest.CaptureFixture[str]) -> None:
    from confplan.cli import main
    from confplan.storage.openreview import OFFLINE_VARIABLE

    with pytest.raises(SystemExit):
        main(["papers", "fetch", "--help"])
    assert f"{OFFLINE_VARIABLE}=1" in capsys.readouterr().out


def test_the_password_variable_in_the_sync_help_is_sync_configs(capsys: pytest.CaptureFixture[str]) -> None:
    from confplan.cli import main
    from confplan.storage.sync_config import PASSWORD_VARIABLE

    with pytest.raises(SystemExit):
        main(["sync", "--help"])
    assert f"${PASSWORD_VARIABLE}" in capsys.readouterr().out


def test_the_download_timeout_in_the_help_is_fetchs() -> None:
    from confplan.cli.context import DOWNLOAD_SECONDS
    from confplan.storage.addresses import TIMEOUT_SECONDS

    assert DOWNLOAD_SECONDS == TIMEOUT_SECONDS


#: Parses the arguments as main() does and prints, as JSON, the commands' modules imported by then.
_PARSE_PROBE = """
import json, sys
from confplan.cli import parse_arguments
args = parse_arguments(sys.argv[1:])
print(json.dumps([m for m in sorted(sys.modules) if m.endswith("_cmds")]))
"""


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--schedule", "fosdem.xml", "--agenda", "mine.yaml", "--offline"],
        ["--from", "a.yaml", "--from", "b.yaml", "--timezone", "Europe/Brussels", "--year", "2025", "--lenient"],
        ["--sched", "fosdem.xml", "--no-reading-list"],  # argparse's abbreviations
        ["--schedule", "list"],  # a file named like a command
    ],
)
def test_the_planners_arguments_are_parsed_without_the_commands_and_as_the_whole_parser_parses_them(
    args: list[str], tmp_path: Path
) -> None:
    from confplan.cli import build_parser, parse_arguments

    assert vars(parse_arguments(args)) == vars(build_parser().parse_args(args))
    done = subprocess.run(
        [sys.executable, "-c", _PARSE_PROBE, *args], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []  # building the commands' parsers took longer than the rest of the parsing


@pytest.mark.parametrize(
    "args", [["list"], ["--schedule", "x.xml", "list", "--day", "1"], ["--bogus"], ["--year", "next"], ["--he"]]
)
def test_commands_help_and_mistakes_go_to_the_whole_parser(args: list[str]) -> None:
    from confplan.cli import build_parser, parse_arguments

    def outcome(parse: object) -> object:
        try:
            return vars(parse(args))  # type: ignore[operator]
        except SystemExit as exc:
            return exc.code

    assert outcome(parse_arguments) == outcome(build_parser().parse_args)
