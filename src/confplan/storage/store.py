"""Agenda files: where they live, how they are read (checked, with line and column) and written (atomically).

The format is described in docs/agenda-format.md, with a JSON Schema beside it.  In short::

    version: 1
    conference:
      name: ICLR 2023
      schedule_sha256: 7d0c…          # the schedule file the picks were made on
    owner: Ada                        # optional
    picks:                            # in time order, one block each
      - id: 5eb4f7
        title: Many Dec-POMDPs admit…  # title, start, end and room as they were when picked
        start: '2023-05-02T10:00:00+02:00'
        end: '2023-05-02T10:10:00+02:00'
        room: Auditorium
        priority: must                # or maybe
        note: |-                      # optional; so are picked_by and fingerprint
          Ask about the Hanabi agents.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from confplan.domain.agenda import Agenda, Pick, Priority, SavedVersion, merge_changes
from confplan.errors import ConfplanError, Problem
from confplan.formats.common import check_year
from confplan.model import Conference
from confplan.storage import locations
from confplan.storage.atomic_files import backup_path, file_to_write, write_atomically
from confplan.storage.bounded_files import AGENDA, check_size_to_write, read_bounded
from confplan.storage.safe_yaml import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    describe,
    dump,
    dump_item_fast,
    fast_dump_available,
    read_tree,
)

FORMAT_VERSION = 1
SUPPORTED_VERSIONS = (1,)
#: An agenda of ten thousand picks with notes is a few megabytes; anything far bigger is not an agenda.
MAX_FILE_BYTES = AGENDA.limit
#: Keys and values in an agenda file: 50,000 picks with every field are about 1,000,000.  Tiny picks packed into
#: the byte limit (340,000 of them in 31 MB) took a minute and a gigabyte to read; this bounds the work.
MAX_VALUES = 1_200_000
#: Reporting stops after this many problems (the rest are usually the same mistake repeated).
MAX_PROBLEMS = 20
#: A save waits this long for another program's save of an agenda in the same folder (saves take milliseconds).
LOCK_WAIT_SECONDS = 10.0
HEADER = "# confplan agenda (format version 1; `confplan help agenda-format` describes it)\n"

_TOP_KEYS = ("version", "conference", "owner", "picks")
_CONFERENCE_KEYS = ("name", "schedule_sha256", "source")
_PICK_KEYS = ("id", "title", "start", "end", "room", "priority", "note", "picked_by", "fingerprint")
_REQUIRED_PICK_KEYS = ("id", "title", "start", "end")


# --- where -------------------------------------------------------------------------------------------------------


def slug(name: str) -> str:
    """A file-name-safe form of a conference name: "ICLR 2023" -> "iclr-2023"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return text or "conference"


def default_agenda_path(conference: Conference) -> Path:
    """One agenda per conference in the user's data directory, so that two conferences never mix picks."""
    return locations.user_data_dir() / "agendas" / f"{slug(conference.name)}.yaml"


# --- reading -----------------------------------------------------------------------------------------------------


def load_agenda(path: Path, conference: Conference | None = None) -> Agenda:
    """Read and check the agenda at ``path``.

    Given the ``conference`` it was made for, the file must name that conference; times are shown in its zone,
    and orphaned picks with the same content as an event under a new id are re-linked (see ``agenda.relinked``).
    """
    where = str(path)
    try:
        data = read_bounded(path, AGENDA)  # a regular file only, at most MAX_FILE_BYTES
    except FileNotFoundError:
        raise ConfplanError(Problem("no such agenda file", where)) from None
    agenda = parse_agenda(_decode(data, where), where, conference)
    _remember(agenda, path, data)
    return agenda


def open_agenda(path: Path, conference: Conference) -> Agenda:
    """The agenda at ``path``, or a new empty one for ``conference`` when there is no file yet."""
    if not path.exists():
        agenda = Agenda.for_conference(conference)
        _remember(agenda, path, None)  # a file another program creates meanwhile is merged, not overwritten
        return agenda
    return load_agenda(path, conference)


