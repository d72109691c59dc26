"""Parsed schedules kept on disk, so that opening an unchanged schedule again skips parsing it.

A large programme (50,000 events, 100 MB of XML) takes seconds to parse and well under one to read back from here.
An entry is found by its source (a path or URL: one entry per source, so a changed file replaces its entry rather
than piling up) and is used only when its key matches.  The key covers everything a parse depends on: the
schedule's bytes (sha256), the format, the load options, the settings file read beside it, and the code that
parses (a digest of confplan's model and parser modules), so an edited file, other options or another confplan
never get an old result.

Entries are pickles of confplan's own model classes.  They are read back by an unpickler that accepts nothing else
(no other classes, no functions: a damaged or planted file cannot run code), and any entry that cannot be read —
truncated, corrupted, written by another version — is ignored: the schedule is parsed again and the entry
rewritten.  Writes go to a temporary file renamed over the entry, without waiting for the disk (a torn entry after
a crash is only a miss); a cache directory that cannot be written is skipped silently: a cache is never worth an
error.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import confplan
from confplan.collector import collector_paused
from confplan.errors import Problem
from confplan.model import Conference
from confplan.storage import locations

#: The first bytes of every entry; the key follows on the same line.
MAGIC = b"confplan-schedule-cache 1 "
KEY_LENGTH = 64  # a sha256, hex

Loaded = tuple[Conference, list[Problem]]

# The only globals an entry may name: the model's classes and the standard types they hold.
_ALLOWED: dict[tuple[str, str], Any] = {}


def _allow(*objects: Any) -> None:
    for obj in objects:
        _ALLOWED[(obj.__module__, obj.__qualname__)] = obj


def _allowed_globals() -> dict[tuple[str, str], Any]:
    if not _ALLOWED:
        from datetime import date, datetime, time, timedelta, timezone

        from confplan import model
        from confplan.formats.common import Note

        _allow(model.Conference, model.Session, model.Presentation, model.Link, model.Kind, model.TimeSource)
        _allow(Problem, Note, date, datetime, time, timedelta, timezone, ZoneInfo)
    return _ALLOWED


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _allowed_globals().get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a schedule")
        return found


class _ModelPickler(pickle.Pickler):
    """Writes each model dataclass as a call of its constructor with its fields, and each enum member by value.

    The default pickling of frozen slotted dataclasses restores every field through a Python-level
    ``__setstate__``, which makes reading 50,000 events back twice as slow.
    """

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Enum) and (type(obj).__module__, type(obj).__qualname__) in _allowed_globals():
            return type(obj), (obj.value,)  # by value: the default names ``getattr``, which is not allowed
        if isinstance(obj, ZoneInfo) and obj.key:
            return ZoneInfo, (obj.key,)  # by name, as it is created: the default names ``getattr`` too
        names = _FIELDS.get(type(obj)) if type(obj) in _FIELDS else _init_fields(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(getattr(obj, name) for name in names)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _init_fields(cls: type) -> tuple[str, ...] | None:
    """The constructor's fields of ``cls`` when it is one of the model's dataclasses (None otherwise); memoised."""
    if not dataclasses.is_dataclass(cls) or (cls.__module__, cls.__qualname__) not in _allowed_globals():
        names = None
    else:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    _FIELDS[cls] = names
    return names


@cache
def code_digest() -> str:
    """A digest of the code a parsed schedule depends on: the model, the errors and every parser."""
    from confplan import errors, formats, model

    digest = hashlib.sha256(f"{confplan.__version__} {sys.version_info[:2]}".encode())
    package = Path(formats.__file__).parent
    for path in [
        Path(model.__file__),
        Path(errors.__file__),
        Path(__file__).with_name("conference_yaml.py"),  # its file only: a warm start reads no settings
        *sorted(package.glob("*.py")),
    ]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(content: bytes, *parts: str) -> str:
    """The key of a schedule with bytes ``content`` read as ``parts`` say (format, options, settings…)."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(hashlib.sha256(content).digest())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", errors="surrogateescape"))
    return digest.hexdigest()


class ScheduleCache:
    def __init__(self, directory: Path | None = None, write_later: bool = False) -> None:
        """``write_later``: ``put`` only notes the entry, ``write_pending`` writes it (pickling 50,000 events takes
        most of a second, which the planner spends after showing the programme rather than before)."""
        self.directory = directory if directory is not None else locations.user_cache_dir() / "schedules"
        self.write_later = write_later
        self._pending: tuple[str, str, Loaded] | None = None

    def entry_path(self, source: str) -> Path:
        name = hashlib.sha256(source.encode("utf-8", errors="surrogateescape")).hexdigest()[:32]
        return self.directory / f"{name}.pickle"

    def holds(self, source: str, key: str) -> bool:
        """Whether there is an entry for ``source`` under ``key`` (its first line only is read)."""
        try:
            with self.entry_path(source).open("rb") as handle:
                return handle.read(len(MAGIC) + KEY_LENGTH + 1) == _header(key)
        except OSError:
            return False

    def get(self, source: str, key: str) -> Loaded | None:
        """The schedule stored for ``source`` under ``key``; None when there is none, it is stale or unreadable."""
        try:
            with self.entry_path(source).open("rb") as handle:
                if handle.read(len(MAGIC) + KEY_LENGTH + 1) != _header(key):
                    return None  # another version of the file, other options, or not an entry at all
                with collector_paused():
                    loaded = _ModelUnpickler(handle).load()
        except FileNotFoundError:
            return None
        except Exception:  # any damage means: parse again (and the entry will be rewritten)
            return None
        return loaded if _looks_loaded(loaded) else None

    def put(self, source: str, key: str, loaded: Loaded) -> None:
        """Store ``loaded`` for ``source`` under ``key``, replacing what was there; never fails."""
        if self.write_later:
            self._pending = (source, key, loaded)
            return
        self._write(source, key, loaded)

    def write_pending(self) -> None:
        """Write the entry ``put`` noted (with ``write_later``), if any."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._write(*pending)

    def _write(self, source: str, key: str, loaded: Loaded) -> None:
        path = self.entry_path(source)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
                try:
                    handle.write(_header(key))
                    # Straight to the file: a copy in memory first would be another 90 MB for 50,000 events.
                    _ModelPickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(loaded)
                except BaseException:
                    handle.close()
                    os.unlink(handle.name)
                    raise
            os.replace(handle.name, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # an unwritable cache, or something in it that is not ours to store: simply no cache


def _header(key: str) -> bytes:
    return MAGIC + key.encode("ascii") + b"\n"


def _looks_loaded(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], Conference)
        and isinstance(value[1], list)
        and all(isinstance(p, Problem) for p in value[1])
    )
