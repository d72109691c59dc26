"""Agenda files: round trips, byte-stability, the JSON Schema, every kind of bad input, and saves killed mid-way."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from confplan.cli import main
from confplan.domain.agenda import Agenda, Pick, Priority
from confplan.errors import ConfplanError
from confplan.model import Kind
from confplan.storage.store import (
    MAX_FILE_BYTES,
    agenda_text,
    backup_path,
    default_agenda_path,
    load_agenda,
    open_agenda,
    parse_agenda,
    save_agenda,
)
from iclr_events import iclr, session, talk, with_text

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "agenda.schema.json"

AWKWARD_NOTES = [
    "",
    "plain",
    "two\nlines",
    "trailing newline\n",
    "  leading spaces and a trailing one ",
    "line with trailing spaces   \nnext",
    "\n\nstarts with blank lines",
    "- looks like: yaml\n  - id: x\n? key\n",
    "'quotes' \"both\" # not a comment",
    "tab\there, ∼ × — “typographic” ’",
    "control \x07 bell and \x1b[31m escape",
    "null",
    "2023-05-02T10:00:00+02:00",
    "x" * 500,
    "bidi \u202e override",
    "…",
]


def full_agenda() -> Agenda:
    agenda = Agenda.for_conference(iclr(), owner="Ada Lovelace")
    agenda.pick(talk("Oral 3 Track 1", 0), note="Ask about Hanabi.\nAnd the ADVERSITY code.")
    agenda.pick(session("Poster Session 3"), Priority.MAYBE, note=with_text("Grokking", Kind.ORAL).abstract)
    agenda.pick(talk("Oral 3 Track 3", 0))  # no abstract: no fingerprint
    agenda.pick(session("Social: Lin Gu"))
    agenda.pick(session("Registration Desk"))  # no room
    agenda.add(replace(Pick.of(session("Oral 4 Track 6")), picked_by="Grace"))
    return agenda


def write(tmp_path: Path, text: str | bytes, name: str = "agenda.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def valid_text() -> str:
    pick = talk("Oral 3 Track 1", 0)
    return textwrap.dedent(f"""\
        version: 1
        conference:
          name: ICLR 2023
        picks:
          - id: {pick.id}
            title: A talk
            start: '2023-05-02T10:00:00+02:00'
            end: '2023-05-02T10:10:00+02:00'
            room: Auditorium
        """)


# --- round trips and stability ---------------------------------------------------------------------------------


def test_save_then_load_gives_the_same_agenda(tmp_path: Path) -> None:
    agenda = full_agenda()
    path = tmp_path / "a.yaml"
    assert save_agenda(agenda, path, iclr()) is True
    loaded = load_agenda(path, iclr())
    assert loaded == agenda
    assert [p.id for p in loaded.in_time_order()] == [p.id for p in agenda.in_time_order()]
    assert loaded.get(talk("Oral 3 Track 1", 0).id) == agenda.get(talk("Oral 3 Track 1", 0).id)
    assert str(loaded.get(talk("Oral 3 Track 1", 0).id).start.tzinfo) == "Africa/Kigali"  # type: ignore[union-attr]
    assert load_agenda(path) == agenda  # without the programme too


@pytest.mark.parametrize("note", AWKWARD_NOTES)
def test_any_note_and_title_survive_a_round_trip(tmp_path: Path, note: str) -> None:
    agenda = Agenda("Conf: “2023” #1", owner=note.strip() or "x")
    event = talk("Oral 3 Track 1", 0)
    agenda.add(replace(Pick.of(event, note=note), title=note or "t", id=f"id {note[:5]}" if note else "123"))
    path = tmp_path / "a.yaml"
    save_agenda(agenda, path)
    assert load_agenda(path) == agenda


def test_every_abstract_of_the_programme_survives_as_a_note(tmp_path: Path) -> None:
    agenda = Agenda.for_conference(iclr())
    for event in iclr().events():
        agenda.pick(event, note=event.abstract + "\n" + event.title)
    path = tmp_path / "all.yaml"
    save_agenda(agenda, path, iclr())
    assert load_agenda(path, iclr()) == agenda


def test_saving_an_unchanged_agenda_changes_no_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    save_agenda(full_agenda(), path, iclr())
    first = path.read_bytes()
    assert save_agenda(load_agenda(path, iclr()), path, iclr()) is False
    assert save_agenda(load_agenda(path), path) is False
    assert path.read_bytes() == first
    assert not backup_path(path).exists()  # nothing changed, so nothing was backed up


def test_file_is_readable_and_sorted_by_time(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    save_agenda(full_agenda(), path, iclr())
    text = path.read_text(encoding="utf-8")
    starts = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("    start: ")]
    assert starts == sorted(starts) and len(starts) == 6
    assert text.count("\n  - id: ") == 6 and text.count("\n\n  - id: ") == 6  # one block per pick
    assert "note: |-\n      Ask about Hanabi.\n      And the ADVERSITY code.\n" in text  # literal block
    assert "note: >-\n      Grokking, the unusual" in text  # long text folded
    assert f"schedule_sha256: {iclr().content_hash}" in text
    assert "picked_by: Grace" in text and "owner: Ada Lovelace" in text
    assert "!!" not in text and "&" not in text


def test_saved_file_matches_the_json_schema(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    save_agenda(full_agenda(), path, iclr())
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    empty = tmp_path / "empty.yaml"
    save_agenda(Agenda.for_conference(iclr()), empty, iclr())
    jsonschema.validate(yaml.safe_load(empty.read_text(encoding="utf-8")), schema)
    # The schema is not a rubber stamp: what confplan refuses, it refuses too.
    document["picks"][0]["priority"] = "urgent"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_the_documented_example_is_what_confplan_writes() -> None:
    doc = (SCHEMA.parent / "agenda-format.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```\n", 1)[0]
    agenda = parse_agenda(example, "docs/agenda-format.md")
    assert agenda_text(agenda) == example
    jsonschema.validate(yaml.safe_load(example), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_previous_version_is_kept_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    agenda = full_agenda()
    save_agenda(agenda, path, iclr())
    before = path.read_bytes()
    agenda.unpick(talk("Oral 3 Track 1", 0).id)
    assert save_agenda(agenda, path, iclr()) is True
    assert backup_path(path).read_bytes() == before
    assert load_agenda(path, iclr()) == agenda
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "a.yaml.bak"]  # no temporary files left


def test_default_path_is_one_file_per_conference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFPLAN_DATA_DIR", str(tmp_path))
    path = default_agenda_path(iclr())
    assert path == tmp_path / "agendas" / "iclr-2023.yaml"
    other = default_agenda_path(replace_name(iclr(), "NeurIPS 2023"))
    assert other.parent == path.parent and other != path
    agenda = open_agenda(path, iclr())  # no file yet: a new, empty agenda
    assert len(agenda) == 0 and agenda.conference_name == "ICLR 2023"
    agenda.pick(talk("Oral 3 Track 1", 0))
    save_agenda(agenda, path, iclr())  # creates the directories
    assert open_agenda(path, iclr()) == agenda


def replace_name(conference: object, name: str) -> object:
    from confplan.model import Conference

    assert isinstance(conference, Conference)
    return Conference(name, conference.timezone, conference.sessions, conference.presentations)


def test_a_picks_for_another_conference_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with pytest.raises(ConfplanError, match="not 'ICLR 2023'"):
        save_agenda(Agenda("NeurIPS 2023"), path, iclr())
    assert not path.exists()


# --- bad input: one clear message each, with where ---------------------------------------------------------------


def problem_of(tmp_path: Path, text: str | bytes, conference: bool = False) -> str:
    path = write(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(ConfplanError) as caught:
        load_agenda(path, iclr() if conference else None)
    assert path.read_bytes() == before
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "agenda.yaml: the file is empty"),
        ("\n  \n# only a comment\n", "the file is empty"),
        ("picks: [unclosed\n", "agenda.yaml:2:1: not valid YAML"),
        ("version: 1\n\tconference: x\n", "agenda.yaml:2:1: not valid YAML"),
        ("just some words\n", "agenda.yaml:1:1: expected a mapping with version, conference and picks; found 'just"),
        ("- a\n- b\n", "agenda.yaml:1:1: expected a mapping with version, conference and picks; found a list"),
        (
            "conference: {name: X}\npicks: []\n",
            "agenda.yaml:1:1: missing `version:`; this confplan reads agenda format version 1",
        ),
        (
            "version: 2\nconference: {name: X}\npicks: []\n",
            "agenda.yaml:1:10: agenda format version 2 is not understood; this confplan reads version 1",
        ),
        (
            "version: one\nconference: {name: X}\npicks: []\n",
            "agenda.yaml:1:10: `version` should be a whole number (1); found 'one'",
        ),
        ("version: 1\nconference: X\npicks: []\n", "agenda.yaml:2:13: `conference` should be a mapping"),
        (
            "version: 1\nconference: {name: X}\npicks: hello\n",
            "agenda.yaml:3:8: `picks` should be a list of picks; found 'hello'",
        ),
        (
            "version: 1\nconference: {name: X}\npicks: []\ncolour: red\n",
            "agenda.yaml:4:1: unknown key 'colour' in the agenda; expected version, conference, owner, picks",
        ),
        (
            "version: 1\nversion: 1\nconference: {name: X}\npicks: []\n",
            "agenda.yaml:2:1: 'version' is given twice in the agenda (first on line 1)",
        ),
        (
            "version: 1\nconference: {name: X}\npicks: [42]\n",
            "agenda.yaml:3:9: a pick should be a mapping with id, title, start, end…; found '42'",
        ),
        ("version: 1\nconference: {name: X}\npicks:\n  - {id: a}\n", "agenda.yaml:4:5: this pick has no `title:`"),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: [x], start: '2023-05-02T10:00:00+02:00', end: '2023-05-02T10:10:00+02:00'}\n",
            "agenda.yaml:4:20: `title` should be text; found a list",
        ),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: t, start: 42, end: '2023-05-02T10:10:00+02:00'}\n",
            "agenda.yaml:4:30: `start` should be a date and time like 2023-05-02T10:00:00+02:00; found '42'",
        ),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: t, start: 2023-05-02T10:00:00, end: 2023-05-02T10:10:00}\n",
            "agenda.yaml:4:30: `start` '2023-05-02T10:00:00' has no UTC offset",
        ),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: t, start: '2023-05-02T10:00:00+02:00', end: '2023-05-02T09:00:00+02:00', priority: must}\n",
            "ends (2023-05-02T09:00:00+02:00) before it starts",
        ),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: t, start: '2023-05-02T10:00:00+02:00', end: '2023-05-02T10:10:00+02:00', priority: urgent}\n",
            "`priority` should be must or maybe; found 'urgent'",
        ),
        (
            "version: 1\nconference: {name: X}\npicks:\n  - {id: a, title: t, start: '2023-05-02T10:00:00+02:00', end: '2023-05-02T10:10:00+02:00', room: {x: 1}}\n",
            "`room` should be text; found a mapping",
        ),
        ("version: 1\nconference: {name: ~}\npicks: []\n", "`conference name` should be text; found nothing (null)"),
        ("version: 1\n--- \nversion: 1\n", "agenda.yaml:2:1: a second YAML document"),
    ],
)
def test_bad_input_gives_one_located_message(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in problem_of(tmp_path, text)


def test_a_duplicate_pick_names_both_lines(tmp_path: Path) -> None:
    text = valid_text() + textwrap.indent(valid_text().split("picks:\n", 1)[1], "")
    message = problem_of(tmp_path, text)
    assert f"agenda.yaml:10:5: pick {talk('Oral 3 Track 1', 0).id} appears twice (first on line 5)" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "version: 1\nconference: {name: X, colour: red}\npicks:\n"
        "  - {id: a, title: t, start: nope, end: '2023-05-02T10:10:00+02:00'}\n"
        "  - {id: b, title: t, start: '2023-05-02T10:10:00+02:00', end: '2023-05-02T10:10:00+02:00', priority: 3}\n"
    )
    message = problem_of(tmp_path, text)
    assert len(message.splitlines()) == 3
    assert ":2:23: unknown key 'colour'" in message and ":4:30: `start`" in message and ":5:" in message


def test_a_pick_for_another_conference_is_refused(tmp_path: Path) -> None:
    message = problem_of(tmp_path, valid_text().replace("ICLR 2023", "NeurIPS 2023"), conference=True)
    assert "agenda.yaml:3:9: this agenda is for 'NeurIPS 2023', but the schedule loaded is 'ICLR 2023'" in message


def test_a_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"version: 1\nconference: {{name: X}}\npicks: !!python/object/apply:os.system ['touch {marker}']\n"
    message = problem_of(tmp_path, text)
    assert "agenda.yaml:3:8: the tag !!python/object/apply:os.system; tags are not allowed" in message
    assert not marker.exists()
    assert "tags are not allowed" in problem_of(tmp_path, "version: !!int 1\n")
    assert "tags are not allowed" in problem_of(tmp_path, "version: 1\nowner: !custom x\n")


def test_a_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["version: 1", "conference: {name: X}", "picks: *a9"]
    message = problem_of(tmp_path, "\n".join(lines) + "\n")
    assert "agenda.yaml:1:5: an anchor (&a0); anchors and aliases are not allowed" in message
    assert "alias (*x)" in problem_of(tmp_path, "version: 1\nowner: *x\n")


def test_deep_nesting_is_refused_before_it_is_built(tmp_path: Path) -> None:
    depth = 200_000
    message = problem_of(tmp_path, "picks: " + "[" * depth + "]" * depth + "\n")
    # Refused by our limit, or (with libyaml, which scans ahead) by libyaml's own: either way, located and fast.
    assert "agenda.yaml:1:" in message and ("nesting deeper than 20 levels" in message or "nesting depth" in message)
    message = problem_of(tmp_path, "".join(" " * i + "- \n" for i in range(0, 100, 2)))
    assert "nesting deeper than 20 levels" in message


def test_text_that_is_not_utf8_or_not_text(tmp_path: Path) -> None:
    assert "agenda.yaml:2:8: not UTF-8 text (byte 0xff)" in problem_of(tmp_path, b"version: 1\nowner: \xff\xfe\n")
    assert "NUL character" in problem_of(tmp_path, b"version: 1\x00\x00\x01")
    assert "not valid YAML" in problem_of(tmp_path, bytes(range(1, 32)) * 4)


def test_oversized_missing_and_directory_paths(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ConfplanError, match="far too big for an agenda file"):
        load_agenda(big)
    with pytest.raises(ConfplanError, match="missing.yaml: no such agenda file"):
        load_agenda(tmp_path / "missing.yaml")
    with pytest.raises(ConfplanError, match="a directory, not a file; expected an agenda file"):
        load_agenda(tmp_path)


def test_a_failed_save_leaves_the_old_file_and_no_litter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.yaml"
    agenda = full_agenda()
    save_agenda(agenda, path, iclr())
    before = path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    agenda.unpick(talk("Oral 3 Track 1", 0).id)
    with pytest.raises(
        ConfplanError, match="a.yaml: cannot save: No space left on device; the previous file is unchanged"
    ):
        save_agenda(agenda, path, iclr())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_a_missing_parent_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfplanError, match="cannot save here: Not a directory; nothing was written"):
        save_agenda(full_agenda(), blocker / "sub" / "a.yaml", iclr())


def test_plain_numbers_and_words_are_read_as_text(tmp_path: Path) -> None:
    text = valid_text().replace("title: A talk", "title: 1984").replace("room: Auditorium", "room: yes")
    agenda = parse_agenda(text)
    [pick] = agenda
    assert (pick.title, pick.room, pick.priority) == ("1984", "yes", Priority.MUST)
    assert parse_agenda(text.replace("room: yes", "room: null")).get(pick.id).room is None  # type: ignore[union-attr]


# --- saves killed mid-way ------------------------------------------------------------------------------------------

CHILD = """
import os, sys, time
from pathlib import Path
from confplan.domain.agenda import Agenda, Pick
from confplan.storage.loading import load_schedule
import confplan.storage.store as store