def _remember(agenda: Agenda, path: Path, data: bytes | None) -> None:
    """Note what ``path`` holds (``data``, None for no file) as the version ``agenda`` was read from or saved to."""
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    agenda.saved = SavedVersion(str(path.resolve()), digest, agenda.copy())


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ConfplanError(
            Problem(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); an agenda file is UTF-8 YAML", where, line, column)
        ) from None


def parse_agenda(text: str, where: str = "<agenda>", conference: Conference | None = None) -> Agenda:
    """An Agenda from the text of an agenda file; every problem says where it is and what was expected."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ConfplanError(Problem("a NUL character: this is not a text file, let alone an agenda", where, line))
    root = read_tree(text, where, MAX_VALUES)
    if root is None:
        raise ConfplanError(
            Problem(
                "the file is empty; an agenda file starts with `version: 1` (see `confplan help agenda-format`)", where
            )
        )
    agenda = _AgendaReader(where).read(root, conference)
    _remember_blocks(text, root, agenda)
    if conference is not None:
        zone = conference.zone
        for pick in list(agenda):
            agenda.add(replace(pick, start=pick.start.astimezone(zone), end=pick.end.astimezone(zone)))
        agenda.relink(conference)
    return agenda


class _AgendaReader:
    """Walks the YAML tree of an agenda file, collecting every problem before giving up."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(message, self.where, node.line, node.column))

    def stop(self) -> ConfplanError:
        shown = self.problems[:MAX_PROBLEMS]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(Problem(f"… and {len(self.problems) - MAX_PROBLEMS} more problems", self.where))
        return ConfplanError(*shown)

    def read(self, root: Node, conference: Conference | None) -> Agenda:
        if not isinstance(root, Mapping):
            self.problem(root, f"expected a mapping with version, conference and picks; found {describe(root)}")
            raise self.stop()
        fields = self.fields(root, _TOP_KEYS, "the agenda")
        self.check_version(root, fields.get("version"))
        if self.problems:  # another version may mean something else by every other key: say only this
            raise self.stop()

        name, schedule_hash, source = "", "", ""
        conference_node = fields.get("conference")
        if conference_node is None:
            self.problem(root, "missing `conference:` (a mapping with the conference's name)")
        elif not isinstance(conference_node, Mapping):
            self.problem(
                conference_node, f"`conference` should be a mapping with `name:`; found {describe(conference_node)}"
            )
        else:
            about = self.fields(conference_node, _CONFERENCE_KEYS, "conference")
            name_node = about.get("name")
            if name_node is None:
                self.problem(conference_node, "missing `name:` of the conference")
            else:
                name = self.text(name_node, "conference name", required=True)
                if conference is not None and name and name != conference.name:
                    self.problem(
                        name_node,
                        f"this agenda is for {name!r}, but the schedule loaded is {conference.name!r}; "
                        "choose its schedule with --schedule or another agenda with --agenda",
                    )
            hash_node = about.get("schedule_sha256")
            schedule_hash = self.text(hash_node, "schedule_sha256") if hash_node is not None else ""
            if schedule_hash and not re.fullmatch(r"[0-9a-f]{64}", schedule_hash) and hash_node is not None:
                self.problem(hash_node, "`schedule_sha256` should be 64 lowercase hexadecimal digits")
            source_node = about.get("source")
            source = self.text(source_node, "programme source") if source_node is not None else ""
        owner_node = fields.get("owner")
        owner = self.text(owner_node, "owner") if owner_node is not None else ""

        agenda = Agenda(name, schedule_hash, owner)
        agenda.schedule_source = source
        picks_node = fields.get("picks")
        if picks_node is None:
            self.problem(root, "missing `picks:` (a list, `[]` when empty)")
        elif not isinstance(picks_node, Sequence):
            self.problem(picks_node, f"`picks` should be a list of picks; found {describe(picks_node)}")
        else:
            first_seen: dict[str, int] = {}
            for item in picks_node.items:
                pick = self.pick(item)
                if pick is None:
                    continue
                if pick.id in first_seen:
                    self.problem(item, f"pick {pick.id} appears twice (first on line {first_seen[pick.id]})")
                    continue
                first_seen[pick.id] = item.line
                agenda.add(pick)
        if self.problems:
            raise self.stop()
        return agenda

    def fields(self, mapping: Mapping, allowed: tuple[str, ...], what: str) -> dict[str, Node]:
        found: dict[str, Node] = {}
        lines: dict[str, int] = {}
        for key_node, value in mapping.items:
            if not isinstance(key_node, Scalar):
                self.problem(key_node, f"a key of {what} should be a plain word; found {describe(key_node)}")
                continue
            key = key_node.value
            if key not in allowed:
                self.problem(key_node, f"unknown key {key!r} in {what}; expected {', '.join(allowed)}")
            elif key in found:
                self.problem(key_node, f"{key!r} is given twice in {what} (first on line {lines[key]})")
            else:
                found[key], lines[key] = value, key_node.line
        return found

    def check_version(self, root: Mapping, node: Node | None) -> None:
        understood = ", ".join(map(str, SUPPORTED_VERSIONS))
        if node is None:
            self.problem(root, f"missing `version:`; this confplan reads agenda format version {understood}")
        elif not (isinstance(node, Scalar) and node.plain and node.value.isdigit()):
            self.problem(node, f"`version` should be a whole number ({understood}); found {describe(node)}")
        elif int(node.value) not in SUPPORTED_VERSIONS:
            self.problem(
                node,
                f"agenda format version {node.value} is not understood; this confplan reads version {understood} "
                "(a newer confplan may have written it)",
            )

    def text(self, node: Node, what: str, required: bool = False) -> str:
        """A scalar as text: plain numbers and words are taken as written (an id 2023 is "2023")."""
        if not isinstance(node, Scalar):
            self.problem(node, f"`{what}` should be text; found {describe(node)}")
            return ""
        if node.is_null:
            if required:
                self.problem(node, f"`{what}` should be text; found nothing (null)")
            return ""
        return node.value

    def time(self, node: Node, what: str) -> datetime | None:
        raw = self.text(node, what, required=True)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            self.problem(node, f"`{what}` should be a date and time like 2023-05-02T10:00:00+02:00; found {raw!r}")
            return None
        if value.tzinfo is None:
            self.problem(node, f"`{what}` {raw!r} has no UTC offset; write it like 2023-05-02T10:00:00+02:00")
            return None
        try:
            return check_year(value, raw)  # far from datetime's limits: converting to another zone cannot overflow
        except ValueError as exc:
            self.problem(node, f"`{what}`: {exc}")
            return None

    def pick(self, node: Node) -> Pick | None:
        if not isinstance(node, Mapping):
            self.problem(node, f"a pick should be a mapping with id, title, start, end…; found {describe(node)}")
            return None
        before = len(self.problems)
        fields = self.fields(node, _PICK_KEYS, "a pick")
        for key in _REQUIRED_PICK_KEYS:
            if key not in fields:
                self.problem(node, f"this pick has no `{key}:`")
        if len(self.problems) > before:
            return None
        event_id = self.text(fields["id"], "id", required=True)
        title = self.text(fields["title"], "title", required=True)
        start = self.time(fields["start"], "start")
        end = self.time(fields["end"], "end")
        if start is not None and end is not None and end < start:
            self.problem(fields["end"], f"this pick ends ({end.isoformat()}) before it starts ({start.isoformat()})")
        room = self.text(fields["room"], "room") if "room" in fields else ""
        priority = Priority.MUST
        if "priority" in fields:
            word = self.text(fields["priority"], "priority", required=True)
            if word in Priority.__members__.values():
                priority = Priority(word)
            elif word:
                self.problem(fields["priority"], f"`priority` should be must or maybe; found {word!r}")
        optional: dict[str, str] = {
            key: self.text(fields[key], key) for key in ("note", "picked_by", "fingerprint") if key in fields
        }
        if len(self.problems) > before or start is None or end is None:
            return None
        return Pick(event_id, title, start, end, room or None, priority, **optional)


