"""Writing a file so that a crash at any moment leaves the old file or the new one, never half of one.

The data goes to a hidden temporary file in the same folder, is flushed to disk, then renamed over the file (a
rename within one file system is atomic) and the folder is synced so that the rename itself survives a power cut.
Every file confplan writes goes through ``write_atomically``: agendas, calendars, export state, the download cache.

A symbolic link at the path is kept: the file it points to is replaced (atomically, in that file's own folder), as
an editor does; renaming over the link would turn it into a file and leave its target stale.  Anything else that is
not a regular file (a device such as /dev/null, a named pipe, a folder) is refused: replacing it is never what
was meant.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import stat
import time
from pathlib import Path

from confplan.errors import ConfplanError, Problem
from confplan.storage.bounded_files import not_a_file

#: A temporary file of a save this old was left by a save that was killed; the next save removes it.
STALE_TEMPORARY_SECONDS = 3600


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write_atomically(path: Path, data: bytes, keep_backup: bool = False, make_folder: bool = False) -> None:
    """Replace ``path`` with ``data``; with ``keep_backup``, the previous file stays as ``<name>.bak`` (a hard link
    to it, or a copy where links are not possible).  ``make_folder`` for confplan's own folders, not the user's:
    a folder the user named and that does not exist is more likely a mistake.

    A new file gets the permissions the user's umask gives; a replaced file keeps its own.  A failure is one
    ConfplanError that says whether the previous file is still there.
    """
    where = str(path)
    path = file_to_write(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Created as any new file is (the umask decides its permissions), never over an existing one.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        outcome = "the previous file is unchanged" if path.exists() else "nothing was written"
        raise ConfplanError(Problem(f"cannot save here: {exc.strerror or exc}; {outcome}", where)) from None
    _remove_stale_temporaries(path, keep=temp)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileNotFoundError):  # a replaced file keeps its permissions
            temp.chmod(path.stat().st_mode & 0o777)
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(temp, path)
        _sync_directory(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise ConfplanError(
            Problem(f"cannot save: {exc.strerror or exc}; the previous file is unchanged", where)
        ) from None


def delete_file(path: Path) -> bool:
    """Delete ``path`` so that the deletion survives a power cut; False if there was no file.

    A failure is one ConfplanError."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ConfplanError(Problem(f"cannot delete: {exc.strerror or exc}", str(path))) from None
    _sync_directory(path.parent)
    return True


def file_to_write(path: Path) -> Path:
    """The file a write to ``path`` replaces: ``path``, or the file its symbolic links lead to; ConfplanError when
    what is there is not a regular file."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target  # a new file (or a link to one not made yet)
    except OSError as exc:
        raise ConfplanError(
            Problem(f"cannot save here: {exc.strerror or exc}; nothing was written", str(path))
        ) from None
    if not stat.S_ISREG(mode):
        what = not_a_file(target) or "not a regular file"
        raise ConfplanError(
            Problem(f"refused: {what} is at this path, not a file; nothing was written (choose a file name)", str(path))
        )
    return target


def _remove_stale_temporaries(path: Path, keep: Path) -> None:
    """Delete what saves of ``path`` killed mid-way left behind (hidden ``.<name>.….tmp`` files over an hour old).

    The age keeps the temporary file of a save running right now in another process.
    """
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover != keep and now - leftover.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                leftover.unlink()


def _keep_backup(path: Path) -> None:
    backup = backup_path(path)
    staging = path.with_name(f".{backup.name}.{secrets.token_hex(4)}.tmp")
    try:
        try:
            os.link(path, staging)
        except OSError:
            shutil.copy2(path, staging)
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