path, mode = Path(sys.argv[1]), sys.argv[2]
conference, _ = load_schedule(None)

def version(label, words):
    agenda = Agenda.for_conference(conference, owner=label)
    for event in conference.events():
        agenda.add(Pick.of(event, note=(label + " ") * words))
    return agenda

if mode == "loop":  # small agendas, saved over and over: a kill lands anywhere in a save
    new, old = version("new", 10), version("old", 10)
    print("ready", flush=True)
    while True:
        for agenda in (new, old):
            agenda.saved = None  # as if saved by programs that never read the file: each save replaces it
            store.save_agenda(agenda, path, conference)

new = version("new", 500)  # about 1 MB
if mode == "mid-write":  # the temporary file is written slowly, in small pieces
    real_fdopen = os.fdopen
    class SlowFile:
        def __init__(self, raw):
            self.raw = raw
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.raw.close()
        def write(self, data):
            print("writing", flush=True)
            for at in range(0, len(data), 16384):
                self.raw.write(data[at:at + 16384])
                self.raw.flush()
                time.sleep(0.002)
        def flush(self):
            self.raw.flush()
        def fileno(self):
            return self.raw.fileno()
    store.os.fdopen = lambda fd, mode: SlowFile(real_fdopen(fd, mode))
elif mode == "before-rename":
    real_fsync = os.fsync
    def fsync_then_hang(fd):
        real_fsync(fd)
        print("written", flush=True)
        time.sleep(600)
    store.os.fsync = fsync_then_hang
