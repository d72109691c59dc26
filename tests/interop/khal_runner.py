"""khal as the tests drive it: its own process, configuration, calendar folder (a vdir) and database in a temporary
directory, on a machine whose zone (TZ) is far from Kigali."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from export_scenario import FAR_FROM_KIGALI

from confplan.storage.export_ics import Expected

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


def confplan_export(tmp_path: Path, agenda_path: Path, *destination: str) -> str:
    """`confplan export` in its own process on the programme copy in ``tmp_path`` (export_scenario.programme_copy),
    on a machine far from Kigali, with a 15-minute reminder; what it said on stderr."""
    programme = tmp_path / "programme" / "programme.txt"
    result = subprocess.run(
        [sys.executable, "-m", "confplan", "--schedule", str(programme), "export", *destination,
         "--agenda", str(agenda_path), "--remind", "15m"],
        env={**os.environ, "TZ": FAR_FROM_KIGALI, "CONFPLAN_DATA_DIR": str(tmp_path / "data")},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr
