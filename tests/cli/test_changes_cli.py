"""`confplan changes`: a newer programme compared with the picks, accepted into the agenda, carried to the export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from confplan.cli import main
from confplan.storage import locations
from confplan.storage.loading import load_schedule


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A private copy of the bundled programme and its conference.yaml, free to edit."""
    folder = tmp_path / "iclr"
    folder.mkdir()
    shutil.copy(locations.bundled_schedule(), folder / "programme.txt")
    shutil.copy(locations.bundled_schedule().with_name("conference.yaml"), folder / "conference.yaml")
    return folder / "programme.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_moved_and_cancelled_picks_are_reported_accepted_and_exported(
    programme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conference, _ = load_schedule(programme)
    grokking = next(p for p in conference.presentations if p.abstract.startswith("Grokking"))
    doomed = next(p for p in conference.presentations if p.abstract.startswith("We present two new benchmarks, MBXP"))
    agenda, ics = tmp_path / "me.yaml", tmp_path / "me.ics"
    common = ["--schedule", str(programme), "--agenda", str(agenda)]
    assert run(capsys, "pick", grokking.id, doomed.id, *common)[0] == 0
    assert run(capsys, "export", "-o", str(ics), *common)[0] == 0
    code, out, _ = run(capsys, "changes", *common)
    assert code == 0 and out.startswith("No changes")

    # The organisers move the Grokking talk and drop the MBXP one.
    settings = programme.with_name("conference.yaml")
    settings.write_text(
        settings.read_text().replace(
            "overrides: {}", f'overrides:\n  {grokking.id}: {{start: "2023-05-02 10:45", end: "2023-05-02 11:00"}}'
        )
    )
    lines = programme.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("We present two new benchmarks, MBXP"))
    programme.write_text("\n".join(lines[: at - 1] + lines[at + 1 :]))

    code, out, _ = run(capsys, "changes", "--json", *common)
    changes = {c["kind"]: c for c in json.loads(out)}
    assert set(changes) == {"moved", "cancelled"}
    assert changes["moved"]["id"] == grokking.id and changes["moved"]["new_start"] == "2023-05-02T10:45:00+02:00"
    assert changes["cancelled"]["id"] == doomed.id
    code, out, _ = run(capsys, "agenda", "show", *common)
    assert "changed 2 of your picks" in out

    code, _, err = run(capsys, "changes", "--accept", *common)
    assert code == 0 and "accepted 1 change;" in err
    code, out, _ = run(capsys, "changes", "--json", *common)
    assert [c["kind"] for c in json.loads(out)] == ["cancelled"]  # the cancelled pick is kept, never dropped

    assert run(capsys, "export", "-o", str(ics), *common)[0] == 0
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    moved = next(e for title, e in events.items() if title.startswith("Grokking"))
    assert moved["DTSTART"].dt.isoformat() == "2023-05-02T10:45:00+02:00"
    assert int(moved["SEQUENCE"]) == 1
    cancelled = next(e for title, e in events.items() if title.startswith("[cancelled] We present two new"))
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1


def test_agenda_option_works_before_or_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    conference, _ = load_schedule(None)
    first = conference.presentations[0].id
    assert run(capsys, "--agenda", str(before), "pick", first)[0] == 0
    assert run(capsys, "pick", first, "--agenda", str(after))[0] == 0
    assert first in before.read_text() and first in after.read_text()