elif mode == "after-rename":
    real_replace = os.replace
    def replace_then_hang(src, dst):
        real_replace(src, dst)
        if Path(dst) == path:
            print("renamed", flush=True)
            time.sleep(600)
    store.os.replace = replace_then_hang
store.save_agenda(new, path, conference)
"""


def start_child(path: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(child: subprocess.Popen[str], word: str) -> None:
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != word:
        child.kill()
        raise AssertionError(f"child said {line!r}, not {word!r}: {child.communicate()[1]}")


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)


def owner_after_kill(path: Path) -> str:
    agenda = load_agenda(path, iclr())  # raises if the file is broken
    assert len(agenda) == len(iclr())
    return agenda.owner


def old_agenda(words: int = 500) -> Agenda:
    agenda = Agenda.for_conference(iclr(), owner="old")
    for event in iclr().events():
        agenda.add(Pick.of(event, note="old " * words))
    return agenda


def temporaries(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_a_save_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    save_agenda(old_agenda(), path, iclr())
    size = path.stat().st_size
    child = start_child(path, "mid-write")
    wait_for(child, "writing")
    time.sleep(random.Random(7).uniform(0.01, 0.1))
    kill(child)
    assert owner_after_kill(path) == "old"
    [partial] = temporaries(tmp_path)  # the proof that it was killed while writing
    assert 0 < partial.stat().st_size < size
    # The next save clears up what a killed save left, once it is clearly abandoned (over an hour old).
    an_hour_ago = partial.stat().st_mtime - 3601
    os.utime(partial, (an_hour_ago, an_hour_ago))
    agenda = load_agenda(path, iclr())
    agenda.owner = "next"
    save_agenda(agenda, path, iclr())
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    ("mode", "word", "expected"), [("before-rename", "written", "old"), ("after-rename", "renamed", "new")]
)
def test_a_save_killed_around_the_rename(tmp_path: Path, mode: str, word: str, expected: str) -> None:
    path = tmp_path / "agenda.yaml"
    save_agenda(old_agenda(), path, iclr())
    child = start_child(path, mode)
    wait_for(child, word)
    kill(child)
    assert owner_after_kill(path) == expected
    if expected == "new":
        assert load_agenda(backup_path(path)).owner == "old"


def test_saves_killed_at_random_moments_leave_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "agenda.yaml"
    save_agenda(old_agenda(10), path, iclr())
    chance = random.Random(20230502)
    for _ in range(6):
        child = start_child(path, "loop")
        wait_for(child, "ready")
        time.sleep(chance.uniform(0.05, 1.0))  # somewhere in a save: rendering, writing, renaming, backing up
        kill(child)
        assert owner_after_kill(path) in ("old", "new")
        if backup_path(path).exists():
            assert owner_after_kill(backup_path(path)) in ("old", "new")


# --- a full disk, a read-only folder: the old file stays, the user is told ---------------------------------------


class _FullDisk:
    """A file whose writes fail as they do on a full disk, after part of the data went out."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def write(self, data: bytes) -> int:
        self.raw.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def refuse_writes(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "disk full":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FullDisk(real_fdopen(fd, mode)))
    elif how == "read-only folder":
        real_open = os.open

        def read_only(path: str, flags: int, *args: int, **kwargs: int) -> int:
            if flags & os.O_CREAT:
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", read_only)
    else:  # the backup cannot be made (neither a link nor a copy)

        def no_link(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EDQUOT, "Disk quota exceeded")

        monkeypatch.setattr(os, "link", no_link)
        monkeypatch.setattr(shutil, "copy2", no_link)


