"""The schedule importers (frab XML, schedule.json, .ics) on arbitrary and mutated input, through the registry.

Seeds are the format fixtures (tests/fixtures/formats): every test below runs on each of them.  The outcome must be
a conference or a ConfplanError naming the file; never another exception, never a hang.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confplan.errors import ConfplanError
from confplan.formats.common import LoadOptions
from confplan.formats.registry import FORMATS, find_format, recognise
from confplan.model import Conference
from confplan.storage.loading import load_schedule, settings_for

from .harness import located_in, mutations, parses_or_refuses, replaced_values

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
SOURCE = "fuzz-schedule"
FORMAT_OF_SUFFIX = {".xml": "frab-xml", ".json": "schedule-json", ".ics": "ical"}
SEEDS = sorted(p for p in FIXTURES.iterdir() if p.suffix in FORMAT_OF_SUFFIX)
JSON_SEEDS = [p for p in SEEDS if p.suffix == ".json"]
# The ICLR text format has its own fuzz tests (test_fuzz_iclr_text.py); here it is only the fallback.
OPTIONS = [LoadOptions(timezone="Africa/Kigali"), LoadOptions(timezone="Africa/Kigali", lenient=True)]


def read(data: bytes, format_name: str | None, options: LoadOptions) -> Conference | ConfplanError:
    """What ``load_schedule`` does after reading the file: recognise the format (or take the one named), read it."""

    def run() -> Conference:
        chosen = find_format(format_name) if format_name else recognise(data, SOURCE)
        settings = settings_for(None, SOURCE, options) if chosen.needs_settings else None
        conference, _ = chosen.read(data, SOURCE, options, settings)
        return conference

    outcome = parses_or_refuses(run)
    located_in(outcome, SOURCE)
    if isinstance(outcome, Conference):
        assert len(outcome) > 0  # a conference is only returned with events in it
    return outcome


def test_every_importer_is_fuzzed() -> None:
    assert set(FORMAT_OF_SUFFIX.values()) | {"iclr-text"} == {f.name for f in FORMATS}
    assert {p.suffix for p in SEEDS} == set(FORMAT_OF_SUFFIX)


@given(st.binary(max_size=2000), st.sampled_from([None, *FORMAT_OF_SUFFIX.values()]), st.sampled_from(OPTIONS))
def test_arbitrary_bytes(data: bytes, format_name: str | None, options: LoadOptions) -> None:
    read(data, format_name, options)


@given(st.text(max_size=2000), st.sampled_from([None, *FORMAT_OF_SUFFIX.values()]))
def test_arbitrary_text(text: str, format_name: str | None) -> None:
    read(text.encode("utf-8", "surrogatepass"), format_name, OPTIONS[0])


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
@given(data=st.data(), options=st.sampled_from(OPTIONS), forced=st.booleans())
def test_mutated_fixtures(seed: Path, data: st.DataObject, options: LoadOptions, forced: bool) -> None:
    """Lines deleted, duplicated or swapped, a cut anywhere, flipped bytes: recognised by content or forced."""
    mutated = data.draw(mutations(seed.read_bytes()))
    read(mutated, FORMAT_OF_SUFFIX[seed.suffix] if forced else None, options)


@pytest.mark.parametrize("seed", JSON_SEEDS, ids=lambda p: p.name)
@given(data=st.data(), options=st.sampled_from(OPTIONS))
def test_json_values_of_the_wrong_kind(seed: Path, data: st.DataObject, options: LoadOptions) -> None:
    """Any value replaced by a value of another type or a tricky one (zone folders, impossible dates, "\\ud800")."""
    document = data.draw(replaced_values(json.loads(seed.read_bytes())))
    outcome = read(json.dumps(document).encode("utf-8"), "schedule-json", options)
    if isinstance(outcome, Conference):
        for event in outcome.events():  # what was read can be printed and saved (no half surrogate pairs)
            (event.title + event.abstract + (event.room or "") + " ".join(event.speakers)).encode("utf-8")


@given(st.binary(max_size=300))
def test_through_load_schedule_from_a_file(data: bytes) -> None:
    """The whole path a user's --schedule takes, file reading and conference.yaml lookup included."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "schedule"
        path.write_bytes(data)
        outcome = parses_or_refuses(lambda: load_schedule(path, LoadOptions(timezone="UTC")))
        located_in(outcome, str(path))
