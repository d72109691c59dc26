"""Agenda files (store.load_agenda on safe_yaml) on arbitrary and mutated input, and any text through a round trip.

An agenda comes from a colleague as often as from oneself: whatever it holds, reading it ends in an Agenda or a
ConfplanError naming the file (and the line, when the problem is in the text).  Whatever a pick's text is, saving
and reading it again gives the same agenda, or the save refuses clearly and writes nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.errors import ConfplanError
from confplan.model import Conference
from confplan.storage.safe_yaml import Mapping, Node, Sequence, dump, read_tree
from confplan.storage.store import HEADER, _pick_document, agenda_text, load_agenda, parse_agenda, save_agenda
from iclr_events import iclr, session, talk

from .harness import TRICKY_VALUES, located_in, mutations, parses_or_refuses

SOURCE = "fuzz-agenda.yaml"


def seed_agenda() -> Agenda:
    """A real agenda: picks of the bundled programme with notes, an orphan, a merged pick, an owner."""
    agenda = Agenda.for_conference(iclr(), owner="Ada")
    agenda.pick(talk("Oral 3 Track 1", 0), note="Ask about Hanabi.\nTwo lines: - id: x")
    agenda.pick(session("Poster Session 3"), Priority.MAYBE, note="x" * 150)
    agenda.add(replace(Pick.of(session("Oral 4 Track 6")), picked_by="Grace"))
    agenda.add(
        replace(Pick.of(session("Social: Lin Gu")), id="0rphan", fingerprint="", note="'quoted' \"both\" # hash")
    )
    return agenda


SEED = agenda_text(seed_agenda()).encode("utf-8")


def parse(text: str, conference: Conference | None) -> Agenda | ConfplanError:
    outcome = parses_or_refuses(lambda: parse_agenda(text, SOURCE, conference))
    located_in(outcome, SOURCE)
    return outcome


def test_the_seed_is_a_valid_agenda() -> None:
    assert parse(SEED.decode("utf-8"), iclr()) == seed_agenda()


@given(st.text(max_size=500), st.booleans())
def test_arbitrary_text(text: str, with_conference: bool) -> None:
    parse(text, iclr() if with_conference else None)


@given(st.binary(max_size=500))
def test_arbitrary_bytes_from_a_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "agenda.yaml"
        path.write_bytes(data)
        located_in(parses_or_refuses(lambda: load_agenda(path, iclr())), str(path))


@given(mutations(SEED), st.booleans())
def test_mutated_agenda_files(data: bytes, with_conference: bool) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # the decoding step has its own test (arbitrary bytes, above)
    outcome = parse(text, iclr() if with_conference else None)
    if isinstance(outcome, ConfplanError):
        # A problem found in the text says on which line (only "the file is empty" has none to give).
        assert all(p.line is not None for p in outcome.problems if "empty" not in p.message)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | TRICKY_VALUES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10) | TRICKY_VALUES, inner, max_size=4)
    ),
    max_leaves=12,
)
pick_like = st.fixed_dictionaries(
    {"id": yaml_values, "title": yaml_values, "start": yaml_values, "end": yaml_values},
    optional={"room": yaml_values, "priority": st.sampled_from(["must", "maybe", "x"]) | yaml_values},
)


@given(
    st.fixed_dictionaries(
        {"version": st.sampled_from([1, 2, "1"]) | yaml_values, "picks": st.lists(pick_like, max_size=3) | yaml_values},
        optional={"conference": st.fixed_dictionaries({"name": yaml_values}) | yaml_values, "owner": yaml_values},
    ),
    st.sampled_from(["block", "flow"]),
)
def test_agenda_shaped_yaml_with_values_of_every_kind(document: dict[str, object], style: str) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=style == "flow")
    parse(text, None)


@given(st.text(max_size=300))
def test_the_yaml_reader_on_anything(text: str) -> None:
    outcome = parses_or_refuses(lambda: read_tree(text, SOURCE))
    assert outcome is None or isinstance(outcome, Node | ConfplanError)
    located_in(outcome, SOURCE)


# --- whatever the text, it survives a save and a load, or the save refuses and writes nothing ---------------------

START = datetime(2023, 5, 2, 10, 0, tzinfo=UTC)
any_text = st.text(max_size=60) | TRICKY_VALUES


@given(
    st.lists(st.tuples(any_text, any_text, any_text, any_text, st.integers(0, 3000)), max_size=4),
    any_text,
    any_text,
)
def test_any_text_round_trips_exactly(picks: list[tuple[str, str, str, str, int]], owner: str, name: str) -> None:
    agenda = Agenda(name.strip() or "C", owner=owner.strip())
    for number, (event_id, title, note, room, minutes) in enumerate(picks):
        start = START + timedelta(minutes=minutes)
        agenda.add(Pick(event_id or str(number), title, start, start + timedelta(minutes=10), room or None, note=note))
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "agenda.yaml"
        outcome = parses_or_refuses(lambda: save_agenda(agenda, path))
        if isinstance(outcome, ConfplanError):
            assert not path.exists()  # refused before writing anything
            assert "cannot save" in str(outcome)
        else:
            assert load_agenda(path) == agenda


def written_as_one_document(agenda: Agenda) -> str:
    """The agenda file as one dump of the whole document with a blank line before each pick: what agenda_text,
    which writes each pick's block apart (and remembers it), must give byte for byte."""
    about = {"name": agenda.conference_name, "schedule_sha256": agenda.schedule_hash}
    document: dict[str, object] = {"version": 1, "conference": about}
    if not agenda.schedule_hash:
        del about["schedule_sha256"]
    if agenda.owner:
        document["owner"] = agenda.owner
    document["picks"] = [_pick_document(p) for p in agenda.in_time_order()]
    text = dump(document)
    root = read_tree(text, SOURCE)
    assert isinstance(root, Mapping)
    picks = root.items[-1][1]
    assert isinstance(picks, Sequence)
    starts = {item.line - 1 for item in picks.items}
    lines = text.splitlines(keepends=True)
    return HEADER + "".join(("\n" + line if number in starts else line) for number, line in enumerate(lines))


@given(
    st.lists(st.tuples(any_text, any_text, any_text, any_text, st.integers(0, 3000)), max_size=4),
    any_text,
    st.sampled_from([Priority.MUST, Priority.MAYBE]),
)
def test_picks_written_apart_make_the_same_file_as_one_document(
    picks: list[tuple[str, str, str, str, int]], owner: str, priority: Priority
) -> None:
    agenda = Agenda("C", owner=owner.strip())
    for number, (event_id, title, note, room, minutes) in enumerate(picks):
        start = START + timedelta(minutes=minutes)
        end = start + timedelta(minutes=10)
        agenda.add(Pick(event_id or str(number), title, start, end, room or None, priority, note=note))
    outcome = parses_or_refuses(lambda: agenda_text(agenda))
    if not isinstance(outcome, ConfplanError):
        assert outcome == written_as_one_document(agenda)
        assert agenda_text(seed_agenda()) == written_as_one_document(seed_agenda())
