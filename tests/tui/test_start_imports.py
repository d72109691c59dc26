"""What the planner's start imports before its first frame: only what showing the programme needs (issue 17).

Each import is paid for by every start; YAML (about 10 ms), the network client and the parsers of other formats
wait until something asks for them: an agenda file or a conference.yaml to read, a URL, a file in that format,
HTML in an abstract, a paper list to join.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.synthetic import generate, write

#: Everything the `confplan` command does before the app runs, then the modules imported by then, as JSON.
_START = """
import json, sys
from confplan.cli import parse_arguments
from confplan.cli.context import Context
from confplan.tui.launch import make_planner
context = Context(parse_arguments(sys.argv[1:]))
app = make_planner(context.schedule(), context.load_options(), context.args.agenda)
print(json.dumps(sorted(sys.modules)))
"""

_NETWORK = {"confplan.storage.fetch", "urllib.request", "http.client"}  # (asyncio, under Textual, imports ssl)


def modules_at_start(*args: str, home: Path) -> set[str]:
    env = {"CONFPLAN_CACHE_DIR": str(home / "cache"), "CONFPLAN_DATA_DIR": str(home / "data"), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", _START, *args], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_schedule_xml_without_yaml_files_starts_without_yaml_the_network_or_other_parsers(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.xml"
    write(generate(50), "xml", schedule)
    agenda = tmp_path / "agenda.yaml"  # not written yet: a first start
    first = modules_at_start("--schedule", str(schedule), "--agenda", str(agenda), home=tmp_path)
    assert {"confplan.formats.frab_xml", "confplan.tui.app"} <= first  # the check sees the start
    unneeded = {"yaml", "confplan.formats.iclr_text", "confplan.formats.ical_programme", "html.parser"}
    unneeded |= {"confplan.domain.paper_matching", "confplan.storage.conference_yaml"}  # no settings, no papers
    assert first & (unneeded | _NETWORK) == set()


def test_the_bundled_programme_reads_its_conference_yaml_but_starts_without_the_network_or_other_parsers(
    tmp_path: Path,
) -> None:
    modules = modules_at_start(home=tmp_path)
    assert {"yaml", "confplan.formats.iclr_text"} <= modules  # its conference.yaml and its text
    other_formats = {"confplan.formats.frab_xml", "confplan.formats.ical_programme", "confplan.formats.schedule_json"}
    assert modules & (_NETWORK | other_formats | {"xml.etree.ElementTree"}) == set()