# --- writing -----------------------------------------------------------------------------------------------------


def agenda_text(agenda: Agenda) -> str:
    """The agenda file's text: stable key order, picks in time order, one block each, long text in blocks.

    Each pick's block is written (and checked to read back the same) once and remembered: the planner saves after
    every change, and most picks are the same as at the last save.  A pick's block does not depend on its
    neighbours, so the file is the same as one dump of the whole document (tests/fuzz/test_fuzz_agenda.py checks it).
    """
    picks = agenda.in_time_order()
    head = _head_text(agenda.conference_name, agenda.schedule_hash, agenda.owner, agenda.schedule_source)
    if not picks:
        return head + "picks: []\n"
    keys = [tuple(_pick_document(p).items()) for p in picks]
    missing = [key for key in dict.fromkeys(keys) if key not in _BLOCKS]
    if len(_BLOCKS) + len(missing) > _MAX_BLOCKS:
        _BLOCKS.clear()  # (a long planner session with many agendas: start again rather than grow)
        missing = list(dict.fromkeys(keys))
    _BLOCKS.update(_checked_blocks(missing))
    return head + "picks:\n" + "".join("\n" + _BLOCKS[key] for key in keys)


@functools.lru_cache(maxsize=64)
def _head_text(conference_name: str, schedule_hash: str, owner: str, source: str = "") -> str:
    """The lines before the picks, checked to read back as written."""
    document: dict[str, Any] = {"version": FORMAT_VERSION, "conference": {"name": conference_name}}
    if schedule_hash:
        document["conference"]["schedule_sha256"] = schedule_hash
    if source:
        document["conference"]["source"] = source
    if owner:
        document["owner"] = owner
    text = HEADER + dump(document)
    read = parse_agenda(text + "picks: []\n")
    wanted = (conference_name, schedule_hash, owner, source)
    if (read.conference_name, read.schedule_hash, read.owner, read.schedule_source) != wanted:
        raise ConfplanError(Problem("internal error: the agenda would not read back as written; not saved", "<agenda>"))
    return text


