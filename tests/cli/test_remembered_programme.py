"""An agenda remembers where its programme came from, and a command given it without --schedule uses that
programme, saying so (issue 15: an agenda made on FOSDEM needed --schedule on every command)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.storage.loading import load_schedule
from confplan.storage.store import load_agenda

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "fosdem_style.xml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CONFPLAN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "data"


def test_an_agenda_made_on_another_programme_finds_it_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = tmp_path / "fosdem.xml"
    shutil.copy(FIXTURE, programme)
    agenda = tmp_path / "mine.yaml"
    monkeypatch.chdir(tmp_path)
    conference, _ = load_schedule(programme)
    keynote = next(e for e in conference.events() if e.title == "Consensus as a Service")
    assert main(["--schedule", "fosdem.xml", "pick", "--agenda", str(agenda), keynote.id]) == 0  # a relative path
    assert load_agenda(agenda).schedule_source == str(programme.resolve())
    capsys.readouterr()

    monkeypatch.chdir(tmp_path.parent)  # elsewhere, and no --schedule
    assert main(["agenda", "show", "--agenda", str(agenda)]) == 0
    out, err = capsys.readouterr()
    assert "Consensus as a Service" in out
    assert f"{agenda} was made on the programme {programme.resolve()}; using it" in err


def test_the_bundled_programme_is_not_written_down(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    agenda = tmp_path / "iclr.yaml"
    assert main(["pick", "--agenda", str(agenda), "5eb4f7"]) == 0
    assert load_agenda(agenda).schedule_source == ""
    assert "source:" not in agenda.read_text(encoding="utf-8")
    assert main(["agenda", "show", "--agenda", str(agenda)]) == 0
    assert "was made on the programme" not in capsys.readouterr().err


def test_agenda_show_keeps_its_columns_with_long_room_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    conference, _ = load_schedule(FIXTURE)
    ids = [e.id for e in conference.events() if e.room in ("Janson", "H.2215 (Ferrer)")]
    assert len({conference[i].room for i in ids}) == 2
    agenda = tmp_path / "mine.yaml"
    assert main(["--schedule", str(FIXTURE), "pick", "--agenda", str(agenda), *ids]) == 0
    capsys.readouterr()
    assert main(["agenda", "show", "--agenda", str(agenda)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if " must " in line]
    assert len(lines) == len(ids) and len({line.index(" must ") for line in lines}) == 1
    assert any("H.2215 (Ferrer) must" in line for line in lines)  # the room whole, then the column