@pytest.mark.parametrize(
    ("how", "told"),
    [
        ("disk full", "cannot save: No space left on device; the previous file is unchanged"),
        ("read-only folder", "cannot save here: Read-only file system; the previous file is unchanged"),
        ("no backup", "cannot save: Disk quota exceeded; the previous file is unchanged"),
    ],
)
def test_a_failing_write_leaves_the_old_file_and_backup_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, told: str
) -> None:
    path = tmp_path / "a.yaml"
    first = full_agenda()
    save_agenda(first, path, iclr())
    first.owner = "second"
    save_agenda(first, path, iclr())  # now there is a backup too
    before, backup_before = path.read_bytes(), backup_path(path).read_bytes()
    refuse_writes(monkeypatch, how)
    agenda = load_agenda(path, iclr())
    agenda.unpick(talk("Oral 3 Track 1", 0).id)
    with pytest.raises(ConfplanError) as caught:
        save_agenda(agenda, path, iclr())
    assert str(caught.value) == f"{path}: {told}"
    assert path.read_bytes() == before and backup_path(path).read_bytes() == backup_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "a.yaml.bak"]  # no partial temporary file


def test_the_command_line_tells_of_a_full_disk_and_keeps_the_picks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    picked = talk("Oral 3 Track 1", 0).id
    assert main(["pick", picked, "--agenda", str(path)]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    refuse_writes(monkeypatch, "disk full")
    assert main(["pick", talk("Oral 3 Track 5", 0).id, "--agenda", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"confplan: {path}: cannot save: No space left on device; the previous file is unchanged\n" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before and [p.id for p in load_agenda(path)] == [picked]


def test_text_a_utf8_file_cannot_hold_is_refused_before_writing(tmp_path: Path) -> None:
    agenda = full_agenda()
    agenda.set_note(talk("Oral 3 Track 1", 0).id, "half a character: \ud83d")
    with pytest.raises(ConfplanError, match=r"cannot save: the text 'half a character: \\ud83d' holds U\+D83D"):
        save_agenda(agenda, tmp_path / "a.yaml", iclr())
    assert list(tmp_path.iterdir()) == []


# --- the backup, restored with one command -------------------------------------------------------------------------


def test_agenda_restore_puts_the_backup_back_and_again_undoes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    first, second = talk("Oral 3 Track 1", 0).id, talk("Oral 3 Track 5", 0).id
    assert main(["pick", first, "--agenda", str(path)]) == 0
    one_pick = path.read_bytes()
    assert main(["pick", second, "--agenda", str(path)]) == 0
    two_picks = path.read_bytes()
    capsys.readouterr()

    assert main(["agenda", "restore", "--agenda", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"restored {path} from a.yaml.bak: 1 pick\n"
    assert f"the version it replaced is now {path}.bak; `confplan agenda restore` again undoes this" in err
    assert path.read_bytes() == one_pick and backup_path(path).read_bytes() == two_picks

    assert main(["agenda", "restore", "--agenda", str(path)]) == 0
    assert path.read_bytes() == two_picks and backup_path(path).read_bytes() == one_pick


def test_restore_repairs_a_damaged_agenda_and_the_damaged_file_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    save_agenda(old_agenda(1), path, iclr())
    good = path.read_bytes()
    save_agenda(full_agenda(), path, iclr())
    path.write_bytes(b"version: 1\npicks: [\x00\xff")  # damaged by something else
    assert main(["agenda", "show", "--agenda", str(path)]) == 2
    assert main(["agenda", "restore", "--agenda", str(path)]) == 0
    assert path.read_bytes() == good
    assert backup_path(path).read_bytes() == b"version: 1\npicks: [\x00\xff"  # nothing is thrown away
    assert load_agenda(path, iclr()) == old_agenda(1)


def test_restore_refuses_without_a_backup_or_with_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    save_agenda(full_agenda(), path, iclr())
    before = path.read_bytes()
    assert main(["agenda", "restore", "--agenda", str(path)]) == 2
    assert (
        f"confplan: {path}: there is no backup a.yaml.bak to restore; each save that changes" in capsys.readouterr().err
    )
    backup_path(path).write_text("version: 1\nconference: {name: NeurIPS 2023}\npicks: []\n", encoding="utf-8")
    assert main(["agenda", "restore", "--agenda", str(path)]) == 2
    assert f"confplan: {path}.bak:2:20: this agenda is for 'NeurIPS 2023'" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_save_after_reading_writes_only_the_changed_pick_and_the_same_text(tmp_path: Path) -> None:
    """Picks read from a file keep their lines for the next save (a fresh process saving 50,000 picks wrote every
    one again); a hand-made file's other layouts are written again, and every file reads back the same."""
    from confplan.storage import store

    path = tmp_path / "a.yaml"
    agenda = full_agenda()
    save_agenda(agenda, path)
    written = path.read_text(encoding="utf-8")
    store._BLOCKS.clear()
    again = load_agenda(path)
    assert len(store._BLOCKS) == len(again)  # every pick's lines kept from the file
    assert store.agenda_text(again) == written
    kept = "\n".join(written.splitlines()[:4]) + "\n"
    hand_made = (
        kept + "picks:\n- {id: x1, title: T, start: '2023-05-02T10:00:00+02:00', end: '2023-05-02T11:00:00+02:00'}\n"
    )
    store._BLOCKS.clear()
    odd = parse_agenda(hand_made)
    assert not store._BLOCKS and parse_agenda(store.agenda_text(odd)).get("x1") == odd.get("x1")


def test_a_yaml_1_2_reader_reads_every_id_and_fingerprint_as_text(tmp_path: Path) -> None:
    """Colleagues' tools read YAML 1.2 (ruamel.yaml, yq, Go and JavaScript libraries), where the ids 047845 and
    22e549 written bare would be the integer 47845 and infinity."""
    from ruamel.yaml import YAML

    conference = iclr()
    numeric_looking = ["047845", "22e549", "476e93"]
    assert all(i in conference for i in numeric_looking)  # real ids of the bundled programme
    agenda = Agenda.for_conference(conference)
    for event_id in numeric_looking:
        agenda.pick(conference[event_id], Priority.MUST)
    fake = Pick.of(talk("Oral 3 Track 1", 0))
    for made_up in ("0x1f", "1e3", "-12", ".5", "+.inf", ".NaN", "0o17", "12.5e-3"):
        agenda.add(replace(fake, id=made_up, fingerprint=made_up, title=made_up, note=made_up))
    path = tmp_path / "a.yaml"
    save_agenda(agenda, path, conference)
    read = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    for pick in read["picks"]:
        assert all(isinstance(value, str) for value in pick.values()), pick
    assert sorted(p["id"] for p in read["picks"]) == sorted(p.id for p in agenda.in_time_order())
    assert load_agenda(path, conference) == agenda