_PickFields = tuple[tuple[str, Any], ...]
#: Each pick's lines in the file, by its fields, as written and checked (see ``agenda_text``).
_BLOCKS: dict[_PickFields, str] = {}
_MAX_BLOCKS = 200_000
_KEEP_TRAILING_LINES = re.compile(r"[|>][1-9]?\+[ \t]*$", re.MULTILINE)


def _remember_blocks(text: str, root: Node, agenda: Agenda) -> None:
    """Keep each pick's lines as read, for the next save (see ``agenda_text``): in a fresh process, the pick after a
    colleague's 50,000 then writes one new block instead of 50,000.

    Only lines that hold one pick and nothing else are kept: ``picks:`` must be the file's last key, and every
    line of an item indented under it (as confplan writes them).  Those lines were just read as that pick, so
    they read back as it.  Anything else is simply written again.
    """
    last_key, picks = root.items[-1] if isinstance(root, Mapping) and root.items else (None, None)
    if not (isinstance(last_key, Scalar) and last_key.value == "picks" and isinstance(picks, Sequence)):
        return
    if len(picks.items) > _MAX_BLOCKS // 2:
        return
    lines = text.splitlines(keepends=True)
    starts = [item.line - 1 for item in picks.items] + [len(lines)]
    for item, start, end in zip(picks.items, starts, starts[1:], strict=False):
        block = lines[start:end]
        if block and not block[-1].strip():
            block.pop()  # the blank line between two picks
        id_node = next((v for k, v in getattr(item, "items", []) if isinstance(k, Scalar) and k.value == "id"), None)
        pick = agenda.get(id_node.value) if isinstance(id_node, Scalar) else None
        if (
            pick is None
            or not block
            or not block[0].startswith("  - ")
            or not block[-1].endswith("\n")
            or not all(line.startswith("  ") or not line.strip() for line in block)
            or _KEEP_TRAILING_LINES.search("".join(block))  # (there, a blank last line would be text)
        ):
            continue
        _BLOCKS[tuple(_pick_document(pick).items())] = "".join(block)


