"""Issue 20, classes 1-3: schedules whose structure, not their size, costs gigabytes, minutes or a crash.

1. An internal DTD that gives an element default attributes: expat copies them into every such element (a few
   hundred KB of XML became gigabytes).  A schedule never needs a DTD that declares anything: refused, located.
2. A VTIMEZONE whose yearly rules start a thousand years back, or list hundreds of thousands of RDATEs: every time
   converted walked them all (tens of seconds for a few thousand events).
3. JSON numbers longer than Python converts, and values nested hundreds deep: "internal error" before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile import inputs
from hostile.child import PEAK_MB, SECONDS, assert_refused_cleanly, run_confplan


@pytest.mark.parametrize("format_option", [[], ["--format", "frab-xml"]], ids=["recognised", "--format"])
def test_xml_default_attributes_are_refused_at_their_declaration(
    tmp_path: Path, private_env: dict[str, str], format_option: list[str]
) -> None:
    path = inputs.write(tmp_path / "schedule.xml", inputs.xml_default_attributes())
    outcome = run_confplan("--schedule", str(path), *format_option, "list", env=private_env)
    assert_refused_cleanly(outcome, f"{path}:3: refused: the XML's DTD declares attributes")


def test_an_xml_dtd_declaring_elements_is_refused(tmp_path: Path, private_env: dict[str, str]) -> None:
    path = inputs.write(tmp_path / "schedule.xml", inputs.xml_declaring_elements())
    outcome = run_confplan("--schedule", str(path), "list", env=private_env)
    assert_refused_cleanly(outcome, f"{path}:3: refused: the XML's DTD declares elements")


@pytest.mark.parametrize("content", [inputs.ics_slow_time_zone, inputs.ics_many_rdates], ids=["old rules", "rdates"])
def test_a_costly_time_zone_ends_in_time(tmp_path: Path, private_env: dict[str, str], content: object) -> None:
    path = inputs.write(tmp_path / "slow.ics", content())  # type: ignore[operator]
    outcome = run_confplan("--schedule", str(path), "list", env=private_env)
    # Read (the zone's work bounded) or refused with one message: either way in time and memory.
    assert outcome.status in (0, 2), outcome.describe()
    assert "Traceback" not in outcome.said and "internal error" not in outcome.said, outcome.describe()
    assert outcome.seconds < SECONDS and outcome.peak_mb < PEAK_MB, outcome.describe()


@pytest.mark.parametrize(
    "content, message",
    [
        (inputs.json_long_number(), "schedule.json:1:131: a number of 5,000 characters"),
        (inputs.json_long_number(digits=400).replace(b"9" * 400, b"NaN"), "NaN is not a JSON value"),
        (inputs.json_deep(key="room"), "JSON nested more than 32 levels deep"),
        (inputs.json_deep(key="track"), "JSON nested more than 32 levels deep"),
        (inputs.json_deep(key="type", levels=5000), "JSON nested more than 32 levels deep"),
    ],
    ids=["long number", "NaN", "deep room", "deep track", "deeper type"],
)
def test_json_numbers_and_depth_are_bounded_and_located(
    tmp_path: Path, private_env: dict[str, str], content: bytes, message: str
) -> None:
    path = inputs.write(tmp_path / "schedule.json", content)
    outcome = run_confplan("--schedule", str(path), "list", env=private_env)
    assert_refused_cleanly(outcome, message)


def test_lenient_lists_twenty_skipped_events_and_counts_the_rest(tmp_path: Path, private_env: dict[str, str]) -> None:
    """One line per skipped event, without end (50,000 lines for a broken export): twenty, then how many more."""
    data = inputs.wide_programme(rooms=5, days=1, slots=12).replace(b'"duration": "00:30"', b'"duration": "soon"', 50)
    path = inputs.write(tmp_path / "schedule.json", data)
    outcome = run_confplan("--schedule", str(path), "--lenient", "list", env=private_env)
    assert outcome.status == 0, outcome.describe()
    assert outcome.stderr.count("confplan: skipped: ") == 20
    assert "confplan: … and 30 more skipped" in outcome.stderr
    assert outcome.stdout.count("Talk ") == 10  # the events that could be read
