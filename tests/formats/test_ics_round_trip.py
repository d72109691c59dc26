"""Our own `confplan export --all` .ics, imported again, gives the same events."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from confplan.cli import main
from confplan.domain.agenda import Agenda
from confplan.model import Conference, Event, Session
from confplan.storage.export_ics import build_calendar
from confplan.storage.loading import load_schedule
from format_helpers import load

NOW = datetime(2023, 4, 1, 12, 0, tzinfo=UTC)


def essentials(event: Event) -> tuple[object, ...]:
    """What an event is, for people and for clashes: title, instants, kind, room, track, speakers."""
    return (
        event.title,
        event.start.astimezone(UTC),
        event.end.astimezone(UTC),
        event.kind,
        event.room,
        event.track,
        event.speakers,
        event.time_is_certain,
    )


def round_trip(conference: Conference, tmp_path: Path) -> Conference:
    data, _ = build_calendar(conference, Agenda.for_conference(conference), now=NOW, all_events=True)
    exported = tmp_path / "programme.ics"
    exported.write_bytes(data)
    again, _ = load_schedule(exported)
    return again


def test_the_bundled_programme_survives_export_and_import(tmp_path: Path) -> None:
    conference, _ = load_schedule(None)
    again = round_trip(conference, tmp_path)
    assert len(again) == len(conference) == 27 + 366
    assert Counter(essentials(e) for e in again.events()) == Counter(essentials(e) for e in conference.events())
    assert again.name == conference.name and again.venue == conference.venue
    assert again.timezone == conference.timezone
    # Every event keeps its id (X-CONFPLAN-ID), so an agenda made on the programme applies to its export too.
    assert {e.id: e.title for e in again.events()} == {e.id: e.title for e in conference.events()}
    # Abstracts come back too (sessions add their description in front of it, so compare presentations).
    abstracts = Counter(p.abstract for p in conference.presentations if p.abstract)
    assert Counter(e.abstract for e in again.events() if e.abstract in abstracts) == abstracts


def test_an_imported_schedule_survives_export_and_import(tmp_path: Path) -> None:
    conference, _ = load("pretalx_schedule.json")
    again = round_trip(conference, tmp_path)
    assert Counter(essentials(e) for e in again.events()) == Counter(essentials(e) for e in conference.events())
    assert all(isinstance(e, Session) for e in again.events())


def test_cli_export_all_then_list_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path / "data"))
    target = tmp_path / "all.ics"
    assert main(["export", "--all", "-o", str(target)]) == 0
    capsys.readouterr()
    assert main(["--schedule", str(target), "list", "--kind", "invited"]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2 and "Importance-Weighting Approach to Distribution Shift Adaptation" in out
