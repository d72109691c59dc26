"""One way of writing a time range, with the same words, in every place a user reads one (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from confplan.cli import main
from confplan.views.describe import describe
from confplan.views.rows import Marks, ProgrammeRow, RowKind, row_cells
from iclr_events import iclr, session, talk

#: An oral session: its start is stated, its end estimated from the session length in conference.yaml.
SESSION_SPAN = "10:00–≈11:30"
#: A talk in it: both ends estimated (10-minute slots from the session start).
TALK_SPAN = "≈10:00–≈10:10"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_list_show_planner_agenda_and_ics_write_one_range_the_same_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    orals, first = session("Oral 3 Track 1"), talk("Oral 3 Track 1", 0)

    listed = run(capsys, "list", "--kind", "oral").splitlines()
    assert any(first.id in line and TALK_SPAN in line for line in listed)
    assert any(orals.id in line and SESSION_SPAN in line for line in listed)
    assert TALK_SPAN in run(capsys, "show", first.id)
    assert SESSION_SPAN in run(capsys, "show", orals.id)

    assert row_cells(ProgrammeRow(RowKind.PRESENTATION, first.start, first), Marks()).time == TALK_SPAN
    assert row_cells(ProgrammeRow(RowKind.SESSION, orals.start, orals), Marks()).time == SESSION_SPAN
    detail = describe(iclr(), first, None)
    assert TALK_SPAN in dict(detail.facts)["time"]

    run(capsys, "pick", first.id, orals.id)
    shown = run(capsys, "agenda", "show")
    assert TALK_SPAN in shown and SESSION_SPAN in shown

    ics = tmp_path / "picks.ics"
    run(capsys, "export", "-o", str(ics))
    descriptions = [str(e["DESCRIPTION"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert any(f"Time: {TALK_SPAN}" in d for d in descriptions)
    assert any(f"Time: {SESSION_SPAN}" in d for d in descriptions)
    # The old CLI way, one ≈ after the whole range, is gone everywhere.
    assert "10:10≈" not in "".join(listed) + shown + "".join(descriptions)


def test_a_presentation_without_an_abstract_does_not_claim_its_title_is_one() -> None:
    untitled = next(p for p in iclr().presentations if not p.abstract)
    note = describe(iclr(), untitled, None).abstract_note
    assert "first sentence" not in note
    assert "neither a title nor an abstract" in note
    titled = next(p for p in iclr().presentations if p.abstract and p.title_is_derived)
    assert "first sentence" in describe(iclr(), titled, None).abstract_note


def test_a_free_gap_after_an_estimated_end_is_marked_too(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "pick", talk("Oral 3 Track 1", 0).id)  # ≈10:00–≈10:10
    gaps = [line for line in run(capsys, "agenda", "show").splitlines() if "free for" in line]
    assert "08:00–≈10:00" in gaps[0] and "≈10:10–" in gaps[1]
    # The day ends when its last poster session does, at an estimated ≈18:30: so does the day's last gap.
    assert gaps[-1].split()[3] == "≈10:10–≈18:30"


def test_the_conflicts_list_marks_an_estimated_time_too(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "pick", talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 2", 0).id)  # both ≈10:00–≈10:10
    clash = next(line for line in run(capsys, "conflicts").splitlines() if line.startswith("clash"))
    assert clash.split()[1:5] == ["Tue", "02", "May", "≈10:00"]