def _checked_blocks(picks: list[_PickFields]) -> dict[_PickFields, str]:
    """The lines of each pick in the file (``- id: …`` indented under ``picks:``), read back all at once and checked
    to give the same pick."""
    if not picks:
        return {}
    blocks = [_pick_lines(fields) for fields in picks]
    text = "picks:\n" + "".join(blocks)
    root = read_tree(text, "<agenda>")
    reader = _AgendaReader("<agenda>")
    assert isinstance(root, Mapping) and isinstance(root.items[0][1], Sequence)
    items = root.items[0][1].items
    for fields, item in zip(picks, items, strict=False):
        pick = reader.pick(item)
        if pick is None or _pick_document(pick) != dict(fields):
            raise ConfplanError(Problem("internal error: a pick would not read back as written; not saved", "<agenda>"))
    if len(items) != len(picks):
        raise ConfplanError(Problem("internal error: the picks would not read back as written; not saved", "<agenda>"))
    return dict(zip(picks, blocks, strict=True))


def _pick_lines(fields: _PickFields) -> str:
    """One pick as YAML lines under ``picks:``.  libyaml writes them about eight times faster than PyYAML, the same
    way for printable text of the Basic Multilingual Plane (it escapes emoji, and folds quoted text differently):
    other text is written by PyYAML."""
    document = dict(fields)
    if fast_dump_available() and all(
        not isinstance(value, str) or (value.isprintable() and max(map(ord, value), default=0) < 0x10000)
        for value in document.values()
    ):
        return dump_item_fast(document)
    return dump({"picks": [document]}).split("\n", 1)[1]  # without the line `picks:`


def _text_bytes(pick: Pick) -> int:
    """The bytes of a pick's text values: the least its lines in the file can take."""
    return sum(len(text.encode("utf-8", "replace")) for text in (pick.id, pick.title, pick.note, pick.picked_by))


def _pick_document(pick: Pick) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": pick.id,
        "title": pick.title,
        "start": pick.start.isoformat(),
        "end": pick.end.isoformat(),
        "room": pick.room,
        "priority": pick.priority.value,
    }
    for key, value in (("note", pick.note), ("picked_by", pick.picked_by), ("fingerprint", pick.fingerprint)):
        if value:
            fields[key] = value
    return fields


def programme_source(conference: Conference) -> str:
    """Where ``conference`` was read from, as an agenda remembers it: a URL, an absolute path, or "" for the
    bundled programme (found again wherever confplan is installed)."""
    source = conference.source_path
    if not source or urlsplit(source).scheme.lower() in ("http", "https"):
        return source
    path = Path(source).resolve()
    return "" if path == locations.bundled_schedule().resolve() else str(path)


def save_agenda(agenda: Agenda, path: Path, conference: Conference | None = None) -> bool:
    """Write ``agenda`` to ``path`` atomically, keeping the previous file as ``<name>.bak``.

    Given its ``conference``, the file records the current schedule's hash.  Nothing is written (and False is
    returned) when the file already holds exactly this text, so saving an unchanged agenda changes no byte.

    When the file changed since ``agenda`` was read from it (another window saved picks meanwhile), those changes
    are merged into ``agenda`` first and listed in ``agenda.merged_on_save``; changes that contradict this
    agenda's (two different notes for one pick) are refused with ConfplanError, and nothing is written.  Saves of
    one folder's agendas take turns (a lock on the folder), so two programs never interleave a read and a write.
    """
    where = str(path)
    path = file_to_write(path)  # a symbolic link's file (kept a link); a device or folder refused
    if conference is not None:
        if agenda.conference_name != conference.name:
            raise ConfplanError(
                Problem(
                    f"this agenda is for {agenda.conference_name!r}, not {conference.name!r}; it was not saved", where
                )
            )
        agenda.schedule_hash = conference.content_hash
        agenda.schedule_source = programme_source(conference)
    _refuse_unwritable_text(agenda, where)
    agenda.merged_on_save = []
    with folder_lock(path):
        current = _read_if_there(path)
        if current is not None and (read := _read_version_if_changed(agenda, path, current)) is not None:
            _merge_changes_from_file(agenda, read.agenda, current, where, conference)
        # The picks' text alone past the limit: refused before it is written out (36 MB of notes took a minute).
        check_size_to_write(sum(map(_text_bytes, agenda)), AGENDA, where)
        text = agenda_text(agenda)  # each part checked to read back as written
        data = text.encode("utf-8")
        check_size_to_write(data, AGENDA, where)
        if current == data:
            _remember(agenda, path, data)
            return False
        write_atomically(path, data, keep_backup=True, make_folder=True)
        _remember(agenda, path, data)
        return True


