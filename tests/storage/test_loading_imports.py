"""A schedule read before comes from the cache without its parser: a warm start of the planner does not import
the parsers (xml, the ICLR text reader, iCalendar, JSON), a tenth of its imports (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.synthetic import generate, write

_LOAD_TWICE = """
import json, sys
from confplan.storage.loading import load_schedule
from confplan.storage.schedule_cache import ScheduleCache
path = sys.argv[1] if len(sys.argv) > 1 else None
load_schedule(path, cache=ScheduleCache())
print(json.dumps(sorted(sys.modules)))
"""


def modules_after_loading(schedule: Path | None, cache_dir: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_TWICE, *([str(schedule)] if schedule else [])],
        env={"CONFPLAN_CACHE_DIR": str(cache_dir), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_schedule_from_the_cache_imports_no_parser(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.xml"
    write(generate(50), "xml", schedule)
    parsers = {f"confplan.formats.{name}" for name in ("registry", "frab_xml", "iclr_text", "schedule_json")}
    parsers |= {"confplan.formats.ical_programme", "xml.etree.ElementTree", "pyexpat"}
    for path in (schedule, None):  # a schedule.xml, and the bundled ICLR text
        assert "confplan.formats.registry" in modules_after_loading(path, tmp_path / "cache")  # parsed, then kept
        assert modules_after_loading(path, tmp_path / "cache") & parsers == set()
