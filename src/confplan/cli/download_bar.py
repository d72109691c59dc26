"""The command line's download bar: drawn on stderr when stderr is a terminal, otherwise nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confplan.storage.addresses import DownloadProgress


@contextmanager
def download_bar(label: str = "schedule") -> Iterator[DownloadProgress | None]:
    """A progress callback for ``fetch_schedule`` that draws a bar; None when nobody would see one."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # only when a bar is drawn: rich comes with Textual, and takes time to import
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn("downloading {task.description}", markup=False), BarColumn(), DownloadColumn())
    with Progress(*columns, TransferSpeedColumn(), console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(received: int, total: int | None) -> None:
            bar.update(task, completed=received, total=total)

        yield advance
