"""Reading the files people hand confplan: regular files only, never more than a limit, never blocking.

A path can name something that is not a file: ``/dev/zero`` (endless), ``/dev/random``, a named pipe nobody
writes to (a read waits forever), a socket, a folder.  The size a file system reports is 0 for all of them, so a
check of ``st_size`` alone lets them through.  ``read_bounded`` opens without blocking, asks the open descriptor
(``fstat``, so the answer is about what was opened, not about what the path named a moment earlier) whether it is
a regular file, and reads at most the limit plus one byte: a file that grows meanwhile is still refused.

The limits of every kind of file are here, in one table (docs/security.md lists them); writes keep to them too, so
that confplan never writes a file it would refuse to read back.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from confplan.errors import ConfplanError, Problem

_MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A kind of file confplan reads: what to call it in messages, and the most bytes it may hold."""

    name: str  # "an agenda file"
    limit: int  # bytes
    why: str  # what the limit leaves room for, said when a file is refused


#: A 50,000-event programme is about 100 MB in any format; the largest real ones are a few MB.
SCHEDULE = FileKind("a schedule", 256 * _MB, "a programme of 50,000 events is about 100 MB")
#: A download is capped lower: no published schedule comes near it, and it arrives over a network.
DOWNLOAD = FileKind("a downloaded schedule", 64 * _MB, "no published schedule comes near it")
CONFERENCE_SETTINGS = FileKind(
    "conference settings (conference.yaml)", 4 * _MB, "tens of thousands of overrides fit in it"
)
#: An agenda of 50,000 picks with notes is about 15 MB.
AGENDA = FileKind("an agenda file", 32 * _MB, "50,000 picks with notes are about 15 MB")
#: A person's reading list is a few hundred papers: kilobytes.  YAML is slower to read than text, so it gets less.
READING_LIST_TEXT = FileKind("a reading list", 16 * _MB, "ten thousand papers with abstracts are about 15 MB")
READING_LIST_YAML = FileKind("a YAML reading list", 4 * _MB, "a thousand papers with abstracts are about 2 MB")
#: ICLR 2023's 1,573 papers with abstracts are 4 MB.  Reading and matching 32 MB (13,000 papers) takes ~6 s and
#: ~270 MB; the limit keeps a list someone hands over within what docs/security.md promises.
PAPER_LIST = FileKind("a paper list", 32 * _MB, "13,000 papers with abstracts; ICLR 2023's 1,573 are 4 MB")
EXPORT_STATE = FileKind("an export state", 64 * _MB, "a programme of 50,000 events needs about 10 MB")
SYNC_STATE = FileKind("a sync state", 64 * _MB, "50,000 synced events need about 10 MB")
SYNC_SETTINGS = FileKind("the sync settings", 4 * _MB, "a few hundred bytes per agenda")

KINDS = (
    SCHEDULE,
    DOWNLOAD,
    CONFERENCE_SETTINGS,
    AGENDA,
    READING_LIST_TEXT,
    READING_LIST_YAML,
    PAPER_LIST,
    EXPORT_STATE,
    SYNC_STATE,
    SYNC_SETTINGS,
)


def read_bounded(path: Path, kind: FileKind) -> bytes:
    """The bytes of the regular file at ``path``; one ConfplanError for anything else or anything bigger.

    FileNotFoundError is left to the caller, who knows what a missing file means (often: nothing yet).
    """
    where = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a FIFO opened for writing): there is nothing to open
            raise ConfplanError(Problem(f"{_what_is_at(path)}, not a file; expected {kind.name}", where)) from None
        raise ConfplanError(Problem(f"cannot read {kind.name}: {exc.strerror or exc}", where)) from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise ConfplanError(Problem(f"{_describe_mode(status.st_mode)}, not a file; expected {kind.name}", where))
        if status.st_size > kind.limit:
            raise _too_big(kind, where, status.st_size)
        chunks: list[bytes] = []
        received = 0
        while received <= kind.limit and (chunk := os.read(fd, min(kind.limit + 1 - received, 4 * _MB))):
            chunks.append(chunk)
            received += len(chunk)
        if received > kind.limit:
            raise _too_big(kind, where)
        return b"".join(chunks)
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot read {kind.name}: {exc.strerror or exc}", where)) from None
    finally:
        os.close(fd)


def check_size_to_write(data: bytes | int, kind: FileKind, where: str) -> None:
    """Refuse to write what ``read_bounded`` would refuse to read back: ``data``, or (an int) at least that many
    bytes, known before the text is made."""
    size = data if isinstance(data, int) else len(data)
    if size > kind.limit:
        least = "at least " if isinstance(data, int) else ""
        raise ConfplanError(
            Problem(
                f"not saved: it would be {least}{_megabytes(size)}, more than {kind.name} may hold "
                f"({_megabytes(kind.limit)}; {kind.why}), so it could not be read back; nothing was written",
                where,
            )
        )


def _too_big(kind: FileKind, where: str, size: int | None = None) -> ConfplanError:
    said = f"{_megabytes(size)} is" if size is not None else "it is"
    return ConfplanError(
        Problem(f"{said} far too big for {kind.name} (at most {_megabytes(kind.limit)}: {kind.why})", where)
    )


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.1f} MB" if size >= _MB else f"{size:,} bytes"


def not_a_file(path: Path) -> str | None:
    """What is at ``path`` when it exists and is not a regular file (following links): "a directory"…; else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _describe_mode(mode)


def _what_is_at(path: Path) -> str:
    try:
        return _describe_mode(path.stat().st_mode)
    except OSError:
        return "something that cannot be opened"


def _describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
