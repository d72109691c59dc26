"""Choosing a format by content (not by extension), --format, and what the CLI tells the user."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.errors import ConfplanError
from confplan.formats.common import LoadOptions
from confplan.formats.registry import FORMATS, find_format, recognise
from confplan.storage.loading import load_schedule
from format_helpers import FIXTURES


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("pretalx_schedule.xml", "frab-xml"),
        ("fosdem_style.xml", "frab-xml"),
        ("pretalx_schedule.json", "schedule-json"),
        ("schedule2_flat.json", "schedule-json"),
        ("tzid_no_vtimezone.ics", "ical"),
        ("vtimezone_at_end.ics", "ical"),
    ],
)
def test_formats_are_recognised_by_content(fixture: str, expected: str) -> None:
    assert recognise((FIXTURES / fixture).read_bytes(), fixture).name == expected


@pytest.mark.parametrize(
    "before", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n \t", b"\n" * 500], ids=["none", "bom", "bom+blanks", "lines"]
)
def test_a_bom_and_blanks_before_the_content_do_not_hide_the_format(before: bytes) -> None:
    """Each format is asked only for content that starts as it can (its module is not imported for others)."""
    for fixture, expected in (("pretalx_schedule.xml", "frab-xml"), ("tzid_no_vtimezone.ics", "ical")):
        assert recognise(before + (FIXTURES / fixture).read_bytes(), fixture).name == expected
    assert recognise(before + (FIXTURES / "schedule2_flat.json").read_bytes(), "s.json").name == "schedule-json"
    # More blank bytes than the registry looks at: every format is asked, as before.
    assert recognise(b"\n" * 5000 + (FIXTURES / "pretalx_schedule.xml").read_bytes(), "s.xml").name == "frab-xml"


def test_each_format_is_named_as_its_module_names_it() -> None:
    """The registry names the formats without importing their modules (issue 17); the modules say their names."""
    import importlib

    for each in FORMATS:
        assert importlib.import_module(f"confplan.formats.{each.module}").FORMAT_NAME == each.name


def test_the_bundled_programme_is_iclr_text_and_loads_as_before() -> None:
    conference, reported = load_schedule(None)
    assert conference.name == "ICLR 2023" and len(conference) == 27 + 366 and reported == []


def test_a_misleading_extension_does_not_matter(tmp_path: Path) -> None:
    disguised = tmp_path / "programme.txt"
    shutil.copy(FIXTURES / "ccc_day_change.xml", disguised)
    conference, _ = load_schedule(disguised)
    assert conference.name == "37th Chaos Communication Congress"


def test_format_option_forces_a_format_by_name_or_alias() -> None:
    assert find_format("ics") is find_format("ical") is FORMATS[1]
    assert find_format("Pentabarf").name == "frab-xml" and find_format("pretalx").name == "schedule-json"
    conference, _ = load_schedule(FIXTURES / "schedule2_flat.json", LoadOptions(format="json"))
    assert len(conference) == 2
    with pytest.raises(ConfplanError, match="not valid JSON"):
        load_schedule(FIXTURES / "pretalx_schedule.xml", LoadOptions(format="schedule-json"))
    with pytest.raises(ConfplanError, match="unknown format 'csv'; expected one of frab-xml, ical"):
        find_format("csv")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<?xml version='1.0'?><html><body/></html>", "an XML document with root <html>, not a frab/Pentabarf"),
        (b'{"talks": [], "rooms": []}', "JSON, but not a schedule.json"),
    ],
)
def test_other_xml_and_json_are_named_as_such(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "schedule"
    path.write_bytes(content)
    with pytest.raises(ConfplanError) as caught:
        load_schedule(path)
    assert caught.value.problems[0].message.startswith(expected)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_an_imported_schedule_and_prints_notes_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--schedule", str(FIXTURES / "ccc_day_change.xml"), "list", "--json")
    assert code == 0
    events = json.loads(out)
    assert len(events) == 7 and {e["level"] for e in events} == {"session"}
    late = next(e for e in events if e["title"] == "Late night with a date")
    assert late["start"] == "2023-12-28T01:00:00+01:00" and late["source_id"] == "24b58c74-2bba-412e-84ac-c206f714f0b7"
    assert err.count("confplan: note: ") == 2 and "appears 2 times" in err


def test_cli_format_option_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--schedule", str(FIXTURES / "all_utc.ics"), "--format", "ics", "--timezone",
                       "Europe/London")  # fmt: skip
    assert code == 0 and "Wed 15 May 17:30–18:15" in out


def test_cli_lenient_reports_skipped_events(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--schedule", str(FIXTURES / "frab_liberal.json"), "list")
    assert code == 2 and "half an hour" in err and "--lenient" in err
    code, out, err = run(capsys, "--schedule", str(FIXTURES / "frab_liberal.json"), "--lenient", "list")
    assert code == 0 and "confplan: skipped: " in err and "Persons as plain strings" in out


def test_cli_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--format", "csv", "list"])
    assert caught.value.code == 2
    assert "unknown format 'csv'" in capsys.readouterr().err