def _read_version_if_changed(agenda: Agenda, path: Path, current: bytes) -> SavedVersion | None:
    """The version of ``path`` that ``agenda`` was read from, if the file holds something else now."""
    saved = agenda.saved
    if saved is None or saved.path != str(path.resolve()):
        return None  # not read from this file: saving to it replaces it (the old file stays as the backup)
    return saved if hashlib.sha256(current).hexdigest() != saved.sha256 else None


def _read_if_there(path: Path) -> bytes | None:
    try:
        return read_bounded(path, AGENDA)
    except FileNotFoundError:
        return None
    except ConfplanError as exc:
        raise ConfplanError(
            Problem(f"cannot save: {exc.problems[0].message}; nothing was written", str(path))
        ) from None


def _merge_changes_from_file(
    agenda: Agenda, base: Agenda, current: bytes, where: str, conference: Conference | None
) -> None:
    """Take into ``agenda`` what another program saved to its file since ``base`` was read; refuse if impossible."""
    unsaved = "not saved: another program (another confplan window?) saved this agenda since it was read here"
    keep = "your changes are still open here; save them to another file, or close and reopen the agenda"
    try:
        theirs = parse_agenda(_decode(current, where), where, conference)
    except ConfplanError as exc:
        raise ConfplanError(
            Problem(f"{unsaved}, and it is not a valid agenda now ({exc.problems[0].message}); {keep}", where)
        ) from None
    try:
        taken = merge_changes(base, agenda, theirs)
    except ConfplanError as exc:
        raise ConfplanError(Problem(f"{unsaved}, and {exc.problems[0].message}; {keep}", where)) from None
    if taken:
        agenda.merged_on_save = [f"kept what another program saved here meanwhile: {', '.join(taken)}"]


def _refuse_unwritable_text(agenda: Agenda, where: str) -> None:
    """Refuse text that UTF-8 cannot store (half a surrogate pair), before anything is written."""
    texts = [agenda.conference_name, agenda.owner]
    for pick in agenda:
        texts += [pick.id, pick.title, pick.room or "", pick.note, pick.picked_by, pick.fingerprint]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ConfplanError(
                Problem(
                    f"cannot save: the text {text[:40]!r} holds U+{ord(text[exc.start]):04X}, half of a character, "
                    "which a UTF-8 file cannot store; nothing was written",
                    where,
                )
            ) from None


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder of ``path`` while reading, merging and writing it.

    The folder, not the file: a save replaces the file (a new inode), and a separate lock file would be left
    behind.  Without fcntl (Windows) there is no lock; the check for changes made meanwhile still works, with a
    window of a few milliseconds.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError as exc:
        raise ConfplanError(
            Problem(f"cannot save here: {exc.strerror or exc}; nothing was written", str(path))
        ) from None
    try:
        _wait_for_lock(fd, path)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _wait_for_lock(fd: int, path: Path) -> None:
    if fcntl is None:
        return
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise ConfplanError(
                    Problem(
                        f"not saved: another program has been saving in {path.parent} for over "
                        f"{LOCK_WAIT_SECONDS:.0f} s; try again",
                        str(path),
                    )
                ) from None
            time.sleep(0.02)
        except OSError:  # a file system without locks (some network shares): go on without one
            return


def restore_backup(path: Path, conference: Conference | None = None) -> Agenda:
    """Put the backup ``<name>.bak`` back in place of ``path``; the file it replaces becomes the backup.

    So restoring twice gives back what was there before.  A backup that is not a valid agenda (for
    ``conference``, when given) is refused and nothing changes.
    """
    path = file_to_write(path)  # saves keep the backup beside the file a link points to
    backup = backup_path(path)
    if not backup.is_file():
        raise ConfplanError(
            Problem(
                f"there is no backup {backup.name} to restore; each save that changes the agenda makes one", str(path)
            )
        )
    with folder_lock(path):
        restored = load_agenda(backup, conference)
        data = read_bounded(backup, AGENDA)
        write_atomically(path, data, keep_backup=True, make_folder=True)
    _remember(restored, path, data)
    return restored
