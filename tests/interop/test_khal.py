"""khal (a real terminal calendar) imports the export at the right instants, on a machine far from Kigali.

khal runs as its own process with its own configuration, calendar folder and database in a temporary directory;
TZ is set to Pacific/Auckland and khal is given no zone of its own, so it takes the machine's.  If it read our times
in its local zone instead of the file's TZID/VTIMEZONE, every event would be ten hours off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from export_scenario import FAR_FROM_KIGALI, ReimportCycle, expected_of, programme_copy

from confplan.domain.agenda import Agenda
from confplan.storage.export_ics import CANCELLED, Expected, event_uid
from confplan.storage.store import save_agenda

KHAL_FIELDS = ("uid", "start-long", "end-long", "title", "status", "cancelled")
ISO_MINUTES_WITH_OFFSET = "%Y-%m-%dT%H:%M%z"


class Khal:
    """One khal installation: a calendar named `conference` stored as a folder of .ics files (a vdir)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.calendar_dir = home / "calendars" / "conference"
        self.calendar_dir.mkdir(parents=True)
        self.config = home / "khal.conf"
        self.config.write_text(
            "[calendars]\n"
            "[[conference]]\n"
            f"path = {self.calendar_dir}\n"
            "type = calendar\n"
            "[locale]\n"
            "timeformat = %H:%M\n"
            "dateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\n"
            f"datetimeformat = {ISO_MINUTES_WITH_OFFSET}\n"
            f"longdatetimeformat = {ISO_MINUTES_WITH_OFFSET}\n"
            "[sqlite]\n"
            f"path = {home / 'khal.db'}\n",
            encoding="utf-8",
        )

    def run(self, *args: str) -> str:
        env = {
            **os.environ,
            "TZ": FAR_FROM_KIGALI,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
        }
        result = subprocess.run(
            [sys.executable, "-m", "khal", "-c", str(self.config), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"khal {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def import_file(self, data: bytes) -> None:
        path = self.home / "export.ics"
        path.write_bytes(data)
        self.run("import", "--batch", "-a", "conference", str(path))

    def events(self) -> list[dict[str, str]]:
        """Every event khal lists on the conference days, once each (khal prints one JSON array per day)."""
        args = ["list", "--once", *(f"--json={field}" for field in KHAL_FIELDS), "2023-04-30", "2023-05-06"]
        listed: list[dict[str, str]] = []
        for line in self.run(*args).splitlines():
            if line.strip():
                listed.extend(json.loads(line))
        return listed


def assert_khal_holds(khal: Khal, expected: Mapping[str, Expected]) -> dict[str, dict[str, str]]:
    listed = khal.events()
    uids = [event["uid"] for event in listed]
    assert sorted(uids) == sorted(expected), "each exported event exactly once"
    assert sorted(p.stem for p in khal.calendar_dir.glob("*.ics")) == sorted(expected), "one file per UID"
    for event in listed:
        start = datetime.strptime(event["start-long"], ISO_MINUTES_WITH_OFFSET)
        end = datetime.strptime(event["end-long"], ISO_MINUTES_WITH_OFFSET)
        assert start.utcoffset() == end.utcoffset() and start.utcoffset() is not None
        assert start.utcoffset().total_seconds() == 12 * 3600, "khal shows times in the machine's zone (NZST)"
        wanted = expected[event["uid"]]
        assert (start, end) == (wanted.start, wanted.end), event["title"]
    return {event["uid"]: event for event in listed}


def test_khal_imports_every_pick_at_its_instant(reimport_cycle: ReimportCycle, tmp_path: Path) -> None:
    khal = Khal(tmp_path / "khal")
    khal.import_file(reimport_cycle.first)
    listed = assert_khal_holds(khal, reimport_cycle.first_expected)
    statuses = {uid: event["status"] for uid, event in listed.items()}
    assert sorted(statuses.values()).count("TENTATIVE") == 1  # the maybe-pick


def test_khal_re_import_updates_instead_of_duplicating(reimport_cycle: ReimportCycle, tmp_path: Path) -> None:
    khal = Khal(tmp_path / "khal")
    khal.import_file(reimport_cycle.first)
    khal.import_file(reimport_cycle.second)
    listed = assert_khal_holds(khal, reimport_cycle.second_expected)
    moved = listed[reimport_cycle.moved_uid]
    assert moved["start-long"].startswith("2023-05-03T02:40"), "16:40 in Kigali is 02:40 next day in Auckland"
    removed = listed[reimport_cycle.removed_uid]
    assert removed["status"] == "CANCELLED" and removed["cancelled"] != ""
    for uid, event in listed.items():
        if uid != reimport_cycle.removed_uid:
            assert event["status"] in ("CONFIRMED", "TENTATIVE") and event["cancelled"] == ""


@pytest.mark.parametrize("twice", [1, 2])
def test_importing_the_same_file_again_changes_nothing(
    reimport_cycle: ReimportCycle, tmp_path: Path, twice: int
) -> None:
    khal = Khal(tmp_path / "khal")
    for _ in range(twice):
        khal.import_file(reimport_cycle.first)
    assert_khal_holds(khal, reimport_cycle.first_expected)


def test_the_confplan_command_and_khal_end_to_end(tmp_path: Path) -> None:
    """As a user does it: an agenda file, `confplan export` in its own process, khal import; the programme changes
    (an override in conference.yaml) and a pick is dropped; export and import again."""
    conference = programme_copy(tmp_path)
    programme = tmp_path / "programme" / "programme.txt"
    talk = next(e for e in conference.presentations if e.room == "AD10")
    social = next(e for e in conference.sessions if e.kind.value == "social")
    agenda = Agenda.for_conference(conference)
    agenda.pick(talk, note="front row")
    agenda.pick(social)
    agenda_path = tmp_path / "agenda.yaml"
    save_agenda(agenda, agenda_path, conference)

    def confplan_export() -> bytes:
        out = tmp_path / "agenda.ics"
        result = subprocess.run(
            [sys.executable, "-m", "confplan", "--schedule", str(programme), "export", "-o", str(out),
             "--agenda", str(agenda_path), "--remind", "15m"],
            env={**os.environ, "TZ": FAR_FROM_KIGALI, "CONFPLAN_DATA_DIR": str(tmp_path / "data")},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return out.read_bytes()

    khal = Khal(tmp_path / "khal")
    khal.import_file(confplan_export())
    assert_khal_holds(khal, expected_of(conference, agenda))

    moved_start = talk.start + timedelta(hours=5)
    later = programme_copy(
        tmp_path,
        {talk.id: {"start": f"{moved_start:%Y-%m-%d %H:%M}", "end": f"{talk.end + timedelta(hours=5):%Y-%m-%d %H:%M}"}},
    )
    agenda.unpick(social.id)
    save_agenda(agenda, agenda_path, later)
    khal.import_file(confplan_export())
    expected = expected_of(later, agenda)
    expected[event_uid(conference, social.id)] = Expected(social.start, social.end, CANCELLED)
    listed = assert_khal_holds(khal, expected)
    assert listed[event_uid(conference, social.id)]["status"] == "CANCELLED"
