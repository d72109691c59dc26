"""conference.yaml (settings.load_settings) and reading lists (listings.py) on arbitrary and mutated input.

Both arrive with schedules and from colleagues.  Reading them ends in settings / papers or a ConfplanError naming
the file; never another exception, never a hang.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from confplan.formats.conference_settings import SETTINGS_FILE
from confplan.storage import locations
from confplan.storage.conference_yaml import load_settings
from confplan.storage.listings import (
    bundled_reading_list,
    load_reading_list_file,
    parse_listing,
    parse_reading_list_yaml,
)

from .harness import TRICKY_VALUES, located_in, mutations, parses_or_refuses

BUNDLED_SETTINGS = (locations.data_root() / locations.BUNDLED_CONFERENCE / SETTINGS_FILE).read_bytes()
LISTING = bundled_reading_list()[0].read_bytes()
SOURCE = "fuzz-list.yaml"

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | TRICKY_VALUES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12) | TRICKY_VALUES, inner, max_size=3)
    ),
    max_leaves=10,
)
settings_keys = st.sampled_from(["name", "venue", "timezone", "year", "durations", "overrides", "other"])
settings_like = st.dictionaries(
    settings_keys,
    values
    | st.dictionaries(st.sampled_from(["oral talk", "workshop", "x"]), values, max_size=2)
    | st.dictionaries(st.text(max_size=6), st.dictionaries(st.sampled_from(["start", "end", "x"]), values), max_size=2),
    max_size=6,
)


def load_settings_from(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / SETTINGS_FILE
        path.write_bytes(data)
        located_in(parses_or_refuses(lambda: load_settings(path)), str(path))


@given(st.binary(max_size=400))
def test_settings_from_arbitrary_bytes(data: bytes) -> None:
    load_settings_from(data)


@given(mutations(BUNDLED_SETTINGS))
def test_settings_mutated_from_the_bundled_conference_yaml(data: bytes) -> None:
    load_settings_from(data)


@given(settings_like, st.booleans())
def test_settings_shaped_yaml_with_values_of_every_kind(document: dict[str, object], flow: bool) -> None:
    load_settings_from(yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow).encode("utf-8"))


@given(st.text(max_size=2000))
def test_a_listing_of_arbitrary_text_gives_papers(text: str) -> None:
    papers = parses_or_refuses(lambda: parse_listing(text, "fuzz.txt"))
    assert isinstance(papers, list)  # the listing reader skips what it does not understand; it never refuses


@given(mutations(LISTING), st.sampled_from(["listing.txt", "list.yaml"]))
def test_reading_list_files_mutated_from_the_bundled_listing(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        located_in(parses_or_refuses(lambda: load_reading_list_file(path)), str(path))


@given(st.text(max_size=400))
def test_yaml_reading_list_of_arbitrary_text(text: str) -> None:
    located_in(parses_or_refuses(lambda: parse_reading_list_yaml(text, SOURCE)), SOURCE)


@given(
    st.dictionaries(
        st.sampled_from(["papers", "keywords", "x"]),
        st.lists(
            st.dictionaries(st.sampled_from(["title", "abstract", "authors", "x"]), values, max_size=4) | values,
            max_size=3,
        )
        | values,
        max_size=3,
    ),
    st.booleans(),
)
def test_yaml_reading_list_shaped_with_values_of_every_kind(document: dict[str, object], flow: bool) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    located_in(parses_or_refuses(lambda: parse_reading_list_yaml(text, SOURCE)), SOURCE)
